/*
 * plate_check.c -- the plate sheet checked against the assay design.
 *
 * A sheet is written for a design: its multiplex names and assay columns
 * must exist there, and the expected genotypes of positive controls must
 * use their assay's alleles, or the control would be compared against
 * nothing and a failed control would pass unseen. Columns that are not
 * assays are ignored when they cannot hold an expectation (comment
 * columns, or nothing on any positive control), and stop the run when a
 * positive control has a value in them (most likely a misspelt assay ID).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "plate_internal.h"
#include "mzgeno/plate.h"

static int allele_index(const mzg_assay *a, char c)
{
	int i;

	for (i = 0; i < a->n_alleles && i < MZG_MAX_ALLELES; i++)
		if (toupper((unsigned char)a->allele[i]) == c)
			return i;
	return -1;
}

static void allele_list(char *buf, size_t cap, const mzg_assay *a)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < a->n_alleles && i < MZG_MAX_ALLELES && len + 4 < cap;
	     i++) {
		buf[len++] = a->allele[i];
		if (i + 1 < a->n_alleles) {
			buf[len++] = ',';
			buf[len++] = ' ';
		}
		buf[len] = '\0';
	}
}

int mzg_genotype_normalise(char out[3], const mzg_assay *a, const char *text)
{
	char al[2], list[16];
	int n = 0, i0, i1;
	const char *q;

	out[0] = '\0';
	for (q = text; q && *q; q++) {
		if (strchr("/:| -_\t", *q))
			continue;
		if (!isalpha((unsigned char)*q) || n == 2)
			return mzg__err(MZG_EINVAL, "'%s' is not a genotype (expected "
			                "two alleles such as AG or A/G)", text);
		al[n++] = (char)toupper((unsigned char)*q);
	}
	if (n == 0)
		return mzg__err(MZG_EINVAL, "'%s' is not a genotype (expected two "
		                "alleles such as AG or A/G)", text ? text : "");
	if (n == 1)
		al[1] = al[0];
	i0 = allele_index(a, al[0]);
	i1 = allele_index(a, al[1]);
	if (i0 < 0 || i1 < 0) {
		allele_list(list, sizeof list, a);
		return mzg__err(MZG_EINVAL, "genotype '%s': allele %c is not an "
		                "allele of %s (alleles %s)", text,
		                i0 < 0 ? al[0] : al[1], a->id, list);
	}
	out[0] = a->allele[i0 < i1 ? i0 : i1];
	out[1] = a->allele[i0 < i1 ? i1 : i0];
	out[2] = '\0';
	return MZG_OK;
}

/* "file:line" or "plate" for messages (static buffer per thread). */
static const char *where(const mzg_plate *p, size_t line)
{
	static _Thread_local char buf[512];

	if (p->source && line)
		snprintf(buf, sizeof buf, "%s:%zu", p->source, line);
	else if (p->source)
		snprintf(buf, sizeof buf, "%s", p->source);
	else
		snprintf(buf, sizeof buf, "plate");
	return buf;
}

/* The assay @p id of the design (case-insensitive) in multiplex @p plex
 * (NULL: any). */
static const mzg_assay *find_assay(const mzg_design *d, const mzg_plex *plex,
                                   const char *id)
{
	size_t i, k;

	for (i = 0; i < d->n_plex; i++) {
		if (plex && &d->plex[i] != plex)
			continue;
		for (k = 0; k < d->plex[i].n_assays; k++)
			if (mzg__strcaseeq(d->plex[i].assays[k].id, id))
				return &d->plex[i].assays[k];
	}
	return NULL;
}

static const mzg_plex *find_plex(const mzg_design *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n_plex; i++)
		if (mzg__strcaseeq(d->plex[i].name, name))
			return &d->plex[i];
	return NULL;
}

static int is_comment_column(const char *name)
{
	static const char *const names[] = { "comment", "comments", "note",
		"notes", "description", "remark", "remarks", NULL };
	const char *const *n;

	if (*name == '#' || *name == '_')
		return 1;
	for (n = names; *n; n++)
		if (mzg__strcaseeq(name, *n))
			return 1;
	return 0;
}

