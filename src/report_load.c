/*
 * report_load.c -- a run rebuilt from its report directory.
 *
 * A reviewer works from the report a run left behind, not from the
 * spectra: `mzgeno review` reads calls.tsv (every call and its figures)
 * and qc.json (pad status and calibration, fits, inputs, parameters,
 * roles and the expectations of positive controls), rebuilds the run,
 * applies overrides, and evaluates and writes the QC again. This file
 * drives the rebuild and makes the design and plate; report_load_run.c
 * makes the pads and calls. Where the two files disagree (a pad in one and
 * not the other, a missing row) the load stops: a review must not quietly
 * change a report.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "json.h"
#include "plate_internal.h"
#include "report_load.h"

/* qc.json larger than this is not one of ours (384 pads x 36 assays is
 * about 2 MB). */
#define QC_JSON_MAX (64u << 20)

void mzg_report_src_free(mzg_report_src *s)
{
	if (!s)
		return;
	mzg_run_free(s->run);
	mzg_plate_free(s->plate);
	mzg_design_free(s->own_design);
	free(s);
}

static int read_text(char **out, size_t *len, const char *path)
{
	struct stat st;
	FILE *fp = fopen(path, "rb");
	int rc = MZG_OK;

	*out = NULL;
	if (!fp)
		return mzg__err(MZG_EIO, "%s: cannot open (not an mzgeno report "
		                "directory?)", path);
	if (fstat(fileno(fp), &st) < 0 || st.st_size < 0)
		rc = mzg__err(MZG_EIO, "%s: cannot read", path);
	else if ((unsigned long long)st.st_size > QC_JSON_MAX)
		rc = mzg__err(MZG_ELIMIT, "%s: larger than %u bytes", path,
		              QC_JSON_MAX);
	else if (!(*out = malloc((size_t)st.st_size + 1)))
		rc = mzg__err(MZG_ENOMEM, "out of memory");
	else if ((*len = fread(*out, 1, (size_t)st.st_size, fp)) !=
	         (size_t)st.st_size || ferror(fp))
		rc = mzg__err(MZG_EIO, "%s: read error", path);
	if (rc == MZG_OK)
		(*out)[*len] = '\0';
	fclose(fp);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

static int read_inputs(rl_ctx *L, const char *dir)
{
	char *path = mzg__path_join(dir, "qc.json"), *text = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		return mzg__err(MZG_ENOMEM, "out of memory");
	rc = read_text(&text, &len, path);
	if (rc == MZG_OK)
		rc = mzg__json_parse(&L->qc, text, len, path);
	if (rc == MZG_OK && strcmp(mzg__jstr(L->qc, "schema", ""),
	                           "mzgeno-qc/1"))
		rc = mzg__err(MZG_EFORMAT, "%s: not an mzgeno qc.json (schema "
		              "'%s', expected 'mzgeno-qc/1')", path,
		              mzg__jstr(L->qc, "schema", "none"));
	free(text);
	free(path);
	if (rc < 0)
		return rc;
	if (!(path = mzg__path_join(dir, "calls.tsv")))
		return mzg__err(MZG_ENOMEM, "out of memory");
	rc = mzg_calls_load(&L->calls, path);
	free(path);
	return rc;
}

/* ---- the design ---- */

/* Alleles of assay @p id of multiplex @p plex from the first calls.tsv
 * row that names them; 0 alleles when no row does. */
static void alleles_from_calls(mzg_assay *a, const mzg_calls *c,
                               const char *plex)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const mzg_calls_row *r = &c->rows[i];

		if (r->allele1 != '.' && r->allele2 != '.' &&
		    r->allele1 != r->allele2 && !strcmp(r->assay, a->id) &&
		    !strcmp(r->multiplex, plex)) {
			a->allele[0] = r->allele1;
			a->allele[1] = r->allele2;
			a->n_alleles = 2;
			return;
		}
	}
}

