/*
 * test_simulate.c -- unit tests of the chip simulator: layout, truth,
 * genotypes, the physical model (peak positions under the calibration
 * error, allele height ratios, NTCs, failures), determinism, and the
 * files it writes (plate/truth consistency, same seed same bytes). The
 * mzML writer has its own tests (test_mzml_write.c).
 *
 * The designs here are built by hand (the structs are transparent), so
 * these tests depend on nothing but the simulator.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mzgeno/simulate.h"
#include "runner.h"
#include "simulate_int.h"

/* |a - b| within @p rel of @p scale (for heights that may be 0) */
#define CU_ASSERT_NEAR(a, b, rel, scale) \
	CU_ASSERT_DOUBLE_EQUAL((a), (b), (rel) * (scale) + 1e-12)

/* ---- hand-built designs ---- */

#define ASSAY(ID, UEP, A1, A2, M1, M2, PAUSE)                                \
	{ .id = ID, .dir = 'F', .chem = MZG_CHEM_IPLEX, .uep_mass = UEP,      \
	  .n_alleles = 2, .allele = { A1, A2 }, .ext_mass = { M1, M2 },        \
	  .pause_mass = PAUSE, .verified = 1 }

static mzg_assay w1_assays[4] = {
	ASSAY("rsA", 4500.0, 'A', 'G', 4771.2, 4787.2, 0),
	ASSAY("rsB", 5200.0, 'C', 'T', 5447.2, 5527.1, 0),
	ASSAY("rsC", 6100.0, 'A', 'C', 6371.2, 6347.2, 0),
	ASSAY("rsD", 7300.0, 'G', 'T', 7587.2, 7627.1, 7620.0),
};
static mzg_assay w2_assays[2] = {
	ASSAY("rsE", 4900.0, 'A', 'T', 5171.2, 5227.1, 0),
	ASSAY("rsA", 6600.0, 'A', 'G', 6871.2, 6887.2, 0),
};
static mzg_plex one_plex[1] = {
	{ .name = "W1", .n_assays = 4, .assays = w1_assays },
};
static mzg_plex two_plex[2] = {
	{ .name = "W1", .n_assays = 4, .assays = w1_assays },
	{ .name = "W2", .n_assays = 2, .assays = w2_assays },
};
static mzg_design design1 = { .source = "test1", .n_plex = 1, .plex = one_plex };
static mzg_design design2 = { .source = "test2", .n_plex = 2, .plex = two_plex };

static mzg_sim *new_sim(const mzg_design *d, const mzg_sim_opts *o)
{
	mzg_sim *s = NULL;
	int rc = mzg_sim_new(&s, d, o);

	CU_ASSERT_EQUAL_FATAL(rc, MZG_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

/* Highest point within +-hw of mz; its position in *at. */
static double height_at(const mzg_spectrum *sp, double mz, double hw,
                        double *at)
{
	double best = -1;
	size_t i;

	for (i = 0; i < sp->n; i++)
		if (fabs(sp->mz[i] - mz) <= hw && sp->intensity[i] > best) {
			best = sp->intensity[i];
			if (at)
				*at = sp->mz[i];
		}
	return best;
}

static size_t count_role(const mzg_sim *s, mzg_role r, size_t plex)
{
	size_t i, n = 0;

	for (i = 0; i < s->n_pads; i++)
		n += s->pads[i].role == r && s->pads[i].plex == plex;
	return n;
}

/* ---- options and layout ---- */

static void test_opts(void)
{
	mzg_sim_opts o;
	mzg_sim *s = NULL;
	static mzg_plex many[97];
	mzg_design big = { .source = "big", .n_plex = 97, .plex = many };
	size_t i;

	mzg_sim_opts_init(&o);
	CU_ASSERT_EQUAL(o.wells, 96);
	CU_ASSERT_EQUAL(o.points, 20000);
	o.wells = 100;
	CU_ASSERT_EQUAL(mzg_sim_new(&s, &design1, &o), MZG_EINVAL);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT(strstr(mzg_errmsg(), "96 or 384") != NULL);
	mzg_sim_opts_init(&o);
	o.noise = -1;
	CU_ASSERT_EQUAL(mzg_sim_new(&s, &design1, &o), MZG_EINVAL);
	mzg_sim_opts_init(&o);
	o.maf_max = 0.7;
	CU_ASSERT_EQUAL(mzg_sim_new(&s, &design1, &o), MZG_EINVAL);
	mzg_sim_opts_init(&o);
	o.ntc_per_96 = 90;
	CU_ASSERT_EQUAL(mzg_sim_new(&s, &design1, &o), MZG_EINVAL);
	for (i = 0; i < 97; i++)
		many[i] = one_plex[0];
	mzg_sim_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_sim_new(&s, &big, &o), MZG_EINVAL);
	CU_ASSERT(strstr(mzg_errmsg(), "multiplexes") != NULL);
	CU_ASSERT_EQUAL(mzg_sim_new(&s, NULL, &o), MZG_EINVAL);
	/* a hostile design: one allele, or a non-finite mass */
	{
		mzg_assay bad[1] = { ASSAY("rsX", 4500.0, 'A', 'G', 4771.2, 4787.2, 0) };
		mzg_plex bp = { .name = "W9", .n_assays = 1, .assays = bad };
		mzg_design bd = { .source = "bad", .n_plex = 1, .plex = &bp };

		CU_ASSERT_EQUAL(mzg_sim_new(&s, &bd, &o), MZG_OK);
		mzg_sim_free(s);
		bad[0].n_alleles = 1;
		CU_ASSERT_EQUAL(mzg_sim_new(&s, &bd, &o), MZG_EINVAL);
		CU_ASSERT(strstr(mzg_errmsg(), "rsX") != NULL);
		bad[0].n_alleles = 2;
		bad[0].ext_mass[1] = NAN;
		CU_ASSERT_EQUAL(mzg_sim_new(&s, &bd, &o), MZG_EINVAL);
		bad[0].ext_mass[1] = 4787.2;
		bad[0].n_alleles = 7;
		CU_ASSERT_EQUAL(mzg_sim_new(&s, &bd, &o), MZG_EINVAL);
		CU_ASSERT_PTR_NULL(s);
	}
	/* options by name */
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "noise", "12.5"), MZG_OK);
	CU_ASSERT_EQUAL(o.noise, 12.5);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "contam_snr", "3"), MZG_OK);
	CU_ASSERT_EQUAL(o.contam_snr, 3);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "seed", "18446744073709551615"), MZG_OK);
	CU_ASSERT_EQUAL(o.seed, UINT64_MAX);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "wells", "384"), MZG_OK);
	CU_ASSERT_EQUAL(o.wells, 384);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "points", "x"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "seed", "-1"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "noise", ""), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_sim_opts_set(&o, "nosie", "1"), MZG_ENOTFOUND);
	CU_ASSERT(strstr(mzg_errmsg(), "nosie") != NULL);
}

