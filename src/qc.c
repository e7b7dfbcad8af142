/*
 * qc.c -- chip QC: per-assay and per-pad figures, the rules, the verdict.
 *
 * A facility signs off a chip on a handful of figures: how many calls each
 * assay and each sample got, whether genotype frequencies look like a
 * population (Hardy-Weinberg), whether duplicates agree, whether the
 * no-template controls stayed empty and the known controls came out as
 * known. This module computes those figures from a called run and applies
 * the rules of SPEC 5 (thresholds in mzg_qc_opts, docs/qc.md), collecting
 * one reason per broken rule; the verdict is the worst level among them.
 * Duplicate sets and controls live in qc_controls.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "qc_priv.h"
#include "report_priv.h"

const char *mzg_verdict_name(mzg_verdict v)
{
	switch (v) {
	case MZG_VERDICT_PASS: return "pass";
	case MZG_VERDICT_WARN: return "warn";
	case MZG_VERDICT_FAIL: return "fail";
	}
	return "?";
}

int mzg_qc_quality_index(int q)
{
	const char *p = q > 0 && q < 128 ? strchr(MZG_QC_QUALITIES, q) : NULL;

	return p ? (int)(p - MZG_QC_QUALITIES) : -1;
}

double mzg__as_reported(double v, int decimals)
{
	char tmp[512];

	if (!isfinite(v))
		return v;
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	return strtod(tmp, NULL);
}

/* ---- options ---- */

typedef struct qc_opt_def {
	const char *name;
	size_t off;
	int is_size;
	double lo, hi;
} qc_opt_def;

#define QD_(f, lo, hi) { #f, offsetof(mzg_qc_opts, f), 0, lo, hi }
#define QS_(f, lo, hi) { #f, offsetof(mzg_qc_opts, f), 1, lo, hi }

static const qc_opt_def qc_opt_table[] = {
	QD_(assay_warn, 0, 1), QD_(assay_fail, 0, 1), QD_(hwe_warn, 0, 1),
	QD_(sample_warn, 0, 1), QD_(ntc_snr, 0, 1e9), QS_(dup_warn, 1, 1e6),
	QS_(positive_fail, 1, 1e6),
};

void mzg_qc_opts_init(mzg_qc_opts *o)
{
	memset(o, 0, sizeof *o);
	o->assay_warn = 0.95;
	o->assay_fail = 0.80;
	o->hwe_warn = 0.001;
	o->sample_warn = 0.90;
	o->ntc_snr = 5.0;
	o->dup_warn = 1;
	o->positive_fail = 1;
}

int mzg_qc_opts_set(mzg_qc_opts *o, const char *key, const char *value)
{
	const qc_opt_def *d = NULL;
	double v;
	size_t i;

	if (!key || !value)
		return mzg__err(MZG_EINVAL, "qc option without key or value");
	if (!strncmp(key, "qc.", 3))
		key += 3;
	for (i = 0; i < MZG_ARRAY_LEN(qc_opt_table); i++)
		if (!strcmp(qc_opt_table[i].name, key))
			d = &qc_opt_table[i];
	if (!d)
		return mzg__err(MZG_ENOTFOUND, "unknown QC option 'qc.%s'", key);
	if (mzg__parse_double(value, &v) < 0 || v < d->lo || v > d->hi ||
	    (d->is_size && v != floor(v)))
		return mzg__err(MZG_EINVAL, "qc.%s = '%s': expected %s in "
		                "[%g, %g]", key, value,
		                d->is_size ? "a whole number" : "a number",
		                d->lo, d->hi);
	if (d->is_size)
		*(size_t *)((char *)o + d->off) = (size_t)v;
	else
		*(double *)((char *)o + d->off) = v;
	return MZG_OK;
}

int mzg_qc_opts_check(const mzg_qc_opts *o)
{
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(qc_opt_table); i++) {
		const qc_opt_def *d = &qc_opt_table[i];
		double v = d->is_size ? (double)*(const size_t *)((const char *)o +
		                                                  d->off)
		                      : *(const double *)((const char *)o + d->off);

		if (!(v >= d->lo && v <= d->hi))
			return mzg__err(MZG_EINVAL, "qc.%s = %g is outside [%g, %g]",
			                d->name, v, d->lo, d->hi);
	}
	if (o->assay_fail > o->assay_warn)
		return mzg__err(MZG_EINVAL, "qc.assay_fail (%g) must not exceed "
		                "qc.assay_warn (%g)", o->assay_fail, o->assay_warn);
	return MZG_OK;
}

