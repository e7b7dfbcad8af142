/*
 * baseline.c -- SNIP baseline estimation with a decreasing clipping window.
 *
 * SNIP (Ryan et al. 1988, Nucl. Instrum. Methods B 34:396) clips every
 * point to the mean of its two neighbours at distance k whenever that mean
 * is lower, so peaks narrower than the window are shaved off and the slowly
 * varying baseline remains. The window k runs from the largest half window
 * down to 1 (the decreasing schedule of Morhac 2009, NIM A 600:478, which
 * MALDIquant uses by default). Each pass computes all its new values from
 * the previous pass before writing any back (Jacobi style, as MALDIquant's
 * src/snip.c); points closer than k to either end are left alone in pass k.
 * This is the hot loop of the chain (largest window x points updates), so
 * passes alternate between two buffers and use SIMD where available.
 * The largest half window may differ between mass blocks: a point takes
 * part in pass k only when its block's largest window is at least k, so a
 * window fixed in Da spans fewer points where the grid is coarser.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

/* One pass with half window k over [a, e): new values from src into dst
 * (never overlapping). min(m, y) is written so that it means m < y ? m : y,
 * which is exactly what the x86 min instructions compute, so every path
 * gives the same bits as the scalar loop. On x86-64 the pass runs 8 values
 * at a time with AVX when the CPU has it (checked at run time), else with
 * SSE2; elsewhere it is plain C for the compiler to vectorise. */
