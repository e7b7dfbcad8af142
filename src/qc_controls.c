/*
 * qc_controls.c -- duplicate sets, no-template controls and positive
 * controls of a chip.
 *
 * These are the checks a chip carries on itself: the same DNA on two pads
 * must give the same genotypes, a pad without template must show no
 * extension product, and a known control must come out as known. A
 * contaminated NTC or a wrong positive control means calls on the same
 * chip cannot be trusted, so both fail the chip; a discordant duplicate
 * warns (it may be one pad's problem). The NTC threshold applies to the
 * SNR as calls.tsv reports it, so a report re-read from disk gives the
 * same verdict.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "qc_priv.h"
#include "report_priv.h"

/* At most this many assays are named in one reason's message. */
#define NAMED_MAX 6

static const mzg_assay *design_assay(const qc_ctx *x, const mzg_qc_assay *a)
{
	return &x->run->design->plex[a->plex].assays[a->assay];
}

/* Calls of @p p usable with the design (0 when its multiplex is unknown). */
static size_t pad_calls(const qc_ctx *x, const mzg_pad *p)
{
	const mzg_design *d = x->run->design;

	if (p->plex < 0 || (size_t)p->plex >= d->n_plex)
		return 0;
	return p->n_calls < d->plex[p->plex].n_assays ? p->n_calls :
	       d->plex[p->plex].n_assays;
}

/* The call of pad @p p for qc assay @p a, or NULL. */
static const mzg_call *pad_call(const mzg_pad *p, const mzg_qc_assay *a)
{
	if (p->plex != a->plex || a->assay < 0 || (size_t)a->assay >= p->n_calls)
		return NULL;
	return &p->calls[a->assay];
}

static const char *call_text(char out[3], const qc_ctx *x,
                             const mzg_qc_assay *a, const mzg_call *c)
{
	if (!c || !mzg__qc_called(c)) {
		out[0] = '.';
		out[1] = '\0';
		return out;
	}
	return mzg_genotype_text(out, design_assay(x, a), c->allele1, c->allele2,
	                         c->genotype);
}

/* ---- duplicate sets ---- */

/* Compare assay @p ai across the pads of @p d: 0 not compared, 1
 * concordant, 2 discordant. Appends "rsX (A01 AG, A04 GG)" to @p msg. */
static int compare_assay(const qc_ctx *x, const mzg_qc_dup *d, size_t ai,
                         mzg_buf *msg, int name_it)
{
	const mzg_qc_assay *a = &x->q->assays[ai];
	char first[3] = "", gt[3];
	size_t i, n = 0;
	int differ = 0, rc = MZG_OK;

	for (i = 0; i < d->n_pads; i++) {
		const mzg_call *c = pad_call(&x->run->pads[d->pads[i]], a);

		if (!c || !mzg__qc_called(c))
			continue;
		call_text(gt, x, a, c);
		if (n++ == 0)
			memcpy(first, gt, 3);
		else if (strcmp(first, gt))
			differ = 1;
	}
	if (n < 2)
		return 0;
	if (!differ)
		return 1;
	if (name_it) {
		rc = mzg__buf_printf(msg, "%s%s (", msg->len ? ", " : "", a->id);
		for (i = 0, n = 0; i < d->n_pads && rc == MZG_OK; i++) {
			const mzg_pad *p = &x->run->pads[d->pads[i]];
			const mzg_call *c = pad_call(p, a);

			if (c)
				rc = mzg__buf_printf(msg, "%s%s %s", n++ ? ", " : "",
				                     p->well, call_text(gt, x, a, c));
		}
		if (rc == MZG_OK)
			rc = mzg__buf_puts(msg, ")");
	}
	return rc < 0 ? rc : 2;
}