static void check_layout(int wells)
{
	mzg_sim_opts o;
	mzg_sim *s;
	size_t i, j, dups = 0, per = (size_t)wells;

	mzg_sim_opts_init(&o);
	o.wells = wells;
	o.seed = 7;
	s = new_sim(&design1, &o);
	CU_ASSERT_EQUAL(s->n_pads, per);
	CU_ASSERT_STRING_EQUAL(s->pads[0].well, "A01");
	CU_ASSERT_STRING_EQUAL(s->pads[1].well, "A02");
	CU_ASSERT_STRING_EQUAL(s->pads[per - 1].well, wells == 96 ? "H12" : "P24");
	CU_ASSERT_EQUAL(count_role(s, MZG_ROLE_NTC, 0), per / 32);     /* 3 per 96 */
	CU_ASSERT_EQUAL(count_role(s, MZG_ROLE_POSITIVE, 0), 1);
	for (i = 0; i < s->n_pads; i++) {
		CU_ASSERT_EQUAL(s->pads[i].n_truth, 4);
		for (j = i + 1; j < s->n_pads; j++) {
			CU_ASSERT(strcmp(s->pads[i].well, s->pads[j].well) != 0);
			if (!strcmp(s->pads[i].sample, s->pads[j].sample)) {
				dups++;
				CU_ASSERT_EQUAL(s->pads[i].role, MZG_ROLE_SAMPLE);
				CU_ASSERT_EQUAL(s->pads[i].sample_index, s->pads[j].sample_index);
			}
		}
	}
	CU_ASSERT_EQUAL(dups, per / 32);                               /* 3 per 96 */
	/* samples are numbered by first appearance */
	for (i = 0; i < s->n_pads; i++)
		if (s->pads[i].role == MZG_ROLE_SAMPLE) {
			CU_ASSERT_STRING_EQUAL(s->pads[i].sample, "S001");
			break;
		}
	mzg_sim_free(s);
}

static void test_layout_96(void)
{
	check_layout(96);
}

static void test_layout_384(void)
{
	check_layout(384);
}

