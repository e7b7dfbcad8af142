/*
 * simulate.c -- the truth of a simulated chip run: layout, genotypes and
 * every pad's physical parameters.
 *
 * A chip holds one block of pads per multiplex (the same plate stamped
 * into each block, as a facility does when it runs several multiplexes on
 * one chip). Each block has samples, a few NTCs, a few samples twice
 * (duplicates) and positive controls, shuffled once. Allele frequencies,
 * assay efficiencies and allele biases are drawn per run, genotypes per
 * sample in Hardy-Weinberg proportions, and each pad gets a resolution, a
 * calibration error, a signal level, an extension rate, adduct fractions,
 * a baseline and possibly a failure. Everything comes from one random
 * stream in a fixed order, so the seed fixes the truth. The spectra are
 * rendered from these parameters in simulate_spectrum.c; the model is
 * described in docs/simulate.md.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "simulate_int.h"

void mzg_sim_opts_init(mzg_sim_opts *o)
{
	memset(o, 0, sizeof *o);
	o->wells = 96;
	o->seed = 1;
	o->ntc_per_96 = 3;
	o->dup_per_96 = 3;
	o->positives = 1;
	o->points = 20000;
	o->mz_min = 3500;
	o->mz_max = 9500;
	o->res_min = 400;
	o->res_max = 900;
	o->tail = 1.3;
	o->cal_shift_ppm = 400;
	o->cal_tilt_ppm = 150;
	o->cal_curv_ppm = 60;
	o->signal = 3000;
	o->pad_sd = 0.35;
	o->mass_exponent = 1.0;
	o->ext_min = 0.55;
	o->ext_max = 0.95;
	o->ext_sd = 0.05;
	o->eff_sd = 0.35;
	o->eff_pad_sd = 0.15;
	o->bias_sd = 0.3;
	o->bias_pad_sd = 0.08;
	o->maf_min = 0.1;
	o->maf_max = 0.5;
	o->na_max = 0.25;
	o->k_max = 0.12;
	o->doubly_max = 0.05;
	o->pause_max = 0.05;
	o->stray_mean = 3;
	o->stray_min = 0.03;
	o->stray_max = 0.3;
	o->baseline = 2000;
	o->baseline_decay = 900;
	o->baseline_offset = 120;
	o->noise = 6;
	o->chem_noise = 0.02;
	o->noise_corr = 0.3;
	o->shot_gain = 1.0;
	o->failed_rate = 0.02;
	o->dropout_rate = 0.005;
	o->contam_rate = 0.34;
	o->contam_min = 0.1;
	o->contam_max = 0.3;
	o->contam_snr = 10;
}

void mzg_sim_opts_ideal(mzg_sim_opts *o)
{
	o->res_max = o->res_min;
	o->cal_shift_ppm = o->cal_tilt_ppm = o->cal_curv_ppm = 0;
	o->pad_sd = 0;
	o->ext_max = o->ext_min;
	o->ext_sd = 0;
	o->eff_sd = o->eff_pad_sd = 0;
	o->bias_sd = o->bias_pad_sd = 0;
	o->na_max = o->k_max = o->doubly_max = o->pause_max = 0;
	o->stray_mean = 0;
	o->baseline = o->baseline_offset = 0;
	o->noise = o->chem_noise = o->shot_gain = 0;
	o->failed_rate = o->dropout_rate = o->contam_rate = 0;
}

/* The numeric options by name. */
static const struct {
	const char *name;
	size_t off;
} dbl_opts[] = {
#define D(f) { #f, offsetof(mzg_sim_opts, f) }
	D(ntc_per_96), D(dup_per_96), D(mz_min), D(mz_max), D(res_min),
	D(res_max), D(tail), D(cal_shift_ppm), D(cal_tilt_ppm), D(cal_curv_ppm),
	D(signal), D(pad_sd), D(mass_exponent), D(ext_min), D(ext_max),
	D(ext_sd), D(eff_sd), D(eff_pad_sd), D(bias_sd), D(bias_pad_sd),
	D(maf_min), D(maf_max), D(na_max), D(k_max), D(doubly_max),
	D(pause_max), D(stray_mean), D(stray_min), D(stray_max), D(baseline),
	D(baseline_decay), D(baseline_offset), D(noise), D(chem_noise),
	D(noise_corr), D(shot_gain), D(failed_rate), D(dropout_rate),
	D(contam_rate), D(contam_min), D(contam_max), D(contam_snr),
#undef D
};

