/*
 * simulate_spectrum.c -- render one simulated pad: a profile spectrum on a
 * time-uniform axis, or a peak list.
 *
 * A linear TOF samples time uniformly and t is proportional to sqrt(m/z)
 * (algorithms.md 3.1), so the axis is uniform in sqrt(m) and a peak of
 * constant resolving power spans more points at high mass. Every expected
 * species of the pad's multiplex (UEPs, allele products, pausing peaks and
 * their Na+/K+ adducts and 2+ ions) is placed where the pad's calibration
 * error puts it, as a peak of FWHM m/R with a slightly longer high-mass
 * side; stray peaks fall where no expected species is. On top come the
 * matrix baseline (decaying with mass), correlated chemical noise that
 * scales with the baseline, shot noise and white detector noise. Random
 * draws come from the pad's own stream, in a fixed order. See
 * docs/simulate.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "simulate_int.h"

#define FWHM_PER_SIGMA 2.3548200450309493 /* 2 sqrt(2 ln 2) */

typedef struct species {
	double mz;            /* observed position */
	double amp;           /* height above baseline */
	size_t order;         /* insertion order: a tie-break for sorting */
} species;

typedef struct species_list {
	species *v;
	size_t n, cap;
} species_list;

static int push(species_list *L, double mz, double amp)
{
	if (!(amp > 0) || !isfinite(mz))
		return MZG_OK;
	if (L->n == L->cap &&
	    mzg__grow((void **)&L->v, &L->cap, L->n + 1, sizeof *L->v) < 0)
		return MZG_ENOMEM;
	L->v[L->n].mz = mz;
	L->v[L->n].amp = amp;
	L->v[L->n].order = L->n;
	L->n++;
	return MZG_OK;
}

/* A parent ion and its Na+, K+ adducts and 2+ ion. */
static int parent(species_list *L, const mzg_sim_pad *p, double m, double amp)
{
	if (!(amp > 0) || !(m > 0))
		return MZG_OK;
	if (push(L, mzg__sim_observe(p, m), amp) < 0 ||
	    push(L, mzg__sim_observe(p, m + MZG_NA_ADDUCT), amp * p->na) < 0 ||
	    push(L, mzg__sim_observe(p, m + MZG_K_ADDUCT), amp * p->k) < 0 ||
	    push(L, mzg__sim_observe(p, (m + MZG_PROTON) / 2), amp * p->doubly) < 0)
		return MZG_ENOMEM;
	return MZG_OK;
}

static int analyte_species(species_list *L, const mzg_sim *s,
                           const mzg_sim_pad *p)
{
	const mzg_plex *px = &s->design->plex[p->plex];
	size_t a;
	int j;

	for (a = 0; a < px->n_assays && a < p->n_truth; a++) {
		const mzg_assay *as = &px->assays[a];
		const mzg_sim_truth *t = &p->truth[a];
		double ext_sum = 0;

		if (parent(L, p, as->uep_mass, t->uep) < 0)
			return MZG_ENOMEM;
		for (j = 0; j < as->n_alleles && j < MZG_MAX_ALLELES; j++) {
			ext_sum += t->allele[j];
			if (parent(L, p, as->ext_mass[j], t->allele[j]) < 0)
				return MZG_ENOMEM;
		}
		if (as->pause_mass > 0 &&
		    parent(L, p, as->pause_mass, ext_sum * p->pause) < 0)
			return MZG_ENOMEM;
	}
	return MZG_OK;
}

/* Stray peaks (primer dimers, salt clusters, leftovers): anywhere in the
 * window at least two peak widths from every expected UEP or allele
 * product, so the truth stays what the spectrum shows. */
static int stray_species(species_list *L, const mzg_sim *s,
                         const mzg_sim_pad *p, mzg_rng *r)
{
	const mzg_sim_opts *o = &s->opts;
	const mzg_plex *px = &s->design->plex[p->plex];
	unsigned n = mzg__rng_poisson(r, o->stray_mean), i, tries;
	double x0 = sqrt(o->mz_min), x1 = sqrt(o->mz_max);

	for (i = 0; i < n; i++) {
		double x = mzg__rng_range(r, x0, x1), m = x * x;
		double h = mzg__rng_range(r, o->stray_min, o->stray_max);
		size_t a;
		int j, ok = 0;

		for (tries = 0; tries < 20 && !ok; tries++) {
			if (tries) {
				x = mzg__rng_range(r, x0, x1);
				m = x * x;
			}
			ok = 1;
			for (a = 0; a < px->n_assays && ok; a++) {
				const mzg_assay *as = &px->assays[a];
				double gap = 2 * m / p->resolution;

				ok = fabs(m - mzg__sim_observe(p, as->uep_mass)) > gap;
				for (j = 0; j < as->n_alleles && j < MZG_MAX_ALLELES && ok; j++)
					ok = fabs(m - mzg__sim_observe(p, as->ext_mass[j])) > gap;
			}
		}
		if (!ok)
			continue;
		h *= o->signal * p->scale * mzg__sim_response(o, m);
		if (p->failed == MZG_SIM_PAD_EMPTY)
			h *= 0.3;
		if (push(L, m, h) < 0)
			return MZG_ENOMEM;
	}
	return MZG_OK;
}