static int dup_reason(qc_ctx *x, mzg_qc_dup *d, mzg_buf *named)
{
	mzg_buf wells = { 0 };
	size_t i;
	int rc = MZG_OK;

	for (i = 0; i < d->n_pads && rc == MZG_OK; i++)
		rc = mzg__buf_printf(&wells, "%s%s", i ? ", " : "",
		                     x->run->pads[d->pads[i]].well);
	if (rc == MZG_OK)
		rc = mzg__qc_reason(x, MZG_VERDICT_WARN, "duplicate_discordance",
		                    d->sample, (double)d->n_discordant,
		                    (double)x->q->opts.dup_warn,
		                    "duplicate set %s (%s): %zu of %zu compared "
		                    "assays discordant: %s%s", d->sample,
		                    mzg__buf_cstr(&wells), d->n_discordant,
		                    d->n_compared, mzg__buf_cstr(named),
		                    d->n_discordant > NAMED_MAX ? ", ..." : "");
	mzg__buf_free(&wells);
	return rc;
}

static int eval_dup(qc_ctx *x, mzg_qc_dup *d, const mzg_dupset *s)
{
	const mzg_plate *pl = x->run->plate;
	mzg_buf named = { 0 };
	size_t i;
	int rc = MZG_OK, r;

	d->sample = s->sample;
	d->pads = mzg__malloc_array(s->n, sizeof *d->pads);
	d->discordant = mzg__malloc_array(x->q->n_assays, sizeof *d->discordant);
	if (!d->pads || !d->discordant)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < s->n; i++) {
		const mzg_pad *p = mzg__qc_pad(x->run, pl->wells[s->wells[i]].well);

		if (p)
			d->pads[d->n_pads++] = (size_t)(p - x->run->pads);
	}
	for (i = 0; i < x->q->n_assays; i++) {
		if ((r = compare_assay(x, d, i, &named,
		                       d->n_discordant < NAMED_MAX)) < 0) {
			rc = r;
			break;
		}
		d->n_compared += r > 0;
		d->n_concordant += r == 1;
		if (r == 2)
			d->discordant[d->n_discordant++] = i;
	}
	if (rc == MZG_OK && d->n_discordant >= x->q->opts.dup_warn) {
		d->verdict = MZG_VERDICT_WARN;
		rc = dup_reason(x, d, &named);
	}
	mzg__buf_free(&named);
	return rc;
}

int mzg__qc_dups(qc_ctx *x)
{
	const mzg_plate *pl = x->run->plate;
	size_t i;
	int rc;

	if (!pl || !pl->n_dupsets)
		return MZG_OK;
	x->q->dups = mzg__calloc_array(pl->n_dupsets, sizeof *x->q->dups);
	if (!x->q->dups)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < pl->n_dupsets; i++) {
		x->q->n_dups++;
		if ((rc = eval_dup(x, &x->q->dups[i], &pl->dupsets[i])) < 0)
			return rc;
	}
	return MZG_OK;
}

/* ---- controls ---- */

static const char *unchecked_why(char *buf, size_t cap, const mzg_pad *p)
{
	snprintf(buf, cap, "pad %s%s%s", mzg_pad_status_name(p->status),
	         p->reason ? ": " : "", p->reason ? p->reason : "");
	return buf;
}

static void ntc_check(const qc_ctx *x, mzg_qc_check *ck, const mzg_call *c)
{
	double s1 = mzg__as_reported(c->snr1, MZG__DEC_SNR);
	double s2 = mzg__as_reported(c->snr2, MZG__DEC_SNR);
	double s3 = mzg__as_reported(c->snr_extra > 0 ? c->snr_extra : 0,
	                             MZG__DEC_SNR);

	ck->snr = 0;
	ck->allele = c->allele1;
	if (s1 > ck->snr)
		ck->snr = s1;
	if (s2 > ck->snr) {
		ck->snr = s2;
		ck->allele = c->allele2;
	}
	if (s3 > ck->snr) {
		ck->snr = s3;
		ck->allele = -1;
	}
	ck->status = ck->snr >= x->q->opts.ntc_snr ? MZG_QC_SIGNAL : MZG_QC_CLEAN;
}

