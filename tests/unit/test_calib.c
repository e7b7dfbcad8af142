/*
 * test_calib.c -- unit tests of the UEP recalibration: known distortions
 * (shift up to +-900 ppm plus a quadratic term) are undone to < 50 ppm, a
 * pad without UEPs is bad, a strong neighbour cannot capture a UEP, few
 * calibrants fall back to simpler models, outliers are rejected.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "calib_int.h"
#include "internal.h"
#include "mzgeno/calib.h"
#include "mzgeno/process.h"
#include "runner.h"
#include "synth.h"

#define MAXPK 128

static const double H_UEP[SYNTH_N_ASSAYS] = { 900, 700, 800, 600, 1000, 500, 650, 750 };
static const double H_A1[SYNTH_N_ASSAYS] = { 400, 300, 0, 500, 250, 300, 450, 200 };
static const double H_A2[SYNTH_N_ASSAYS] = { 380, 0, 600, 450, 260, 0, 400, 220 };

/* Peaks of the test pad at their distorted positions, each jittered by a
 * Gaussian of sd @p jitter_ppm; SNR = height / 2, FWHM = m / 500. */
static size_t make_peaks(mzg_peak *out, const synth_opts *o,
                         const synth_peak *sp, size_t n, double jitter_ppm,
                         unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;

	CU_ASSERT_FATAL(r != NULL);
	gsl_rng_set(r, seed);
	for (i = 0; i < n; i++) {
		double m = synth_distort(o, sp[i].mass);
		memset(&out[i], 0, sizeof out[i]);
		out[i].mz = m * (1 + 1e-6 * gsl_ran_gaussian(r, jitter_ppm));
		out[i].intensity = sp[i].height;
		out[i].snr = sp[i].height / 2;
		out[i].fwhm = m / 500;
	}
	gsl_rng_free(r);
	return n;
}

/* Median |calibrated - true| in ppm over the given true masses. */
static double median_err(const mzg_calib *c, const synth_opts *o,
                         const double *m, size_t n)
{
	double e[64];
	size_t i, j;

	for (i = 0; i < n && i < 64; i++) {
		double v = fabs(mzg_calib_apply(c, synth_distort(o, m[i])) - m[i]);
		e[i] = v / m[i] * 1e6;
		for (j = i; j > 0 && e[j - 1] > e[j]; j--) {
			double t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	}
	return n % 2 ? e[n / 2] : 0.5 * (e[n / 2 - 1] + e[n / 2]);
}

static void test_distortions(void)
{
	static const double shifts[] = { -900, -450, 0, 300, 900 };
	static const double quads[] = { -150, 150 };
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	double ext[2 * SYNTH_N_ASSAYS];
	size_t n, i, s, q;
	const mzg_plex *pl = synth_plex();

	for (i = 0; i < SYNTH_N_ASSAYS; i++) {
		ext[2 * i] = pl->assays[i].ext_mass[0];
		ext[2 * i + 1] = pl->assays[i].ext_mass[1];
	}
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0.15, 0.05);
	for (s = 0; s < MZG_ARRAY_LEN(shifts); s++)
		for (q = 0; q < MZG_ARRAY_LEN(quads); q++) {
			synth_opts o;
			mzg_calib c;
			synth_opts_init(&o);
			o.shift_ppm = shifts[s];
			o.quad_ppm = quads[q];
			make_peaks(pk, &o, sp, n, 15, 7 + s * 3 + q);
			CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
			                      SYNTH_N_ASSAYS, NULL), 0);
			CU_ASSERT_EQUAL(c.ok, 1);
			CU_ASSERT_STRING_EQUAL(c.reason, "");
			CU_ASSERT_EQUAL(c.model, MZG_CAL_SQRT_QUAD);
			CU_ASSERT_EQUAL(c.n_expected, SYNTH_N_ASSAYS);
			CU_ASSERT(c.n_calibrants >= SYNTH_N_ASSAYS - 1);
			CU_ASSERT(c.residual_ppm < 50);
			CU_ASSERT(c.rms_ppm < 80);
			/* the coarse shift is the distortion near 6 kDa */
			CU_ASSERT(fabs(c.shift_ppm - shifts[s]) < 200);
			/* true masses of calibrants and of the allele products */
			CU_ASSERT(median_err(&c, &o, synth_ueps(), SYNTH_N_ASSAYS) < 50);
			CU_ASSERT(median_err(&c, &o, ext, 2 * SYNTH_N_ASSAYS) < 50);
		}
}

