/*
 * mzgeno/mzml.h -- streaming mzML reader (open / next-into-record / close).
 *
 * Reads mzML 1.1, plain or wrapped in <indexedmzML>, optionally gzip
 * compressed, one spectrum at a time without holding the file in memory.
 * Usage:
 *
 *     mzg_mzml *r; mzg_spectrum s; mzg_spectrum_init(&s);
 *     if (mzg_mzml_open(&r, path, NULL) < 0) { ... mzg_errmsg() ... }
 *     while ((rc = mzg_mzml_next(r, &s)) == 0 || rc == MZG_EDATA) { ... }
 *     mzg_mzml_close(r); mzg_spectrum_free(&s);
 */
#ifndef MZGENO_MZML_H
#define MZGENO_MZML_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"
#include "spectrum.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mzg_mzml mzg_mzml;

/** Reader options. Initialise with mzg_mzml_opts_init(). */
typedef struct mzg_mzml_opts {
	size_t max_points;  /* refuse arrays longer than this (default 1<<26);
	                       an array may also not decode to more than
	                       2 x its declared length + 4096 values */
	int skip_arrays;    /* 1: metadata only, arrays not decoded (n = 0) */
} mzg_mzml_opts;

/** Fill @p o with the defaults. */
MZG_API void mzg_mzml_opts_init(mzg_mzml_opts *o);

/**
 * Open an mzML file (".gz" or not, detected from the content).
 * @param out   OUT: the reader; close with mzg_mzml_close().
 * @param opts  NULL for the defaults.
 * @return 0, MZG_EIO (cannot open), MZG_EFORMAT (not mzML),
 *         MZG_EUNSUPPORTED (pre-1.0 mzML, imzML, mzMLb), MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_mzml_open(mzg_mzml **out, const char *path,
                                          const mzg_mzml_opts *opts);

/**
 * Open mzML held in memory (used by the fuzzers). The buffer is borrowed
 * and must outlive the reader. @p name is used in messages.
 */
MZG_API MZG_WARN_UNUSED int mzg_mzml_open_mem(mzg_mzml **out, const void *buf,
                                              size_t len, const char *name,
                                              const mzg_mzml_opts *opts);

/**
 * Read the next spectrum into @p s (reusing its buffers).
 * @return 0: a spectrum was read.
 *         MZG_DONE: no more spectra.
 *         MZG_EDATA: this spectrum is bad (undecodable array, ...); its
 *           index/id/well are filled, n = 0, mzg_errmsg() says why; the
 *           caller may call mzg_mzml_next() again.
 *         other negative: the file cannot be read further (not
 *           well-formed, truncated, I/O error); mzg_errmsg() says why.
 */
MZG_API MZG_WARN_UNUSED int mzg_mzml_next(mzg_mzml *r, mzg_spectrum *s);

/** The path or name the reader was opened with. Borrowed. */
MZG_API const char *mzg_mzml_name(const mzg_mzml *r);

/**
 * Whether the file's index can be trusted. The index is checked while the
 * file streams (every <offset> must point at the start tag of the element
 * it names, every spectrum must be listed once, indexListOffset must point
 * at <indexList>), so the answer is known once mzg_mzml_next() has
 * returned MZG_DONE.
 * @return 1: an index is present and verified; 0: no index, or it failed
 *         a check (see mzg_mzml_index_note()); -1: not known yet.
 */
MZG_API int mzg_mzml_index_ok(const mzg_mzml *r);

/**
 * One line on the index: "none", "verified (4 spectra, 2 chromatograms)",
 * "the offset of 'scan=2' is 5098 but the element starts at 5041", ...
 * Borrowed; valid until the reader is closed.
 */
MZG_API const char *mzg_mzml_index_note(const mzg_mzml *r);

/** Close the reader and free it. NULL is a no-op. */
MZG_API void mzg_mzml_close(mzg_mzml *r);

/**
 * Decode one binaryDataArray payload (exposed for tests and fuzzing).
 * @param out       OUT: malloc'ed array of doubles, caller frees with free()
 *                  (NULL when there are no values).
 * @param n_out     OUT: number of values.
 * @param b64       the base64 text (whitespace allowed), @p len bytes.
 * @param dtype     declared value type.
 * @param compression MZG_COMP_* flags.
 * @param max_points refuse to produce more values than this.
 * @return 0, MZG_EDATA (bad base64/zlib/numpress/length), MZG_ELIMIT, MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_binary_decode(double **out, size_t *n_out,
                                              const char *b64, size_t len,
                                              mzg_dtype dtype,
                                              unsigned compression,
                                              size_t max_points);

#ifdef __cplusplus
}
#endif
#endif