static int set_integer(mzg_sim_opts *o, const char *key, const char *value)
{
	long v;
	char *end;
	unsigned long long u;

	if (!strcmp(key, "seed")) {
		if (!*value || *value == '-')
			return mzg__err(MZG_EINVAL, "simulate: seed: expected a "
			                "non-negative integer, got '%s'", value);
		u = strtoull(value, &end, 10);
		if (*end)
			return mzg__err(MZG_EINVAL, "simulate: seed: expected a "
			                "non-negative integer, got '%s'", value);
		o->seed = (uint64_t)u;
		return MZG_OK;
	}
	if (mzg__parse_long(value, &v) < 0 || v < 0 || v > INT32_MAX)
		return mzg__err(MZG_EINVAL, "simulate: %s: expected a non-negative "
		                "integer, got '%s'", key, value);
	if (!strcmp(key, "wells"))
		o->wells = (int)v;
	else if (!strcmp(key, "positives"))
		o->positives = (int)v;
	else if (!strcmp(key, "centroid"))
		o->centroid = v != 0;
	else
		o->points = (size_t)v;
	return MZG_OK;
}

int mzg_sim_opts_set(mzg_sim_opts *o, const char *key, const char *value)
{
	static const char *ints[] = { "seed", "wells", "positives", "centroid",
	                              "points" };
	size_t i;
	double v;

	for (i = 0; i < MZG_ARRAY_LEN(ints); i++)
		if (!strcmp(key, ints[i]))
			return set_integer(o, key, value);
	for (i = 0; i < MZG_ARRAY_LEN(dbl_opts); i++) {
		if (strcmp(key, dbl_opts[i].name))
			continue;
		if (mzg__parse_double(value, &v) < 0)
			return mzg__err(MZG_EINVAL, "simulate: %s: expected a number, "
			                "got '%s'", key, value);
		memcpy((char *)o + dbl_opts[i].off, &v, sizeof v);
		return MZG_OK;
	}
	return mzg__err(MZG_ENOTFOUND, "simulate: unknown parameter '%s' "
	                "(see docs/simulate.md)", key);
}

const char *mzg_sim_status_name(mzg_sim_status st)
{
	switch (st) {
	case MZG_SIM_OK: return "ok";
	case MZG_SIM_FAILED_PAD: return "failed_pad";
	case MZG_SIM_DROPOUT: return "assay_dropout";
	case MZG_SIM_NTC: return "ntc";
	case MZG_SIM_NTC_CONTAMINATED: return "ntc_contaminated";
	}
	return "?";
}

double mzg__sim_response(const mzg_sim_opts *o, double m)
{
	if (!(m > 0))
		return 0;
	return pow(m / MZG_SIM_REF_MASS, -o->mass_exponent);
}

double mzg__sim_baseline(const mzg_sim_opts *o, const mzg_sim_pad *p,
                         double mz)
{
	double b = o->baseline_offset;

	if (p->base_amp > 0 && o->baseline_decay > 0)
		b += p->base_amp * exp(-(mz - o->mz_min) / o->baseline_decay);
	return b;
}

double mzg__sim_noise_sd(const mzg_sim_opts *o, const mzg_sim_pad *p,
                         double mz)
{
	double b = mzg__sim_baseline(o, p, mz);
	double chem = o->chem_noise * b;

	return sqrt(o->noise * o->noise + chem * chem + o->shot_gain * b);
}

double mzg_sim_noise_sd(const mzg_sim *s, size_t pad, double mz)
{
	if (pad >= s->n_pads)
		return NAN;
	return mzg__sim_noise_sd(&s->opts, &s->pads[pad], mz);
}

