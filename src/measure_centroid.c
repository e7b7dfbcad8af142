/*
 * measure_centroid.c -- targeted measurement of a centroided pad (a peak
 * list): every expected species takes the nearest listed peak within its
 * tolerance (docs/calibration.md).
 *
 * A peak picker reports species closer than about half a peak width as one
 * centroid: in C/G, G/T and A/C assays the K+ or Na+ adduct of one allele
 * lies 1.8-2.0 Da from the other allele, so their centroid sits between
 * the two. Measured one by one, each target's tolerance shrank to 0.4 x
 * that gap (< 1 Da), the shared centroid fell outside both and a
 * heterozygote lost an allele: a confident wrong homozygote (found by
 * bench/accuracy.sh on centroid chips of testdata/design/bench_2plex_40.tsv).
 * Such targets therefore form a group (x->grp, COLLISION) measured by one
 * peak within the group's tolerance and shared out by the pad's adduct
 * ratios (mzg__split_adducts), as merged species of a profile are; when
 * the ratios are unknown every member keeps its own narrow tolerance.
 */
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "measure_int.h"

typedef mzg__mctx mctx;

/* Targets closer than this many FWHM share one centroid. */
#define CENTROID_MERGE_FWHM 0.5

static void centroid_groups(mctx *x)
{
	size_t j;

	for (j = 1; j < x->n; j++) {
		size_t ti = x->ord[j], prev = x->ord[j - 1];
		double m = x->t[ti].mass;

		if (m - x->t[prev].mass >= CENTROID_MERGE_FWHM * m / x->R)
			continue;
		if (x->grp[prev] < 0)
			x->grp[prev] = x->n_grp++;
		x->grp[ti] = x->grp[prev];
		x->out[ti].flags |= MZG_M_COLLISION;
		x->out[prev].flags |= MZG_M_COLLISION;
	}
}

/* The listed peak nearest (calibrated) to the mass range [m0, m1], within
 * @p tol of it; -1 when there is none. *n_in counts the peaks within. */
static long nearest_peak(const mctx *x, double m0, double m1, double tol,
                         size_t *n_in)
{
	const mzg_processed *p = x->p;
	double best = tol;
	long k = -1;
	size_t i;

	*n_in = 0;
	for (i = 0; i < p->n_peaks; i++) {
		double mz = mzg_calib_apply(x->c, p->peaks[i].mz);
		double d = mz < m0 ? m0 - mz : mz > m1 ? mz - m1 : 0;
		if (!isfinite(mz) || !(d <= tol) || !(p->peaks[i].intensity > 0) ||
		    !isfinite(p->peaks[i].intensity))
			continue;
		++*n_in;
		if (d <= best) {
			best = d;
			k = (long)i;
		}
	}
	return k;
}

/* Target ti measured by listed peak k within tolerance tol. */
static void take_peak(const mctx *x, size_t ti, long k, double tol)
{
	const mzg_processed *p = x->p;
	mzg_measure *r = &x->out[ti];

	r->tol_da = tol;
	if (k < 0)
		return;
	r->height = p->peaks[k].intensity;
	r->area = isfinite(p->peaks[k].area) ? fmax(p->peaks[k].area, 0) : 0;
	r->snr = p->peaks[k].snr > 0 && isfinite(p->peaks[k].snr) ? p->peaks[k].snr
	         : (p->noise_median > 0 ? r->height / p->noise_median : 0);
	if (!isfinite(r->snr))
		r->snr = 0;
	/* the list holds what the instrument's peak picker accepted; its SNR
	 * (relative to the median peak) is no detection threshold */
	r->flags |= MZG_M_FOUND;
	r->mz_obs = mzg_calib_apply(x->c, p->peaks[k].mz);
	r->err_ppm = (r->mz_obs - x->t[ti].mass) / x->t[ti].mass * 1e6;
}

/* The targets of ranks [j0, j1) (one, or one group) measured by the
 * nearest listed peak. A group with one peak within its tolerance shares
 * it (split later); with several, the picker resolved them and each
 * member takes its nearest (the group is dissolved). */
static void measure_centroid(mctx *x, size_t j0, size_t j1)
{
	double m0 = x->t[x->ord[j0]].mass, m1 = x->t[x->ord[j1 - 1]].mass;
	double tol = x->out[x->ord[j0]].tol_da, gap = INFINITY;
	size_t j, n_in;
	long k;

	if (j1 - j0 > 1 && !(x->o->tol_da > 0)) {
		if (j0 > 0)
			gap = m0 - x->t[x->ord[j0 - 1]].mass;
		if (j1 < x->n)
			gap = fmin(gap, x->t[x->ord[j1]].mass - m1);
		tol = fmin(x->o->tol_fwhm * 0.5 * (m0 + m1) / x->R,
		           x->o->tol_gap * gap);
	}
	k = nearest_peak(x, m0, m1, tol, &n_in);
	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		long kj = k;
		if (n_in > 1 && j1 - j0 > 1) {
			double m = x->t[ti].mass;
			size_t unused;
			kj = nearest_peak(x, m, m, tol, &unused);
			x->grp[ti] = -1;
		}
		take_peak(x, ti, kj, tol);
	}
}

/* Whether the adduct split can share out group [j0, j1): at most one member
 * that is not an adduct, every adduct with a parent and a known ratio. */
static int splittable(const mctx *x, size_t j0, size_t j1, const long *par,
                      const double *rho)
{
	size_t j, others = 0;

	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		mzg_target_kind k = x->t[ti].kind;
		if (k != MZG_T_NA && k != MZG_T_K)
			others++;
		else if (par[ti] < 0 || !isfinite(rho[k == MZG_T_K]))
			return 0;
	}
	return others <= 1;
}

/* Centroided input: single targets first (they give the pad's adduct
 * ratios), then each group: shared and split when it can be, else every
 * member takes the nearest peak within its own (narrow) tolerance. */
int mzg__measure_centroids(mctx *x)
{
	long *par = mzg__malloc_array(x->n_all, sizeof *par);
	double *tmp = mzg__malloc_array(x->n ? x->n : 1, sizeof *tmp);
	double rho[2];
	size_t j, j1, unused;
	int rc = 0;

	if (!par || !tmp) {
		rc = mzg__err(MZG_ENOMEM, "measurement: out of memory");
		goto out;
	}
	centroid_groups(x);
	for (j = 0; j < x->n; j++)
		if (x->grp[x->ord[j]] < 0)
			measure_centroid(x, j, j + 1);
	mzg__find_parents(x, par);
	rho[0] = mzg__adduct_ratio(x, MZG_T_NA, par, tmp);
	rho[1] = mzg__adduct_ratio(x, MZG_T_K, par, tmp);
	for (j = 0; j < x->n; j = j1) {
		long g = x->grp[x->ord[j]];
		for (j1 = j + 1; g >= 0 && j1 < x->n && x->grp[x->ord[j1]] == g; j1++)
			;
		if (g < 0)
			continue;
		if (x->o->adduct_split && splittable(x, j, j1, par, rho)) {
			measure_centroid(x, j, j1);
			continue;
		}
		for (; j < j1; j++) {
			size_t ti = x->ord[j];
			double m = x->t[ti].mass;
			x->grp[ti] = -1;
			take_peak(x, ti, nearest_peak(x, m, m, x->out[ti].tol_da, &unused),
			          x->out[ti].tol_da);
		}
	}
	if (x->n_grp > 0)
		rc = mzg__split_adducts(x);
out:
	free(par);
	free(tmp);
	return rc;
}