/* Replace *slot with a copy of @p s. */
static int replace_str(char **slot, const char *s)
{
	char *c;

	if (*slot && !strcmp(*slot, s))
		return MZG_OK;
	if (!(c = mzg__strdup(s)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	free(*slot);
	*slot = c;
	return MZG_OK;
}

/* Column @p j is not an assay of the design: ignore it, or refuse when a
 * positive control has a value in it. */
static int unknown_column(mzg_plate *p, size_t j)
{
	size_t i, used = 0;

	for (i = 0; i < p->n_wells; i++) {
		mzg_plate_well *w = &p->wells[i];

		if (!w->expected || !w->expected[j])
			continue;
		used++;
		if (w->role == MZG_ROLE_POSITIVE && !is_comment_column(p->assays[j]))
			return mzg__err(MZG_EFORMAT,
			                "%s: column '%s' is not an assay of the design, "
			                "but positive control %s (line %zu) has '%s' "
			                "in it (name a comment column 'comment')",
			                where(p, p->header_line), p->assays[j], w->well,
			                w->line, w->expected[j]);
		free(w->expected[j]);
		w->expected[j] = NULL;
	}
	if (used && !is_comment_column(p->assays[j]))
		mzg__log(MZG_LOG_WARN, "%s: column '%s' is not an assay of the "
		         "design; ignored", where(p, p->header_line), p->assays[j]);
	return MZG_OK;
}

static int check_columns(mzg_plate *p, const mzg_design *d)
{
	size_t j;
	int rc = MZG_OK;

	if (p->n_assays && !p->assay_known &&
	    !(p->assay_known = mzg__calloc_array(p->n_assays, sizeof(int))))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (j = 0; j < p->n_assays && rc == MZG_OK; j++) {
		const mzg_assay *a = find_assay(d, NULL, p->assays[j]);

		p->assay_known[j] = a != NULL;
		rc = a ? replace_str(&p->assays[j], a->id) : unknown_column(p, j);
	}
	return rc;
}

static int check_plex(mzg_plate *p, mzg_plate_well *w, const mzg_design *d,
                      const mzg_plex **plex)
{
	*plex = NULL;
	if (w->multiplex) {
		if (!(*plex = find_plex(d, w->multiplex)))
			return mzg__err(MZG_EFORMAT, "%s: well %s: multiplex '%s' is "
			                "not in the design", where(p, w->line), w->well,
			                w->multiplex);
		return replace_str(&w->multiplex, (*plex)->name);
	}
	if (d->n_plex == 1)
		*plex = &d->plex[0];
	else if (w->role != MZG_ROLE_EMPTY)
		return mzg__err(MZG_EFORMAT, "%s: well %s has no multiplex and the "
		                "design has %zu (give a 'multiplex' column)",
		                where(p, w->line), w->well, d->n_plex);
	return MZG_OK;
}

/* Check and normalise the expected genotype in column @p j of @p w. */
static int check_expected(mzg_plate *p, mzg_plate_well *w, size_t j,
                          const mzg_design *d, const mzg_plex *plex)
{
	const mzg_assay *a;
	char gt[3];

	if (w->role != MZG_ROLE_POSITIVE)
		return mzg__err(MZG_EFORMAT, "%s: well %s is a %s but has an "
		                "expected genotype '%s' for %s (only positive "
		                "controls carry expected genotypes)",
		                where(p, w->line), w->well, mzg_role_name(w->role),
		                w->expected[j], p->assays[j]);
	if (!(a = find_assay(d, plex, p->assays[j])))
		return mzg__err(MZG_EFORMAT, "%s: well %s: assay %s is not in "
		                "multiplex %s", where(p, w->line), w->well,
		                p->assays[j], plex ? plex->name : "?");
	if (mzg_genotype_normalise(gt, a, w->expected[j]) < 0)
		return mzg__err_prefix(MZG_EFORMAT, "%s: well %s, %s",
		                       where(p, w->line), w->well, a->id);
	return replace_str(&w->expected[j], gt);
}

static int check_well(mzg_plate *p, mzg_plate_well *w, const mzg_design *d)
{
	const mzg_plex *plex;
	size_t j;
	int rc;

	if ((rc = check_plex(p, w, d, &plex)) < 0)
		return rc;
	for (j = 0; j < p->n_assays && rc == MZG_OK; j++)
		if (p->assay_known[j] && w->expected && w->expected[j])
			rc = check_expected(p, w, j, d, plex);
	return rc;
}

int mzg_plate_validate(mzg_plate *p, const mzg_design *d)
{
	size_t i;
	int rc;

	if (!p || !d)
		return mzg__err(MZG_EINVAL, "plate or design missing");
	if (d->n_plex == 0)
		return mzg__err(MZG_EINVAL, "the design has no multiplex");
	if ((rc = check_columns(p, d)) < 0)
		return rc;
	for (i = 0; i < p->n_wells; i++)
		if ((rc = check_well(p, &p->wells[i], d)) < 0)
			return rc;
	p->validated = 1;
	return MZG_OK;
}
