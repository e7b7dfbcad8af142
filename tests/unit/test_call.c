/*
 * test_call.c -- the call record, options, genotype text and flags text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/call.h"
#include "runner.h"

static mzg_assay assay_ct(void)
{
	mzg_assay a;

	memset(&a, 0, sizeof(a));
	a.n_alleles = 2;
	a.allele[0] = 'C';
	a.allele[1] = 'T';
	return a;
}

static void test_opts(void)
{
	mzg_call_opts o;
	const char *keys[64];
	char vals[64][32];
	size_t n, i;
	int found = 0;

	mzg_call_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_call_opts_check(&o), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.p_a, 0.99, 1e-12);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "p_b", "0.97"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.p_b, 0.97, 1e-12);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "min_cluster", "20"), 0);
	CU_ASSERT_EQUAL(o.min_cluster, 20);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "em_iter", "50"), 0);
	CU_ASSERT_EQUAL(o.em_iter, 50);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "nope", "1"), MZG_ENOTFOUND);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "nope"));
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "p_a", "1.5"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "p_a", "x"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "min_cluster", "2.5"),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "p_c", "0.98"), 0);
	CU_ASSERT_EQUAL(mzg_call_opts_check(&o), MZG_EINVAL); /* p_c > p_b */
	mzg_call_opts_init(&o);
	CU_ASSERT_DOUBLE_EQUAL(o.hom_sd_max, 0.05, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(o.outlier_z, 4.5, 1e-12);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "outlier_z", "0"), 0);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "outlier_z", "-1"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_call_opts_set(&o, "hom_sd_max", "0.005"), 0);
	CU_ASSERT_EQUAL(mzg_call_opts_check(&o), MZG_EINVAL); /* < sd_min */
	mzg_call_opts_init(&o);
	n = mzg_call_opts_dump(keys, vals, 64, &o);
	CU_ASSERT(n > 20 && n < 64);
	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], "snr_min")) {
			CU_ASSERT_STRING_EQUAL(vals[i], "5");
			found = 1;
		}
	CU_ASSERT(found);
	CU_ASSERT_EQUAL(mzg_call_opts_dump(keys, vals, 2, &o), n);
}

static void test_genotype_text(void)
{
	mzg_assay a = assay_ct();
	char b[3];

	CU_ASSERT_STRING_EQUAL(mzg_genotype_text(b, &a, 0, 1, MZG_GT_HOM1),
	                       "CC");
	CU_ASSERT_STRING_EQUAL(mzg_genotype_text(b, &a, 0, 1, MZG_GT_HET),
	                       "CT");
	CU_ASSERT_STRING_EQUAL(mzg_genotype_text(b, &a, 0, 1, MZG_GT_HOM2),
	                       "TT");
	CU_ASSERT_STRING_EQUAL(mzg_genotype_text(b, &a, 0, 1, MZG_GT_NOCALL),
	                       ".");
	CU_ASSERT_STRING_EQUAL(mzg_genotype_text(b, &a, 0, 5, MZG_GT_HET),
	                       ".");
	CU_ASSERT_STRING_EQUAL(mzg_genotype_text(b, NULL, 0, 1, MZG_GT_HET),
	                       ".");
	CU_ASSERT_EQUAL(mzg_genotype_parse("CT", &a, 0, 1), MZG_GT_HET);
	CU_ASSERT_EQUAL(mzg_genotype_parse("TC", &a, 0, 1), MZG_GT_HET);
	CU_ASSERT_EQUAL(mzg_genotype_parse("t/t", &a, 0, 1), MZG_GT_HOM2);
	CU_ASSERT_EQUAL(mzg_genotype_parse("C", &a, 0, 1), MZG_GT_HOM1);
	CU_ASSERT_EQUAL(mzg_genotype_parse(".", &a, 0, 1), MZG_GT_NOCALL);
	CU_ASSERT_EQUAL(mzg_genotype_parse("", &a, 0, 1), MZG_GT_NOCALL);
	CU_ASSERT_EQUAL(mzg_genotype_parse("CG", &a, 0, 1), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_genotype_parse("CTT", &a, 0, 1), MZG_EINVAL);
}