/* The quadratic distortion is really corrected, not just the shift. */
static void test_quadratic_needed(void)
{
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	synth_opts o;
	mzg_calib c, shift;
	size_t n;

	synth_opts_init(&o);
	o.shift_ppm = 600;
	o.quad_ppm = 400;
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0, 0);
	make_peaks(pk, &o, sp, n, 0, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT_EQUAL(c.model, MZG_CAL_SQRT_QUAD);
	CU_ASSERT(c.residual_ppm < 25);
	CU_ASSERT(median_err(&c, &o, synth_ueps(), SYNTH_N_ASSAYS) < 25);
	/* a constant shift alone leaves >= 100 ppm at the ends */
	mzg_calib_init(&shift);
	shift.model = MZG_CAL_SHIFT;
	shift.coef[0] = 1 / (1 + c.shift_ppm * 1e-6) - 1;
	CU_ASSERT(fabs(mzg_calib_apply(&shift, synth_distort(&o, 4518.0)) - 4518.0)
	          / 4518.0 * 1e6 > 100);
}

static void test_no_ueps(void)
{
	static const double zero[SYNTH_N_ASSAYS] = { 0 };
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	synth_opts o;
	mzg_calib c;
	size_t n;

	synth_opts_init(&o);
	o.shift_ppm = 500;
	/* allele products and their adducts, strong, but no UEP at all */
	n = synth_pad(sp, MAXPK, zero, H_A1, H_A2, 0.3, 0.1);
	make_peaks(pk, &o, sp, n, 15, 3);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT_EQUAL(c.model, MZG_CAL_NONE);
	CU_ASSERT(strlen(c.reason) > 0);
	CU_ASSERT(strstr(c.reason, "UEP") != NULL);
	/* not silently shifted: apply/invert are the identity */
	CU_ASSERT_DOUBLE_EQUAL(mzg_calib_apply(&c, 6000.0), 6000.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(mzg_calib_invert(&c, 6000.0), 6000.0, 1e-9);

	/* an empty spectrum */
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, NULL, 0, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT(strstr(c.reason, "no UEP found") != NULL);
	/* a design without UEPs */
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, NULL, 0, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT(strstr(c.reason, "no UEP mass") != NULL);
	/* only one UEP of eight: below the 25 % floor */
	pk[0].mz = synth_distort(&o, synth_ueps()[3]);
	pk[0].intensity = 900;
	pk[0].snr = 450;
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, 1, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT(strstr(c.reason, "1 of 8") != NULL);
}

/* A big peak 12 Da above UEP 5 (inside +-0.3 %) must not capture it. */
static void test_neighbour_capture(void)
{
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	synth_opts o;
	mzg_calib c;
	size_t n, i;
	double u5 = synth_ueps()[4];

	synth_opts_init(&o);
	o.shift_ppm = -700;
	o.quad_ppm = 100;
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0.1, 0.05);
	sp[n++] = (synth_peak){ u5 + 12.0, 20000 };
	make_peaks(pk, &o, sp, n, 10, 11);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT(fabs(c.shift_ppm + 700) < 200);
	CU_ASSERT(fabs(mzg_calib_apply(&c, synth_distort(&o, u5)) - u5) / u5 * 1e6 < 50);

	/* the same with UEP 5 itself missing: the big peak is not used */
	for (i = 0; i < n; i++)
		if (sp[i].mass == u5)
			sp[i].height = 0;
	make_peaks(pk, &o, sp, n, 10, 11);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT_EQUAL(c.n_calibrants, SYNTH_N_ASSAYS - 1);
	CU_ASSERT(median_err(&c, &o, synth_ueps(), SYNTH_N_ASSAYS) < 50);

	/* two-UEP design, one UEP with a 10x neighbour: the pattern wins */
	{
		double ref[2] = { 5000.0, 7000.0 };
		mzg_peak two[3];
		memset(two, 0, sizeof two);
		two[0] = (mzg_peak){ .mz = 5000 * (1 + 800e-6), .intensity = 100, .snr = 50 };
		two[1] = (mzg_peak){ .mz = 7000 * (1 + 800e-6), .intensity = 100, .snr = 50 };
		two[2] = (mzg_peak){ .mz = 5014 * (1 + 800e-6), .intensity = 1000, .snr = 500 };
		CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, two, 3, ref, 2, NULL), 0);
		CU_ASSERT_EQUAL(c.ok, 1);
		CU_ASSERT_EQUAL(c.n_calibrants, 2);
		CU_ASSERT(fabs(c.shift_ppm - 800) < 5);
		CU_ASSERT(fabs(mzg_calib_apply(&c, 5000 * (1 + 800e-6)) - 5000) < 0.05);
	}
}