static void test_layout_multiplex_blocks(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	size_t i, a;

	mzg_sim_opts_init(&o);
	s = new_sim(&design2, &o);
	CU_ASSERT_EQUAL(s->n_pads, 96);
	CU_ASSERT_EQUAL(s->n_assays, 6);
	/* rsA is in both multiplexes: one set of genotypes */
	CU_ASSERT_EQUAL(s->assays[5].first, 0);
	for (i = 0; i < 48; i++) {
		const mzg_sim_pad *p = &s->pads[i], *q = &s->pads[i + 48];

		CU_ASSERT_EQUAL(p->plex, 0);
		CU_ASSERT_EQUAL(q->plex, 1);
		CU_ASSERT_EQUAL(q->n_truth, 2);
		CU_ASSERT_STRING_EQUAL(p->sample, q->sample);
		CU_ASSERT_EQUAL(p->role, q->role);
		if (p->role != MZG_ROLE_NTC && !p->failed && !q->failed &&
		    p->truth[0].status == MZG_SIM_OK && q->truth[1].status == MZG_SIM_OK)
			CU_ASSERT_STRING_EQUAL(p->truth[0].genotype, q->truth[1].genotype);
	}
	CU_ASSERT_EQUAL(count_role(s, MZG_ROLE_NTC, 0), count_role(s, MZG_ROLE_NTC, 1));
	for (a = 0; a < s->n_assays; a++)
		CU_ASSERT(s->assays[a].eff > 0);
	mzg_sim_free(s);
}

/* Genotypes follow Hardy-Weinberg with the run's allele frequencies. */
static void test_hwe(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	size_t a, t;

	mzg_sim_opts_init(&o);
	o.wells = 384;
	o.seed = 11;
	s = new_sim(&design1, &o);
	for (a = 0; a < s->n_assays; a++) {
		double p = s->assays[a].freq[0], q = s->assays[a].freq[1];
		double n = (double)s->n_samples, het = 0, c0 = 0;
		double minor = p < q ? p : q;

		CU_ASSERT_DOUBLE_EQUAL(p + q, 1, 1e-12);
		CU_ASSERT(minor >= o.maf_min - 1e-12 && minor <= o.maf_max + 1e-12);
		for (t = 0; t < s->n_samples; t++) {
			const unsigned char *g = s->gt + (t * s->n_assays + a) * 2;

			het += g[0] != g[1];
			c0 += (g[0] == 0) + (g[1] == 0);
		}
		/* binomial tolerances: 4 sd */
		CU_ASSERT(fabs(het / n - 2 * p * q) < 4 * sqrt(2 * p * q * (1 - 2 * p * q) / n));
		CU_ASSERT(fabs(c0 / (2 * n) - p) < 4 * sqrt(p * q / (2 * n)) + 0.01);
	}
	mzg_sim_free(s);
}

/* ---- the physical model ---- */

static void test_calibration_model(void)
{
	mzg_sim_opts o;
	mzg_sim_pad p;
	double e[3] = { 250, 310, 520 }, m[3];
	int i;

	mzg_sim_opts_init(&o);
	memset(&p, 0, sizeof p);
	m[0] = o.mz_min;
	m[2] = o.mz_max;
	m[1] = pow(0.5 * (sqrt(m[0]) + sqrt(m[2])), 2);
	mzg__sim_cal_coef(p.cal, &o, e[0], e[1], e[2]);
	for (i = 0; i < 3; i++)
		CU_ASSERT_DOUBLE_EQUAL((mzg__sim_observe(&p, m[i]) / m[i] - 1) * 1e6,
		                       e[i], 1e-6);
	/* sqrt(m_obs) is exactly quadratic in sqrt(m) */
	CU_ASSERT_DOUBLE_EQUAL(sqrt(mzg__sim_observe(&p, 6000)),
	                       p.cal[0] + p.cal[1] * sqrt(6000.0) + p.cal[2] * 6000, 1e-9);
	mzg__sim_cal_coef(p.cal, &o, 0, 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(mzg__sim_observe(&p, 5000), 5000, 1e-8);
}

/* In a noiseless spectrum every UEP and allele peak sits at the design
 * mass moved by the pad's calibration error, and not at the design mass. */
static void test_peak_positions(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	mzg_spectrum sp;
	size_t pad, a, checked = 0;

	mzg_sim_opts_init(&o);
	mzg_sim_opts_ideal(&o);
	o.points = 200000;
	o.res_min = o.res_max = 2500;
	o.cal_shift_ppm = 400;
	o.cal_tilt_ppm = 150;
	o.cal_curv_ppm = 60;
	o.seed = 3;
	s = new_sim(&design1, &o);
	mzg_spectrum_init(&sp);
	for (pad = 0; pad < 12; pad++) {
		const mzg_sim_pad *p = &s->pads[pad];

		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, pad), MZG_OK);
		CU_ASSERT_EQUAL(sp.n, o.points);
		CU_ASSERT_STRING_EQUAL(sp.well, p->well);
		CU_ASSERT(fabs(p->cal_ppm) <= 400 + 75 + 60 + 1);
		for (a = 0; a < 4; a++) {
			const mzg_assay *as = &w1_assays[a];
			double obs = mzg_sim_observed_mz(s, pad, as->uep_mass), at = 0;
			double fwhm = obs / p->resolution;
			double h = height_at(&sp, obs, fwhm, &at);

			CU_ASSERT_DOUBLE_EQUAL(at, obs, 0.05);
			CU_ASSERT_DOUBLE_REL(h, p->truth[a].uep, 0.01);
			if (fabs(obs - as->uep_mass) > 0.3) /* the error is visible */
				CU_ASSERT(fabs(at - as->uep_mass) > 0.2);
			checked++;
		}
	}
	CU_ASSERT_EQUAL(checked, 48);
	mzg_spectrum_free(&sp);
	mzg_sim_free(s);
}

