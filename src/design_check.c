/*
 * design_check.c -- collisions between the expected species of a design.
 *
 * Two species of one multiplex whose masses are closer than the width of a
 * peak cannot be measured apart: if they belong to different assays one
 * assay's signal is read as another's, which can turn into a confident
 * wrong genotype. The check lists every such pair over all target kinds
 * (UEPs, allele products, Na+/K+ adducts, 2+ ions, pausing peaks) with
 * the peak width m/resolution at their mean mass. Pairs within one assay
 * (the Na+ adduct of an A product sits 6 Da from the G product) are
 * expected in every iPLEX design; they are notes for the measurement
 * stage, not design faults. The mass mismatches met while loading are
 * carried into the same report.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "design_priv.h"

typedef struct issues {
	mzg_design_issue *v;
	size_t n, cap;
} issues;

static int push(issues *is, const mzg_design_issue *x)
{
	if (mzg__grow((void **)&is->v, &is->cap, is->n + 1, sizeof *is->v) < 0)
		return mzg__err(MZG_ENOMEM, "out of memory");
	is->v[is->n++] = *x;
	return MZG_OK;
}

static char *pair_text(const mzg_plex *p, const mzg_design_issue *x)
{
	char a[96], b[96];

	mzg_target_describe(a, sizeof a, p, &x->a);
	mzg_target_describe(b, sizeof b, p, &x->b);
	if (x->kind == MZG_ISSUE_COLLISION)
		return mzg__asprintf("%s: %s (%.2f Da) and %s (%.2f Da) are "
		                     "%.2f Da apart, closer than the peak width "
		                     "%.2f Da", p->name, a, x->a.mass, b, x->b.mass,
		                     x->gap, x->width);
	return mzg__asprintf("%s: %s (%.2f Da) is %.2f Da from %s (%.2f Da), "
	                     "within the peak width %.2f Da: measurement must "
	                     "resolve them", p->name, a, x->a.mass, x->gap, b,
	                     x->b.mass, x->width);
}

/* Every pair of targets of plex @p pi closer than the peak width. */
static int check_plex(issues *is, size_t *n_species, const mzg_design *d,
                      size_t pi, double res)
{
	const mzg_plex *p = &d->plex[pi];
	mzg_target *t = NULL;
	size_t n, i, j;
	int rc;

	if ((rc = mzg_plex_targets(&t, &n, p, MZG_TMASK_ALL)) < 0)
		return rc;
	*n_species += n;
	for (i = 0; i < n && rc == MZG_OK; i++) {
		/* gap < mean/res holds only while m_j < m_i * res / (res - 1) */
		double limit = t[i].mass * res / (res - 1.0);

		for (j = i + 1; j < n && t[j].mass < limit; j++) {
			mzg_design_issue x;

			memset(&x, 0, sizeof x);
			x.gap = t[j].mass - t[i].mass;
			x.width = (t[i].mass + t[j].mass) / 2.0 / res;
			if (!(x.gap < x.width))
				continue;
			x.kind = t[i].assay == t[j].assay ? MZG_ISSUE_NOTE
			                                  : MZG_ISSUE_COLLISION;
			x.plex = pi;
			x.a = t[i];
			x.b = t[j];
			if (!(x.text = pair_text(p, &x))) {
				rc = mzg__err(MZG_ENOMEM, "out of memory");
				break;
			}
			if ((rc = push(is, &x)) < 0) {
				free(x.text);
				break;
			}
		}
	}
	free(t);
	return rc;
}

static int add_mismatches(issues *is, const mzg_design *d)
{
	size_t i;
	int rc;

	for (i = 0; i < d->n_notes; i++) {
		mzg_design_issue x;

		if (!d->note_mismatch || !d->note_mismatch[i])
			continue;
		memset(&x, 0, sizeof x);
		x.kind = MZG_ISSUE_MISMATCH;
		x.plex = SIZE_MAX;
		if (!(x.text = mzg__strdup(d->notes[i])))
			return mzg__err(MZG_ENOMEM, "out of memory");
		if ((rc = push(is, &x)) < 0) {
			free(x.text);
			return rc;
		}
	}
	return MZG_OK;
}

static int issue_cmp(const void *pa, const void *pb)
{
	const mzg_design_issue *a = pa, *b = pb;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->plex != b->plex)
		return a->plex < b->plex ? -1 : 1;
	if (a->a.mass != b->a.mass)
		return a->a.mass < b->a.mass ? -1 : 1;
	if (a->b.mass != b->b.mass)
		return a->b.mass < b->b.mass ? -1 : 1;
	return strcmp(a->text, b->text);
}

int mzg_design_check(mzg_design_report **out, const mzg_design *d,
                     double resolution)
{
	mzg_design_report *r = NULL;
	issues is = { NULL, 0, 0 };
	size_t i;
	int rc = MZG_OK;

	*out = NULL;
	if (isnan(resolution) || resolution <= 0)
		resolution = MZG_DEFAULT_RESOLUTION;
	if (!d || !(resolution > 1) || isinf(resolution))
		return mzg__err(MZG_EINVAL, "design check: resolution %g is not "
		                "above 1", resolution);
	if (!(r = calloc(1, sizeof *r)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	r->resolution = resolution;
	for (i = 0; i < d->n_plex && rc == MZG_OK; i++)
		rc = check_plex(&is, &r->n_species, d, i, resolution);
	if (rc == MZG_OK)
		rc = add_mismatches(&is, d);
	r->issues = is.v;
	r->n = is.n;
	if (rc < 0)
		goto out;
	if (r->n)  /* qsort(NULL, 0, ...) is undefined */
		qsort(r->issues, r->n, sizeof *r->issues, issue_cmp);
	for (i = 0; i < r->n; i++) {
		if (r->issues[i].kind == MZG_ISSUE_COLLISION)
			r->n_collisions++;
		else if (r->issues[i].kind == MZG_ISSUE_NOTE)
			r->n_notes++;
		else
			r->n_mismatches++;
	}
	*out = r;
	r = NULL;
out:
	mzg_design_report_free(r);
	return rc;
}

void mzg_design_report_free(mzg_design_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		free(r->issues[i].text);
	free(r->issues);
	free(r);
}
