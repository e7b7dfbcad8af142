/*
 * measure.c -- targeted measurement of every expected species of a pad.
 *
 * A genotype is read from the heights of known species at known masses,
 * not from whatever peaks a detector found, so each expected species (UEP,
 * allele products, adducts, ...) is measured where the recalibrated design
 * puts it: the maximum of the processed signal within a tolerance of
 * min(0.5 FWHM, 0.4 x the gap to the nearest other expected species), with
 * a sub-sample apex for the observed mass. At R ~ 500 allele products 16
 * Da apart overlap and the Na adduct of one allele sits 6 Da from the
 * other, so species closer than 2 FWHM are measured together instead: a
 * sum of Gaussians at their fixed calibrated positions, sharing one width
 * scale (golden-section search) with non-negative heights from linear
 * least squares (Lawson-Hanson active set, Cholesky). A peak list
 * (centroided input) is measured by its nearest peak within tolerance;
 * species closer than half a peak width share one peak, split like merged
 * profile species (measure_centroid.c).
 * Sources and defaults: docs/calibration.md, algorithms.md §5 and §6.7.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "measure_int.h"

#define DUP_DA 0.01          /* targets closer than this are the same mass */
#define MASS_MIN 1.0         /* usable target masses, Da */
#define MASS_MAX 1e7
#define R_MIN 20.0           /* usable resolutions m/FWHM */
#define R_MAX 1e6
#define SAT_LEVEL 0.995      /* plateau: points at >= 99.5 % of the apex */
#define SAT_FWHM 0.25        /* ... spanning >= 0.25 FWHM: saturated */
#define ADDUCT_SNR 10        /* parents that set the pad's adduct ratios */
#define ADDUCT_MIN 3         /* ... at least this many of them */
/* A peak list's SNR is relative to its median peak (docs/processing.md);
 * the caller takes 0.2 x that median as the noise (call.centroid_noise),
 * so 2 here is the caller's SNR 10, as ADDUCT_SNR for profiles. */
#define CENTROID_ADDUCT_SNR 2
#define WIDTH_SNR 20         /* clusters that set the spectrum's width */
#define WIDTH_MIN_CLUSTERS 3 /* ... at least this many of them */
#define WIDTH_MAX_CLUSTERS 8 /* ... at most this many are fitted for it */

typedef mzg__mctx mctx;

void mzg_measure_opts_init(mzg_measure_opts *o)
{
	memset(o, 0, sizeof *o);
	o->tol_fwhm = 0.5;
	o->tol_gap = 0.4;
	o->tol_da = 0;
	o->joint_fit = 1;
	o->fit_link = 2.0;
	o->min_snr = 3;
	o->resolution = 0;
	o->adduct_split = 1;
	o->tie_fwhm = 0.5;
}

int mzg_measure_opts_set(mzg_measure_opts *o, const char *key,
                         const char *value)
{
	static const struct { const char *name; size_t off; } dbl[] = {
		{ "tol_fwhm", offsetof(mzg_measure_opts, tol_fwhm) },
		{ "tol_gap", offsetof(mzg_measure_opts, tol_gap) },
		{ "tol_da", offsetof(mzg_measure_opts, tol_da) },
		{ "fit_link", offsetof(mzg_measure_opts, fit_link) },
		{ "min_snr", offsetof(mzg_measure_opts, min_snr) },
		{ "resolution", offsetof(mzg_measure_opts, resolution) },
		{ "tie_fwhm", offsetof(mzg_measure_opts, tie_fwhm) },
	};
	size_t i;
	double v;

	for (i = 0; i < MZG_ARRAY_LEN(dbl); i++) {
		if (strcmp(key, dbl[i].name) != 0)
			continue;
		if (mzg__parse_double(value, &v) != 0 || v < 0)
			return mzg__err(MZG_EINVAL, "measure.%s: expected a number "
			                ">= 0, got '%s'", key, value);
		*(double *)((char *)o + dbl[i].off) = v;
		return 0;
	}
	if (strcmp(key, "joint_fit") == 0 || strcmp(key, "adduct_split") == 0) {
		long l;
		if (mzg__parse_long(value, &l) != 0 || (l != 0 && l != 1))
			return mzg__err(MZG_EINVAL, "measure.%s: expected 0 or 1, "
			                "got '%s'", key, value);
		*(key[0] == 'j' ? &o->joint_fit : &o->adduct_split) = (int)l;
		return 0;
	}
	return mzg__err(MZG_ENOTFOUND, "unknown measurement option '%s'", key);
}