/* Keep only the peaks whose true mass is one of the first @p k UEPs (and
 * all non-UEP peaks). */
static size_t keep_ueps(mzg_peak *pk, const synth_peak *sp, size_t n,
                        const size_t *which, size_t k)
{
	size_t i, j, m = 0;

	for (i = 0; i < n; i++) {
		int is_uep = 0, wanted = 0;
		for (j = 0; j < SYNTH_N_ASSAYS; j++)
			is_uep |= sp[i].mass == synth_ueps()[j];
		for (j = 0; j < k; j++)
			wanted |= sp[i].mass == synth_ueps()[which[j]];
		if (!is_uep || wanted)
			pk[m++] = pk[i];
	}
	return m;
}

static void check_model(const size_t *which, size_t k, mzg_calib_model want,
                        double tol_ppm)
{
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	synth_opts o;
	mzg_calib c;
	size_t n, j;

	synth_opts_init(&o);
	o.shift_ppm = 850;
	o.quad_ppm = 50;
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0.1, 0.05);
	make_peaks(pk, &o, sp, n, 10, 5);
	n = keep_ueps(pk, sp, n, which, k);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT_EQUAL(c.model, want);
	CU_ASSERT_EQUAL(c.n_calibrants, k);
	for (j = 0; j < k; j++) {
		double m = synth_ueps()[which[j]];
		CU_ASSERT(fabs(mzg_calib_apply(&c, synth_distort(&o, m)) - m) / m * 1e6
		          < tol_ppm);
	}
}

