/*
 * design.c -- the design model: building, freeing, looking up, listing the
 * expected species ("targets") of a multiplex, and writing a design back
 * out in the Agena Assay Design format.
 *
 * The targets are what the measurement stage looks for in every spectrum
 * of a multiplex: each UEP and allele product, the Na+ and K+ adducts and
 * the doubly charged ion of each, and the pausing peak where the design
 * gives one. They are listed sorted by mass so that neighbours (and so
 * collisions and measurement tolerances) are found by a linear sweep.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "design_priv.h"

mzg_design *mzg__design_new(const char *source)
{
	mzg_design *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->source = mzg__strdup(source ? source : "");
	if (!d->source) {
		free(d);
		return NULL;
	}
	return d;
}

void mzg__assay_clear(mzg_assay *a)
{
	int i;

	free(a->id);
	free(a->gene);
	free(a->uep_seq);
	for (i = 0; i < MZG_MAX_ALLELES; i++)
		free(a->ext_seq[i]);
	memset(a, 0, sizeof *a);
}

void mzg_design_free(mzg_design *d)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < d->n_plex; i++) {
		for (j = 0; j < d->plex[i].n_assays; j++)
			mzg__assay_clear(&d->plex[i].assays[j]);
		free(d->plex[i].assays);
		free(d->plex[i].name);
	}
	free(d->plex);
	for (i = 0; i < d->n_notes; i++)
		free(d->notes[i]);
	free(d->notes);
	free(d->note_mismatch);
	free(d->caveat);
	free(d->source);
	free(d);
}

const mzg_plex *mzg_design_plex(const mzg_design *d, const char *name)
{
	size_t i;

	if (!d || !name)
		return NULL;
	for (i = 0; i < d->n_plex; i++)
		if (!strcmp(d->plex[i].name, name))
			return &d->plex[i];
	return NULL;
}

size_t mzg_design_n_assays(const mzg_design *d)
{
	size_t i, n = 0;

	for (i = 0; d && i < d->n_plex; i++)
		n += d->plex[i].n_assays;
	return n;
}

int mzg__design_plex(mzg_design *d, const char *name, mzg_plex **out)
{
	mzg_plex *np;
	char *nm;
	size_t i;

	for (i = 0; i < d->n_plex; i++)
		if (!strcmp(d->plex[i].name, name)) {
			*out = &d->plex[i];
			return MZG_OK;
		}
	nm = mzg__strdup(name);
	np = nm ? mzg__realloc_array(d->plex, d->n_plex + 1, sizeof *np) : NULL;
	if (!np) {
		free(nm);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	d->plex = np;
	memset(&np[d->n_plex], 0, sizeof *np);
	np[d->n_plex].name = nm;
	*out = &np[d->n_plex++];
	return MZG_OK;
}

int mzg__plex_add_assay(mzg_plex *p, mzg_assay **out)
{
	mzg_assay *na;

	na = mzg__realloc_array(p->assays, p->n_assays + 1, sizeof *na);
	if (!na)
		return mzg__err(MZG_ENOMEM, "out of memory");
	p->assays = na;
	memset(&na[p->n_assays], 0, sizeof *na);
	*out = &na[p->n_assays++];
	return MZG_OK;
}

int mzg__design_note(mzg_design *d, int mismatch, const char *fmt, ...)
{
	char **nn, *s;
	unsigned char *nm;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return mzg__err(MZG_EINTERNAL, "cannot format a design note");
	s = malloc((size_t)n + 1);
	nn = s ? mzg__realloc_array(d->notes, d->n_notes + 1, sizeof *nn) : NULL;
	if (nn)
		d->notes = nn;
	nm = nn ? mzg__realloc_array(d->note_mismatch, d->n_notes + 1, 1) : NULL;
	if (!nm) {
		free(s);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	d->note_mismatch = nm;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->note_mismatch[d->n_notes] = mismatch ? 1 : 0;
	d->notes[d->n_notes++] = s;
	if (mismatch)
		d->n_mismatches++;
	mzg__log(MZG_LOG_WARN, "%s", s);
	return MZG_OK;
}

/* ---- targets ---- */

const char *mzg_target_kind_name(mzg_target_kind kind)
{
	static const char *const names[] = { "UEP", "allele", "Na", "K", "2+",
	                                     "pause" };

	if ((unsigned)kind >= MZG_ARRAY_LEN(names))
		return "?";
	return names[kind];
}

static int target_cmp(const void *pa, const void *pb)
{
	const mzg_target *a = pa, *b = pb;

	if (a->mass != b->mass)
		return a->mass < b->mass ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->assay != b->assay)
		return a->assay < b->assay ? -1 : 1;
	return (a->allele > b->allele) - (a->allele < b->allele);
}

/* Append the parent (UEP or allele product) at mass @p m and its
 * artefacts that @p kinds selects. */
static void add_parent(mzg_target *t, size_t *n, unsigned kinds,
                       mzg_target_kind kind, double m, int assay, int allele)
{
	const struct {
		mzg_target_kind k;
		double mass;
	} s[] = {
		{ kind, m },
		{ MZG_T_NA, m + MZG_NA_ADDUCT },
		{ MZG_T_K, m + MZG_K_ADDUCT },
		{ MZG_T_DOUBLY, (m + MZG_PROTON) / 2.0 },
	};
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(s); i++) {
		if (!(kinds & MZG_TMASK(s[i].k)))
			continue;
		t[*n].mass = s[i].mass;
		t[*n].kind = s[i].k;
		t[*n].assay = assay;
		t[*n].allele = allele;
		(*n)++;
	}
}

