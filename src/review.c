/*
 * review.c -- reviewer overrides and the audit trail (mzgeno review).
 *
 * A reviewer who disagrees with a call writes an overrides file (well,
 * assay, genotype, reviewer, reason). Overrides change calls, which is
 * exactly what a facility must be able to account for, so: every
 * override is checked before any is applied, and one bad line (an
 * unknown pad or assay, an allele the design does not have, an NTC or an
 * empty pad, which are never called) refuses them all; an overridden
 * call keeps its original figures and flags, takes quality E and records
 * what it was ("was=AG/D") and who changed it; every override becomes a
 * row of audit.tsv, which grows with each review; and the new report set
 * goes into another directory, never over the reviewed one.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "internal.h"
#include "report_priv.h"
#include "review_priv.h"

#define NOMEM() mzg__err(MZG_ENOMEM, "out of memory")

static const char audit_header[] = "time\treviewer\treason\twell\tassay\t"
	"old_genotype\told_quality\tnew_genotype";

/* ---- audit.tsv ---- */

void mzg_audit_clear(mzg_audit *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->rows[i].reviewer);
		free(a->rows[i].reason);
		free(a->rows[i].assay);
	}
	free(a->rows);
	a->rows = NULL;
	a->n = 0;
}

int mzg_audit_write(FILE *fp, const mzg_audit *a)
{
	mzg_buf b = { 0 };
	size_t i;
	int rc = 0;

	rc |= mzg__buf_printf(&b, "%s\n", audit_header);
	for (i = 0; a && i < a->n; i++) {
		const mzg_audit_row *r = &a->rows[i];
		char q[2] = { r->old_quality, 0 };

		rc |= mzg__tsv_text(&b, r->time) | mzg__buf_puts(&b, "\t") |
		      mzg__tsv_text(&b, r->reviewer) | mzg__buf_puts(&b, "\t") |
		      mzg__tsv_text(&b, r->reason) |
		      mzg__buf_printf(&b, "\t%s\t", r->well) |
		      mzg__tsv_text(&b, r->assay) |
		      mzg__buf_printf(&b, "\t%s\t%s\t%s\n", r->old_genotype, q,
		                      r->new_genotype);
	}
	if (rc)
		rc = NOMEM();
	else
		rc = mzg__tsv_flush(&b, fp);
	mzg__buf_free(&b);
	return rc;
}

int mzg__review_time_ok(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; i < sizeof form - 1; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != form[i])
			return 0;
	return s[i] == '\0';
}

static int gt_field(char out[3], const char *s)
{
	if (!strcmp(s, ".") || (strlen(s) == 2 && strchr("ACGT", s[0]) &&
	                        strchr("ACGT", s[1]) && s[0] && s[1])) {
		snprintf(out, 3, "%s", s);
		return MZG_OK;
	}
	return MZG_EINVAL;
}

static int audit_row(mzg_audit_row *r, char **f, int n)
{
	char w[4];

	if (n != 8)
		return MZG_EINVAL;
	if (!mzg__review_time_ok(f[0]) || mzg_well_parse(w, f[3]) < 0 ||
	    strcmp(w, f[3]) || gt_field(r->old_genotype, f[5]) < 0 ||
	    gt_field(r->new_genotype, f[7]) < 0 || strlen(f[6]) != 1 ||
	    !strchr("ABCDENI", f[6][0]))
		return MZG_EINVAL;
	memcpy(r->time, f[0], 21);
	memcpy(r->well, w, 4);
	r->old_quality = f[6][0];
	if (!(r->reviewer = mzg__strdup(f[1])) || !(r->reason = mzg__strdup(f[2])) ||
	    !(r->assay = mzg__strdup(f[4])))
		return MZG_ENOMEM;
	return MZG_OK;
}

int mzg_audit_load(mzg_audit *out, const char *path)
{
	size_t cap = 0, len;
	char *line, *f[9];
	mzg_lines L;
	int rc, n;

	memset(out, 0, sizeof *out);
	if ((rc = mzg__lines_open(&L, path)) < 0)
		return rc;
	rc = mzg__lines_next(&L, &line, &len);
	if (rc == MZG_OK && strcmp(line, audit_header))
		rc = mzg__err(MZG_EFORMAT, "%s:1: not an audit.tsv header "
		              "(expected: time reviewer reason well assay "
		              "old_genotype old_quality new_genotype)", path);
	else if (rc == MZG_DONE)
		rc = mzg__err(MZG_EFORMAT, "%s: empty (expected an audit.tsv "
		              "header)", path);
	while (rc == MZG_OK && (rc = mzg__lines_next(&L, &line, &len)) == MZG_OK) {
		if (!len)
			continue;
		if (mzg__grow((void **)&out->rows, &cap, out->n + 1,
		              sizeof *out->rows) < 0) {
			rc = MZG_ENOMEM;
			break;
		}
		memset(&out->rows[out->n], 0, sizeof out->rows[out->n]);
		n = mzg__split(line, '\t', f, 9);
		rc = audit_row(&out->rows[out->n++], f, n);
		if (rc == MZG_EINVAL)
			rc = mzg__err(MZG_EFORMAT, "%s:%zu: not an audit row (8 fields: "
			              "time reviewer reason well assay old_genotype "
			              "old_quality new_genotype)", path, L.line);
	}
	mzg__lines_close(&L);
	if (rc == MZG_ENOMEM)
		rc = NOMEM();
	if (rc == MZG_DONE)
		rc = MZG_OK;
	if (rc < 0)
		mzg_audit_clear(out);
	return rc;
}

