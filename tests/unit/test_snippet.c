/*
 * test_snippet.c -- spectrum snippets for the review page: the window,
 * peak heights kept on the calibrated axis (identity, shift and sqrt
 * calibrations), the same result as a brute-force scan of every sample,
 * sparse data interpolated, data ending inside the window, centroid
 * sticks, and bad arguments.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/snippet.h"
#include "runner.h"

static mzg_assay assay(void)
{
	mzg_assay a;

	memset(&a, 0, sizeof a);
	a.id = "rs1";
	a.n_alleles = 2;
	a.allele[0] = 'A';
	a.allele[1] = 'G';
	a.uep_mass = 5000.0;
	a.ext_mass[0] = 5271.2;
	a.ext_mass[1] = 5287.2;
	return a;
}

/* A profile on an even observed grid with Gaussian peaks (sd 1.5 Da) at
 * the observed positions of the given true masses. */
static void profile(mzg_processed *p, double from, double to, double dx,
                    const mzg_calib *c, const double *mass,
                    const double *height, size_t n_peaks)
{
	size_t i, k;

	memset(p, 0, sizeof *p);
	p->n = (size_t)((to - from) / dx) + 1;
	p->mz = calloc(p->n, sizeof *p->mz);
	p->signal = calloc(p->n, sizeof *p->signal);
	for (i = 0; i < p->n; i++) {
		p->mz[i] = from + dx * (double)i;
		for (k = 0; k < n_peaks; k++) {
			double at = c ? mzg_calib_invert(c, mass[k]) : mass[k];

			p->signal[i] += height[k] *
			                exp(-0.5 * pow((p->mz[i] - at) / 1.5, 2));
		}
		p->signal[i] += 0.5 * sin((double)i); /* noise */
	}
}

static void profile_free(mzg_processed *p)
{
	free(p->mz);
	free(p->signal);
}

/* Brute force: every sample to its nearest grid point, maximum. */
static void reference(float *y, unsigned char *set, const mzg_processed *p,
                      const mzg_calib *c, double lo, double hi, size_t n)
{
	double step = (hi - lo) / (double)(n - 1);
	size_t i;

	memset(set, 0, n);
	for (i = 0; i < p->n; i++) {
		double m = c ? mzg_calib_apply(c, p->mz[i]) : p->mz[i];
		double k = floor((m - lo) / step + 0.5);

		if (k < 0 || k >= (double)n)
			continue;
		if (!set[(size_t)k] || p->signal[i] > y[(size_t)k])
			y[(size_t)k] = (float)p->signal[i];
		set[(size_t)k] = 1;
	}
}

static size_t argmax(const mzg_snippet *s)
{
	size_t i, best = 0;

	for (i = 1; i < s->n; i++)
		if (s->y[i] > s->y[best])
			best = i;
	return best;
}

static double grid_mz(const mzg_snippet *s, size_t i)
{
	return s->mz0 + (s->mz1 - s->mz0) * (double)i / (double)(s->n - 1);
}

