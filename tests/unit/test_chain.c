/*
 * test_chain.c -- unit tests of mzg_process, the whole processing chain,
 * on synthetic linear-TOF spectra (Gaussian peaks of known mass, height
 * and resolution on a decaying baseline with Gaussian noise, sampled on a
 * grid uniform in flight time), plus options, presets, centroid input,
 * malformed spectra and concurrent use from several threads.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"
#include "runner.h"

#define NPTS 20000
#define MZ_LO 3000.0
#define MZ_HI 10000.0

static const double masses[] = { 4321.7, 5010.2, 5026.2, 5610.9, 6202.4,
                                  6950.3, 7800.8, 8650.1 };
static const double heights[] = { 400, 800, 300, 1200, 600, 500, 900, 700 };
#define NPEAKS (sizeof masses / sizeof masses[0])

static unsigned long rng_state;

static double gauss_noise(void)
{
	double u, v;

	rng_state = rng_state * 6364136223846793005ul + 1442695040888963407ul;
	u = ((rng_state >> 11) + 0.5) / 9007199254740992.0;
	rng_state = rng_state * 6364136223846793005ul + 1442695040888963407ul;
	v = ((rng_state >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* A synthetic spectrum at resolution R with noise sd @p sd. */
static void make_spectrum(mzg_spectrum *s, double R, double sd,
                          unsigned long seed)
{
	double a = sqrt(MZ_LO), b = (sqrt(MZ_HI) - a) / (NPTS - 1);
	size_t i, k;

	rng_state = seed;
	CU_ASSERT_EQUAL_FATAL(mzg_spectrum_reserve(s, NPTS), MZG_OK);
	s->n = NPTS;
	s->repr = MZG_REPR_PROFILE;
	for (i = 0; i < NPTS; i++) {
		double m = (a + b * (double)i) * (a + b * (double)i), y;
		y = 150 * exp(-(m - MZ_LO) / 1500) + 30 + sd * gauss_noise();
		for (k = 0; k < NPEAKS; k++) {
			double sig = masses[k] / R / 2.3548200450309493;
			double u = (m - masses[k]) / sig;
			if (fabs(u) < 12)
				y += heights[k] * exp(-0.5 * u * u);
		}
		s->mz[i] = m;
		s->intensity[i] = y;
	}
}

static const mzg_peak *nearest(const mzg_processed *p, double m)
{
	const mzg_peak *best = NULL;
	size_t i;

	for (i = 0; i < p->n_peaks; i++)
		if (!best || fabs(p->peaks[i].mz - m) < fabs(best->mz - m))
			best = &p->peaks[i];
	return best;
}

