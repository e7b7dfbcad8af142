/*
 * call.c -- the call record, calling options, genotype text and flags.
 *
 * The plain-data side of calling: defaults and named setters of every
 * threshold (one table serves --param, validation and provenance dumps),
 * the call record's life cycle, genotype text in the design's orientation
 * ("AG", "."), and the calls.tsv flags text. The model itself is in
 * call_assay.c (features, quality letters) and cluster.c (mixture).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/call.h"

enum opt_type { OPT_DOUBLE, OPT_SIZE, OPT_INT };

/* One named option: where it lives in mzg_call_opts and its valid range. */
typedef struct opt_def {
	const char *name;
	size_t off;
	enum opt_type type;
	double lo, hi;
} opt_def;

#define D_(f, lo, hi) { #f, offsetof(mzg_call_opts, f), OPT_DOUBLE, lo, hi }
#define S_(f, lo, hi) { #f, offsetof(mzg_call_opts, f), OPT_SIZE, lo, hi }
#define I_(f, lo, hi) { #f, offsetof(mzg_call_opts, f), OPT_INT, lo, hi }

static const opt_def opt_table[] = {
	D_(snr_min, 0, 1e9),      D_(ext_min, 0, 1),
	D_(pad_snr_min, 0, 1e9),
	D_(snr_a, 0, 1e9),        D_(p_a, 0, 1),
	D_(p_b, 0, 1),            D_(p_c, 0, 1),
	D_(max_ppm, 0, 1e6),      D_(noise_cap, 0, 1e6),
	D_(centroid_noise, 1e-6, 1),
	D_(extra_frac, 0, 1e3),
	D_(extra_nocall, 0, 1e3), S_(min_cluster, 1, 1e6),
	S_(recall_min, 0, 1e6),   D_(hom_mean, 0, 0.5),
	D_(hom_max, 0, 0.5),      D_(het_mean, 0, 1),
	D_(het_sd_prior, 1e-6, 10), D_(het_lo, 0, 1),
	D_(het_hi, 0, 1),         D_(sd_prior, 1e-6, 1),
	D_(sd_min, 1e-9, 1),      D_(prior_pads, 0, 1e6),
	D_(null_weight, 1e-12, 0.5), D_(df, 0, 1e6),
	I_(em_iter, 1, 100000),
	D_(hom_ratio, 0, 1),      D_(het_ratio, 0, 1),
	D_(hwe_cap_p, 0, 1),
	D_(hom_sd_max, 1e-9, 1),  D_(outlier_z, 0, 1e6),
};

void mzg_call_opts_init(mzg_call_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->snr_min = 5.0;
	o->ext_min = 0.05;
	o->pad_snr_min = 10.0;
	o->snr_a = 10.0;
	o->p_a = 0.99;
	o->p_b = 0.95;
	o->p_c = 0.90;
	o->max_ppm = 1000.0;
	o->noise_cap = 3.0;
	o->centroid_noise = 0.2;
	o->extra_frac = 0.2;
	o->extra_nocall = 0.5;
	o->min_cluster = 12;
	o->recall_min = 10;
	o->hom_mean = 0.02;
	o->hom_max = 0.30;
	o->het_mean = 0.5;
	o->het_sd_prior = 0.15;
	o->het_lo = 0.15;
	o->het_hi = 0.85;
	o->sd_prior = 0.05;
	o->sd_min = 0.01;
	o->prior_pads = 3.0;
	o->null_weight = 0.01;
	o->df = 6.0;
	o->em_iter = 200;
	o->hom_ratio = 0.10;
	o->het_ratio = 0.25;
	o->hwe_cap_p = 1e-3;
	o->hom_sd_max = 0.05;
	o->outlier_z = 4.5;
}

/* Read option @p d of @p o as a double. */
static double opt_get(const mzg_call_opts *o, const opt_def *d)
{
	const char *p = (const char *)o + d->off;

	switch (d->type) {
	case OPT_SIZE:
		return (double)*(const size_t *)(const void *)p;
	case OPT_INT:
		return (double)*(const int *)(const void *)p;
	default:
		return *(const double *)(const void *)p;
	}
}