static void test_flags_text(void)
{
	mzg_assay a = assay_ct();
	mzg_call c;
	char b[128], small[8];
	size_t n;

	mzg_call_init(&c);
	CU_ASSERT_EQUAL(mzg_call_flags_format(b, sizeof(b), &c, &a), 1);
	CU_ASSERT_STRING_EQUAL(b, ".");
	c.allele1 = 0;
	c.allele2 = 1;
	c.quality = MZG_Q_D;
	c.best_guess = MZG_GT_HET;
	c.flags = MZG_CF_LOW_PROB | MZG_CF_OUTLIER;
	CU_ASSERT_EQUAL(mzg_call_set_note(&c, "see\tme"), 0);
	n = mzg_call_flags_format(b, sizeof(b), &c, &a);
	CU_ASSERT_STRING_EQUAL(b, "low_probability,outlier,best_guess=CT,"
	                          "note=see me");
	CU_ASSERT_EQUAL(n, strlen(b));
	CU_ASSERT_EQUAL(mzg_call_flags_format(small, sizeof(small), &c, &a), n);
	CU_ASSERT_STRING_EQUAL(small, "low_pro");
	CU_ASSERT_STRING_EQUAL(mzg_call_flag_name(MZG_CF_NOT_CALLED),
	                       "not_called");
	CU_ASSERT_PTR_NULL(mzg_call_flag_name(3));
	CU_ASSERT_PTR_NULL(mzg_call_flag_name(1u << 30));
	CU_ASSERT_STRING_EQUAL(mzg_quality_name(MZG_Q_I), "I.Bad Spectrum");
	CU_ASSERT_STRING_EQUAL(mzg_quality_name((mzg_quality)'Z'), "?");
	mzg_call_clear(&c);
	CU_ASSERT_PTR_NULL(c.note);
}

static void test_features(void)
{
	mzg_target t[6] = {
		{ 4000, MZG_T_UEP, 1, -1 },
		{ 5000, MZG_T_UEP, 0, -1 },
		{ 5022, MZG_T_NA, 0, -1 },
		{ 5300, MZG_T_ALLELE, 0, 0 },
		{ 5316, MZG_T_ALLELE, 0, 1 },
		{ 5400, MZG_T_ALLELE, 1, 0 },
	};
	mzg_measure m[6];
	mzg_assay a = assay_ct();
	mzg_call_opts o;
	mzg_call c;

	mzg_call_opts_init(&o);
	memset(m, 0, sizeof(m));
	m[1].height = 50; m[1].snr = 25; m[1].flags = MZG_M_FOUND;
	m[2].height = 999; m[2].snr = 999; m[2].flags = MZG_M_FOUND;
	m[3].height = 30; m[3].snr = 15; m[3].flags = MZG_M_FOUND;
	m[3].err_ppm = 40;
	m[4].height = 30; m[4].snr = 15;
	m[4].flags = MZG_M_FOUND | MZG_M_COLLISION; m[4].err_ppm = -1500;
	m[5].height = 1000; m[5].snr = 1000; m[5].flags = MZG_M_FOUND;
	mzg_call_init(&c);
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 6, 0, &a, 0, 1, 0, &o), 0);
	CU_ASSERT_DOUBLE_EQUAL(c.height1, 30, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.height2, 30, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.snr_uep, 25, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.extension, 60.0 / 110.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.theta, 0.5, 1e-12);
	/* equal heights: the first found allele's error */
	CU_ASSERT_DOUBLE_EQUAL(c.mass_error_ppm, 40, 1e-12);
	CU_ASSERT(c.flags & MZG_CF_COLLISION);
	CU_ASSERT(!(c.flags & MZG_CF_NO_UEP));
	CU_ASSERT(!(c.flags & MZG_CF_MASS_ERROR));
	m[3].flags = 0;
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 6, 0, &a, 0, 1, 0, &o), 0);
	CU_ASSERT_DOUBLE_EQUAL(c.mass_error_ppm, -1500, 1e-12);
	CU_ASSERT(c.flags & MZG_CF_MASS_ERROR);
	m[1].flags = 0;
	m[1].height = 0;
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 6, 0, &a, 0, 1, 0, &o), 0);
	CU_ASSERT(c.flags & MZG_CF_NO_UEP);
	CU_ASSERT_DOUBLE_EQUAL(c.extension, 1.0, 1e-12);
	/* no signal at all: theta NaN, extension 0 */
	memset(m, 0, sizeof(m));
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 6, 0, &a, 0, 1, 0, &o), 0);
	CU_ASSERT(isnan(c.theta));
	CU_ASSERT_DOUBLE_EQUAL(c.extension, 0, 1e-12);
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 6, 0, &a, 0, 0, 0, &o),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 6, 0, &a, 0, 2, 0, &o),
	                MZG_EINVAL);
	mzg_call_clear(&c);
}

static CU_TestInfo call_tests[] = {
	{ "options", test_opts },
	{ "genotype text", test_genotype_text },
	{ "flags text", test_flags_text },
	{ "features", test_features },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "call", NULL, NULL, NULL, NULL, call_tests },
	CU_SUITE_INFO_NULL,
};
