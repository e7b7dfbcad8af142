/*
 * smooth.c -- Savitzky-Golay smoothing with least-squares edges.
 *
 * A Savitzky-Golay filter replaces each sample by the value of the
 * polynomial (degree `order`) fitted by least squares to the 2*hws+1
 * samples around it; for equally spaced samples that is a fixed weighted
 * sum. The weights for the value at window position p are the first row of
 * (X'X)^-1 X' with X[r][c] = (r - p)^c, so they come from one small linear
 * solve per position. Like MALDIquant (smoothingFilters-functions.R) the
 * first and last hws points are not padded: they take the value at their
 * own position of the polynomial fitted to the first / last 2*hws+1
 * samples (one least-squares fit per edge). Keeping the peak shape needs hws below the FWHM in points
 * (Bromba & Ziegler 1981); process.c picks hws ~ 0.5 FWHM per mass block.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

/* Solve the (k x k) system A a = b in place (Gaussian elimination with
 * partial pivoting); the answer ends in b. 0, or -1 when singular. */
static int solve_small(double *A, double *b, int k)
{
	int i, j, r, piv;

	for (i = 0; i < k; i++) {
		piv = i;
		for (r = i + 1; r < k; r++)
			if (fabs(A[r * k + i]) > fabs(A[piv * k + i]))
				piv = r;
		if (!(fabs(A[piv * k + i]) > 1e-300))
			return -1;
		if (piv != i) {
			double t;
			for (j = 0; j < k; j++) {
				t = A[i * k + j];
				A[i * k + j] = A[piv * k + j];
				A[piv * k + j] = t;
			}
			t = b[i];
			b[i] = b[piv];
			b[piv] = t;
		}
		for (r = i + 1; r < k; r++) {
			double f = A[r * k + i] / A[i * k + i];
			for (j = i; j < k; j++)
				A[r * k + j] -= f * A[i * k + j];
			b[r] -= f * b[i];
		}
	}
	for (i = k - 1; i >= 0; i--) {
		for (j = i + 1; j < k; j++)
			b[i] -= A[i * k + j] * b[j];
		b[i] /= A[i * k + i];
	}
	return 0;
}

int mzg_sg_coef(double *coef, int hws, int order, int pos)
{
	double A[(MZG_SG_MAX_ORDER + 1) * (MZG_SG_MAX_ORDER + 1)];
	double a[MZG_SG_MAX_ORDER + 1], S[2 * MZG_SG_MAX_ORDER + 1];
	int w, k, r, c, d;

	if (hws < 1 || order < 0 || order > MZG_SG_MAX_ORDER)
		return mzg__err(MZG_EINVAL, "Savitzky-Golay: need half window >= 1 "
		                "and order 0..%d (got %d, %d)", MZG_SG_MAX_ORDER,
		                hws, order);
	w = 2 * hws + 1;
	if (w <= order || pos < 0 || pos >= w)
		return mzg__err(MZG_EINVAL, "Savitzky-Golay: window of %d points "
		                "cannot fit order %d at position %d", w, order, pos);
	k = order + 1;
	/* Normal equations in the scaled abscissa u = (r - pos) / hws; the
	 * value at u = 0 does not depend on the scale. */
	memset(S, 0, sizeof S);
	for (d = 0; d < w; d++) {
		double u = (d - pos) / (double)hws, p = 1;
		for (r = 0; r < 2 * k - 1; r++) {
			S[r] += p;
			p *= u;
		}
	}
	for (r = 0; r < k; r++)
		for (c = 0; c < k; c++)
			A[r * k + c] = S[r + c];
	memset(a, 0, sizeof a);
	a[0] = 1;
	if (solve_small(A, a, k) < 0)
		return mzg__err(MZG_EINVAL, "Savitzky-Golay: singular fit "
		                "(half window %d, order %d)", hws, order);
	for (d = 0; d < w; d++) {
		double u = (d - pos) / (double)hws, p = 1, s = 0;
		for (c = 0; c < k; c++) {
			s += a[c] * p;
			p *= u;
		}
		coef[d] = s;
	}
	return MZG_OK;
}

