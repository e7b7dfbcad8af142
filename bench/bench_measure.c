/*
 * bench_measure.c -- accuracy and speed of recalibration and targeted
 * measurement through the real chain, on synthetic pads.
 *
 * Each pad of the test multiplex (tests/unit/synth.c: 8 assays, R 500,
 * Na 20 % / K 10 % adducts) gets a random calibration error (shift
 * uniform +-900 ppm plus a quadratic term +-200 ppm), random allele
 * heights (ratio a2/a1 from 1:10 to 10:1, or a homozygote) and noise from
 * a fixed seed, goes through mzg_process -> mzg_calibrate ->
 * mzg_measure_targets, and is compared with the truth:
 *   - calibration error at the UEPs and the allele products (ppm);
 *   - allele ratio error of the A/G assays (16 Da apart) and of all
 *     heterozygous assays, and per assay at ratios of 5:1 or more either
 *     way (strong/weak measured over true: mean, and the worst);
 *   - time per pad of each stage.
 * Usage: bench_measure [PADS [SEED [KEY=VALUE]...]] (defaults 384, 1);
 * KEY=VALUE pairs set processing options (mzg_proc_opts_set), except
 * noise=SD, the synthetic noise SD (2; allele peaks are 200..2000).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "mzgeno/mzgeno.h"
#include "synth.h"

#define MAXPK 200
#define KINDS (MZG_TMASK(MZG_T_UEP) | MZG_TMASK(MZG_T_ALLELE) | \
               MZG_TMASK(MZG_T_NA) | MZG_TMASK(MZG_T_K))

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Quantile q of v[0..n) (sorts v). */
static double quant(double *v, size_t n, double q)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp);
	return v[(size_t)fmin((double)n - 1, floor(q * (double)n))];
}

static size_t idx(const mzg_target *t, size_t n, mzg_target_kind k, int a, int al)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].kind == k && t[i].assay == a && t[i].allele == al)
			return i;
	return 0;
}

/* Random pad: heights and distortion. */
static size_t make_pad(gsl_rng *r, synth_opts *so, synth_peak *sp,
                       double *a1, double *a2)
{
	static const double uep[SYNTH_N_ASSAYS] = { 900, 700, 800, 600, 1000, 500, 650, 750 };
	size_t j;

	for (j = 0; j < SYNTH_N_ASSAYS; j++) {
		double u = gsl_rng_uniform(r), ratio = pow(10, 2 * u - 1);
		a1[j] = 2000 / fmax(1, ratio);
		a2[j] = 2000 * fmin(1, ratio);
		if (gsl_rng_uniform(r) < 0.2) /* homozygote */
			*(gsl_rng_uniform(r) < 0.5 ? &a1[j] : &a2[j]) = 0;
	}
	so->shift_ppm = 1800 * gsl_rng_uniform(r) - 900;
	so->quad_ppm = 400 * gsl_rng_uniform(r) - 200;
	so->seed = gsl_rng_get(r);
	return synth_pad(sp, MAXPK, uep, a1, a2, 0.2, 0.1);
}

/* Error figures collected over the pads. */
typedef struct figs {
	double *cal, *rag, *rall, *hom;
	size_t ncal, nag, nall, nhom, nbad;
	double tp, tc, tm;
	/* per assay at >= 5:1: sum and worst |.| of strong/weak over true - 1 */
	double ssum[SYNTH_N_ASSAYS], sworst[SYNTH_N_ASSAYS];
	size_t nstrong[SYNTH_N_ASSAYS];
} figs;

/* Compare one pad's calibration and measurements with the truth. */
static void score(figs *g, const synth_opts *so, const mzg_calib *c,
                  const mzg_measure *m, const mzg_target *t, size_t n,
                  const double *a1, const double *a2)
{
	size_t j, k;

	g->nbad += !c->ok;
	for (j = 0; j < SYNTH_N_ASSAYS && c->ok; j++) {
		const mzg_assay *a = &synth_plex()->assays[j];
		double ms[3] = { a->uep_mass, a->ext_mass[0], a->ext_mass[1] };
		double h1 = m[idx(t, n, MZG_T_ALLELE, (int)j, 0)].height;
		double h2 = m[idx(t, n, MZG_T_ALLELE, (int)j, 1)].height;
		for (k = 0; k < 3; k++)
			g->cal[g->ncal++] = fabs(mzg_calib_apply(c, synth_distort(so, ms[k])) -
			                         ms[k]) / ms[k] * 1e6;
		if (a1[j] > 0 && a2[j] > 0) {
			double e = fabs(h2 / h1 / (a2[j] / a1[j]) - 1), r = a2[j] / a1[j];
			if (r >= 5 || r <= 0.2) {
				double es = r >= 5 ? h2 / h1 / r - 1 : r / (h2 / h1) - 1;
				g->ssum[j] += es;
				g->sworst[j] = fmax(g->sworst[j], fabs(es));
				g->nstrong[j]++;
			}
			g->rall[g->nall++] = e;
			if (a->allele[0] == 'A' && a->allele[1] == 'G')
				g->rag[g->nag++] = e;
		} else {
			g->hom[g->nhom++] = a1[j] > 0 ? h2 / h1 : h1 / h2;
		}
	}
}

