/*
 * test_process.c -- unit tests of the processing stages on small arrays:
 * Savitzky-Golay coefficients and edges, SNIP, MAD and medians, the local
 * maximum rule, apex interpolation, FWHM and area. Expected values are
 * hand-computed, from published SG tables, or from MALDIquant 1.22 (R) on
 * the same vectors (the R call is quoted next to each).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"
#include "runner.h"

static void expect_coef(int hws, int order, int pos, const double *num,
                        double den)
{
	double c[64];
	int i;

	CU_ASSERT_EQUAL_FATAL(mzg_sg_coef(c, hws, order, pos), MZG_OK);
	for (i = 0; i < 2 * hws + 1; i++)
		CU_ASSERT_DOUBLE_EQUAL(c[i], num[i] / den, 1e-12);
}

static void test_sg_tables(void)
{
	static const double c5[] = { -3, 12, 17, 12, -3 };
	static const double c7[] = { -2, 3, 6, 7, 6, 3, -2 };
	static const double q9[] = { -21, 14, 39, 54, 59, 54, 39, 14, -21 };
	static const double e0[] = { 69, 4, -6, 4, -1 };
	static const double e1[] = { 2, 27, 12, -8, 2 };
	static const double e4[] = { -1, 4, -6, 4, 69 }; /* mirror of e0 */
	double c[8];

	/* Savitzky & Golay 1964 / Steinier 1972 tables */
	expect_coef(2, 3, 2, c5, 35);
	expect_coef(2, 2, 2, c5, 35); /* order 2 and 3 share the centre */
	expect_coef(3, 3, 3, c7, 21);
	expect_coef(4, 2, 4, q9, 231);
	/* the edge rows of the 5-point cubic */
	expect_coef(2, 3, 0, e0, 70);
	expect_coef(2, 3, 1, e1, 35);
	expect_coef(2, 3, 4, e4, 70);
	/* order 0 is a moving average */
	CU_ASSERT_EQUAL(mzg_sg_coef(c, 1, 0, 1), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(c[0], 1.0 / 3, 1e-15);
	/* invalid requests */
	CU_ASSERT_EQUAL(mzg_sg_coef(c, 0, 3, 0), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_sg_coef(c, 1, 3, 1), MZG_EINVAL); /* 3 points, cubic */
	CU_ASSERT_EQUAL(mzg_sg_coef(c, 2, 3, 5), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_sg_coef(c, 2, -1, 2), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_sg_coef(c, 9, MZG_SG_MAX_ORDER + 1, 2), MZG_EINVAL);
}

static void test_sg_maldiquant(void)
{
	/* MALDIquant:::.savitzkyGolay(x, halfWindowSize=2L, polynomialOrder=3L) */
	static const double x[] = { 1, 3, 2, 5, 9, 4, 2, 8, 7, 1, 0, 3 };
	static const double want[] = {
		1.14285714285823592, 2.42857142857137109, 2.85714285714285632,
		5.59999999999999964, 7.11428571428571299, 4.59999999999999876,
		3.71428571428571308, 6.54285714285714270, 6.31428571428571317,
		1.94285714285714217, -0.62857142857145787, 3.15714285714389886,
	};
	double out[12];
	size_t i;

	CU_ASSERT_EQUAL_FATAL(mzg_smooth_sg(out, x, 12, 2, 3), MZG_OK);
	for (i = 0; i < 12; i++) /* R's unscaled normal equations: ~1e-12 */
		CU_ASSERT_DOUBLE_EQUAL(out[i], want[i], 1e-9);
	CU_ASSERT_EQUAL(mzg_smooth_sg(out, x, 4, 2, 3), MZG_EINVAL); /* 5 > 4 */
}

static void test_sg_polynomial_exact(void)
{
	/* A cubic is its own least-squares cubic: smoothing must return it
	 * unchanged everywhere, the fitted edges included. */
	double x[40], out[40], t;
	int i, h;

	for (i = 0; i < 40; i++) {
		t = i / 10.0;
		x[i] = 1 + 2 * t - 0.5 * t * t + 0.1 * t * t * t;
	}
	for (h = 2; h <= 8; h += 3) {
		CU_ASSERT_EQUAL_FATAL(mzg_smooth_sg(out, x, 40, h, 3), MZG_OK);
		for (i = 0; i < 40; i++)
			CU_ASSERT_DOUBLE_EQUAL(out[i], x[i], 1e-9);
	}
}

