/*
 * mzml_write.h -- a small indexedmzML writer and its codecs (private).
 *
 * Used by the simulator to write chip runs. It shares nothing with the
 * reader (src/mzml*.c, base64.c, numpress.c): its own base64 encoder,
 * MS-Numpress encoders and SHA-1, so a bug in the reader's codecs cannot
 * hide behind a matching bug in the writer.
 */
#ifndef MZG_MZML_WRITE_H
#define MZG_MZML_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "mzgeno/spectrum.h"

/* ---- codecs (mzml_write_codec.c) ---- */

/* Base64 (RFC 4648, with padding) of @p n bytes: 4 * ceil(n / 3) chars. */
size_t mzg__b64_len(size_t n);
/* Encode into @p out, which holds mzg__b64_len(n) + 1 bytes (NUL added). */
void mzg__b64_encode(char *out, const unsigned char *in, size_t n);

/* SHA-1 (FIPS 180-4). */
typedef struct mzg_sha1 {
	uint32_t h[5];
	uint64_t len;          /* bytes hashed */
	unsigned char buf[64];
	size_t fill;
} mzg_sha1;

void mzg__sha1_init(mzg_sha1 *c);
void mzg__sha1_update(mzg_sha1 *c, const void *data, size_t n);
/* Finish and write the 40-character lowercase hex digest + NUL. */
void mzg__sha1_hex(mzg_sha1 *c, char out[41]);

/* MS-Numpress truncated integer: the half-bytes (count first, then the
 * kept half-bytes, least significant first) of @p x into @p nib.
 * @return the number of half-bytes, 1..9. */
int mzg__np_int_nibbles(int32_t x, unsigned char nib[9]);

/* Worst-case encoded sizes. */
size_t mzg__np_linear_max(size_t n);   /* 16 + 5 n */
size_t mzg__np_slof_max(size_t n);     /* 8 + 2 n */

/* MS-Numpress linear prediction of @p v (n values) into @p out (at least
 * mzg__np_linear_max(n) bytes), with the largest fixed point that keeps
 * every value and residual within 32 bits. *out_len gets the length.
 * @return 0, or MZG_EDATA for non-finite values. */
int mzg__np_linear_encode(unsigned char *out, size_t *out_len,
                          const double *v, size_t n);

/* MS-Numpress short logged float of @p v (negative values stored as 0),
 * fixed point floor(65535 / max(1, max log(v + 1))).
 * @return 0, or MZG_EDATA for non-finite values. */
int mzg__np_slof_encode(unsigned char *out, size_t *out_len,
                        const double *v, size_t n);

/* ---- the writer (mzml_write.c) ---- */

typedef enum mzg_mzw_enc {
	MZG_MZW_NONE = 0,      /* m/z 64-bit, intensity 32-bit float */
	MZG_MZW_ZLIB = 1,      /* the same, zlib-compressed */
	MZG_MZW_NUMPRESS = 2,  /* m/z numpress linear, intensity numpress slof */
} mzg_mzw_enc;

typedef struct mzg_mzw_opts {
	mzg_mzw_enc enc;
	int centroid;          /* file content: centroid (1) or profile (0) */
	const char *run_id;    /* run@id and mzML@id (an XML NCName) */
	const char *note;      /* userParam on the data processing, or NULL */
	double window_lo, window_hi; /* scan window; 0, 0 = not written */
} mzg_mzw_opts;

typedef struct mzg_mzw mzg_mzw;

/*
 * Start writing @p path (atomically: nothing appears until finish) that
 * will hold exactly @p n_spectra spectra.
 * @return 0; MZG_EEXIST (exists and !force); MZG_EIO; MZG_ENOMEM.
 */
int mzg__mzw_open(mzg_mzw **out, const char *path, int force,
                  size_t n_spectra, const mzg_mzw_opts *o);

/* Append one spectrum: s->id, s->spot_id (may be NULL), s->repr, arrays.
 * The index attribute is the running count. 0, MZG_EIO, MZG_ENOMEM,
 * MZG_EINVAL (more spectra than announced). */
int mzg__mzw_add(mzg_mzw *w, const mzg_spectrum *s);

/* Write the index, offsets and checksum, commit the file and free @p w
 * (also on failure). MZG_EINVAL when fewer spectra than announced. */
int mzg__mzw_finish(mzg_mzw *w);

/* Drop the file and free @p w. NULL is a no-op. */
void mzg__mzw_abort(mzg_mzw *w);

#endif
