/*
 * calib.c -- internal mass recalibration of one spectrum on its UEPs.
 *
 * The external calibration of a linear MALDI-TOF is often several hundred
 * ppm off (an oligo QC example shows 870 ppm), more than half the 16 Da
 * allele spacing at R 500 allows, so every pad is recalibrated on its own
 * unextended primers, which are present in excess. A coarse search picks
 * the relative shift (within +-0.3 %) that matches the most UEPs at once,
 * so a single strong neighbour (an allele product or adduct near one UEP)
 * cannot capture the match; a least-squares fit in sqrt(m) space (the TOF
 * physics: time is linear, to first order quadratic, in sqrt(m)) then
 * corrects shift and scale, iterated with 3 x MAD outlier rejection. Too
 * few calibrants fall back to a constant shift; a pad where no consistent
 * calibration exists is reported bad, never silently shifted. Sources and
 * defaults: docs/calibration.md, algorithms.md §3.3.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include "calib_int.h"
#include "internal.h"
#include "mzgeno/calib.h"

#define WIN_DEFAULT 1.0e-3 /* auto match window without peak widths */
#define WIN_MIN 2.0e-4
#define WIN_MAX 1.5e-3
#define MAX_ITER 20        /* robust-fit iterations */
#define MAX_PASS 3         /* match -> fit -> re-match passes */
#define MAD_SCALE 1.4826

/* A calibrant candidate: a peak with its weight (intensity). */
typedef struct cpeak {
	double mz, w;
} cpeak;

/* A matched UEP: observed peak, expected mass, kept by the robust fit. */
typedef struct cpair {
	double obs, ref, w;
	int keep;
} cpair;

typedef struct cal_ctx {
	const mzg_calib_opts *o;
	cpeak *pk;           /* candidates sorted by m/z */
	size_t n_pk;
	const double *ref;   /* valid expected masses */
	size_t n_ref;
	double ref_span;     /* max - min expected mass */
	double win_rel;      /* auto match window, relative */
	cpair *pair;         /* up to n_ref matches */
	size_t n_pair;
} cal_ctx;

void mzg_calib_opts_init(mzg_calib_opts *o)
{
	memset(o, 0, sizeof *o);
	o->search_rel = 0.003;
	o->match_da = 0;
	o->min_snr = 3;
	o->min_calibrants = 1;
	o->min_fraction = 0.25;
	o->min_fit = 3;
	o->min_quad = 6;
	o->reject_ppm = 50;
	o->max_residual_ppm = 300;
}

int mzg_calib_opts_set(mzg_calib_opts *o, const char *key, const char *value)
{
	static const struct { const char *name; size_t off; } dbl[] = {
		{ "search_rel", offsetof(mzg_calib_opts, search_rel) },
		{ "match_da", offsetof(mzg_calib_opts, match_da) },
		{ "min_snr", offsetof(mzg_calib_opts, min_snr) },
		{ "min_fraction", offsetof(mzg_calib_opts, min_fraction) },
		{ "reject_ppm", offsetof(mzg_calib_opts, reject_ppm) },
		{ "max_residual_ppm", offsetof(mzg_calib_opts, max_residual_ppm) },
	}, cnt[] = {
		{ "min_calibrants", offsetof(mzg_calib_opts, min_calibrants) },
		{ "min_fit", offsetof(mzg_calib_opts, min_fit) },
		{ "min_quad", offsetof(mzg_calib_opts, min_quad) },
	};
	size_t i;
	double v;
	long l;

	for (i = 0; i < MZG_ARRAY_LEN(dbl); i++)
		if (strcmp(key, dbl[i].name) == 0) {
			if (mzg__parse_double(value, &v) != 0 || v < 0 ||
			    (dbl[i].off == offsetof(mzg_calib_opts, search_rel) &&
			     !(v > 0 && v < 0.1)))
				return mzg__err(MZG_EINVAL, "calib.%s: expected a number "
				                ">= 0%s, got '%s'", key,
				                strcmp(key, "search_rel") ? "" : " and < 0.1",
				                value);
			*(double *)((char *)o + dbl[i].off) = v;
			return 0;
		}
	for (i = 0; i < MZG_ARRAY_LEN(cnt); i++)
		if (strcmp(key, cnt[i].name) == 0) {
			if (mzg__parse_long(value, &l) != 0 || l < 0 || l > 100000)
				return mzg__err(MZG_EINVAL, "calib.%s: expected a count, "
				                "got '%s'", key, value);
			*(size_t *)((char *)o + cnt[i].off) = (size_t)l;
			return 0;
		}
	return mzg__err(MZG_ENOTFOUND, "unknown calibration option '%s'", key);
}

