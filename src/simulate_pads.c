/*
 * simulate_pads.c -- who is on each pad of a simulated chip, and how each
 * pad and each assay on it behaves.
 *
 * The layout is one block of pads per multiplex; every block holds the
 * same shuffled plate (samples, duplicate samples, NTCs, positive
 * controls). Pad parameters and truth are drawn pad by pad, always the same
 * number of draws per pad and assay whatever the options, so turning one
 * effect off leaves every other draw (genotypes, calibration, ...) as it
 * was. See docs/simulate.md for the model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "simulate_int.h"

#define NO_SAMPLE ((size_t)-1)

enum slot_kind { SLOT_SAMPLE, SLOT_POSITIVE, SLOT_NTC };

typedef struct slot {
	enum slot_kind kind;
	size_t tmpl;          /* template (sample) index, NO_SAMPLE for an NTC */
} slot;

typedef struct block_plan {
	size_t per;           /* pads per block */
	size_t n_samp, n_dup, n_pos, n_ntc;
} block_plan;

static size_t count_per(double per_96, size_t per)
{
	double v = per_96 * (double)per / 96.0;

	if (!(per_96 > 0))
		return 0;
	return v < 1 ? 1 : (size_t)lround(v);
}

static int plan_block(block_plan *bp, const mzg_sim *s)
{
	const mzg_sim_opts *o = &s->opts;
	size_t n_plex = s->design->n_plex;

	bp->per = (size_t)o->wells / n_plex;
	if (bp->per < 4)
		return mzg__err(MZG_EINVAL,
		                "simulate: %zu multiplexes do not fit a %d-pad chip "
		                "(at most %d)", n_plex, o->wells, o->wells / 4);
	bp->n_ntc = count_per(o->ntc_per_96, bp->per);
	bp->n_dup = count_per(o->dup_per_96, bp->per);
	bp->n_pos = (size_t)o->positives;
	if (bp->n_ntc + bp->n_dup + bp->n_pos + 1 > bp->per ||
	    bp->n_dup > bp->per - bp->n_ntc - bp->n_dup - bp->n_pos)
		return mzg__err(MZG_EINVAL,
		                "simulate: %zu NTCs, %zu duplicates and %zu positives "
		                "leave too few samples in a block of %zu pads",
		                bp->n_ntc, bp->n_dup, bp->n_pos, bp->per);
	bp->n_samp = bp->per - bp->n_ntc - bp->n_dup - bp->n_pos;
	return MZG_OK;
}

static void shuffle_slots(slot *v, size_t n, mzg_rng *r)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = mzg__rng_below(r, i);
		slot t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Fill the slots of one block: samples, duplicates of distinct samples,
 * positives, NTCs; then shuffle. */
static int fill_slots(slot *v, const block_plan *bp, mzg_rng *r)
{
	size_t *pick = mzg__malloc_array(bp->n_samp, sizeof *pick);
	size_t i, k = 0;

	if (!pick)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < bp->n_samp; i++) {
		pick[i] = i;
		v[k].kind = SLOT_SAMPLE;
		v[k++].tmpl = i;
	}
	for (i = 0; i < bp->n_dup; i++) { /* partial Fisher-Yates: distinct */
		size_t j = i + mzg__rng_below(r, bp->n_samp - i);
		size_t t = pick[i];

		pick[i] = pick[j];
		pick[j] = t;
		v[k].kind = SLOT_SAMPLE;
		v[k++].tmpl = pick[i];
	}
	for (i = 0; i < bp->n_pos; i++) {
		v[k].kind = SLOT_POSITIVE;
		v[k++].tmpl = bp->n_samp + i;
	}
	for (i = 0; i < bp->n_ntc; i++) {
		v[k].kind = SLOT_NTC;
		v[k++].tmpl = NO_SAMPLE;
	}
	free(pick);
	shuffle_slots(v, bp->per, r);
	return MZG_OK;
}

/* Renumber templates by first appearance, so S001 is the first sample on
 * the chip, and name them. */