static void test_sg_blocks(void)
{
	/* Two blocks with different half windows: each point must equal the
	 * fixed-window result of its own block's window. */
	double x[200], a[200], b[200], out[200];
	mzg__block blk[2] = { { 0, 3, 0, 0 }, { 100, 7, 0, 0 } };
	int i;

	for (i = 0; i < 200; i++)
		x[i] = sin(i * 0.3) * 10 + (i % 7);
	CU_ASSERT_EQUAL_FATAL(mzg_smooth_sg(a, x, 200, 3, 3), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_smooth_sg(b, x, 200, 7, 3), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg__smooth_sg_blocks(out, x, 200, 3, blk, 2), MZG_OK);
	for (i = 0; i < 200; i++)
		CU_ASSERT_DOUBLE_EQUAL(out[i], i < 100 ? a[i] : b[i], 1e-12);
}

static void test_snip_hand(void)
{
	/* Jacobi passes: with in-place updates the second point would see the
	 * already clipped first one and give 7.5. */
	double y[6] = { 0, 10, 10, 10, 0, 0 }, b[6];
	static const double jac1[] = { 0, 5, 10, 5, 0, 0 };
	static const double dec2[] = { 0, 0, 0, 0, 0, 0 };
	static const double inc2[] = { 0, 5, 0, 2.5, 0, 0 };
	int i;

	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(b, y, 6, 1, 1), MZG_OK);
	for (i = 0; i < 6; i++)
		CU_ASSERT_DOUBLE_EQUAL(b[i], jac1[i], 0);
	/* decreasing: k=2 gives {0,10,0,5,0,0}, then k=1 clips to zero */
	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(b, y, 6, 2, 1), MZG_OK);
	for (i = 0; i < 6; i++)
		CU_ASSERT_DOUBLE_EQUAL(b[i], dec2[i], 0);
	/* increasing: k=1 gives {0,5,10,5,0,0}, then k=2 */
	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(b, y, 6, 2, 0), MZG_OK);
	for (i = 0; i < 6; i++)
		CU_ASSERT_DOUBLE_EQUAL(b[i], inc2[i], 0);
	/* in place, and iterations beyond n/2 change nothing more */
	memcpy(b, y, sizeof y);
	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(b, b, 6, 50, 1), MZG_OK);
	for (i = 0; i < 6; i++)
		CU_ASSERT_DOUBLE_EQUAL(b[i], dec2[i], 0);
	CU_ASSERT_EQUAL(mzg_baseline_snip(b, y, 6, -1, 1), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_baseline_snip(b, y, 0, 5, 1), MZG_OK);
}

static void test_snip_maldiquant(void)
{
	/* MALDIquant:::.estimateBaselineSnip(seq_along(x), x, iterations=3L,
	 * decreasing=TRUE / FALSE) */
	static const double x[] = { 1, 3, 2, 5, 9, 4, 2, 8, 7, 1, 0, 3 };
	static const double dec[] = { 1.0, 1.5, 2.0, 1.5, 2.0, 2.0, 2.0, 1.5,
	                              1.0, 0.5, 0.0, 3.0 };
	static const double inc[] = { 1.000, 1.500, 2.000, 1.500, 2.000, 1.500,
	                              1.875, 1.000, 1.000, 1.000, 0.000, 3.000 };
	double b[12];
	int i;

	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(b, x, 12, 3, 1), MZG_OK);
	for (i = 0; i < 12; i++)
		CU_ASSERT_DOUBLE_EQUAL(b[i], dec[i], 1e-15);
	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(b, x, 12, 3, 0), MZG_OK);
	for (i = 0; i < 12; i++)
		CU_ASSERT_DOUBLE_EQUAL(b[i], inc[i], 1e-15);
}