void mzg_calib_init(mzg_calib *c)
{
	memset(c, 0, sizeof *c);
	c->model = MZG_CAL_NONE;
}

double mzg_calib_apply(const mzg_calib *c, double mz)
{
	double x;

	if (!c || !(mz > 0) || !isfinite(mz))
		return mz;
	x = sqrt(mz);
	switch (c->model) {
	case MZG_CAL_SHIFT:
		return mz * (1 + c->coef[0]);
	case MZG_CAL_SQRT:
		x = c->coef[0] + c->coef[1] * x;
		return x * x;
	case MZG_CAL_SQRT_QUAD:
		x = c->coef[0] + c->coef[1] * x + c->coef[2] * mz;
		return x * x;
	default:
		return mz;
	}
}

/* mzg_calib_apply()'s arithmetic for one value, the model given. */
static double apply_one(mzg_calib_model model, double c0, double c1,
                        double c2, double m)
{
	double x;

	if (!(m > 0) || !isfinite(m))
		return m;
	x = sqrt(m);
	if (model == MZG_CAL_SHIFT)
		return m * (1 + c0);
	if (model == MZG_CAL_SQRT) {
		x = c0 + c1 * x;
		return x * x;
	}
	if (model == MZG_CAL_SQRT_QUAD) {
		x = c0 + c1 * x + c2 * m;
		return x * x;
	}
	return m;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* Four values at a time, the same operations lane by lane (AVX has no
 * fused multiply-add); returns how many were done. */
__attribute__((target("avx")))
static size_t apply_avx(mzg_calib_model model, double c0, double c1,
                        double c2, const double *mz, double *out, size_t n)
{
	const __m256d zero = _mm256_setzero_pd(), inf = _mm256_set1_pd(INFINITY);
	const __m256d v0 = _mm256_set1_pd(c0), v1 = _mm256_set1_pd(c1);
	const __m256d v2 = _mm256_set1_pd(c2), sh = _mm256_set1_pd(1 + c0);
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		__m256d m = _mm256_loadu_pd(mz + i), y, x;
		__m256d ok = _mm256_and_pd(_mm256_cmp_pd(m, zero, _CMP_GT_OQ),
		                           _mm256_cmp_pd(m, inf, _CMP_LT_OQ));

		if (model == MZG_CAL_SHIFT) {
			y = _mm256_mul_pd(m, sh);
		} else {
			x = _mm256_add_pd(v0, _mm256_mul_pd(v1, _mm256_sqrt_pd(m)));
			if (model == MZG_CAL_SQRT_QUAD)
				x = _mm256_add_pd(x, _mm256_mul_pd(v2, m));
			y = _mm256_mul_pd(x, x);
		}
		_mm256_storeu_pd(out + i, _mm256_blendv_pd(m, y, ok));
	}
	return i;
}

static int have_avx(void)
{
	return __builtin_cpu_supports("avx");
}
#else
static size_t apply_avx(mzg_calib_model model, double c0, double c1,
                        double c2, const double *mz, double *out, size_t n)
{
	(void)model, (void)c0, (void)c1, (void)c2, (void)mz, (void)out, (void)n;
	return 0;
}

static int have_avx(void)
{
	return 0;
}
#endif

/* The same arithmetic as mzg_calib_apply, with the model chosen once. */
void mzg__calib_apply_n(const mzg_calib *c, const double *mz, double *out,
                        size_t n)
{
	double c0 = c ? c->coef[0] : 0, c1 = c ? c->coef[1] : 0;
	double c2 = c ? c->coef[2] : 0;
	mzg_calib_model model = c ? c->model : MZG_CAL_NONE;
	size_t i = 0;

	if (model != MZG_CAL_SHIFT && model != MZG_CAL_SQRT &&
	    model != MZG_CAL_SQRT_QUAD) {
		if (out != mz)
			memmove(out, mz, n * sizeof *out);
		return;
	}
	if (have_avx())
		i = apply_avx(model, c0, c1, c2, mz, out, n);
	for (; i < n; i++)
		out[i] = apply_one(model, c0, c1, c2, mz[i]);
}