/* Allele heights follow the genotype and the allele bias. */
static void test_allele_ratio(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	mzg_spectrum sp;
	size_t pad, a, het = 0, hom = 0, off_one = 0;

	mzg_sim_opts_init(&o);
	mzg_sim_opts_ideal(&o);
	o.points = 100000;
	o.res_min = o.res_max = 3000;
	o.bias_sd = 0.4;
	o.seed = 5;
	s = new_sim(&design1, &o);
	mzg_spectrum_init(&sp);
	for (pad = 0; pad < s->n_pads; pad++) {
		const mzg_sim_pad *p = &s->pads[pad];

		if (p->role == MZG_ROLE_NTC)
			continue;
		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, pad), MZG_OK);
		for (a = 0; a < 4; a++) {
			const mzg_sim_truth *t = &p->truth[a];
			const mzg_sim_assay *sa = &s->assays[a];
			const mzg_assay *as = &w1_assays[a];
			double m0 = as->ext_mass[0], m1 = as->ext_mass[1];
			double h0 = height_at(&sp, m0, 1.0, NULL);
			double h1 = height_at(&sp, m1, 1.0, NULL);
			double want, got;

			CU_ASSERT_EQUAL(t->status, MZG_SIM_OK);
			CU_ASSERT_NEAR(h0, t->allele[0], 0.01, t->allele[0] + t->allele[1]);
			CU_ASSERT_NEAR(h1, t->allele[1], 0.01, t->allele[0] + t->allele[1]);
			if (t->gt[0] != t->gt[1]) {
				/* ratio = bias x mass response, never 1:1 here */
				want = sa->bias[1] * pow(m1 / m0, -o.mass_exponent);
				got = h1 / h0;
				CU_ASSERT_DOUBLE_REL(got, want, 0.02);
				het++;
				off_one += fabs(got - 1) > 0.1;
			} else {
				CU_ASSERT(t->gt[0] == 0 ? h1 < 1e-6 * h0 : h0 < 1e-6 * h1);
				hom++;
			}
			/* the UEP carries what did not extend */
			CU_ASSERT_DOUBLE_REL(t->uep / (t->allele[0] / pow(m0 / 5000, -1) +
			                               t->allele[1] / pow(m1 / 5000, -1)) *
			                     t->ext / (1 - t->ext) / pow(as->uep_mass / 5000, -1),
			                     1, 1e-9);
		}
	}
	CU_ASSERT(het > 20);
	CU_ASSERT(hom > 20);
	CU_ASSERT(off_one * 2 > het); /* heterozygotes are mostly not 1:1 */
	mzg_spectrum_free(&sp);
	mzg_sim_free(s);
}

/* NTCs: no allele signal unless contaminated; then the contaminant's. */
static void test_ntc(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	mzg_spectrum sp;
	size_t pad, a, n_ntc = 0;
	int contaminated;

	mzg_spectrum_init(&sp);
	for (contaminated = 0; contaminated < 2; contaminated++) {
		mzg_sim_opts_init(&o);
		mzg_sim_opts_ideal(&o);
		o.res_min = o.res_max = 2000;
		o.points = 60000;
		o.contam_rate = contaminated;
		o.contam_min = o.contam_max = 0.2;
		s = new_sim(&design1, &o);
		for (pad = 0; pad < s->n_pads; pad++) {
			const mzg_sim_pad *p = &s->pads[pad];

			if (p->role != MZG_ROLE_NTC)
				continue;
			n_ntc++;
			CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, pad), MZG_OK);
			CU_ASSERT_DOUBLE_EQUAL(p->contam, contaminated ? 0.2 : 0, 1e-12);
			for (a = 0; a < 4; a++) {
				const mzg_sim_truth *t = &p->truth[a];
				double h0 = height_at(&sp, w1_assays[a].ext_mass[0], 1, NULL);
				double h1 = height_at(&sp, w1_assays[a].ext_mass[1], 1, NULL);

				CU_ASSERT_STRING_EQUAL(t->genotype, ".");
				CU_ASSERT(t->uep > 0);
				if (!contaminated) {
					CU_ASSERT_EQUAL(t->status, MZG_SIM_NTC);
					CU_ASSERT_EQUAL(t->gt[0], -1);
					CU_ASSERT(h0 < 1e-9 && h1 < 1e-9);
				} else {
					CU_ASSERT_EQUAL(t->status, MZG_SIM_NTC_CONTAMINATED);
					CU_ASSERT(t->gt[0] >= 0);
					CU_ASSERT(h0 + h1 > 0.05 * t->uep);
					CU_ASSERT_NEAR(h0, t->allele[0], 0.01, t->uep);
					CU_ASSERT_NEAR(h1, t->allele[1], 0.01, t->uep);
					CU_ASSERT_DOUBLE_EQUAL(t->ext, 0.2 * o.ext_min, 1e-12);
				}
			}
		}
		mzg_sim_free(s);
	}
	CU_ASSERT_EQUAL(n_ntc, 6);
	mzg_spectrum_free(&sp);
}

