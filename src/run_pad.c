/*
 * run_pad.c -- one pad through the pipeline: process, recalibrate on the
 * multiplex's UEPs, measure every expected species; and the combining of
 * several spectra of one pad.
 *
 * This runs in the worker threads, so it only reads the shared context
 * and writes the result it is given. A pad that cannot be processed or
 * calibrated is not an error of the run: its result says why (ok = 0) and
 * it becomes quality I. When the plate sheet names no multiplex and the
 * design has several, the pad is calibrated against each and takes the
 * one whose UEPs it matches best.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_priv.h"

#define MERGE_PPM 300.0 /* centroids of one peak in repeated shots */

void mzg__wspace_init(mzg__wspace *w)
{
	mzg_processed_init(&w->proc);
	w->fit = NULL;
}

void mzg__wspace_free(mzg__wspace *w)
{
	mzg_processed_free(&w->proc);
	mzg__jfit_free(w->fit);
	w->fit = NULL;
}

void mzg__padres_free(mzg__padres *res)
{
	size_t k;

	for (k = 0; res->snips && k < res->n_snips; k++)
		mzg_snippet_free(&res->snips[k]);
	free(res->snips);
	free(res->meas);
	memset(res, 0, sizeof(*res));
	res->plex = -1;
}

/* Copy the thread's last error message into @p reason. */
static void take_reason(char *reason, const char *prefix)
{
	const char *m = mzg_errmsg();

	snprintf(reason, MZG__REASON, "%s%s", prefix,
	         m && *m ? m : "unknown error");
}

/* Is calibration @p a better than @p b (for choosing a multiplex)? */
static int calib_better(const mzg_calib *a, const mzg_calib *b)
{
	double fa, fb;

	if (a->ok != b->ok)
		return a->ok > b->ok;
	fa = a->n_expected ? (double)a->n_calibrants / (double)a->n_expected : 0;
	fb = b->n_expected ? (double)b->n_calibrants / (double)b->n_expected : 0;
	if (a->n_calibrants != b->n_calibrants)
		return a->n_calibrants > b->n_calibrants;
	if (fa != fb)
		return fa > fb;
	return a->residual_ppm < b->residual_ppm;
}

/* Calibrate against plex @p plex_fixed, or against each plex to choose. */
static int calibrate(mzg__padres *res, const mzg_processed *p, int plex_fixed,
                     const mzg__ctx *ctx)
{
	size_t k, lo = 0, hi = ctx->d->n_plex;
	mzg_calib_opts co = ctx->o->calib;
	mzg_calib c;
	int rc;

	/* a peak list's SNR is over its median peak intensity; in the
	 * caller's units (call.centroid_noise) the calibrant threshold is
	 * this much lower */
	if (p->centroid)
		co.min_snr *= ctx->o->call.centroid_noise;

	if (plex_fixed >= 0) {
		lo = (size_t)plex_fixed;
		hi = lo + 1;
	}
	res->plex = -1;
	for (k = lo; k < hi; k++) {
		rc = mzg_calibrate(&c, p->peaks, p->n_peaks, ctx->ueps[k],
		                   ctx->n_ueps[k], &co);
		if (rc == MZG_ENOMEM)
			return rc;
		if (rc < 0) {
			mzg_calib_init(&c);
			take_reason(c.reason, "calibration failed: ");
		}
		if (res->plex < 0 || calib_better(&c, &res->calib)) {
			res->calib = c;
			res->plex = (int)k;
		}
	}
	res->plex_guessed = plex_fixed < 0 && hi - lo > 1;
	return MZG_OK;
}

/* The review page's snippets: the processed signal around each assay of
 * the plex (kept for every measured pad, since which pads get flagged is
 * only known after clustering). Only running out of memory is an error;
 * an assay without a mass window gets an empty snippet. */
static int snippets(mzg__padres *res, const mzg_processed *p,
                    const mzg_plex *px)
{
	size_t k;

	res->snips = mzg__calloc_array(px->n_assays ? px->n_assays : 1,
	                               sizeof(*res->snips));
	if (!res->snips)
		return mzg__err(MZG_ENOMEM, "out of memory");
	res->n_snips = px->n_assays;
	for (k = 0; k < px->n_assays; k++)
		if (mzg_snippet_make(&res->snips[k], p, &res->calib,
		                     &px->assays[k], 0) == MZG_ENOMEM)
			return MZG_ENOMEM;
	return MZG_OK;
}

