/*
 * mzgeno/snippet.h -- small pieces of a pad's processed spectrum, kept so
 * that the review page (report.html) can show the spectrum around an
 * assay's expected masses without the mzML files.
 *
 * One snippet per measured pad x assay: the processed signal (smoothed,
 * baseline removed) on the calibrated m/z axis, from MZG_SNIPPET_MARGIN Da
 * below the UEP to MZG_SNIPPET_MARGIN Da above the heaviest allele
 * product's K+ adduct, reduced to at most MZG_SNIPPET_POINTS evenly
 * spaced points (the maximum of the samples falling on each point, so
 * peak heights survive). At 150 points of 4 bytes plus the 40-byte record,
 * a 384-pad chip with a 36-plex keeps 384 x 36 x 640 bytes = 8.8 MB.
 */
#ifndef MZGENO_SNIPPET_H
#define MZGENO_SNIPPET_H

#include <stddef.h>
#include "common.h"
#include "calib.h"
#include "design.h"
#include "process.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MZG_SNIPPET_POINTS 150   /* points per snippet at most */
#define MZG_SNIPPET_MARGIN 30.0  /* Da around the expected species */

/** A piece of processed spectrum on an even calibrated m/z grid. */
typedef struct mzg_snippet {
	double mz0, mz1;  /* calibrated m/z of the first and last point */
	size_t n;         /* points (0: no snippet; else >= 2) */
	int centroid;     /* 1: made from a peak list (sticks, 0 between) */
	float *y;         /* n intensities; owned (mzg_snippet_free) */
} mzg_snippet;

/**
 * The m/z window of an assay's snippet: [UEP - margin, heaviest allele
 * product + K adduct + margin] (calibrated, neutral-mass scale).
 */
MZG_API void mzg_snippet_window(double *lo, double *hi, const mzg_assay *a);

/**
 * Cut the snippet of assay @p a out of a processed spectrum.
 * @param out  OUT: the snippet (n = 0 when the window holds no data);
 *             free with mzg_snippet_free().
 * @param p    the processed spectrum (observed m/z; profile or centroid).
 * @param c    the pad's calibration (NULL or not ok: observed m/z used).
 * @param max_points  points at most (2..1000; 0: MZG_SNIPPET_POINTS).
 * Profile data: each grid point takes the maximum of the samples nearest
 * to it; grid points without a sample are interpolated. Centroid data: a
 * peak goes to its nearest grid point (maximum), others are 0.
 * @return 0, MZG_EINVAL (bad arguments), MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_snippet_make(mzg_snippet *out,
                                             const mzg_processed *p,
                                             const mzg_calib *c,
                                             const mzg_assay *a,
                                             size_t max_points);

/** Free the points of @p s and make it empty. NULL is a no-op. */
MZG_API void mzg_snippet_free(mzg_snippet *s);

#ifdef __cplusplus
}
#endif
#endif
