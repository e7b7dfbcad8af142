/*
 * report_load_run.c -- the pads, calls, fits and provenance of a run
 * rebuilt from qc.json and calls.tsv (see report_load.c).
 *
 * qc.json gives one entry per pad (status, reason, calibration figures),
 * calls.tsv one row per pad x assay. Every pad of qc.json must have a row
 * for every assay of its multiplex and every row must belong to such a
 * pad; the values are read back exactly as they were written, so the
 * rebuilt run writes the same report again.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_load.h"

int mzg__rl_fmt(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return mzg__err(MZG_EFORMAT, "qc.json: %s", buf);
}

/* Copy of a JSON string member (NULL when absent or null); *bad set on
 * a failed allocation. */
static char *jdup(const mzg_jval *o, const char *key, int *bad)
{
	const char *s = mzg__jstr(o, key, NULL);
	char *d = s ? mzg__strdup(s) : NULL;

	if (s && !d)
		*bad = 1;
	return d;
}

static size_t jsize(const mzg_jval *o, const char *key)
{
	double v = mzg__jnum(o, key, 0);

	return v > 0 && v < 1e15 ? (size_t)v : 0;
}

/* A byte count: 0 unless a number in the range of uint64_t. */
static uint64_t jsize64(const mzg_jval *o, const char *key)
{
	double v = mzg__jnum(o, key, 0);

	return v > 0 && v < 0x1p64 ? (uint64_t)v : 0;
}

static const mzg_jval *jarray(const mzg_jval *o, const char *key)
{
	const mzg_jval *v = mzg__jget(o, key);

	return v && v->type == MZG_JARR ? v : NULL;
}