/*
 * The calibration error is a quadratic in sqrt(m): sqrt(m_obs) = c0 + c1
 * sqrt(m) + c2 m, the form a linear TOF takes when its time-to-mass
 * constants are slightly off (t = t0 + A sqrt(m) + B m; algorithms.md 3.1).
 * It is set by the relative errors at three points of the window.
 */
void mzg__sim_cal_coef(double cal[3], const mzg_sim_opts *o, double e_lo,
                       double e_mid, double e_hi)
{
	double x0 = sqrt(o->mz_min), x2 = sqrt(o->mz_max);
	double x1 = 0.5 * (x0 + x2);
	double y0 = x0 * sqrt(1 + e_lo * 1e-6);
	double y1 = x1 * sqrt(1 + e_mid * 1e-6);
	double y2 = x2 * sqrt(1 + e_hi * 1e-6);
	/* Newton divided differences */
	double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1);
	double d012 = (d12 - d01) / (x2 - x0);

	cal[2] = d012;
	cal[1] = d01 - d012 * (x0 + x1);
	cal[0] = y0 - cal[1] * x0 - cal[2] * x0 * x0;
}

double mzg__sim_observe(const mzg_sim_pad *p, double mz)
{
	double x, y;

	if (!(mz > 0))
		return NAN;
	x = sqrt(mz);
	y = p->cal[0] + p->cal[1] * x + p->cal[2] * mz;
	return y * y;
}

double mzg_sim_observed_mz(const mzg_sim *s, size_t pad, double mz)
{
	if (pad >= s->n_pads)
		return NAN;
	return mzg__sim_observe(&s->pads[pad], mz);
}

static int finite_ge(double v, double lo)
{
	return isfinite(v) && v >= lo;
}

static int check_opts(const mzg_sim_opts *o)
{
	const char *bad = NULL;

	if (o->wells != 96 && o->wells != 384)
		bad = "wells must be 96 or 384";
	else if (o->points < 16 || o->points > ((size_t)1 << 24))
		bad = "points must be 16..16777216";
	else if (!finite_ge(o->mz_min, 1) || !(o->mz_max > o->mz_min) ||
	         !isfinite(o->mz_max))
		bad = "need 1 <= mz_min < mz_max";
	else if (!finite_ge(o->res_min, 10) || !finite_ge(o->res_max, o->res_min))
		bad = "need 10 <= res_min <= res_max";
	else if (!finite_ge(o->tail, 0.1) || o->tail > 10)
		bad = "tail must be 0.1..10";
	else if (!finite_ge(o->ext_min, 0) || !finite_ge(o->ext_max, o->ext_min) ||
	         o->ext_max > 1)
		bad = "need 0 <= ext_min <= ext_max <= 1";
	else if (!finite_ge(o->maf_min, 0) || !finite_ge(o->maf_max, o->maf_min) ||
	         o->maf_max > 0.5)
		bad = "need 0 <= maf_min <= maf_max <= 0.5";
	else if (!finite_ge(o->contam_min, 0) ||
	         !finite_ge(o->contam_max, o->contam_min) || o->contam_max > 1)
		bad = "need 0 <= contam_min <= contam_max <= 1";
	else if (!finite_ge(o->stray_min, 0) || !finite_ge(o->stray_max, o->stray_min))
		bad = "need 0 <= stray_min <= stray_max";
	else if (!finite_ge(o->failed_rate, 0) || o->failed_rate > 1 ||
	         !finite_ge(o->dropout_rate, 0) || o->dropout_rate > 1 ||
	         !finite_ge(o->contam_rate, 0) || o->contam_rate > 1)
		bad = "rates must be 0..1";
	else if (o->positives < 0 || !finite_ge(o->ntc_per_96, 0) ||
	         !finite_ge(o->dup_per_96, 0))
		bad = "control counts must be >= 0";
	if (bad)
		return mzg__err(MZG_EINVAL, "simulate: %s", bad);
	return MZG_OK;
}

/* The remaining amplitudes, widths and rates only need to be finite and
 * non-negative. */
