/*
 * report_priv.h -- number formats shared by the report writers and QC.
 *
 * QC applies its SNR threshold to the SNR as calls.tsv reports it, so a
 * report re-read from calls.tsv (mzgeno review) reaches the same verdict
 * as the run that wrote it. The formats live here, in one place.
 */
#ifndef MZG_REPORT_PRIV_H
#define MZG_REPORT_PRIV_H

/* Decimals of each calls.tsv number column (docs/formats.md). */
#define MZG__DEC_PROB 4     /* probability */
#define MZG__DEC_SNR 2      /* snr1 snr2 snr_uep */
#define MZG__DEC_RATIO 4    /* extension theta */
#define MZG__DEC_PPM 1      /* mass_error_ppm */
#define MZG__SIG_HEIGHT 6   /* heights: significant digits (%.6g) */

#include "internal.h"
#include "mzgeno/report.h"

/* snippets.tsv (report_sets.c): values are integers in 1/MZG__SNIPPET_Q
 * of the row's scale; the header line without newline. */
#define MZG__SNIPPET_Q 1000
extern const char mzg__snippets_header[];

/* The calls.tsv header line (without newline). */
extern const char mzg__calls_header[];

/* Append one calls.tsv row (with newline) to @p b. 0 or MZG_ENOMEM. */
int mzg__calls_row_format(mzg_buf *b, const char *chip,
                          const mzg_calls_row *r);

/* Append a text field with tabs and line breaks replaced by spaces and
 * invalid UTF-8 by U+FFFD (as qc.json); "." for NULL or "". */
int mzg__tsv_text(mzg_buf *b, const char *s);
/* report_num.c: exactly snprintf(out, cap, "%.*f", dec, v), without
 * printf for 0-10 decimals, |v| < 1e9 and |v| 10^dec < 2^52; the length
 * written. */
size_t mzg__fmt_fixed(char *out, size_t cap, double v, int dec);
/* The same appended to @p b. 0 or MZG_ENOMEM. */
int mzg__buf_fixed(mzg_buf *b, double v, int dec);
/* Exactly snprintf(out, cap, "%.*g", sig, v), without printf for 1-10
 * significant digits and 1e-4 <= |v| < 10^sig; and appended to @p b. */
size_t mzg__fmt_sig(char *out, size_t cap, double v, int sig);
int mzg__buf_sig(mzg_buf *b, double v, int sig);
/* Append a number "%.*f" ("NA" if not finite, no "-0"). */
int mzg__tsv_fixed(mzg_buf *b, double v, int decimals);
/* Append a number "%.*g" ("NA" if not finite, no "-0"). */
int mzg__tsv_sig(mzg_buf *b, double v, int digits);

/* Write the buffer to @p fp and reset it. 0 or MZG_EIO. */
int mzg__tsv_flush(mzg_buf *b, FILE *fp);

/* Status word of a control: "clean", "contaminated", "concordant",
 * "discordant", "unchecked". */
const char *mzg__control_status(const mzg_qc_control *c);

/* @p v as it reads back after printing with "%.*f" (NaN stays NaN). */
double mzg__as_reported(double v, int decimals);

#endif