int mzg_call_opts_set(mzg_call_opts *o, const char *key, const char *value)
{
	const opt_def *d = NULL;
	char *p;
	double v;
	long l;
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(opt_table); i++)
		if (!strcmp(opt_table[i].name, key))
			d = &opt_table[i];
	if (!d)
		return mzg__err(MZG_ENOTFOUND, "unknown calling option '%s'",
		                key);
	p = (char *)o + d->off;
	if (d->type == OPT_DOUBLE) {
		if (mzg__parse_double(value, &v) < 0 || v < d->lo || v > d->hi)
			return mzg__err(MZG_EINVAL, "call.%s: expected a number "
			                "in [%g, %g], got '%s'", key, d->lo,
			                d->hi, value);
		*(double *)(void *)p = v;
		return MZG_OK;
	}
	if (mzg__parse_long(value, &l) < 0 || (double)l < d->lo ||
	    (double)l > d->hi)
		return mzg__err(MZG_EINVAL, "call.%s: expected an integer in "
		                "[%g, %g], got '%s'", key, d->lo, d->hi, value);
	if (d->type == OPT_SIZE)
		*(size_t *)(void *)p = (size_t)l;
	else
		*(int *)(void *)p = (int)l;
	return MZG_OK;
}

int mzg_call_opts_check(const mzg_call_opts *o)
{
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(opt_table); i++) {
		double v = opt_get(o, &opt_table[i]);

		if (!(v >= opt_table[i].lo && v <= opt_table[i].hi))
			return mzg__err(MZG_EINVAL, "call.%s = %g is outside "
			                "[%g, %g]", opt_table[i].name, v,
			                opt_table[i].lo, opt_table[i].hi);
	}
	if (!(o->p_c <= o->p_b && o->p_b <= o->p_a && o->p_c > 0.5))
		return mzg__err(MZG_EINVAL, "call: need 0.5 < p_c <= p_b <= p_a");
	if (!(o->het_lo < o->het_hi && o->het_mean >= o->het_lo &&
	      o->het_mean <= o->het_hi))
		return mzg__err(MZG_EINVAL, "call: need het_lo <= het_mean <= "
		                "het_hi");
	if (o->hom_ratio > o->het_ratio)
		return mzg__err(MZG_EINVAL, "call: need hom_ratio <= het_ratio");
	if (o->extra_frac > o->extra_nocall)
		return mzg__err(MZG_EINVAL, "call: need extra_frac <= "
		                "extra_nocall");
	if (o->sd_min > o->sd_prior)
		return mzg__err(MZG_EINVAL, "call: need sd_min <= sd_prior");
	if (o->sd_min > o->hom_sd_max)
		return mzg__err(MZG_EINVAL, "call: need sd_min <= hom_sd_max");
	return MZG_OK;
}

size_t mzg_call_opts_dump(const char **keys, char (*values)[32], size_t max,
                          const mzg_call_opts *o)
{
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(opt_table) && i < max; i++) {
		keys[i] = opt_table[i].name;
		snprintf(values[i], 32, "%.17g", opt_get(o, &opt_table[i]));
	}
	return MZG_ARRAY_LEN(opt_table);
}

void mzg_call_init(mzg_call *c)
{
	memset(c, 0, sizeof(*c));
	c->allele1 = -1;
	c->allele2 = -1;
	c->theta = NAN;
	c->genotype = MZG_GT_NOCALL;
	c->best_guess = MZG_GT_NOCALL;
	c->quality = MZG_Q_N;
}

void mzg_call_clear(mzg_call *c)
{
	if (!c)
		return;
	free(c->note);
	mzg_call_init(c);
}