/* Add a peak of height @p amp at @p mu to the profile: Gaussian sides with
 * FWHM mu/R, the high-mass side o->tail times wider. */
static void add_peak(double *y, size_t n, double x0, double dx,
                     const mzg_sim_opts *o, double R, double mu, double amp)
{
	double fwhm = mu / R;
	double sl = fwhm / (FWHM_PER_SIGMA / 2 * (1 + o->tail));
	double sr = sl * o->tail, lo = mu - 6 * sl, hi = mu + 6 * sr;
	double a = lo > 0 ? (sqrt(lo) - x0) / dx : 0, b = (sqrt(hi) - x0) / dx;
	size_t i, i0, i1;

	if (b < 0 || a > (double)(n - 1))
		return;
	i0 = a < 0 ? 0 : (size_t)ceil(a);
	i1 = b > (double)(n - 1) ? n - 1 : (size_t)floor(b);
	for (i = i0; i <= i1 && i < n; i++) {
		double x = x0 + (double)i * dx, m = x * x, d = m - mu;
		double sg = d < 0 ? sl : sr;

		y[i] += amp * exp(-0.5 * d * d / (sg * sg));
	}
}

/* Correlated unit-variance noise: white noise through an AR(1) filter
 * forward and backward (correlation length @p len points). */
static void correlated_noise(double *z, size_t n, double len, mzg_rng *r)
{
	double rho = len > 0 ? exp(-1.0 / len) : 0;
	double c = sqrt(1 - rho * rho), norm = sqrt((1 - rho * rho) / (1 + rho * rho));
	size_t i;

	for (i = 0; i < n; i++)
		z[i] = mzg__rng_normal(r);
	for (i = 1; i < n; i++)
		z[i] = rho * z[i - 1] + c * z[i];
	z[n - 1] /= norm;
	for (i = n - 1; i-- > 0;)
		z[i] = rho * z[i + 1] + c * z[i];
	for (i = 0; i < n; i++)
		z[i] *= norm;
}

static void render_profile(mzg_spectrum *out, const mzg_sim *s,
                           const mzg_sim_pad *p, const species_list *L,
                           mzg_rng *r)
{
	const mzg_sim_opts *o = &s->opts;
	size_t n = o->points, i;
	double x0 = sqrt(o->mz_min);
	double dx = (sqrt(o->mz_max) - x0) / (double)(n - 1);
	double xm = 0.5 * (x0 + sqrt(o->mz_max));
	double *y = out->intensity, *z = out->mz; /* z: scratch for the noise */

	memset(y, 0, n * sizeof *y);
	for (i = 0; i < L->n; i++)
		add_peak(y, n, x0, dx, o, p->resolution, L->v[i].mz, L->v[i].amp);
	/* FWHM in points at the middle of the window: xm / (2 R dx) */
	correlated_noise(z, n, o->noise_corr * xm / (2 * p->resolution * dx), r);
	for (i = 0; i < n; i++) {
		double x = x0 + (double)i * dx, m = x * x;
		double b = mzg__sim_baseline(o, p, m);
		double v = y[i] + b + o->chem_noise * b * z[i];
		double shot = o->shot_gain * (y[i] + b);

		v += o->noise * mzg__rng_normal(r);
		v += sqrt(shot > 0 ? shot : 0) * mzg__rng_normal(r);
		y[i] = v > 0 ? v : 0;
	}
	for (i = 0; i < n; i++) {
		double x = x0 + (double)i * dx;

		out->mz[i] = x * x;
	}
	out->n = n;
	out->repr = MZG_REPR_PROFILE;
}