/* A contaminated NTC whose allele peaks are too weak to see stays "ntc". */
static void test_ntc_contamination_threshold(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	size_t pad, a, seen = 0;

	mzg_sim_opts_init(&o);
	o.contam_rate = 1;
	o.contam_min = o.contam_max = 0.001;
	s = new_sim(&design1, &o);
	for (pad = 0; pad < s->n_pads; pad++)
		for (a = 0; a < s->pads[pad].n_truth && s->pads[pad].role == MZG_ROLE_NTC; a++) {
			CU_ASSERT_EQUAL(s->pads[pad].truth[a].status, MZG_SIM_NTC);
			seen++;
		}
	CU_ASSERT_EQUAL(seen, 12);
	mzg_sim_free(s);
}

static void test_failures(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	mzg_spectrum sp;
	size_t pad, a, empty = 0, weak = 0;

	mzg_spectrum_init(&sp);
	mzg_sim_opts_init(&o);
	o.failed_rate = 1;
	s = new_sim(&design1, &o);
	for (pad = 0; pad < s->n_pads; pad++) {
		const mzg_sim_pad *p = &s->pads[pad];

		if (p->role == MZG_ROLE_NTC) {
			CU_ASSERT_EQUAL(p->failed, MZG_SIM_PAD_OK);
			continue;
		}
		CU_ASSERT(p->failed == MZG_SIM_PAD_EMPTY || p->failed == MZG_SIM_PAD_WEAK);
		empty += p->failed == MZG_SIM_PAD_EMPTY;
		weak += p->failed == MZG_SIM_PAD_WEAK;
		for (a = 0; a < 4; a++) {
			const mzg_sim_truth *t = &p->truth[a];
			double sd = mzg_sim_noise_sd(s, pad, w1_assays[a].uep_mass);

			CU_ASSERT_EQUAL(t->status, MZG_SIM_FAILED_PAD);
			CU_ASSERT_STRING_EQUAL(t->genotype, ".");
			if (p->failed == MZG_SIM_PAD_EMPTY) {
				CU_ASSERT_EQUAL(t->uep + t->allele[0] + t->allele[1], 0);
			} else { /* very low: a few noise sd at most */
				CU_ASSERT(t->uep < 8 * sd);
			}
		}
	}
	CU_ASSERT(empty > 10 && weak > 10);
	mzg_sim_free(s);

	mzg_sim_opts_init(&o);
	o.dropout_rate = 1;
	o.failed_rate = 0;
	s = new_sim(&design1, &o);
	for (pad = 0; pad < s->n_pads; pad++)
		for (a = 0; a < 4 && s->pads[pad].role != MZG_ROLE_NTC; a++) {
			const mzg_sim_truth *t = &s->pads[pad].truth[a];

			CU_ASSERT_EQUAL(t->status, MZG_SIM_DROPOUT);
			CU_ASSERT_STRING_EQUAL(t->genotype, ".");
			CU_ASSERT_EQUAL(t->allele[0] + t->allele[1], 0);
			CU_ASSERT(t->uep > 0);
		}
	mzg_sim_free(s);
	mzg_spectrum_free(&sp);
}

/* Default model: a run has some of each status, and ok pads have
 * comfortable allele signal. */
static void test_default_statuses(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	size_t pad, a, n[5] = { 0 }, weak_ok = 0;

	mzg_sim_opts_init(&o);
	o.wells = 384;
	o.seed = 42;
	s = new_sim(&design1, &o);
	for (pad = 0; pad < s->n_pads; pad++)
		for (a = 0; a < s->pads[pad].n_truth; a++) {
			const mzg_sim_truth *t = &s->pads[pad].truth[a];

			n[t->status]++;
			if (t->status == MZG_SIM_OK) {
				double h = t->allele[t->gt[0]] > t->allele[t->gt[1]]
				           ? t->allele[t->gt[0]] : t->allele[t->gt[1]];

				weak_ok += h < 10 * mzg_sim_noise_sd(s, pad,
				                     w1_assays[a].ext_mass[t->gt[0]]);
			}
		}
	CU_ASSERT(n[MZG_SIM_OK] > 1300);
	CU_ASSERT(n[MZG_SIM_FAILED_PAD] > 0);
	CU_ASSERT(n[MZG_SIM_NTC] + n[MZG_SIM_NTC_CONTAMINATED] == 48);
	CU_ASSERT(weak_ok * 100 < n[MZG_SIM_OK]); /* < 1 % below SNR 10 */
	mzg_sim_free(s);
}

