/*
 * review_apply.c -- reading an overrides file, applying it to a reviewed
 * run, and writing the reviewed report set.
 *
 * The overrides file is written by people, so it is read like a plate
 * sheet (a header naming the columns in any order and case, comments and
 * blank lines allowed) but every line must be complete: an override
 * without a reviewer or a reason cannot be accounted for. Applying is
 * all or nothing (see review.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "internal.h"
#include "report_priv.h"
#include "review_priv.h"
#include "qc_priv.h"

#define NOMEM() mzg__err(MZG_ENOMEM, "out of memory")
#define MAX_FIELDS 256

enum { C_WELL, C_ASSAY, C_GT, C_REVIEWER, C_REASON, C_N };
static const char *const col_names[C_N] = { "well", "assay", "genotype",
	"reviewer", "reason" };

void mzg_overrides_free(mzg_overrides *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->n; i++) {
		free(o->rows[i].assay);
		free(o->rows[i].genotype);
		free(o->rows[i].reviewer);
		free(o->rows[i].reason);
	}
	free(o->rows);
	free(o->source);
	free(o);
}

static int header(int col[C_N], char **f, int n, const char *path, size_t no)
{
	int i, c;

	for (c = 0; c < C_N; c++)
		col[c] = -1;
	for (i = 0; i < n; i++)
		for (c = 0; c < C_N; c++)
			if (mzg__strcaseeq(mzg__trim(f[i]), col_names[c])) {
				if (col[c] >= 0)
					return mzg__err(MZG_EFORMAT, "%s:%zu: column '%s' "
					                "given twice", path, no, col_names[c]);
				col[c] = i;
			}
	for (c = 0; c < C_N; c++)
		if (col[c] < 0)
			return mzg__err(MZG_EFORMAT, "%s:%zu: missing column '%s' (an "
			                "overrides file needs well, assay, genotype, "
			                "reviewer and reason)", path, no, col_names[c]);
	return MZG_OK;
}

static int override_row(mzg_overrides *o, const int col[C_N], char **f,
                        int n, size_t no)
{
	mzg_override *r = &o->rows[o->n];
	const char *v[C_N];
	size_t i;
	int c;

	memset(r, 0, sizeof *r);
	r->line = no;
	for (c = 0; c < C_N; c++) {
		v[c] = col[c] < n ? mzg__trim(f[col[c]]) : "";
		if (!*v[c])
			return mzg__err(MZG_EFORMAT, "%s:%zu: the %s is blank (every "
			                "override needs well, assay, genotype, reviewer "
			                "and reason)", o->source, no, col_names[c]);
	}
	if (mzg_well_parse(r->well, v[C_WELL]) < 0 || strlen(v[C_WELL]) > 3)
		return mzg__err(MZG_EFORMAT, "%s:%zu: bad well '%s' (expected a row "
		                "letter and a column, e.g. A01)", o->source, no,
		                v[C_WELL]);
	for (i = 0; i < o->n; i++)
		if (!strcmp(o->rows[i].well, r->well) &&
		    mzg__strcaseeq(o->rows[i].assay, v[C_ASSAY]))
			return mzg__err(MZG_EFORMAT, "%s:%zu: %s %s is overridden "
			                "twice (first on line %zu)", o->source, no,
			                r->well, v[C_ASSAY], o->rows[i].line);
	o->n++;
	if (!(r->assay = mzg__strdup(v[C_ASSAY])) ||
	    !(r->genotype = mzg__strdup(v[C_GT])) ||
	    !(r->reviewer = mzg__strdup(v[C_REVIEWER])) ||
	    !(r->reason = mzg__strdup(v[C_REASON])))
		return NOMEM();
	return MZG_OK;
}

static int read_overrides(mzg_overrides *o, mzg_lines *L)
{
	char *line, *f[MAX_FIELDS];
	size_t len, cap = 0;
	int col[C_N], rc, n, have_header = 0;

	while ((rc = mzg__lines_next(L, &line, &len)) == MZG_OK) {
		const char *t = line + strspn(line, " \t");

		if (!*t || *t == '#')
			continue;
		if ((n = mzg__split(line, '\t', f, MAX_FIELDS)) < 0)
			return mzg__err(MZG_EFORMAT, "%s:%zu: more than %d fields",
			                o->source, L->line, MAX_FIELDS);
		if (!have_header++) {
			if ((rc = header(col, f, n, o->source, L->line)) < 0)
				return rc;
			continue;
		}
		if (mzg__grow((void **)&o->rows, &cap, o->n + 1, sizeof *o->rows) < 0)
			return NOMEM();
		if ((rc = override_row(o, col, f, n, L->line)) < 0)
			return rc;
	}
	if (rc == MZG_DONE && !have_header)
		return mzg__err(MZG_EFORMAT, "%s: no header line (an overrides file "
		                "needs the columns well, assay, genotype, reviewer, "
		                "reason)", o->source);
	return rc == MZG_DONE ? MZG_OK : rc;
}

int mzg_overrides_load(mzg_overrides **out, const char *path)
{
	mzg_overrides *o;
	mzg_lines L;
	int rc;

	*out = NULL;
	if (!(o = calloc(1, sizeof *o)) || !(o->source = mzg__strdup(path))) {
		free(o);
		return NOMEM();
	}
	if ((rc = mzg__lines_open(&L, path)) == MZG_OK) {
		rc = read_overrides(o, &L);
		mzg__lines_close(&L);
	}
	if (rc < 0) {
		mzg_overrides_free(o);
		return rc;
	}
	*out = o;
	return MZG_OK;
}

/* ---- applying ---- */

