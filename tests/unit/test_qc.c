/*
 * test_qc.c -- every QC rule on hand-made runs: a rule that should warn or
 * fail does, and the same chip just inside the threshold does not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/qc.h"
#include "runner.h"

#include "chip_fixture.h"

static mzg_qc *evaluate(chip *ch, const mzg_qc_opts *o)
{
	mzg_qc *q = NULL;

	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch->run, o), MZG_OK);
	return q;
}

/* The reason of @p rule about @p subject, or NULL. */
static const mzg_qc_reason *reason(const mzg_qc *q, const char *rule,
                                   const char *subject)
{
	size_t i;

	for (i = 0; i < q->n_reasons; i++)
		if (!strcmp(q->reasons[i].rule, rule) &&
		    (!subject || !strcmp(q->reasons[i].subject, subject)))
			return &q->reasons[i];
	return NULL;
}

static void test_clean_chip(void)
{
	chip ch;
	mzg_qc *q;
	const mzg_qc_assay *a;

	chip_make(&ch, NULL);
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_PASS);
	CU_ASSERT_EQUAL(q->n_reasons, 0);
	CU_ASSERT_EQUAL(q->n_assays, NA);
	CU_ASSERT_EQUAL(q->n_wells, 43);
	CU_ASSERT_EQUAL(q->n_sample_pads, 41);
	a = &q->assays[0];
	CU_ASSERT_STRING_EQUAL(a->id, "rs2234767");
	CU_ASSERT_EQUAL(a->n_pads, 41);
	CU_ASSERT_EQUAL(a->n_called, 41);
	CU_ASSERT_DOUBLE_EQUAL(a->call_rate, 1.0, 1e-12);
	CU_ASSERT_EQUAL(a->n_quality[0], 41);
	/* genotype counts over the 40 samples, not the positive control */
	CU_ASSERT_EQUAL(a->n_samples, 40);
	CU_ASSERT_EQUAL(a->n_gt[0], 10);
	CU_ASSERT_EQUAL(a->n_gt[1], 20);
	CU_ASSERT_EQUAL(a->n_gt[2], 10);
	CU_ASSERT_DOUBLE_EQUAL(a->freq1, 0.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(a->hwe_p, mzg_hwe_exact(10, 20, 10), 1e-12);
	CU_ASSERT_EQUAL(q->n_controls, 3);
	CU_ASSERT_EQUAL(q->controls[0].role, MZG_ROLE_POSITIVE);
	CU_ASSERT_EQUAL(q->controls[0].n_expected, 2);
	CU_ASSERT_EQUAL(q->controls[0].n_concordant, 2);
	CU_ASSERT_DOUBLE_EQUAL(q->controls[0].concordance, 1.0, 0);
	CU_ASSERT_EQUAL(q->controls[1].contaminated, 0);
	CU_ASSERT_EQUAL(q->controls[1].n_checks, NA);
	CU_ASSERT_DOUBLE_EQUAL(q->controls[1].max_snr, 1.0, 1e-12);
	CU_ASSERT(isnan(q->wells[42].call_rate)); /* NTC */
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_assay_call_rate(void)
{
	chip ch;
	mzg_qc *q;
	int i;

	chip_make(&ch, NULL); /* 41 pads: 39/41 = 95.1 % passes */
	for (i = 0; i < 2; i++)
		no_call(&ch.run.pads[i].calls[2], MZG_Q_D);
	q = evaluate(&ch, NULL);
	CU_ASSERT_PTR_NULL(reason(q, "assay_call_rate", NULL));
	CU_ASSERT_EQUAL(q->assays[2].n_quality[3], 2); /* D */
	mzg_qc_free(q);
	no_call(&ch.run.pads[2].calls[2], MZG_Q_N); /* 38/41 = 92.7 %: warn */
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(reason(q, "assay_call_rate", "rs763110"));
	CU_ASSERT_EQUAL(q->assays[2].verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(strstr(q->reasons[0].message,
	                              "call rate 92.7% (38 of 41 pads)"));
	mzg_qc_free(q);
	for (i = 3; i < 8; i++) /* 33/41 = 80.5 %: still warn */
		no_call(&ch.run.pads[i].calls[2], MZG_Q_N);
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	mzg_qc_free(q);
	no_call(&ch.run.pads[8].calls[2], MZG_Q_I); /* 32/41 = 78 %: fail */
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_FAIL);
	CU_ASSERT_EQUAL(reason(q, "assay_call_rate", "rs763110")->level,
	                MZG_VERDICT_FAIL);
	CU_ASSERT_EQUAL(q->assays[2].n_quality[6], 1); /* I */
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_hwe_rule(void)
{
	chip ch;
	mzg_qc *q;
	size_t i;

	chip_make(&ch, NULL);
	/* assay 3: 20 hom1 + 20 hom2, no het: p far below 0.001 */
	for (i = 0; i < 40; i++)
		set_call(&ch.run.pads[i].calls[3], i < 20 ? 0 : 2);
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(reason(q, "hwe", "rs13006529"));
	CU_ASSERT(q->assays[3].hwe_p < 1e-9);
	CU_ASSERT_EQUAL(q->n_reasons, 1);
	mzg_qc_free(q);
	/* 7 hom1 / 20 het / 13 hom2: p ~ 0.75, no reason */
	for (i = 0; i < 40; i++)
		set_call(&ch.run.pads[i].calls[3], i < 7 ? 0 : i < 27 ? 1 : 2);
	q = evaluate(&ch, NULL);
	CU_ASSERT_PTR_NULL(reason(q, "hwe", NULL));
	CU_ASSERT_EQUAL(q->assays[3].n_gt[0], 7);
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_sample_call_rate(void)
{
	chip ch;
	mzg_qc *q;
	const mzg_qc_reason *r;

	chip_make(&ch, NULL);
	no_call(&pad(&ch, "A05")->calls[0], MZG_Q_D); /* 7/8 = 87.5 % */
	q = evaluate(&ch, NULL);
	r = reason(q, "sample_call_rate", "A05");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->level, MZG_VERDICT_WARN);
	CU_ASSERT_DOUBLE_EQUAL(r->value, 0.875, 1e-12);
	CU_ASSERT_EQUAL(q->wells[4].verdict, MZG_VERDICT_WARN);
	CU_ASSERT_EQUAL(q->n_reasons, 1);
	mzg_qc_free(q);
	/* at 87.5 % with a threshold of 0.85 it passes */
	{
		mzg_qc_opts o;

		mzg_qc_opts_init(&o);
		CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.sample_warn", "0.85"), 0);
		q = evaluate(&ch, &o);
		CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_PASS);
		mzg_qc_free(q);
	}
	chip_free(&ch);
}

static void test_bad_pad(void)
{
	chip ch;
	mzg_qc *q;
	mzg_pad *p;
	size_t k;

	chip_make(&ch, NULL);
	p = pad(&ch, "B01");
	p->status = MZG_PAD_BAD;
	p->reason = "calibration failed: 0 of 8 UEPs found";
	for (k = 0; k < NA; k++)
		no_call(&p->calls[k], MZG_Q_I);
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_EQUAL(q->n_bad_pads, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(reason(q, "sample_call_rate", "B01")->message,
	                              "(pad bad: calibration failed"));
	CU_ASSERT_EQUAL(q->n_quality[6], NA);
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_duplicates(void)
{
	chip ch;
	mzg_qc *q;
	const mzg_qc_dup *d;

	/* S01 again in G01 and G02 */
	chip_make(&ch, "G01\tS01\tsample\t\t\nG02\tS01\tsample\t\t\n");
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL_FATAL(q->n_dups, 1);
	d = &q->dups[0];
	CU_ASSERT_STRING_EQUAL(d->sample, "S01");
	CU_ASSERT_EQUAL(d->n_pads, 3);
	/* G01, G02 are pads 43, 44: genotypes 43%4=3 -> hom2, 44%4=0 -> hom1;
	 * A01 (pad 0) is hom1: all 8 assays discordant */
	CU_ASSERT_EQUAL(d->n_compared, NA);
	CU_ASSERT_EQUAL(d->n_discordant, NA);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(strstr(reason(q, "duplicate_discordance",
	                                     "S01")->message,
	                              "rs2234767 (A01 GG, G01 AA, G02 GG)"));
	/* duplicates count once: still 40 samples in the frequencies */
	CU_ASSERT_EQUAL(q->assays[0].n_samples, 40);
	CU_ASSERT_EQUAL(q->assays[0].n_pads, 43);
	mzg_qc_free(q);
	{
		size_t k;

		for (k = 0; k < NA; k++) {
			set_call(&pad(&ch, "G01")->calls[k], MZG_GT_HOM1);
			set_call(&pad(&ch, "G02")->calls[k], MZG_GT_HOM1);
		}
		no_call(&pad(&ch, "G02")->calls[1], MZG_Q_D);
		no_call(&pad(&ch, "G01")->calls[1], MZG_Q_D);
		set_call(&pad(&ch, "G02")->calls[2], MZG_GT_HET);
	}
	q = evaluate(&ch, NULL);
	d = &q->dups[0];
	/* rs1800682 is called in A01 only: not compared */
	CU_ASSERT_EQUAL(d->n_compared, NA - 1);
	CU_ASSERT_EQUAL(d->n_discordant, 1);   /* rs763110 */
	CU_ASSERT_EQUAL(d->discordant[0], 2);
	CU_ASSERT_EQUAL(d->n_concordant, NA - 2);
	mzg_qc_free(q);
	set_call(&pad(&ch, "G02")->calls[2], MZG_GT_HOM1);
	no_call(&pad(&ch, "A01")->calls[1], MZG_Q_D);
	q = evaluate(&ch, NULL);
	d = &q->dups[0];
	CU_ASSERT_EQUAL(d->n_compared, NA - 1); /* rs1800682 called nowhere */
	CU_ASSERT_EQUAL(d->n_concordant, NA - 1);
	CU_ASSERT_EQUAL(d->n_discordant, 0);
	CU_ASSERT_PTR_NULL(reason(q, "duplicate_discordance", NULL));
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_ntc(void)
{
	chip ch;
	mzg_qc *q;
	mzg_pad *p;
	const mzg_qc_reason *r;

	chip_make(&ch, NULL);
	p = pad(&ch, "H11");
	p->calls[4].snr2 = 4.994;  /* reported 4.99: clean */
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_PASS);
	CU_ASSERT_DOUBLE_EQUAL(q->controls[1].max_snr, 4.99, 1e-12);
	mzg_qc_free(q);
	p->calls[4].snr2 = 4.996;  /* reported 5.00: contamination */
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_FAIL);
	CU_ASSERT_EQUAL(q->controls[1].contaminated, 1);
	CU_ASSERT_EQUAL(q->controls[1].n_signal, 1);
	CU_ASSERT_EQUAL(q->controls[1].checks[4].status, MZG_QC_SIGNAL);
	CU_ASSERT_EQUAL(q->controls[1].checks[4].allele, 1);
	CU_ASSERT_EQUAL(q->controls[1].verdict, MZG_VERDICT_FAIL);
	mzg_qc_free(q);
	p->calls[0].snr1 = 25;
	q = evaluate(&ch, NULL);
	r = reason(q, "ntc_contamination", "H11");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->level, MZG_VERDICT_FAIL);
	CU_ASSERT_DOUBLE_EQUAL(r->value, 25, 1e-12);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->message, "allele signal in 2 assays "
	                              "(rs2234767 SNR 25.00, rs2229521 SNR 5.00)"));
	CU_ASSERT_EQUAL(&q->reasons[0], r); /* fail reasons first */
	mzg_qc_free(q);
	/* an NTC whose pad failed cannot be checked: warn */
	p->calls[0].snr1 = p->calls[4].snr2 = 0;
	pad(&ch, "H12")->status = MZG_PAD_MISSING;
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(reason(q, "ntc_unchecked", "H12"));
	CU_ASSERT_EQUAL(q->controls[2].checked, 0);
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_positive(void)
{
	chip ch;
	mzg_qc *q;
	mzg_pad *p;
	const mzg_qc_reason *r;

	chip_make(&ch, NULL);
	p = pad(&ch, "H01");
	set_call(&p->calls[1], MZG_GT_HET); /* expected AA, called AG */
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_FAIL);
	r = reason(q, "positive_discordance", "H01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->message,
	                              "rs1800682 expected AA, called AG"));
	CU_ASSERT_EQUAL(q->controls[0].n_discordant, 1);
	CU_ASSERT_DOUBLE_EQUAL(q->controls[0].concordance, 0.5, 1e-12);
	CU_ASSERT_STRING_EQUAL(q->controls[0].checks[1].called, "AG");
	CU_ASSERT_STRING_EQUAL(q->controls[0].checks[1].expected, "AA");
	mzg_qc_free(q);
	/* not called is not a discordance; with nothing compared: warn */
	no_call(&p->calls[1], MZG_Q_D);
	no_call(&p->calls[0], MZG_Q_N);
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(strstr(reason(q, "positive_unchecked",
	                                     "H01")->message,
	                              "no expected genotype was called"));
	CU_ASSERT_EQUAL(q->controls[0].n_not_called, 2);
	mzg_qc_free(q);
	/* one concordant call is enough to pass */
	set_call(&p->calls[0], MZG_GT_HET);
	q = evaluate(&ch, NULL);
	CU_ASSERT_PTR_NULL(reason(q, "positive_unchecked", NULL));
	CU_ASSERT_PTR_NULL(reason(q, "positive_discordance", NULL));
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_options(void)
{
	mzg_qc_opts o;
	const char *keys[16];
	char values[16][32];
	size_t n;

	mzg_qc_opts_init(&o);
	CU_ASSERT_DOUBLE_EQUAL(o.assay_warn, 0.95, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.assay_fail, 0.80, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.hwe_warn, 0.001, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.sample_warn, 0.90, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.ntc_snr, 5, 0);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "ntc_snr", "8"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.ntc_snr, 8, 0);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.dup_warn", "2"), 0);
	CU_ASSERT_EQUAL(o.dup_warn, 2);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.dup_warn", "2.5"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.assay_warn", "1.5"), MZG_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "qc.assay_warn"));
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.nope", "1"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.hwe_warn", "abc"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_qc_opts_check(&o), 0);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "assay_fail", "0.99"), 0);
	CU_ASSERT_EQUAL(mzg_qc_opts_check(&o), MZG_EINVAL);
	n = mzg_qc_opts_dump(keys, values, 16, &o);
	CU_ASSERT_EQUAL(n, 7);
	CU_ASSERT_STRING_EQUAL(keys[4], "qc.ntc_snr");
	CU_ASSERT_STRING_EQUAL(values[4], "8");
	CU_ASSERT_STRING_EQUAL(values[1], "0.99");
	CU_ASSERT_EQUAL(mzg_qc_opts_dump(keys, values, 2, &o), 7);
	CU_ASSERT_STRING_EQUAL(mzg_verdict_name(MZG_VERDICT_WARN), "warn");
	CU_ASSERT_EQUAL(mzg_qc_quality_index('E'), 4);
	CU_ASSERT_EQUAL(mzg_qc_quality_index('X'), -1);
	CU_ASSERT_EQUAL(mzg_qc_quality_index(0), -1);
}