static void test_determinism(void)
{
	mzg_sim_opts o;
	mzg_sim *s1, *s2, *s3;
	mzg_spectrum a, b, c;
	size_t pad;

	mzg_sim_opts_init(&o);
	o.seed = 99;
	s1 = new_sim(&design1, &o);
	s2 = new_sim(&design1, &o);
	o.seed = 100;
	s3 = new_sim(&design1, &o);
	mzg_spectrum_init(&a);
	mzg_spectrum_init(&b);
	mzg_spectrum_init(&c);
	for (pad = 0; pad < 96; pad += 19) {
		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&a, s1, pad), MZG_OK);
		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&b, s2, 95 - pad), MZG_OK);
		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&b, s2, pad), MZG_OK);
		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&c, s3, pad), MZG_OK);
		CU_ASSERT_EQUAL(a.n, b.n);
		CU_ASSERT(memcmp(a.mz, b.mz, a.n * sizeof *a.mz) == 0);
		CU_ASSERT(memcmp(a.intensity, b.intensity, a.n * sizeof(double)) == 0);
		CU_ASSERT(memcmp(a.intensity, c.intensity, a.n * sizeof(double)) != 0);
		CU_ASSERT_STRING_EQUAL(s1->pads[pad].sample, s2->pads[pad].sample);
		CU_ASSERT_EQUAL(s1->pads[pad].cal[0], s2->pads[pad].cal[0]);
	}
	mzg_spectrum_free(&a);
	mzg_spectrum_free(&b);
	mzg_spectrum_free(&c);
	mzg_sim_free(s1);
	mzg_sim_free(s2);
	mzg_sim_free(s3);
}

/* Turning one artefact off leaves the rest of the run as it was. */
static void test_toggle_keeps_truth(void)
{
	mzg_sim_opts o;
	mzg_sim *s1, *s2;
	size_t pad;

	mzg_sim_opts_init(&o);
	s1 = new_sim(&design1, &o);
	o.na_max = o.k_max = o.doubly_max = 0;
	o.stray_mean = 0;
	s2 = new_sim(&design1, &o);
	for (pad = 0; pad < s1->n_pads; pad++) {
		CU_ASSERT_EQUAL(s1->pads[pad].cal[1], s2->pads[pad].cal[1]);
		CU_ASSERT_STRING_EQUAL(s1->pads[pad].truth[2].genotype,
		                       s2->pads[pad].truth[2].genotype);
		CU_ASSERT_EQUAL(s2->pads[pad].na, 0);
	}
	mzg_sim_free(s1);
	mzg_sim_free(s2);
}

/* Profile: time-uniform axis; adducts, 2+ ions and pausing peaks where the
 * model puts them; baseline decays with mass. */
static void test_profile_artefacts(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	mzg_spectrum sp;
	const mzg_sim_pad *p;
	const mzg_assay *as = &w1_assays[1];
	double d1, d2, m, h;
	size_t i, n;

	mzg_sim_opts_init(&o);
	mzg_sim_opts_ideal(&o);
	o.points = 100000;
	o.res_min = o.res_max = 3000;
	o.na_max = 0.25;
	o.doubly_max = 0.05;
	o.pause_max = 0.05;
	s = new_sim(&design1, &o);
	for (i = 0; s->pads[i].role == MZG_ROLE_NTC; i++)
		;
	p = &s->pads[i];
	mzg_spectrum_init(&sp);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, i), MZG_OK);
	n = sp.n;
	CU_ASSERT_DOUBLE_EQUAL(sp.mz[0], o.mz_min, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(sp.mz[n - 1], o.mz_max, 1e-6);
	d1 = sqrt(sp.mz[1]) - sqrt(sp.mz[0]);
	d2 = sqrt(sp.mz[n - 1]) - sqrt(sp.mz[n - 2]);
	CU_ASSERT_DOUBLE_REL(d2, d1, 1e-6);
	CU_ASSERT(sp.mz[n - 1] - sp.mz[n - 2] > 1.5 * (sp.mz[1] - sp.mz[0]));
	m = as->uep_mass + MZG_NA_ADDUCT;
	CU_ASSERT_DOUBLE_REL(height_at(&sp, m, 0.5, NULL), p->truth[1].uep * p->na, 0.01);
	m = (w1_assays[3].uep_mass + MZG_PROTON) / 2; /* rsD's 2+ is in the window */
	h = p->truth[3].uep * p->doubly;
	CU_ASSERT_DOUBLE_REL(height_at(&sp, m, 0.3, NULL), h, 0.01);
	/* rsD has a 1stPAUSE mass */
	h = (p->truth[3].allele[0] + p->truth[3].allele[1]) * p->pause;
	CU_ASSERT_DOUBLE_REL(height_at(&sp, 7620.0, 0.5, NULL), h, 0.02);
	mzg_sim_free(s);

	mzg_sim_opts_init(&o);
	o.seed = 4;
	s = new_sim(&design1, &o);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, 0), MZG_OK);
	CU_ASSERT(height_at(&sp, 3600, 50, NULL) > height_at(&sp, 9400, 50, NULL));
	for (i = 0; i < sp.n; i++)
		CU_ASSERT_FATAL(sp.intensity[i] >= 0 && isfinite(sp.intensity[i]));
	mzg_spectrum_free(&sp);
	mzg_sim_free(s);
}

