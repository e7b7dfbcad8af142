/*
 * test_cluster.c -- the per-assay mixture model on hand-made feature sets:
 * three clusters, two, one; a rare homozygote of two pads; a heterozygote
 * far from theta 0.5; outliers between clusters; low-signal pads; chips
 * too small to cluster; and a randomised check that confident calls are
 * (almost) never wrong; a pad far from every cluster; a rare homozygote
 * cluster that would swallow heterozygotes measured low.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "internal.h"
#include "mzgeno/call.h"
#include "runner.h"

/* A small deterministic generator (xorshift64*), uniform and normal. */
static uint64_t rng_state = 88172645463325252ull;

static double urand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717ull) >> 11) /
	       9007199254740992.0;
}

static double nrand(void)
{
	double u = urand(), v = urand();

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* The two-allele assay "A"/"G". */
static mzg_assay assay_ag(void)
{
	mzg_assay a;

	memset(&a, 0, sizeof(a));
	a.id = (char *)"rsTEST";
	a.n_alleles = 2;
	a.allele[0] = 'A';
	a.allele[1] = 'G';
	return a;
}

/*
 * Fill @p c as mzg_call_features would from a spectrum where the true
 * allele heights are A, B and the UEP is U, with measurement noise sd
 * @p noise: each observed height is true + N(0, noise), floored at 0.
 */
static void mk(mzg_call *c, double A, double B, double U, double noise)
{
	mzg_target t[3] = {
		{ 5000, MZG_T_UEP, 0, -1 },
		{ 5300, MZG_T_ALLELE, 0, 0 },
		{ 5316, MZG_T_ALLELE, 0, 1 },
	};
	mzg_measure m[3];
	double h[3] = { U, A, B };
	mzg_assay a = assay_ag();
	mzg_call_opts o;
	int i;

	mzg_call_opts_init(&o);
	memset(m, 0, sizeof(m));
	for (i = 0; i < 3; i++) {
		m[i].height = fmax(0.0, h[i] + noise * nrand());
		m[i].snr = m[i].height / noise;
		if (m[i].snr >= 3)
			m[i].flags = MZG_M_FOUND;
		m[i].mz_obs = t[i].mass;
	}
	CU_ASSERT_EQUAL_FATAL(mzg_call_features(c, m, t, 3, 0, &a, 0, 1, 0, &o),
	                      0);
}

/* Pad-to-pad variation used by the randomised test: relative spread of
 * the het ratio, and cross-talk of a homozygote into the other allele. */
static double jitter_ratio, jitter_bleed;

/* Heights of a pad of genotype g (0/1/2) with het allele-2 fraction
 * ratio b = B/A for hets, signal S. */
static void mk_gt(mzg_call *c, int g, double S, double b, double noise)
{
	double bleed = jitter_bleed * urand() * S;

	b *= exp(jitter_ratio * nrand());
	if (g == 0)
		mk(c, S, bleed, S * 0.5, noise);
	else if (g == 1)
		mk(c, S, S * b, S * 0.5, noise);
	else
		mk(c, bleed, S, S * 0.5, noise);
}

/* A chip: n pads with truth[i]; returns the calls (caller frees). */
typedef struct chip {
	size_t n;
	mzg_call *c;
	mzg_call **p;
	int *truth;
} chip;

static void chip_make(chip *ch, const int *counts, double b, double noise,
                      double smin, double smax)
{
	size_t i = 0;
	int g, k;

	ch->n = (size_t)(counts[0] + counts[1] + counts[2]);
	ch->c = calloc(ch->n, sizeof(mzg_call));
	ch->p = calloc(ch->n, sizeof(mzg_call *));
	ch->truth = calloc(ch->n, sizeof(int));
	for (g = 0; g < 3; g++)
		for (k = 0; k < counts[g]; k++, i++) {
			double S = smin + (smax - smin) * urand();

			mzg_call_init(&ch->c[i]);
			mk_gt(&ch->c[i], g, S, b, noise);
			ch->p[i] = &ch->c[i];
			ch->truth[i] = g;
		}
}

static void chip_free(chip *ch)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		mzg_call_clear(&ch->c[i]);
	free(ch->c);
	free(ch->p);
	free(ch->truth);
}

