/*
 * mzgeno/process.h -- spectrum processing: smoothing, baseline, noise, peaks.
 *
 * Profile spectra go through Savitzky-Golay smoothing, SNIP baseline
 * removal, robust (MAD) noise estimation and local-maximum peak detection
 * with a sub-sample apex. Window sizes follow from the peak width at each
 * mass (resolution R = m / FWHM) unless given in points. Centroided input
 * skips straight to the peak list. Each stage is also exposed on its own.
 */
#ifndef MZGENO_PROCESS_H
#define MZGENO_PROCESS_H

#include <stddef.h>
#include "common.h"
#include "spectrum.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One detected peak. */
typedef struct mzg_peak {
	double mz;         /* apex m/z (sub-sample unless interpolation is off) */
	double intensity;  /* apex height above baseline */
	double snr;        /* intensity / local noise */
	double fwhm;       /* full width at half maximum in m/z; 0 if unknown */
	double area;       /* area above baseline over the peak; 0 if unknown */
	size_t index;      /* sample index of the apex in the processed arrays */
} mzg_peak;

/** Processing options. Initialise with mzg_proc_opts_init(). */
typedef struct mzg_proc_opts {
	double resolution;     /* R = m/FWHM; 0 = estimate from the spectrum */
	double mz_min, mz_max; /* analysis window in m/z (default 3500..9500);
	                          0,0 = whole spectrum */
	int transform;         /* 0 none, 1 sqrt (MALDIquant vignette) */
	int sg_order;          /* Savitzky-Golay polynomial order (3) */
	int sg_hws;            /* SG half window in points; 0 = auto (0.5 FWHM) */
	int snip_iterations;   /* SNIP max half window in points; 0 = auto */
	double snip_da;        /* auto SNIP half window in Da (80) */
	int noise_global;      /* 1: one MAD for the spectrum (MALDIquant) */
	double noise_window_da;/* MAD window width in Da (200) */
	int peak_hws;          /* local-maximum half window; 0 = auto (1 FWHM) */
	double peak_snr;       /* minimum SNR of a detected peak (3) */
	int interpolate;       /* 1: sub-sample apex (Gaussian 3-point) */
	int clamp_negative;    /* 1: set negative intensities to 0 after smoothing */
} mzg_proc_opts;

/** Fill @p o with the mzgeno defaults (documented in docs/algorithms.md). */
MZG_API void mzg_proc_opts_init(mzg_proc_opts *o);

/**
 * Apply a named preset on top of the current options: "default",
 * "maldiquant" (MALDIquant 1.22: SG hws 10 order 3, negatives to 0, SNIP
 * 100 decreasing, global MAD, local maxima hws 20, SNR 3, raw apex).
 * @return 0, or MZG_ENOTFOUND for an unknown name.
 */
MZG_API int mzg_proc_opts_preset(mzg_proc_opts *o, const char *name);

/**
 * Set one option from "key=value" text (keys are the field names above).
 * @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL (bad value);
 *         mzg_errmsg() says which.
 */
MZG_API int mzg_proc_opts_set(mzg_proc_opts *o, const char *key,
                              const char *value);

/** The result of processing one spectrum. Initialise with mzg_processed_init(). */
typedef struct mzg_processed {
	size_t n;          /* points kept (within mz_min..mz_max); 0 for centroids */
	double *mz;        /* m/z axis (observed, before recalibration) */
	double *signal;    /* smoothed, baseline-corrected intensity */
	double *baseline;  /* the baseline that was removed */
	double *noise;     /* local noise level per point (> 0) */
	size_t n_peaks;
	mzg_peak *peaks;   /* detected peaks, sorted by m/z */
	double resolution; /* the resolution used (estimated or given) */
	double noise_median; /* median noise over the spectrum */
	int centroid;      /* 1 when the input was a peak list */
	size_t cap, cap_peaks; /* allocated lengths (internal) */
} mzg_processed;

MZG_API void mzg_processed_init(mzg_processed *p);
/** Free what @p p owns and re-initialise it. */
MZG_API void mzg_processed_free(mzg_processed *p);

/**
 * Process a spectrum. Buffers in @p out are reused.
 * @return 0; MZG_EDATA when the spectrum cannot be processed (too few
 *         points, irregular grid, no finite values) with the reason in
 *         mzg_errmsg(); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_process(mzg_processed *out,
                                        const mzg_spectrum *s,
                                        const mzg_proc_opts *o);

#ifdef __cplusplus
}
#endif
#endif