static int ntc_reason(qc_ctx *x, mzg_qc_control *ct, const mzg_pad *p)
{
	mzg_buf named = { 0 };
	size_t i, n = 0;
	int rc = MZG_OK;
	char why[192];

	if (!ct->checked)
		return mzg__qc_reason(x, MZG_VERDICT_WARN, "ntc_unchecked", p->well,
		                      NAN, NAN, "NTC %s (%s) could not be checked "
		                      "(%s)", p->well, p->sample,
		                      unchecked_why(why, sizeof why, p));
	if (!ct->contaminated)
		return MZG_OK;
	for (i = 0; i < ct->n_checks && rc == MZG_OK; i++) {
		const mzg_qc_check *ck = &ct->checks[i];

		if (ck->status != MZG_QC_SIGNAL || n++ >= NAMED_MAX)
			continue;
		rc = mzg__buf_printf(&named, "%s%s SNR %.2f", n > 1 ? ", " : "",
		                     x->q->assays[ck->assay].id, ck->snr);
	}
	if (rc == MZG_OK)
		rc = mzg__qc_reason(x, MZG_VERDICT_FAIL, "ntc_contamination",
		                    p->well, ct->max_snr, x->q->opts.ntc_snr,
		                    "NTC %s (%s) is contaminated: allele signal in "
		                    "%zu assay%s (%s%s), SNR >= %g", p->well,
		                    p->sample, ct->n_signal, ct->n_signal == 1 ? "" : "s",
		                    mzg__buf_cstr(&named),
		                    ct->n_signal > NAMED_MAX ? ", ..." : "",
		                    x->q->opts.ntc_snr);
	mzg__buf_free(&named);
	return rc;
}

static int eval_ntc(qc_ctx *x, mzg_qc_control *ct, const mzg_pad *p)
{
	size_t k;
	size_t nc = pad_calls(x, p);

	ct->checked = p->status == MZG_PAD_OK && nc > 0;
	ct->checks = mzg__calloc_array(nc, sizeof *ct->checks);
	if (!ct->checks)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (k = 0; ct->checked && k < nc; k++) {
		mzg_qc_check *ck = &ct->checks[ct->n_checks++];

		ck->assay = x->base[p->plex] + k;
		ntc_check(x, ck, &p->calls[k]);
		if (ck->snr > ct->max_snr)
			ct->max_snr = ck->snr;
		ct->n_signal += ck->status == MZG_QC_SIGNAL;
	}
	ct->concordance = NAN;
	ct->contaminated = ct->n_signal > 0;
	ct->verdict = ct->contaminated ? MZG_VERDICT_FAIL :
	              ct->checked ? MZG_VERDICT_PASS : MZG_VERDICT_WARN;
	return ntc_reason(x, ct, p);
}

static int positive_reason(qc_ctx *x, mzg_qc_control *ct, const mzg_pad *p)
{
	mzg_buf named = { 0 };
	size_t i, n = 0;
	int rc = MZG_OK;
	char why[192];

	if (ct->n_discordant < x->q->opts.positive_fail) {
		if (ct->n_compared > 0)
			return MZG_OK;
		ct->verdict = MZG_VERDICT_WARN;
		return mzg__qc_reason(x, MZG_VERDICT_WARN, "positive_unchecked",
		                      p->well, NAN, NAN, "positive control %s (%s) "
		                      "could not be checked (%s)", p->well, p->sample,
		                      !ct->checked ? unchecked_why(why, sizeof why, p) :
		                      ct->n_expected ? "no expected genotype was called"
		                      : "no expected genotypes on the plate sheet");
	}
	ct->verdict = MZG_VERDICT_FAIL;
	for (i = 0; i < ct->n_checks && rc == MZG_OK; i++) {
		const mzg_qc_check *ck = &ct->checks[i];

		if (ck->status == MZG_QC_DISCORDANT && n++ < NAMED_MAX)
			rc = mzg__buf_printf(&named, "%s%s expected %s, called %s",
			                     n > 1 ? "; " : "",
			                     x->q->assays[ck->assay].id, ck->expected,
			                     ck->called);
	}
	if (rc == MZG_OK)
		rc = mzg__qc_reason(x, MZG_VERDICT_FAIL, "positive_discordance",
		                    p->well, (double)ct->n_discordant,
		                    (double)x->q->opts.positive_fail,
		                    "positive control %s (%s): %zu of %zu compared "
		                    "assays discordant: %s%s", p->well, p->sample,
		                    ct->n_discordant, ct->n_compared,
		                    mzg__buf_cstr(&named),
		                    ct->n_discordant > NAMED_MAX ? "; ..." : "");
	mzg__buf_free(&named);
	return rc;
}