static void test_window(void)
{
	mzg_assay a = assay();
	double lo, hi;

	mzg_snippet_window(&lo, &hi, &a);
	CU_ASSERT_DOUBLE_EQUAL(lo, 5000.0 - MZG_SNIPPET_MARGIN, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(hi, 5287.2 + MZG_K_ADDUCT + MZG_SNIPPET_MARGIN, 1e-9);
}

/* Peaks at their true masses on the calibrated axis, heights kept, and
 * the same points as scanning every sample. */
static void check_calibrated(const mzg_calib *c)
{
	static const double mass[] = { 5000.0, 5271.2, 5287.2 + MZG_K_ADDUCT };
	static const double height[] = { 800, 500, 100 };
	mzg_assay a = assay();
	mzg_processed p;
	mzg_snippet s;
	float ref[MZG_SNIPPET_POINTS];
	unsigned char set[MZG_SNIPPET_POINTS];
	size_t i, k;

	profile(&p, 4000, 9000, 0.05, c, mass, height, 3);
	CU_ASSERT_EQUAL_FATAL(mzg_snippet_make(&s, &p, c, &a, 0), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(s.n, MZG_SNIPPET_POINTS);
	CU_ASSERT_FALSE(s.centroid);
	/* the UEP is the highest point, at its true mass within a step */
	k = argmax(&s);
	CU_ASSERT_DOUBLE_EQUAL(grid_mz(&s, k), 5000.0, (s.mz1 - s.mz0) / 149);
	CU_ASSERT_DOUBLE_EQUAL(s.y[k], 800, 800 * 0.02);
	reference(ref, set, &p, c, s.mz0, s.mz1, s.n);
	for (i = 0; i < s.n; i++) {
		CU_ASSERT_TRUE(set[i]);
		CU_ASSERT_EQUAL(s.y[i], ref[i]);
	}
	mzg_snippet_free(&s);
	CU_ASSERT_EQUAL(s.n, 0);
	CU_ASSERT_PTR_NULL(s.y);
	profile_free(&p);
}

static void test_calibrations(void)
{
	mzg_calib c;

	check_calibrated(NULL);
	memset(&c, 0, sizeof c);
	c.ok = 1;
	c.model = MZG_CAL_SHIFT;
	c.coef[0] = -400e-6; /* observed 400 ppm high */
	check_calibrated(&c);
	c.model = MZG_CAL_SQRT;
	c.coef[0] = 0.05;
	c.coef[1] = 0.9995;
	check_calibrated(&c);
	c.ok = 0; /* a failed calibration: the observed axis */
	check_calibrated(NULL);
}

static void test_sparse_and_edges(void)
{
	static const double mass[] = { 5271.2 };
	static const double height[] = { 300 };
	mzg_assay a = assay();
	mzg_processed p;
	mzg_snippet s;
	size_t i, zeros = 0;

	/* 10 Da between samples: far fewer samples than points; interpolated */
	profile(&p, 4000, 9000, 10, NULL, mass, height, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_snippet_make(&s, &p, NULL, &a, 40), MZG_OK);
	CU_ASSERT_EQUAL(s.n, 40);
	for (i = 0; i < s.n; i++) /* no holes (the noise is never 0 here) */
		CU_ASSERT_TRUE(s.y[i] != 0);
	CU_ASSERT_DOUBLE_EQUAL(grid_mz(&s, argmax(&s)), 5271.2, 10);
	mzg_snippet_free(&s);
	profile_free(&p);
	/* data ending inside the window: the points beyond it are 0 */
	profile(&p, 4000, 5150, 0.05, NULL, mass, height, 0);
	CU_ASSERT_EQUAL_FATAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_OK);
	for (i = 0; i < s.n; i++)
		zeros += grid_mz(&s, i) > 5151 && s.y[i] == 0;
	CU_ASSERT_TRUE(zeros > 60);
	mzg_snippet_free(&s);
	profile_free(&p);
	/* no data in the window: no snippet */
	profile(&p, 7000, 9000, 0.05, NULL, mass, height, 0);
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_OK);
	CU_ASSERT_EQUAL(s.n, 0);
	CU_ASSERT_PTR_NULL(s.y);
	profile_free(&p);
}

static void test_centroid(void)
{
	mzg_assay a = assay();
	mzg_peak pk[4] = { { 4500, 50, 5, 0, 0, 0 }, { 5000.2, 900, 90, 0, 0, 1 },
		{ 5287.0, 300, 30, 0, 0, 2 }, { 8000, 70, 7, 0, 0, 3 } };
	mzg_processed p;
	mzg_snippet s;
	size_t i, nonzero = 0;

	memset(&p, 0, sizeof p);
	p.centroid = 1;
	p.n_peaks = 4;
	p.peaks = pk;
	CU_ASSERT_EQUAL_FATAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_OK);
	CU_ASSERT_TRUE(s.centroid);
	CU_ASSERT_EQUAL(s.n, MZG_SNIPPET_POINTS);
	for (i = 0; i < s.n; i++)
		nonzero += s.y[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 2); /* the two peaks inside the window */
	CU_ASSERT_EQUAL(s.y[argmax(&s)], 900);
	mzg_snippet_free(&s);
	/* a peak list without peaks in the window: a flat snippet */
	p.n_peaks = 1;
	CU_ASSERT_EQUAL_FATAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_OK);
	CU_ASSERT_EQUAL(s.n, MZG_SNIPPET_POINTS);
	CU_ASSERT_EQUAL(s.y[argmax(&s)], 0);
	mzg_snippet_free(&s);
	p.n_peaks = 0;
	p.peaks = NULL;
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_OK);
	mzg_snippet_free(&s);
}

static void test_bad_args(void)
{
	mzg_assay a = assay();
	mzg_processed p;
	mzg_snippet s;

	memset(&p, 0, sizeof p);
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, NULL, NULL, &a, 0), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, NULL, 0), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, &a, 1), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, &a, 1001), MZG_EINVAL);
	p.n = 5; /* points without arrays */
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_EINVAL);
	p.n = 0;
	a.uep_mass = NAN;
	CU_ASSERT_EQUAL(mzg_snippet_make(&s, &p, NULL, &a, 0), MZG_EINVAL);
	mzg_snippet_free(NULL);
}

static CU_TestInfo snippet_tests[] = {
	{ "window", test_window },
	{ "calibrated axis, heights, same as a full scan", test_calibrations },
	{ "sparse data and edges", test_sparse_and_edges },
	{ "centroid sticks", test_centroid },
	{ "bad arguments", test_bad_args },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "snippet", NULL, NULL, NULL, NULL, snippet_tests },
	CU_SUITE_INFO_NULL,
};