static void test_default_chain(void)
{
	mzg_spectrum s;
	mzg_processed p;
	mzg_proc_opts o;
	size_t k, i, strong = 0;

	mzg_spectrum_init(&s);
	mzg_processed_init(&p);
	mzg_proc_opts_init(&o);
	make_spectrum(&s, 600, 3, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	CU_ASSERT_EQUAL(p.centroid, 0);
	/* the analysis window 3500..9500 */
	CU_ASSERT(p.n > 1000 && p.n < NPTS);
	CU_ASSERT(p.mz[0] >= 3500 && p.mz[p.n - 1] <= 9500);
	CU_ASSERT(p.mz[0] - 3500 < 1 && 9500 - p.mz[p.n - 1] < 1);
	/* resolution estimated from the peaks, within 10 % */
	CU_ASSERT(p.n_resolution_peaks >= 5);
	CU_ASSERT(fabs(p.resolution / 600 - 1) < 0.10);
	/* every peak found, apex within 0.15 Da, height within 5 % */
	for (k = 0; k < NPEAKS; k++) {
		const mzg_peak *q = nearest(&p, masses[k]);
		CU_ASSERT_FATAL(q != NULL);
		CU_ASSERT_DOUBLE_EQUAL(q->mz, masses[k], 0.15);
		CU_ASSERT_DOUBLE_EQUAL(q->intensity, heights[k], 0.05 * heights[k]);
		CU_ASSERT_DOUBLE_EQUAL(q->fwhm, masses[k] / 600, 0.1 * masses[k] / 600);
		CU_ASSERT(q->snr > 50);
		CU_ASSERT(q->area > 0);
		CU_ASSERT_DOUBLE_EQUAL(p.mz[q->index], q->mz, p.mz[q->index] / 1000);
	}
	/* noise: centred near 0, about the smoothed noise sd, positive */
	CU_ASSERT(p.noise_median > 0.3 && p.noise_median < 3);
	for (i = 0; i < p.n; i++)
		CU_ASSERT_FATAL(p.noise[i] > 0);
	/* peaks are sorted; noise peaks are weak: at most 2 reach SNR 10 */
	for (i = 0; i < p.n_peaks; i++) {
		double d = 1e9;
		if (i)
			CU_ASSERT(p.peaks[i].mz > p.peaks[i - 1].mz);
		for (k = 0; k < NPEAKS; k++)
			d = fmin(d, fabs(p.peaks[i].mz - masses[k]));
		if (p.peaks[i].snr > 10 && d > 20)
			strong++;
	}
	CU_ASSERT(strong <= 2);
	/* the (centred) baseline follows the decaying background */
	CU_ASSERT_DOUBLE_EQUAL(p.baseline[0], 150 * exp(-(p.mz[0] - MZ_LO) / 1500) + 30, 3);
	mzg_processed_free(&p);
	mzg_spectrum_free(&s);
}

static void test_given_resolution(void)
{
	mzg_spectrum s;
	mzg_processed p;
	mzg_proc_opts o;
	size_t k;

	mzg_spectrum_init(&s);
	mzg_processed_init(&p);
	mzg_proc_opts_init(&o);
	make_spectrum(&s, 1000, 3, 2);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "resolution", "1000"), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(p.resolution, 1000, 0);
	CU_ASSERT_EQUAL(p.n_resolution_peaks, 0);
	for (k = 0; k < NPEAKS; k++)
		CU_ASSERT_DOUBLE_EQUAL(nearest(&p, masses[k])->mz, masses[k], 0.1);
	/* estimated from scratch on the same spectrum: about 1000 too */
	o.resolution = 0;
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	CU_ASSERT(fabs(p.resolution / 1000 - 1) < 0.10);
	/* the whole spectrum when the window is off */
	o.mz_min = o.mz_max = 0;
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	CU_ASSERT_EQUAL(p.n, NPTS);
	mzg_processed_free(&p);
	mzg_spectrum_free(&s);
}

/* The maldiquant preset is exactly the stages chained by hand in
 * MALDIquant's order. */
