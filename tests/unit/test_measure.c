/*
 * test_measure.c -- unit tests of the targeted measurement: allele height
 * ratios of A/G pairs 16 Da apart at R 500 with Na/K adducts present are
 * recovered within 5 % (1:1, 1:3, 1:10, homozygotes), SNR and mass error
 * are sane, edges, saturation, centroided input and options; adducts
 * crowding an allele (G/T, C/G at R 800-1000) tied to their parents.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "measure_int.h"
#include "mzgeno/calib.h"
#include "mzgeno/measure.h"
#include "runner.h"
#include "synth.h"
#include "synth_targets.h"

#define MAXPK 160
#define KINDS (MZG_TMASK(MZG_T_UEP) | MZG_TMASK(MZG_T_ALLELE) | \
               MZG_TMASK(MZG_T_NA) | MZG_TMASK(MZG_T_K))

static const double H_UEP[SYNTH_N_ASSAYS] = { 900, 700, 800, 600, 1000, 500, 650, 750 };

/* The targets of the test multiplex (UEP, alleles, Na, K). */
static mzg_target *targets(size_t *n)
{
	mzg_target *t = NULL;

	CU_ASSERT_EQUAL_FATAL(mzg_plex_targets(&t, n, synth_plex(), KINDS), 0);
	return t;
}

/* Measure a pad with the given allele heights, through synth_processed
 * and a calibration on its own peaks. */
static void measure_pad(mzg_measure *m, const mzg_target *t, size_t n,
                        const synth_opts *so, const double *a1,
                        const double *a2, double na, double k)
{
	synth_peak sp[MAXPK];
	mzg_processed p;
	mzg_calib c;
	size_t np = synth_pad(sp, MAXPK, H_UEP, a1, a2, na, k);

	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, so, sp, np), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, &c, t, n, NULL), 0);
	synth_processed_free(&p);
}

/* Allele ratios 1:1, 1:3, 3:1, 1:10, 10:1 and both homozygotes, at R 500
 * with Na (20 %) and K (10 %) adducts and a 700 ppm distortion, for every
 * assay: A/G 16 Da apart (the Na adduct of A 6 Da from G), C/T, and G/T,
 * C/G where the K adduct of the lighter allele lies 1.8 Da from the other
 * allele (split with the pad's K ratio). */
static void test_allele_ratios(void)
{
	static const double ratios[] = { 1, 1.0 / 3, 3, 0.1, 10, 0, -1 };
	static const int ag[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	size_t n, r, j;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	synth_opts so;

	CU_ASSERT_FATAL(m != NULL);
	synth_opts_init(&so);
	so.shift_ppm = 700;
	so.quad_ppm = -120;
	for (r = 0; r < MZG_ARRAY_LEN(ratios); r++) {
		double a1[SYNTH_N_ASSAYS], a2[SYNTH_N_ASSAYS];
		for (j = 0; j < SYNTH_N_ASSAYS; j++) {
			/* ratio a2/a1; -1: a2 only */
			a1[j] = ratios[r] < 0 ? 0 : (ratios[r] > 1 ? 2000 / ratios[r] : 2000);
			a2[j] = ratios[r] < 0 ? 2000 : (ratios[r] > 1 ? 2000 : 2000 * ratios[r]);
		}
		so.seed = 100 + r;
		measure_pad(m, t, n, &so, a1, a2, 0.2, 0.1);
		for (j = 0; j < MZG_ARRAY_LEN(ag); j++) {
			const mzg_measure *x1 = &m[find_target(t, n, MZG_T_ALLELE, ag[j], 0)];
			const mzg_measure *x2 = &m[find_target(t, n, MZG_T_ALLELE, ag[j], 1)];
			if (ag[j] % 2 == 0) { /* A/G: 16 Da apart, resolved */
				CU_ASSERT(x1->flags & MZG_M_FITTED);
				CU_ASSERT(x2->flags & MZG_M_FITTED);
				CU_ASSERT(!(x1->flags & MZG_M_COLLISION));
				CU_ASSERT(!(x2->flags & MZG_M_COLLISION));
				/* A+Na 0.38-0.62 FWHM from G, fitted with A: free */
				CU_ASSERT(!(x2->flags & MZG_M_ADDUCT_SPLIT));
			}
			if (ratios[r] > 0) {
				double got = x2->height / x1->height;
				CU_ASSERT(fabs(got / ratios[r] - 1) < 0.05);
				CU_ASSERT(x1->flags & MZG_M_FOUND);
				CU_ASSERT(x2->flags & MZG_M_FOUND);
			} else if (ratios[r] == 0) {
				CU_ASSERT(x2->height / x1->height < 0.01);
				CU_ASSERT(fabs(x1->height / 2000 - 1) < 0.05);
			} else {
				CU_ASSERT(x1->height / x2->height < 0.01);
				CU_ASSERT(fabs(x2->height / 2000 - 1) < 0.05);
			}
		}
	}
	free(m);
	free(t);
}

/* Without the adduct split, the G/T and C/G heavier alleles carry the K
 * adduct of the lighter one (+10 % here); with it they do not. */
static void test_adduct_split(void)
{
	static const double a[SYNTH_N_ASSAYS] = { 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000 };
	size_t n, s, j;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	synth_peak sp[MAXPK];
	size_t np = synth_pad(sp, MAXPK, H_UEP, a, a, 0.2, 0.1);
	mzg_measure_opts mo;
	mzg_processed p;
	synth_opts so;

	CU_ASSERT_FATAL(m != NULL);
	synth_opts_init(&so);
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, np), 0);
	mzg_measure_opts_init(&mo);
	for (s = 0; s < 2; s++) {
		mo.adduct_split = (int)s;
		CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, n, &mo), 0);
		for (j = 3; j <= 5; j += 2) { /* G/T and C/G */
			const mzg_measure *h1 = &m[find_target(t, n, MZG_T_ALLELE, (int)j, 0)];
			const mzg_measure *h2 = &m[find_target(t, n, MZG_T_ALLELE, (int)j, 1)];
			const mzg_measure *k1 = &m[find_target(t, n, MZG_T_K, (int)j, 0)];
			double r = h2->height / h1->height;
			CU_ASSERT(h2->flags & MZG_M_COLLISION);
			if (s) {
				CU_ASSERT(fabs(r - 1) < 0.03);
				CU_ASSERT(h2->flags & MZG_M_ADDUCT_SPLIT);
				CU_ASSERT(fabs(k1->height / 200 - 1) < 0.1);
			} else {
				CU_ASSERT(r > 1.07);
				CU_ASSERT(!(h2->flags & MZG_M_ADDUCT_SPLIT));
			}
		}
	}
	synth_processed_free(&p);
	free(m);
	free(t);
}