/* Count calls that are made (A/B/C), wrong, and of quality A. */
static void tally(const chip *ch, size_t *called, size_t *wrong, size_t *qa)
{
	size_t i;

	*called = *wrong = *qa = 0;
	for (i = 0; i < ch->n; i++) {
		const mzg_call *c = &ch->c[i];

		if (c->genotype == MZG_GT_NOCALL)
			continue;
		(*called)++;
		*wrong += c->genotype != ch->truth[i];
		*qa += c->quality == MZG_Q_A;
	}
}

/* Fit a chip with the default options; return the fit. */
static mzg_assay_fit run_chip(chip *ch)
{
	mzg_call_opts o;
	mzg_assay_fit fit;

	mzg_call_opts_init(&o);
	memset(&fit, 0, sizeof(fit));
	CU_ASSERT_EQUAL(mzg_call_assay(&fit, ch->p, ch->n, &o), 0);
	return fit;
}

static void test_three_clusters(void)
{
	int counts[3] = { 24, 48, 24 };
	size_t called, wrong, qa;
	mzg_assay_fit fit;
	chip ch;

	chip_make(&ch, counts, 1.0, 1.0, 30, 200);
	fit = run_chip(&ch);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(fit.mode, MZG_FIT_CLUSTER);
	CU_ASSERT_EQUAL(fit.n_callable, 96);
	CU_ASSERT_EQUAL(fit.n_clusters, 3);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(called >= 95);
	CU_ASSERT(qa >= 90);
	CU_ASSERT_DOUBLE_EQUAL(fit.mean[1], 0.5, 0.03);
	CU_ASSERT_EQUAL(fit.n_members[0], 24);
	CU_ASSERT_EQUAL(fit.n_members[1], 48);
	CU_ASSERT_EQUAL(fit.n_members[2], 24);
	CU_ASSERT_EQUAL(fit.held, 0);
	chip_free(&ch);
}

static void test_two_clusters(void)
{
	int counts[3] = { 60, 36, 0 };
	size_t called, wrong, qa;
	mzg_assay_fit fit;
	chip ch;

	chip_make(&ch, counts, 0.7, 1.0, 30, 200);
	fit = run_chip(&ch);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(called >= 94);
	CU_ASSERT_EQUAL(fit.n_members[2], 0);
	CU_ASSERT_EQUAL(fit.n_clusters, 2);
	/* het at (2/pi) atan(0.7) = 0.389 */
	CU_ASSERT_DOUBLE_EQUAL(fit.mean[1], 0.389, 0.03);
	chip_free(&ch);
}

static void test_one_cluster(void)
{
	int hom2[3] = { 0, 0, 96 }, het[3] = { 0, 96, 0 };
	size_t called, wrong, qa, i;
	mzg_assay_fit fit;
	chip ch;

	chip_make(&ch, hom2, 1.0, 1.0, 30, 200);
	fit = run_chip(&ch);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(called >= 95);
	CU_ASSERT_EQUAL(fit.n_clusters, 1);
	for (i = 0; i < ch.n; i++)
		CU_ASSERT(ch.c[i].best_guess == MZG_GT_HOM2);
	chip_free(&ch);

	chip_make(&ch, het, 1.3, 1.0, 30, 200);
	fit = run_chip(&ch);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(called >= 95);
	CU_ASSERT_EQUAL(fit.n_members[1], 96);
	chip_free(&ch);
}