int mzg_plex_targets(mzg_target **out, size_t *n_out, const mzg_plex *p,
                     unsigned kinds)
{
	mzg_target *t;
	size_t i, n = 0, max;

	*out = NULL;
	*n_out = 0;
	if (!p || p->n_assays > INT_MAX)
		return mzg__err(MZG_EINVAL, "no multiplex, or too many assays");
	/* per assay at most (UEP + 4 alleles) x 4 species + 1 pause */
	max = p->n_assays ? p->n_assays : 1;
	t = mzg__malloc_array(max, sizeof *t * ((MZG_MAX_ALLELES + 1) * 4 + 1));
	if (!t)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < p->n_assays; i++) {
		const mzg_assay *a = &p->assays[i];
		int k;

		add_parent(t, &n, kinds, MZG_T_UEP, a->uep_mass, (int)i, -1);
		for (k = 0; k < a->n_alleles && k < MZG_MAX_ALLELES; k++)
			add_parent(t, &n, kinds, MZG_T_ALLELE, a->ext_mass[k],
			           (int)i, k);
		if (a->pause_mass > 0 && (kinds & MZG_TMASK(MZG_T_PAUSE))) {
			t[n].mass = a->pause_mass;
			t[n].kind = MZG_T_PAUSE;
			t[n].assay = (int)i;
			t[n].allele = -1;
			n++;
		}
	}
	qsort(t, n, sizeof *t, target_cmp);
	*out = t;
	*n_out = n;
	return MZG_OK;
}

int mzg_target_describe(char *buf, size_t size, const mzg_plex *p,
                        const mzg_target *t)
{
	const mzg_assay *a = NULL;
	char parent[32];
	const char *id = "?", *suffix = "";

	if (p && t->assay >= 0 && (size_t)t->assay < p->n_assays) {
		a = &p->assays[t->assay];
		id = a->id;
	}
	if (t->kind == MZG_T_PAUSE)
		return snprintf(buf, size, "%s pause", id);
	if (t->allele < 0 || !a || t->allele >= a->n_alleles)
		snprintf(parent, sizeof parent, "UEP");
	else
		snprintf(parent, sizeof parent, "EXT%d(%c)", t->allele + 1,
		         a->allele[t->allele]);
	if (t->kind == MZG_T_NA)
		suffix = "+Na";
	else if (t->kind == MZG_T_K)
		suffix = "+K";
	else if (t->kind == MZG_T_DOUBLY)
		suffix = " 2+";
	return snprintf(buf, size, "%s %s%s", id, parent, suffix);
}

/* ---- export ---- */

static int max_alleles(const mzg_design *d)
{
	size_t i, j;
	int m = 2;

	for (i = 0; i < d->n_plex; i++)
		for (j = 0; j < d->plex[i].n_assays; j++)
			if (d->plex[i].assays[j].n_alleles > m)
				m = d->plex[i].assays[j].n_alleles;
	return m > MZG_MAX_ALLELES ? MZG_MAX_ALLELES : m;
}

static void write_caveat(FILE *fp, const char *caveat)
{
	const char *s = caveat, *e;

	while (s && *s) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		fprintf(fp, "# caveat: %.*s\n", (int)(e - s), s);
		s = *e ? e + 1 : e;
	}
}

static void write_assay(FILE *fp, const char *plex, const mzg_assay *a,
                        int n_ext)
{
	int k;

	fprintf(fp, "%s\t%s\t%s\t\t\t\t\t\t\t\t\t%c\t%.2f\t%s", plex,
	        a->chem == MZG_CHEM_HME ? "hME" : "iPLEX", a->id,
	        a->dir, a->uep_mass, a->uep_seq ? a->uep_seq : "");
	for (k = 0; k < n_ext; k++) {
		if (k < a->n_alleles)
			fprintf(fp, "\t%c\t%.2f\t%s", a->allele[k], a->ext_mass[k],
			        a->ext_seq[k] ? a->ext_seq[k] : "");
		else
			fputs("\t\t\t", fp);
	}
	if (a->pause_mass > 0)
		fprintf(fp, "\t%.2f", a->pause_mass);
	else
		fputc('\t', fp);
	fprintf(fp, "\t%s\t%s\n", a->gene ? a->gene : "",
	        a->verified ? "yes" : "no");
}

int mzg_design_write(FILE *fp, const mzg_design *d)
{
	int n_ext = max_alleles(d), k;
	size_t i, j;

	write_caveat(fp, d->caveat);
	fputs("WELL\tTERM\tSNP_ID\t2nd-PCRP\t1st-PCRP\tAMP_LEN\tUP_CONF\t"
	      "MP_CONF\tTm(NN)\tPcGC\tPWARN\tUEP_DIR\tUEP_MASS\tUEP_SEQ", fp);
	for (k = 1; k <= n_ext; k++)
		fprintf(fp, "\tEXT%d_CALL\tEXT%d_MASS\tEXT%d_SEQ", k, k, k);
	fputs("\t1stPAUSE\tGENE\tVERIFIED\n", fp);
	for (i = 0; i < d->n_plex; i++)
		for (j = 0; j < d->plex[i].n_assays; j++)
			write_assay(fp, d->plex[i].name, &d->plex[i].assays[j],
			            n_ext);
	if (fflush(fp) != 0 || ferror(fp))
		return mzg__err(MZG_EIO, "cannot write the design");
	return MZG_OK;
}