/* SNR = height / noise and mass errors after calibration are sane. */
static void test_snr_mass_error(void)
{
	static const double a1[SYNTH_N_ASSAYS] = { 500, 400, 300, 600, 500, 400, 300, 600 };
	static const double a2[SYNTH_N_ASSAYS] = { 500, 400, 300, 600, 500, 400, 300, 600 };
	size_t n, j;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	synth_opts so;

	CU_ASSERT_FATAL(m != NULL);
	synth_opts_init(&so);
	so.shift_ppm = -850;
	so.quad_ppm = 150;
	so.noise_sd = 5;
	measure_pad(m, t, n, &so, a1, a2, 0.1, 0.05);
	for (j = 0; j < SYNTH_N_ASSAYS; j++) {
		const mzg_measure *u = &m[find_target(t, n, MZG_T_UEP, (int)j, -1)];
		CU_ASSERT(u->flags & MZG_M_FOUND);
		CU_ASSERT(!(u->flags & (MZG_M_EDGE | MZG_M_SATURATED)));
		CU_ASSERT(fabs(u->height / H_UEP[j] - 1) < 0.05);
		CU_ASSERT(fabs(u->snr / (H_UEP[j] / 5) - 1) < 0.07);
		CU_ASSERT(fabs(u->err_ppm) < 50);
		CU_ASSERT(fabs(u->mz_obs - t[find_target(t, n, MZG_T_UEP, (int)j, -1)].mass)
		          < 0.5);
		/* area of a Gaussian over +-1 FWHM: 0.98 h sigma sqrt(2 pi) */
		CU_ASSERT(fabs(u->area / (0.98145 * H_UEP[j] * u->mz_obs / 500 /
		                          2.35482 * sqrt(2 * M_PI)) - 1) < 0.08);
		/* isolated UEP: tolerance 0.5 FWHM */
		CU_ASSERT_DOUBLE_EQUAL(u->tol_da, 0.5 * u->mz_obs / 500, 0.05);
	}
	for (j = 0; j < n; j++) {
		/* strong peaks: tens of ppm; any found one: inside tolerance */
		if ((m[j].flags & MZG_M_FOUND) && m[j].snr >= 20 &&
		    !(m[j].flags & MZG_M_ADDUCT_SPLIT))
			CU_ASSERT(fabs(m[j].err_ppm) < 100);
		if (m[j].flags & MZG_M_FOUND) {
			CU_ASSERT(fabs(m[j].mz_obs - t[j].mass) <= t[j].mass / 500);
		} else {
			CU_ASSERT(m[j].err_ppm == 0 && m[j].mz_obs == t[j].mass);
		}
		CU_ASSERT(m[j].height >= 0);
		CU_ASSERT(m[j].tol_da > 0);
	}
	free(m);
	free(t);
}

/* A target beyond the spectrum is EDGE with height 0; a clipped apex is
 * SATURATED, the others are not. */
static void test_edge_saturated(void)
{
	synth_peak sp[] = { { 5000, 3000 }, { 6000, 800 } };
	mzg_target t[] = {
		{ 5000, MZG_T_UEP, 0, -1 }, { 6000, MZG_T_UEP, 1, -1 },
		{ 12000, MZG_T_UEP, 2, -1 }, { 3502, MZG_T_UEP, 3, -1 },
	};
	mzg_measure m[4];
	mzg_processed p;
	synth_opts so;

	synth_opts_init(&so);
	so.clip = 2000;
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, 2), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, 4, NULL), 0);
	CU_ASSERT(m[0].flags & MZG_M_SATURATED);
	CU_ASSERT(m[0].flags & MZG_M_FOUND);
	CU_ASSERT(!(m[1].flags & MZG_M_SATURATED));
	CU_ASSERT(fabs(m[1].height / 800 - 1) < 0.03);
	CU_ASSERT(m[2].flags & MZG_M_EDGE);
	CU_ASSERT_EQUAL(m[2].height, 0);
	CU_ASSERT(!(m[2].flags & MZG_M_FOUND));
	CU_ASSERT(m[3].flags & MZG_M_EDGE); /* window crosses 3500 */
	CU_ASSERT(!(m[3].flags & MZG_M_FOUND));
	synth_processed_free(&p);
}

/* Noise only: nothing is found and heights stay at noise level. */
static void test_noise_only(void)
{
	size_t n, j, found = 0;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	mzg_processed p;
	synth_opts so;

	CU_ASSERT_FATAL(m != NULL);
	synth_opts_init(&so);
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, NULL, 0), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, n, NULL), 0);
	for (j = 0; j < n; j++) {
		found += (m[j].flags & MZG_M_FOUND) != 0;
		CU_ASSERT(m[j].height < 5 * so.noise_sd);
		if (m[j].height == 0)
			CU_ASSERT_EQUAL(m[j].err_ppm, 0);
	}
	CU_ASSERT(found <= n / 20);
	synth_processed_free(&p);
	free(m);
	free(t);
}

