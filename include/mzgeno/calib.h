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
	double search_rel;     /* coarse search range, relative (0.003 = +-0.3 %) */
	double match_da;       /* match tolerance around the shifted UEP, Da
	                          (0: auto, 0.5 FWHM from the peaks' widths,
	                          clamped to 200..1500 ppm; 1000 ppm if unknown) */
	double min_snr;        /* calibrant peaks need this SNR (3); ignored
	                          when no peak carries an SNR (all 0) */
	size_t min_calibrants; /* fewer matched UEPs: pad is bad (1) */
	double min_fraction;   /* ... or fewer than this fraction of the
	                          design's UEPs (0.25, rounded up) */
	size_t min_fit;        /* fewer: constant shift only (3) */
	size_t min_quad;       /* at least this many for the quadratic term (6),
	                          spread over >= half the UEP mass range */
	double reject_ppm;     /* outlier rejection never below this |residual|
	                          (50 ppm), whatever 3 x MAD says */
	double max_residual_ppm; /* median |residual| above this: bad (300) */
} mzg_calib_opts;

/** Fill @p o with the defaults above (docs/calibration.md). */
MZG_API void mzg_calib_opts_init(mzg_calib_opts *o);

/**
 * Set one option from "key=value" text; keys are the field names above.
 * @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL (bad value), with
 *         the message in mzg_errmsg().
 */
MZG_API int mzg_calib_opts_set(mzg_calib_opts *o, const char *key,
                               const char *value);

/** A fitted calibration and its figures. */
typedef struct mzg_calib {
	int ok;                /* 1: usable; 0: the pad is bad (see reason) */
	mzg_calib_model model; /* MZG_CAL_NONE whenever ok = 0 */
	double coef[3];        /* model coefficients, see mzg_calib_model */
	double shift_ppm;      /* coarse shift found: observed masses were this
	                          many ppm above the expected ones */
	size_t n_expected;     /* UEPs in the design for this pad */
	size_t n_calibrants;   /* UEPs matched and kept in the fit */
	double residual_ppm;   /* median |residual| of kept calibrants, ppm */
	double rms_ppm;        /* RMS residual of kept calibrants, ppm */
	char reason[128];      /* why not ok; "" when ok */
} mzg_calib;

/** Make @p c the identity calibration (ok = 0, model NONE, no reason). */
MZG_API void mzg_calib_init(mzg_calib *c);

/**
 * Recalibrate from detected peaks against the expected UEP masses.
 *
 * Coarse stage: the relative shift within +-search_rel that lets the most
 * UEPs find a peak (ties: the larger summed intensity). Fine stage: a
 * least-squares fit of sqrt(expected) on sqrt(observed), iterated with
 * rejection of calibrants whose |residual| exceeds max(3 x 1.4826 x MAD,
 * reject_ppm); the model is SQRT_QUAD with >= min_quad spread calibrants,
 * SQRT with >= min_fit, else SHIFT. The pad is bad (ok = 0, model NONE,
 * reason set) when too few UEPs are found, the median residual exceeds
 * max_residual_ppm, or the model would move a UEP farther than the search
 * range allowed.
 * @param out    OUT: the calibration (always filled).
 * @param peaks  detected peaks (observed m/z), any order; borrowed.
 * @param ref    expected calibrant masses (the multiplex's UEPs); borrowed.
 * @param o      options, or NULL for the defaults.
 * @return 0 (also when the pad is bad: check out->ok), MZG_ENOMEM,
 *         MZG_EINTERNAL on a numerical failure in GSL.
 */
MZG_API MZG_WARN_UNUSED int mzg_calibrate(mzg_calib *out,
                                          const mzg_peak *peaks, size_t n_peaks,
                                          const double *ref, size_t n_ref,
                                          const mzg_calib_opts *o);

/**
 * Observed m/z -> calibrated m/z. The identity for MZG_CAL_NONE, a NULL
 * @p c, and m/z <= 0 or not finite.
 */
MZG_API double mzg_calib_apply(const mzg_calib *c, double mz_obs);

/**
 * Calibrated (true) m/z -> where it appears on the observed axis (the
 * inverse of mzg_calib_apply). NaN when the model has no inverse there
 * (cannot happen within the mass range of an ok calibration).
 */
MZG_API double mzg_calib_invert(const mzg_calib *c, double mz_true);

#ifdef __cplusplus
}
#endif
#endif
