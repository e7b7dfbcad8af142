/*
 * mzgeno/process.h -- spectrum processing: smoothing, baseline, noise, peaks.
 *
 * Profile spectra go through Savitzky-Golay smoothing, SNIP baseline
 * removal, robust (MAD) noise estimation and local-maximum peak detection
 * with a sub-sample apex. Window sizes follow from the peak width at each
 * mass (resolution R = m / FWHM, estimated from the spectrum or given)
 * unless given in points. Centroided input skips straight to the peak list.
 * Each stage is also exposed on its own (mzg_smooth_sg, mzg_baseline_snip,
 * mzg_mad, mzg_local_maxima, mzg_peak_refine). Every function here is a
 * pure function of its arguments and safe to call from several threads on
 * different outputs. Algorithms, defaults and sources: docs/processing.md.
 */
#ifndef MZGENO_PROCESS_H
#define MZGENO_PROCESS_H

#include <stddef.h>
#include "common.h"
#include "spectrum.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Resolution assumed when it is neither given nor measurable (m/FWHM). */
#define MZG_PROC_DEFAULT_RESOLUTION 600.0
/** Highest Savitzky-Golay polynomial order accepted. */
#define MZG_SG_MAX_ORDER 10

/** One detected peak. */
typedef struct mzg_peak {
	double mz;         /* apex m/z (sub-sample unless interpolation is off) */
	double intensity;  /* apex height above baseline */
	double snr;        /* intensity / local noise */
	double fwhm;       /* full width at half maximum in m/z; 0 if unknown */
	double area;       /* area above baseline over the peak (intensity x
	                      m/z, apex +- 1 FWHM, valley-bounded); 0 if unknown */
	size_t index;      /* sample index of the apex in the processed arrays
	                      (for centroids: position in the peak list) */
} mzg_peak;

/** Processing options. Initialise with mzg_proc_opts_init(). */
typedef struct mzg_proc_opts {
	double resolution;     /* R = m/FWHM; 0 = estimate from the spectrum */
	double mz_min, mz_max; /* analysis window in m/z (default 3500..9500);
	                          0 = no lower / upper limit */
	int transform;         /* 0 none, 1 sqrt (MALDIquant vignette) */
	int sg_order;          /* Savitzky-Golay polynomial order (3) */
	int sg_hws;            /* SG half window in points; 0 = auto (0.5 FWHM) */
	int snip_iterations;   /* SNIP max half window in points; 0 = auto */
	double snip_da;        /* auto SNIP half window in Da (80) */
	int snip_decreasing;   /* 1: half window from max down to 1 (Morhac) */
	int baseline_centre;   /* 1: raise the baseline by the local median of
	                          the corrected signal's noise, so noise is
	                          centred on 0 (SNIP alone leaves it ~1-2 sigma
	                          above) */
	int noise_global;      /* 1: one MAD for the spectrum (MALDIquant) */
	double noise_window_da;/* MAD window width in Da (200) */
	int noise_stride;      /* MAD from every k-th point; 0 = auto (half the
	                          SG half window with automatic windows, else 1) */
	int noise_mask;        /* 1: noise and centre from the points away from
	                          peaks only (peaks masked, see
	                          docs/processing.md); 0: from all points */
	int peak_hws;          /* local-maximum half window; 0 = auto (1 FWHM) */
	double peak_snr;       /* a peak needs signal > peak_snr * noise (3) */
	int interpolate;       /* 1: sub-sample apex (Gaussian 3-point) */
	int clamp_negative;    /* 1: set negative intensities to 0 after smoothing */
} mzg_proc_opts;

/** Fill @p o with the mzgeno defaults (docs/processing.md). */
MZG_API void mzg_proc_opts_init(mzg_proc_opts *o);

/**
 * Apply a named preset: "default" (the same as mzg_proc_opts_init),
 * "maldiquant" (MALDIquant 1.22: SG hws 10 order 3, negatives to 0, SNIP
 * 100 decreasing, no centring, global MAD, local maxima hws 20, SNR 3, raw
 * apex, whole spectrum, no transform). The preset sets every field.
 * @return 0, or MZG_ENOTFOUND for an unknown name (mzg_errmsg() lists the
 *         known ones); @p o is unchanged then.
 */
MZG_API int mzg_proc_opts_preset(mzg_proc_opts *o, const char *name);

/**
 * Set one option from "key=value" text (keys are the field names above;
 * transform also takes "none"/"sqrt").
 * @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL (bad value);
 *         mzg_errmsg() says which. @p o is unchanged on failure.
 */
MZG_API int mzg_proc_opts_set(mzg_proc_opts *o, const char *key,
                              const char *value);

/**
 * Check a whole option set (ranges, mz_min < mz_max).
 * @return 0 or MZG_EINVAL with the reason in mzg_errmsg().
 */
MZG_API int mzg_proc_opts_check(const mzg_proc_opts *o);