static void test_maldiquant_preset(void)
{
	mzg_spectrum s;
	mzg_processed p;
	mzg_proc_opts o;
	double *sm, *bl, mad;
	unsigned char *mx;
	size_t i, k = 0, n = NPTS;

	mzg_spectrum_init(&s);
	mzg_processed_init(&p);
	mzg_proc_opts_init(&o);
	make_spectrum(&s, 600, 3, 3);
	CU_ASSERT_EQUAL(mzg_proc_opts_preset(&o, "maldiquant"), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	sm = malloc(n * sizeof *sm);
	bl = malloc(n * sizeof *bl);
	mx = malloc(n);
	CU_ASSERT_FATAL(sm && bl && mx);
	CU_ASSERT_EQUAL_FATAL(mzg_smooth_sg(sm, s.intensity, n, 10, 3), MZG_OK);
	for (i = 0; i < n; i++)
		if (sm[i] < 0)
			sm[i] = 0;
	CU_ASSERT_EQUAL_FATAL(mzg_baseline_snip(bl, sm, n, 100, 1), MZG_OK);
	for (i = 0; i < n; i++)
		sm[i] -= bl[i];
	CU_ASSERT_EQUAL_FATAL(mzg_mad(&mad, sm, n), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_local_maxima(mx, sm, n, 20), MZG_OK);
	CU_ASSERT_EQUAL(p.n, n);
	for (i = 0; i < n; i++) {
		CU_ASSERT_DOUBLE_EQUAL(p.signal[i], sm[i], 1e-9);
		if (!mx[i] || !(sm[i] > 3 * mad))
			continue;
		CU_ASSERT_FATAL(k < p.n_peaks);
		CU_ASSERT_EQUAL(p.peaks[k].index, i);
		CU_ASSERT_DOUBLE_EQUAL(p.peaks[k].mz, s.mz[i], 0);
		CU_ASSERT_DOUBLE_EQUAL(p.peaks[k].snr, sm[i] / mad, 1e-9);
		k++;
	}
	CU_ASSERT_EQUAL(k, p.n_peaks);
	CU_ASSERT(k >= NPEAKS);
	CU_ASSERT_DOUBLE_EQUAL(p.noise_median, mad, 1e-12);
	free(sm);
	free(bl);
	free(mx);
	mzg_processed_free(&p);
	mzg_spectrum_free(&s);
}

static void test_sqrt_transform(void)
{
	mzg_spectrum s;
	mzg_processed p;
	mzg_proc_opts o;

	mzg_spectrum_init(&s);
	mzg_processed_init(&p);
	mzg_proc_opts_init(&o);
	make_spectrum(&s, 600, 3, 4);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "transform", "sqrt"), MZG_OK);
	CU_ASSERT_EQUAL(o.transform, 1);
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	/* sqrt(1200 + background ~35) - sqrt(~35) ~ 29 */
	CU_ASSERT_DOUBLE_EQUAL(nearest(&p, 5610.9)->intensity, 29, 3);
	mzg_processed_free(&p);
	mzg_spectrum_free(&s);
}

static void test_centroid_input(void)
{
	static double mz[] = { 9000, 3000, 4000, 5000, 6000, 7000, 7001 };
	static double in[] = { 50, 10, 20, 0, 40, NAN, 30 };
	mzg_spectrum s;
	mzg_processed p;
	mzg_proc_opts o;

	mzg_spectrum_init(&s);
	mzg_processed_init(&p);
	mzg_proc_opts_init(&o);
	s.mz = mz;
	s.intensity = in;
	s.n = 7;
	s.repr = MZG_REPR_CENTROID;
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	CU_ASSERT_EQUAL(p.centroid, 1);
	CU_ASSERT_EQUAL(p.n, 0);
	/* in 3500..9500, intensity > 0 and finite, sorted: 4000 6000 7001 9000 */
	CU_ASSERT_EQUAL_FATAL(p.n_peaks, 4);
	CU_ASSERT_DOUBLE_EQUAL(p.peaks[0].mz, 4000, 0);
	CU_ASSERT_DOUBLE_EQUAL(p.peaks[3].mz, 9000, 0);
	CU_ASSERT_EQUAL(p.peaks[3].index, 0);
	/* noise = median intensity of the list (10 20 40 30 50 -> 30) */
	CU_ASSERT_DOUBLE_EQUAL(p.noise_median, 30, 0);
	CU_ASSERT_DOUBLE_EQUAL(p.peaks[0].snr, 20.0 / 30, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(p.resolution, MZG_PROC_DEFAULT_RESOLUTION, 0);
	/* unknown representation with an irregular grid: also a peak list */
	s.repr = MZG_REPR_UNKNOWN;
	CU_ASSERT_EQUAL_FATAL(mzg_process(&p, &s, &o), MZG_OK);
	CU_ASSERT_EQUAL(p.centroid, 1);
	s.mz = NULL;
	s.intensity = NULL;
	mzg_processed_free(&p);
	mzg_spectrum_free(&s);
}

static void expect_edata(mzg_spectrum *s, const mzg_proc_opts *o,
                         const char *what)
{
	mzg_processed p;

	mzg_processed_init(&p);
	CU_ASSERT_EQUAL(mzg_process(&p, s, o), MZG_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), what));
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "spectrum 7 (scan=8)"));
	mzg_processed_free(&p);
}