static void test_centroid(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	mzg_spectrum sp;
	size_t i, a, k;

	mzg_sim_opts_init(&o);
	mzg_sim_opts_ideal(&o);
	o.centroid = 1;
	o.res_min = o.res_max = 3000;
	s = new_sim(&design1, &o);
	mzg_spectrum_init(&sp);
	for (i = 0; s->pads[i].role == MZG_ROLE_NTC; i++)
		;
	CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, i), MZG_OK);
	CU_ASSERT_EQUAL(sp.repr, MZG_REPR_CENTROID);
	for (k = 1; k < sp.n; k++)
		CU_ASSERT(sp.mz[k] > sp.mz[k - 1]);
	for (a = 0; a < 4; a++) {
		double m = w1_assays[a].uep_mass, best = 1e9;

		size_t at = 0;

		for (k = 0; k < sp.n; k++)
			if (fabs(sp.mz[k] - m) < best) {
				best = fabs(sp.mz[k] - m);
				at = k;
			}
		CU_ASSERT(best < 1e-9);
		CU_ASSERT_DOUBLE_REL(sp.intensity[at], s->pads[i].truth[a].uep, 1e-9);
	}
	mzg_sim_free(s);
	/* with noise: still sorted, positive, within the window */
	mzg_sim_opts_init(&o);
	o.centroid = 1;
	s = new_sim(&design1, &o);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&sp, s, 5), MZG_OK);
	CU_ASSERT(sp.n > 10);
	for (k = 0; k < sp.n; k++) {
		CU_ASSERT(sp.intensity[k] > 0);
		CU_ASSERT(sp.mz[k] >= o.mz_min && sp.mz[k] <= o.mz_max);
		if (k)
			CU_ASSERT(sp.mz[k] >= sp.mz[k - 1]);
	}
	mzg_spectrum_free(&sp);
	mzg_sim_free(s);
}

static CU_TestInfo model_tests[] = {
	{ "options", test_opts },
	{ "layout 96", test_layout_96 },
	{ "layout 384", test_layout_384 },
	{ "multiplex blocks", test_layout_multiplex_blocks },
	{ "genotypes in HWE", test_hwe },
	{ "calibration error model", test_calibration_model },
	{ "peaks at calibrated masses", test_peak_positions },
	{ "allele ratio follows genotype and bias", test_allele_ratio },
	{ "NTC clean and contaminated", test_ntc },
	{ "NTC contamination below detection", test_ntc_contamination_threshold },
	{ "failed pads and dropouts", test_failures },
	{ "default statuses", test_default_statuses },
	{ "determinism", test_determinism },
	{ "toggling an artefact keeps the truth", test_toggle_keeps_truth },
	{ "profile artefacts and axis", test_profile_artefacts },
	{ "centroid", test_centroid },
	CU_TEST_INFO_NULL,
};

/* ---- files ---- */

/* Split a TSV line in place (at most max fields). */
static int tsv(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (; *line && n < max; line++)
		if (*line == '\t') {
			*line = '\0';
			f[n++] = line + 1;
		}
	return n;
}

/* truth.tsv rows agree with plate.tsv: same wells, samples and roles;
 * positives' expected columns equal their truth; duplicates agree. */