/* NTC threshold from the options; bad options are refused. */
static void test_options_applied(void)
{
	chip ch;
	mzg_qc *q = NULL;
	mzg_qc_opts o;

	chip_make(&ch, NULL);
	pad(&ch, "H12")->calls[0].snr1 = 6;
	mzg_qc_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "ntc_snr", "8"), 0);
	q = evaluate(&ch, &o);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_PASS);
	CU_ASSERT_DOUBLE_EQUAL(q->opts.ntc_snr, 8, 0);
	mzg_qc_free(q);
	q = evaluate(&ch, NULL);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_FAIL);
	mzg_qc_free(q);
	o.assay_fail = 0.99;
	q = NULL;
	CU_ASSERT_EQUAL(mzg_qc_evaluate(&q, &ch.run, &o), MZG_EINVAL);
	CU_ASSERT_PTR_NULL(q);
	chip_free(&ch);
}

static void test_no_samples(void)
{
	mzg_run run;
	mzg_qc *q = NULL;

	memset(&run, 0, sizeof run);
	run.design = &design;
	CU_ASSERT_EQUAL(mzg_qc_evaluate(&q, &run, NULL), MZG_OK);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(reason(q, "no_samples", NULL));
	CU_ASSERT(isnan(q->assays[0].call_rate));
	CU_ASSERT(isnan(q->assays[0].hwe_p));
	mzg_qc_free(q);
	run.design = NULL;
	CU_ASSERT_EQUAL(mzg_qc_evaluate(&q, &run, NULL), MZG_EINVAL);
	mzg_qc_free(NULL);
}

static CU_TestInfo qc_tests[] = {
	{ "clean chip passes", test_clean_chip },
	{ "assay call rate warns and fails", test_assay_call_rate },
	{ "HWE warns", test_hwe_rule },
	{ "sample call rate warns", test_sample_call_rate },
	{ "bad pad", test_bad_pad },
	{ "duplicate discordance warns", test_duplicates },
	{ "NTC contamination fails", test_ntc },
	{ "positive control discordance fails", test_positive },
	{ "options", test_options },
	{ "options applied", test_options_applied },
	{ "no samples", test_no_samples },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "qc", chip_setup, NULL, NULL, NULL, qc_tests },
	CU_SUITE_INFO_NULL,
};