static void test_bad_spectra(void)
{
	mzg_spectrum s;
	mzg_proc_opts o;
	size_t i;

	mzg_spectrum_init(&s);
	mzg_proc_opts_init(&o);
	make_spectrum(&s, 600, 3, 5);
	s.index = 7;
	CU_ASSERT_EQUAL(mzg_spectrum_set_ids(&s, "scan=8", NULL), MZG_OK);
	/* zero-intensity points removed: a hole in the grid */
	memmove(s.mz + 5000, s.mz + 5100, (NPTS - 5100) * sizeof(double));
	memmove(s.intensity + 5000, s.intensity + 5100, (NPTS - 5100) * sizeof(double));
	s.n = NPTS - 100;
	expect_edata(&s, &o, "holes");
	make_spectrum(&s, 600, 3, 5);
	s.mz[9000] = s.mz[8999];
	expect_edata(&s, &o, "must increase");
	make_spectrum(&s, 600, 3, 5);
	for (i = 0; i < NPTS; i++)
		s.intensity[i] = NAN;
	expect_edata(&s, &o, "no finite");
	make_spectrum(&s, 600, 3, 5);
	o.mz_min = 20000;
	o.mz_max = 30000;
	expect_edata(&s, &o, "no points in the analysis window");
	mzg_proc_opts_init(&o);
	o.sg_hws = 30;
	s.n = 40;
	o.mz_min = o.mz_max = 0;
	expect_edata(&s, &o, "too few");
	s.n = 0;
	expect_edata(&s, &o, "no points");
	/* some non-finite values: treated as zero, processing goes on */
	make_spectrum(&s, 600, 3, 5);
	mzg_proc_opts_init(&o);
	s.intensity[12345] = NAN;
	s.intensity[12346] = INFINITY;
	{
		mzg_processed p;
		mzg_processed_init(&p);
		CU_ASSERT_EQUAL(mzg_process(&p, &s, &o), MZG_OK);
		mzg_processed_free(&p);
	}
	mzg_spectrum_free(&s);
}

static void test_options(void)
{
	mzg_proc_opts o, m;

	mzg_proc_opts_init(&o);
	CU_ASSERT_DOUBLE_EQUAL(o.mz_min, 3500, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.mz_max, 9500, 0);
	CU_ASSERT_EQUAL(o.sg_order, 3);
	CU_ASSERT_DOUBLE_EQUAL(o.peak_snr, 3, 0);
	CU_ASSERT_EQUAL(o.interpolate, 1);
	CU_ASSERT_EQUAL(mzg_proc_opts_check(&o), MZG_OK);
	CU_ASSERT_EQUAL(mzg_proc_opts_preset(&m, "MALDIquant"), MZG_OK);
	CU_ASSERT_EQUAL(m.sg_hws, 10);
	CU_ASSERT_EQUAL(m.snip_iterations, 100);
	CU_ASSERT_EQUAL(m.peak_hws, 20);
	CU_ASSERT_EQUAL(m.noise_global, 1);
	CU_ASSERT_EQUAL(m.interpolate, 0);
	CU_ASSERT_EQUAL(m.baseline_centre, 0);
	CU_ASSERT_EQUAL(m.noise_mask, 0);
	CU_ASSERT_EQUAL(o.noise_mask, 1);
	CU_ASSERT_DOUBLE_EQUAL(m.mz_max, 0, 0);
	CU_ASSERT_EQUAL(mzg_proc_opts_preset(&m, "default"), MZG_OK);
	CU_ASSERT_EQUAL(memcmp(&m, &o, sizeof o), 0);
	CU_ASSERT_EQUAL(mzg_proc_opts_preset(&m, "typer"), MZG_ENOTFOUND);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "maldiquant"));
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "sg_hws", "7"), MZG_OK);
	CU_ASSERT_EQUAL(o.sg_hws, 7);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "peak_snr", "2.5"), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(o.peak_snr, 2.5, 0);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "sg_hws", "seven"), MZG_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "sg_hws"));
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "sg_order", "11"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "peak_snr", "-1"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "peak_snr", "nan"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "transform", "log"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_proc_opts_set(&o, "colour", "1"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(o.sg_hws, 7); /* unchanged by the failures */
	o.mz_min = 9000;
	o.mz_max = 4000;
	CU_ASSERT_EQUAL(mzg_proc_opts_check(&o), MZG_EINVAL);
	o.mz_max = 0; /* no upper limit */
	CU_ASSERT_EQUAL(mzg_proc_opts_check(&o), MZG_OK);
	o.sg_hws = 1; /* 3 points cannot fit a cubic */
	CU_ASSERT_EQUAL(mzg_proc_opts_check(&o), MZG_EINVAL);
}