/* A checked override: where it goes and what it sets. */
typedef struct planned {
	mzg_pad *pad;
	size_t k;
	int a1, a2, gt;        /* clustered alleles and the new genotype code */
} planned;

static int refuse(const mzg_overrides *ov, const mzg_override *o,
                  const char *fmt, const char *a, const char *b)
{
	char what[512];

	snprintf(what, sizeof what, fmt, a, b);
	return mzg__err(MZG_EINVAL, "%s:%zu: %s %s: %s", ov->source, o->line,
	                o->well, o->assay, what);
}

static int find_assay(const mzg_design *d, const mzg_pad *p, const char *id,
                      size_t *k)
{
	size_t i, j;

	for (i = 0; p->plex >= 0 && i < p->n_calls; i++)
		if (mzg__strcaseeq(d->plex[p->plex].assays[i].id, id)) {
			*k = i;
			return 1;
		}
	for (i = 0; i < d->n_plex; i++)
		for (j = 0; j < d->plex[i].n_assays; j++)
			if (mzg__strcaseeq(d->plex[i].assays[j].id, id))
				return 0; /* in the design, not in this pad's multiplex */
	return -1;
}

static int is_withdrawal(const char *g)
{
	return !strcmp(g, ".") || !strcmp(g, "-") || mzg__strcaseeq(g, "NA") ||
	       mzg__strcaseeq(g, "nocall") || mzg__strcaseeq(g, "no call");
}

static int plan_genotype(planned *pl, const mzg_overrides *ov,
                         const mzg_override *o, const mzg_assay *a,
                         const mzg_call *c)
{
	char gt[3];

	pl->a1 = c->allele1 >= 0 ? c->allele1 : 0;
	pl->a2 = c->allele2 >= 0 ? c->allele2 : 1;
	if (is_withdrawal(o->genotype)) {
		pl->gt = MZG_GT_NOCALL;
		return MZG_OK;
	}
	if (mzg_genotype_normalise(gt, a, o->genotype) < 0)
		return refuse(ov, o, "%s%s", mzg_errmsg(), "");
	pl->gt = mzg_genotype_parse(gt, a, pl->a1, pl->a2);
	if (pl->gt < MZG_GT_HOM1 || pl->gt > MZG_GT_HOM2) {
		char pair[4] = { a->allele[pl->a1], '/', a->allele[pl->a2], 0 };

		return refuse(ov, o, "genotype '%s' is not made of the alleles %s "
		              "that this call was typed on", o->genotype, pair);
	}
	return MZG_OK;
}

static int plan_one(planned *pl, mzg_review *r, const mzg_overrides *ov,
                    const mzg_override *o)
{
	const mzg_design *d = r->design;
	mzg_pad *p = mzg__review_pad(r->run, o->well);
	int in;

	if (!p)
		return refuse(ov, o, "well %s is not a pad of this chip%s", o->well, "");
	if (p->role == MZG_ROLE_NTC || p->role == MZG_ROLE_EMPTY)
		return refuse(ov, o, "the pad is %s (%s), which is never called",
		              p->role == MZG_ROLE_NTC ? "an NTC" : "empty",
		              p->sample);
	if ((in = find_assay(d, p, o->assay, &pl->k)) <= 0)
		return refuse(ov, o, in == 0 ? "assay %s is not in the multiplex "
		              "of this pad%s" : "assay %s is not in the design%s",
		              o->assay, "");
	pl->pad = p;
	return plan_genotype(pl, ov, o, &d->plex[p->plex].assays[pl->k],
	                     &p->calls[pl->k]);
}