static int check_opts(const mzg_measure_opts *o)
{
	if (!(o->tol_fwhm > 0) || !(o->tol_gap > 0) || !(o->tol_da >= 0) ||
	    !(o->fit_link >= 0) || !(o->min_snr >= 0) || !(o->resolution >= 0) ||
	    !(o->tie_fwhm >= 0) ||
	    !isfinite(o->tol_fwhm + o->tol_gap + o->tol_da + o->fit_link +
	              o->min_snr + o->resolution + o->tie_fwhm))
		return mzg__err(MZG_EINVAL, "measurement options: tol_fwhm and "
		                "tol_gap must be > 0, the others >= 0 and finite");
	return 0;
}

/* ---- helpers on the processed arrays ---- */

/* First index with mz >= v. */
size_t mzg__lower_idx(const mzg_processed *p, double v)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->mz[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Local noise at index k, falling back to the spectrum's median. */
static double noise_at(const mzg_processed *p, size_t k)
{
	double v = p->noise && k < p->n ? p->noise[k] : 0;

	if (!(v > 0) || !isfinite(v))
		v = p->noise_median;
	return v > 0 && isfinite(v) ? v : 0;
}

double mzg__snr_at(const mzg_processed *p, size_t k, double h)
{
	double nz = noise_at(p, k);
	return nz > 0 ? h / nz : 0;
}

/* Index nearest to m/z @p v (p->n > 0). */
size_t mzg__nearest_idx(const mzg_processed *p, double v)
{
	size_t k = mzg__lower_idx(p, v);

	if (k >= p->n)
		return p->n - 1;
	if (k > 0 && v - p->mz[k - 1] < p->mz[k] - v)
		return k - 1;
	return k;
}

/* Weighted least-squares parabola y = a + b u + c u^2 through (u[i],
 * y[i]) with weights w[i] (Cramer's rule on the 3 x 3 normal equations).
 * 0, or -1 when singular. */
static int parabola(const double *u, const double *y, const double *w,
                    size_t n, double abc[3])
{
	double S[5] = { 0 }, T[3] = { 0 }, det, M[3][3];
	size_t i, r, q, col;

	for (i = 0; i < n; i++) {
		double v = w[i];
		for (r = 0; r < 5; r++, v *= u[i]) {
			S[r] += v;
			if (r < 3)
				T[r] += v * y[i];
		}
	}
	det = S[0] * (S[2] * S[4] - S[3] * S[3]) - S[1] * (S[1] * S[4] - S[3] * S[2]) +
	      S[2] * (S[1] * S[3] - S[2] * S[2]);
	if (!(fabs(det) > 1e-300) || !isfinite(det))
		return -1;
	for (col = 0; col < 3; col++) { /* replace column col by T */
		for (r = 0; r < 3; r++)
			for (q = 0; q < 3; q++)
				M[r][q] = q == col ? T[r] : S[r + q];
		abc[col] = (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
		            M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
		            M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0])) / det;
	}
	return 0;
}

#define APEX_MAX 64 /* points used for the apex fit */

/* Dense noisy sampling defeats the 3-point formula (the curvature over
 * three samples is below the noise); this fit averages over the top. */
