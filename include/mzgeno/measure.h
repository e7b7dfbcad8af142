/*
 * mzgeno/measure.h -- targeted measurement of the expected species.
 *
 * For every expected species of a pad's multiplex (UEPs, allele products,
 * their adducts, ...), find the signal at the recalibrated expected mass
 * within a tolerance derived from the peak width and the gap to the nearest
 * other expected species, and report height, area, SNR, observed mass and
 * mass error. Overlapping species are separated by a joint fit of peaks at
 * fixed positions with a shared width (GSL), or flagged.
 */
#ifndef MZGENO_MEASURE_H
#define MZGENO_MEASURE_H

#include <stddef.h>
#include "common.h"
#include "calib.h"
#include "design.h"
#include "process.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of one measurement (bitwise OR). */
enum mzg_measure_flag {
	MZG_M_FOUND = 1u << 0,     /* a peak apex lies within tolerance */
	MZG_M_FITTED = 1u << 1,    /* height from a joint fit of overlapping species */
	MZG_M_COLLISION = 1u << 2, /* another expected species within 1 FWHM */
	MZG_M_EDGE = 1u << 3,      /* expected mass outside the spectrum */
	MZG_M_SATURATED = 1u << 4, /* flat-topped apex */
};

/** The measurement of one expected species. */
typedef struct mzg_measure {
	double height;   /* signal above baseline at the species (>= 0) */
	double area;     /* area over +-1 FWHM (>= 0) */
	double snr;      /* height / local noise */
	double mz_obs;   /* calibrated apex m/z; expected mass if not found */
	double err_ppm;  /* (mz_obs - expected) / expected * 1e6; 0 if not found */
	double tol_da;   /* tolerance used, Da */
	unsigned flags;  /* MZG_M_* */
} mzg_measure;

/** Measurement options. Initialise with mzg_measure_opts_init(). */
typedef struct mzg_measure_opts {
	double tol_fwhm;     /* tolerance as a fraction of FWHM (0.5) */
	double tol_gap;      /* cap: fraction of the gap to the nearest other
	                        expected species (0.4) */
	double tol_da;       /* fixed tolerance in Da; 0 = derived (above) */
	int joint_fit;       /* 1: resolve overlapping species by a joint fit */
} mzg_measure_opts;

MZG_API void mzg_measure_opts_init(mzg_measure_opts *o);

/**
 * Measure targets @p t[0..n) (from mzg_plex_targets) in a processed
 * spectrum with its calibration. @p out receives n measurements.
 * @return 0, MZG_ENOMEM, MZG_EINTERNAL (fit failure).
 */
MZG_API MZG_WARN_UNUSED int mzg_measure_targets(mzg_measure *out,
                                                const mzg_processed *p,
                                                const mzg_calib *c,
                                                const mzg_target *t, size_t n,
                                                const mzg_measure_opts *o);

#ifdef __cplusplus
}
#endif
#endif