static void test_rare_homozygote(void)
{
	int counts[3] = { 70, 24, 2 };
	size_t called, wrong, qa, i;
	mzg_assay_fit fit;
	chip ch;

	chip_make(&ch, counts, 1.0, 1.0, 30, 200);
	fit = run_chip(&ch);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(called >= 94);
	CU_ASSERT(fit.held & 4u);
	for (i = 94; i < 96; i++) {
		CU_ASSERT_EQUAL(ch.c[i].genotype, MZG_GT_HOM2);
		CU_ASSERT(ch.c[i].flags & MZG_CF_RARE_CLUSTER);
		CU_ASSERT(ch.c[i].quality == MZG_Q_B ||
		          ch.c[i].quality == MZG_Q_C);
	}
	chip_free(&ch);
}

static void test_het_off_centre(void)
{
	int counts[3] = { 30, 40, 26 };
	size_t called, wrong, qa;
	mzg_assay_fit fit;
	chip ch;

	/* allele 2 extends at 45 %: het theta = (2/pi) atan(0.45) = 0.268 */
	chip_make(&ch, counts, 0.45, 1.0, 30, 200);
	fit = run_chip(&ch);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT(called >= 94);
	CU_ASSERT_DOUBLE_EQUAL(fit.mean[1], 0.268, 0.03);
	chip_free(&ch);
}

/* Hets hidden in a homozygote cluster (an allele extending 15x worse):
 * no heterozygote among 90 pads although both homozygotes are there. The
 * caller cannot see them, but it must not call the assay with quality A. */
static void test_hwe_deficit(void)
{
	int counts[3] = { 84, 0, 6 };
	size_t i, n_a = 0;
	mzg_assay_fit fit;
	chip ch;

	chip_make(&ch, counts, 1.0, 1.0, 30, 200);
	fit = run_chip(&ch);
	CU_ASSERT_EQUAL(fit.n_members[1], 0);
	for (i = 0; i < ch.n; i++) {
		n_a += ch.c[i].quality == MZG_Q_A;
		if (ch.c[i].genotype != MZG_GT_NOCALL)
			CU_ASSERT(ch.c[i].flags & MZG_CF_HWE_DEFICIT);
	}
	CU_ASSERT_EQUAL(n_a, 0);
	chip_free(&ch);
	/* the same chip in Hardy-Weinberg proportions keeps its A calls */
	counts[0] = 64;
	counts[1] = 24;
	counts[2] = 2;
	chip_make(&ch, counts, 1.0, 1.0, 30, 200);
	fit = run_chip(&ch);
	for (i = n_a = 0; i < ch.n; i++) {
		n_a += ch.c[i].quality == MZG_Q_A;
		CU_ASSERT(!(ch.c[i].flags & MZG_CF_HWE_DEFICIT));
	}
	CU_ASSERT(n_a >= 80);
	chip_free(&ch);
}

static void test_outliers(void)
{
	int counts[3] = { 40, 40, 14 };
	size_t called, wrong, qa;
	mzg_call extra[2], *p[96];
	mzg_call_opts o;
	mzg_assay_fit fit;
	chip ch;
	size_t i;

	chip_make(&ch, counts, 1.0, 0.5, 50, 200);
	for (i = 0; i < 94; i++)
		p[i] = ch.p[i];
	/* theta 0.2: between hom1 (0) and het (0.5); theta 0.8 likewise */
	mzg_call_init(&extra[0]);
	mzg_call_init(&extra[1]);
	mk(&extra[0], 100, 32.5, 50, 0.5);
	mk(&extra[1], 32.5, 100, 50, 0.5);
	p[94] = &extra[0];
	p[95] = &extra[1];
	mzg_call_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_call_assay(&fit, p, 96, &o), 0);
	tally(&ch, &called, &wrong, &qa);
	CU_ASSERT_EQUAL(wrong, 0);
	for (i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(extra[i].genotype, MZG_GT_NOCALL);
		CU_ASSERT_EQUAL(extra[i].quality, MZG_Q_D);
		CU_ASSERT(extra[i].flags & MZG_CF_LOW_PROB);
		CU_ASSERT(extra[i].flags & MZG_CF_OUTLIER);
		CU_ASSERT(extra[i].best_guess != MZG_GT_NOCALL);
		mzg_call_clear(&extra[i]);
	}
	chip_free(&ch);
}