static void test_snip_blocks(void)
{
	/* A block whose largest window is 0 is left alone; the other block is
	 * clipped as far as its window reaches. */
	double y[12] = { 0, 9, 0, 9, 0, 9, 0, 9, 0, 9, 0, 9 }, tmp[12];
	mzg__block blk[2] = { { 0, 0, 0, 0 }, { 6, 0, 1, 0 } };
	int i;

	mzg__snip_blocks(y, tmp, 12, blk, 2, 1);
	for (i = 0; i < 6; i++)
		CU_ASSERT_DOUBLE_EQUAL(y[i], i % 2 ? 9 : 0, 0);
	for (i = 6; i < 11; i++)
		CU_ASSERT_DOUBLE_EQUAL(y[i], 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(y[11], 9, 0); /* last point is never clipped */
}

static void test_snip_decimated(void)
{
	/* A slow baseline under narrow peaks and fast ripple: SNIP on the
	 * decimated grid removes the peaks, stays near the slow curve (at
	 * least as near as the exact SNIP, which the ripple drags down) and is
	 * never above the signal. */
	static double mz[6000], y[6000], full[6000], dec[6000], work[6000];
	mzg__block blk = { 0, 0, 300, 0 };
	double worst = 0, err_dec = 0, err_full = 0, slow;
	int i, p;

	for (i = 0; i < 6000; i++) {
		mz[i] = 3000 + i * 0.5;
		y[i] = 100 + 40 * sin(i / 1500.0) + 5 * sin(i * 1.7);
		for (p = 300; p < 6000; p += 700) {
			double u = (i - p) / 8.0;
			y[i] += 1000 * exp(-0.5 * u * u);
		}
	}
	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(full, y, 6000, 300, 1), MZG_OK);
	memcpy(dec, y, sizeof y);
	CU_ASSERT_EQUAL_FATAL(mzg__snip_decimated(dec, mz, 6000, &blk, 1, 9, 1,
	                                          work), MZG_OK);
	for (i = 0; i < 6000; i++) {
		CU_ASSERT_FATAL(dec[i] <= y[i]);
		slow = 100 + 40 * sin(i / 1500.0);
		worst = fmax(worst, fabs(dec[i] - slow));
		err_dec += fabs(dec[i] - slow);
		err_full += fabs(full[i] - slow);
	}
	CU_ASSERT(worst < 15); /* the peaks are 1000 high */
	CU_ASSERT(err_dec <= err_full);
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void test_median_mad(void)
{
	double v[5] = { 1, 2, 3, 4, 100 }, w[4] = { 4, 1, 3, 2 }, m, mad;
	static const double x[] = { 1, 3, 2, 5, 9, 4, 2, 8, 7, 1, 0, 3 };
	static double a[20001], s[20001];
	unsigned seed = 12345;
	size_t n, i;

	CU_ASSERT_EQUAL(mzg_mad(&m, v, 5), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(m, 1.4826, 1e-12);
	CU_ASSERT_EQUAL(mzg_mad(&m, w, 4), MZG_OK); /* median 2.5, deviations 1 */
	CU_ASSERT_DOUBLE_EQUAL(m, 1.4826, 1e-12);
	CU_ASSERT_EQUAL(mzg_mad(&m, x, 12), MZG_OK); /* R: mad(x) */
	CU_ASSERT_DOUBLE_EQUAL(m, 2.9651999999999998, 1e-15);
	CU_ASSERT_EQUAL(mzg_mad(&m, x, 0), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(m, 0, 0);
	/* non-finite values are left out */
	w[1] = NAN;
	CU_ASSERT_EQUAL(mzg_mad(&m, w, 4), MZG_OK); /* {4, 3, 2} */
	CU_ASSERT_DOUBLE_EQUAL(m, 1.4826, 1e-12);
	/* selection against sorting: sizes below and above the sampling
	 * threshold, random values, many ties, sorted, reversed, organ pipe */
	for (n = 1; n <= 20001; n += n < 700 ? 37 : 1999) {
		int pattern;
		for (pattern = 0; pattern < 5; pattern++) {
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				a[i] = pattern == 0 ? (double)(seed >> 8) / 7.0 - 1e6 :
				       pattern == 1 ? (double)((seed >> 16) % 7) :
				       pattern == 2 ? (double)i :
				       pattern == 3 ? (double)(n - i) :
				       (double)(i % 2 ? i : n - i);
			}
			memcpy(s, a, n * sizeof *a);
			qsort(s, n, sizeof *s, cmpd);
			m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
			CU_ASSERT_DOUBLE_EQUAL(mzg__median_of(a, n, s), m, 0);
			CU_ASSERT_DOUBLE_EQUAL(mzg__median(a, n), m, 0);
			/* MAD through the radix path (n >= 1024) and the other */
			for (i = 0; i < n; i++)
				s[i] = fabs(a[i] - m);
			qsort(s, n, sizeof *s, cmpd);
			mad = 1.4826 * (n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
			CU_ASSERT_EQUAL(mzg_mad(&m, a, n), MZG_OK);
			CU_ASSERT_DOUBLE_EQUAL(m, mad, 1e-12 * (1 + mad));
		}
	}
}

static void test_noise_windows(void)
{
	/* Noise of amplitude 1 below m/z 1500 and 3 above: windowed MAD
	 * follows it, the global one does not; all values stay positive. */
	static double mz[3000], y[3000], noise[3000], scratch[3000];
	unsigned seed = 7;
	int i;

	for (i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		mz[i] = 1000 + i * 1.0 / 3;
		y[i] = (((seed >> 16) % 1000) / 500.0 - 1) * (mz[i] < 1500 ? 1 : 3);
	}
	CU_ASSERT_EQUAL_FATAL(mzg__noise(noise, NULL, mz, y, 3000, 200, 1, scratch), MZG_OK);
	CU_ASSERT(noise[0] > 0.5 * 1.4826 * 0.5 && noise[0] < 1.5 * 1.4826 * 0.5);
	CU_ASSERT(noise[2999] > 3 * 0.5 * 1.4826 * 0.5);
	CU_ASSERT(noise[1500] > noise[0] && noise[1500] < noise[2999]);
	CU_ASSERT_EQUAL_FATAL(mzg__noise(noise, NULL, mz, y, 3000, 0, 1, scratch), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(noise[0], noise[2999], 0);
	/* all zero: a positive floor */
	memset(y, 0, sizeof y);
	CU_ASSERT_EQUAL_FATAL(mzg__noise(noise, NULL, mz, y, 3000, 200, 1, scratch), MZG_OK);
	CU_ASSERT(noise[0] > 0 && noise[2999] > 0);
	/* mostly identical values: MAD is 0, the mean deviation is used */
	y[10] = 8;
	CU_ASSERT_EQUAL_FATAL(mzg__noise(noise, NULL, mz, y, 3000, 0, 1, scratch), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(noise[0], 1.2533141373155 * 8 / 3000, 1e-12);
}

/* Gaussian noise (Box-Muller on a 64-bit LCG), sd 1. */
static double lcg_gauss(unsigned long *st)
{
	double u, v;

	*st = *st * 6364136223846793005ul + 1442695040888963407ul;
	u = ((*st >> 11) + 0.5) / 9007199254740992.0;
	*st = *st * 6364136223846793005ul + 1442695040888963407ul;
	v = ((*st >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

#define NM 20001 /* 1000..3000 Da, step 0.1 */

/* Noise sd 1 around @p level, plus Gaussian peaks of FWHM 10 Da every
 * @p every Da (heights 50..500) over [lo, hi) Da. */
static void dense_signal(double *mz, double *y, double level, double lo,
                         double hi, double every)
{
	unsigned long st = 99;
	size_t i;

	for (i = 0; i < NM; i++) {
		double c;
		mz[i] = 1000 + 0.1 * (double)i;
		y[i] = level + lcg_gauss(&st);
		for (c = lo; c < hi; c += every) {
			double u = (mz[i] - c) / (10 / 2.3548200450309493);
			if (fabs(u) < 10)
				y[i] += (50 + fmod(37 * c, 450)) * exp(-0.5 * u * u);
		}
	}
}

/* The masked noise and centre: on pure noise they equal the plain MAD
 * and median; where peaks cover most of a window (a 150 Da cluster of
 * peaks every 12 Da in 200 Da windows) the plain ones measure the peaks
 * and the masked ones the noise; windows with no noise points left take
 * the neighbours' values; one global window works the same; a constant
 * signal gets a positive floor. */
static void test_noise_masked(void)
{
	static double mz[NM], y[NM], noise[NM], centre[NM], pn[NM], pc[NM];
	static double scratch[NM];
	mzg__block blk = { 0, 25, 100, 100 }; /* peak_hws 100 points = 10 Da */
	size_t i, mid = 9750; /* 1975 Da: inside the cluster */

	dense_signal(mz, y, 3, 0, 0, 1);
	CU_ASSERT_EQUAL_FATAL(mzg__noise(pn, pc, mz, y, NM, 200, 1, scratch), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg__noise_masked(noise, centre, mz, y, NM, 200, 1,
	                      &blk, 1), MZG_OK);
	for (i = 0; i < NM; i += 1000) {
		CU_ASSERT_DOUBLE_EQUAL(noise[i], pn[i], 0.05 * pn[i]);
		CU_ASSERT_DOUBLE_EQUAL(centre[i], pc[i], 0.05);
		CU_ASSERT_DOUBLE_EQUAL(centre[i], 3, 0.1);
	}
	dense_signal(mz, y, 3, 1900, 2050, 12);
	CU_ASSERT_EQUAL_FATAL(mzg__noise(pn, pc, mz, y, NM, 200, 1, scratch), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg__noise_masked(noise, centre, mz, y, NM, 200, 1,
	                      &blk, 1), MZG_OK);
	CU_ASSERT(pc[mid] > 20 && pn[mid] > 20); /* the plain ones fail */
	CU_ASSERT_DOUBLE_EQUAL(centre[mid], 3, 0.3);
	CU_ASSERT_DOUBLE_EQUAL(noise[mid], 1, 0.2);
	for (i = 0; i < NM; i += 500) {
		CU_ASSERT_DOUBLE_EQUAL(centre[i], 3, 0.3);
		CU_ASSERT_DOUBLE_EQUAL(noise[i], 1, 0.2);
	}
	/* one window over everything */
	CU_ASSERT_EQUAL_FATAL(mzg__noise_masked(noise, centre, mz, y, NM, 0, 1,
	                      &blk, 1), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(centre[0], centre[NM - 1], 0);
	CU_ASSERT_DOUBLE_EQUAL(centre[mid], 3, 0.1);
	CU_ASSERT_DOUBLE_EQUAL(noise[mid], 1, 0.1);
	/* peaks covering 1750..2250 Da without a gap: the windows there
	 * have no noise points; their values come from the neighbours */
	dense_signal(mz, y, 3, 1750, 2250, 12);
	CU_ASSERT_EQUAL_FATAL(mzg__noise_masked(noise, centre, mz, y, NM, 200, 2,
	                      &blk, 1), MZG_OK);
	for (i = 0; i < NM; i += 250) {
		CU_ASSERT_DOUBLE_EQUAL(centre[i], 3, 0.3);
		CU_ASSERT_DOUBLE_EQUAL(noise[i], 1, 0.2);
	}
	/* constant: a positive floor, centre the constant */
	for (i = 0; i < NM; i++)
		y[i] = 5;
	CU_ASSERT_EQUAL_FATAL(mzg__noise_masked(noise, centre, mz, y, NM, 200, 3,
	                      &blk, 1), MZG_OK);
	CU_ASSERT(noise[0] > 0 && noise[NM - 1] > 0 && noise[0] < 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(centre[NM / 2], 5, 0);
	/* a few points only (fewer than a window's minimum) */
	CU_ASSERT_EQUAL_FATAL(mzg__noise_masked(noise, centre, mz, y, 5, 200, 1,
	                      &blk, 1), MZG_OK);
	CU_ASSERT(noise[0] > 0 && centre[4] == 5);
}

static void expect_maxima(const double *y, size_t n, int hws,
                          const size_t *want, size_t nwant)
{
	unsigned char f[64];
	size_t i, k = 0;

	CU_ASSERT_EQUAL_FATAL(mzg_local_maxima(f, y, n, hws), MZG_OK);
	for (i = 0; i < n; i++)
		if (f[i]) {
			CU_ASSERT(k < nwant && want[k] == i);
			k++;
		}
	CU_ASSERT_EQUAL(k, nwant);
}

/* Brute force: leftmost argmax of the zero-padded window is the centre. */
static int brute_max(const double *y, size_t n, size_t i, int h)
{
	long j, best = (long)i - h;
	double bv = best < 0 ? 0 : y[best];

	for (j = best + 1; j <= (long)i + h; j++) {
		double v = j < 0 || j >= (long)n ? 0 : y[j];
		if (v > bv) {
			best = j;
			bv = v;
		}
	}
	return best == (long)i;
}

static void test_local_maxima(void)
{
	/* which(MALDIquant:::.localMaxima(x, 2L)) - 1 */
	static const double x[] = { 1, 3, 2, 5, 9, 4, 2, 8, 7, 1, 0, 3 };
	static const size_t wx[] = { 4, 7, 11 };
	/* .localMaxima(y, 1L) and (y, 2L): flat tops report the leftmost */
	static const double y[] = { 2, 5, 5, 1, 0, 7, 7, 7, 3, 9, 9 };
	static const size_t wy[] = { 1, 5, 9 };
	static const double neg[] = { -1, -2, -3 }; /* zero padding wins */
	static const double tail[] = { 3, 1, 2 };
	static const size_t wt[] = { 0, 2 };
	double r[64];
	unsigned seed = 99;
	unsigned char f[64];
	size_t i;
	int h, t;

	expect_maxima(x, 12, 2, wx, 3);
	expect_maxima(y, 11, 1, wy, 3);
	expect_maxima(y, 11, 2, wy, 3);
	expect_maxima(neg, 3, 1, NULL, 0);
	expect_maxima(tail, 3, 1, wt, 2);
	CU_ASSERT_EQUAL(mzg_local_maxima(f, x, 12, 0), MZG_EINVAL);
	for (t = 0; t < 200; t++) { /* random small integers: many ties */
		h = 1 + t % 6;
		for (i = 0; i < 64; i++) {
			seed = seed * 1103515245u + 12345u;
			r[i] = (double)((seed >> 16) % 5) - (t % 3 == 0 ? 2 : 0);
		}
		CU_ASSERT_EQUAL_FATAL(mzg_local_maxima(f, r, 64, h), MZG_OK);
		for (i = 0; i < 64; i++)
			CU_ASSERT_EQUAL(f[i], brute_max(r, 64, i, h));
	}
}

/* Gaussian of height A at fractional index t0 with sigma s (samples) on
 * a TOF-like axis m = (a + b t)^2. */
static void gaussian(double *mz, double *y, size_t n, double A, double t0,
                     double s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double t = (double)i, u = (t - t0) / s;
		mz[i] = (50 + 0.01 * t) * (50 + 0.01 * t);
		y[i] = A * exp(-0.5 * u * u);
	}
}

static void test_apex_gaussian(void)
{
	double mz[200], y[200], t0 = 100.37, s = 4, m0, fwhm, area;
	mzg_peak p;
	int iso;

	gaussian(mz, y, 200, 1000, t0, s);
	m0 = (50 + 0.01 * t0) * (50 + 0.01 * t0);
	iso = mzg_peak_refine(&p, mz, y, 200, 100, 1);
	CU_ASSERT_EQUAL(iso, 1);
	CU_ASSERT_EQUAL(p.index, 100);
	/* exact up to rounding: log-parabola and quadratic m(t) */
	CU_ASSERT_DOUBLE_EQUAL(p.mz, m0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(p.intensity, 1000, 1e-9);
	/* FWHM = 2.3548 sigma in samples times dm/dt at the apex */
	fwhm = 2 * sqrt(2 * log(2)) * s * 2 * 0.01 * (50 + 0.01 * t0);
	CU_ASSERT_DOUBLE_EQUAL(p.fwhm, fwhm, 0.01 * fwhm);
	/* +-1 FWHM holds erf(2.3548/sqrt 2) = 98.15 % of the area */
	area = 1000 * s * 2 * 0.01 * (50 + 0.01 * t0) * sqrt(2 * M_PI) * 0.9815;
	CU_ASSERT_DOUBLE_EQUAL(p.area, area, 0.01 * area);
	/* without interpolation: the raw sample */
	mzg_peak_refine(&p, mz, y, 200, 100, 0);
	CU_ASSERT_DOUBLE_EQUAL(p.mz, mz[100], 0);
	CU_ASSERT_DOUBLE_EQUAL(p.intensity, y[100], 0);
	CU_ASSERT_DOUBLE_EQUAL(p.fwhm, fwhm, 0.01 * fwhm);
}

static void test_apex_fallbacks(void)
{
	double mz[5] = { 10, 11, 12, 13, 14 };
	double par[5] = { 0, 0, 4, 3, 1 };   /* left neighbour 0: parabola */
	double flat[5] = { 0, 5, 5, 0, 0 };  /* flat top: centroid */
	double edge[5] = { 9, 3, 1, 0, 0 };  /* apex at the first point */
	double two[7] = { 0, 2, 10, 8, 6, 9, 0 };/* valley above half on the right */
	double mz7[7] = { 0, 1, 2, 3, 4, 5, 6 };
	double la, lb, lc, d, h, xl;
	mzg_peak p;

	mzg_peak_refine(&p, mz, par, 5, 2, 1);
	CU_ASSERT_DOUBLE_EQUAL(p.mz, 12.3, 1e-12); /* d = -1.5/-5 */
	CU_ASSERT_DOUBLE_EQUAL(p.intensity, 4.225, 1e-12);
	mzg_peak_refine(&p, mz, flat, 5, 1, 1);
	CU_ASSERT_DOUBLE_EQUAL(p.mz, 11.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.intensity, 5, 0);
	CU_ASSERT_DOUBLE_EQUAL(p.fwhm, 2, 1e-12); /* crossings 10.5 and 12.5 */
	CU_ASSERT_EQUAL(mzg_peak_refine(&p, mz, edge, 5, 0, 1), 0);
	CU_ASSERT_DOUBLE_EQUAL(p.mz, 10, 0);
	/* one-sided: right crossing at 10.5 + (9 - 4.5)/(9 - 3) = 10.75 */
	CU_ASSERT_DOUBLE_EQUAL(p.fwhm, 1.5, 1e-12);
	/* the right side rises into another peak (9 after 6) above half
	 * height: only the left half width is known, and it is doubled */
	la = log(2);
	lb = log(10);
	lc = log(8);
	d = 0.5 * (la - lc) / (la - 2 * lb + lc);
	h = exp(lb - 0.25 * (la - lc) * d);
	xl = 2 - (10 - h / 2) / 8;
	CU_ASSERT_EQUAL(mzg_peak_refine(&p, mz7, two, 7, 2, 1), 0);
	CU_ASSERT_DOUBLE_EQUAL(p.mz, 2 + d, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.intensity, h, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.fwhm, 2 * (2 + d - xl), 1e-12);
}

CU_TestInfo sg_tests[] = {
	{ "published coefficient tables", test_sg_tables },
	{ "MALDIquant values with fitted edges", test_sg_maldiquant },
	{ "a cubic passes unchanged", test_sg_polynomial_exact },
	{ "per-block half windows", test_sg_blocks },
	CU_TEST_INFO_NULL,
};

CU_TestInfo snip_tests[] = {
	{ "hand-computed passes", test_snip_hand },
	{ "MALDIquant values", test_snip_maldiquant },
	{ "per-block windows", test_snip_blocks },
	{ "decimated grid for wide windows", test_snip_decimated },
	CU_TEST_INFO_NULL,
};

CU_TestInfo noise_tests[] = {
	{ "median and MAD", test_median_mad },
	{ "windowed noise", test_noise_windows },
	{ "noise from the noise points only", test_noise_masked },
	CU_TEST_INFO_NULL,
};

CU_TestInfo peak_tests[] = {
	{ "local maxima tie rule", test_local_maxima },
	{ "Gaussian apex, FWHM and area", test_apex_gaussian },
	{ "parabolic, centroid and edge fallbacks", test_apex_fallbacks },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "savitzky-golay", NULL, NULL, NULL, NULL, sg_tests },
	{ "snip", NULL, NULL, NULL, NULL, snip_tests },
	{ "noise", NULL, NULL, NULL, NULL, noise_tests },
	{ "peaks", NULL, NULL, NULL, NULL, peak_tests },
	CU_SUITE_INFO_NULL,
};
