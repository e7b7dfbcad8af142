/*
 * review_load.c -- a report set read back for review (mzgeno review).
 *
 * A review happens long after the run, from the report directory alone.
 * mzg_report_load() rebuilds the run from calls.tsv and qc.json; this file
 * adds what a review needs beyond that: the design with its masses
 * (design.tsv, a copy written by the run, so the allele check and the
 * spectrum zooms use exactly the design the chip was called with), the
 * spectrum snippets (snippets.tsv) and the audit trail of earlier reviews
 * (audit.tsv). The design must be the one the report names, multiplex by
 * multiplex and assay by assay; a report set that was mixed or edited is
 * refused with the file named.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "json.h"
#include "review_priv.h"

#define NOMEM() mzg__err(MZG_ENOMEM, "out of memory")
#define QC_JSON_MAX (64u << 20)

static int need_file(const char *dir, const char *name)
{
	char *path = mzg__path_join(dir, name);
	struct stat st;
	int ok;

	if (!path)
		return NOMEM();
	ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	if (!ok)
		return mzg__err(MZG_EIO, "%s: no %s (not a report set written by "
		                "mzgeno call, or one written before report sets "
		                "carried %s)", dir, name, name);
	return MZG_OK;
}

static int read_qc_json(mzg_jval **out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	mzg_buf b = { 0 };
	char chunk[65536];
	size_t n;
	int rc = MZG_OK;

	*out = NULL;
	if (!fp)
		return mzg__err(MZG_EIO, "%s: cannot open", path);
	while (rc == MZG_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (b.len + n > QC_JSON_MAX)
			rc = mzg__err(MZG_ELIMIT, "%s: larger than %u bytes", path,
			              QC_JSON_MAX);
		else if (mzg__buf_append(&b, chunk, n) < 0)
			rc = NOMEM();
	if (rc == MZG_OK && ferror(fp))
		rc = mzg__err(MZG_EIO, "%s: read error", path);
	fclose(fp);
	if (rc == MZG_OK)
		rc = mzg__json_parse(out, b.s ? b.s : "", b.len, path);
	mzg__buf_free(&b);
	return rc;
}

/* design.tsv must be the design qc.json names: same multiplexes, same
 * assays in the same order. */
static int check_design(const mzg_design *d, const mzg_jval *q,
                        const char *path)
{
	const mzg_jval *m = mzg__jget(mzg__jget(q, "design"), "multiplexes");
	size_t i, k;

	if (!m || m->type != MZG_JARR || m->n != d->n_plex)
		goto differ;
	for (i = 0; i < m->n; i++) {
		const mzg_jval *as = mzg__jget(&m->items[i], "assays");

		if (strcmp(mzg__jstr(&m->items[i], "name", ""), d->plex[i].name) ||
		    !as || as->type != MZG_JARR || as->n != d->plex[i].n_assays)
			goto differ;
		for (k = 0; k < as->n; k++)
			if (as->items[k].type != MZG_JSTR ||
			    strcmp(as->items[k].str, d->plex[i].assays[k].id))
				goto differ;
	}
	return MZG_OK;
differ:
	return mzg__err(MZG_EFORMAT, "%s: the design's multiplexes and assays "
	                "differ from design.tsv's", path);
}

/* Load design.tsv; its source becomes the one qc.json names ("fas8", the
 * original file), so the reports written again say the same. */
static int load_design(mzg_review *rv)
{
	char *dpath = mzg__path_join(rv->dir, "design.tsv");
	char *qpath = mzg__path_join(rv->dir, "qc.json");
	mzg_jval *q = NULL;
	const char *src;
	int rc;

	if (!dpath || !qpath) {
		rc = NOMEM();
		goto out;
	}
	if ((rc = read_qc_json(&q, qpath)) < 0 ||
	    (rc = mzg_design_load(&rv->design, dpath)) < 0 ||
	    (rc = check_design(rv->design, q, qpath)) < 0)
		goto out;
	src = mzg__jstr(mzg__jget(q, "design"), "source", NULL);
	if (src) {
		char *copy = mzg__strdup(src);

		if (!copy) {
			rc = NOMEM();
			goto out;
		}
		free(rv->design->source);
		rv->design->source = copy;
	}
out:
	mzg__jval_free(q);
	free(dpath);
	free(qpath);
	return rc;
}

int mzg_review_load(mzg_review **out, const char *dir)
{
	static const char *const need[] = { "calls.tsv", "qc.json",
		"design.tsv" };
	mzg_review *rv;
	size_t i;
	int rc = MZG_OK;

	*out = NULL;
	if (!dir || !*dir)
		return mzg__err(MZG_EINVAL, "no report directory");
	for (i = 0; i < MZG_ARRAY_LEN(need) && rc == MZG_OK; i++)
		rc = need_file(dir, need[i]);
	if (rc < 0)
		return rc;
	if (!(rv = calloc(1, sizeof *rv)) || !(rv->dir = mzg__strdup(dir))) {
		free(rv);
		return NOMEM();
	}
	if ((rc = load_design(rv)) < 0 ||
	    (rc = mzg_report_load(&rv->src, dir, rv->design)) < 0)
		goto fail;
	rv->run = rv->src->run;
	rv->plate = rv->src->plate;
	rv->qc_opts = rv->src->qc_opts;
	if ((rc = mzg__review_snippets_load(rv)) < 0 ||
	    (rc = mzg__review_audit_load(rv)) < 0)
		goto fail;
	*out = rv;
	return MZG_OK;
fail:
	mzg_review_free(rv);
	return rc;
}

void mzg_review_free(mzg_review *r)
{
	if (!r)
		return;
	mzg_report_src_free(r->src);
	mzg_design_free(r->design);
	mzg_audit_clear(&r->audit);
	free(r->dir);
	free(r);
}
