/*
 * report_json.c -- qc.json: the QC of a run for programs.
 *
 * Everything a reviewer or a LIMS needs to accept or reject a chip without
 * re-running it: the verdict and its reasons, the per-assay, per-pad,
 * duplicate and control tables, and the provenance of the run (inputs with
 * sizes and SHA-256, every parameter, the mzgeno version). The schema is
 * documented key by key in docs/formats.md; "schema" names its version.
 * Keys are written in a fixed order and numbers in fixed formats, so two
 * runs on the same input give the same file apart from the run's time.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "json.h"
#include "qc_priv.h"
#include "report_priv.h"

#define QC_SCHEMA "mzgeno-qc/1"

static const char *plex_name(const mzg_run *run, int plex)
{
	return plex >= 0 && (size_t)plex < run->design->n_plex ?
	       run->design->plex[plex].name : NULL;
}

static void allele_str(char out[2], const mzg_run *run,
                       const mzg_qc_assay *a, int i)
{
	const mzg_assay *d = &run->design->plex[a->plex].assays[a->assay];

	out[0] = i >= 0 && i < d->n_alleles && i < MZG_MAX_ALLELES ?
	         d->allele[i] : '?';
	out[1] = '\0';
}

static void write_reasons(mzg_json *j, const mzg_qc *q)
{
	size_t i;

	mzg__json_array(j, "reasons");
	for (i = 0; i < q->n_reasons; i++) {
		const mzg_qc_reason *r = &q->reasons[i];

		mzg__json_object(j, NULL);
		mzg__json_str(j, "level", mzg_verdict_name(r->level));
		mzg__json_str(j, "rule", r->rule);
		mzg__json_str(j, "subject", r->subject);
		mzg__json_num(j, "value", r->value, 6);
		mzg__json_num(j, "threshold", r->threshold, 6);
		mzg__json_str(j, "message", r->message);
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_quality(mzg_json *j, const char *key, const size_t *n)
{
	char letter[2] = { 0, 0 };
	size_t k;

	mzg__json_object_compact(j, key);
	for (k = 0; k < MZG_QC_NQ; k++) {
		letter[0] = MZG_QC_QUALITIES[k];
		mzg__json_uint(j, letter, n[k]);
	}
	mzg__json_end(j);
}

static void write_summary(mzg_json *j, const mzg_run *run, const mzg_qc *q)
{
	size_t i, roles[4] = { 0 };

	for (i = 0; i < run->n_pads; i++)
		if ((unsigned)run->pads[i].role < 4)
			roles[run->pads[i].role]++;
	mzg__json_object(j, "summary");
	mzg__json_uint(j, "pads", run->n_pads);
	mzg__json_uint(j, "samples", roles[MZG_ROLE_SAMPLE]);
	mzg__json_uint(j, "positive_controls", roles[MZG_ROLE_POSITIVE]);
	mzg__json_uint(j, "ntc", roles[MZG_ROLE_NTC]);
	mzg__json_uint(j, "empty", roles[MZG_ROLE_EMPTY]);
	mzg__json_uint(j, "bad_pads", q->n_bad_pads);
	mzg__json_uint(j, "spectra", run->n_spectra);
	mzg__json_uint(j, "combined_pads", run->n_combined);
	write_quality(j, "quality", q->n_quality);
	mzg__json_end(j);
}

static void write_fit(mzg_json *j, const mzg_assay_fit *f)
{
	static const char *const modes[] = { "none", "cluster", "per_pad" };
	int k;

	mzg__json_object(j, "fit");
	mzg__json_str(j, "mode", (unsigned)f->mode < 3 ? modes[f->mode] : "?");
	mzg__json_uint(j, "callable", f->n_callable);
	mzg__json_array_compact(j, "mean");
	for (k = 0; k < 3; k++)
		mzg__json_fixed(j, NULL, f->mean[k], 4);
	mzg__json_end(j);
	mzg__json_array_compact(j, "sd");
	for (k = 0; k < 3; k++)
		mzg__json_fixed(j, NULL, f->sd[k], 4);
	mzg__json_end(j);
	mzg__json_array_compact(j, "weight");
	for (k = 0; k < 3; k++)
		mzg__json_fixed(j, NULL, f->weight[k], 4);
	mzg__json_end(j);
	mzg__json_fixed(j, "null_weight", f->null_weight, 4);
	mzg__json_array_compact(j, "held_at_prior");
	for (k = 0; k < 3; k++)
		mzg__json_bool(j, NULL, (f->held >> k) & 1u);
	mzg__json_end(j);
	mzg__json_end(j);
}

static void write_genotypes(mzg_json *j, const mzg_run *run,
                            const mzg_qc_assay *a)
{
	char a1[2], a2[2], key[4];

	allele_str(a1, run, a, a->allele1 >= 0 ? a->allele1 : 0);
	allele_str(a2, run, a, a->allele2 >= 0 ? a->allele2 : 1);
	mzg__json_object_compact(j, "genotypes");
	snprintf(key, sizeof key, "%s%s", a1, a1);
	mzg__json_uint(j, key, a->n_gt[0]);
	snprintf(key, sizeof key, "%s%s", a1, a2);
	mzg__json_uint(j, key, a->n_gt[1]);
	snprintf(key, sizeof key, "%s%s", a2, a2);
	mzg__json_uint(j, key, a->n_gt[2]);
	mzg__json_end(j);
	mzg__json_object_compact(j, "allele_frequency");
	mzg__json_fixed(j, a1, a->freq1, 4);
	mzg__json_fixed(j, a2, a->freq2, 4);
	mzg__json_end(j);
	mzg__json_fixed(j, "maf", a->n_samples ?
	                (a->freq1 < a->freq2 ? a->freq1 : a->freq2) : NAN, 4);
}

static void write_assays(mzg_json *j, const mzg_run *run, const mzg_qc *q)
{
	size_t i;

	mzg__json_array(j, "assays");
	for (i = 0; i < q->n_assays; i++) {
		const mzg_qc_assay *a = &q->assays[i];
		const mzg_assay_fit *f = mzg_run_fit(run, a->plex, a->assay);

		mzg__json_object(j, NULL);
		mzg__json_str(j, "assay", a->id);
		mzg__json_str(j, "multiplex", plex_name(run, a->plex));
		mzg__json_uint(j, "pads", a->n_pads);
		mzg__json_uint(j, "called", a->n_called);
		mzg__json_fixed(j, "call_rate", a->call_rate, 4);
		write_quality(j, "quality", a->n_quality);
		mzg__json_uint(j, "samples", a->n_samples);
		write_genotypes(j, run, a);
		mzg__json_num(j, "hwe_p", a->hwe_p, 4);
		mzg__json_str(j, "verdict", mzg_verdict_name(a->verdict));
		if (f)
			write_fit(j, f);
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_calibration(mzg_json *j, const mzg_calib *c)
{
	static const char *const models[] = { "none", "shift", "sqrt",
		"sqrt_quad" };

	mzg__json_object(j, "calibration");
	mzg__json_bool(j, "ok", c->ok);
	mzg__json_str(j, "model", (unsigned)c->model < 4 ? models[c->model] : "?");
	mzg__json_uint(j, "calibrants", c->n_calibrants);
	mzg__json_uint(j, "expected", c->n_expected);
	mzg__json_fixed(j, "residual_ppm", c->residual_ppm, 1);
	mzg__json_fixed(j, "rms_ppm", c->rms_ppm, 1);
	mzg__json_fixed(j, "shift_ppm", c->shift_ppm, 1);
	mzg__json_str(j, "reason", c->reason[0] ? c->reason : NULL);
	mzg__json_end(j);
}

static void write_wells(mzg_json *j, const mzg_run *run, const mzg_qc *q)
{
	size_t i;

	mzg__json_array(j, "wells");
	for (i = 0; i < q->n_wells; i++) {
		const mzg_qc_well *w = &q->wells[i];
		const mzg_pad *p = &run->pads[w->pad];

		mzg__json_object(j, NULL);
		mzg__json_str(j, "well", p->well);
		mzg__json_str(j, "sample", p->sample);
		mzg__json_str(j, "role", mzg_role_name(p->role));
		mzg__json_str(j, "multiplex", plex_name(run, p->plex));
		mzg__json_str(j, "status", mzg_pad_status_name(p->status));
		mzg__json_str(j, "reason", p->reason);
		mzg__json_uint(j, "assays", w->n_assays);
		mzg__json_uint(j, "called", w->n_called);
		mzg__json_fixed(j, "call_rate", w->call_rate, 4);
		mzg__json_uint(j, "spectra", p->n_spectra);
		mzg__json_str(j, "source", p->source);
		mzg__json_bool(j, "centroid", p->centroid);
		mzg__json_bool(j, "multiplex_guessed", p->plex_guessed);
		mzg__json_uint(j, "ueps_found", p->uep_found);
		mzg__json_uint(j, "ueps_expected", p->uep_expected);
		mzg__json_num(j, "noise", p->noise, 6);
		write_calibration(j, &p->calib);
		mzg__json_str(j, "verdict", mzg_verdict_name(w->verdict));
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_dup_assay(mzg_json *j, const mzg_run *run,
                            const mzg_qc *q, const mzg_qc_dup *d, size_t ai)
{
	const mzg_qc_assay *a = &q->assays[ai];
	const mzg_assay *da = &run->design->plex[a->plex].assays[a->assay];
	size_t k;
	char gt[3];

	mzg__json_object_compact(j, NULL);
	mzg__json_str(j, "assay", a->id);
	mzg__json_object_compact(j, "genotypes");
	for (k = 0; k < d->n_pads; k++) {
		const mzg_pad *p = &run->pads[d->pads[k]];
		const mzg_call *c;

		if (p->plex != a->plex || (size_t)a->assay >= p->n_calls)
			continue;
		c = &p->calls[a->assay];
		mzg__json_str(j, p->well, mzg_genotype_text(gt, da, c->allele1,
		              c->allele2, mzg__qc_called(c) ? c->genotype :
		              MZG_GT_NOCALL));
	}
	mzg__json_end(j);
	mzg__json_end(j);
}

static void write_dups(mzg_json *j, const mzg_run *run, const mzg_qc *q)
{
	size_t i, k;

	mzg__json_array(j, "duplicates");
	for (i = 0; i < q->n_dups; i++) {
		const mzg_qc_dup *d = &q->dups[i];

		mzg__json_object(j, NULL);
		mzg__json_str(j, "sample", d->sample);
		mzg__json_array_compact(j, "wells");
		for (k = 0; k < d->n_pads; k++)
			mzg__json_str(j, NULL, run->pads[d->pads[k]].well);
		mzg__json_end(j);
		mzg__json_uint(j, "compared", d->n_compared);
		mzg__json_uint(j, "concordant", d->n_concordant);
		mzg__json_uint(j, "discordant", d->n_discordant);
		mzg__json_fixed(j, "concordance", d->n_compared ?
		                (double)d->n_concordant / (double)d->n_compared :
		                NAN, 4);
		mzg__json_array(j, "discordant_assays");
		for (k = 0; k < d->n_discordant; k++)
			write_dup_assay(j, run, q, d, d->discordant[k]);
		mzg__json_end(j);
		mzg__json_str(j, "verdict", mzg_verdict_name(d->verdict));
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_checks(mzg_json *j, const mzg_run *run, const mzg_qc *q,
                         const mzg_qc_control *c)
{
	static const char *const st[] = { "clean", "signal", "concordant",
		"discordant", "not_called" };
	size_t k;
	char al[2];

	mzg__json_array(j, c->role == MZG_ROLE_NTC ? "assays" : "checks");
	for (k = 0; k < c->n_checks; k++) {
		const mzg_qc_check *ck = &c->checks[k];

		mzg__json_object_compact(j, NULL);
		mzg__json_str(j, "assay", q->assays[ck->assay].id);
		if (c->role == MZG_ROLE_NTC) {
			allele_str(al, run, &q->assays[ck->assay], ck->allele);
			mzg__json_str(j, "allele", ck->allele >= 0 ? al : "other");
			mzg__json_fixed(j, "snr", ck->snr, 2);
		} else {
			mzg__json_str(j, "expected", ck->expected);
			mzg__json_str(j, "called", ck->called);
		}
		mzg__json_str(j, "status", (unsigned)ck->status < 5 ?
		              st[ck->status] : "?");
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_controls(mzg_json *j, const mzg_run *run, const mzg_qc *q)
{
	size_t i;

	mzg__json_array(j, "controls");
	for (i = 0; i < q->n_controls; i++) {
		const mzg_qc_control *c = &q->controls[i];
		const mzg_pad *p = &run->pads[c->pad];

		mzg__json_object(j, NULL);
		mzg__json_str(j, "well", p->well);
		mzg__json_str(j, "sample", p->sample);
		mzg__json_str(j, "role", mzg_role_name(c->role));
		mzg__json_str(j, "status", mzg__control_status(c));
		mzg__json_bool(j, "checked", c->checked);
		if (c->role == MZG_ROLE_NTC) {
			mzg__json_fixed(j, "max_snr", c->max_snr, 2);
			mzg__json_uint(j, "signal", c->n_signal);
		} else {
			mzg__json_uint(j, "expected", c->n_expected);
			mzg__json_uint(j, "compared", c->n_compared);
			mzg__json_uint(j, "concordant", c->n_concordant);
			mzg__json_uint(j, "discordant", c->n_discordant);
			mzg__json_uint(j, "not_called", c->n_not_called);
			mzg__json_fixed(j, "concordance", c->concordance, 4);
		}
		write_checks(j, run, q, c);
		mzg__json_str(j, "verdict", mzg_verdict_name(c->verdict));
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_inputs(mzg_json *j, const mzg_run *run)
{
	size_t i;

	mzg__json_array(j, "inputs");
	for (i = 0; i < run->n_inputs; i++) {
		const mzg_input *in = &run->inputs[i];

		mzg__json_object(j, NULL);
		mzg__json_str(j, "path", in->path);
		mzg__json_uint(j, "size", in->size);
		mzg__json_str(j, "sha256", in->sha256[0] ? in->sha256 : NULL);
		mzg__json_uint(j, "spectra", in->n_spectra);
		mzg__json_uint(j, "bad_spectra", in->n_bad);
		mzg__json_uint(j, "skipped_spectra", in->n_skipped);
		mzg__json_bool(j, "index_ok", in->index_ok);
		mzg__json_end(j);
	}
	mzg__json_end(j);
}

static void write_design_plate(mzg_json *j, const mzg_run *run)
{
	const mzg_design *d = run->design;
	size_t i, k;

	mzg__json_object(j, "design");
	mzg__json_str(j, "source", d->source);
	mzg__json_array(j, "multiplexes");
	for (i = 0; i < d->n_plex; i++) {
		mzg__json_object_compact(j, NULL);
		mzg__json_str(j, "name", d->plex[i].name);
		mzg__json_array_compact(j, "assays");
		for (k = 0; k < d->plex[i].n_assays; k++)
			mzg__json_str(j, NULL, d->plex[i].assays[k].id);
		mzg__json_end(j);
		mzg__json_end(j);
	}
	mzg__json_end(j);
	mzg__json_end(j);
	mzg__json_object(j, "plate");
	mzg__json_str(j, "source", run->plate ? run->plate->source : NULL);
	mzg__json_uint(j, "wells", run->plate ? run->plate->n_wells : 0);
	mzg__json_end(j);
}

static void write_params(mzg_json *j, const mzg_run *run, const mzg_qc *q)
{
	const char *keys[32];
	char values[32][32];
	size_t i, n;

	mzg__json_object(j, "parameters");
	for (i = 0; i < run->n_params; i++)
		mzg__json_str(j, run->params[i].key, run->params[i].value);
	n = mzg_qc_opts_dump(keys, values, 32, &q->opts);
	for (i = 0; i < n && i < 32; i++)
		mzg__json_str(j, keys[i], values[i]);
	mzg__json_end(j);
	mzg__json_array(j, "notes");
	for (i = 0; i < run->n_notes; i++)
		mzg__json_str(j, NULL, run->notes[i]);
	mzg__json_end(j);
}

int mzg_report_qc_json(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                       void *payload)
{
	mzg_json j;

	(void)payload;
	if (!run || !run->design || !qc)
		return mzg__err(MZG_EINVAL, "qc.json needs a run and its QC");
	mzg__json_init_file(&j, fp);
	mzg__json_object(&j, NULL);
	mzg__json_str(&j, "schema", QC_SCHEMA);
	mzg__json_str(&j, "mzgeno_version", run->version ? run->version :
	              mzg_version());
	mzg__json_str(&j, "chip", run->chip);
	mzg__json_int(&j, "chip_wells", run->chip_wells);
	mzg__json_str(&j, "started", run->started);
	mzg__json_fixed(&j, "seconds", run->seconds, 3);
	mzg__json_str(&j, "verdict", mzg_verdict_name(qc->verdict));
	write_reasons(&j, qc);
	write_summary(&j, run, qc);
	write_assays(&j, run, qc);
	write_wells(&j, run, qc);
	write_dups(&j, run, qc);
	write_controls(&j, run, qc);
	write_inputs(&j, run);
	write_design_plate(&j, run);
	write_params(&j, run, qc);
	mzg__json_end(&j);
	return mzg__json_finish(&j);
}