size_t mzg_qc_opts_dump(const char **keys, char (*values)[32], size_t max,
                        const mzg_qc_opts *o)
{
	static const char *const names[] = { "qc.assay_warn", "qc.assay_fail",
		"qc.hwe_warn", "qc.sample_warn", "qc.ntc_snr", "qc.dup_warn",
		"qc.positive_fail" };
	size_t i, n = MZG_ARRAY_LEN(qc_opt_table);

	for (i = 0; i < n && i < max; i++) {
		const qc_opt_def *d = &qc_opt_table[i];

		keys[i] = names[i];
		if (d->is_size)
			snprintf(values[i], 32, "%zu",
			         *(const size_t *)((const char *)o + d->off));
		else
			snprintf(values[i], 32, "%g",
			         *(const double *)((const char *)o + d->off));
	}
	return n;
}

/* ---- results ---- */

void mzg_qc_free(mzg_qc *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->n_reasons; i++) {
		free(q->reasons[i].subject);
		free(q->reasons[i].message);
	}
	free(q->reasons);
	free(q->assays);
	free(q->wells);
	for (i = 0; i < q->n_dups; i++) {
		free(q->dups[i].pads);
		free(q->dups[i].discordant);
	}
	free(q->dups);
	for (i = 0; i < q->n_controls; i++)
		free(q->controls[i].checks);
	free(q->controls);
	free(q);
}

int mzg__qc_reason(qc_ctx *x, mzg_verdict level, const char *rule,
                   const char *subject, double value, double threshold,
                   const char *fmt, ...)
{
	mzg_qc *q = x->q;
	mzg_qc_reason *r;
	mzg_buf b = { 0 };
	va_list ap;
	int len;

	if (mzg__grow((void **)&q->reasons, &x->reason_cap, q->n_reasons + 1,
	              sizeof *q->reasons) < 0)
		return MZG_ENOMEM;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || mzg__grow((void **)&b.s, &b.cap, (size_t)len + 1, 1) < 0)
		return mzg__err(MZG_ENOMEM, "out of memory");
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	r = &q->reasons[q->n_reasons];
	r->level = level;
	r->rule = rule;
	r->value = value;
	r->threshold = threshold;
	r->message = b.s;
	if (!(r->subject = mzg__strdup(subject ? subject : ""))) {
		free(b.s);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	q->n_reasons++;
	if (level > q->verdict)
		q->verdict = level;
	return MZG_OK;
}

int mzg__qc_called(const mzg_call *c)
{
	return (c->quality == MZG_Q_A || c->quality == MZG_Q_B ||
	        c->quality == MZG_Q_C || c->quality == MZG_Q_E) &&
	       c->genotype >= MZG_GT_HOM1 && c->genotype <= MZG_GT_HOM2;
}

int mzg__qc_counts(const mzg_pad *p)
{
	return p->role == MZG_ROLE_SAMPLE || p->role == MZG_ROLE_POSITIVE;
}

const mzg_pad *mzg__qc_pad(const mzg_run *run, const char *well)
{
	size_t i;

	for (i = 0; i < run->n_pads; i++)
		if (!strcmp(run->pads[i].well, well))
			return &run->pads[i];
	return NULL;
}

/* Design alleles (lo, hi) of a call's genotype; -1 when not a call. */
static void call_alleles(const mzg_call *c, int *g1, int *g2)
{
	*g1 = *g2 = -1;
	if (!mzg__qc_called(c) || c->allele1 < 0 || c->allele2 < 0)
		return;
	*g1 = c->genotype == MZG_GT_HOM2 ? c->allele2 : c->allele1;
	*g2 = c->genotype == MZG_GT_HOM1 ? c->allele1 : c->allele2;
}

/* ---- assays ---- */

static int setup_assays(qc_ctx *x)
{
	const mzg_design *d = x->run->design;
	size_t i, k, n = 0;

	x->base = mzg__calloc_array(d->n_plex, sizeof *x->base);
	if (!x->base)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < d->n_plex; i++) {
		x->base[i] = n;
		n += d->plex[i].n_assays;
	}
	x->q->assays = mzg__calloc_array(n, sizeof *x->q->assays);
	if (!x->q->assays)
		return mzg__err(MZG_ENOMEM, "out of memory");
	x->q->n_assays = n;
	for (i = 0; i < d->n_plex; i++)
		for (k = 0; k < d->plex[i].n_assays; k++) {
			mzg_qc_assay *a = &x->q->assays[x->base[i] + k];

			a->plex = (int)i;
			a->assay = (int)k;
			a->id = d->plex[i].assays[k].id;
			a->allele1 = a->allele2 = -1;
			a->call_rate = a->freq1 = a->freq2 = a->hwe_p = NAN;
		}
	return MZG_OK;
}

