/*
 * synth.c -- synthetic spectra and a test multiplex for the unit tests.
 *
 * A linear TOF samples uniformly in flight time, and time goes with
 * sqrt(m), so the grid here is uniform in sqrt(m); peaks are Gaussians of
 * FWHM m/R at their (optionally distorted) observed mass. The noise comes
 * from GSL's MT19937 with a fixed seed, so every test is reproducible.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "internal.h"
#include "synth.h"

#define FWHM_SIGMA 2.3548200450309493 /* FWHM / sigma of a Gaussian */

void synth_opts_init(synth_opts *o)
{
	memset(o, 0, sizeof *o);
	o->mz_lo = 3500;
	o->mz_hi = 9500;
	o->n = 20000;
	o->resolution = 500;
	o->base_a = 200;
	o->base_tau = 1500;
	o->base_c = 20;
	o->noise_sd = 2;
	o->seed = 1;
}

double synth_distort(const synth_opts *o, double m)
{
	double u = (m - 6500) / 2500;
	return m * (1 + 1e-6 * (o->shift_ppm + o->quad_ppm * u * u));
}

/* Noise-free peak signal at observed m/z @p x. */
static double peaks_at(const synth_opts *o, const synth_peak *pk, size_t n,
                       double x)
{
	double y = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double mu = synth_distort(o, pk[i].mass);
		double sd = mu / o->resolution / FWHM_SIGMA, d = (x - mu) / sd;
		if (fabs(d) < 12)
			y += pk[i].height * exp(-0.5 * d * d);
	}
	return y;
}

static double grid_mz(const synth_opts *o, size_t i)
{
	double a = sqrt(o->mz_lo), b = sqrt(o->mz_hi);
	double t = a + (b - a) * (double)i / (double)(o->n - 1);
	return t * t;
}

int synth_spectrum(mzg_spectrum *s, const synth_opts *o,
                   const synth_peak *pk, size_t n)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;

	if (!r || mzg_spectrum_reserve(s, o->n) != 0) {
		gsl_rng_free(r);
		return MZG_ENOMEM;
	}
	gsl_rng_set(r, o->seed);
	for (i = 0; i < o->n; i++) {
		double x = grid_mz(o, i);
		double y = peaks_at(o, pk, n, x) + o->base_c +
		           o->base_a * exp(-(x - o->mz_lo) / o->base_tau) +
		           gsl_ran_gaussian(r, o->noise_sd);
		if (o->clip > 0 && y > o->clip)
			y = o->clip;
		s->mz[i] = x;
		s->intensity[i] = y;
	}
	s->n = o->n;
	s->repr = MZG_REPR_PROFILE;
	gsl_rng_free(r);
	return 0;
}

void synth_processed_free(mzg_processed *p)
{
	free(p->mz);
	free(p->signal);
	free(p->baseline);
	free(p->noise);
	free(p->peaks);
	memset(p, 0, sizeof *p);
}

/* Intensity-weighted centroid of the points above half of apex i within
 * +-0.5 FWHM: robust on a dense noisy grid, exact for a lone Gaussian. */
static double centroid(const mzg_processed *p, size_t i, double w)
{
	double sw = 0, sx = 0, half = 0.5 * p->signal[i];
	size_t k;

	for (k = i; k > 0 && p->signal[k - 1] > half && p->mz[i] - p->mz[k - 1] <= 0.5 * w; k--)
		;
	for (; k < p->n && p->signal[k] > half && p->mz[k] - p->mz[i] <= 0.5 * w; k++) {
		sw += p->signal[k];
		sx += p->signal[k] * p->mz[k];
	}
	return sx / sw;
}

/* Local maxima over +-1 FWHM with SNR >= 3, centroided. */
static int find_peaks(mzg_processed *p, double sd, double R)
{
	size_t i, k;

	for (i = 1; i + 1 < p->n; i++) {
		double y = p->signal[i], w = p->mz[i] / R;
		int is_max = y >= 3 * sd;
		for (k = i; is_max && k > 0 && p->mz[i] - p->mz[k - 1] <= w; k--)
			is_max = p->signal[k - 1] < y;
		for (k = i; is_max && k + 1 < p->n && p->mz[k + 1] - p->mz[i] <= w; k++)
			is_max = p->signal[k + 1] <= y;
		if (!is_max)
			continue;
		if (mzg__grow((void **)&p->peaks, &p->cap_peaks, p->n_peaks + 1,
		              sizeof *p->peaks) != 0)
			return MZG_ENOMEM;
		p->peaks[p->n_peaks].mz = centroid(p, i, w);
		p->peaks[p->n_peaks].intensity = y;
		p->peaks[p->n_peaks].snr = y / sd;
		p->peaks[p->n_peaks].fwhm = w;
		p->peaks[p->n_peaks].area = 0;
		p->peaks[p->n_peaks++].index = i;
	}
	return 0;
}