static void snip_scalar(const double *restrict src, double *restrict dst,
                        size_t a, size_t e, size_t k)
{
	size_t j;

	for (j = a; j < e; j++) {
		double m = 0.5 * (src[j - k] + src[j + k]);
		dst[j] = m < src[j] ? m : src[j];
	}
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

__attribute__((target("avx")))
static void snip_avx(const double *restrict src, double *restrict dst,
                     size_t a, size_t e, size_t k)
{
	const __m256d half = _mm256_set1_pd(0.5);
	size_t j = a;

	for (; j + 8 <= e; j += 8) {
		__m256d m0 = _mm256_mul_pd(half, _mm256_add_pd(
		        _mm256_loadu_pd(src + j - k), _mm256_loadu_pd(src + j + k)));
		__m256d m1 = _mm256_mul_pd(half, _mm256_add_pd(
		        _mm256_loadu_pd(src + j + 4 - k),
		        _mm256_loadu_pd(src + j + 4 + k)));
		_mm256_storeu_pd(dst + j, _mm256_min_pd(m0, _mm256_loadu_pd(src + j)));
		_mm256_storeu_pd(dst + j + 4,
		                 _mm256_min_pd(m1, _mm256_loadu_pd(src + j + 4)));
	}
	snip_scalar(src, dst, j, e, k);
}

static void snip_sse2(const double *restrict src, double *restrict dst,
                      size_t a, size_t e, size_t k)
{
	const __m128d half = _mm_set1_pd(0.5);
	size_t j = a;

	for (; j + 4 <= e; j += 4) {
		__m128d m0 = _mm_mul_pd(half, _mm_add_pd(_mm_loadu_pd(src + j - k),
		                                         _mm_loadu_pd(src + j + k)));
		__m128d m1 = _mm_mul_pd(half, _mm_add_pd(_mm_loadu_pd(src + j + 2 - k),
		                                         _mm_loadu_pd(src + j + 2 + k)));
		_mm_storeu_pd(dst + j, _mm_min_pd(m0, _mm_loadu_pd(src + j)));
		_mm_storeu_pd(dst + j + 2, _mm_min_pd(m1, _mm_loadu_pd(src + j + 2)));
	}
	snip_scalar(src, dst, j, e, k);
}

static void snip_pass(const double *restrict src, double *restrict dst,
                      size_t a, size_t e, size_t k)
{
	if (__builtin_cpu_supports("avx"))
		snip_avx(src, dst, a, e, k);
	else
		snip_sse2(src, dst, a, e, k);
}
#else
#define snip_pass snip_scalar
#endif

/* The range [*a, *e) of points from blocks whose largest window is >= k,
 * starting the scan at block *b; advances *b. 0 when no more ranges. */
static int next_range(const mzg__block *blk, size_t nb, size_t n, size_t k,
                      size_t *b, size_t *a, size_t *e)
{
	while (*b < nb && (size_t)blk[*b].snip < k)
		(*b)++;
	if (*b >= nb)
		return 0;
	*a = blk[*b].start;
	while (*b < nb && (size_t)blk[*b].snip >= k)
		(*b)++;
	*e = *b < nb ? blk[*b].start : n;
	if (*a < k)
		*a = k;
	if (*e > n - k)
		*e = n - k;
	return 1;
}

/* Pass with half window k from src into dst over every active range. */
static void snip_step(const double *src, double *dst, size_t n,
                      const mzg__block *blk, size_t nb, size_t k)
{
	size_t b = 0, a, e;

	if (k >= n)
		return;
	while (next_range(blk, nb, n, k, &b, &a, &e))
		if (a < e)
			snip_pass(src, dst, a, e, k);
}

/* Copy the active ranges of pass k from src to dst. */
static void copy_ranges(const double *src, double *dst, size_t n,
                        const mzg__block *blk, size_t nb, size_t k)
{
	size_t b = 0, a, e;

	if (k >= n)
		return;
	while (next_range(blk, nb, n, k, &b, &a, &e))
		if (a < e)
			memcpy(dst + a, src + a, (e - a) * sizeof *src);
}

/* With a decreasing window the points of pass k are a superset of those
 * of every earlier pass, so a point outside pass k has never changed and
 * holds the same value in both buffers: passes can alternate between y
 * and tmp without copying. With an increasing window a pass updates fewer
 * points than the one before, so each result is copied back into y. */
void mzg__snip_blocks(double *y, double *tmp, size_t n, const mzg__block *blk,
                      size_t nb, int decreasing)
{
	size_t b, kmax = 0, k;
	double *src = y, *dst = tmp, *t;

	for (b = 0; b < nb; b++)
		if (blk[b].snip > 0 && (size_t)blk[b].snip > kmax)
			kmax = (size_t)blk[b].snip;
	if (!decreasing) {
		for (k = 1; k <= kmax; k++) {
			snip_step(y, tmp, n, blk, nb, k);
			copy_ranges(tmp, y, n, blk, nb, k);
		}
		return;
	}
	memcpy(tmp, y, n * sizeof *y);
	for (k = kmax; k > 0; k--) {
		if (k >= n)
			continue;
		snip_step(src, dst, n, blk, nb, k);
		t = src;
		src = dst;
		dst = t;
	}
	if (src != y)
		memcpy(y, src, n * sizeof *y);
}

int mzg_baseline_snip(double *baseline, const double *y, size_t n,
                      int iterations, int decreasing)
{
	mzg__block one = { 0, 0, iterations, 0 };
	double *tmp;

	if (iterations < 0)
		return mzg__err(MZG_EINVAL, "SNIP: iterations must be >= 0 (got %d)",
		                iterations);
	if (baseline != y && n)
		memmove(baseline, y, n * sizeof *y);
	if (n < 3 || iterations == 0)
		return MZG_OK;
	tmp = mzg__malloc_array(n, sizeof *tmp);
	if (!tmp)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	mzg__snip_blocks(baseline, tmp, n, &one, 1, decreasing);
	free(tmp);
	return MZG_OK;
}

/* Means of consecutive groups of d points: out[q] over [q*d, (q+1)*d). */
static void decimate(double *out, const double *in, size_t n, size_t d)
{
	size_t q, i, e;

	for (q = 0; q * d < n; q++) {
		double s = 0;
		e = (q + 1) * d < n ? (q + 1) * d : n;
		for (i = q * d; i < e; i++)
			s += in[i];
		out[q] = s / (double)(e - q * d);
	}
}

int mzg__snip_decimated(double *y, const double *mz, size_t n,
                        const mzg__block *blk, size_t nb, size_t d,
                        int decreasing, double *work)
{
	size_t nd = (n + d - 1) / d, b;
	double *yd = work, *tmp = work + nd, *md = work + 2 * nd;
	mzg__block *bd;

	bd = mzg__malloc_array(nb, sizeof *bd);
	if (!bd)
		return mzg__err(MZG_ENOMEM, "out of memory for baseline blocks");
	for (b = 0; b < nb; b++) {
		bd[b] = blk[b];
		bd[b].start = blk[b].start / d;
		bd[b].snip = (int)((blk[b].snip + (int)d / 2) / (int)d);
		if (bd[b].snip < 1)
			bd[b].snip = 1;
	}
	decimate(yd, y, n, d);
	decimate(md, mz, n, d);
	mzg__snip_blocks(yd, tmp, nd, bd, nb, decreasing);
	free(bd);
	/* back onto the full grid: linear between group centres, constant
	 * beyond the first and last, never above the signal */
	mzg__interp_linear(y, mz, n, md, yd, nd, 1);
	return MZG_OK;
}
