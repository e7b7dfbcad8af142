/*
 * snippet.c -- pieces of processed spectrum kept for the review page.
 *
 * A reviewer deciding whether a no-call, an NTC signal or a discordant
 * duplicate is real wants to see the peaks, but the pipeline keeps only
 * figures per pad (memory stays flat in the number of pads). So for every
 * measured pad and assay it keeps a small, fixed-size piece of the
 * processed signal around the assay's expected masses, on the calibrated
 * axis so the expected positions can be drawn exactly where the caller
 * looked for them. Reducing to an even grid by taking the maximum per
 * grid point keeps peak heights (what the caller measured) at a cost of
 * drawing the noise as its upper envelope.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "calib_int.h"
#include "internal.h"
#include "mzgeno/snippet.h"

#define BLOCK 256 /* points calibrated at once */

void mzg_snippet_window(double *lo, double *hi, const mzg_assay *a)
{
	double top = a->uep_mass;
	int k;

	for (k = 0; k < a->n_alleles && k < MZG_MAX_ALLELES; k++)
		if (a->ext_mass[k] > top)
			top = a->ext_mass[k];
	*lo = a->uep_mass - MZG_SNIPPET_MARGIN;
	*hi = top + MZG_K_ADDUCT + MZG_SNIPPET_MARGIN;
}

void mzg_snippet_free(mzg_snippet *s)
{
	if (!s)
		return;
	free(s->y);
	memset(s, 0, sizeof *s);
}

static double calibrated(const mzg_calib *c, double mz)
{
	return c && c->ok ? mzg_calib_apply(c, mz) : mz;
}

static float to_float(double v)
{
	if (!isfinite(v))
		return 0.0f;
	return v > FLT_MAX ? FLT_MAX : v < -FLT_MAX ? -FLT_MAX : (float)v;
}

/* Grid index nearest to calibrated m/z @p x, or -1 when outside. */
static long grid_index(double x, double lo, double step, size_t n)
{
	double k = floor((x - lo) / step + 0.5);

	return k >= 0 && k < (double)n ? (long)k : -1;
}

/* x[i] = floor((x[i] - lo) / step + 0.5), grid_index() before its range
 * check, for a block of calibrated m/z: with AVX four at a time (the same
 * operations, so the same values). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

__attribute__((target("avx")))
static size_t grid_avx(double *x, size_t n, double lo, double step)
{
	const __m256d vlo = _mm256_set1_pd(lo), vs = _mm256_set1_pd(step);
	const __m256d half = _mm256_set1_pd(0.5);
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		__m256d v = _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(x + i), vlo), vs);
		_mm256_storeu_pd(x + i, _mm256_floor_pd(_mm256_add_pd(v, half)));
	}
	return i;
}

static int have_avx(void)
{
	return __builtin_cpu_supports("avx");
}
#else
static size_t grid_avx(double *x, size_t n, double lo, double step)
{
	(void)x, (void)n, (void)lo, (void)step;
	return 0;
}

static int have_avx(void)
{
	return 0;
}
#endif

static void grid_reals(double *x, size_t n, double lo, double step)
{
	size_t i = have_avx() ? grid_avx(x, n, lo, step) : 0;

	for (; i < n; i++)
		x[i] = floor((x[i] - lo) / step + 0.5);
}

/* Fill grid points that got no sample by linear interpolation between
 * their neighbours; points beyond the data at either end stay 0. */
static void fill_gaps(float *y, const unsigned char *set, size_t n)
{
	size_t i, prev = n, j;

	for (i = 0; i < n; i++) {
		if (!set[i])
			continue;
		for (j = prev + 1; prev < n && j < i; j++)
			y[j] = y[prev] + (y[i] - y[prev]) *
			       (float)(j - prev) / (float)(i - prev);
		prev = i;
	}
}

/* Where calibrated m/z @p mz lies on the observed axis (calibrations are
 * monotonic); the identity without a usable calibration. *exact = 0 when
 * the calibration has no inverse there and the identity stands in. */
static double observed(const mzg_calib *c, double mz, int *exact)
{
	double o = c && c->ok ? mzg_calib_invert(c, mz) : mz;

	*exact = isfinite(o);
	return *exact ? o : mz;
}

/* First index of the sorted @p x (n values, stride @p stride bytes) at or
 * above @p v. */