int synth_processed(mzg_processed *p, const synth_opts *o,
                    const synth_peak *pk, size_t n)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;
	int rc = MZG_ENOMEM;

	memset(p, 0, sizeof *p);
	p->mz = mzg__malloc_array(o->n, sizeof(double));
	p->signal = mzg__malloc_array(o->n, sizeof(double));
	p->baseline = mzg__calloc_array(o->n, sizeof(double));
	p->noise = mzg__malloc_array(o->n, sizeof(double));
	if (!r || !p->mz || !p->signal || !p->baseline || !p->noise)
		goto out;
	gsl_rng_set(r, o->seed);
	for (i = 0; i < o->n; i++) {
		double x = grid_mz(o, i);
		p->mz[i] = x;
		p->signal[i] = peaks_at(o, pk, n, x) + gsl_ran_gaussian(r, o->noise_sd);
		if (o->clip > 0 && p->signal[i] > o->clip)
			p->signal[i] = o->clip;
		p->noise[i] = o->noise_sd;
	}
	p->n = p->cap = o->n;
	p->resolution = o->resolution;
	p->noise_median = o->noise_sd;
	rc = find_peaks(p, o->noise_sd, o->resolution);
out:
	gsl_rng_free(r);
	if (rc != 0)
		synth_processed_free(p);
	return rc;
}

/* ---- the test multiplex ---- */

double synth_ext_mass(double uep, char base)
{
	switch (base) {
	case 'A': return uep + 271.2;
	case 'C': return uep + 247.2;
	case 'G': return uep + 287.2;
	case 'T': return uep + 327.1;
	default: return NAN;
	}
}

#define ASSAY(name, uep, b1, b2, m1, m2)                                     \
	{ .id = (char *)(name), .dir = 'F', .chem = MZG_CHEM_IPLEX,          \
	  .uep_mass = (uep), .n_alleles = 2, .allele = { b1, b2 },             \
	  .ext_mass = { (m1), (m2) }, .verified = 1 }

static mzg_assay assays[SYNTH_N_ASSAYS] = {
	ASSAY("t1", 4518.0, 'A', 'G', 4518.0 + 271.2, 4518.0 + 287.2),
	ASSAY("t2", 5012.3, 'C', 'T', 5012.3 + 247.2, 5012.3 + 327.1),
	ASSAY("t3", 5499.7, 'A', 'G', 5499.7 + 271.2, 5499.7 + 287.2),
	ASSAY("t4", 6003.9, 'G', 'T', 6003.9 + 287.2, 6003.9 + 327.1),
	ASSAY("t5", 6511.2, 'A', 'G', 6511.2 + 271.2, 6511.2 + 287.2),
	ASSAY("t6", 7020.6, 'C', 'G', 7020.6 + 247.2, 7020.6 + 287.2),
	ASSAY("t7", 7565.4, 'A', 'G', 7565.4 + 271.2, 7565.4 + 287.2),
	ASSAY("t8", 8123.8, 'A', 'T', 8123.8 + 271.2, 8123.8 + 327.1),
};

static const mzg_plex plex = { (char *)"W1", SYNTH_N_ASSAYS, assays };

static const double ueps[SYNTH_N_ASSAYS] = {
	4518.0, 5012.3, 5499.7, 6003.9, 6511.2, 7020.6, 7565.4, 8123.8,
};

const mzg_plex *synth_plex(void)
{
	return &plex;
}

const double *synth_ueps(void)
{
	return ueps;
}

/* Append a species and its adducts. */
static size_t add_species(synth_peak *out, size_t n, size_t cap, double m,
                          double h, double na, double k)
{
	if (h <= 0)
		return n;
	if (n < cap)
		out[n++] = (synth_peak){ m, h };
	if (na > 0 && n < cap)
		out[n++] = (synth_peak){ m + MZG_NA_ADDUCT, h * na };
	if (k > 0 && n < cap)
		out[n++] = (synth_peak){ m + MZG_K_ADDUCT, h * k };
	return n;
}

size_t synth_pad(synth_peak *out, size_t cap, const double *uep,
                 const double *a1, const double *a2, double na, double k)
{
	size_t i, n = 0;

	for (i = 0; i < SYNTH_N_ASSAYS; i++) {
		const mzg_assay *a = &assays[i];
		n = add_species(out, n, cap, a->uep_mass, uep[i], na, k);
		n = add_species(out, n, cap, a->ext_mass[0], a1[i], na, k);
		n = add_species(out, n, cap, a->ext_mass[1], a2[i], na, k);
	}
	return n;
}