static int utc_now(char out[24], const char *now)
{
	time_t t;
	struct tm tm;

	if (now) {
		if (!mzg__review_time_ok(now))
			return mzg__err(MZG_EINVAL, "review time '%s' is not "
			                "YYYY-MM-DDTHH:MM:SSZ", now);
		memcpy(out, now, 21);
		return MZG_OK;
	}
	t = time(NULL);
	if (!gmtime_r(&t, &tm) ||
	    !strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return mzg__err(MZG_EINTERNAL, "cannot read the clock");
	return MZG_OK;
}

/* The call as it was: its genotype, or a D call's best guess. */
static void old_call(char gt[3], const mzg_call *c, const mzg_assay *a)
{
	int g = mzg__qc_called(c) ? c->genotype :
	        c->quality == MZG_Q_D ? c->best_guess : MZG_GT_NOCALL;

	mzg_genotype_text(gt, a, c->allele1, c->allele2, g);
}

static int apply_one(mzg_review *r, const planned *pl, const mzg_override *o,
                     const char *when)
{
	mzg_pad *p = pl->pad;
	mzg_call *c = &p->calls[pl->k];
	const mzg_assay *a = &r->design->plex[p->plex].assays[pl->k];
	mzg_audit_row *row = &r->audit.rows[r->audit.n];
	char *note;

	memset(row, 0, sizeof *row);
	memcpy(row->time, when, 21);
	memcpy(row->well, p->well, 4);
	row->old_quality = (char)c->quality;
	old_call(row->old_genotype, c, a);
	c->allele1 = pl->a1;
	c->allele2 = pl->a2;
	mzg_genotype_text(row->new_genotype, a, c->allele1, c->allele2, pl->gt);
	note = mzg__asprintf("was=%s/%c by %s: %s", row->old_genotype,
	                     row->old_quality, o->reviewer, o->reason);
	if (!note || !(row->reviewer = mzg__strdup(o->reviewer)) ||
	    !(row->reason = mzg__strdup(o->reason)) ||
	    !(row->assay = mzg__strdup(a->id))) {
		free(note);
		free(row->reviewer);
		free(row->reason);
		return NOMEM();
	}
	r->audit.n++;
	free(c->note);
	c->note = note;
	c->quality = MZG_Q_E;
	c->genotype = c->best_guess = pl->gt;
	c->probability = NAN;
	c->flags |= MZG_CF_OVERRIDE;
	return MZG_OK;
}

static int add_note(mzg_run *run, const char *when, size_t n)
{
	char **notes = mzg__realloc_array(run->notes, run->n_notes + 1,
	                                  sizeof *notes);
	char *s;

	if (!notes)
		return NOMEM();
	run->notes = notes;
	s = mzg__asprintf("reviewed %s with mzgeno %s: %zu override%s "
	                  "(audit.tsv)", when, mzg_version(), n, n == 1 ? "" : "s");
	if (!s)
		return NOMEM();
	run->notes[run->n_notes++] = s;
	return MZG_OK;
}

int mzg_review_apply(mzg_review *r, const mzg_overrides *ov, const char *now)
{
	planned *pl = NULL;
	char when[24];
	size_t i;
	int rc;

	if (!r || !r->run || !ov)
		return mzg__err(MZG_EINVAL, "nothing to review");
	if ((rc = utc_now(when, now)) < 0)
		return rc;
	pl = mzg__calloc_array(ov->n + 1, sizeof *pl);
	if (!pl)
		return NOMEM();
	for (i = 0; i < ov->n && rc == MZG_OK; i++)
		rc = plan_one(&pl[i], r, ov, &ov->rows[i]);
	if (rc == MZG_OK) {
		mzg_audit_row *rows = mzg__realloc_array(r->audit.rows,
		                                         r->audit.n + ov->n + 1,
		                                         sizeof *rows);

		if (!rows)
			rc = NOMEM();
		else
			r->audit.rows = rows;
	}
	for (i = 0; i < ov->n && rc == MZG_OK; i++)
		rc = apply_one(r, &pl[i], &ov->rows[i], when);
	if (rc == MZG_OK)
		rc = add_note(r->run, when, ov->n);
	free(pl);
	return rc;
}

/* ---- writing the reviewed set ---- */

static int audit_writer(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                        void *payload)
{
	(void)run;
	(void)qc;
	return mzg_audit_write(fp, payload);
}

static int same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int mzg_review_write(mzg_qc **qc_out, const char *outdir,
                     const mzg_review *r, unsigned flags)
{
	const mzg_report_file *std;
	size_t n_std = mzg_report_standard(&std), i;
	mzg_report_file *files = NULL;
	mzg_html_opts html = { &r->audit, 0 };
	mzg_qc *qc = NULL;
	int rc;

	if (qc_out)
		*qc_out = NULL;
	if (!outdir || !*outdir || !r || !r->run)
		return mzg__err(MZG_EINVAL, "no output directory");
	if (same_dir(outdir, r->dir))
		return mzg__err(MZG_EINVAL, "%s is the reviewed report itself: a "
		                "review is written to another directory", outdir);
	if ((rc = mzg_qc_evaluate(&qc, r->run, &r->qc_opts)) < 0)
		return rc;
	files = mzg__malloc_array(n_std + 1, sizeof *files);
	if (!files) {
		rc = NOMEM();
		goto out;
	}
	memcpy(files, std, n_std * sizeof *files);
	for (i = 0; i < n_std; i++)
		if (!strcmp(files[i].name, "report.html"))
			files[i].payload = &html;
	files[n_std] = (mzg_report_file){ "audit.tsv", audit_writer,
	                                  (void *)&r->audit };
	rc = mzg_report_write_files(outdir, files, n_std + 1, r->run, qc, flags);
out:
	free(files);
	if (rc == MZG_OK && qc_out)
		*qc_out = qc;
	else
		mzg_qc_free(qc);
	return rc;
}
