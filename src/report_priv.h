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

/* @p v as it reads back after printing with "%.*f" (NaN stays NaN). */
double mzg__as_reported(double v, int decimals);

#endif
