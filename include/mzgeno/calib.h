/*
 * mzgeno/calib.h -- internal mass recalibration on the UEPs of a multiplex.
 *
 * The UEPs (unextended primers, always in excess) are the calibrants. A
 * coarse search finds the relative shift that matches most UEPs within
 * +-0.3 %; a robust fit of sqrt(m_true) on sqrt(m_obs) (GSL) then corrects
 * shift and scale, with outliers rejected, falling back to a constant shift
 * when there are too few calibrants. A pad whose calibration cannot be
 * established is reported bad, with the reason.
 */
#ifndef MZGENO_CALIB_H
#define MZGENO_CALIB_H

#include <stddef.h>
#include "common.h"
#include "process.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Calibration model. */
typedef enum mzg_calib_model {
	MZG_CAL_NONE = 0,     /* identity: calibration failed or not done */
	MZG_CAL_SHIFT = 1,    /* m_true = m_obs * (1 + c0) */
	MZG_CAL_SQRT = 2,     /* sqrt(m_true) = c0 + c1 sqrt(m_obs) */
	MZG_CAL_SQRT_QUAD = 3,/* sqrt(m_true) = c0 + c1 sqrt(m_obs) + c2 m_obs */
} mzg_calib_model;

/** Calibration options. Initialise with mzg_calib_opts_init(). */
typedef struct mzg_calib_opts {
	double search_rel;     /* coarse search range, relative (0.003) */
	double match_da;       /* match tolerance after the coarse shift, Da (0: auto from peak width) */
	double min_snr;        /* calibrant peaks need this SNR (3) */
	size_t min_calibrants; /* fewer matched UEPs: pad is bad (1) */
	size_t min_fit;        /* fewer: constant shift only (3) */
	size_t min_quad;       /* at least this many for the quadratic term (6) */
	double max_residual_ppm; /* median |residual| above this: bad (300) */
} mzg_calib_opts;

MZG_API void mzg_calib_opts_init(mzg_calib_opts *o);

/** A fitted calibration and its figures. */
typedef struct mzg_calib {
	int ok;                /* 1: usable; 0: the pad is bad (see reason) */
	mzg_calib_model model;
	double coef[3];        /* model coefficients, see mzg_calib_model */
	double shift_ppm;      /* coarse shift found, ppm */
	size_t n_expected;     /* UEPs in the design for this pad */
	size_t n_calibrants;   /* UEPs matched and kept in the fit */
	double residual_ppm;   /* median |residual| of kept calibrants, ppm */
	double rms_ppm;        /* RMS residual of kept calibrants, ppm */
	char reason[128];      /* why not ok; "" when ok */
} mzg_calib;

/**
 * Recalibrate from detected peaks against the expected UEP masses.
 * @param out    OUT: the calibration (always filled; ok = 0 on failure).
 * @param peaks  detected peaks (observed m/z), any order.
 * @param ref    expected calibrant masses (the multiplex's UEPs).
 * @return 0 (also when the pad is bad: check out->ok), MZG_ENOMEM,
 *         MZG_EINTERNAL on a numerical failure.
 */
MZG_API MZG_WARN_UNUSED int mzg_calibrate(mzg_calib *out,
                                          const mzg_peak *peaks, size_t n_peaks,
                                          const double *ref, size_t n_ref,
                                          const mzg_calib_opts *o);

/** Observed m/z -> calibrated m/z. */
MZG_API double mzg_calib_apply(const mzg_calib *c, double mz_obs);

/** Calibrated (true) m/z -> where it appears on the observed axis. */
MZG_API double mzg_calib_invert(const mzg_calib *c, double mz_true);

#ifdef __cplusplus
}
#endif
#endif