static void test_few_calibrants(void)
{
	static const size_t two[] = { 2, 5 }, four[] = { 1, 3, 5, 6 };
	static const size_t six_narrow[] = { 2, 3, 4, 5, 1, 6 };
	static const size_t six_wide[] = { 0, 1, 3, 4, 6, 7 };

	check_model(two, 2, MZG_CAL_SHIFT, 150);
	check_model(four, 4, MZG_CAL_SQRT, 80);
	check_model(six_wide, 6, MZG_CAL_SQRT_QUAD, 50);
	/* six spanning 5.0..7.6 kDa: wide enough (>= half of 4.5..8.1) */
	check_model(six_narrow, 6, MZG_CAL_SQRT_QUAD, 50);
	{
		static const size_t clustered[] = { 2, 3, 4, 5, 1, 6 };
		mzg_calib_opts op;
		synth_peak sp[MAXPK];
		mzg_peak pk[MAXPK];
		synth_opts o;
		mzg_calib c;
		size_t n;
		/* 6 UEPs but a wider required spread: linear model */
		double ref[SYNTH_N_ASSAYS + 1];
		memcpy(ref, synth_ueps(), sizeof(double) * SYNTH_N_ASSAYS);
		ref[SYNTH_N_ASSAYS] = 14000; /* far UEP, never found */
		synth_opts_init(&o);
		n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0, 0);
		make_peaks(pk, &o, sp, n, 5, 2);
		n = keep_ueps(pk, sp, n, clustered, 6);
		mzg_calib_opts_init(&op);
		CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, ref,
		                      SYNTH_N_ASSAYS + 1, &op), 0);
		CU_ASSERT_EQUAL(c.ok, 1);
		CU_ASSERT_EQUAL(c.model, MZG_CAL_SQRT);
		CU_ASSERT_EQUAL(c.n_expected, SYNTH_N_ASSAYS + 1);
	}
}

/* One calibrant 700 ppm off (inside the match window) is rejected. */
static void test_outlier(void)
{
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	synth_opts o;
	mzg_calib c;
	size_t n, i;

	synth_opts_init(&o);
	o.shift_ppm = 300;
	o.quad_ppm = -100;
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0.1, 0.05);
	make_peaks(pk, &o, sp, n, 10, 9);
	for (i = 0; i < n; i++)
		if (sp[i].mass == synth_ueps()[2])
			pk[i].mz *= 1 + 700e-6;
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT_EQUAL(c.n_calibrants, SYNTH_N_ASSAYS - 1);
	CU_ASSERT(c.residual_ppm < 30);
	CU_ASSERT(median_err(&c, &o, synth_ueps(), SYNTH_N_ASSAYS) < 50);
}

/* A residual above the limit makes the pad bad, with the number. */
static void test_residual_limit(void)
{
	synth_peak sp[MAXPK];
	mzg_peak pk[MAXPK];
	synth_opts o;
	mzg_calib_opts op;
	mzg_calib c;
	size_t n;

	synth_opts_init(&o);
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0, 0);
	make_peaks(pk, &o, sp, n, 150, 4);
	mzg_calib_opts_init(&op);
	op.max_residual_ppm = 20;
	op.reject_ppm = 1000; /* no rejection: the scatter stays */
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, pk, n, synth_ueps(),
	                      SYNTH_N_ASSAYS, &op), 0);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT_EQUAL(c.model, MZG_CAL_NONE);
	CU_ASSERT(strstr(c.reason, "residual") != NULL);
	CU_ASSERT(c.residual_ppm > 20);
	CU_ASSERT_EQUAL(c.n_calibrants, SYNTH_N_ASSAYS);
}

/* apply and invert are inverse for every model. */
static void test_apply_invert(void)
{
	mzg_calib c;
	int model;
	double m;

	mzg_calib_init(&c);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT_EQUAL(mzg_calib_apply(NULL, 5000), 5000);
	for (model = MZG_CAL_NONE; model <= MZG_CAL_SQRT_QUAD; model++) {
		c.model = (mzg_calib_model)model;
		c.coef[0] = model == MZG_CAL_SHIFT ? -8e-4 : 0.03;
		c.coef[1] = 1.0004;
		c.coef[2] = model == MZG_CAL_SQRT_QUAD ? -2e-6 : 0;
		for (m = 3000; m <= 10000; m += 250) {
			double x = mzg_calib_apply(&c, m);
			CU_ASSERT_DOUBLE_EQUAL(mzg_calib_invert(&c, x), m, 1e-7);
			if (model != MZG_CAL_NONE)
				CU_ASSERT(fabs(x - m) > 0.5);
		}
	}
	CU_ASSERT_EQUAL(mzg_calib_apply(&c, -5), -5);
	CU_ASSERT(isnan(mzg_calib_apply(&c, NAN)));
}