static int name_templates(mzg_sim *s, slot *v, const block_plan *bp)
{
	size_t n = bp->n_samp + bp->n_pos, i, next_s = 0, next_p = bp->n_samp;
	size_t *map = mzg__malloc_array(n, sizeof *map);
	int width = bp->n_samp > 999 ? 4 : 3;

	s->sample_ids = mzg__calloc_array(n, sizeof *s->sample_ids);
	if (!map || !s->sample_ids) {
		free(map);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	s->n_samples = n;
	for (i = 0; i < n; i++)
		map[i] = NO_SAMPLE;
	for (i = 0; i < bp->per; i++) {
		size_t t = v[i].tmpl;

		if (t == NO_SAMPLE)
			continue;
		if (map[t] == NO_SAMPLE)
			map[t] = v[i].kind == SLOT_POSITIVE ? next_p++ : next_s++;
		v[i].tmpl = map[t];
	}
	free(map);
	for (i = 0; i < n; i++) {
		s->sample_ids[i] = i < bp->n_samp
		                   ? mzg__asprintf("S%0*zu", width, i + 1)
		                   : mzg__asprintf("POS%zu", i - bp->n_samp + 1);
		if (!s->sample_ids[i])
			return mzg__err(MZG_ENOMEM, "out of memory");
	}
	return MZG_OK;
}

static int make_pads(mzg_sim *s, const slot *v, const block_plan *bp)
{
	int cols = s->opts.wells == 384 ? 24 : 12;
	size_t i;

	s->n_pads = bp->per * s->design->n_plex;
	s->pads = mzg__calloc_array(s->n_pads, sizeof *s->pads);
	if (!s->pads)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < s->n_pads; i++) {
		mzg_sim_pad *p = &s->pads[i];
		const slot *sl = &v[i % bp->per];
		size_t ntc_no = 0, j;

		snprintf(p->well, sizeof p->well, "%c%02d",
		         'A' + (int)(i / (size_t)cols), (int)(i % (size_t)cols) + 1);
		p->plex = i / bp->per;
		p->sample_index = sl->tmpl;
		p->role = sl->kind == SLOT_NTC ? MZG_ROLE_NTC :
		          sl->kind == SLOT_POSITIVE ? MZG_ROLE_POSITIVE :
		          MZG_ROLE_SAMPLE;
		if (sl->kind == SLOT_NTC) {
			for (j = 0; j <= i % bp->per; j++)
				ntc_no += v[j].kind == SLOT_NTC;
			p->sample = mzg__asprintf("NTC%zu", ntc_no);
		} else {
			p->sample = mzg__strdup(s->sample_ids[sl->tmpl]);
		}
		if (!p->sample)
			return mzg__err(MZG_ENOMEM, "out of memory");
	}
	return MZG_OK;
}

int mzg__sim_layout(mzg_sim *s, mzg_rng *r)
{
	block_plan bp = { 0 };
	slot *v = NULL;
	int rc;

	if ((rc = plan_block(&bp, s)) < 0)
		return rc;
	v = mzg__calloc_array(bp.per, sizeof *v);
	if (!v)
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = fill_slots(v, &bp, r)) < 0 ||
	    (rc = name_templates(s, v, &bp)) < 0 ||
	    (rc = make_pads(s, v, &bp)) < 0)
		goto out;
out:
	free(v);
	return rc;
}

/* ---- pad parameters ---- */

/* Draw the pad-level parameters. Always the same draws, in this order. */
static void draw_pad(const mzg_sim *s, mzg_sim_pad *p, size_t *contaminant,
                     mzg_rng *r)
{
	const mzg_sim_opts *o = &s->opts;
	double u_fail = mzg__rng_unif(r), u_mode = mzg__rng_unif(r);
	double sh = mzg__rng_range(r, -o->cal_shift_ppm, o->cal_shift_ppm);
	double ti = mzg__rng_range(r, -o->cal_tilt_ppm, o->cal_tilt_ppm);
	double cu = mzg__rng_range(r, -o->cal_curv_ppm, o->cal_curv_ppm);
	double weak = mzg__rng_range(r, 0.005, 0.02);
	double u_contam = mzg__rng_unif(r);
	double contam = mzg__rng_range(r, o->contam_min, o->contam_max);
	size_t who = mzg__rng_below(r, s->n_samples);

	p->failed = MZG_SIM_PAD_OK;
	if (p->role != MZG_ROLE_NTC && u_fail < o->failed_rate)
		p->failed = u_mode < 0.5 ? MZG_SIM_PAD_EMPTY : MZG_SIM_PAD_WEAK;
	p->resolution = mzg__rng_range(r, o->res_min, o->res_max);
	mzg__sim_cal_coef(p->cal, o, sh - ti / 2 + cu, sh, sh + ti / 2 + cu);
	p->cal_ppm = (mzg__sim_observe(p, 6000.0) / 6000.0 - 1) * 1e6;
	p->scale = exp(o->pad_sd * mzg__rng_normal(r));
	if (p->failed == MZG_SIM_PAD_WEAK)
		p->scale = weak; /* near the noise, whatever the pad factor */
	p->ext = mzg__rng_range(r, o->ext_min, o->ext_max);
	p->na = mzg__rng_range(r, 0, o->na_max);
	p->k = mzg__rng_range(r, 0, o->k_max);
	p->doubly = mzg__rng_range(r, 0, o->doubly_max);
	p->pause = mzg__rng_range(r, 0, o->pause_max);
	p->base_amp = o->baseline * mzg__rng_range(r, 0.6, 1.4);
	if (p->failed == MZG_SIM_PAD_EMPTY)
		p->base_amp *= 0.3;
	p->contam = 0;
	*contaminant = NO_SAMPLE;
	if (p->role == MZG_ROLE_NTC && u_contam < o->contam_rate && contam > 0) {
		p->contam = contam;
		*contaminant = who;
	}
}

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Relative yields of the template's two alleles (bias, with pad jitter on
 * the ratio); a homozygote puts everything on its allele. */