static void test_low_signal(void)
{
	int counts[3] = { 30, 40, 20 };
	mzg_call weak[6], *p[96];
	mzg_call_opts o;
	mzg_assay_fit fit;
	chip ch;
	size_t i;

	chip_make(&ch, counts, 1.0, 1.0, 30, 200);
	for (i = 0; i < 90; i++)
		p[i] = ch.p[i];
	for (i = 0; i < 6; i++) {
		mzg_call_init(&weak[i]);
		p[90 + i] = &weak[i];
	}
	mk(&weak[0], 2, 1, 100, 1.0);  /* SNR ~2: no alleles */
	mk(&weak[1], 0, 0, 100, 1e-9); /* nothing at all: theta NaN */
	mk(&weak[2], 3, 3, 5, 1.0);
	mk(&weak[3], 0, 6, 2000, 0.001); /* SNR high but extension 0.3 % */
	mk(&weak[4], 0, 0, 0, 1.0);
	mk(&weak[5], 1, 0, 0, 1.0);
	mzg_call_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_call_assay(&fit, p, 96, &o), 0);
	CU_ASSERT_EQUAL(fit.n_callable, 90);
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(weak[i].quality, MZG_Q_N);
		CU_ASSERT_EQUAL(weak[i].genotype, MZG_GT_NOCALL);
		CU_ASSERT_EQUAL(weak[i].best_guess, MZG_GT_NOCALL);
		CU_ASSERT(weak[i].flags &
		          (MZG_CF_LOW_SIGNAL | MZG_CF_LOW_EXTENSION));
	}
	CU_ASSERT(weak[3].flags & MZG_CF_LOW_EXTENSION);
	for (i = 0; i < 6; i++)
		mzg_call_clear(&weak[i]);
	chip_free(&ch);
}

static void test_controls_untouched(void)
{
	int counts[3] = { 30, 40, 20 };
	mzg_call_opts o;
	mzg_assay_fit fit;
	chip ch;

	chip_make(&ch, counts, 1.0, 1.0, 30, 200);
	/* an NTC with strong (contaminating) signal; a failed pad; a user call */
	ch.c[0].flags |= MZG_CF_NOT_CALLED;
	ch.c[1].flags |= MZG_CF_PAD_FAILED;
	ch.c[1].quality = MZG_Q_I;
	ch.c[2].quality = MZG_Q_E;
	ch.c[2].genotype = MZG_GT_HOM2;
	mzg_call_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_call_assay(&fit, ch.p, ch.n, &o), 0);
	CU_ASSERT_EQUAL(fit.n_callable, 87);
	CU_ASSERT_EQUAL(ch.c[0].genotype, MZG_GT_NOCALL);
	CU_ASSERT_EQUAL(ch.c[0].quality, MZG_Q_N);
	CU_ASSERT(ch.c[0].snr1 > 20); /* still measured */
	CU_ASSERT_EQUAL(ch.c[1].quality, MZG_Q_I);
	CU_ASSERT_EQUAL(ch.c[1].genotype, MZG_GT_NOCALL);
	CU_ASSERT_EQUAL(ch.c[2].quality, MZG_Q_E);
	CU_ASSERT_EQUAL(ch.c[2].genotype, MZG_GT_HOM2);
	chip_free(&ch);
}