/* Centroided input: nearest peak within tolerance, after calibration. */
static void test_centroid(void)
{
	mzg_peak pk[3];
	mzg_target t[] = {
		{ 5000, MZG_T_UEP, 0, -1 }, { 5271.2, MZG_T_ALLELE, 0, 0 },
		{ 5287.2, MZG_T_ALLELE, 0, 1 },
	};
	mzg_measure m[3];
	mzg_processed p;
	mzg_calib c;

	memset(&p, 0, sizeof p);
	memset(pk, 0, sizeof pk);
	p.centroid = 1;
	p.resolution = 500;
	p.peaks = pk;
	p.n_peaks = 3;
	mzg_calib_init(&c);
	c.ok = 1;
	c.model = MZG_CAL_SHIFT;
	c.coef[0] = 1 / (1 + 500e-6) - 1; /* observed 500 ppm high */
	pk[0] = (mzg_peak){ .mz = 5000 * 1.0005, .intensity = 100, .snr = 20 };
	pk[1] = (mzg_peak){ .mz = 5272.0 * 1.0005, .intensity = 40, .snr = 8, .area = 9 };
	pk[2] = (mzg_peak){ .mz = 5310 * 1.0005, .intensity = 70, .snr = 1.4 };
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, &c, t, 3, NULL), 0);
	CU_ASSERT(m[0].flags & MZG_M_FOUND);
	CU_ASSERT_DOUBLE_EQUAL(m[0].height, 100, 1e-9);
	CU_ASSERT(fabs(m[0].err_ppm) < 1);
	CU_ASSERT(m[1].flags & MZG_M_FOUND);
	CU_ASSERT_DOUBLE_EQUAL(m[1].snr, 8, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(m[1].area, 9, 1e-9);
	CU_ASSERT(fabs(m[1].err_ppm - 0.8 / 5271.2 * 1e6) < 1);
	CU_ASSERT_DOUBLE_EQUAL(m[1].tol_da, 0.5 * 5271.2 / 500, 1e-6); /* < 0.4 x 16 */
	CU_ASSERT(!(m[2].flags & MZG_M_FOUND)); /* 5310 is 23 Da away */
	CU_ASSERT_EQUAL(m[2].mz_obs, 5287.2);
	CU_ASSERT_EQUAL(m[2].height, 0);
	CU_ASSERT(!(m[2].flags & MZG_M_FITTED));
	/* a weak listed peak within tolerance is found (the picker kept it) */
	pk[2].mz = 5288.0 * 1.0005;
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, &c, t, 3, NULL), 0);
	CU_ASSERT(m[2].flags & MZG_M_FOUND);
	CU_ASSERT_DOUBLE_EQUAL(m[2].snr, 1.4, 1e-9);
	CU_ASSERT(fabs(m[2].err_ppm - 0.8 / 5287.2 * 1e6) < 1);
}

/* Centroided C/G assay: the K adduct of the C product (5285.29) lies 1.91
 * Da from the G product (5287.2); a peak picker reports one centroid
 * between them, here 1.2 Da above G. Found by the accuracy benchmark
 * (bench/accuracy.sh, centroid chips of bench_2plex_40): each target's
 * tolerance was 0.4 x 1.91 Da, the centroid lay outside it and G was lost,
 * so heterozygotes were called C homozygotes. Now the two share the peak
 * and the K adduct's share (the pad's K ratio, 0.1, from the resolved A/T
 * assay) is taken off. */
static void test_centroid_adduct_merge(void)
{
	mzg_target t[] = {
		{ 5000, MZG_T_UEP, 0, -1 }, { 5021.98, MZG_T_NA, 0, -1 },
		{ 5038.09, MZG_T_K, 0, -1 }, { 5247.2, MZG_T_ALLELE, 0, 0 },
		{ 5269.18, MZG_T_NA, 0, 0 }, { 5285.29, MZG_T_K, 0, 0 },
		{ 5287.2, MZG_T_ALLELE, 0, 1 }, { 5309.18, MZG_T_NA, 0, 1 },
		{ 5325.29, MZG_T_K, 0, 1 },
		{ 6000, MZG_T_UEP, 1, -1 }, { 6021.98, MZG_T_NA, 1, -1 },
		{ 6038.09, MZG_T_K, 1, -1 }, { 6271.2, MZG_T_ALLELE, 1, 0 },
		{ 6293.18, MZG_T_NA, 1, 0 }, { 6309.29, MZG_T_K, 1, 0 },
		{ 6327.1, MZG_T_ALLELE, 1, 1 }, { 6349.08, MZG_T_NA, 1, 1 },
		{ 6365.19, MZG_T_K, 1, 1 },
	};
	enum { N = sizeof t / sizeof t[0] };
	mzg_peak pk[N + 1];
	mzg_measure m[N];
	mzg_processed p;
	int het;

	for (het = 0; het < 2; het++) {
		double g = het ? 600 : 0; /* G product height */
		size_t i, np = 0;

		memset(&p, 0, sizeof p);
		memset(pk, 0, sizeof pk);
		p.centroid = 1;
		p.resolution = 500;
		p.peaks = pk;
		for (i = 0; i < N; i++) {
			double h = t[i].kind == MZG_T_UEP ? 800 : t[i].kind == MZG_T_ALLELE ? 1000 : 0;
			if (t[i].assay == 0 && t[i].allele == 1)
				h = g;
			if (t[i].kind == MZG_T_NA || t[i].kind == MZG_T_K) {
				const mzg_target *par = &t[i - (t[i].kind == MZG_T_NA ? 1 : 2)];
				double hp = par->kind == MZG_T_UEP ? 800 : (par->assay == 0 && par->allele == 1) ? g : 1000;
				h = (t[i].kind == MZG_T_NA ? 0.15 : 0.1) * hp;
			}
			if (i == 5 || i == 6 || !(h > 0))
				continue; /* the merged pair below; absent species */
			pk[np++] = (mzg_peak){ .mz = t[i].mass, .intensity = h, .snr = h / 10 };
		}
		pk[np++] = (mzg_peak){ .mz = 5288.4, .intensity = g + 100, .snr = (g + 100) / 10 };
		/* a hostile peak with no m/z is never taken (fuzz_measure) */
		pk[np++] = (mzg_peak){ .mz = NAN, .intensity = 5000, .snr = 500 };
		p.n_peaks = np;
		CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, N, NULL), 0);
		CU_ASSERT(m[3].flags & MZG_M_FOUND);
		CU_ASSERT_DOUBLE_EQUAL(m[3].height, 1000, 1e-9);
		CU_ASSERT(m[6].flags & MZG_M_COLLISION);
		CU_ASSERT(m[6].flags & MZG_M_ADDUCT_SPLIT);
		CU_ASSERT_DOUBLE_EQUAL(m[5].height, 100, 1e-6); /* 0.1 x C */
		CU_ASSERT_DOUBLE_EQUAL(m[6].height, g, 1e-6);
		CU_ASSERT_EQUAL(!!(m[6].flags & MZG_M_FOUND), het);
		CU_ASSERT(m[12].flags & MZG_M_FOUND); /* the A/T assay as before */
		CU_ASSERT(!(m[12].flags & MZG_M_COLLISION));
		CU_ASSERT_DOUBLE_EQUAL(m[12].height, 1000, 1e-9);
		for (i = 0; i < N; i++)
			CU_ASSERT(isfinite(m[i].err_ppm) && isfinite(m[i].height));
	}
}