static void allele_weights(double w[MZG_MAX_ALLELES], const mzg_sim_assay *sa,
                           const int gt[2], double jitter)
{
	double bi, bj;

	memset(w, 0, MZG_MAX_ALLELES * sizeof *w);
	if (gt[0] < 0)
		return;
	if (gt[0] == gt[1]) {
		w[gt[0]] = 1;
		return;
	}
	bi = sa->bias[gt[0]];
	bj = sa->bias[gt[1]] * jitter;
	w[gt[0]] = bi / (bi + bj);
	w[gt[1]] = bj / (bi + bj);
}

static void genotype_text(char out[3], const mzg_assay *a, const int gt[2])
{
	out[0] = a->allele[gt[0]];
	out[1] = a->allele[gt[1]];
	out[2] = '\0';
}

/* Truth of one assay on one pad: which template, which status, and the
 * model heights of the UEP and allele peaks. */
static void assay_truth(const mzg_sim *s, const mzg_sim_pad *p, size_t ai,
                        size_t contaminant, mzg_sim_truth *t, mzg_rng *r)
{
	const mzg_sim_opts *o = &s->opts;
	const mzg_sim_assay *sa = &s->assays[s->plex_first[p->plex] + ai];
	const mzg_assay *a = &s->design->plex[p->plex].assays[ai];
	double u_drop = mzg__rng_unif(r);
	double jit = exp(o->eff_pad_sd * mzg__rng_normal(r));
	double rj = exp(o->bias_pad_sd * mzg__rng_normal(r));
	double e = clamp01(p->ext + o->ext_sd * mzg__rng_normal(r));
	double total = o->signal * p->scale * sa->eff * jit, w[MZG_MAX_ALLELES];
	size_t tmpl = p->role == MZG_ROLE_NTC ? contaminant : p->sample_index;
	size_t gi = s->plex_first[p->plex] + ai;
	int j;

	memset(t, 0, sizeof *t);
	t->gt[0] = t->gt[1] = -1;
	strcpy(t->genotype, ".");
	if (tmpl != NO_SAMPLE) {
		t->gt[0] = s->gt[(tmpl * s->n_assays + gi) * 2];
		t->gt[1] = s->gt[(tmpl * s->n_assays + gi) * 2 + 1];
	}
	if (p->role == MZG_ROLE_NTC) {
		t->status = MZG_SIM_NTC;
		e *= p->contam;
	} else if (p->failed) {
		t->status = MZG_SIM_FAILED_PAD;
	} else if (u_drop < o->dropout_rate) {
		t->status = MZG_SIM_DROPOUT;
		e = 0;
	} else {
		t->status = MZG_SIM_OK;
		genotype_text(t->genotype, a, t->gt);
	}
	if (p->failed == MZG_SIM_PAD_EMPTY)
		total = 0;
	if (t->gt[0] < 0)
		e = 0;
	allele_weights(w, sa, t->gt, rj);
	t->ext = e;
	t->uep = total * (1 - e) * mzg__sim_response(o, a->uep_mass);
	for (j = 0; j < a->n_alleles && j < MZG_MAX_ALLELES; j++) {
		t->allele[j] = total * e * w[j] * mzg__sim_response(o, a->ext_mass[j]);
		if (t->status == MZG_SIM_NTC && t->allele[j] > 0 &&
		    t->allele[j] >= o->contam_snr *
		                    mzg__sim_noise_sd(o, p, a->ext_mass[j]))
			t->status = MZG_SIM_NTC_CONTAMINATED;
	}
}

int mzg__sim_pads(mzg_sim *s, mzg_rng *r)
{
	size_t i, a;

	for (i = 0; i < s->n_pads; i++) {
		mzg_sim_pad *p = &s->pads[i];
		const mzg_plex *px = &s->design->plex[p->plex];
		size_t contaminant;

		draw_pad(s, p, &contaminant, r);
		p->n_truth = px->n_assays;
		p->truth = mzg__calloc_array(px->n_assays, sizeof *p->truth);
		if (!p->truth)
			return mzg__err(MZG_ENOMEM, "out of memory");
		for (a = 0; a < px->n_assays; a++)
			assay_truth(s, p, a, contaminant, &p->truth[a], r);
	}
	return MZG_OK;
}