static size_t lower_bound(const void *x, size_t stride, size_t n, double v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (*(const double *)((const char *)x + mid * stride) < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index range of observed m/z covering the calibrated window, with a
 * margin of one grid step (the grid points at the ends collect from half
 * a step beyond). */
static void window_range(size_t *first, size_t *end, const void *x,
                         size_t stride, size_t n, const mzg_calib *c,
                         double lo, double hi, double step)
{
	int ea, eb;
	double a = observed(c, lo - step, &ea), b = observed(c, hi + step, &eb);
	double t, margin = ea && eb ? 1e-6 : 0.01;

	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	/* the exact inverse needs a margin for rounding only; the identity
	 * standing in for it one for the calibration (shifts below 1 %) */
	a -= fabs(a) * margin;
	b += fabs(b) * margin;
	*first = lower_bound(x, stride, n, a);
	*end = lower_bound(x, stride, n, b);
}

/* v > m ? v : m without a branch (which noisy data would defeat). */
static inline float larger(float v, float m)
{
#if defined(__SSE__)
	return _mm_cvtss_f32(_mm_max_ss(_mm_set_ss(v), _mm_set_ss(m)));
#else
	return v > m ? v : m;
#endif
}

/* Grid point @p k (none when < 0) takes the maximum @p v of a run of
 * points when it has no value yet or @p v is larger. */
static void put_max(float *y, unsigned char *set, long k, float v)
{
	if (k < 0)
		return;
	if (!set[k] || v > y[k])
		y[k] = v;
	set[k] = 1;
}

static size_t profile_points(float *y, unsigned char *set,
                             const mzg_processed *p, const mzg_calib *c,
                             double lo, double step, size_t n)
{
	size_t i, used = 0, first, end;
	long kc = -1;
	float run = 0;

	window_range(&first, &end, p->mz, sizeof *p->mz, p->n, c, lo,
	             lo + step * (double)(n - 1), step);
	for (i = first; i < end; i += BLOCK) {
		double x[BLOCK];
		size_t j, nb = end - i < BLOCK ? end - i : BLOCK;

		mzg__calib_apply_n(c && c->ok ? c : NULL, p->mz + i, x, nb);
		grid_reals(x, nb, lo, step);
		for (j = 0; j < nb; j++) {
			long k = x[j] >= 0 && x[j] < (double)n ? (long)x[j] : -1;
			float v;

			if (k < 0)
				continue;
			v = to_float(p->signal[i + j]);
			if (k != kc) { /* a run of points on one grid point */
				put_max(y, set, kc, run);
				kc = k;
				run = v;
			}
			run = larger(v, run);
			used++;
		}
	}
	put_max(y, set, kc, run);
	return used;
}

static size_t centroid_points(float *y, const mzg_processed *p,
                              const mzg_calib *c, double lo, double step,
                              size_t n)
{
	size_t i, used = 0, first, end;

	if (!p->n_peaks)
		return 0;
	window_range(&first, &end, &p->peaks[0].mz, sizeof *p->peaks,
	             p->n_peaks, c, lo, lo + step * (double)(n - 1), step);
	for (i = first; i < end; i++) {
		long k = grid_index(calibrated(c, p->peaks[i].mz), lo, step, n);
		float v;

		if (k < 0)
			continue;
		v = to_float(p->peaks[i].intensity);
		if (v > y[k])
			y[k] = v;
		used++;
	}
	return used;
}

int mzg_snippet_make(mzg_snippet *out, const mzg_processed *p,
                     const mzg_calib *c, const mzg_assay *a,
                     size_t max_points)
{
	size_t n = max_points ? max_points : MZG_SNIPPET_POINTS, used;
	unsigned char *set = NULL;
	double lo, hi, step;
	int rc = MZG_OK;

	if (out)
		memset(out, 0, sizeof *out);
	if (!out || !p || !a || n < 2 || n > 1000 ||
	    (p->n && (!p->mz || !p->signal)) || (p->n_peaks && !p->peaks))
		return mzg__err(MZG_EINVAL, "snippet: bad arguments");
	mzg_snippet_window(&lo, &hi, a);
	if (!(hi > lo) || !isfinite(lo) || !isfinite(hi))
		return mzg__err(MZG_EINVAL, "snippet: assay %s has no mass window",
		                a->id ? a->id : "?");
	step = (hi - lo) / (double)(n - 1);
	out->y = mzg__calloc_array(n, sizeof *out->y);
	set = mzg__calloc_array(n, 1);
	if (!out->y || !set) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	out->centroid = p->centroid || !p->n;
	if (out->centroid) {
		used = centroid_points(out->y, p, c, lo, step, n);
	} else {
		used = profile_points(out->y, set, p, c, lo, step, n);
		fill_gaps(out->y, set, n);
	}
	if (!used && !out->centroid) {
		mzg_snippet_free(out);
		goto out;
	}
	out->mz0 = lo;
	out->mz1 = hi;
	out->n = n;
out:
	if (rc < 0)
		mzg_snippet_free(out);
	free(set);
	return rc;
}