/* Without the joint fit no species is FITTED; collisions are flagged. */
static void test_no_joint_fit(void)
{
	static const double a[SYNTH_N_ASSAYS] = { 800, 800, 800, 800, 800, 800, 800, 800 };
	size_t n, j;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	mzg_measure_opts mo;
	mzg_processed p;
	synth_peak sp[MAXPK];
	size_t np = synth_pad(sp, MAXPK, H_UEP, a, a, 0.2, 0.1);
	synth_opts so;
	size_t coll = 0;

	CU_ASSERT_FATAL(m != NULL);
	synth_opts_init(&so);
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, np), 0);
	mzg_measure_opts_init(&mo);
	mo.joint_fit = 0;
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, n, &mo), 0);
	for (j = 0; j < n; j++) {
		CU_ASSERT(!(m[j].flags & MZG_M_FITTED));
		coll += (m[j].flags & MZG_M_COLLISION) != 0;
	}
	/* per A/G assay: A-K and G-Na (0.11 Da), G and A-Na (6 Da) */
	CU_ASSERT(coll >= 4 * 4);
	synth_processed_free(&p);
	free(m);
	free(t);
}

static void test_options(void)
{
	mzg_measure_opts o;
	mzg_target t = { 5000, MZG_T_UEP, 0, -1 };
	mzg_measure m;
	mzg_processed p;

	mzg_measure_opts_init(&o);
	CU_ASSERT_DOUBLE_EQUAL(o.tol_fwhm, 0.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(o.tol_gap, 0.4, 1e-12);
	CU_ASSERT_EQUAL(o.joint_fit, 1);
	CU_ASSERT_DOUBLE_EQUAL(o.tie_fwhm, 0.5, 1e-12);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "tie_fwhm", "0"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.tie_fwhm, 0, 1e-12);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "tie_fwhm", "-1"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "tol_gap", "0.3"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.tol_gap, 0.3, 1e-12);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "joint_fit", "0"), 0);
	CU_ASSERT_EQUAL(o.joint_fit, 0);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "joint_fit", "2"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "tol_fwhm", "x"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_measure_opts_set(&o, "nope", "1"), MZG_ENOTFOUND);
	memset(&p, 0, sizeof p);
	o.tol_fwhm = 0;
	CU_ASSERT_EQUAL(mzg_measure_targets(&m, &p, NULL, &t, 1, &o), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_measure_targets(&m, NULL, NULL, &t, 1, NULL), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_measure_targets(NULL, NULL, NULL, NULL, 0, NULL), 0);
	/* an empty profile: everything at the edge */
	CU_ASSERT_EQUAL(mzg_measure_targets(&m, &p, NULL, &t, 1, NULL), 0);
	CU_ASSERT(m.flags & MZG_M_EDGE);
	CU_ASSERT_EQUAL(m.height, 0);
}

/* Check a chain-measured pad: A/G ratio a2/a1 = @p ratio (0: a2 absent,
 * -1: a1 absent), strong peaks found with small mass errors, UEP SNRs. */
static void check_chain_pad(const mzg_measure *m, const mzg_target *t,
                            size_t n, double ratio)
{
	static const int ag[] = { 0, 2, 4, 6 };
	size_t j;

	for (j = 0; j < MZG_ARRAY_LEN(ag); j++) {
		const mzg_measure *x1 = &m[find_target(t, n, MZG_T_ALLELE, ag[j], 0)];
		const mzg_measure *x2 = &m[find_target(t, n, MZG_T_ALLELE, ag[j], 1)];
		const mzg_measure *big = ratio < 0 || ratio > 1 ? x2 : x1;
		CU_ASSERT(big->flags & MZG_M_FOUND);
		CU_ASSERT(fabs(big->err_ppm) < 50);
		CU_ASSERT(big->snr > 100);
		if (ratio > 0)
			CU_ASSERT(fabs(x2->height / x1->height / ratio - 1) < 0.05);
		if (ratio == 0)
			CU_ASSERT(x2->height / x1->height < 0.02);
		if (ratio < 0)
			CU_ASSERT(x1->height / x2->height < 0.02);
	}
	for (j = 0; j < SYNTH_N_ASSAYS; j++) {
		const mzg_measure *u = &m[find_target(t, n, MZG_T_UEP, (int)j, -1)];
		CU_ASSERT(u->flags & MZG_M_FOUND);
		CU_ASSERT(fabs(u->err_ppm) < 50);
		/* SNR = height / local noise; the noise here is ~1 */
		CU_ASSERT(u->snr > 0.2 * H_UEP[j] && u->snr < 5 * H_UEP[j]);
	}
}