/* Several threads process different spectra with their own outputs; each
 * result must equal the single-threaded one. */
typedef struct job {
	mzg_spectrum s;
	mzg_processed p;
	int rc;
} job;

static void *run_job(void *arg)
{
	job *j = arg;
	mzg_proc_opts o;
	int r;

	mzg_proc_opts_init(&o);
	for (r = 0; r < 3 && j->rc == 0; r++)
		j->rc = mzg_process(&j->p, &j->s, &o);
	return NULL;
}

static void test_threads(void)
{
	job jobs[4];
	pthread_t th[4];
	mzg_processed ref;
	mzg_proc_opts o;
	int t;

	mzg_proc_opts_init(&o);
	mzg_processed_init(&ref);
	for (t = 0; t < 4; t++) {
		mzg_spectrum_init(&jobs[t].s);
		mzg_processed_init(&jobs[t].p);
		jobs[t].rc = 0;
		make_spectrum(&jobs[t].s, 500 + 150 * t, 2 + t, 100 + (unsigned)t);
	}
	for (t = 0; t < 4; t++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&th[t], NULL, run_job, &jobs[t]), 0);
	for (t = 0; t < 4; t++)
		pthread_join(th[t], NULL);
	for (t = 0; t < 4; t++) {
		CU_ASSERT_EQUAL(jobs[t].rc, MZG_OK);
		CU_ASSERT_EQUAL_FATAL(mzg_process(&ref, &jobs[t].s, &o), MZG_OK);
		CU_ASSERT_EQUAL(ref.n_peaks, jobs[t].p.n_peaks);
		CU_ASSERT_EQUAL(ref.n, jobs[t].p.n);
		CU_ASSERT_DOUBLE_EQUAL(ref.resolution, jobs[t].p.resolution, 0);
		if (ref.n_peaks == jobs[t].p.n_peaks)
			CU_ASSERT_EQUAL(memcmp(ref.peaks, jobs[t].p.peaks,
			                       ref.n_peaks * sizeof *ref.peaks), 0);
		mzg_processed_free(&jobs[t].p);
		mzg_spectrum_free(&jobs[t].s);
	}
	mzg_processed_free(&ref);
}

CU_TestInfo chain_tests[] = {
	{ "default chain on a synthetic TOF spectrum", test_default_chain },
	{ "given and estimated resolution, whole spectrum", test_given_resolution },
	{ "maldiquant preset equals the stages in MALDIquant order", test_maldiquant_preset },
	{ "sqrt transform", test_sqrt_transform },
	{ "centroid input", test_centroid_input },
	{ "malformed spectra are MZG_EDATA with the spectrum named", test_bad_spectra },
	{ "threads", test_threads },
	CU_TEST_INFO_NULL,
};

CU_TestInfo opts_tests[] = {
	{ "defaults, presets, key=value", test_options },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "chain", NULL, NULL, NULL, NULL, chain_tests },
	{ "options", NULL, NULL, NULL, NULL, opts_tests },
	CU_SUITE_INFO_NULL,
};