int mzg__pad_process(mzg__padres *res, const mzg_spectrum *s, int plex_fixed,
                     const mzg__ctx *ctx, mzg__wspace *w)
{
	const mzg_run *run = ctx->run;
	size_t nt;
	int rc;

	memset(res, 0, sizeof(*res));
	res->done = 1;
	res->plex = plex_fixed < 0 ? -1 : plex_fixed;
	if (plex_fixed < -1) {
		snprintf(res->reason, MZG__REASON, "the plate sheet names a "
		         "multiplex that is not in the design");
		return MZG_OK;
	}
	rc = mzg_process(&w->proc, s, &ctx->o->proc);
	if (rc == MZG_ENOMEM)
		return rc;
	if (rc < 0) {
		take_reason(res->reason, "processing failed: ");
		return MZG_OK;
	}
	res->centroid = w->proc.centroid;
	res->noise = w->proc.noise_median;
	res->resolution = w->proc.resolution;
	res->n_peaks = w->proc.n_peaks;
	if ((rc = calibrate(res, &w->proc, plex_fixed, ctx)) < 0)
		return rc;
	nt = run->n_targets[res->plex];
	res->meas = mzg__calloc_array(nt ? nt : 1, sizeof(mzg_measure));
	if (!w->fit)
		w->fit = mzg__jfit_new(MZG__JFIT_MEMO_RUN);
	if (!res->meas || !w->fit)
		return mzg__err(MZG_ENOMEM, "out of memory");
	/* measured even when the calibration failed (on the observed axis),
	 * so that controls and failed pads can still be inspected */
	rc = mzg__measure_targets_ws(res->meas, &w->proc, &res->calib,
	                             run->targets[res->plex], nt,
	                             &ctx->o->measure, w->fit);
	if (rc == MZG_ENOMEM)
		return rc;
	if (rc < 0) {
		memset(res->meas, 0, nt * sizeof(mzg_measure));
		take_reason(res->reason, "measurement failed: ");
		return MZG_OK;
	}
	if ((rc = snippets(res, &w->proc, &ctx->d->plex[res->plex])) < 0)
		return rc;
	if (!res->calib.ok) {
		snprintf(res->reason, MZG__REASON, "calibration failed: %s",
		         res->calib.reason[0] ? res->calib.reason : "no reason");
		return MZG_OK;
	}
	res->ok = 1;
	return MZG_OK;
}

/* Linear interpolation of (x, y) at @p at; 0 outside the range. @p j is a
 * cursor into x, advanced monotonically by the caller's increasing @p at. */
static double interp(const double *x, const double *y, size_t n, size_t *j,
                     double at)
{
	double t;

	if (n == 0 || at < x[0] || at > x[n - 1])
		return 0.0;
	while (*j + 1 < n && x[*j + 1] < at)
		(*j)++;
	if (*j + 1 >= n)
		return y[n - 1];
	if (x[*j + 1] == x[*j])
		return y[*j];
	t = (at - x[*j]) / (x[*j + 1] - x[*j]);
	return y[*j] + t * (y[*j + 1] - y[*j]);
}

int mzg__acc_add(mzg_spectrum *acc, const mzg_spectrum *s)
{
	size_t i, j = 0, n0 = acc->n;
	int rc;

	if (s->flags & MZG_SPEC_UNSORTED)
		return mzg__err(MZG_EDATA, "m/z values not sorted");
	if (acc->n == 0 || s->repr == MZG_REPR_CENTROID) {
		if (acc->n && SIZE_MAX - acc->n < s->n)
			return mzg__err(MZG_ENOMEM, "peak list too long");
		if ((rc = mzg_spectrum_reserve(acc, acc->n + s->n)) < 0)
			return rc;
		memcpy(acc->mz + n0, s->mz, s->n * sizeof(double));
		memcpy(acc->intensity + n0, s->intensity, s->n * sizeof(double));
		acc->n += s->n;
		if (n0 == 0) {
			acc->repr = s->repr;
			acc->ms_level = s->ms_level;
			acc->index = s->index;
			memcpy(acc->well, s->well, sizeof(acc->well));
			if ((rc = mzg_spectrum_set_ids(acc, s->id,
			                               s->spot_id)) < 0)
				return rc;
		}
		return MZG_OK;
	}
	for (i = 0; i < acc->n; i++)
		acc->intensity[i] += interp(s->mz, s->intensity, s->n, &j,
		                            acc->mz[i]);
	return MZG_OK;
}

/* qsort order of (mz, intensity) pairs by m/z. */
static int cmp_pair(const void *a, const void *b)
{
	double x = ((const double *)a)[0], y = ((const double *)b)[0];

	return (x > y) - (x < y);
}

int mzg__acc_finish(mzg_spectrum *acc)
{
	double *pairs;
	size_t i, out = 0;

	if (acc->repr != MZG_REPR_CENTROID || acc->n < 2)
		return MZG_OK;
	pairs = mzg__malloc_array(acc->n, 2 * sizeof(double));
	if (!pairs)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < acc->n; i++) {
		pairs[2 * i] = acc->mz[i];
		pairs[2 * i + 1] = acc->intensity[i];
	}
	qsort(pairs, acc->n, 2 * sizeof(double), cmp_pair);
	for (i = 0; i < acc->n;) {
		double wsum = 0, psum = 0, isum = 0, first = pairs[2 * i];
		size_t j = i;

		while (j < acc->n &&
		       pairs[2 * j] - first <= first * MERGE_PPM * 1e-6) {
			isum += pairs[2 * j + 1];
			psum += fmax(pairs[2 * j + 1], 0.0);
			wsum += pairs[2 * j] * fmax(pairs[2 * j + 1], 0.0);
			j++;
		}
		acc->mz[out] = psum > 0 ? wsum / psum : first;
		acc->intensity[out] = isum;
		out++;
		i = j;
	}
	acc->n = out;
	free(pairs);
	return MZG_OK;
}