void mzg__apex(const double *mz, const double *y, size_t n, size_t k,
               double fwhm, double *mz_out, double *h_out)
{
	double u[APEX_MAX], ly[APEX_MAX], w[APEX_MAX], abc[3], half = 0.5 * y[k];
	size_t a = k, b = k, i, m = 0;

	*mz_out = mz[k];
	*h_out = y[k];
	while (a > 0 && k - a < APEX_MAX / 2 && y[a - 1] > half &&
	       mz[k] - mz[a - 1] <= 0.5 * fwhm)
		a--;
	while (b + 1 < n && b - k < APEX_MAX / 2 - 1 && y[b + 1] > half &&
	       mz[b + 1] - mz[k] <= 0.5 * fwhm)
		b++;
	for (i = a; i <= b; i++, m++) {
		u[m] = (mz[i] - mz[k]) / fwhm;
		ly[m] = log(y[i]);
		w[m] = y[i] * y[i];
	}
	if (m < 3 || parabola(u, ly, w, m, abc) != 0 || !(abc[2] < 0))
		return;
	{
		double v = -abc[1] / (2 * abc[2]);
		double top = abc[0] - abc[1] * abc[1] / (4 * abc[2]);
		if (v < u[0] || v > u[m - 1] || !isfinite(top))
			return;
		*mz_out = mz[k] + v * fwhm;
		*h_out = exp(top);
	}
}

/* Area of the positive signal over [lo, hi] m/z (trapezoids). */
static double area_over(const mzg_processed *p, double lo, double hi)
{
	size_t i = mzg__lower_idx(p, lo);
	double a = 0;

	for (; i + 1 < p->n && p->mz[i + 1] <= hi; i++)
		if (isfinite(p->signal[i]) && isfinite(p->signal[i + 1]))
			a += 0.5 * (fmax(p->signal[i], 0) + fmax(p->signal[i + 1], 0)) *
			     (p->mz[i + 1] - p->mz[i]);
	return a;
}

/* Flat top: the points around apex k within SAT_LEVEL of it span at
 * least SAT_FWHM of the peak width. */
static int saturated(const mzg_processed *p, size_t k, double fwhm)
{
	double lim = SAT_LEVEL * p->signal[k];
	size_t a = k, b = k;

	while (a > 0 && p->signal[a - 1] >= lim)
		a--;
	while (b + 1 < p->n && p->signal[b + 1] >= lim)
		b++;
	return p->mz[b] - p->mz[a] >= SAT_FWHM * fwhm;
}

/* ---- tolerance and flags ---- */

static double fwhm_at(const mctx *x, double m)
{
	return m / x->R;
}

/* Gap to the nearest other expected species, INFINITY when alone; j is
 * the rank of the target in x->ord. Species closer than the merge distance
 * (MZG__MERGE_FWHM, and at least DUP_DA) are one peak that no tolerance
 * can tell apart, so they are skipped: a tolerance from their gap (an
 * allele 0.01 Da from another assay's K adduct) would be a few mDa wide
 * and find no apex at all, reading 0 where the shared peak is. */
static double gap_of(const mctx *x, size_t j)
{
	double m = x->t[x->ord[j]].mass, g = INFINITY;
	double same = fmax(DUP_DA, MZG__MERGE_FWHM * fwhm_at(x, m));
	size_t i;

	for (i = j; i-- > 0;)
		if (m - x->t[x->ord[i]].mass > same) {
			g = m - x->t[x->ord[i]].mass;
			break;
		}
	for (i = j + 1; i < x->n; i++)
		if (x->t[x->ord[i]].mass - m > same) {
			g = fmin(g, x->t[x->ord[i]].mass - m);
			break;
		}
	return g;
}

/* Tolerance and the collision flag of the target of rank j; the output
 * starts as "nothing found at the expected mass". */
static void init_measure(const mctx *x, size_t j)
{
	size_t ti = x->ord[j], i;
	double m = x->t[ti].mass, w = fwhm_at(x, m);
	mzg_measure *r = &x->out[ti];

	memset(r, 0, sizeof *r);
	r->mz_obs = m;
	r->tol_da = x->o->tol_da > 0 ? x->o->tol_da
	            : fmin(x->o->tol_fwhm * w, x->o->tol_gap * gap_of(x, j));
	for (i = j; i-- > 0 && m - x->t[x->ord[i]].mass < w;)
		r->flags |= MZG_M_COLLISION;
	for (i = j + 1; i < x->n && x->t[x->ord[i]].mass - m < w; i++)
		r->flags |= MZG_M_COLLISION;
}

