/*
 * test_hwe.c -- the exact Hardy-Weinberg test against published values,
 * an independent computation in R, and a brute-force oracle.
 */
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "mzgeno/qc.h"
#include "runner.h"

/* Oracle: the Levene/Haldane probability of each heterozygote count from
 * factorials (lgamma), summed over the counts no more likely than the
 * observed one. Independent of the recurrence in hwe.c. */
static double brute_hwe(size_t aa, size_t ab, size_t bb)
{
	double n = (double)(aa + ab + bb), na = 2.0 * aa + ab, nb = 2.0 * bb + ab;
	double rare = na < nb ? na : nb, obs = 0, tot = 0, tail = 0, h;
	double lp[4096];
	size_t k = 0, i;

	for (h = fmod(rare, 2.0); h <= rare; h += 2.0) {
		double x = (rare - h) / 2.0, y = n - h - x;

		lp[k] = lgamma(n + 1) - lgamma(x + 1) - lgamma(h + 1) -
		        lgamma(y + 1) + h * log(2.0) + lgamma(na + 1) +
		        lgamma(nb + 1) - lgamma(2.0 * n + 1);
		if (h == (double)ab)
			obs = exp(lp[k]);
		k++;
	}
	for (i = 0; i < k; i++) {
		double p = exp(lp[i]);

		tot += p;
		if (p <= obs * (1 + 1e-7))
			tail += p;
	}
	(void)tot;
	return tail > 1.0 ? 1.0 : tail;
}

/* Published test values of snphwe 1.0.2 (J. McRae's wrapper of the
 * authors' C code, tests/test_hwe.py): snphwe(hets, hom1, hom2). The same
 * values come from an exact enumeration in R (docs/qc.md). */
static void test_published(void)
{
	CU_ASSERT_DOUBLE_REL(mzg_hwe_exact(10, 500, 5000), 0.65157189991, 1e-9);
	CU_ASSERT_DOUBLE_REL(mzg_hwe_exact(20, 1000, 5000), 1.26598491e-5, 1e-8);
	/* argument order of the homozygotes does not matter */
	CU_ASSERT_DOUBLE_REL(mzg_hwe_exact(5000, 500, 10), 0.65157189991, 1e-9);
}

/* Values from an exact enumeration in R with lfactorial, printed to 12
 * significant digits: `Rscript testdata/hwe/hwe_values.R`. */
static void test_r_values(void)
{
	static const struct { size_t aa, ab, bb; double p; } v[] = {
		{ 57, 14, 50, 5.5620473111e-19 },
		{ 3, 0, 3, 0.021645021645 },
		{ 25, 50, 25, 1.0 },
		{ 0, 100, 0, 1.51139082731e-29 },
		{ 40, 20, 40, 7.90133776715e-10 },
		{ 5, 30, 65, 0.533326479455 },
		{ 2, 10, 88, 0.0654442724212 },
		{ 0, 10, 90, 1.0 },
		{ 7, 3, 0, 1.0 },
	};
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(v); i++)
		CU_ASSERT_DOUBLE_REL(mzg_hwe_exact(v[i].aa, v[i].ab, v[i].bb),
		                     v[i].p, 1e-9);
}

static void test_edges(void)
{
	CU_ASSERT(isnan(mzg_hwe_exact(0, 0, 0)));
	CU_ASSERT_DOUBLE_EQUAL(mzg_hwe_exact(100, 0, 0), 1.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(mzg_hwe_exact(0, 0, 10), 1.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(mzg_hwe_exact(1, 0, 0), 1.0, 0);
	/* a single heterozygote is the only possible arrangement */
	CU_ASSERT_DOUBLE_EQUAL(mzg_hwe_exact(0, 1, 0), 1.0, 1e-12);
	/* large counts do not overflow or take long */
	CU_ASSERT(mzg_hwe_exact(200000, 200000, 200000) < 1e-300);
	CU_ASSERT_DOUBLE_REL(mzg_hwe_exact(250000, 500000, 250000), 1.0, 1e-9);
}

/* Every genotype table with up to 40 samples against the oracle. */
static void test_oracle(void)
{
	size_t n, aa, ab, bad = 0, tried = 0;

	for (n = 1; n <= 40; n++)
		for (aa = 0; aa <= n; aa++)
			for (ab = 0; aa + ab <= n; ab++) {
				size_t bb = n - aa - ab;
				double want = brute_hwe(aa, ab, bb);
				double got = mzg_hwe_exact(aa, ab, bb);

				tried++;
				if (!(fabs(got - want) <= 1e-9 * want + 1e-15))
					bad++;
			}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(tried > 10000);
}

/* A p-value is a probability: in (0, 1], and the most likely table has
 * p = 1 whereas an extreme excess of heterozygotes is rejected. */
static void test_properties(void)
{
	CU_ASSERT(mzg_hwe_exact(0, 384, 0) < 1e-100);
	CU_ASSERT(mzg_hwe_exact(192, 0, 192) < 1e-100);
	CU_ASSERT(mzg_hwe_exact(96, 192, 96) > 0.5);
}

static CU_TestInfo hwe_tests[] = {
	{ "published values", test_published },
	{ "values from R", test_r_values },
	{ "edge cases", test_edges },
	{ "brute-force oracle", test_oracle },
	{ "properties", test_properties },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "hwe", NULL, NULL, NULL, NULL, hwe_tests },
	CU_SUITE_INFO_NULL,
};
