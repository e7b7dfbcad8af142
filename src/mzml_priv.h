/*
 * mzml_priv.h -- private pieces of the mzML reader shared by its modules:
 * streaming base64 (base64.c), MS-Numpress (numpress.c), binary array
 * decoding (mzml_binary.c) and index verification (mzml_index.c).
 * Not installed; only mzml*.c and the unit tests include it.
 */
#ifndef MZG_MZML_PRIV_H
#define MZG_MZML_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

#include "mzgeno/spectrum.h"

/* ---- base64 (base64.c) ---- */

/* Streaming base64 decoder state: text may arrive in pieces split
 * anywhere; whitespace is skipped, '=' padding accepted at the end. */
typedef struct mzg_b64 {
	uint32_t acc;   /* pending sextets, most recent in the low bits */
	int nacc;       /* number of pending sextets (0..3) */
	int npad;       /* '=' seen so far (then only '=' / space may follow) */
	int bad;        /* an invalid character was seen */
	unsigned char badc; /* the first invalid character */
} mzg_b64;

extern int mzg__b64_simd; /* 0: byte-wise code only (tests) */
void mzg__b64_init(mzg_b64 *st);
/* Decode @p n characters of @p in, appending to @p out (room for at least
 * mzg__b64_room(n) bytes). Returns the number of bytes written; on an
 * invalid character st->bad is set and decoding stops. */
size_t mzg__b64_decode(mzg_b64 *st, const char *in, size_t n, uint8_t *out);
/* Length of the run of "plain" characters at the start of @p s (n
 * bytes): base64 characters, '=', space and tab. */
size_t mzg__b64_plain_run(const char *s, size_t n);
/* Room needed to decode @p n more characters. */
static inline size_t mzg__b64_room(size_t n) { return n / 4 * 3 + 3; }
/* End of text: flush an unpadded final quantum. Returns the number of
 * bytes written to @p out (at most 2), or -1 when the text was invalid
 * (st->bad, a lone sextet, padding in the wrong place). */
int mzg__b64_finish(mzg_b64 *st, uint8_t *out);

/* ---- MS-Numpress (numpress.c) ---- */

/* Each decoder appends the values of @p in (@p len bytes) to *out (grown
 * with mzg__grow, capacity *cap doubles), at most @p max values.
 * Returns 0 with *n set, MZG_EDATA (corrupt: message set), MZG_ELIMIT
 * (more than max values) or MZG_ENOMEM. */
int mzg__np_linear(double **out, size_t *cap, size_t *n, const uint8_t *in,
                   size_t len, size_t max);
int mzg__np_pic(double **out, size_t *cap, size_t *n, const uint8_t *in,
                size_t len, size_t max);
int mzg__np_slof(double **out, size_t *cap, size_t *n, const uint8_t *in,
                 size_t len, size_t max);

/* ---- binary arrays (mzml_binary.c) ---- */

/* Reusable scratch of one reader: an inflate stream and a byte buffer. */
typedef struct mzg_scratch {
	z_stream zs;
	int zs_ready;
	void *ld;      /* libdeflate decompressor, when built with it */
	uint8_t *buf;
	size_t cap;
} mzg_scratch;

void mzg__scratch_free(mzg_scratch *sc);

/* Tests set this to 1 to exercise zlib's inflate even when the library
 * was built with libdeflate. Not for production use. */
extern int mzg__zlib_only;

/* Decode the raw (base64-decoded) bytes of one array into doubles:
 * inflate if MZG_COMP_ZLIB, then numpress if any numpress flag, else
 * little-endian values of @p dtype. *arr (capacity *cap doubles) is grown
 * as needed; @p hint is the expected number of values (for the first
 * allocation), @p max the hard limit. Returns 0 with *n set, or MZG_EDATA
 * / MZG_ELIMIT / MZG_ENOMEM with a message (no file context). */
int mzg__decode_raw(double **arr, size_t *cap, size_t *n, const uint8_t *raw,
                    size_t len, mzg_dtype dtype, unsigned comp, size_t hint,
                    size_t max, mzg_scratch *sc);

/* Name of a data type / compression set, for messages and inspect. */
const char *mzg__dtype_name(mzg_dtype t);

/* ---- index verification (mzml_index.c) ---- */

/* Offsets of <spectrum, <chromatogram and <indexList start tags seen in
 * the raw byte stream, matched against the file's indexList. */
typedef struct mzg_idx mzg_idx;

int mzg__idx_new(mzg_idx **out);
void mzg__idx_free(mzg_idx *ix);
/* Scan the next @p n raw bytes of the file (in order, any split). */
int mzg__idx_scan(mzg_idx *ix, const uint8_t *buf, size_t n);
/* The parser started a <spectrum> (kind 0) or <chromatogram> (kind 1)
 * element with this id: pair it with the next recorded tag offset. */
int mzg__idx_element(mzg_idx *ix, int kind, const char *id, size_t idlen);
/* The parser saw <indexList> / an <index name=..> / an <offset>. */
void mzg__idx_list_start(mzg_idx *ix);
void mzg__idx_index_start(mzg_idx *ix, const char *name, size_t len);
int mzg__idx_offset(mzg_idx *ix, const char *idref, size_t idlen,
                    const char *text, size_t tlen);
void mzg__idx_list_offset(mzg_idx *ix, const char *text, size_t tlen);
/* End of the stream: decide. Returns 1 (index present, every offset
 * verified, every spectrum listed) or 0; *note says why (static or owned
 * by @p ix). */
int mzg__idx_finish(mzg_idx *ix, const char **note);

#endif