/** The result of processing one spectrum. Initialise with mzg_processed_init(). */
typedef struct mzg_processed {
	size_t n;          /* points kept (within mz_min..mz_max); 0 for centroids */
	double *mz;        /* m/z axis (observed, before recalibration) */
	double *signal;    /* smoothed, baseline-corrected intensity */
	double *baseline;  /* the baseline that was removed */
	double *noise;     /* local noise level per point (> 0) */
	size_t n_peaks;
	mzg_peak *peaks;   /* detected peaks, sorted by m/z */
	double resolution; /* R = m/FWHM: given, else the median over the
	                      strong isolated peaks found (windows then come
	                      from an estimate within 10 % of it), else the
	                      default MZG_PROC_DEFAULT_RESOLUTION */
	size_t n_resolution_peaks; /* peaks the estimate used; 0 when the
	                      resolution was given or defaulted */
	double noise_median; /* median noise over the spectrum (> 0) */
	double smooth_hws; /* Savitzky-Golay half window applied, as a
	                      fraction of the FWHM (middle of the spectrum);
	                      0 when not smoothed (centroids). Lets the
	                      measurement model the smoothed peak shape. */
	int smooth_order;  /* its polynomial order */
	int centroid;      /* 1 when the input was a peak list */
	/* internal: allocated lengths and scratch space */
	size_t cap, cap_peaks, cap_work;
	double *work;
} mzg_processed;

/** Make @p p empty; it owns nothing yet. */
MZG_API void mzg_processed_init(mzg_processed *p);
/** Free what @p p owns and re-initialise it. NULL is a no-op. */
MZG_API void mzg_processed_free(mzg_processed *p);

/**
 * Process a spectrum. Buffers in @p out are reused and grown as needed;
 * @p out owns its arrays (free with mzg_processed_free()).
 * Profile input (and input of unknown representation whose m/z grid is
 * regular) goes through the whole chain; centroid input (and unknown input
 * with an irregular grid) becomes the peak list directly, restricted to the
 * analysis window, with noise = the median peak intensity.
 * @return 0; MZG_EINVAL for invalid options; MZG_EDATA when the spectrum
 *         cannot be processed (too few points, m/z not increasing, holes in
 *         the m/z grid, no finite values, no points in the analysis window)
 *         with the reason and the spectrum (index and id) in mzg_errmsg();
 *         MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_process(mzg_processed *out,
                                        const mzg_spectrum *s,
                                        const mzg_proc_opts *o);

/* ---- the stages on their own (fixed windows in points) ---- */

/**
 * Savitzky-Golay coefficients: the weights that, applied to a window of
 * 2*hws+1 equally spaced samples, give the value at window position @p pos
 * (0..2*hws) of the least-squares polynomial of degree @p order. pos = hws
 * is the usual centred kernel; other positions fit the spectrum edges.
 * @param coef  OUT: 2*hws+1 weights.
 * @return 0, or MZG_EINVAL (hws < 1, order < 0 or > MZG_SG_MAX_ORDER,
 *         2*hws+1 <= order, pos out of range).
 */
MZG_API int mzg_sg_coef(double *coef, int hws, int order, int pos);

/**
 * Savitzky-Golay smoothing as MALDIquant does it: interior points use the
 * centred kernel; the first and last hws points are the values at their own
 * positions of the polynomial fitted to the first / last 2*hws+1 samples.
 * @param out  OUT: n values; must not overlap @p in.
 * @return 0; MZG_EINVAL (bad hws/order, or 2*hws+1 > n); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_smooth_sg(double *out, const double *in,
                                          size_t n, int hws, int order);

/**
 * SNIP baseline (Ryan 1988; decreasing window, Morhac 2009): for each half
 * window k (iterations down to 1 when @p decreasing, else 1 up to
 * iterations), every point j with k <= j < n-k becomes
 * min(y_j, (y_{j-k} + y_{j+k}) / 2), all computed from the previous pass.
 * @param baseline  OUT: n values; may be the same array as @p y.
 * @return 0; MZG_EINVAL (iterations < 0); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_baseline_snip(double *baseline,
                                              const double *y, size_t n,
                                              int iterations, int decreasing);

/**
 * Median absolute deviation scaled to a normal sigma, as R's stats::mad():
 * 1.4826 * median(|y - median(y)|), medians of an even count being the mean
 * of the two middle values. Non-finite values are left out.
 * @param out  OUT: the MAD (0 for n == 0).
 * @return 0 or MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_mad(double *out, const double *y, size_t n);

/**
 * Local maxima as MALDIquant finds them: point i is a maximum when it is
 * the first (leftmost) largest value of the window i-hws..i+hws, values
 * outside the spectrum counting as 0. So y_i must be strictly greater than
 * every point on its left and at least every point on its right; a flat top
 * reports its leftmost point.
 * @param is_max  OUT: n flags (1 = local maximum).
 * @return 0, or MZG_EINVAL (hws < 1).
 */
MZG_API int mzg_local_maxima(unsigned char *is_max, const double *y,
                             size_t n, int hws);

/**
 * Describe the peak whose apex sample is @p i in (mz, y): apex position and
 * height (with @p interpolate: Gaussian 3-point interpolation on the sample
 * index, parabolic when a neighbour is <= 0, intensity-weighted centroid of
 * the points above half height for a flat top; without: the raw sample),
 * FWHM from the interpolated half-height crossings (one side doubled when
 * the other is hidden by a neighbouring peak or the spectrum end; 0 when
 * both are), and area (trapezoids over apex +- 1 FWHM, stopping at valleys
 * and at zero). snr is set to 0; the caller knows the noise.
 * @return 1 when both half-height crossings were found (an isolated peak),
 *         else 0.
 */
MZG_API int mzg_peak_refine(mzg_peak *p, const double *mz, const double *y,
                            size_t n, size_t i, int interpolate);

#ifdef __cplusplus
}
#endif
#endif