static void test_truth_plate_consistent(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	char *d = mzg__strdup(mzg_test_path(mzg_test_tmpdir(), "consistent"));
	char *plate, *truth, *save1 = NULL, *save2 = NULL, *line, *f[16];
	char head[16][16];
	size_t len, rows = 0, pos_checked = 0, i;
	int n_head, k;

	mzg_sim_opts_init(&o);
	o.points = 100;
	s = new_sim(&design2, &o);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_write(s, d, NULL), MZG_OK);
	plate = mzg_test_slurp(mzg_test_path(d, "plate.tsv"), &len);
	truth = mzg_test_slurp(mzg_test_path(d, "truth.tsv"), &len);
	CU_ASSERT_FATAL(plate && truth);
	line = strtok_r(plate, "\n", &save1);
	n_head = tsv(line, f, 16);
	CU_ASSERT_EQUAL(n_head, 4 + 5); /* rsA once, although in W1 and W2 */
	for (k = 0; k < n_head; k++)
		snprintf(head[k], sizeof head[k], "%s", f[k]);
	CU_ASSERT_STRING_EQUAL(head[0], "well");
	CU_ASSERT_STRING_EQUAL(head[3], "multiplex");
	line = strtok_r(truth, "\n", &save2);
	CU_ASSERT_STRING_EQUAL(line, "well\tsample\trole\tassay\tgenotype\tstatus");
	for (i = 0; i < s->n_pads; i++) {
		char *pf[16] = { 0 }, well[4], sample[16], role[16];
		size_t a;

		line = strtok_r(NULL, "\n", &save1);
		CU_ASSERT_FATAL(line && tsv(line, pf, 16) == n_head);
		snprintf(well, sizeof well, "%s", pf[0]);
		snprintf(sample, sizeof sample, "%s", pf[1]);
		snprintf(role, sizeof role, "%s", pf[2]);
		CU_ASSERT_STRING_EQUAL(pf[3], i < 48 ? "W1" : "W2");
		for (a = 0; a < s->pads[i].n_truth; a++) {
			char *tf[8] = { 0 };

			line = strtok_r(NULL, "\n", &save2);
			CU_ASSERT_FATAL(line && tsv(line, tf, 8) == 6);
			CU_ASSERT_STRING_EQUAL(tf[0], well);
			CU_ASSERT_STRING_EQUAL(tf[1], sample);
			CU_ASSERT_STRING_EQUAL(tf[2], role);
			rows++;
			if (!strcmp(role, "ntc"))
				CU_ASSERT(!strcmp(tf[5], "ntc") || !strcmp(tf[5], "ntc_contaminated"));
			if (!strcmp(tf[5], "ok")) {
				CU_ASSERT_EQUAL(strlen(tf[4]), 2);
			} else {
				CU_ASSERT_STRING_EQUAL(tf[4], ".");
			}
			for (k = 4; k < n_head && !strcmp(role, "positive"); k++)
				if (!strcmp(head[k], tf[3]) && !strcmp(tf[5], "ok")) {
					CU_ASSERT_STRING_EQUAL(pf[k], tf[4]);
					pos_checked++;
				}
			for (k = 4; k < n_head && strcmp(role, "positive"); k++)
				CU_ASSERT_STRING_EQUAL(pf[k], "");
		}
		/* a positive control expects only assays of its multiplex
		 * (rsB, rsC, rsD are not in W2, rsE not in W1) */
		for (k = 4; k < n_head && !strcmp(role, "positive"); k++) {
			const mzg_plex *px = &s->design->plex[s->pads[i].plex];
			size_t b;
			int typed = 0;

			for (b = 0; b < px->n_assays; b++)
				typed |= !strcmp(head[k], px->assays[b].id);
			CU_ASSERT_EQUAL(strlen(pf[k]), typed ? 2u : 0u);
		}
	}
	CU_ASSERT_EQUAL(rows, 48 * 4 + 48 * 2);
	CU_ASSERT(pos_checked >= 4);
	CU_ASSERT_PTR_NULL(strtok_r(NULL, "\n", &save2));
	free(plate);
	free(truth);
	mzg_sim_free(s);
	free(d);
}

/* Same seed, same bytes; another seed, other bytes. */
static void test_write_same_bytes(void)
{
	mzg_sim_opts o;
	mzg_sim *s;
	const char *names[] = { "chip.mzML", "plate.tsv", "truth.tsv", "pads.tsv" };
	char *d[3];
	size_t i, la, lb, lc;
	int k;

	for (k = 0; k < 3; k++) {
		char sub[16];

		snprintf(sub, sizeof sub, "seed%d", k);
		d[k] = mzg__strdup(mzg_test_path(mzg_test_tmpdir(), sub));
		mzg_sim_opts_init(&o);
		o.points = 1000;
		o.seed = k == 2 ? 8 : 7;
		s = new_sim(&design1, &o);
		CU_ASSERT_EQUAL(mzg_sim_write(s, d[k], NULL), MZG_OK);
		mzg_sim_free(s);
	}
	for (i = 0; i < 4; i++) {
		char *a = mzg_test_slurp(mzg_test_path(d[0], names[i]), &la);
		char *b = mzg_test_slurp(mzg_test_path(d[1], names[i]), &lb);
		char *c = mzg_test_slurp(mzg_test_path(d[2], names[i]), &lc);

		CU_ASSERT_FATAL(a && b && c);
		CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
		CU_ASSERT(la != lc || memcmp(a, c, la) != 0);
		free(a);
		free(b);
		free(c);
	}
	for (k = 0; k < 3; k++)
		free(d[k]);
}

static CU_TestInfo file_tests[] = {
	{ "truth consistent with plate", test_truth_plate_consistent },
	{ "same seed same bytes", test_write_same_bytes },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "simulate model", NULL, NULL, NULL, NULL, model_tests },
	{ "simulate files", NULL, NULL, NULL, NULL, file_tests },
	CU_SUITE_INFO_NULL,
};
