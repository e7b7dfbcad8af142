/*
 * measure_normal.c -- the normal equations of the joint fit.
 *
 * Every trial of the width or shift search (a few hundred per spectrum)
 * needs G = sum_i g(i) g(i)^T and b = sum_i g(i) y(i) over the fitted
 * window, g(i) the components' shape values at point i: most of the
 * measurement's time. The window's points (every stride-th, non-finite
 * ones left out) are gathered once per cluster into contiguous arrays
 * padded to a multiple of four, and the sums are taken four points at a
 * time: lane L of each sum adds the points j = L mod 4 in order, and the
 * lanes are combined as (s0 + s1) + (s2 + s3). The AVX2 code (checked at
 * run time) and the plain code do exactly this, without fused
 * multiply-adds, so the result does not depend on the CPU.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "measure_int.h"

int mzg__jfit_simd = 1;

int mzg__jf_window(mzg__jfit *f, const mzg_processed *p)
{
	size_t i, n = 0, need = (f->i1 - f->i0) / f->stride + 4;

	if (mzg__grow((void **)&f->wmz, &f->cap_wmz, need, sizeof *f->wmz) != 0 ||
	    mzg__grow((void **)&f->wy, &f->cap_wy, need, sizeof *f->wy) != 0)
		return mzg__err(MZG_ENOMEM, "measurement: out of memory");
	for (i = f->i0; i < f->i1; i += f->stride)
		if (isfinite(p->signal[i])) {
			f->wmz[n] = p->mz[i];
			f->wy[n++] = p->signal[i];
		}
	f->nw = n;
	for (; n % 4; n++) { /* padding: no shape value (NaN), no signal */
		f->wmz[n] = NAN;
		f->wy[n] = 0;
	}
	return 0;
}

/* Centre and node scale of each component at the current shift. */
static void centres(const mzg__jfit *f, double *c, double *w)
{
	size_t a;

	for (a = 0; a < f->k; a++) {
		c[a] = f->mu[a] * (1 + f->eps);
		w[a] = 1 / (f->fw[a] * MZG__TAB_DU);
	}
}

/* Shape value at m/z m of a component centred at c with node scale w. */
static double shape_at(const mzg__jfit *f, double m, double c, double w)
{
	double d = fabs(m - c) * w;
	int q;

	if (!(d < MZG__TAB_N - 1))
		return 0;
	q = (int)d;
	return f->tab[q] + (d - (double)q) * f->dtab[q];
}

/* The four lanes of a sum combined. */
static double lanes(const double *s)
{
	return (s[0] + s[1]) + (s[2] + s[3]);
}