static int cmp_species(const void *a, const void *b)
{
	const species *x = a, *y = b;

	if (x->mz != y->mz)
		return x->mz < y->mz ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Peak list: measured heights and positions, unresolved species merged,
 * peaks below 3 noise sd dropped, a few noise peaks added. */
static int render_centroid(mzg_spectrum *out, const mzg_sim *s,
                           const mzg_sim_pad *p, species_list *L, mzg_rng *r)
{
	const mzg_sim_opts *o = &s->opts;
	double x0 = sqrt(o->mz_min), x1 = sqrt(o->mz_max);
	unsigned n_noise, k;
	size_t i, m = 0;

	for (i = 0; i < L->n; i++) {
		species *v = &L->v[i];
		double sd = mzg__sim_noise_sd(o, p, v->mz);
		double a = v->amp + sd * mzg__rng_normal(r) +
		           sqrt(o->shot_gain * v->amp) * mzg__rng_normal(r);
		double snr = sd > 0 ? (a > sd ? a / sd : 1) : 1e9;

		v->mz += mzg__rng_normal(r) * v->mz / p->resolution / FWHM_PER_SIGMA / snr;
		v->amp = a;
	}
	n_noise = mzg__rng_poisson(r, o->noise > 0 || o->shot_gain > 0 ? 20 : 0);
	for (k = 0; k < n_noise; k++) {
		double x = mzg__rng_range(r, x0, x1);
		double u = mzg__rng_range(r, 3, 5);

		if (push(L, x * x, u * mzg__sim_noise_sd(o, p, x * x)) < 0)
			return MZG_ENOMEM;
	}
	qsort(L->v, L->n, sizeof *L->v, cmp_species);
	for (i = 0; i < L->n; i++) { /* merge species closer than FWHM/2 */
		species *v = &L->v[i];

		if (m && v->mz - L->v[m - 1].mz < 0.5 * v->mz / p->resolution &&
		    v->amp > 0 && L->v[m - 1].amp > 0) {
			species *u = &L->v[m - 1];
			double w = u->amp + v->amp;

			u->mz = (u->mz * u->amp + v->mz * v->amp) / w;
			u->amp = w;
		} else {
			L->v[m++] = *v;
		}
	}
	out->n = 0;
	for (i = 0; i < m; i++) {
		const species *v = &L->v[i];

		if (v->mz < o->mz_min || v->mz > o->mz_max ||
		    !(v->amp >= 3 * mzg__sim_noise_sd(o, p, v->mz)) || !(v->amp > 0))
			continue;
		if (mzg_spectrum_reserve(out, out->n + 1) < 0)
			return MZG_ENOMEM;
		out->mz[out->n] = v->mz;
		out->intensity[out->n++] = v->amp;
	}
	out->repr = MZG_REPR_CENTROID;
	return MZG_OK;
}

static int set_meta(mzg_spectrum *out, const mzg_sim_pad *p, size_t pad)
{
	char id[32];

	snprintf(id, sizeof id, "scan=%zu", pad + 1);
	if (mzg_spectrum_set_ids(out, id, p->well) < 0)
		return MZG_ENOMEM;
	memcpy(out->well, p->well, sizeof out->well);
	out->index = (long)pad;
	out->ms_level = 1;
	out->flags = 0;
	out->enc_mz.dtype = out->enc_int.dtype = MZG_DTYPE_F64;
	out->enc_mz.compression = out->enc_int.compression = MZG_COMP_NONE;
	return MZG_OK;
}

int mzg_sim_spectrum(mzg_spectrum *out, const mzg_sim *s, size_t pad)
{
	const mzg_sim_pad *p;
	species_list L = { 0 };
	mzg_rng r;
	int rc;

	if (!s || pad >= s->n_pads)
		return mzg__err(MZG_EINVAL, "simulate: pad %zu out of range", pad);
	p = &s->pads[pad];
	mzg__rng_seed(&r, s->opts.seed, MZG_SIM_STREAM_PAD(pad));
	if ((rc = set_meta(out, p, pad)) < 0 ||
	    (rc = analyte_species(&L, s, p)) < 0 ||
	    (rc = stray_species(&L, s, p, &r)) < 0)
		goto out;
	if (s->opts.centroid) {
		rc = render_centroid(out, s, p, &L, &r);
	} else {
		if ((rc = mzg_spectrum_reserve(out, s->opts.points)) < 0)
			goto out;
		render_profile(out, s, p, &L, &r);
	}
out:
	if (rc == MZG_ENOMEM)
		mzg__err(MZG_ENOMEM, "simulate: out of memory rendering pad %s",
		         p->well);
	free(L.v);
	return rc;
}