/* Is pad @p i the first pad (role sample, same multiplex) of its sample
 * ID with a call for assay @p k? Duplicates count once in frequencies. */
static int first_called(const mzg_run *run, size_t i, size_t k)
{
	const mzg_pad *p = &run->pads[i];
	size_t j;

	for (j = 0; j < i; j++) {
		const mzg_pad *o = &run->pads[j];

		if (o->role == MZG_ROLE_SAMPLE && o->plex == p->plex &&
		    k < o->n_calls && !strcmp(o->sample, p->sample) &&
		    mzg__qc_called(&o->calls[k]))
			return 0;
	}
	return 1;
}

static void count_pad(qc_ctx *x, size_t i)
{
	const mzg_pad *p = &x->run->pads[i];
	size_t k;

	for (k = 0; k < p->n_calls; k++) {
		mzg_qc_assay *a = &x->q->assays[x->base[p->plex] + k];
		const mzg_call *c = &p->calls[k];
		int qi = mzg_qc_quality_index(c->quality), g1, g2;

		if (a->allele1 < 0 && c->allele1 >= 0 && c->allele2 >= 0) {
			a->allele1 = c->allele1;
			a->allele2 = c->allele2;
		}
		a->n_pads++;
		if (qi >= 0) {
			a->n_quality[qi]++;
			x->q->n_quality[qi]++;
		}
		if (!mzg__qc_called(c))
			continue;
		a->n_called++;
		call_alleles(c, &g1, &g2);
		if (p->role != MZG_ROLE_SAMPLE || !first_called(x->run, i, k))
			continue;
		if (g1 == a->allele1 && g2 == a->allele1)
			a->n_gt[0]++;
		else if (g1 == a->allele2 && g2 == a->allele2)
			a->n_gt[2]++;
		else if ((g1 == a->allele1 && g2 == a->allele2) ||
		         (g1 == a->allele2 && g2 == a->allele1))
			a->n_gt[1]++;
		else
			continue;
		a->n_samples++;
	}
}

static int assay_rules(qc_ctx *x, mzg_qc_assay *a)
{
	const mzg_qc_opts *o = &x->q->opts;
	int rc = MZG_OK;

	if (a->n_pads)
		a->call_rate = (double)a->n_called / (double)a->n_pads;
	if (a->n_samples) {
		double n2 = 2.0 * (double)a->n_samples;

		a->freq1 = (2.0 * a->n_gt[0] + a->n_gt[1]) / n2;
		a->freq2 = (2.0 * a->n_gt[2] + a->n_gt[1]) / n2;
		a->hwe_p = mzg_hwe_exact(a->n_gt[0], a->n_gt[1], a->n_gt[2]);
	}
	if (a->n_pads && (a->call_rate < o->assay_fail ||
	                  a->call_rate < o->assay_warn)) {
		int fail = a->call_rate < o->assay_fail;

		a->verdict = fail ? MZG_VERDICT_FAIL : MZG_VERDICT_WARN;
		rc = mzg__qc_reason(x, a->verdict, "assay_call_rate", a->id,
		                    a->call_rate, fail ? o->assay_fail : o->assay_warn,
		                    "assay %s: call rate %.1f%% (%zu of %zu pads) "
		                    "is below %g%%", a->id, 100.0 * a->call_rate,
		                    a->n_called, a->n_pads,
		                    100.0 * (fail ? o->assay_fail : o->assay_warn));
	}
	if (rc == MZG_OK && a->n_samples && a->hwe_p < o->hwe_warn) {
		if (a->verdict < MZG_VERDICT_WARN)
			a->verdict = MZG_VERDICT_WARN;
		rc = mzg__qc_reason(x, MZG_VERDICT_WARN, "hwe", a->id, a->hwe_p,
		                    o->hwe_warn, "assay %s: Hardy-Weinberg exact p = "
		                    "%.3g (%zu/%zu/%zu) is below %g", a->id, a->hwe_p,
		                    a->n_gt[0], a->n_gt[1], a->n_gt[2], o->hwe_warn);
	}
	return rc;
}

static int eval_assays(qc_ctx *x)
{
	const mzg_run *run = x->run;
	size_t i;
	int rc;

	if ((rc = setup_assays(x)) < 0)
		return rc;
	for (i = 0; i < run->n_pads; i++) {
		const mzg_pad *p = &run->pads[i];

		if (mzg__qc_counts(p))
			x->q->n_sample_pads++;
		if (p->status == MZG_PAD_BAD || p->status == MZG_PAD_MISSING)
			x->q->n_bad_pads++;
		if (!mzg__qc_counts(p) || p->plex < 0 ||
		    (size_t)p->plex >= run->design->n_plex ||
		    p->n_calls > run->design->plex[p->plex].n_assays)
			continue;
		count_pad(x, i);
	}
	for (i = 0; i < x->q->n_assays; i++)
		if ((rc = assay_rules(x, &x->q->assays[i])) < 0)
			return rc;
	return MZG_OK;
}