/* The real chain: profile spectrum -> mzg_process -> mzg_calibrate ->
 * mzg_measure_targets. A/G allele ratios (16 Da apart, R 500, Na 20 %,
 * K 10 %, a known distortion) within 5 %, homozygotes' other allele ~0,
 * SNR and mass errors sane. */
static void test_chain(void)
{
	static const double ratios[] = { 1, 1.0 / 3, 3, 0.1, 10, 0, -1 };
	size_t n, r, j;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	mzg_proc_opts po;
	mzg_processed p;
	mzg_spectrum sp;

	CU_ASSERT_FATAL(m != NULL);
	mzg_proc_opts_init(&po);
	mzg_processed_init(&p);
	mzg_spectrum_init(&sp);
	for (r = 0; r < MZG_ARRAY_LEN(ratios); r++) {
		double a1[SYNTH_N_ASSAYS], a2[SYNTH_N_ASSAYS];
		synth_peak pk[MAXPK];
		synth_opts so;
		mzg_calib c;
		size_t np;
		for (j = 0; j < SYNTH_N_ASSAYS; j++) {
			a1[j] = ratios[r] < 0 ? 0 : (ratios[r] > 1 ? 2000 / ratios[r] : 2000);
			a2[j] = ratios[r] < 0 ? 2000 : (ratios[r] > 1 ? 2000 : 2000 * ratios[r]);
		}
		synth_opts_init(&so);
		so.shift_ppm = r % 2 ? -800 : 650;
		so.quad_ppm = 130;
		so.seed = 300 + r;
		np = synth_pad(pk, MAXPK, H_UEP, a1, a2, 0.2, 0.1);
		CU_ASSERT_EQUAL_FATAL(synth_spectrum(&sp, &so, pk, np), 0);
		CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &sp, &po), 0);
		CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks, synth_ueps(),
		                      SYNTH_N_ASSAYS, NULL), 0);
		CU_ASSERT_EQUAL(c.ok, 1);
		CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, &c, t, n, NULL), 0);
		check_chain_pad(m, t, n, ratios[r]);
	}
	mzg_spectrum_free(&sp);
	mzg_processed_free(&p);
	free(m);
	free(t);
}

/* Worst |theta error| over @p seeds chain-measured pads of the G/T (t4)
 * and C/G (t6) assays, allele-2 fraction a2/a1 = @p ratio, at resolution
 * R with Na 25 %, K 12 % and noise SD 40 (allele SNR ~50); tie_fwhm @p tie.
 * The ADDUCT_SPLIT flags of the heavier alleles are counted in *n_split. */
static double crowded_worst(double R, double ratio, double tie, int seeds,
                            int *n_split)
{
	static const int gt_cg[] = { 3, 5 };
	size_t n, j;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	mzg_measure_opts mo;
	mzg_proc_opts po;
	mzg_processed p;
	mzg_spectrum sp;
	double worst = 0;
	int s;

	CU_ASSERT_FATAL(m != NULL);
	mzg_proc_opts_init(&po);
	mzg_measure_opts_init(&mo);
	mo.tie_fwhm = tie;
	mzg_processed_init(&p);
	mzg_spectrum_init(&sp);
	for (s = 0; s < seeds; s++) {
		double a1[SYNTH_N_ASSAYS], a2[SYNTH_N_ASSAYS];
		synth_peak pk[MAXPK];
		synth_opts so;
		mzg_calib c;
		for (j = 0; j < SYNTH_N_ASSAYS; j++) {
			a1[j] = 2000;
			a2[j] = 2000 * ratio;
		}
		synth_opts_init(&so);
		so.resolution = R;
		so.noise_sd = 40;
		so.seed = 500 + (unsigned long)s;
		so.shift_ppm = s % 2 ? -600 : 500;
		so.quad_ppm = 100;
		CU_ASSERT_EQUAL_FATAL(synth_spectrum(&sp, &so, pk, synth_pad(pk,
		                      MAXPK, H_UEP, a1, a2, 0.25, 0.12)), 0);
		CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &sp, &po), 0);
		CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks,
		                      synth_ueps(), SYNTH_N_ASSAYS, NULL), 0);
		CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, &c, t, n, &mo), 0);
		for (j = 0; j < MZG_ARRAY_LEN(gt_cg); j++) {
			const mzg_measure *x1 = &m[find_target(t, n, MZG_T_ALLELE, gt_cg[j], 0)];
			const mzg_measure *x2 = &m[find_target(t, n, MZG_T_ALLELE, gt_cg[j], 1)];
			double th = 2 / M_PI * atan2(x2->height, x1->height);
			worst = fmax(worst, fabs(th - 2 / M_PI * atan(ratio)));
			*n_split += !!(x2->flags & MZG_M_ADDUCT_SPLIT);
		}
	}
	mzg_spectrum_free(&sp);
	mzg_processed_free(&p);
	free(m);
	free(t);
	return worst;
}