/* One pad through the chain, timed and scored. 0 or -1. */
static int run_pad(figs *g, gsl_rng *r, double noise, const mzg_proc_opts *po,
                   mzg_spectrum *s, mzg_processed *p, const mzg_target *t,
                   size_t n, mzg_measure *m)
{
	synth_peak sp[MAXPK];
	double a1[SYNTH_N_ASSAYS], a2[SYNTH_N_ASSAYS], t0;
	synth_opts so;
	mzg_calib c;
	size_t np;

	synth_opts_init(&so);
	so.noise_sd = noise;
	np = make_pad(r, &so, sp, a1, a2);
	if (synth_spectrum(s, &so, sp, np) != 0)
		return -1;
	t0 = now();
	if (mzg_process(p, s, po) != 0)
		return -1;
	g->tp += now() - t0;
	t0 = now();
	if (mzg_calibrate(&c, p->peaks, p->n_peaks, synth_ueps(), SYNTH_N_ASSAYS,
	                  NULL) != 0)
		return -1;
	g->tc += now() - t0;
	t0 = now();
	if (mzg_measure_targets(m, p, &c, t, n, NULL) != 0)
		return -1;
	g->tm += now() - t0;
	score(g, &so, &c, m, t, n, a1, a2);
	return 0;
}

static void report(figs *g, size_t pads, unsigned long seed, double noise,
                   size_t n)
{
	size_t j;

	printf("pads %zu (seed %lu, noise %g), calibration failed on %zu\n", pads,
	       seed, noise, g->nbad);
	printf("calibration |error| at UEPs and alleles: median %.1f ppm, 95%% %.1f ppm, max %.1f ppm\n",
	       quant(g->cal, g->ncal, 0.5), quant(g->cal, g->ncal, 0.95),
	       quant(g->cal, g->ncal, 1));
	printf("A/G allele ratio |rel. error| (%zu): median %.2f %%, 95%% %.2f %%, max %.2f %%\n",
	       g->nag, 100 * quant(g->rag, g->nag, 0.5),
	       100 * quant(g->rag, g->nag, 0.95), 100 * quant(g->rag, g->nag, 1));
	printf("all assays ratio |rel. error| (%zu): median %.2f %%, 95%% %.2f %%, max %.2f %%\n",
	       g->nall, 100 * quant(g->rall, g->nall, 0.5),
	       100 * quant(g->rall, g->nall, 0.95), 100 * quant(g->rall, g->nall, 1));
	for (j = 0; j < SYNTH_N_ASSAYS; j++) {
		const mzg_assay *a = &synth_plex()->assays[j];
		if (g->nstrong[j])
			printf("%s %c/%c at >= 5:1 (%zu): strong/weak over true %+.2f %% (mean), worst %.2f %%\n",
			       a->id, a->allele[0], a->allele[1], g->nstrong[j],
			       100 * g->ssum[j] / (double)g->nstrong[j], 100 * g->sworst[j]);
	}
	printf("homozygotes, other/called allele (%zu): median %.4f, max %.4f\n",
	       g->nhom, quant(g->hom, g->nhom, 0.5), quant(g->hom, g->nhom, 1));
	printf("time per pad: process %.2f ms, calibrate %.3f ms, measure %.2f ms (%zu targets)\n",
	       g->tp / (double)pads * 1e3, g->tc / (double)pads * 1e3,
	       g->tm / (double)pads * 1e3, n);
}

/* Options after PADS and SEED: processing KEY=VALUE, or noise=SD. */
static int parse_opts(int argc, char **argv, mzg_proc_opts *po, double *noise)
{
	int i;

	mzg_proc_opts_init(po);
	for (i = 3; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			return -1;
		*eq = 0;
		if (strcmp(argv[i], "noise") == 0)
			*noise = atof(eq + 1);
		else if (mzg_proc_opts_set(po, argv[i], eq + 1) != 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t pads = argc > 1 ? (size_t)atol(argv[1]) : 384, i, n, cap;
	unsigned long seed = argc > 2 ? (unsigned long)atol(argv[2]) : 1;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double noise = 2;
	mzg_target *t = NULL;
	mzg_measure *m = NULL;
	mzg_processed p;
	mzg_spectrum s;
	mzg_proc_opts po;
	figs g = { 0 };
	int rc = 2;

	cap = pads * 3 * SYNTH_N_ASSAYS + 1;
	g.cal = malloc(cap * sizeof *g.cal);
	g.rag = malloc(cap * sizeof *g.rag);
	g.rall = malloc(cap * sizeof *g.rall);
	g.hom = malloc(cap * sizeof *g.hom);
	mzg_processed_init(&p);
	mzg_spectrum_init(&s);
	if (parse_opts(argc, argv, &po, &noise) != 0) {
		fprintf(stderr, "usage: bench_measure [PADS [SEED [KEY=VALUE]...]]: %s\n",
		        mzg_errmsg());
		goto out;
	}
	if (!r || !g.cal || !g.rag || !g.rall || !g.hom || pads == 0 ||
	    mzg_plex_targets(&t, &n, synth_plex(), KINDS) != 0 ||
	    !(m = calloc(n, sizeof *m)))
		goto out;
	gsl_rng_set(r, seed);
	for (i = 0; i < pads; i++)
		if (run_pad(&g, r, noise, &po, &s, &p, t, n, m) != 0) {
			fprintf(stderr, "bench_measure: pad %zu: %s\n", i, mzg_errmsg());
			goto out;
		}
	report(&g, pads, seed, noise, n);
	rc = 0;
out:
	mzg_spectrum_free(&s);
	mzg_processed_free(&p);
	free(m);
	free(t);
	free(g.cal);
	free(g.rag);
	free(g.rall);
	free(g.hom);
	gsl_rng_free(r);
	return rc;
}