static void test_small_chip(void)
{
	mzg_call c[6], *p[6];
	mzg_call_opts o;
	mzg_assay_fit fit;
	int i;

	for (i = 0; i < 6; i++) {
		mzg_call_init(&c[i]);
		p[i] = &c[i];
	}
	mk(&c[0], 100, 2, 50, 1.0);   /* hom1 */
	mk(&c[1], 80, 70, 50, 1.0);   /* het */
	mk(&c[2], 1, 90, 50, 1.0);    /* hom2 */
	mk(&c[3], 100, 17, 50, 0.01); /* ratio 0.17: grey zone */
	mk(&c[4], 100, 30, 50, 0.01); /* ratio 0.30: het by the rule */
	mk(&c[5], 2, 1, 50, 1.0);     /* no alleles */
	mzg_call_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_call_assay(&fit, p, 6, &o), 0);
	CU_ASSERT_EQUAL(fit.mode, MZG_FIT_PER_PAD);
	CU_ASSERT_EQUAL(fit.n_callable, 5);
	CU_ASSERT_EQUAL(c[0].genotype, MZG_GT_HOM1);
	CU_ASSERT_EQUAL(c[1].genotype, MZG_GT_HET);
	CU_ASSERT_EQUAL(c[2].genotype, MZG_GT_HOM2);
	CU_ASSERT_EQUAL(c[3].genotype, MZG_GT_NOCALL);
	CU_ASSERT_EQUAL(c[3].quality, MZG_Q_D);
	CU_ASSERT(c[4].genotype == MZG_GT_HET || c[4].quality == MZG_Q_D);
	CU_ASSERT_EQUAL(c[5].quality, MZG_Q_N);
	for (i = 0; i < 5; i++) {
		CU_ASSERT(c[i].flags & MZG_CF_PER_PAD);
		CU_ASSERT(c[i].quality != MZG_Q_A);
	}
	for (i = 0; i < 6; i++)
		mzg_call_clear(&c[i]);
}

static void test_extra_allele(void)
{
	mzg_target t[4] = {
		{ 5000, MZG_T_UEP, 0, -1 },
		{ 5300, MZG_T_ALLELE, 0, 0 },
		{ 5316, MZG_T_ALLELE, 0, 1 },
		{ 5340, MZG_T_ALLELE, 0, 2 },
	};
	mzg_measure m[4];
	mzg_assay a = assay_ag();
	mzg_call_opts o;
	mzg_call c;
	int i;

	a.n_alleles = 3;
	a.allele[2] = 'T';
	mzg_call_opts_init(&o);
	memset(m, 0, sizeof(m));
	for (i = 0; i < 4; i++) {
		m[i].height = i == 0 ? 50 : i == 1 ? 100 : i == 2 ? 0 : 60;
		m[i].snr = m[i].height;
		m[i].flags = m[i].height > 0 ? MZG_M_FOUND : 0;
		m[i].err_ppm = 10 * i;
	}
	mzg_call_init(&c);
	CU_ASSERT_EQUAL(mzg_call_features(&c, m, t, 4, 0, &a, 0, 1, 0, &o), 0);
	CU_ASSERT_DOUBLE_EQUAL(c.height_extra, 60, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.mass_error_ppm, 10, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.extension, 100.0 / 150.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.theta, 0.0, 1e-12);
	/* decided alone (per-pad): hom1 by ratio, but 60 % third allele */
	{
		mzg_call *p = &c;
		mzg_assay_fit fit;

		CU_ASSERT_EQUAL(mzg_call_assay(&fit, &p, 1, &o), 0);
	}
	CU_ASSERT(c.flags & MZG_CF_EXTRA_ALLELE);
	CU_ASSERT_EQUAL(c.quality, MZG_Q_D);
	CU_ASSERT_EQUAL(c.best_guess, MZG_GT_HOM1);
	mzg_call_clear(&c);
}

/*
 * Many random chips with random het position, noise and genotype
 * frequencies, some pads weak: confident calls must be right at >= 99.9 %
 * and quality A calls right every time.
 */