static int check_opts_nonneg(const mzg_sim_opts *o)
{
	const double v[] = {
		o->cal_shift_ppm, o->cal_tilt_ppm, o->cal_curv_ppm, o->signal,
		o->pad_sd, o->mass_exponent, o->ext_sd, o->eff_sd, o->eff_pad_sd,
		o->bias_sd, o->bias_pad_sd, o->na_max, o->k_max, o->doubly_max,
		o->pause_max, o->stray_mean, o->baseline, o->baseline_decay,
		o->baseline_offset, o->noise, o->chem_noise, o->noise_corr,
		o->shot_gain, o->contam_snr,
	};
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(v); i++)
		if (!finite_ge(v[i], 0))
			return mzg__err(MZG_EINVAL,
			                "simulate: model parameter %zu is negative or not finite",
			                i);
	if (o->cal_shift_ppm + o->cal_tilt_ppm + o->cal_curv_ppm > 1e5 ||
	    o->stray_mean > 1000)
		return mzg__err(MZG_EINVAL,
		                "simulate: calibration error or stray peak count too large");
	return MZG_OK;
}

/* Per-assay run parameters: allele frequencies, efficiency and bias. */
static void draw_assay(mzg_sim_assay *sa, const mzg_assay *a,
                       const mzg_sim_opts *o, mzg_rng *r)
{
	int n = a->n_alleles < 1 ? 1 : a->n_alleles;
	int major = (int)mzg__rng_below(r, (size_t)n);
	double maf = mzg__rng_range(r, o->maf_min, o->maf_max);
	double w[MZG_MAX_ALLELES] = { 0 }, wsum = 0;
	int j;

	if (n > MZG_MAX_ALLELES)
		n = MZG_MAX_ALLELES;
	for (j = 0; j < n; j++)
		if (j != major)
			wsum += (w[j] = mzg__rng_range(r, 0.2, 1.0));
	for (j = 0; j < MZG_MAX_ALLELES; j++)
		sa->freq[j] = j >= n ? 0 : j == major ? (n > 1 ? 1 - maf : 1)
		                                      : maf * w[j] / wsum;
	sa->eff = exp(o->eff_sd * mzg__rng_normal(r));
	sa->bias[0] = 1;
	for (j = 1; j < MZG_MAX_ALLELES; j++)
		sa->bias[j] = exp(o->bias_sd * mzg__rng_normal(r));
}

/* One allele drawn from the frequencies. */
static unsigned char draw_allele(const double *freq, mzg_rng *r)
{
	double u = mzg__rng_unif(r), c = 0;
	int j;

	for (j = 0; j < MZG_MAX_ALLELES - 1; j++) {
		c += freq[j];
		if (u < c)
			return (unsigned char)j;
	}
	while (j > 0 && freq[j] <= 0)
		j--;
	return (unsigned char)j;
}

static int draw_genotypes(mzg_sim *s, mzg_rng *r)
{
	size_t t, a;

	s->gt = mzg__malloc_array(s->n_samples * s->n_assays, 2);
	if (!s->gt)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (t = 0; t < s->n_samples; t++) {
		for (a = 0; a < s->n_assays; a++) {
			unsigned char *g = s->gt + (t * s->n_assays + a) * 2;
			unsigned char x = draw_allele(s->assays[a].freq, r);
			unsigned char y = draw_allele(s->assays[a].freq, r);
			size_t f = s->assays[a].first;

			g[0] = x < y ? x : y;
			g[1] = x < y ? y : x;
			if (f != a) { /* the same SNP in another multiplex */
				g[0] = s->gt[(t * s->n_assays + f) * 2];
				g[1] = s->gt[(t * s->n_assays + f) * 2 + 1];
			}
		}
	}
	return MZG_OK;
}

static const mzg_assay *assay_at(const mzg_sim *s, size_t k)
{
	return &s->design->plex[s->assays[k].plex].assays[s->assays[k].index];
}

/* The first assay (by index) with the ID and alleles of assay @p k. */
static size_t first_with_id(const mzg_sim *s, size_t k)
{
	const mzg_assay *a = assay_at(s, k);
	size_t i;

	for (i = 0; i < k && a->id; i++) {
		const mzg_assay *b = assay_at(s, i);

		if (b->id && !strcmp(a->id, b->id) && b->n_alleles == a->n_alleles &&
		    !memcmp(a->allele, b->allele, sizeof a->allele))
			return i;
	}
	return k;
}