static int build_plex(rl_ctx *L, mzg_plex *px, const mzg_jval *m)
{
	const mzg_jval *ids = mzg__jget(m, "assays");
	size_t k;

	if (!(px->name = mzg__strdup(mzg__jstr(m, "name", NULL))) || !ids ||
	    ids->type != MZG_JARR)
		return px->name ? mzg__rl_fmt("design.multiplexes: bad entry") :
		       mzg__err(MZG_EFORMAT, "qc.json: design.multiplexes: a "
		                "multiplex without a name");
	px->assays = mzg__calloc_array(ids->n, sizeof *px->assays);
	if (!px->assays)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (k = 0; k < ids->n; k++) {
		mzg_assay *a = &px->assays[px->n_assays];

		if (ids->items[k].type != MZG_JSTR)
			return mzg__rl_fmt("design.multiplexes: an assay that is not "
			              "a string");
		if (!(a->id = mzg__strdup(ids->items[k].str)))
			return mzg__err(MZG_ENOMEM, "out of memory");
		px->n_assays++;
		a->dir = 'F';
		alleles_from_calls(a, L->calls, px->name);
	}
	return MZG_OK;
}

static int build_design(rl_ctx *L)
{
	const mzg_jval *dj = mzg__jget(L->qc, "design");
	const mzg_jval *mx = mzg__jget(dj, "multiplexes");
	mzg_design *d;
	size_t i;
	int rc = MZG_OK;

	if (!mx || mx->type != MZG_JARR)
		return mzg__rl_fmt("no design.multiplexes");
	if (!(d = calloc(1, sizeof *d)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	L->own = d;
	d->source = mzg__strdup(mzg__jstr(dj, "source", "report"));
	d->plex = mzg__calloc_array(mx->n, sizeof *d->plex);
	if (!d->source || !d->plex)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < mx->n && rc == MZG_OK; i++) {
		d->n_plex++;
		rc = build_plex(L, &d->plex[i], &mx->items[i]);
	}
	L->d = d;
	return rc;
}

/* ---- the plate ---- */

static int plate_columns(rl_ctx *L, mzg_plate *p)
{
	const mzg_design *d = L->d;
	size_t i, k, n = 0;

	for (i = 0; i < d->n_plex; i++)
		n += d->plex[i].n_assays;
	p->assays = mzg__calloc_array(n, sizeof *p->assays);
	p->assay_known = mzg__calloc_array(n, sizeof *p->assay_known);
	if (!p->assays || !p->assay_known)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < d->n_plex; i++)
		for (k = 0; k < d->plex[i].n_assays; k++) {
			if (!(p->assays[p->n_assays] =
			      mzg__strdup(d->plex[i].assays[k].id)))
				return mzg__err(MZG_ENOMEM, "out of memory");
			p->assay_known[p->n_assays++] = 1;
		}
	return MZG_OK;
}