static void test_opts(void)
{
	mzg_calib_opts o;

	mzg_calib_opts_init(&o);
	CU_ASSERT_DOUBLE_EQUAL(o.search_rel, 0.003, 1e-12);
	CU_ASSERT_EQUAL(o.min_fit, 3);
	CU_ASSERT_EQUAL(o.min_quad, 6);
	CU_ASSERT_DOUBLE_EQUAL(o.max_residual_ppm, 300, 1e-12);
}

/* Peaks of a synthetic profile spectrum through the real chain. */
static void chain_peaks(mzg_processed *p, const synth_opts *o,
                        const synth_peak *sp, size_t n)
{
	mzg_spectrum s;
	mzg_proc_opts po;

	mzg_spectrum_init(&s);
	mzg_proc_opts_init(&po);
	CU_ASSERT_EQUAL_FATAL(synth_spectrum(&s, o, sp, n), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_process(p, &s, &po), 0);
	mzg_spectrum_free(&s);
}

/* The real chain: profile spectra with known distortion -> mzg_process
 * -> mzg_calibrate, median residual at the UEPs < 50 ppm. */
static void test_chain(void)
{
	static const double shifts[] = { -900, -300, 400, 900 };
	static const double quads[] = { -150, 150 };
	synth_peak sp[MAXPK];
	mzg_processed p;
	size_t n, s, q;

	mzg_processed_init(&p);
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0.15, 0.05);
	for (s = 0; s < MZG_ARRAY_LEN(shifts); s++)
		for (q = 0; q < MZG_ARRAY_LEN(quads); q++) {
			synth_opts o;
			mzg_calib c;
			synth_opts_init(&o);
			o.shift_ppm = shifts[s];
			o.quad_ppm = quads[q];
			o.seed = 20 + s * 2 + q;
			chain_peaks(&p, &o, sp, n);
			CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks,
			                      synth_ueps(), SYNTH_N_ASSAYS, NULL), 0);
			CU_ASSERT_EQUAL(c.ok, 1);
			CU_ASSERT_EQUAL(c.model, MZG_CAL_SQRT_QUAD);
			CU_ASSERT(c.n_calibrants >= SYNTH_N_ASSAYS - 1);
			CU_ASSERT(c.residual_ppm < 50);
			CU_ASSERT(median_err(&c, &o, synth_ueps(), SYNTH_N_ASSAYS) < 50);
		}
	mzg_processed_free(&p);
}

/* The chain without UEPs: bad, identity. With a big stray peak 14 Da
 * above a UEP: that UEP is still calibrated right. */
static void test_chain_bad_and_capture(void)
{
	static const double zero[SYNTH_N_ASSAYS] = { 0 };
	synth_peak sp[MAXPK];
	mzg_processed p;
	synth_opts o;
	mzg_calib c;
	size_t n;
	double u5 = synth_ueps()[4];

	mzg_processed_init(&p);
	synth_opts_init(&o);
	o.shift_ppm = 600;
	n = synth_pad(sp, MAXPK, zero, H_A1, H_A2, 0.2, 0.1);
	chain_peaks(&p, &o, sp, n);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 0);
	CU_ASSERT_EQUAL(c.model, MZG_CAL_NONE);
	CU_ASSERT(strlen(c.reason) > 0);

	o.shift_ppm = -600;
	n = synth_pad(sp, MAXPK, H_UEP, H_A1, H_A2, 0.2, 0.1);
	sp[n++] = (synth_peak){ u5 + 14.0, 5000 };
	chain_peaks(&p, &o, sp, n);
	CU_ASSERT_EQUAL_FATAL(mzg_calibrate(&c, p.peaks, p.n_peaks, synth_ueps(),
	                      SYNTH_N_ASSAYS, NULL), 0);
	CU_ASSERT_EQUAL(c.ok, 1);
	CU_ASSERT(fabs(mzg_calib_apply(&c, synth_distort(&o, u5)) - u5) / u5 * 1e6 < 50);
	CU_ASSERT(median_err(&c, &o, synth_ueps(), SYNTH_N_ASSAYS) < 50);
	mzg_processed_free(&p);
}