static void test_random_chips(void)
{
	size_t called = 0, wrong = 0, qa_wrong = 0, total = 0, i;
	int rep;

	jitter_ratio = 0.15;
	jitter_bleed = 0.06;
	for (rep = 0; rep < 60; rep++) {
		double q = 0.05 + 0.9 * urand(), b = 0.35 + 1.6 * urand();
		int counts[3];
		size_t c1, w1, a1;
		mzg_assay_fit fit;
		chip ch;

		counts[0] = (int)lround(96 * (1 - q) * (1 - q));
		counts[2] = (int)lround(96 * q * q);
		counts[1] = 96 - counts[0] - counts[2];
		chip_make(&ch, counts, b, 1.0, 6, 150);
		fit = run_chip(&ch);
		(void)fit;
		tally(&ch, &c1, &w1, &a1);
		for (i = 0; i < ch.n; i++)
			if (ch.c[i].quality == MZG_Q_A &&
			    ch.c[i].genotype != ch.truth[i])
				qa_wrong++;
		called += c1;
		wrong += w1;
		total += ch.n;
		chip_free(&ch);
	}
	jitter_ratio = jitter_bleed = 0;
	if (getenv("MZG_TEST_VERBOSE"))
		fprintf(stderr, "random chips: %zu pads, %zu called, %zu wrong, "
		        "%zu wrong at A\n", total, called, wrong, qa_wrong);
	CU_ASSERT_EQUAL(qa_wrong, 0);
	CU_ASSERT(wrong * 1000 <= called);
	CU_ASSERT(called >= total * 90 / 100);
}

/* A pad at exactly @p theta with allele signal S (A = S cos, B = S sin)
 * and height noise @p noise (so its tau follows), no random part. */
static void mk_theta(mzg_call *c, double theta, double S, double noise)
{
	mzg_target t[3] = {
		{ 5000, MZG_T_UEP, 0, -1 },
		{ 5300, MZG_T_ALLELE, 0, 0 },
		{ 5316, MZG_T_ALLELE, 0, 1 },
	};
	double h[3] = { S * 0.5, S * cos(theta * M_PI / 2),
	                S * sin(theta * M_PI / 2) };
	mzg_assay a = assay_ag();
	mzg_measure m[3];
	mzg_call_opts o;
	int i;

	mzg_call_opts_init(&o);
	memset(m, 0, sizeof(m));
	for (i = 0; i < 3; i++) {
		m[i].height = fmax(h[i], 0.0);
		m[i].snr = m[i].height / noise;
		m[i].flags = m[i].snr >= 3 ? MZG_M_FOUND : 0;
		m[i].mz_obs = t[i].mass;
	}
	mzg_call_init(c);
	CU_ASSERT_EQUAL_FATAL(mzg_call_features(c, m, t, 3, 0, &a, 0, 1, 0, &o),
	                      0);
}

/* Normal draw around mu with spread sd, kept within [lo, hi]. */
static double clamped(double mu, double sd, double lo, double hi)
{
	return fmin(fmax(mu + sd * nrand(), lo), hi);
}

/* The tight clusters of bench_2plex_40/384/s1 bench25: 150 homozygotes
 * G at theta ~0.985 (spread 0.01), 30 heterozygotes at 0.69 (0.03), 5
 * homozygotes T; pads of signal 500..2000 over noise 2 (tau ~0.002).
 * Truth in @p truth; n_base pads, room for extras after them. */
static size_t tight_chip(mzg_call *c, int *truth)
{
	size_t i, n = 0;

	for (i = 0; i < 150; i++, n++) {
		mk_theta(&c[n], clamped(0.985, 0.01, 0.95, 1), 500 + 1500 * urand(), 2);
		truth[n] = MZG_GT_HOM2;
	}
	for (i = 0; i < 30; i++, n++) {
		mk_theta(&c[n], clamped(0.69, 0.03, 0.55, 0.8), 500 + 1500 * urand(), 2);
		truth[n] = MZG_GT_HET;
	}
	for (i = 0; i < 5; i++, n++) {
		mk_theta(&c[n], clamped(0.015, 0.01, 0, 0.05), 500 + 1500 * urand(), 2);
		truth[n] = MZG_GT_HOM1;
	}
	return n;
}