int mzg__review_audit_load(mzg_review *rv)
{
	char *path = mzg__path_join(rv->dir, "audit.tsv");
	struct stat st;
	int rc = MZG_OK;

	if (!path)
		return NOMEM();
	if (stat(path, &st) == 0)
		rc = mzg_audit_load(&rv->audit, path);
	rv->n_previous = rv->audit.n;
	free(path);
	return rc;
}

/* ---- snippets.tsv ---- */

mzg_pad *mzg__review_pad(mzg_run *r, const char *well)
{
	size_t i;

	/* a scan: a report's rows need not be in well order (a person may
	 * have sorted calls.tsv otherwise), and a chip has at most 384 pads */
	for (i = 0; i < r->n_pads; i++)
		if (!strcmp(r->pads[i].well, well))
			return &r->pads[i];
	return NULL;
}

static int assay_in_pad(const mzg_run *r, const mzg_pad *p, const char *id)
{
	size_t k;

	for (k = 0; p->plex >= 0 && k < p->n_calls; k++)
		if (!strcmp(r->design->plex[p->plex].assays[k].id, id))
			return (int)k;
	return -1;
}

static int snippet_values(mzg_snippet *s, char *text, double scale)
{
	size_t cap = 0;
	char *tok = text, *end;

	while (tok) {
		long v;
		char *comma = strchr(tok, ',');

		if (comma)
			*comma = '\0';
		errno = 0;
		v = strtol(tok, &end, 10);
		if (end == tok || *end || errno || labs(v) > MZG__SNIPPET_Q ||
		    s->n >= 1000 || mzg__grow((void **)&s->y, &cap, s->n + 1,
		                              sizeof *s->y) < 0)
			return MZG_EINVAL;
		s->y[s->n++] = (float)((double)v * scale / MZG__SNIPPET_Q);
		tok = comma ? comma + 1 : NULL;
	}
	return s->n >= 2 ? MZG_OK : MZG_EINVAL;
}

static int snippet_line(mzg_run *r, char *line, const char *path, size_t no)
{
	char *f[8], w[4];
	int n = mzg__split(line, '\t', f, 8), k;
	mzg_pad *p;
	mzg_snippet s = { 0 };
	double scale;

	if (n != 7 || mzg_well_parse(w, f[0]) < 0 || !(p = mzg__review_pad(r, w)) ||
	    (k = assay_in_pad(r, p, f[1])) < 0)
		return mzg__err(MZG_EFORMAT, "%s:%zu: not a snippet of a pad and "
		                "assay of this report", path, no);
	if ((strcmp(f[2], "profile") && strcmp(f[2], "centroid")) ||
	    mzg__parse_double(f[3], &s.mz0) < 0 ||
	    mzg__parse_double(f[4], &s.mz1) < 0 || !(s.mz1 > s.mz0) ||
	    mzg__parse_double(f[5], &scale) < 0 || scale < 0 ||
	    snippet_values(&s, f[6], scale) < 0) {
		mzg_snippet_free(&s);
		return mzg__err(MZG_EFORMAT, "%s:%zu: bad snippet (expected kind, "
		                "m/z range, scale and 2 to 1000 values)", path, no);
	}
	s.centroid = !strcmp(f[2], "centroid");
	if (!p->snippets &&
	    !(p->snippets = mzg__calloc_array(p->n_calls, sizeof *p->snippets))) {
		mzg_snippet_free(&s);
		return NOMEM();
	}
	if (p->snippets[k].n) {
		mzg_snippet_free(&s);
		return mzg__err(MZG_EFORMAT, "%s:%zu: a second snippet of %s %s",
		                path, no, p->well, f[1]);
	}
	p->snippets[k] = s;
	return MZG_OK;
}

int mzg__review_snippets_load(mzg_review *rv)
{
	char *path = mzg__path_join(rv->dir, "snippets.tsv"), *line;
	struct stat st;
	mzg_lines L;
	size_t len;
	int rc, header = 0;

	if (!path)
		return NOMEM();
	if (stat(path, &st) != 0) {
		free(path);
		return MZG_OK;
	}
	if ((rc = mzg__lines_open(&L, path)) < 0) {
		free(path);
		return rc;
	}
	while ((rc = mzg__lines_next(&L, &line, &len)) == MZG_OK) {
		if (!len || line[0] == '#')
			continue;
		if (!header++) {
			if (strcmp(line, mzg__snippets_header))
				rc = mzg__err(MZG_EFORMAT, "%s:%zu: not a snippets.tsv "
				              "header", path, L.line);
		} else {
			rc = snippet_line(rv->run, line, path, L.line);
		}
		if (rc < 0)
			break;
	}
	mzg__lines_close(&L);
	free(path);
	rv->has_snippets = rc == MZG_DONE;
	return rc == MZG_DONE ? MZG_OK : rc;
}