/* G/T and C/G assays at R 800 and 1000: the K adduct of the lighter
 * allele lies 1.8-1.9 Da (0.2-0.3 FWHM) from the heavier one, close
 * enough for the free joint fit to trade height between them (theta off
 * by up to 0.05 at allele SNR 50), not close enough to be merged. Tied to
 * the lighter allele by the pad's K ratio, the heavier allele of a
 * homozygote reads ~0 and a 1:2 heterozygote its ratio. */
static void test_chain_crowded_adducts(void)
{
	static const double res[] = { 800, 1000 }, ratios[] = { 0, 0.5 };
	double free_worst = 0;
	size_t i, r;

	for (i = 0; i < MZG_ARRAY_LEN(res); i++)
		for (r = 0; r < MZG_ARRAY_LEN(ratios); r++) {
			int split = 0, split_free = 0;
			double w = crowded_worst(res[i], ratios[r], 0.5, 12, &split);
			if (getenv("MZG_TEST_VERBOSE"))
				fprintf(stderr, "R %g ratio %g: worst theta error "
				        "%.4f tied", res[i], ratios[r], w);
			CU_ASSERT(w < 0.02);
			CU_ASSERT_EQUAL(split, 24);
			w = crowded_worst(res[i], ratios[r], 0, 12, &split_free);
			if (getenv("MZG_TEST_VERBOSE"))
				fprintf(stderr, ", %.4f free\n", w);
			CU_ASSERT_EQUAL(split_free, 0);
			free_worst = fmax(free_worst, w);
		}
	CU_ASSERT(free_worst > 0.03); /* what the ties are for */
}

/* Centroided input through the chain: the peak list is recalibrated and
 * every listed species is read at its own height. */
static void test_chain_centroid(void)
{
	static const double a1[SYNTH_N_ASSAYS] = { 2000, 300, 0, 500, 250, 300, 450, 200 };
	static const double a2[SYNTH_N_ASSAYS] = { 380, 0, 600, 450, 260, 0, 400, 220 };
	size_t n, j, np;
	mzg_target *t = targets(&n);
	mzg_measure *m = calloc(n, sizeof *m);
	synth_peak pk[MAXPK];
	mzg_proc_opts po;
	mzg_processed p;
	mzg_spectrum sp;
	synth_opts so;
	mzg_calib c;

	CU_ASSERT_FATAL(m != NULL);
	synth_opts_init(&so);
	so.shift_ppm = -700;
	so.quad_ppm = 100;
	np = synth_pad(pk, MAXPK, H_UEP, a1, a2, 0.2, 0.1);
	mzg_spectrum_init(&sp);
	CU_ASSERT_EQUAL_FATAL(mzg_spectrum_reserve(&sp, np), 0);
	for (j = 0; j < np; j++) {
		sp.mz[j] = synth_distort(&so, pk[j].mass);
		sp.intensity[j] = pk[j].height;
	}
	sp.n = np;
	sp.repr = MZG_REPR_CENTROID;
	mzg_proc_opts_init(&po);
	mzg_processed_init(&p);
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &sp, &po), 0);
	CU_ASSERT_EQUAL(p.centroid, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, &c, t, n, NULL), 0);
	for (j = 0; j < SYNTH_N_ASSAYS; j++) {
		const mzg_measure *u = &m[find_target(t, n, MZG_T_UEP, (int)j, -1)];
		const mzg_measure *x1 = &m[find_target(t, n, MZG_T_ALLELE, (int)j, 0)];
		const mzg_measure *x2 = &m[find_target(t, n, MZG_T_ALLELE, (int)j, 1)];
		CU_ASSERT_DOUBLE_EQUAL(u->height, H_UEP[j], 1e-9);
		CU_ASSERT(fabs(u->err_ppm) < 30);
		CU_ASSERT_DOUBLE_EQUAL(x1->height, a1[j], 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(x2->height, a2[j], 1e-9);
		CU_ASSERT_EQUAL((x1->flags & MZG_M_FOUND) != 0, a1[j] > 0);
		CU_ASSERT_EQUAL((x2->flags & MZG_M_FOUND) != 0, a2[j] > 0);
		CU_ASSERT(!(x1->flags & MZG_M_FITTED));
	}
	mzg_spectrum_free(&sp);
	mzg_processed_free(&p);
	free(m);
	free(t);
}

/* Hostile input (fuzz_measure findings): non-finite signal values, unusable
 * target masses among good ones, an absurd resolution. Everything stays
 * finite; unusable targets are EDGE. */
static void test_hostile(void)
{
	synth_peak sp[] = { { 5000, 1000 }, { 5021.98, 200 }, { 5038.09, 100 },
	                    { 6000, 800 }, { 6021.98, 160 }, { 6038.09, 80 },
	                    { 7000, 600 }, { 7021.98, 120 }, { 7038.09, 60 } };
	mzg_target t[40];
	mzg_measure m[40];
	mzg_processed p;
	synth_opts so;
	size_t i, n = 0;

	for (i = 0; i < 30; i++) /* unusable masses first: many of them */
		t[n++] = (mzg_target){ i % 3 ? NAN : 1e-310, MZG_T_NA, 0, -1 };
	for (i = 0; i < 3; i++) {
		double u = 5000 + 1000 * (double)i;
		t[n++] = (mzg_target){ u, MZG_T_UEP, (int)i, -1 };
		t[n++] = (mzg_target){ u + MZG_NA_ADDUCT, MZG_T_NA, (int)i, -1 };
		t[n++] = (mzg_target){ u + MZG_K_ADDUCT, MZG_T_K, (int)i, -1 };
	}
	synth_opts_init(&so);
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, MZG_ARRAY_LEN(sp)), 0);
	for (i = 13; i < p.n; i += 97)
		p.signal[i] = i % 2 ? NAN : INFINITY;
	p.resolution = 1e-300; /* ignored: the peaks' widths say 500 */
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, n, NULL), 0);
	for (i = 0; i < n; i++) {
		CU_ASSERT(isfinite(m[i].height) && m[i].height >= 0);
		CU_ASSERT(isfinite(m[i].area) && m[i].area >= 0);
		CU_ASSERT(isfinite(m[i].snr) && isfinite(m[i].err_ppm));
		if (i < 30) {
			CU_ASSERT(m[i].flags & MZG_M_EDGE);
			CU_ASSERT_EQUAL(m[i].height, 0);
		}
	}
	CU_ASSERT(fabs(m[30].height / 1000 - 1) < 0.05);
	CU_ASSERT(m[30].flags & MZG_M_FOUND);
	synth_processed_free(&p);
}