static int assay_usable(const mzg_assay *a)
{
	int j;

	if (a->n_alleles < 2 || a->n_alleles > MZG_MAX_ALLELES ||
	    !isfinite(a->uep_mass) || !(a->uep_mass > 0) ||
	    !(a->pause_mass >= 0) || !isfinite(a->pause_mass))
		return 0;
	for (j = 0; j < a->n_alleles; j++)
		if (!a->allele[j] || !isfinite(a->ext_mass[j]) || !(a->ext_mass[j] > 0))
			return 0;
	return 1;
}

static int setup_assays(mzg_sim *s, mzg_rng *r)
{
	const mzg_design *d = s->design;
	size_t p, a, k = 0;

	s->n_assays = 0;
	for (p = 0; p < d->n_plex; p++) {
		if (!d->plex[p].n_assays || !d->plex[p].assays)
			return mzg__err(MZG_EINVAL, "simulate: multiplex %s has no assays",
			                d->plex[p].name ? d->plex[p].name : "?");
		for (a = 0; a < d->plex[p].n_assays; a++)
			if (!assay_usable(&d->plex[p].assays[a]))
				return mzg__err(MZG_EINVAL, "simulate: multiplex %s, assay %s: "
				                "need 2 to 4 alleles with letters and positive "
				                "finite masses",
				                d->plex[p].name ? d->plex[p].name : "?",
				                d->plex[p].assays[a].id ? d->plex[p].assays[a].id : "?");
		s->n_assays += d->plex[p].n_assays;
	}
	s->assays = mzg__calloc_array(s->n_assays, sizeof *s->assays);
	s->plex_first = mzg__calloc_array(d->n_plex, sizeof *s->plex_first);
	if (!s->assays || !s->plex_first)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (p = 0; p < d->n_plex; p++) {
		s->plex_first[p] = k;
		for (a = 0; a < d->plex[p].n_assays; a++, k++) {
			s->assays[k].plex = p;
			s->assays[k].index = a;
			draw_assay(&s->assays[k], &d->plex[p].assays[a], &s->opts, r);
			s->assays[k].first = first_with_id(s, k);
			if (s->assays[k].first != k)
				memcpy(s->assays[k].freq, s->assays[s->assays[k].first].freq,
				       sizeof s->assays[k].freq);
		}
	}
	return MZG_OK;
}

int mzg_sim_new(mzg_sim **out, const mzg_design *d, const mzg_sim_opts *o)
{
	mzg_sim *s = NULL;
	mzg_rng r;
	int rc;

	*out = NULL;
	if (!d || !d->n_plex || !d->plex)
		return mzg__err(MZG_EINVAL, "simulate: the design has no multiplex");
	s = calloc(1, sizeof *s);
	if (!s)
		return mzg__err(MZG_ENOMEM, "out of memory");
	s->design = d;
	if (o)
		s->opts = *o;
	else
		mzg_sim_opts_init(&s->opts);
	if ((rc = check_opts(&s->opts)) < 0 || (rc = check_opts_nonneg(&s->opts)) < 0)
		goto out;
	mzg__rng_seed(&r, s->opts.seed, MZG_SIM_STREAM_LAYOUT);
	if ((rc = setup_assays(s, &r)) < 0 || (rc = mzg__sim_layout(s, &r)) < 0 ||
	    (rc = draw_genotypes(s, &r)) < 0 || (rc = mzg__sim_pads(s, &r)) < 0)
		goto out;
	*out = s;
	s = NULL;
out:
	mzg_sim_free(s);
	return rc;
}

void mzg_sim_free(mzg_sim *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_pads; i++) {
		free(s->pads[i].sample);
		free(s->pads[i].truth);
	}
	free(s->pads);
	for (i = 0; i < s->n_samples; i++)
		free(s->sample_ids[i]);
	free(s->sample_ids);
	free(s->assays);
	free(s->plex_first);
	free(s->gt);
	free(s);
}
