/*
 * mzgeno/measure.h -- targeted measurement of the expected species.
 *
 * For every expected species of a pad's multiplex (UEPs, allele products,
 * their adducts, ...), find the signal at the recalibrated expected mass
 * within a tolerance derived from the peak width and the gap to the nearest
 * other expected species, and report height, area, SNR, observed mass and
 * mass error. Overlapping species are separated by a joint fit of peaks at
 * fixed positions with a shared width (GSL), or flagged. Algorithms,
 * defaults and sources: docs/calibration.md.
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
	MZG_M_FOUND = 1u << 0,     /* signal there: an apex within tolerance (or,
	                              when fitted, a component) with SNR >= min_snr;
	                              centroided input: a peak within tolerance */
	MZG_M_FITTED = 1u << 1,    /* height from a joint fit of overlapping species */
	MZG_M_COLLISION = 1u << 2, /* unresolved: another expected species within
	                              1 FWHM and not separated by a joint fit
	                              (too close, < 0.2 FWHM, or no fit) */
	MZG_M_EDGE = 1u << 3,      /* tolerance window not (wholly) inside the
	                              spectrum; height 0 when the mass is outside */
	MZG_M_SATURATED = 1u << 4, /* flat-topped apex (detector saturation) */
	MZG_M_ADDUCT_SPLIT = 1u << 5, /* the species is, or lies within tie_fwhm
	                              of, a Na/K adduct whose height was set from
	                              the pad's adduct ratio x its parent (a merged
	                              height split, or a tied joint fit) */
};

/** The measurement of one expected species. */
typedef struct mzg_measure {
	double height;   /* signal above baseline at the species (>= 0); 0
	                    when no apex lies within tolerance (unfitted) */
	double area;     /* area over +-1 FWHM (>= 0); 0 when height is 0 */
	double snr;      /* height / local noise */
	double mz_obs;   /* calibrated apex m/z when FOUND (for a fitted
	                    species: the apex after subtracting the other
	                    components); else the expected mass */
	double err_ppm;  /* (mz_obs - expected) / expected * 1e6; 0 unless
	                    FOUND */
	double tol_da;   /* tolerance used, Da */
	unsigned flags;  /* MZG_M_* */
} mzg_measure;

/** Measurement options. Initialise with mzg_measure_opts_init(). */
typedef struct mzg_measure_opts {
	double tol_fwhm;     /* tolerance as a fraction of FWHM (0.5) */
	double tol_gap;      /* cap: fraction of the gap to the nearest other
	                        expected species (0.4) */
	double tol_da;       /* fixed tolerance in Da; 0 = derived (above) */
	int joint_fit;       /* 1: resolve overlapping species by a joint fit (1) */
	double fit_link;     /* species closer than this many FWHM are fitted
	                        together (2.0) */
	double min_snr;      /* FOUND needs this SNR (3) */
	double resolution;   /* m/FWHM when the processed spectrum gives none
	                        (0: estimate from its peaks, else
	                        MZG_PROC_DEFAULT_RESOLUTION); values outside
	                        20..1e6 are ignored */
	int adduct_split;    /* 1: split heights merged with a coinciding Na/K
	                        adduct using the pad's adduct ratios, and tie
	                        crowded adducts (below) to their parents (1) */
	double tie_fwhm;     /* a Na/K adduct closer than this many FWHM to
	                        another expected species is not fitted freely:
	                        its height is the pad's adduct ratio x its
	                        parent's (0.5, 0.3 when the parent is fitted
	                        with it; 0: never; needs adduct_split) */
} mzg_measure_opts;

/** Fill @p o with the defaults above (docs/calibration.md). */
MZG_API void mzg_measure_opts_init(mzg_measure_opts *o);

/**
 * Set one option from "key=value" text; keys are the field names above.
 * @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL (bad value), with
 *         the message in mzg_errmsg().
 */
MZG_API int mzg_measure_opts_set(mzg_measure_opts *o, const char *key,
                                 const char *value);

/**
 * Measure targets @p t[0..n) (from mzg_plex_targets, any order) in a
 * processed spectrum with its calibration (NULL or model NONE: the
 * observed axis is used as is). Profile input: the height is the apex of
 * the processed signal within tolerance (a local maximum, sub-sample), or,
 * for species closer than fit_link FWHM to another, the height of a joint
 * fit at the calibrated positions: peaks of the smoothed signal's shape
 * (p->smooth_hws, p->smooth_order), one width scale for the spectrum, a
 * common shift per cluster, non-negative heights. Species that cannot be
 * told apart (< 0.2 FWHM) share a height, split with the pad's adduct
 * ratios when one is an adduct; an adduct closer than tie_fwhm to another
 * species is fitted with its height tied to its parent's by those ratios. Centroided input (p->centroid): the
 * nearest peak within tolerance. @p p, @p c and @p t are borrowed; no
 * state is kept (thread-safe for distinct outputs).
 * @param out  OUT: n measurements, in the order of @p t (caller-owned).
 * @return 0, MZG_EINVAL (bad options), MZG_ENOMEM, MZG_EINTERNAL (fit
 *         failure in GSL).
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