/* out[i] (+)= w * (in[i - j] + in[i + j]) for i in [lo, hi); j = 0 sets
 * out[i] = w * in[i]. Every out[i] sees the same operations in the same
 * order on every path (no fused multiply-add), so the result does not
 * depend on the CPU: on x86-64 four values at a time with AVX when the CPU
 * has it (checked at run time), else two with SSE2; elsewhere plain C. */
static void tap_scalar(double *restrict out, const double *restrict in,
                       size_t lo, size_t hi, size_t j, double w)
{
	size_t i;

	if (j == 0)
		for (i = lo; i < hi; i++)
			out[i] = w * in[i];
	else
		for (i = lo; i < hi; i++)
			out[i] = out[i] + w * (in[i - j] + in[i + j]);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

__attribute__((target("avx")))
static void tap_avx(double *restrict out, const double *restrict in,
                    size_t lo, size_t hi, size_t j, double w)
{
	const __m256d vw = _mm256_set1_pd(w);
	size_t i = lo;

	if (j == 0)
		for (; i + 4 <= hi; i += 4)
			_mm256_storeu_pd(out + i, _mm256_mul_pd(vw, _mm256_loadu_pd(in + i)));
	else
		for (; i + 4 <= hi; i += 4) {
			__m256d s = _mm256_add_pd(_mm256_loadu_pd(in + i - j),
			                          _mm256_loadu_pd(in + i + j));
			_mm256_storeu_pd(out + i, _mm256_add_pd(_mm256_loadu_pd(out + i),
			                                        _mm256_mul_pd(vw, s)));
		}
	tap_scalar(out, in, i, hi, j, w);
}

static void tap_sse2(double *restrict out, const double *restrict in,
                     size_t lo, size_t hi, size_t j, double w)
{
	const __m128d vw = _mm_set1_pd(w);
	size_t i = lo;

	if (j == 0)
		for (; i + 2 <= hi; i += 2)
			_mm_storeu_pd(out + i, _mm_mul_pd(vw, _mm_loadu_pd(in + i)));
	else
		for (; i + 2 <= hi; i += 2) {
			__m128d s = _mm_add_pd(_mm_loadu_pd(in + i - j),
			                       _mm_loadu_pd(in + i + j));
			_mm_storeu_pd(out + i, _mm_add_pd(_mm_loadu_pd(out + i),
			                                  _mm_mul_pd(vw, s)));
		}
	tap_scalar(out, in, i, hi, j, w);
}

static void sg_tap(double *restrict out, const double *restrict in,
                   size_t lo, size_t hi, size_t j, double w)
{
	if (__builtin_cpu_supports("avx"))
		tap_avx(out, in, lo, hi, j, w);
	else
		tap_sse2(out, in, lo, hi, j, w);
}
#else
#define sg_tap tap_scalar
#endif

/* Interior points [lo, hi) with the centred kernel c (symmetric), in
 * chunks that stay in the L1 cache. */
static void sg_interior(double *out, const double *in, size_t lo, size_t hi,
                        const double *c, int h)
{
	size_t a, e, j;

	for (a = lo; a < hi; a = e) {
		e = hi - a > 512 ? a + 512 : hi;
		for (j = 0; j <= (size_t)h; j++)
			sg_tap(out, in, a, e, j, c[h + (int)j]);
	}
}

/* Fit the polynomial of degree @p order to win[0 .. 2h] by least squares
 * and write its values at window positions p0 .. p0+cnt-1 to out. */
static int sg_edge(double *out, const double *win, int h, int order, int p0,
                   int cnt)
{
	double A[(MZG_SG_MAX_ORDER + 1) * (MZG_SG_MAX_ORDER + 1)];
	double b[MZG_SG_MAX_ORDER + 1], S[2 * MZG_SG_MAX_ORDER + 1];
	int k = order + 1, d, r, q;

	memset(S, 0, sizeof S);
	memset(b, 0, sizeof b);
	for (d = 0; d <= 2 * h; d++) {
		double u = (d - h) / (double)h, p = 1;
		for (r = 0; r < 2 * k - 1; r++) {
			S[r] += p;
			if (r < k)
				b[r] += p * win[d];
			p *= u;
		}
	}
	for (r = 0; r < k; r++)
		for (q = 0; q < k; q++)
			A[r * k + q] = S[r + q];
	if (solve_small(A, b, k) < 0)
		return mzg__err(MZG_EINVAL, "Savitzky-Golay: singular fit "
		                "(half window %d, order %d)", h, order);
	for (q = 0; q < cnt; q++) {
		double u = (p0 + q - h) / (double)h, v = 0;
		for (r = k - 1; r >= 0; r--)
			v = v * u + b[r];
		out[q] = v;
	}
	return MZG_OK;
}

/* Points [a, e) of one block with half window h: interior and edges.
 * @p c holds the weights of half window *have (computed again only when
 * h differs: neighbouring blocks mostly share one). */
static int sg_block(double *out, const double *in, size_t n, int order, int h,
                    size_t a, size_t e, double *c, int *have)
{
	size_t uh = (size_t)h, w = 2 * uh + 1, i, lo, hi;
	int rc, j;

	if (h != *have) {
		*have = -1;
		rc = mzg_sg_coef(c, h, order, h);
		if (rc < 0)
			return rc;
		for (j = 1; j <= h; j++) /* make it exactly symmetric */
			c[h + j] = c[h - j] = 0.5 * (c[h + j] + c[h - j]);
		*have = h;
	}
	lo = a > uh ? a : uh;
	hi = e < n - uh ? e : n - uh;
	if (lo < hi)
		sg_interior(out, in, lo, hi, c, h);
	/* edges: the value at each position of the polynomial fitted to the
	 * first / last w points (the same as MALDIquant's per-position
	 * weights, with one fit per edge instead of one solve per point) */
	if (a < uh && (rc = sg_edge(out + a, in, h, order, (int)a,
	                            (int)((e < uh ? e : uh) - a))) < 0)
		return rc;
	i = a > n - uh ? a : n - uh;
	if (i < e && (rc = sg_edge(out + i, in + n - w, h, order,
	                           (int)(i - (n - w)), (int)(e - i))) < 0)
		return rc;
	return MZG_OK;
}

int mzg__smooth_sg_blocks(double *out, const double *in, size_t n, int order,
                          const mzg__block *blk, size_t nb)
{
	double *c = NULL;
	int hmax = 1, have = -1, rc = MZG_OK;
	size_t b;

	for (b = 0; b < nb; b++) {
		if (blk[b].sg_hws < 1 || 2 * (size_t)blk[b].sg_hws + 1 > n)
			return mzg__err(MZG_EINVAL, "Savitzky-Golay: half window %d "
			                "does not fit %zu points", blk[b].sg_hws, n);
		if (blk[b].sg_hws > hmax)
			hmax = blk[b].sg_hws;
	}
	c = mzg__malloc_array(2 * (size_t)hmax + 1, sizeof *c);
	if (!c)
		return mzg__err(MZG_ENOMEM, "out of memory for smoothing weights");
	for (b = 0; b < nb && rc == MZG_OK; b++)
		rc = sg_block(out, in, n, order, blk[b].sg_hws, blk[b].start,
		              mzg__block_end(blk, nb, b, n), c, &have);
	free(c);
	return rc;
}

int mzg_smooth_sg(double *out, const double *in, size_t n, int hws, int order)
{
	mzg__block one = { 0, hws, 0, 0 };

	if (n == 0)
		return MZG_OK;
	return mzg__smooth_sg_blocks(out, in, n, order, &one, 1);
}