/* Record an apex at observed m/z @p obs with height @p h at index k. */
static void set_apex(const mctx *x, mzg_measure *r, double m, double obs,
                     double h, size_t k)
{
	double w = obs / x->R;

	r->height = h;
	r->snr = mzg__snr_at(x->p, k, h);
	r->area = area_over(x->p, obs - w, obs + w);
	if (saturated(x->p, k, w))
		r->flags |= MZG_M_SATURATED;
	if (r->snr >= x->o->min_snr) {
		r->flags |= MZG_M_FOUND;
		r->mz_obs = mzg_calib_apply(x->c, obs);
		r->err_ppm = (r->mz_obs - m) / m * 1e6;
	}
}

/* Profile: the highest apex within tolerance of the expected mass. */
static void measure_direct(const mctx *x, size_t ti)
{
	const mzg_processed *p = x->p;
	mzg_measure *r = &x->out[ti];
	double m = x->t[ti].mass, h, obs;
	double lo = mzg_calib_invert(x->c, m - r->tol_da);
	double hi = mzg_calib_invert(x->c, m + r->tol_da);
	size_t i, i0, i1, k;

	if (!isfinite(lo) || !isfinite(hi) || p->n < 3 || hi < p->mz[0] ||
	    lo > p->mz[p->n - 1]) {
		r->flags |= MZG_M_EDGE;
		return;
	}
	if (lo < p->mz[0] || hi > p->mz[p->n - 1])
		r->flags |= MZG_M_EDGE;
	i0 = mzg__lower_idx(p, lo);
	i1 = mzg__lower_idx(p, nextafter(hi, INFINITY));
	if (i0 >= i1)
		return;
	for (k = SIZE_MAX, i = i0; i < i1; i++) /* non-finite points: missing */
		if (isfinite(p->signal[i]) && (k == SIZE_MAX || p->signal[i] > p->signal[k]))
			k = i;
	if (k == SIZE_MAX || k == 0 || k + 1 >= p->n || !(p->signal[k] > 0) ||
	    p->signal[k - 1] > p->signal[k] || p->signal[k + 1] > p->signal[k])
		return; /* no apex inside: a flank or nothing */
	mzg__apex(p->mz, p->signal, p->n, k, p->mz[k] / x->R, &obs, &h);
	set_apex(x, r, m, obs, h, k);
}

/* ---- driver ---- */

typedef struct mrank {
	double m;
	size_t i;
} mrank;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_rank(const void *a, const void *b)
{
	double x = ((const mrank *)a)->m, y = ((const mrank *)b)->m;
	return (x > y) - (x < y);
}

/* The resolution to use: the processed spectrum's, the option's, the
 * peaks' median m/FWHM, or MZG_PROC_DEFAULT_RESOLUTION; values outside
 * R_MIN..R_MAX are not resolutions of a mass spectrometer. */
static double resolution_of(const mzg_processed *p, const mzg_measure_opts *o,
                            mrank *tmp)
{
	size_t i, m = 0;
	double r;

	if (p->resolution >= R_MIN && p->resolution <= R_MAX)
		return p->resolution;
	if (o->resolution >= R_MIN && o->resolution <= R_MAX)
		return o->resolution;
	for (i = 0; i < p->n_peaks; i++) {
		r = p->peaks[i].mz / p->peaks[i].fwhm;
		if (p->peaks[i].fwhm > 0 && p->peaks[i].mz > 0 && r >= R_MIN &&
		    r <= R_MAX)
			tmp[m++].m = r;
	}
	if (m == 0)
		return MZG_PROC_DEFAULT_RESOLUTION;
	qsort(tmp, m, sizeof *tmp, cmp_rank);
	return m % 2 ? tmp[m / 2].m : 0.5 * (tmp[m / 2 - 1].m + tmp[m / 2].m);
}

/* Rank the targets with a usable mass (MASS_MIN..MASS_MAX Da); the
 * others are EDGE at once. */
static size_t rank_targets(mctx *x, mrank *rk, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		if (x->t[i].mass >= MASS_MIN && x->t[i].mass <= MASS_MAX) {
			rk[m].m = x->t[i].mass;
			rk[m++].i = i;
			continue;
		}
		memset(&x->out[i], 0, sizeof x->out[i]);
		x->out[i].mz_obs = x->t[i].mass;
		x->out[i].flags = MZG_M_EDGE;
	}
	qsort(rk, m, sizeof *rk, cmp_rank);
	for (i = 0; i < m; i++)
		x->ord[i] = rk[i].i;
	return m;
}