/* ---- pads ---- */

static int well_rule(qc_ctx *x, mzg_qc_well *w, const mzg_pad *p)
{
	const mzg_qc_opts *o = &x->q->opts;
	char why[192] = "";

	if (!mzg__qc_counts(p) || (w->n_assays && w->call_rate >= o->sample_warn))
		return MZG_OK;
	w->verdict = MZG_VERDICT_WARN;
	if (p->status != MZG_PAD_OK)
		snprintf(why, sizeof why, " (pad %s%s%s)",
		         mzg_pad_status_name(p->status), p->reason ? ": " : "",
		         p->reason ? p->reason : "");
	if (!w->n_assays)
		return mzg__qc_reason(x, MZG_VERDICT_WARN, "sample_call_rate",
		                      p->well, NAN, o->sample_warn,
		                      "pad %s (%s %s): no assays called: no "
		                      "multiplex%s", p->well, mzg_role_name(p->role),
		                      p->sample, why);
	return mzg__qc_reason(x, MZG_VERDICT_WARN, "sample_call_rate", p->well,
	                      w->call_rate, o->sample_warn,
	                      "pad %s (%s %s): call rate %.1f%% (%zu of %zu) is "
	                      "below %g%%%s", p->well, mzg_role_name(p->role),
	                      p->sample, 100.0 * w->call_rate, w->n_called,
	                      w->n_assays, 100.0 * o->sample_warn, why);
}

static int eval_wells(qc_ctx *x)
{
	const mzg_run *run = x->run;
	size_t i, k;
	int rc;

	x->q->wells = mzg__calloc_array(run->n_pads, sizeof *x->q->wells);
	if (!x->q->wells)
		return mzg__err(MZG_ENOMEM, "out of memory");
	x->q->n_wells = run->n_pads;
	for (i = 0; i < run->n_pads; i++) {
		const mzg_pad *p = &run->pads[i];
		mzg_qc_well *w = &x->q->wells[i];

		w->pad = i;
		w->n_assays = p->n_calls;
		for (k = 0; k < p->n_calls; k++)
			w->n_called += mzg__qc_called(&p->calls[k]);
		w->call_rate = (mzg__qc_counts(p) && w->n_assays) ?
		               (double)w->n_called / (double)w->n_assays : NAN;
		if ((rc = well_rule(x, w, p)) < 0)
			return rc;
	}
	return MZG_OK;
}

/* ---- the whole QC ---- */

/* Fail reasons first, then warnings; stable within each level. */
static int order_reasons(mzg_qc *q)
{
	mzg_qc_reason *tmp;
	size_t i, n = 0;
	int level;

	if (q->n_reasons < 2)
		return MZG_OK;
	tmp = mzg__malloc_array(q->n_reasons, sizeof *tmp);
	if (!tmp)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (level = MZG_VERDICT_FAIL; level >= MZG_VERDICT_PASS; level--)
		for (i = 0; i < q->n_reasons; i++)
			if ((int)q->reasons[i].level == level)
				tmp[n++] = q->reasons[i];
	memcpy(q->reasons, tmp, n * sizeof *tmp);
	free(tmp);
	return MZG_OK;
}

int mzg_qc_evaluate(mzg_qc **out, const mzg_run *run, const mzg_qc_opts *o)
{
	qc_ctx x;
	int rc;

	*out = NULL;
	memset(&x, 0, sizeof x);
	if (!run || !run->design)
		return mzg__err(MZG_EINVAL, "QC of a run without a design");
	if (!(x.q = calloc(1, sizeof *x.q)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	x.run = run;
	if (o)
		x.q->opts = *o;
	else
		mzg_qc_opts_init(&x.q->opts);
	if ((rc = mzg_qc_opts_check(&x.q->opts)) < 0 ||
	    (rc = eval_assays(&x)) < 0 || (rc = eval_wells(&x)) < 0 ||
	    (rc = mzg__qc_dups(&x)) < 0 || (rc = mzg__qc_controls(&x)) < 0)
		goto out;
	if (x.q->n_sample_pads == 0 &&
	    (rc = mzg__qc_reason(&x, MZG_VERDICT_WARN, "no_samples", "",
	                         0, 1, "the chip has no sample pads")) < 0)
		goto out;
	if ((rc = order_reasons(x.q)) < 0)
		goto out;
	*out = x.q;
	x.q = NULL;
out:
	free(x.base);
	mzg_qc_free(x.q);
	return rc;
}