/* The plain code: any number of components. */
static void normal_plain(mzg__jfit *f)
{
	size_t K = f->k, n = (f->nw + 3) / 4 * 4, j, a, b, l;
	double c[MZG__MAX_COMP], w[MZG__MAX_COMP], g[MZG__MAX_COMP][4];
	double (*G)[4] = (double (*)[4])f->acc, *sb = f->acc_b;

	centres(f, c, w);
	memset(f->acc, 0, sizeof(double) * 4 * K * K);
	memset(f->acc_b, 0, sizeof(double) * 4 * K);
	for (j = 0; j < n; j += 4) {
		for (a = 0; a < K; a++)
			for (l = 0; l < 4; l++) {
				g[a][l] = shape_at(f, f->wmz[j + l], c[a], w[a]);
				sb[4 * a + l] += g[a][l] * f->wy[j + l];
			}
		for (a = 0; a < K; a++)
			for (b = 0; b <= a; b++)
				for (l = 0; l < 4; l++)
					G[a * K + b][l] += g[a][l] * g[b][l];
	}
	for (a = 0; a < K; a++) {
		f->b[a] = lanes(sb + 4 * a);
		for (b = 0; b <= a; b++)
			f->G[a * K + b] = f->G[b * K + a] = lanes(G[a * K + b]);
	}
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define INLINE inline __attribute__((always_inline))

/* The shape at node positions d (in lanes where @p in is set; 0
 * elsewhere): nodes q and q + 1 of each lane loaded by pairs, [t(q0)
 * t(q0+1) t(q2) t(q2+1)] and the same for lanes 1 and 3, interleaved; the
 * step is the same difference as dtab[q]. */
AVX2 static INLINE __m256d nodes4(const mzg__jfit *f, __m256d d, __m256d in)
{
	__m256d t0, t1, fr;
	__m128i q;
	int k[4];

	d = _mm256_and_pd(d, in); /* out of the table: node 0, then masked */
	q = _mm256_cvttpd_epi32(d);
	fr = _mm256_sub_pd(d, _mm256_cvtepi32_pd(q));
	_mm_storeu_si128((__m128i *)(void *)k, q);
	t0 = _mm256_insertf128_pd(_mm256_castpd128_pd256(
	        _mm_loadu_pd(f->tab + k[0])), _mm_loadu_pd(f->tab + k[2]), 1);
	t1 = _mm256_insertf128_pd(_mm256_castpd128_pd256(
	        _mm_loadu_pd(f->tab + k[1])), _mm_loadu_pd(f->tab + k[3]), 1);
	d = _mm256_unpacklo_pd(t0, t1);
	t1 = _mm256_sub_pd(_mm256_unpackhi_pd(t0, t1), d);
	return _mm256_and_pd(in, _mm256_add_pd(d, _mm256_mul_pd(fr, t1)));
}

/* shape_at() for four points. */
AVX2 static INLINE __m256d shape4(const mzg__jfit *f, __m256d m, __m256d c,
                                  __m256d w)
{
	const __m256d sign = _mm256_set1_pd(-0.0);
	const __m256d lim = _mm256_set1_pd(MZG__TAB_N - 1);
	__m256d d = _mm256_mul_pd(_mm256_andnot_pd(sign, _mm256_sub_pd(m, c)), w);

	return nodes4(f, d, _mm256_cmp_pd(d, lim, _CMP_LT_OQ));
}

/* mzg__jf_deflate() four points at a time; returns the points done. */
AVX2 static size_t deflate_avx2(const mzg__jfit *f, const double *mz,
                                const double *y, size_t n, size_t c,
                                const double *cen, double *res)
{
	const __m256d sign = _mm256_set1_pd(-0.0), du = _mm256_set1_pd(MZG__TAB_DU);
	const __m256d lim = _mm256_set1_pd(MZG__TAB_N - 1);
	size_t i, a;

	for (i = 0; i + 4 <= n; i += 4) {
		__m256d m = _mm256_loadu_pd(mz + i), v = _mm256_loadu_pd(y + i);
		for (a = 0; a < f->k; a++) {
			__m256d d;
			if (a == c || f->h[a] == 0)
				continue;
			d = _mm256_andnot_pd(sign, _mm256_sub_pd(m, _mm256_set1_pd(cen[a])));
			d = _mm256_div_pd(_mm256_div_pd(d, _mm256_set1_pd(f->fw[a])), du);
			d = nodes4(f, d, _mm256_cmp_pd(d, lim, _CMP_LT_OQ));
			v = _mm256_sub_pd(v, _mm256_mul_pd(_mm256_set1_pd(f->h[a]), d));
		}
		_mm256_storeu_pd(res + i, v);
	}
	return i;
}

/* K components, K a constant after inlining: the sums in registers. */
AVX2 static INLINE void normal_avx2_k(mzg__jfit *f, size_t K)
{
	__m256d G[8 * 9 / 2], B[8], C[8], W[8], g[8];
	double c[8], w[8], s[4];
	size_t j, a, b, k, n = (f->nw + 3) / 4 * 4;

	centres(f, c, w);
	for (a = 0; a < K; a++) {
		C[a] = _mm256_set1_pd(c[a]);
		W[a] = _mm256_set1_pd(w[a]);
		B[a] = _mm256_setzero_pd();
	}
	for (k = 0; k < K * (K + 1) / 2; k++)
		G[k] = _mm256_setzero_pd();
	for (j = 0; j < n; j += 4) {
		__m256d m = _mm256_loadu_pd(f->wmz + j), y = _mm256_loadu_pd(f->wy + j);
		for (a = 0; a < K; a++) {
			g[a] = shape4(f, m, C[a], W[a]);
			B[a] = _mm256_add_pd(B[a], _mm256_mul_pd(g[a], y));
		}
		for (a = 0, k = 0; a < K; a++)
			for (b = 0; b <= a; b++, k++)
				G[k] = _mm256_add_pd(G[k], _mm256_mul_pd(g[a], g[b]));
	}
	for (a = 0, k = 0; a < K; a++) {
		_mm256_storeu_pd(s, B[a]);
		f->b[a] = lanes(s);
		for (b = 0; b <= a; b++, k++) {
			_mm256_storeu_pd(s, G[k]);
			f->G[a * K + b] = f->G[b * K + a] = lanes(s);
		}
	}
}

AVX2 static void normal_avx2(mzg__jfit *f)
{
	switch (f->k) {
	case 1: normal_avx2_k(f, 1); break;
	case 2: normal_avx2_k(f, 2); break;
	case 3: normal_avx2_k(f, 3); break;
	case 4: normal_avx2_k(f, 4); break;
	case 5: normal_avx2_k(f, 5); break;
	case 6: normal_avx2_k(f, 6); break;
	case 7: normal_avx2_k(f, 7); break;
	default: normal_avx2_k(f, 8); break;
	}
}

static int have_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}
#else
static void normal_avx2(mzg__jfit *f)
{
	normal_plain(f);
}

static size_t deflate_avx2(const mzg__jfit *f, const double *mz,
                           const double *y, size_t n, size_t c,
                           const double *cen, double *res)
{
	(void)f, (void)mz, (void)y, (void)n, (void)c, (void)cen, (void)res;
	return 0;
}

static int have_avx2(void)
{
	return 0;
}
#endif

void mzg__jf_normal(mzg__jfit *f)
{
	if (f->k <= 8 && mzg__jfit_simd && have_avx2())
		normal_avx2(f);
	else
		normal_plain(f);
}

void mzg__jf_deflate(const mzg__jfit *f, const mzg_processed *p, size_t i0,
                     size_t i1, size_t c, double *res)
{
	double cen[MZG__MAX_COMP];
	size_t i = 0, a, n = i1 - i0;

	for (a = 0; a < f->k; a++)
		cen[a] = f->mu[a] * (1 + f->eps);
	if (mzg__jfit_simd && have_avx2())
		i = deflate_avx2(f, p->mz + i0, p->signal + i0, n, c, cen, res);
	for (; i < n; i++) {
		double v = p->signal[i0 + i];
		for (a = 0; a < f->k; a++) {
			double d;
			int q;
			if (a == c || f->h[a] == 0) /* h x 0 changes nothing */
				continue;
			d = fabs(p->mz[i0 + i] - cen[a]) / f->fw[a] / MZG__TAB_DU;
			if (!(d < MZG__TAB_N - 1))
				continue; /* v - h x 0 */
			q = (int)d;
			v -= f->h[a] * (f->tab[q] + (d - (double)q) * f->dtab[q]);
		}
		res[i] = v;
	}
}