int mzg_call_set_note(mzg_call *c, const char *text)
{
	char *s = NULL;

	if (text && !(s = mzg__strdup(text)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	free(c->note);
	c->note = s;
	return MZG_OK;
}

const char *mzg_genotype_text(char out[3], const mzg_assay *a, int allele1,
                              int allele2, int gt)
{
	int ok = a && allele1 >= 0 && allele2 >= 0 &&
	         allele1 < a->n_alleles && allele2 < a->n_alleles &&
	         allele1 < MZG_MAX_ALLELES && allele2 < MZG_MAX_ALLELES;

	if (!ok || gt < MZG_GT_HOM1 || gt > MZG_GT_HOM2) {
		out[0] = '.';
		out[1] = '\0';
		return out;
	}
	out[0] = a->allele[gt == MZG_GT_HOM2 ? allele2 : allele1];
	out[1] = a->allele[gt == MZG_GT_HOM1 ? allele1 : allele2];
	out[2] = '\0';
	return out;
}

int mzg_genotype_parse(const char *text, const mzg_assay *a, int allele1,
                       int allele2)
{
	char b[2];
	size_t n = 0, i;
	int is1[2], is2[2];

	if (!text || !a || allele1 < 0 || allele2 < 0 ||
	    allele1 >= a->n_alleles || allele2 >= a->n_alleles)
		return MZG_EINVAL;
	for (i = 0; text[i]; i++) {
		char ch = text[i];

		if (ch == '/' || ch == '|' || ch == ' ')
			continue;
		if (ch == '.' && n == 0 && !text[i + 1])
			return MZG_GT_NOCALL;
		if (n == 2)
			return MZG_EINVAL;
		b[n++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
	}
	if (n == 0)
		return MZG_GT_NOCALL;
	if (n == 1) /* "A": a homozygote written once */
		b[1] = b[0];
	for (i = 0; i < 2; i++) {
		is1[i] = b[i] == a->allele[allele1];
		is2[i] = b[i] == a->allele[allele2];
		if (!is1[i] && !is2[i])
			return MZG_EINVAL;
	}
	if (is1[0] && is1[1])
		return MZG_GT_HOM1;
	if (is2[0] && is2[1])
		return MZG_GT_HOM2;
	return MZG_GT_HET;
}

static const char *const flag_names[MZG_CF_COUNT] = {
	"low_signal", "low_extension", "low_probability", "outlier",
	"rare_cluster", "per_pad_rule", "extra_allele", "collision",
	"saturated", "no_uep", "mass_error", "not_called", "pad_failed",
	"override", "signal", "het_imbalance", "hwe_deficit",
};

const char *mzg_call_flag_name(unsigned flag)
{
	unsigned i;

	for (i = 0; i < MZG_CF_COUNT; i++)
		if (flag == 1u << i)
			return flag_names[i];
	return NULL;
}

const char *mzg_quality_name(mzg_quality q)
{
	switch (q) {
	case MZG_Q_A: return "A.Conservative";
	case MZG_Q_B: return "B.Moderate";
	case MZG_Q_C: return "C.Aggressive";
	case MZG_Q_D: return "D.Low Probability";
	case MZG_Q_E: return "E.User Call";
	case MZG_Q_N: return "N.No-Alleles";
	case MZG_Q_I: return "I.Bad Spectrum";
	}
	return "?";
}

/* Append @p s to buf[*len..] like snprintf; *len counts the full length. */
static void put(char *buf, size_t size, size_t *len, const char *s)
{
	for (; *s; s++, (*len)++)
		if (*len + 1 < size)
			buf[*len] = *s;
}

/* Append a note with tabs and newlines made spaces (it is always the
 * last item, so a reader takes everything after "note=" as the note). */
static void put_note(char *buf, size_t size, size_t *len, const char *s)
{
	char ch[2] = { 0, 0 };

	for (; *s; s++) {
		ch[0] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
		put(buf, size, len, ch);
	}
}

size_t mzg_call_flags_format(char *buf, size_t size, const mzg_call *c,
                             const mzg_assay *a)
{
	size_t len = 0;
	unsigned i;
	char gt[3];

	for (i = 0; i < MZG_CF_COUNT; i++)
		if (c->flags & (1u << i)) {
			if (len)
				put(buf, size, &len, ",");
			put(buf, size, &len, flag_names[i]);
		}
	if (c->quality == MZG_Q_D && c->best_guess != MZG_GT_NOCALL) {
		if (len)
			put(buf, size, &len, ",");
		put(buf, size, &len, "best_guess=");
		put(buf, size, &len, mzg_genotype_text(gt, a, c->allele1,
		                                       c->allele2,
		                                       c->best_guess));
	}
	if (c->note && *c->note) {
		if (len)
			put(buf, size, &len, ",");
		put(buf, size, &len, "note=");
		put_note(buf, size, &len, c->note);
	}
	if (!len)
		put(buf, size, &len, ".");
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}