static int name_index(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* ---- run header and provenance ---- */

static int run_header(rl_ctx *L)
{
	const mzg_jval *q = L->qc, *sum = mzg__jget(q, "summary");
	mzg_run *r = calloc(1, sizeof *r);
	int bad = 0;

	if (!r)
		return mzg__err(MZG_ENOMEM, "out of memory");
	L->run = r;
	r->design = L->d;
	r->chip = jdup(q, "chip", &bad);
	r->version = jdup(q, "mzgeno_version", &bad);
	r->started = jdup(q, "started", &bad);
	r->seconds = mzg__jnum(q, "seconds", 0);
	r->chip_wells = mzg__jnum(q, "chip_wells", 96) == 384 ? 384 : 96;
	if (mzg__jnum(q, "chip_wells", 96) != r->chip_wells) /* and no cast */
		return mzg__rl_fmt("chip_wells must be 96 or 384");
	r->n_spectra = jsize(sum, "spectra");
	r->n_combined = jsize(sum, "combined_pads");
	return bad ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int run_inputs(rl_ctx *L)
{
	const mzg_jval *in = jarray(L->qc, "inputs");
	mzg_run *r = L->run;
	size_t i;
	int bad = 0;

	if (!in || !in->n)
		return MZG_OK;
	if (!(r->inputs = mzg__calloc_array(in->n, sizeof *r->inputs)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < in->n; i++) {
		const mzg_jval *o = &in->items[i];
		mzg_input *x = &r->inputs[r->n_inputs++];
		const char *sha = mzg__jstr(o, "sha256", "");

		x->path = jdup(o, "path", &bad);
		x->size = jsize64(o, "size");
		snprintf(x->sha256, sizeof x->sha256, "%s", sha);
		x->n_spectra = jsize(o, "spectra");
		x->n_bad = jsize(o, "bad_spectra");
		x->n_skipped = jsize(o, "skipped_spectra");
		x->index_ok = mzg__jbool(o, "index_ok", 0);
	}
	return bad ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

/* Parameters: "qc.*" become the QC thresholds, the rest the run's. */
static int run_params(rl_ctx *L)
{
	const mzg_jval *p = mzg__jget(L->qc, "parameters");
	mzg_run *r = L->run;
	size_t i;

	if (!p || p->type != MZG_JOBJ || !p->n)
		return MZG_OK;
	if (!(r->params = mzg__calloc_array(p->n, sizeof *r->params)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < p->n; i++) {
		const char *key = p->keys[i], *val = p->items[i].str;

		if (p->items[i].type != MZG_JSTR)
			return mzg__rl_fmt("parameter '%s' is not a string", key);
		if (!strncmp(key, "qc.", 3)) {
			if (mzg_qc_opts_set(&L->qc_opts, key, val) < 0)
				return mzg__rl_fmt("parameter %s", mzg_errmsg());
			continue;
		}
		r->params[r->n_params].key = mzg__strdup(key);
		r->params[r->n_params].value = mzg__strdup(val);
		if (!r->params[r->n_params++].key ||
		    !r->params[r->n_params - 1].value)
			return mzg__err(MZG_ENOMEM, "out of memory");
	}
	/* each threshold in range, and together (assay_fail <= assay_warn) */
	if (mzg_qc_opts_check(&L->qc_opts) < 0)
		return mzg__rl_fmt("parameters: %s", mzg_errmsg());
	return MZG_OK;
}

static int run_notes(rl_ctx *L)
{
	const mzg_jval *n = jarray(L->qc, "notes");
	mzg_run *r = L->run;
	size_t i;

	if (!n || !n->n)
		return MZG_OK;
	if (!(r->notes = mzg__calloc_array(n->n, sizeof *r->notes)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < n->n; i++) {
		if (n->items[i].type != MZG_JSTR)
			return mzg__rl_fmt("a note that is not a string");
		if (!(r->notes[r->n_notes++] = mzg__strdup(n->items[i].str)))
			return mzg__err(MZG_ENOMEM, "out of memory");
	}
	return MZG_OK;
}

/* ---- pads ---- */

static int plex_index(const mzg_design *d, const char *name)
{
	size_t i;

	for (i = 0; name && i < d->n_plex; i++)
		if (!strcmp(d->plex[i].name, name))
			return (int)i;
	return -1;
}

static void pad_calib(mzg_calib *c, const mzg_jval *o)
{
	static const char *const models[] = { "none", "shift", "sqrt",
		"sqrt_quad" };
	int m = name_index(mzg__jstr(o, "model", NULL), models, 4);

	c->ok = mzg__jbool(o, "ok", 0);
	c->model = m < 0 ? MZG_CAL_NONE : (mzg_calib_model)m;
	c->n_calibrants = jsize(o, "calibrants");
	c->n_expected = jsize(o, "expected");
	c->residual_ppm = mzg__jnum(o, "residual_ppm", NAN);
	c->rms_ppm = mzg__jnum(o, "rms_ppm", NAN);
	c->shift_ppm = mzg__jnum(o, "shift_ppm", NAN);
	snprintf(c->reason, sizeof c->reason, "%s",
	         mzg__jstr(o, "reason", ""));
}

static int pad_from_json(rl_ctx *L, mzg_pad *p, const mzg_jval *w)
{
	static const char *const status[] = { "ok", "bad", "empty", "missing" };
	const char *plex = mzg__jstr(w, "multiplex", NULL);
	int st = name_index(mzg__jstr(w, "status", NULL), status, 4), bad = 0;
	size_t k, n;

	p->plex = plex_index(L->d, plex);
	if (mzg_well_parse(p->well, mzg__jstr(w, "well", "")) != MZG_OK ||
	    strcmp(p->well, mzg__jstr(w, "well", "")) || st < 0 ||
	    mzg_role_parse(&p->role, mzg__jstr(w, "role", "?")) < 0 ||
	    (plex && p->plex < 0))
		return mzg__rl_fmt("wells: bad entry for '%s' (well, role, status "
		                   "or a multiplex not in the design)",
		                   mzg__jstr(w, "well", "?"));
	p->status = (mzg_pad_status)st;
	p->input = -1;      /* spectra are not re-read from a report */
	p->spectrum = -1;
	p->sample = jdup(w, "sample", &bad);
	p->reason = jdup(w, "reason", &bad);
	p->source = jdup(w, "source", &bad);
	p->n_spectra = jsize(w, "spectra");
	p->centroid = mzg__jbool(w, "centroid", 0);
	p->plex_guessed = mzg__jbool(w, "multiplex_guessed", 0);
	p->uep_found = jsize(w, "ueps_found");
	p->uep_expected = jsize(w, "ueps_expected");
	p->noise = mzg__jnum(w, "noise", NAN);
	pad_calib(&p->calib, mzg__jget(w, "calibration"));
	/* n_calls only once the calls exist: mzg_run_free() clears them */
	n = p->plex >= 0 ? L->d->plex[p->plex].n_assays : 0;
	if (bad || !p->sample || !(p->calls = mzg__calloc_array(n ? n : 1,
	                                                     sizeof *p->calls)))
		return p->sample || bad ? mzg__err(MZG_ENOMEM, "out of memory") :
		       mzg__rl_fmt("wells: %s has no sample", p->well);
	p->n_calls = n;
	for (k = 0; k < p->n_calls; k++)
		mzg_call_init(&p->calls[k]);
	return MZG_OK;
}

static int run_pads(rl_ctx *L)
{
	const mzg_jval *w = jarray(L->qc, "wells");
	mzg_run *r = L->run;
	size_t i, k;
	int rc;

	if (!w)
		return mzg__rl_fmt("no wells");
	if (!(r->pads = mzg__calloc_array(w->n ? w->n : 1, sizeof *r->pads)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < w->n; i++) {
		r->n_pads++;
		if ((rc = pad_from_json(L, &r->pads[i], &w->items[i])) < 0)
			return rc;
		for (k = 0; k < i; k++)
			if (!strcmp(r->pads[k].well, r->pads[i].well))
				return mzg__rl_fmt("wells: %s listed twice",
				                   r->pads[i].well);
	}
	return MZG_OK;
}

/* ---- calls ---- */

static int allele_index(const mzg_assay *a, char c)
{
	int i;

	for (i = 0; i < a->n_alleles && i < MZG_MAX_ALLELES; i++)
		if (a->allele[i] == c)
			return i;
	return -1;
}

static int row_to_call(const mzg_calls_row *r, mzg_call *c,
                       const mzg_assay *a, const char *file)
{
	char bg[3];
	int g, b = MZG_GT_NOCALL;

	c->allele1 = allele_index(a, r->allele1);
	c->allele2 = allele_index(a, r->allele2);
	g = mzg_genotype_parse(r->genotype, a, c->allele1, c->allele2);
	if (g < MZG_GT_NOCALL && r->genotype[0] != '.')
		return mzg__err(MZG_EFORMAT, "%s:%zu: genotype %s does not fit "
		                "alleles %c/%c of %s", file, r->line, r->genotype,
		                r->allele1, r->allele2, a->id);
	if (mzg_calls_flags_parse(&c->flags, bg, &c->note, r->flags) < 0)
		return mzg__err_prefix(MZG_EFORMAT, "%s:%zu", file, r->line);
	if (bg[0] && (b = mzg_genotype_parse(bg, a, c->allele1, c->allele2)) <
	    MZG_GT_NOCALL)
		return mzg__err(MZG_EFORMAT, "%s:%zu: best_guess=%s does not fit "
		                "the alleles", file, r->line, bg);
	c->genotype = g < MZG_GT_NOCALL ? MZG_GT_NOCALL : g;
	c->quality = (mzg_quality)r->quality;
	c->best_guess = bg[0] ? b : c->genotype;
	c->probability = r->probability;
	c->height1 = r->height1;
	c->height2 = r->height2;
	c->height_uep = r->height_uep;
	c->snr1 = r->snr1;
	c->snr2 = r->snr2;
	c->snr_uep = r->snr_uep;
	c->extension = r->extension;
	c->theta = r->theta;
	c->mass_error_ppm = r->mass_error_ppm;
	return MZG_OK;
}

/* Apply row @p r to its pad; @p seen marks pad x assay slots filled. */
static int apply_row(rl_ctx *L, const mzg_calls_row *r, const int *by_well,
                     unsigned char **seen)
{
	const char *file = L->calls->source;
	int row, col, pi;
	const mzg_plex *px;
	mzg_pad *p;
	size_t k;

	if (mzg_well_index(r->well, &row, &col) < 0 ||
	    (pi = by_well[row * 24 + col]) < 0)
		return mzg__err(MZG_EFORMAT, "%s:%zu: pad %s is not in qc.json",
		                file, r->line, r->well);
	p = &L->run->pads[pi];
	if (strcmp(r->role, mzg_role_name(p->role)))
		return mzg__err(MZG_EFORMAT, "%s:%zu: role %s of %s differs from "
		                "qc.json's %s", file, r->line, r->role, p->well,
		                mzg_role_name(p->role));
	if (p->plex < 0) { /* one row with assay "." */
		if (strcmp(r->assay, ".") || seen[pi][0])
			return mzg__err(MZG_EFORMAT, "%s:%zu: %s has no multiplex in "
			                "qc.json (one row with assay '.' expected)",
			                file, r->line, p->well);
		seen[pi][0] = 1;
		return MZG_OK;
	}
	px = &L->d->plex[p->plex];
	for (k = 0; k < px->n_assays && strcmp(px->assays[k].id, r->assay); k++)
		;
	if (k == px->n_assays || strcmp(r->multiplex, px->name) || seen[pi][k])
		return mzg__err(MZG_EFORMAT, "%s:%zu: %s %s: not an assay of "
		                "multiplex %s, or a repeated row", file, r->line,
		                r->well, r->assay, px->name);
	seen[pi][k] = 1;
	return row_to_call(r, &p->calls[k], &px->assays[k], file);
}

static int check_complete(rl_ctx *L, unsigned char **seen)
{
	size_t i, k;

	for (i = 0; i < L->run->n_pads; i++) {
		if (L->run->pads[i].plex < 0 && !seen[i][0])
			return mzg__err(MZG_EFORMAT, "%s: no row for pad %s",
			                L->calls->source, L->run->pads[i].well);
		for (k = 0; k < L->run->pads[i].n_calls; k++)
			if (!seen[i][k])
				return mzg__err(MZG_EFORMAT, "%s: no row for pad %s, "
				                "assay %s", L->calls->source,
				                L->run->pads[i].well,
				                L->d->plex[L->run->pads[i].plex]
				                .assays[k].id);
	}
	return MZG_OK;
}

static int run_calls(rl_ctx *L)
{
	mzg_run *r = L->run;
	int by_well[16 * 24], row, col, rc = MZG_OK;
	unsigned char **seen;
	size_t i;

	for (i = 0; i < 16 * 24; i++)
		by_well[i] = -1;
	for (i = 0; i < r->n_pads; i++)
		if (mzg_well_index(r->pads[i].well, &row, &col) == 0)
			by_well[row * 24 + col] = (int)i;
	if (!(seen = mzg__calloc_array(r->n_pads ? r->n_pads : 1, sizeof *seen)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < r->n_pads && rc == MZG_OK; i++)
		if (!(seen[i] = calloc(r->pads[i].n_calls + 1, 1)))
			rc = mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < L->calls->n && rc == MZG_OK; i++)
		rc = apply_row(L, &L->calls->rows[i], by_well, seen);
	if (rc == MZG_OK)
		rc = check_complete(L, seen);
	for (i = 0; i < r->n_pads; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

/* ---- fits ---- */

static void triple(double out[3], const mzg_jval *o, const char *key)
{
	const mzg_jval *a = jarray(o, key);
	int k;

	for (k = 0; k < 3; k++)
		out[k] = a && (size_t)k < a->n && a->items[k].type == MZG_JNUM ?
		         a->items[k].num : NAN;
}

static void fit_from_json(mzg_assay_fit *f, const mzg_jval *o)
{
	static const char *const modes[] = { "none", "cluster", "per_pad" };
	const mzg_jval *held = jarray(o, "held_at_prior");
	int m = name_index(mzg__jstr(o, "mode", NULL), modes, 3), k;

	f->mode = m < 0 ? MZG_FIT_NONE : (mzg_fit_mode)m;
	f->n_callable = jsize(o, "callable");
	triple(f->mean, o, "mean");
	triple(f->sd, o, "sd");
	triple(f->weight, o, "weight");
	f->null_weight = mzg__jnum(o, "null_weight", NAN);
	for (k = 0; held && k < 3 && (size_t)k < held->n; k++)
		if (held->items[k].type == MZG_JBOOL && held->items[k].b)
			f->held |= 1u << k;
}

static int run_fits(rl_ctx *L)
{
	const mzg_jval *as = jarray(L->qc, "assays");
	mzg_run *r = L->run;
	size_t i, k;

	if (!as || !as->n)
		return MZG_OK;
	if (!(r->fits = mzg__calloc_array(as->n, sizeof *r->fits)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < as->n; i++) {
		const mzg_jval *o = &as->items[i], *fit = mzg__jget(o, "fit");
		int px = plex_index(L->d, mzg__jstr(o, "multiplex", NULL));
		const char *id = mzg__jstr(o, "assay", "");
		mzg_assay_fit *f;

		if (!fit || fit->type != MZG_JOBJ)
			continue;
		if (px < 0)
			return mzg__rl_fmt("assays: %s in an unknown multiplex", id);
		for (k = 0; k < L->d->plex[px].n_assays &&
		     strcmp(L->d->plex[px].assays[k].id, id); k++)
			;
		if (k == L->d->plex[px].n_assays)
			return mzg__rl_fmt("assays: unknown assay %s", id);
		f = &r->fits[r->n_fits++];
		f->plex = px;
		f->assay = (int)k;
		f->allele1 = 0;
		f->allele2 = 1;
		fit_from_json(f, fit);
	}
	return MZG_OK;
}

int mzg__rl_run(rl_ctx *L)
{
	int rc;

	if ((rc = run_header(L)) < 0 || (rc = run_inputs(L)) < 0 ||
	    (rc = run_params(L)) < 0 || (rc = run_notes(L)) < 0 ||
	    (rc = run_pads(L)) < 0 || (rc = run_calls(L)) < 0 ||
	    (rc = run_fits(L)) < 0)
		return rc;
	return MZG_OK;
}