/* The joint fit's work space remembers the peak shapes it built (the
 * pipeline keeps one per worker across a chip): measuring pads of
 * different allele ratios and smoothing windows one after the other
 * through one work space, with room for many shapes, for one shape and for
 * none, gives exactly the results of a fresh measurement of each pad, and
 * the big memo is used (fewer shapes kept than built). */
static void test_shape_memo(void)
{
	static const double hws[] = { 0.5, 0.52, 0.5, 0.3, 0.5 };
	static const size_t cap[] = { MZG__JFIT_MEMO_RUN, 1, 0 };
	double a1[SYNTH_N_ASSAYS], a2[SYNTH_N_ASSAYS];
	mzg__jfit *ws[3];
	size_t n, i, j, k, w, fitted = 0;
	mzg_target *t = targets(&n);
	mzg_measure *ref = calloc(n, sizeof *ref), *m = calloc(n, sizeof *m);

	CU_ASSERT_FATAL(ref != NULL && m != NULL);
	for (w = 0; w < 3; w++)
		CU_ASSERT_FATAL((ws[w] = mzg__jfit_new(cap[w])) != NULL);
	for (i = 0; i < MZG_ARRAY_LEN(hws); i++) {
		synth_peak sp[MAXPK];
		synth_opts so;
		mzg_processed p;
		size_t np;

		for (k = 0; k < SYNTH_N_ASSAYS; k++) {
			a1[k] = 200 + 150 * (double)((k + i) % 5);
			a2[k] = 1000 - a1[k];
		}
		np = synth_pad(sp, MAXPK, H_UEP, a1, a2, 0.2, 0.1);
		synth_opts_init(&so);
		so.seed = 7 + i;
		CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, np), 0);
		p.smooth_hws = hws[i];
		p.smooth_order = 3;
		CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(ref, &p, NULL, t, n, NULL), 0);
		for (w = 0; w < 3; w++) {
			memset(m, 0, n * sizeof *m);
			CU_ASSERT_EQUAL_FATAL(mzg__measure_targets_ws(m, &p, NULL, t, n,
			                      NULL, ws[w]), 0);
			for (j = 0; j < n; j++) {
				CU_ASSERT(m[j].height == ref[j].height);
				CU_ASSERT(m[j].area == ref[j].area);
				CU_ASSERT(m[j].snr == ref[j].snr);
				CU_ASSERT(m[j].mz_obs == ref[j].mz_obs);
				CU_ASSERT(m[j].err_ppm == ref[j].err_ppm);
				CU_ASSERT_EQUAL(m[j].flags, ref[j].flags);
			}
		}
		for (j = 0; j < n; j++)
			fitted += (ref[j].flags & MZG_M_FITTED) != 0;
		synth_processed_free(&p);
	}
	CU_ASSERT(fitted > 5 * 8); /* the joint fit did run */
	/* every shape asked for was built without a memo; with one, fewer
	 * than half were (the same widths recur), and each of those kept */
	CU_ASSERT_EQUAL(ws[2]->n_built, ws[2]->n_asked);
	CU_ASSERT_EQUAL(ws[2]->n_memo, 0);
	CU_ASSERT_EQUAL(ws[0]->n_asked, ws[2]->n_asked);
	CU_ASSERT(ws[0]->n_built < ws[0]->n_asked / 2);
	CU_ASSERT_EQUAL(ws[0]->n_memo, ws[0]->n_built);
	CU_ASSERT_EQUAL(ws[1]->n_memo, 1);
	CU_ASSERT(ws[1]->n_built < ws[1]->n_asked);
	for (w = 0; w < 3; w++)
		mzg__jfit_free(ws[w]);
	free(m);
	free(ref);
	free(t);
}

/* The normal equations summed four points at a time with AVX2 give the
 * plain code's sums bit for bit: the same measurements for pads of the
 * test multiplex (clusters of 1-6 components) and for a run of 8 and of 10
 * species one FWHM apart (8: the widest AVX2 case; 10: plain only). */