/*
 * A pad that no cluster explains is not called, whichever component wins
 * (the accuracy benchmark's bench25 geometry: theta 0.886 between a
 * heterozygote cluster at 0.69 and a homozygote at 0.99, both tight).
 * Far out (~10 scales) the null component wins; at 5 scales from the
 * homozygote the Student-t tail still outweighs the null (a C call
 * without the outlier_z check) and the check makes it D.
 */
static void test_far_from_clusters(void)
{
	static mzg_call c[190];
	mzg_call *p[190];
	int truth[190], pass;
	mzg_call_opts o;
	mzg_assay_fit fit;
	size_t n = tight_chip(c, truth), i;
	double scale, tau2;

	for (i = 0; i < n + 3; i++)
		p[i] = &c[i];
	mzg_call_opts_init(&o);
	CU_ASSERT_EQUAL_FATAL(mzg_call_assay(&fit, p, n, &o), 0);
	CU_ASSERT(fit.sd[2] < 0.015 && fit.sd[1] < 0.04);
	mk_theta(&c[n], 0.886, 1000, 2);
	/* 5 scales below the homozygote, and 2 scales (a clean call) */
	tau2 = pow(2 / M_PI * 2 / 1000, 2);
	scale = sqrt(fit.sd[2] * fit.sd[2] + tau2);
	mk_theta(&c[n + 1], fit.mean[2] - 5 * scale, 1000, 2);
	mk_theta(&c[n + 2], fit.mean[2] - 2 * scale, 1000, 2);
	for (pass = 0; pass < 2; pass++) {
		o.outlier_z = pass ? 0 : 4.5;
		CU_ASSERT_EQUAL_FATAL(mzg_call_assay(&fit, p, n + 3, &o), 0);
		for (i = 0; i < n; i++)
			CU_ASSERT(c[i].genotype == MZG_GT_NOCALL ||
			          c[i].genotype == truth[i]);
		CU_ASSERT_EQUAL(c[n].quality, MZG_Q_D);
		CU_ASSERT(c[n].flags & MZG_CF_OUTLIER);
		CU_ASSERT(c[n].best_guess != MZG_GT_NOCALL);
		CU_ASSERT_EQUAL(c[n + 2].genotype, MZG_GT_HOM2);
		if (pass == 0) {
			CU_ASSERT_EQUAL(c[n + 1].quality, MZG_Q_D);
			CU_ASSERT(c[n + 1].flags & MZG_CF_OUTLIER);
			CU_ASSERT(c[n + 1].flags & MZG_CF_LOW_PROB);
			CU_ASSERT_EQUAL(c[n + 1].best_guess, MZG_GT_HOM2);
		} else { /* the t tail alone calls it */
			CU_ASSERT_EQUAL(c[n + 1].genotype, MZG_GT_HOM2);
			CU_ASSERT(!(c[n + 1].flags & MZG_CF_OUTLIER));
		}
	}
	for (i = 0; i < n + 3; i++)
		mzg_call_clear(&c[i]);
}

/*
 * A rare homozygote cluster must not swallow heterozygotes measured low
 * next to it. bench_2plex_40/384/s2 bench09 (G/C, before the measurement
 * tied adducts): 6 GG pads at theta 0.01..0.02, 8 GC pads whose C the
 * joint fit gave to G+K 1.9 Da away at 0.19..0.25, 46 GC at 0.35 (spread
 * 0.03), 122 CC; the GG cluster took the 8 (spread 0.10) and called two
 * of them GG at C. A homozygote spread is capped at hom_sd_max (0.05).
 */