double mzg_calib_invert(const mzg_calib *c, double m)
{
	double y, d, disc, x;

	if (!c || !(m > 0) || !isfinite(m))
		return m;
	y = sqrt(m);
	switch (c->model) {
	case MZG_CAL_SHIFT:
		return m / (1 + c->coef[0]);
	case MZG_CAL_SQRT:
		x = (y - c->coef[0]) / c->coef[1];
		return x > 0 ? x * x : NAN;
	case MZG_CAL_SQRT_QUAD:
		/* c2 x^2 + c1 x - d = 0, the root that tends to d/c1 as c2 -> 0 */
		d = y - c->coef[0];
		disc = c->coef[1] * c->coef[1] + 4 * c->coef[2] * d;
		if (!(disc >= 0))
			return NAN;
		x = 2 * d / (c->coef[1] + sqrt(disc));
		return x > 0 ? x * x : NAN;
	default:
		return m;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_cpeak(const void *a, const void *b)
{
	return cmp_double(&((const cpeak *)a)->mz, &((const cpeak *)b)->mz);
}

/* Median of v[0..n) (reorders v); 0 for n = 0. */
static double median_inplace(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Calibrant candidates: finite positive peaks with enough SNR (the SNR
 * test is dropped when no peak has one, e.g. a bare peak list), sorted;
 * the auto window is half the median relative FWHM. */
static int collect_peaks(cal_ctx *x, const mzg_peak *p, size_t n)
{
	int any_snr = 0;
	double *rel = NULL;
	size_t i, n_rel = 0;

	for (i = 0; i < n; i++)
		any_snr |= p[i].snr > 0;
	x->pk = mzg__malloc_array(n ? n : 1, sizeof *x->pk);
	rel = mzg__malloc_array(n ? n : 1, sizeof *rel);
	if (!x->pk || !rel) {
		free(rel);
		return mzg__err(MZG_ENOMEM, "calibration: out of memory");
	}
	for (i = 0; i < n; i++) {
		if (!(p[i].mz > 0) || !isfinite(p[i].mz) || !(p[i].intensity > 0) ||
		    !isfinite(p[i].intensity))
			continue;
		if (any_snr && !(p[i].snr >= x->o->min_snr))
			continue;
		x->pk[x->n_pk].mz = p[i].mz;
		x->pk[x->n_pk++].w = p[i].intensity;
		if (p[i].fwhm > 0 && isfinite(p[i].fwhm))
			rel[n_rel++] = p[i].fwhm / p[i].mz;
	}
	qsort(x->pk, x->n_pk, sizeof *x->pk, cmp_cpeak);
	x->win_rel = n_rel ? 0.5 * median_inplace(rel, n_rel) : WIN_DEFAULT;
	x->win_rel = fmin(fmax(x->win_rel, WIN_MIN), WIN_MAX);
	free(rel);
	return 0;
}

/* Half-width of the match window around expected mass @p r, in Da. */
static double win_da(const cal_ctx *x, double r)
{
	return x->o->match_da > 0 ? x->o->match_da : x->win_rel * r;
}

/* First candidate with mz >= v. */
static size_t lower_bound(const cal_ctx *x, double v)
{
	size_t lo = 0, hi = x->n_pk;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->pk[mid].mz < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The candidate nearest to @p pos within +-win, or -1. */
static long nearest_peak(const cal_ctx *x, double pos, double win)
{
	size_t k = lower_bound(x, pos);
	long best = -1;
	double bd = win;

	if (k < x->n_pk && x->pk[k].mz - pos <= bd) {
		best = (long)k;
		bd = x->pk[k].mz - pos;
	}
	if (k > 0 && pos - x->pk[k - 1].mz <= bd)
		best = (long)k - 1;
	return best;
}

/* How many UEPs find a peak if every observed mass is r (1 + delta). */
static size_t score_shift(const cal_ctx *x, double delta, double *wsum)
{
	size_t i, count = 0;

	*wsum = 0;
	for (i = 0; i < x->n_ref; i++) {
		long k = nearest_peak(x, x->ref[i] * (1 + delta),
		                      win_da(x, x->ref[i]));
		if (k >= 0) {
			count++;
			*wsum += x->pk[k].w;
		}
	}
	return count;
}

/* Coarse stage: try the shift implied by every peak-UEP pair within the
 * search range; keep the one matching most UEPs (then the most intensity,
 * then the smallest shift). Returns the number of UEPs matched. */
static size_t coarse_shift(const cal_ctx *x, double *best_delta)
{
	size_t i, k, best = 0;
	double best_w = 0, S = x->o->search_rel;

	*best_delta = 0;
	for (i = 0; i < x->n_ref; i++) {
		double r = x->ref[i];
		for (k = lower_bound(x, r * (1 - S));
		     k < x->n_pk && x->pk[k].mz <= r * (1 + S); k++) {
			double w, d = x->pk[k].mz / r - 1;
			size_t c = score_shift(x, d, &w);
			if (c > best || (c == best && (w > best_w ||
			    (w == best_w && fabs(d) < fabs(*best_delta))))) {
				best = c;
				best_w = w;
				*best_delta = d;
			}
		}
	}
	return best;
}

/* Match every UEP to its nearest candidate around where model @p c puts
 * it; fills x->pair. */
static void match_model(cal_ctx *x, const mzg_calib *c)
{
	size_t i;

	x->n_pair = 0;
	for (i = 0; i < x->n_ref; i++) {
		double pos = mzg_calib_invert(c, x->ref[i]);
		long k = isfinite(pos) ? nearest_peak(x, pos, win_da(x, x->ref[i])) : -1;
		if (k < 0)
			continue;
		x->pair[x->n_pair].obs = x->pk[k].mz;
		x->pair[x->n_pair].ref = x->ref[i];
		x->pair[x->n_pair].w = x->pk[k].w;
		x->pair[x->n_pair++].keep = 1;
	}
}

/* Set @p c to a constant shift: observed = expected (1 + delta). */
static void set_shift(mzg_calib *c, double delta)
{
	c->model = MZG_CAL_SHIFT;
	c->coef[0] = 1 / (1 + delta) - 1;
	c->coef[1] = c->coef[2] = 0;
}

static double resid_ppm(const mzg_calib *c, const cpair *p)
{
	return (mzg_calib_apply(c, p->obs) - p->ref) / p->ref * 1e6;
}

/* Least squares sqrt(ref) = a + b (sqrt(obs) - mu) [+ q (sqrt(obs) - mu)^2]
 * over the kept pairs, converted to uncentred coefficients. */
static int fit_sqrt(mzg_calib *c, const cpair *pr, size_t n, size_t np)
{
	gsl_matrix *X = NULL, *cov = NULL;
	gsl_vector *y = NULL, *b = NULL;
	gsl_multifit_linear_workspace *w = NULL;
	size_t i, j = 0, nk = 0;
	double mu = 0, chisq, a, s, q;
	int rc = MZG_ENOMEM, grc;

	for (i = 0; i < n; i++)
		if (pr[i].keep) {
			mu += sqrt(pr[i].obs);
			nk++;
		}
	if (nk < np)
		return mzg__err(MZG_EINTERNAL, "calibration: %zu points for %zu "
		                "coefficients", nk, np);
	mu /= (double)nk;
	X = gsl_matrix_alloc(nk, np);
	y = gsl_vector_alloc(nk);
	b = gsl_vector_alloc(np);
	cov = gsl_matrix_alloc(np, np);
	w = gsl_multifit_linear_alloc(nk, np);
	if (!X || !y || !b || !cov || !w) {
		mzg__err(rc, "calibration: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		double t;
		if (!pr[i].keep)
			continue;
		t = sqrt(pr[i].obs) - mu;
		gsl_matrix_set(X, j, 0, 1.0);
		gsl_matrix_set(X, j, 1, t);
		if (np > 2)
			gsl_matrix_set(X, j, 2, t * t);
		gsl_vector_set(y, j++, sqrt(pr[i].ref));
	}
	grc = gsl_multifit_linear(X, y, b, cov, &chisq, w);
	if (grc != GSL_SUCCESS) {
		rc = mzg__err(MZG_EINTERNAL, "calibration: least squares failed: %s",
		              gsl_strerror(grc));
		goto out;
	}
	a = gsl_vector_get(b, 0);
	s = gsl_vector_get(b, 1);
	q = np > 2 ? gsl_vector_get(b, 2) : 0;
	c->model = np > 2 ? MZG_CAL_SQRT_QUAD : MZG_CAL_SQRT;
	c->coef[0] = a - s * mu + q * mu * mu;
	c->coef[1] = s - 2 * q * mu;
	c->coef[2] = q;
	rc = (isfinite(c->coef[0]) && isfinite(c->coef[1]) && isfinite(c->coef[2]))
	     ? 0 : mzg__err(MZG_EINTERNAL, "calibration: non-finite fit");
out:
	gsl_multifit_linear_free(w);
	gsl_matrix_free(cov);
	gsl_vector_free(b);
	gsl_vector_free(y);
	gsl_matrix_free(X);
	return rc;
}

/* Fit @p model to the kept pairs; @p tmp has room for n doubles. */
static int fit_model(mzg_calib *c, mzg_calib_model model, const cpair *pr,
                     size_t n, double *tmp)
{
	size_t i, nk = 0;

	if (model == MZG_CAL_SHIFT) {
		for (i = 0; i < n; i++)
			if (pr[i].keep)
				tmp[nk++] = pr[i].ref / pr[i].obs - 1;
		c->model = MZG_CAL_SHIFT;
		c->coef[0] = median_inplace(tmp, nk);
		c->coef[1] = c->coef[2] = 0;
		return 0;
	}
	return fit_sqrt(c, pr, n, model == MZG_CAL_SQRT_QUAD ? 3 : 2);
}

/* Fewest kept calibrants that keep @p model. */
static size_t model_min(const mzg_calib_opts *o, mzg_calib_model model)
{
	if (model == MZG_CAL_SQRT_QUAD)
		return o->min_quad > 3 ? o->min_quad : 3;
	if (model == MZG_CAL_SQRT)
		return o->min_fit > 2 ? o->min_fit : 2;
	return 1;
}

/* Do the kept pairs span at least half the range of the expected UEPs? */
static int spread_ok(const cal_ctx *x)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	for (i = 0; i < x->n_pair; i++)
		if (x->pair[i].keep) {
			lo = fmin(lo, x->pair[i].ref);
			hi = fmax(hi, x->pair[i].ref);
		}
	return hi > lo && hi - lo >= 0.5 * x->ref_span;
}

/* Richest model the kept pairs support. */
static mzg_calib_model choose_model(const cal_ctx *x)
{
	size_t i, nk = 0;

	for (i = 0; i < x->n_pair; i++)
		nk += x->pair[i].keep != 0;
	if (nk >= model_min(x->o, MZG_CAL_SQRT_QUAD) && spread_ok(x))
		return MZG_CAL_SQRT_QUAD;
	if (nk >= model_min(x->o, MZG_CAL_SQRT))
		return MZG_CAL_SQRT;
	return MZG_CAL_SHIFT;
}

/* One rejection step: keep pairs with |residual| <= max(3 sigma_MAD,
 * reject_ppm). Returns whether the kept set changed; *nk = kept count. */
static int reject_step(cal_ctx *x, const mzg_calib *c, double *tmp, size_t *nk)
{
	size_t i, m = 0;
	double med, thr;
	int changed = 0;

	for (i = 0; i < x->n_pair; i++)
		if (x->pair[i].keep)
			tmp[m++] = resid_ppm(c, &x->pair[i]);
	med = median_inplace(tmp, m);
	for (i = 0; i < m; i++)
		tmp[i] = fabs(tmp[i] - med);
	thr = fmax(3 * MAD_SCALE * median_inplace(tmp, m), x->o->reject_ppm);
	*nk = 0;
	for (i = 0; i < x->n_pair; i++) {
		int k = fabs(resid_ppm(c, &x->pair[i])) <= thr;
		changed |= k != x->pair[i].keep;
		x->pair[i].keep = k;
		*nk += (size_t)k;
	}
	return changed;
}

/* Iterated least squares with outlier rejection; the model is downgraded
 * (quadratic -> linear -> shift) when rejection leaves too few points. */
static int robust_fit(cal_ctx *x, mzg_calib *c, double *tmp)
{
	mzg_calib_model model = choose_model(x);
	size_t i, it, nk;
	int rc;

restart:
	for (i = 0; i < x->n_pair; i++)
		x->pair[i].keep = 1;
	nk = x->n_pair;
	for (it = 0;; it++) {
		if ((rc = fit_model(c, model, x->pair, x->n_pair, tmp)) != 0)
			return rc;
		if (it == MAX_ITER || !reject_step(x, c, tmp, &nk))
			break;
		if (nk < model_min(x->o, model) || nk == 0) {
			if (model == MZG_CAL_SHIFT)
				break; /* keep the shift of all points */
			model = model == MZG_CAL_SQRT_QUAD ? MZG_CAL_SQRT : MZG_CAL_SHIFT;
			goto restart;
		}
	}
	if (nk == 0) { /* cannot happen: the reject floor keeps the median */
		for (i = 0; i < x->n_pair; i++)
			x->pair[i].keep = 1;
		return fit_model(c, MZG_CAL_SHIFT, x->pair, x->n_pair, tmp);
	}
	return 0;
}

/* Residual figures over the kept calibrants. */
static void figures(mzg_calib *c, const cal_ctx *x, double *tmp)
{
	size_t i, m = 0;
	double ss = 0;

	for (i = 0; i < x->n_pair; i++)
		if (x->pair[i].keep) {
			double r = resid_ppm(c, &x->pair[i]);
			ss += r * r;
			tmp[m++] = fabs(r);
		}
	c->n_calibrants = m;
	c->rms_ppm = m ? sqrt(ss / (double)m) : 0;
	c->residual_ppm = median_inplace(tmp, m);
}

/* Mark @p c bad: identity model, with a reason. */
static void set_bad(mzg_calib *c, const char *fmt, ...) MZG_PRINTF(2, 3);
static void set_bad(mzg_calib *c, const char *fmt, ...)
{
	va_list ap;

	c->ok = 0;
	c->model = MZG_CAL_NONE;
	c->coef[0] = c->coef[1] = c->coef[2] = 0;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof c->reason, fmt, ap);
	va_end(ap);
}

/* The largest relative correction the model makes at any expected UEP;
 * infinite where the model has no inverse. */
static double max_correction(const mzg_calib *c, const cal_ctx *x)
{
	double worst = 0;
	size_t i;

	for (i = 0; i < x->n_ref; i++) {
		double pos = mzg_calib_invert(c, x->ref[i]);
		if (!isfinite(pos))
			return INFINITY;
		worst = fmax(worst, fabs(pos / x->ref[i] - 1));
	}
	return worst;
}

/* Did re-matching change the matched set? Compares observed masses. */
static int same_pairs(const cpair *a, size_t na, const cpair *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].obs != b[i].obs || a[i].ref != b[i].ref)
			return 0;
	return 1;
}

/* Median relative offset (observed / expected - 1) of the matches. */
static double shift_median(const cal_ctx *x, double *tmp)
{
	size_t i;

	for (i = 0; i < x->n_pair; i++)
		tmp[i] = x->pair[i].obs / x->pair[i].ref - 1;
	return median_inplace(tmp, x->n_pair);
}

/* Fewest UEPs that must be found: min_calibrants, or the fraction. */
static size_t need_found(const cal_ctx *x)
{
	double f = ceil(x->o->min_fraction * (double)x->n_ref - 1e-9);
	size_t need = x->o->min_calibrants ? x->o->min_calibrants : 1;

	if (f > (double)need)
		need = f < (double)x->n_ref ? (size_t)f : x->n_ref;
	return need;
}

/* Match, fit, re-match with the fitted model until the matched set is
 * stable. Sets c->reason (and ok = 0) when too few UEPs are found. */
static int fit_passes(cal_ctx *x, mzg_calib *c, cpair *prev, double *tmp)
{
	size_t pass, n_prev = 0, need = need_found(x);
	int rc;

	for (pass = 0; pass < MAX_PASS; pass++) {
		mzg_calib guess = *c;
		match_model(x, &guess);
		if (pass == 0 && x->n_pair < need) {
			set_bad(c, "only %zu of %zu UEPs found (need %zu)",
			        x->n_pair, x->n_ref, need);
			c->n_calibrants = x->n_pair;
			return 0;
		}
		if (pass == 0)
			c->shift_ppm = shift_median(x, tmp) * 1e6;
		/* a re-match that loses UEPs keeps the previous fit */
		if (pass > 0 && (x->n_pair < need ||
		    same_pairs(prev, n_prev, x->pair, x->n_pair)))
			break;
		if ((rc = robust_fit(x, c, tmp)) != 0)
			return rc;
		memcpy(prev, x->pair, x->n_pair * sizeof *prev);
		n_prev = x->n_pair;
	}
	/* the fit belongs to prev (the last set fitted) */
	memcpy(x->pair, prev, n_prev * sizeof *prev);
	x->n_pair = n_prev;
	c->ok = 1;
	return 0;
}

/* Copy the valid expected masses, sorted, and their span. */
static int collect_refs(cal_ctx *x, double **own, const double *ref, size_t n)
{
	size_t i;

	*own = mzg__malloc_array(n ? n : 1, sizeof **own);
	if (!*own)
		return mzg__err(MZG_ENOMEM, "calibration: out of memory");
	for (i = 0; i < n; i++)
		if (ref[i] >= 1 && ref[i] <= 1e7) /* usable masses, Da */
			(*own)[x->n_ref++] = ref[i];
	qsort(*own, x->n_ref, sizeof **own, cmp_double);
	x->ref = *own;
	x->ref_span = x->n_ref ? (*own)[x->n_ref - 1] - (*own)[0] : 0;
	return 0;
}

/* Checks after a fit: residual and range. */
static void check_fit(mzg_calib *c, const cal_ctx *x)
{
	double corr = max_correction(c, x), lim = x->o->search_rel + WIN_MAX;

	if (c->residual_ppm > x->o->max_residual_ppm)
		set_bad(c, "median calibration residual %.0f ppm > %.0f ppm",
		        c->residual_ppm, x->o->max_residual_ppm);
	else if (!(corr <= lim))
		set_bad(c, "calibration model out of range (corrects a UEP by "
		        "%.0f ppm, search allows %.0f)", corr * 1e6, lim * 1e6);
}

static int check_opts(const mzg_calib_opts *o)
{
	if (!(o->search_rel > 0 && o->search_rel < 0.1) || !(o->match_da >= 0) ||
	    !(o->min_snr >= 0) || !(o->min_fraction >= 0) ||
	    !(o->reject_ppm >= 0) || !(o->max_residual_ppm >= 0) ||
	    !isfinite(o->match_da + o->min_snr + o->min_fraction + o->reject_ppm +
	              o->max_residual_ppm))
		return mzg__err(MZG_EINVAL, "calibration options: search_rel must be "
		                "in (0, 0.1), the others >= 0 and finite");
	return 0;
}

int mzg_calibrate(mzg_calib *out, const mzg_peak *peaks, size_t n_peaks,
                  const double *ref, size_t n_ref, const mzg_calib_opts *o)
{
	mzg_calib_opts def;
	cal_ctx x;
	cpair *prev = NULL;
	double *own_ref = NULL, *tmp = NULL, delta;
	size_t found;
	int rc;

	if (!o) {
		mzg_calib_opts_init(&def);
		o = &def;
	}
	mzg_calib_init(out);
	if ((rc = check_opts(o)) != 0) {
		set_bad(out, "invalid calibration options");
		return rc;
	}
	memset(&x, 0, sizeof x);
	x.o = o;
	out->n_expected = n_ref;
	if ((rc = collect_refs(&x, &own_ref, ref, n_ref)) != 0 ||
	    (rc = collect_peaks(&x, peaks, n_peaks)) != 0)
		goto out;
	x.pair = mzg__malloc_array(x.n_ref ? x.n_ref : 1, sizeof *x.pair);
	prev = mzg__malloc_array(x.n_ref ? x.n_ref : 1, sizeof *prev);
	tmp = mzg__malloc_array(x.n_ref ? x.n_ref : 1, sizeof *tmp);
	if (!x.pair || !prev || !tmp) {
		rc = mzg__err(MZG_ENOMEM, "calibration: out of memory");
		goto out;
	}
	if (x.n_ref == 0) {
		set_bad(out, "the design lists no UEP mass for this pad");
		goto out;
	}
	found = coarse_shift(&x, &delta);
	if (found == 0) {
		set_bad(out, "no UEP found within +-%.2f %% (%zu peaks with SNR >= %g)",
		        o->search_rel * 100, x.n_pk, o->min_snr);
		goto out;
	}
	set_shift(out, delta);
	if ((rc = fit_passes(&x, out, prev, tmp)) != 0 || !out->ok)
		goto out;
	figures(out, &x, tmp);
	check_fit(out, &x);
out:
	if (rc != 0)
		set_bad(out, "calibration failed: %s", mzg_errmsg());
	free(tmp);
	free(prev);
	free(x.pair);
	free(x.pk);
	free(own_ref);
	return rc;
}