static void test_normal_simd(void)
{
	double a1[SYNTH_N_ASSAYS], a2[SYNTH_N_ASSAYS];
	size_t n, i, j, k, simd, fitted = 0;
	mzg_target *t = targets(&n), run[10];
	mzg_measure *m[2];

	m[0] = calloc(n + 10, sizeof *m[0]);
	m[1] = calloc(n + 10, sizeof *m[1]);
	CU_ASSERT_FATAL(m[0] != NULL && m[1] != NULL);
	for (i = 0; i < 4; i++) {
		synth_peak sp[MAXPK];
		synth_opts so;
		mzg_processed p;
		size_t np;

		for (k = 0; k < SYNTH_N_ASSAYS; k++) {
			a1[k] = i == 3 ? 0 : 100 + 300 * (double)((k + i) % 4);
			a2[k] = 900 - a1[k];
		}
		np = synth_pad(sp, MAXPK, H_UEP, a1, a2, 0.2, 0.1);
		for (k = 0; k < 10 && np < MAXPK; k++) /* a run 1 FWHM apart */
			sp[np++] = (synth_peak){ 8600 + 17.5 * (double)k, 300 + 50 * (double)k };
		synth_opts_init(&so);
		so.seed = 21 + i;
		CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, np), 0);
		p.smooth_hws = 0.5;
		p.smooth_order = 3;
		for (k = 0; k < 10; k++)
			run[k] = (mzg_target){ 8600 + 17.5 * (double)k, MZG_T_UEP, 0, -1 };
		for (simd = 0; simd < 2; simd++) {
			mzg__jfit_simd = (int)simd;
			CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m[simd], &p, NULL, t, n,
			                      NULL), 0);
			CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m[simd] + n, &p, NULL,
			                      run, i % 2 ? 10 : 8, NULL), 0);
		}
		mzg__jfit_simd = 1;
		for (j = 0; j < n + (i % 2 ? 10 : 8); j++) {
			CU_ASSERT(m[0][j].height == m[1][j].height);
			CU_ASSERT(m[0][j].mz_obs == m[1][j].mz_obs);
			CU_ASSERT(m[0][j].snr == m[1][j].snr);
			CU_ASSERT_EQUAL(m[0][j].flags, m[1][j].flags);
			fitted += (m[1][j].flags & MZG_M_FITTED) != 0;
		}
		CU_ASSERT(m[1][n + 4].flags & MZG_M_FITTED);
		synth_processed_free(&p);
	}
	CU_ASSERT(fitted > 4 * 20);
	free(m[0]);
	free(m[1]);
	free(t);
}

/* Two species 0.01 Da apart (an allele on another assay's K adduct, as
 * in a dense multiplex) are one peak: measured directly, each must read
 * that peak, not 0 from a tolerance of 0.4 x their 0.01 Da gap. */
static void test_coinciding_direct(void)
{
	synth_peak sp[2] = { { 7000.0, 500 }, { 7200.0, 300 } };
	mzg_target t[3] = {
		{ 7000.00, MZG_T_ALLELE, 0, 1 },
		{ 7000.01, MZG_T_K, 1, -1 },
		{ 7200.00, MZG_T_UEP, 2, -1 },
	};
	mzg_measure m[3];
	mzg_measure_opts mo;
	mzg_processed p;
	synth_opts so;
	int i;

	synth_opts_init(&so);
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, 2), 0);
	mzg_measure_opts_init(&mo);
	for (mo.joint_fit = 0; mo.joint_fit <= 1; mo.joint_fit++) {
		CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, 3, &mo), 0);
		for (i = 0; i < 2; i++) {
			CU_ASSERT(fabs(m[i].height - 500) < 25);
			CU_ASSERT(m[i].flags & MZG_M_COLLISION);
			CU_ASSERT(m[i].tol_da > 1.0);
		}
		CU_ASSERT(fabs(m[2].height - 300) < 15);
	}
	synth_processed_free(&p);
}

/* A run of species chained closer than fit_link, longer than one fit
 * takes (MZG__MAX_COMP): every species is still fitted, and the run is
 * cut where the pieces overlap least (gaps alternate 1.0 and 1.6 FWHM).
 * Measured directly, each would carry 6 % of each neighbour. */
static void test_long_chain(void)
{
	enum { N = MZG__MAX_COMP + 30 };
	synth_peak sp[N];
	mzg_target t[N];
	mzg_measure m[N];
	mzg_processed p;
	synth_opts so;
	double mass = 4000, worst = 0;
	size_t i, fitted = 0;

	synth_opts_init(&so);
	for (i = 0; i < N; i++) {
		sp[i].mass = mass;
		sp[i].height = 300 + 200 * (double)(i % 5);
		t[i].mass = mass;
		t[i].kind = MZG_T_UEP;
		t[i].assay = (int)i;
		t[i].allele = -1;
		mass += (i % 2 ? 1.6 : 1.0) * mass / so.resolution;
	}
	CU_ASSERT_FATAL(mass < so.mz_hi - 100);
	CU_ASSERT_EQUAL_FATAL(synth_processed(&p, &so, sp, N), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_measure_targets(m, &p, NULL, t, N, NULL), 0);
	for (i = 0; i < N; i++) {
		fitted += (m[i].flags & MZG_M_FITTED) != 0;
		worst = fmax(worst, fabs(m[i].height / sp[i].height - 1));
	}
	CU_ASSERT_EQUAL(fitted, N);
	CU_ASSERT(worst < 0.05); /* 3 % next to a cut; unfitted: 6-12 % */
	synth_processed_free(&p);
}

static CU_TestInfo measure_tests[] = {
	{ "allele ratios at R 500 with adducts", test_allele_ratios },
	{ "coinciding adducts split", test_adduct_split },
	{ "SNR and mass error", test_snr_mass_error },
	{ "edge and saturation", test_edge_saturated },
	{ "noise only", test_noise_only },
	{ "centroided input", test_centroid },
	{ "centroided input: adduct merged with an allele", test_centroid_adduct_merge },
	{ "without joint fit", test_no_joint_fit },
	{ "options", test_options },
	{ "hostile input", test_hostile },
	{ "chain: allele ratios, SNR, mass error", test_chain },
	{ "chain: centroided input", test_chain_centroid },
	{ "work space kept across pads: shape memo", test_shape_memo },
	{ "normal equations: AVX2 = plain code", test_normal_simd },
	{ "chain: K adducts 0.2-0.3 FWHM from an allele", test_chain_crowded_adducts },
	{ "species 0.01 Da apart share their peak", test_coinciding_direct },
	{ "a chain longer than one fit is fitted in pieces", test_long_chain },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "measure", NULL, NULL, NULL, NULL, measure_tests },
	CU_SUITE_INFO_NULL,
};