static void test_broad_homozygote(void)
{
	static mzg_call c[200];
	static const double low_het[] = { 0.19, 0.20, 0.21, 0.22, 0.22, 0.23,
	                                   0.24, 0.25 };
	mzg_call *p[200];
	int pass, n_hom[2] = { 0, 0 };
	mzg_call_opts o;
	mzg_assay_fit fit;
	size_t i, n = 0;

	for (i = 0; i < 6; i++, n++)
		mk_theta(&c[n], 0.01 + 0.002 * (double)i, 1000, 4);
	for (i = 0; i < 8; i++, n++)
		mk_theta(&c[n], low_het[i], 300 + 1500 * urand(), 4);
	for (i = 0; i < 46; i++, n++)
		mk_theta(&c[n], clamped(0.35, 0.03, 0.27, 0.43),
		         300 + 1500 * urand(), 4);
	for (i = 0; i < 122; i++, n++)
		mk_theta(&c[n], clamped(0.995, 0.008, 0.97, 1),
		         300 + 1500 * urand(), 4);
	for (i = 0; i < n; i++)
		p[i] = &c[i];
	mzg_call_opts_init(&o);
	for (pass = 0; pass < 2; pass++) {
		o.hom_sd_max = pass ? 1 : 0.05;
		CU_ASSERT_EQUAL_FATAL(mzg_call_assay(&fit, p, n, &o), 0);
		if (getenv("MZG_TEST_VERBOSE"))
			fprintf(stderr, "broad hom (cap %g): means %.3f %.3f %.3f "
			        "sd %.3f %.3f %.3f\n", o.hom_sd_max, fit.mean[0],
			        fit.mean[1], fit.mean[2], fit.sd[0], fit.sd[1],
			        fit.sd[2]);
		CU_ASSERT(fit.sd[0] <= o.hom_sd_max);
		for (i = 0; i < 6; i++)
			CU_ASSERT_EQUAL(c[i].genotype, MZG_GT_HOM1);
		for (i = 6; i < n; i++)
			n_hom[pass] += c[i].genotype == MZG_GT_HOM1;
	}
	CU_ASSERT_EQUAL(n_hom[0], 0);
	CU_ASSERT(n_hom[1] > 0); /* uncapped, the GG cluster takes some */
	for (i = 0; i < n; i++)
		mzg_call_clear(&c[i]);
}

static void test_fixed_model(void)
{
	mzg_call_opts o;
	mzg__cmodel m;
	double post[4];

	mzg_call_opts_init(&o);
	mzg__cluster_fixed(&m, &o);
	mzg__cluster_posterior(post, &m, 0.01, 1e-4);
	CU_ASSERT(post[0] > 0.98);
	mzg__cluster_posterior(post, &m, 0.5, 1e-4);
	CU_ASSERT(post[1] > 0.95);
	mzg__cluster_posterior(post, &m, 0.99, 1e-4);
	CU_ASSERT(post[2] > 0.98);
	mzg__cluster_posterior(post, &m, 0.2, 1e-4);
	CU_ASSERT(post[0] < 0.95 && post[1] < 0.95);
	CU_ASSERT_DOUBLE_EQUAL(post[0] + post[1] + post[2] + post[3], 1, 1e-12);
	CU_ASSERT_EQUAL(mzg__cluster_fit(&m, NULL, NULL, 0, &o), MZG_EINVAL);
}

static CU_TestInfo cluster_tests[] = {
	{ "three clusters", test_three_clusters },
	{ "two clusters, het not at 0.5", test_two_clusters },
	{ "one cluster", test_one_cluster },
	{ "rare homozygote of 2 pads", test_rare_homozygote },
	{ "het far from 0.5", test_het_off_centre },
	{ "outliers between clusters", test_outliers },
	{ "heterozygote deficit: no A calls", test_hwe_deficit },
	{ "low signal and no extension", test_low_signal },
	{ "controls and failed pads untouched", test_controls_untouched },
	{ "small chip: per-pad rules", test_small_chip },
	{ "third allele", test_extra_allele },
	{ "random chips: confident calls are right", test_random_chips },
	{ "fixed model posteriors", test_fixed_model },
	{ "a pad far from every cluster is an outlier", test_far_from_clusters },
	{ "a broad homozygote cluster does not swallow hets", test_broad_homozygote },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "cluster", NULL, NULL, NULL, NULL, cluster_tests },
	CU_SUITE_INFO_NULL,
};