static void test_opts_set(void)
{
	mzg_calib_opts o;
	mzg_calib c;

	mzg_calib_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_calib_opts_set(&o, "search_rel", "0.004"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.search_rel, 0.004, 1e-12);
	CU_ASSERT_EQUAL(mzg_calib_opts_set(&o, "min_quad", "8"), 0);
	CU_ASSERT_EQUAL(o.min_quad, 8);
	CU_ASSERT_EQUAL(mzg_calib_opts_set(&o, "search_rel", "0.5"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_calib_opts_set(&o, "min_fit", "-1"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_calib_opts_set(&o, "bogus", "1"), MZG_ENOTFOUND);
	o.search_rel = 0;
	CU_ASSERT_EQUAL(mzg_calibrate(&c, NULL, 0, synth_ueps(), SYNTH_N_ASSAYS, &o),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(c.ok, 0);
}

/* The array form gives mzg_calib_apply's values bit for bit, for every
 * model, the identity, a calibration that is not ok and odd inputs. */
static void test_apply_array(void)
{
	static const mzg_calib_model models[] = { MZG_CAL_NONE, MZG_CAL_SHIFT,
		MZG_CAL_SQRT, MZG_CAL_SQRT_QUAD };
	double mz[64], out[64];
	mzg_calib c;
	size_t i, k;

	for (i = 0; i < 60; i++)
		mz[i] = 3500 + 101.37 * (double)i + 1e-3 * (double)(i * i);
	mz[60] = 0;
	mz[61] = -5;
	mz[62] = NAN;
	mz[63] = INFINITY;
	for (k = 0; k < MZG_ARRAY_LEN(models); k++) {
		mzg_calib_init(&c);
		c.ok = 1;
		c.model = models[k];
		c.coef[0] = k == 1 ? -6.1e-4 : 0.0123;
		c.coef[1] = 0.99971;
		c.coef[2] = k == 3 ? -3.3e-7 : 0;
		mzg__calib_apply_n(&c, mz, out, 64);
		for (i = 0; i < 64; i++) {
			double want = mzg_calib_apply(&c, mz[i]);
			CU_ASSERT(isnan(want) ? isnan(out[i]) : out[i] == want);
		}
		if (k == 3)
			CU_ASSERT(fabs(out[10] - mz[10]) > 1); /* not the identity */
	}
	mzg__calib_apply_n(NULL, mz, out, 64);
	for (i = 0; i < 60; i++)
		CU_ASSERT(out[i] == mz[i]);
	memcpy(out, mz, sizeof mz); /* in place */
	mzg__calib_apply_n(&c, out, out, 64);
	for (i = 0; i < 60; i++)
		CU_ASSERT(out[i] == mzg_calib_apply(&c, mz[i]));
}

static CU_TestInfo calib_tests[] = {
	{ "known distortions", test_distortions },
	{ "quadratic term corrected", test_quadratic_needed },
	{ "no UEPs: bad", test_no_ueps },
	{ "neighbour cannot capture a UEP", test_neighbour_capture },
	{ "few calibrants: simpler model", test_few_calibrants },
	{ "outlier rejected", test_outlier },
	{ "residual limit", test_residual_limit },
	{ "apply/invert", test_apply_invert },
	{ "apply to an array", test_apply_array },
	{ "options", test_opts },
	{ "options from text", test_opts_set },
	{ "chain: known distortions", test_chain },
	{ "chain: no UEPs, stray neighbour", test_chain_bad_and_capture },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "calib", NULL, NULL, NULL, NULL, calib_tests },
	CU_SUITE_INFO_NULL,
};