/* Fill check @p ck of assay @p ai for a positive pad; 0 if no expectation. */
static int positive_check(qc_ctx *x, mzg_qc_check *ck, const mzg_pad *p,
                          const mzg_plate_well *w, size_t k)
{
	const mzg_qc_assay *a = &x->q->assays[x->base[p->plex] + k];
	const char *exp = mzg_plate_expected(x->run->plate, w, a->id);
	const mzg_call *c = &p->calls[k];

	if (!exp || mzg_genotype_normalise(ck->expected, design_assay(x, a),
	                                   exp) < 0)
		return 0;
	ck->assay = x->base[p->plex] + k;
	ck->snr = NAN;
	ck->allele = -1;
	call_text(ck->called, x, a, p->status == MZG_PAD_OK ? c : NULL);
	if (ck->called[0] == '.')
		ck->status = MZG_QC_NOT_CALLED;
	else if (!strcmp(ck->called, ck->expected))
		ck->status = MZG_QC_CONCORDANT;
	else
		ck->status = MZG_QC_DISCORDANT;
	return 1;
}

static int eval_positive(qc_ctx *x, mzg_qc_control *ct, const mzg_pad *p)
{
	const mzg_plate_well *w = mzg_plate_find(x->run->plate, p->well);
	size_t k, nc = pad_calls(x, p);

	ct->checked = p->status == MZG_PAD_OK && nc > 0;
	ct->checks = mzg__calloc_array(nc, sizeof *ct->checks);
	if (!ct->checks)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (k = 0; w && k < nc; k++) {
		mzg_qc_check *ck = &ct->checks[ct->n_checks];

		if (!positive_check(x, ck, p, w, k))
			continue;
		ct->n_checks++;
		ct->n_expected++;
		ct->n_concordant += ck->status == MZG_QC_CONCORDANT;
		ct->n_discordant += ck->status == MZG_QC_DISCORDANT;
		ct->n_not_called += ck->status == MZG_QC_NOT_CALLED;
	}
	ct->n_compared = ct->n_concordant + ct->n_discordant;
	ct->concordance = ct->n_compared ?
	                  (double)ct->n_concordant / (double)ct->n_compared : NAN;
	ct->max_snr = NAN;
	return positive_reason(x, ct, p);
}

int mzg__qc_controls(qc_ctx *x)
{
	const mzg_run *run = x->run;
	size_t i, n = 0;
	int rc;

	for (i = 0; i < run->n_pads; i++)
		n += run->pads[i].role == MZG_ROLE_NTC ||
		     run->pads[i].role == MZG_ROLE_POSITIVE;
	if (!n)
		return MZG_OK;
	x->q->controls = mzg__calloc_array(n, sizeof *x->q->controls);
	if (!x->q->controls)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < run->n_pads; i++) {
		const mzg_pad *p = &run->pads[i];
		mzg_qc_control *ct;

		if (p->role != MZG_ROLE_NTC && p->role != MZG_ROLE_POSITIVE)
			continue;
		ct = &x->q->controls[x->q->n_controls++];
		ct->pad = i;
		ct->role = p->role;
		rc = p->role == MZG_ROLE_NTC ? eval_ntc(x, ct, p)
		                             : eval_positive(x, ct, p);
		if (rc < 0)
			return rc;
	}
	return MZG_OK;
}