/* End (exclusive rank) of the cluster starting at rank j: the next
 * species closer than fit_link FWHM join it. A dense multiplex can chain
 * more species than one fit takes (MZG__MAX_COMP); such a run is cut at
 * its widest gap among the first MZG__MAX_COMP species, where the pieces
 * overlap least, so that every species is still fitted. */
static size_t cluster_end(const mctx *x, size_t j)
{
	size_t j0 = j, i, cut;
	double a, b, gap, widest = -1;

	while (j + 1 < x->n) {
		a = x->t[x->ord[j]].mass;
		b = x->t[x->ord[j + 1]].mass;
		if (b - a >= x->o->fit_link * fwhm_at(x, 0.5 * (a + b)))
			break;
		j++;
	}
	if (j + 1 - j0 <= MZG__MAX_COMP)
		return j + 1;
	for (cut = j0 + 1, i = j0 + 1; i < j0 + MZG__MAX_COMP; i++) {
		gap = x->t[x->ord[i]].mass - x->t[x->ord[i - 1]].mass;
		if (gap > widest) {
			widest = gap;
			cut = i;
		}
	}
	return cut;
}

size_t mzg__cluster_end(const mctx *x, size_t j)
{
	return cluster_end(x, j);
}

/* Profile input: direct measurement, then joint fits of clusters. A
 * first fit of each cluster finds its best width scale; the width is a
 * property of the spectrum (R is nearly constant over a linear TOF's
 * range), and where a small peak sits between two bigger ones (an allele
 * 1 FWHM from the other and 0.4 FWHM from its adduct) its height hangs on
 * the width, so every cluster is then fitted with the median width scale
 * of the clusters with signal (SNR >= WIDTH_SNR; the nominal width m/R
 * when fewer than WIDTH_MIN_CLUSTERS), and its own common shift. */
static int measure_profile(mctx *x, mzg__jfit *f)
{
	size_t j, j1, i, nc = 0, ns = 0, *cl = NULL;
	double *sv = NULL, s, snr, med = 1; /* nominal width by default */
	int rc = 0;

	cl = mzg__malloc_array(x->n ? x->n : 1, sizeof *cl);
	sv = mzg__malloc_array(x->n ? x->n : 1, sizeof *sv);
	if (!cl || !sv) {
		rc = mzg__err(MZG_ENOMEM, "measurement: out of memory");
		goto out;
	}
	for (j = 0; j < x->n; j = j1) { /* direct; clusters with signal */
		double best = 0;
		j1 = cluster_end(x, j);
		for (i = j; i < j1; i++) {
			measure_direct(x, x->ord[i]);
			best = fmax(best, x->out[x->ord[i]].snr);
		}
		if (j1 - j > 1 && best >= WIDTH_SNR)
			cl[nc++] = j;
	}
	for (i = 0; x->o->joint_fit && i < nc && rc == 0; i++) {
		/* the width from at most WIDTH_MAX_CLUSTERS, spread over mass */
		if (nc > WIDTH_MAX_CLUSTERS && i * WIDTH_MAX_CLUSTERS / nc ==
		    (i + 1) * WIDTH_MAX_CLUSTERS / nc)
			continue;
		rc = mzg__fit_cluster(x, cl[i], cluster_end(x, cl[i]), f, 0, &s, &snr);
		if (rc == 0 && snr >= WIDTH_SNR)
			sv[ns++] = s;
	}
	if (ns >= WIDTH_MIN_CLUSTERS) {
		qsort(sv, ns, sizeof *sv, cmp_double);
		med = ns % 2 ? sv[ns / 2] : 0.5 * (sv[ns / 2 - 1] + sv[ns / 2]);
	}
	x->s_med = med;
	for (j = 0; x->o->joint_fit && j < x->n && rc == 0; j = j1) {
		j1 = cluster_end(x, j);
		if (j1 - j > 1)
			rc = mzg__fit_cluster(x, j, j1, f, med, &s, &snr);
	}
out:
	free(sv);
	free(cl);
	return rc;
}

/* ---- adducts coinciding with other species ---- */