static int plate_well(rl_ctx *L, mzg_plate *p, size_t *cap, const mzg_pad *pad)
{
	mzg_plate_well *w = mzg__plate_push(p, cap);

	if (!w)
		return MZG_ENOMEM;
	memcpy(w->well, pad->well, 4);
	w->role = pad->role;
	w->sample = mzg__strdup(pad->sample);
	if (pad->plex >= 0)
		w->multiplex = mzg__strdup(L->d->plex[pad->plex].name);
	w->expected = mzg__calloc_array(p->n_assays ? p->n_assays : 1,
	                                sizeof *w->expected);
	if (!w->sample || !w->expected || (pad->plex >= 0 && !w->multiplex))
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

/* Expected genotypes of positive controls from qc.json controls[]. */
static int plate_expected(rl_ctx *L, mzg_plate *p)
{
	const mzg_jval *ctl = mzg__jget(L->qc, "controls");
	size_t i, k, j;

	for (i = 0; ctl && ctl->type == MZG_JARR && i < ctl->n; i++) {
		const mzg_jval *c = &ctl->items[i], *checks = mzg__jget(c, "checks");
		mzg_plate_well *w = (mzg_plate_well *)mzg_plate_find(p,
		                     mzg__jstr(c, "well", ""));

		if (strcmp(mzg__jstr(c, "role", ""), "positive") || !checks ||
		    checks->type != MZG_JARR)
			continue;
		if (!w)
			return mzg__rl_fmt("controls: a well that is not a pad");
		for (k = 0; k < checks->n; k++) {
			const char *id = mzg__jstr(&checks->items[k], "assay", "");
			const char *gt = mzg__jstr(&checks->items[k], "expected", "");

			for (j = 0; j < p->n_assays && strcmp(p->assays[j], id); j++)
				;
			if (j == p->n_assays || !*gt)
				return mzg__rl_fmt("controls: a check of an unknown assay");
			free(w->expected[j]);
			if (!(w->expected[j] = mzg__strdup(gt)))
				return mzg__err(MZG_ENOMEM, "out of memory");
		}
	}
	return MZG_OK;
}

/* The call of assay @p id on pad @p well, or NULL. */
static mzg_call *ntc_call(rl_ctx *L, const char *well, const char *id)
{
	size_t i, a;

	for (i = 0; i < L->run->n_pads; i++) {
		mzg_pad *p = &L->run->pads[i];
		const mzg_plex *px;

		if (strcmp(p->well, well) || p->plex < 0)
			continue;
		px = &L->d->plex[p->plex];
		for (a = 0; a < px->n_assays && a < p->n_calls; a++)
			if (!strcmp(px->assays[a].id, id))
				return &p->calls[a];
	}
	return NULL;
}

/* The SNR of an NTC's strongest other allele (EXT3/EXT4 of a multi-allelic
 * assay) is not a calls.tsv column; qc.json's controls[] hold it as the
 * check of allele "other". Put it back so that QC of the reloaded run
 * still sees that contamination. */
static int ntc_other(rl_ctx *L)
{
	const mzg_jval *ctl = mzg__jget(L->qc, "controls");
	size_t i, k;

	for (i = 0; ctl && ctl->type == MZG_JARR && i < ctl->n; i++) {
		const mzg_jval *c = &ctl->items[i], *as = mzg__jget(c, "assays");
		const char *well = mzg__jstr(c, "well", "");

		if (strcmp(mzg__jstr(c, "role", ""), "ntc") || !as ||
		    as->type != MZG_JARR)
			continue;
		for (k = 0; k < as->n; k++) {
			const mzg_jval *ck = &as->items[k];
			mzg_call *call;

			if (strcmp(mzg__jstr(ck, "allele", ""), "other"))
				continue;
			call = ntc_call(L, well, mzg__jstr(ck, "assay", ""));
			if (!call || !(mzg__jnum(ck, "snr", -1) >= 0))
				return mzg__rl_fmt("controls: NTC %s: a check of an "
				                   "unknown assay or without an SNR", well);
			call->snr_extra = mzg__jnum(ck, "snr", 0);
		}
	}
	return MZG_OK;
}

static int build_plate(rl_ctx *L)
{
	const mzg_jval *pj = mzg__jget(L->qc, "plate");
	const char *src = mzg__jstr(pj, "source", NULL);
	mzg_plate *p;
	size_t i, cap = 0;
	int rc;

	if (!(p = calloc(1, sizeof *p)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	L->plate = p;
	p->chip_wells = L->run->chip_wells == 384 ? 384 : 96;
	if (src && !(p->source = mzg__strdup(src)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = plate_columns(L, p)) < 0)
		return rc;
	for (i = 0; i < L->run->n_pads; i++)
		if ((rc = plate_well(L, p, &cap, &L->run->pads[i])) < 0)
			return rc;
	if ((rc = plate_expected(L, p)) < 0 || (rc = mzg__plate_dupsets(p)) < 0)
		return rc;
	p->validated = 1;
	L->run->plate = p;
	return MZG_OK;
}

/* ---- driver ---- */

int mzg_report_load(mzg_report_src **out, const char *dir,
                    const mzg_design *design)
{
	rl_ctx L;
	mzg_report_src *s = NULL;
	int rc;

	*out = NULL;
	memset(&L, 0, sizeof L);
	L.d = design;
	mzg_qc_opts_init(&L.qc_opts);
	if (!dir)
		return mzg__err(MZG_EINVAL, "no report directory");
	if ((rc = read_inputs(&L, dir)) < 0 ||
	    (!design && (rc = build_design(&L)) < 0) ||
	    (rc = mzg__rl_run(&L)) < 0 || (rc = ntc_other(&L)) < 0 ||
	    (rc = build_plate(&L)) < 0)
		goto out;
	if (!(s = calloc(1, sizeof *s))) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	s->run = L.run;
	s->design = L.d;
	s->own_design = L.own;
	s->plate = L.plate;
	s->qc_opts = L.qc_opts;
	L.run = NULL;
	L.own = NULL;
	L.plate = NULL;
	*out = s;
out:
	if (rc < 0 && rc != MZG_ENOMEM && strncmp(mzg_errmsg(), dir, strlen(dir)))
		mzg__err_prefix(rc, "%s", dir);
	mzg__jval_free(L.qc);
	mzg_calls_free(L.calls);
	mzg_run_free(L.run);
	mzg_plate_free(L.plate);
	mzg_design_free(L.own);
	return rc;
}