/* The parent (UEP or allele product) of each adduct target, else -1. */
void mzg__find_parents(const mctx *x, long *par)
{
	size_t j, i;

	for (j = 0; j < x->n; j++) {
		const mzg_target *a = &x->t[x->ord[j]];
		par[x->ord[j]] = -1;
		if (a->kind != MZG_T_NA && a->kind != MZG_T_K)
			continue;
		for (i = 0; i < x->n; i++) {
			const mzg_target *b = &x->t[x->ord[i]];
			if (b->assay == a->assay && b->allele == a->allele &&
			    (b->kind == MZG_T_UEP || b->kind == MZG_T_ALLELE)) {
				par[x->ord[j]] = (long)x->ord[i];
				break;
			}
		}
	}
}

/* The pad's adduct/parent height ratio for @p kind: the median over
 * parents with SNR >= ADDUCT_SNR (CENTROID_ADDUCT_SNR for a peak list)
 * whose adduct was measured on its own (not merged, and neither crowded
 * when x->crowded says so); NaN with fewer than ADDUCT_MIN such pairs. */
double mzg__adduct_ratio(const mctx *x, mzg_target_kind kind,
                         const long *par, double *tmp)
{
	size_t j, m = 0;

	for (j = 0; j < x->n; j++) {
		size_t ti = x->ord[j];
		long pi = par[ti];
		if (x->t[ti].kind != kind || pi < 0 || x->grp[ti] >= 0 ||
		    x->grp[pi] >= 0 || (x->out[ti].flags & MZG_M_EDGE) ||
		    (x->crowded && (x->crowded[ti] || x->crowded[pi])) ||
		    !(x->out[pi].snr >= (x->p->centroid ? CENTROID_ADDUCT_SNR : ADDUCT_SNR)) ||
		    !(x->out[pi].height > 0))
			continue;
		tmp[m++] = x->out[ti].height / x->out[pi].height;
	}
	if (m < ADDUCT_MIN)
		return NAN;
	qsort(tmp, m, sizeof *tmp, cmp_double);
	return m % 2 ? tmp[m / 2] : 0.5 * (tmp[m / 2 - 1] + tmp[m / 2]);
}

/* Give target ti the height h, scaling SNR and area with it. */
static void set_height(const mctx *x, size_t ti, double h)
{
	mzg_measure *r = &x->out[ti];
	double f = r->height > 0 ? h / r->height : 0;

	r->height = h;
	r->snr *= f;
	r->area *= f;
	r->flags = (r->flags & ~(unsigned)MZG_M_FOUND) | MZG_M_ADDUCT_SPLIT;
	if (h > 0 && r->snr >= x->o->min_snr) {
		r->flags |= MZG_M_FOUND;
	} else {
		r->mz_obs = x->t[ti].mass;
		r->err_ppm = 0;
	}
}

/* Split the merged height of ranks [j0, j1) (one group): each adduct
 * gets ratio x its parent's height, the one other species the rest.
 * Left alone with two or more non-adduct members or an unknown ratio. */
static void split_group(const mctx *x, size_t j0, size_t j1, const long *par,
                        const double *rho)
{
	double H = x->out[x->ord[j0]].height, sum = 0, scale;
	double pred[MZG__MAX_COMP];
	long other = -1;
	size_t j;

	if (!(H > 0) || j1 - j0 > MZG__MAX_COMP)
		return;
	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		mzg_target_kind k = x->t[ti].kind;
		pred[j - j0] = 0;
		if (k != MZG_T_NA && k != MZG_T_K) {
			if (other >= 0)
				return;
			other = (long)ti;
			continue;
		}
		if (par[ti] < 0 || !isfinite(rho[k == MZG_T_K]))
			return;
		pred[j - j0] = rho[k == MZG_T_K] * x->out[par[ti]].height;
		sum += pred[j - j0];
	}
	if (!(sum > 0))
		return;
	scale = (other < 0 || sum > H) ? H / sum : 1;
	for (j = j0; j < j1; j++)
		if ((long)x->ord[j] != other)
			set_height(x, x->ord[j], pred[j - j0] * scale);
	if (other >= 0)
		set_height(x, (size_t)other, fmax(0, H - sum * scale));
}

/* Correct merged groups for the adducts in them, in ascending mass so a
 * parent is corrected before its adducts are predicted from it. */
int mzg__split_adducts(mctx *x)
{
	long *par = mzg__malloc_array(x->n_all, sizeof *par);
	double *tmp = mzg__malloc_array(x->n ? x->n : 1, sizeof *tmp);
	double rho[2];
	size_t j, j1;

	if (!par || !tmp) {
		free(par);
		free(tmp);
		return mzg__err(MZG_ENOMEM, "measurement: out of memory");
	}
	mzg__find_parents(x, par);
	rho[0] = x->rho_set ? x->rho[0] : mzg__adduct_ratio(x, MZG_T_NA, par, tmp);
	rho[1] = x->rho_set ? x->rho[1] : mzg__adduct_ratio(x, MZG_T_K, par, tmp);
	for (j = 0; j < x->n; j = j1) {
		long g = x->grp[x->ord[j]];
		for (j1 = j + 1; g >= 0 && j1 < x->n && x->grp[x->ord[j1]] == g; j1++)
			;
		if (g >= 0)
			split_group(x, j, j1, par, rho);
	}
	free(par);
	free(tmp);
	return 0;
}

static int measure_all(mctx *x, mrank *rk, size_t n, mzg__jfit *ws)
{
	mzg__jfit *f = ws;
	size_t j;
	int rc = 0;

	x->n = rank_targets(x, rk, n);
	for (j = 0; j < x->n; j++) {
		size_t ti = x->ord[j];
		init_measure(x, j);
		x->pos[ti] = mzg_calib_invert(x->c, x->t[ti].mass);
	}
	if (x->p->centroid)
		return mzg__measure_centroids(x);
	if (!f && !(f = mzg__jfit_new(MZG__JFIT_MEMO_ONE)))
		return mzg__err(MZG_ENOMEM, "measurement: out of memory");
	mzg__jfit_use(f, x->p);
	rc = measure_profile(x, f);
	if (rc == 0 && x->o->adduct_split && x->o->joint_fit && x->o->tie_fwhm > 0)
		rc = mzg__tie_adducts(x, f);
	if (rc == 0 && x->o->adduct_split && x->n_grp > 0)
		rc = mzg__split_adducts(x);
	if (f != ws)
		mzg__jfit_free(f);
	return rc;
}

int mzg_measure_targets(mzg_measure *out, const mzg_processed *p,
                        const mzg_calib *c, const mzg_target *t, size_t n,
                        const mzg_measure_opts *o)
{
	return mzg__measure_targets_ws(out, p, c, t, n, o, NULL);
}

int mzg__measure_targets_ws(mzg_measure *out, const mzg_processed *p,
                            const mzg_calib *c, const mzg_target *t, size_t n,
                            const mzg_measure_opts *o, mzg__jfit *ws)
{
	mzg_measure_opts def;
	mctx x;
	mrank *rk = NULL;
	size_t i;
	int rc;

	if (!o) {
		mzg_measure_opts_init(&def);
		o = &def;
	}
	if (n == 0)
		return 0;
	if (!out || !p || !t)
		return mzg__err(MZG_EINVAL, "measurement: NULL argument");
	if ((rc = check_opts(o)) != 0)
		return rc;
	memset(&x, 0, sizeof x);
	x.p = p;
	x.c = c;
	x.o = o;
	x.t = t;
	x.n_all = n;
	x.out = out;
	rk = mzg__malloc_array(n > p->n_peaks ? n : p->n_peaks, sizeof *rk);
	x.ord = mzg__malloc_array(n, sizeof *x.ord);
	x.pos = mzg__malloc_array(n, sizeof *x.pos);
	x.grp = mzg__malloc_array(n, sizeof *x.grp);
	if (!rk || !x.ord || !x.pos || !x.grp) {
		rc = mzg__err(MZG_ENOMEM, "measurement: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		x.grp[i] = -1;
	x.R = resolution_of(p, o, rk);
	rc = measure_all(&x, rk, n, ws);
out:
	free(x.grp);
	free(x.pos);
	free(x.ord);
	free(rk);
	return rc;
}
