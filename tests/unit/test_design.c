/*
 * test_design.c -- unit tests of the design module: the mass model, the
 * built-in fas8 panel, targets, the Agena export reader and writer, and
 * the collision check.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design_priv.h"
#include "runner.h"

#define EPS 1e-9

/* ---- mass model ---- */

static void test_oligo_mass(void)
{
	/* the worked check of domain.md 2.2 */
	CU_ASSERT_DOUBLE_EQUAL(mzg_oligo_mass("ACGTACGTACGTACGTA"), 5194.45, EPS);
	CU_ASSERT_DOUBLE_EQUAL(mzg_oligo_mass("acgtacgtacgtacgta"), 5194.45, EPS);
	CU_ASSERT_DOUBLE_EQUAL(mzg_oligo_mass("A"), 313.21 - 61.96, EPS);
	CU_ASSERT_DOUBLE_EQUAL(mzg_oligo_mass("GGGG"), 4 * 329.21 - 61.96, EPS);
	CU_ASSERT(isnan(mzg_oligo_mass("ACGN")));
	CU_ASSERT(isnan(mzg_oligo_mass("ACG U")));
	CU_ASSERT(isnan(mzg_oligo_mass("")));
	CU_ASSERT(isnan(mzg_oligo_mass(NULL)));
}

static void test_increments(void)
{
	static const char bases[] = "ACGT";
	static const double iplex[] = { 271.2, 247.2, 287.2, 327.1 };
	static const double hme[] = { 297.21, 273.18, 313.21, 288.20 };
	int i;

	for (i = 0; i < 4; i++) {
		char b = bases[i], c = mzg_base_complement(b);
		int ci = (int)(strchr(bases, c) - bases);

		/* forward: the allele itself is added */
		CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment(b, 'F', MZG_CHEM_IPLEX),
		                       iplex[i], EPS);
		CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment(b, 'F', MZG_CHEM_HME),
		                       hme[i], EPS);
		/* reverse: the complement is added */
		CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment(b, 'R', MZG_CHEM_IPLEX),
		                       iplex[ci], EPS);
		CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment(b, 'R', MZG_CHEM_HME),
		                       hme[ci], EPS);
	}
	/* named cases: A on R adds T */
	CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment('A', 'R', MZG_CHEM_IPLEX), 327.1,
	                       EPS);
	CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment('g', 'r', MZG_CHEM_IPLEX), 247.2,
	                       EPS);
	/* hME ddNMP = dNMP residue - O (16.00) */
	CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment('A', 'F', MZG_CHEM_HME),
	                       313.21 - 16.00, EPS);
	/* iPLEX A/G is the minimum separation, 16 Da */
	CU_ASSERT_DOUBLE_EQUAL(mzg_ext_increment('G', 'F', MZG_CHEM_IPLEX) -
	                       mzg_ext_increment('A', 'F', MZG_CHEM_IPLEX), 16.0,
	                       EPS);
	CU_ASSERT(isnan(mzg_ext_increment('N', 'F', MZG_CHEM_IPLEX)));
	CU_ASSERT(isnan(mzg_ext_increment('A', 'X', MZG_CHEM_IPLEX)));
	CU_ASSERT(isnan(mzg_ext_increment('A', 'F', (mzg_chem)7)));
	CU_ASSERT_EQUAL(mzg_base_complement('c'), 'G');
	CU_ASSERT_EQUAL(mzg_base_complement('N'), 0);
}

static void test_added_mass(void)
{
	/* one terminator (iPLEX), and hME: dG then ddA */
	CU_ASSERT_DOUBLE_EQUAL(mzg__added_mass("T", 1, MZG_CHEM_IPLEX), 327.1, EPS);
	CU_ASSERT_DOUBLE_EQUAL(mzg__added_mass("GA", 2, MZG_CHEM_HME),
	                       329.21 + 297.21, EPS);
	CU_ASSERT(isnan(mzg__added_mass("", 0, MZG_CHEM_HME)));
	CU_ASSERT(isnan(mzg__added_mass("X", 1, MZG_CHEM_HME)));
}

/* ---- fas8 ---- */

static void test_fas8_content(void)
{
	static const char *const ids[] = { "rs1800682", "rs2229521",
		"rs2234767", "rs2234978", "rs763110", "rs13006529", "rs1439123",
		"rs2288713" };
	mzg_design *d = NULL;
	const mzg_plex *p;
	size_t i, j;

	CU_ASSERT_EQUAL_FATAL(mzg_design_load(&d, "fas8"), 0);
	CU_ASSERT_EQUAL(d->n_plex, 1);
	CU_ASSERT_PTR_NOT_NULL(d->caveat);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->caveat, "NOT validated"));
	p = mzg_design_plex(d, "W1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_NULL(mzg_design_plex(d, "W2"));
	CU_ASSERT_EQUAL(p->n_assays, 8);
	CU_ASSERT_EQUAL(mzg_design_n_assays(d), 8);
	for (i = 0; i < MZG_ARRAY_LEN(ids); i++) {
		int found = 0;

		for (j = 0; j < p->n_assays; j++)
			found += !strcmp(p->assays[j].id, ids[i]);
		CU_ASSERT_EQUAL(found, 1);
	}
	for (j = 0; j < p->n_assays; j++) {
		const mzg_assay *a = &p->assays[j];
		size_t len = strlen(a->uep_seq);
		const char *id = a->id;

		CU_ASSERT(len >= 15 && len <= 27);
		CU_ASSERT_PTR_NOT_NULL(a->gene);
		CU_ASSERT_EQUAL(a->n_alleles, 2);
		CU_ASSERT_DOUBLE_EQUAL(a->uep_mass, mzg_oligo_mass(a->uep_seq), EPS);
		CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0], mzg__mass_round(a->uep_mass +
		                       mzg_ext_increment(a->allele[0], a->dir,
		                                         MZG_CHEM_IPLEX)), EPS);
		if (!strcmp(id, "rs2234767"))
			CU_ASSERT(a->allele[0] == 'G' && a->allele[1] == 'A' &&
			          a->verified && !strcmp(a->gene, "FAS"));
		if (!strcmp(id, "rs1800682"))
			CU_ASSERT(a->allele[0] == 'A' && a->allele[1] == 'G' &&
			          a->verified);
		if (!strcmp(id, "rs763110"))
			CU_ASSERT(a->allele[0] == 'C' && a->allele[1] == 'T' &&
			          !strcmp(a->gene, "FASLG"));
		if (!strcmp(id, "rs13006529"))
			CU_ASSERT(a->allele[0] == 'A' && a->allele[1] == 'T' &&
			          !strcmp(a->gene, "CASP10"));
		if (!strcmp(id, "rs1439123") || !strcmp(id, "rs2288713"))
			CU_ASSERT(!a->verified && !strcmp(a->gene, "APAF1"));
		if (!strcmp(id, "rs2229521") || !strcmp(id, "rs2234978"))
			CU_ASSERT(!a->verified && !strcmp(a->gene, "FAS"));
	}
	mzg_design_free(d);
}

/* Every species of different assays >= 30 Da apart where either lies in
 * 4300-9000 Da; every singly charged species inside the window. */
static void test_fas8_spacing(void)
{
	mzg_design *d = NULL;
	mzg_target *t = NULL;
	size_t n = 0, i, j;
	double min_gap = 1e9;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_plex_targets(&t, &n, &d->plex[0],
	                                       MZG_TMASK_ALL), 0);
	CU_ASSERT_EQUAL(n, 8 * 3 * 4); /* no pause masses in fas8 */
	for (i = 0; i < n; i++) {
		if (t[i].kind != MZG_T_DOUBLY)
			CU_ASSERT(t[i].mass >= 4300 && t[i].mass <= 9000);
		for (j = i + 1; j < n; j++) {
			int in = (t[i].mass >= 4300 && t[i].mass <= 9000) ||
			         (t[j].mass >= 4300 && t[j].mass <= 9000);

			if (t[i].assay != t[j].assay && in &&
			    fabs(t[j].mass - t[i].mass) < min_gap)
				min_gap = fabs(t[j].mass - t[i].mass);
		}
	}
	CU_ASSERT(min_gap >= 30.0);
	free(t);
	mzg_design_free(d);
}

/* ---- targets ---- */

static void test_targets(void)
{
	mzg_design *d = NULL;
	mzg_target *t = NULL;
	const mzg_plex *p;
	const mzg_assay *a;
	size_t n = 0, i;
	int seen = 0;
	char buf[64];

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	p = &d->plex[0];
	CU_ASSERT_EQUAL_FATAL(mzg_plex_targets(&t, &n, p, MZG_TMASK_ALL), 0);
	for (i = 1; i < n; i++)
		CU_ASSERT(t[i - 1].mass <= t[i].mass);
	for (i = 0; i < n; i++) {
		a = &p->assays[t[i].assay];
		if (t[i].kind == MZG_T_NA && t[i].allele == 1) {
			CU_ASSERT_DOUBLE_EQUAL(t[i].mass, a->ext_mass[1] + 21.98, EPS);
			seen |= 1;
		}
		if (t[i].kind == MZG_T_K && t[i].allele == -1) {
			CU_ASSERT_DOUBLE_EQUAL(t[i].mass, a->uep_mass + 38.09, EPS);
			seen |= 2;
		}
		if (t[i].kind == MZG_T_DOUBLY && t[i].allele == 0) {
			CU_ASSERT_DOUBLE_EQUAL(t[i].mass, (a->ext_mass[0] + 1.008) / 2,
			                       EPS);
			seen |= 4;
		}
	}
	CU_ASSERT_EQUAL(seen, 7);
	free(t);
	/* a mask selects kinds */
	CU_ASSERT_EQUAL_FATAL(mzg_plex_targets(&t, &n, p, MZG_TMASK(MZG_T_UEP) |
	                                       MZG_TMASK(MZG_T_ALLELE)), 0);
	CU_ASSERT_EQUAL(n, 24);
	for (i = 0; i < n; i++)
		CU_ASSERT(t[i].kind == MZG_T_UEP || t[i].kind == MZG_T_ALLELE);
	/* describe */
	for (i = 0; i < n; i++)
		if (t[i].kind == MZG_T_ALLELE && t[i].allele == 0 &&
		    !strcmp(p->assays[t[i].assay].id, "rs1800682")) {
			mzg_target x = t[i];

			mzg_target_describe(buf, sizeof buf, p, &x);
			CU_ASSERT_STRING_EQUAL(buf, "rs1800682 EXT1(A)");
			x.kind = MZG_T_NA;
			mzg_target_describe(buf, sizeof buf, p, &x);
			CU_ASSERT_STRING_EQUAL(buf, "rs1800682 EXT1(A)+Na");
			x.kind = MZG_T_DOUBLY;
			x.allele = -1;
			mzg_target_describe(buf, sizeof buf, p, &x);
			CU_ASSERT_STRING_EQUAL(buf, "rs1800682 UEP 2+");
		}
	CU_ASSERT_STRING_EQUAL(mzg_target_kind_name(MZG_T_PAUSE), "pause");
	free(t);
	mzg_design_free(d);
}

/* ---- the Agena export reader ---- */

static mzg_design *load_data(const char *name)
{
	mzg_design *d = NULL;
	int rc = mzg_design_load(&d, mzg_test_path(mzg_test_data(), name));

	if (rc)
		fprintf(stderr, "%s: %s\n", name, mzg_errmsg());
	CU_ASSERT_EQUAL(rc, 0);
	return d;
}

static const mzg_assay *find(const mzg_design *d, const char *id)
{
	size_t i, j;

	for (i = 0; d && i < d->n_plex; i++)
		for (j = 0; j < d->plex[i].n_assays; j++)
			if (!strcmp(d->plex[i].assays[j].id, id))
				return &d->plex[i].assays[j];
	return NULL;
}

static void test_load_sequences_only(void)
{
	mzg_design *d = load_data("design/seq_only.tsv");
	const mzg_assay *a;
	double u;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->n_plex, 2);
	CU_ASSERT_EQUAL(mzg_design_plex(d, "W1")->n_assays, 3);
	CU_ASSERT_EQUAL(mzg_design_plex(d, "W2")->n_assays, 2);
	CU_ASSERT_EQUAL(d->n_notes, 0);
	CU_ASSERT_PTR_NULL(d->caveat);
	/* forward A/G: A and G are added */
	a = find(d, "rs0000001");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	u = mzg_oligo_mass("GACCTGAAGTCCTTAGC");
	CU_ASSERT_EQUAL(a->dir, 'F');
	CU_ASSERT_EQUAL(a->chem, MZG_CHEM_IPLEX);
	CU_ASSERT_DOUBLE_EQUAL(a->uep_mass, u, EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0], mzg__mass_round(u + 271.2), EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[1], mzg__mass_round(u + 287.2), EPS);
	CU_ASSERT_EQUAL(a->line, 2);
	CU_ASSERT(a->verified);
	/* reverse C/T: G and A are added */
	a = find(d, "rs0000002");
	u = mzg_oligo_mass("TTGCAGGACATCGTACCAGA");
	CU_ASSERT_EQUAL(a->dir, 'R');
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0], mzg__mass_round(u + 287.2), EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[1], mzg__mass_round(u + 271.2), EPS);
	CU_ASSERT_STRING_EQUAL(a->ext_seq[1], "TTGCAGGACATCGTACCAGAA");
	/* reverse A/C: T and G are added */
	a = find(d, "rs0000004");
	u = mzg_oligo_mass("AGGCTTCATTCGAGC");
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0], mzg__mass_round(u + 327.1), EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[1], mzg__mass_round(u + 287.2), EPS);
	mzg_design_free(d);
}

static void test_load_masses_only(void)
{
	mzg_design *d = load_data("design/mass_only.tsv");
	const mzg_assay *a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->n_notes, 0);
	a = find(d, "rs0000001");
	CU_ASSERT_PTR_NULL(a->uep_seq);
	CU_ASSERT_PTR_NULL(a->ext_seq[0]);
	CU_ASSERT_DOUBLE_EQUAL(a->uep_mass, 5170.4, EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0], 5441.6, EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[1], 5457.6, EPS);
	a = find(d, "rs0000004");
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0], 4895.1, EPS);
	mzg_design_free(d);
}

static void test_load_both_mismatch(void)
{
	mzg_design *d = load_data("design/both.tsv");
	const mzg_assay *a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	/* rs0000003's UEP_MASS is 1 Da above its sequence: kept and noted;
	 * its EXT masses agree with the given UEP mass, so no more notes */
	CU_ASSERT_EQUAL(d->n_notes, 1);
	CU_ASSERT_EQUAL(d->n_mismatches, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->notes[0],
	                              "both.tsv:4: column UEP_MASS: rs0000003"));
	a = find(d, "rs0000003");
	CU_ASSERT_DOUBLE_EQUAL(a->uep_mass,
	                       mzg_oligo_mass("CAGTGGTTCACTCAAAGGTTCT") + 1.0, 0.06);
	a = find(d, "rs0000001");
	CU_ASSERT_DOUBLE_EQUAL(a->uep_mass, 5170.4, EPS);
	mzg_design_free(d);
}

static void test_load_hme(void)
{
	mzg_design *i = load_data("design/seq_only.tsv");
	mzg_design *h = load_data("design/hme.tsv");
	const mzg_assay *a, *b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(h->n_notes, 0);
	a = find(h, "rs0000002");
	b = find(i, "rs0000002");
	CU_ASSERT_EQUAL(a->chem, MZG_CHEM_HME);
	CU_ASSERT_DOUBLE_EQUAL(a->uep_mass, b->uep_mass, 0.051);
	/* R, C/T: ddG and ddA residues instead of the iPLEX terminators */
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[0] - a->uep_mass, 313.21, 0.11);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[1] - a->uep_mass, 297.21, 0.11);
	CU_ASSERT_DOUBLE_EQUAL(b->ext_mass[0] - b->uep_mass, 287.2, EPS);
	mzg_design_free(i);
	mzg_design_free(h);
}

static void test_load_messy(void)
{
	mzg_design *m = load_data("design/messy.tsv");
	mzg_design *c = load_data("design/mass_only.tsv");
	size_t i, j;
	int k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(m->n_notes, 0);
	CU_ASSERT_EQUAL_FATAL(m->n_plex, c->n_plex);
	for (i = 0; i < m->n_plex; i++) {
		CU_ASSERT_STRING_EQUAL(m->plex[i].name, c->plex[i].name);
		CU_ASSERT_EQUAL_FATAL(m->plex[i].n_assays, c->plex[i].n_assays);
		for (j = 0; j < m->plex[i].n_assays; j++) {
			const mzg_assay *x = &m->plex[i].assays[j];
			const mzg_assay *y = &c->plex[i].assays[j];

			CU_ASSERT_STRING_EQUAL(x->id, y->id);
			CU_ASSERT_EQUAL(x->chem, MZG_CHEM_IPLEX);
			CU_ASSERT_EQUAL(x->uep_mass, y->uep_mass);
			for (k = 0; k < 2; k++)
				CU_ASSERT_EQUAL(x->ext_mass[k], y->ext_mass[k]);
		}
	}
	/* lower-case bases were upper-cased */
	CU_ASSERT_STRING_EQUAL(find(m, "rs0000001")->uep_seq,
	                       "GACCTGAAGTCCTTAGC");
	mzg_design_free(m);
	mzg_design_free(c);
}

/* Loading @p name fails with MZG_EFORMAT and a message containing
 * "<name>:<where>". */
static void expect_bad(const char *name, const char *where)
{
	mzg_design *d = NULL;
	char want[128];
	int rc;

	rc = mzg_design_load(&d, mzg_test_path(mzg_test_data(), name));
	CU_ASSERT_EQUAL(rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NULL(d);
	snprintf(want, sizeof want, "%s:%s", name, where);
	if (!strstr(mzg_errmsg(), want)) {
		fprintf(stderr, "want '%s' in '%s'\n", want, mzg_errmsg());
		CU_FAIL("error message lacks file:line: column");
	}
}

static void test_load_malformed(void)
{
	expect_bad("design/bad_missing_column.tsv", "1: column UEP_DIR: missing");
	expect_bad("design/bad_mass.tsv", "3: column UEP_MASS: expected a mass");
	expect_bad("design/bad_base.tsv", "2: column UEP_SEQ: unknown base 'N'");
	expect_bad("design/bad_no_uep.tsv", "3: column UEP_SEQ: assay rs0000002 "
	           "has no UEP");
	expect_bad("design/bad_one_allele.tsv", "3: column EXT2_CALL");
	expect_bad("design/bad_duplicate.tsv", "4: column SNP_ID: assay "
	           "rs0000001 appears twice");
	expect_bad("design/bad_ext_seq.tsv", "3: column EXT1_SEQ: the first "
	           "added base is C, expected G");
}

/* Damaged copies of a valid export (bytes flipped, lines cut) load or fail
 * cleanly; under ASan this catches overreads and leaks. */
static void test_load_damaged(void)
{
	size_t len = 0, i, k;
	char *text = mzg_test_slurp(mzg_test_path(mzg_test_data(),
	                                          "design/messy.tsv"), &len);
	const char *path = mzg_test_path(mzg_test_tmpdir(), "damaged.tsv");
	static const char junk[] = "\t\n\r#ACGTN.-9e\xEF\xBB\xBF\0";
	unsigned seed = 12345;
	int ok = 0, bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (i = 0; i < 400; i++) {
		char *copy = malloc(len + 1);
		size_t cut = len;
		mzg_design *d = NULL;
		FILE *fp;
		int rc;

		memcpy(copy, text, len + 1);
		for (k = 0; k < 1 + i % 5; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % len] = junk[(seed >> 20) % (sizeof junk - 1)];
		}
		if (i % 7 == 0)
			cut = (seed >> 4) % len;
		fp = fopen(path, "wb");
		CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
		fwrite(copy, 1, cut, fp);
		fclose(fp);
		rc = mzg_design_load(&d, path);
		CU_ASSERT(rc == 0 || rc == MZG_EFORMAT || rc == MZG_ELIMIT);
		CU_ASSERT((rc == 0) == (d != NULL));
		if (rc == 0) {
			mzg_design_report *r = NULL;

			ok++;
			CU_ASSERT_EQUAL(mzg_design_check(&r, d, 0), 0);
			mzg_design_report_free(r);
		} else {
			bad++;
			CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "damaged.tsv"));
		}
		mzg_design_free(d);
		free(copy);
	}
	CU_ASSERT(ok > 0 && bad > 0);
	free(text);
}

/* Write @p text to a scratch file and load it. */
static int load_text(mzg_design **d, const char *text)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), "inline.tsv");
	FILE *fp = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
	return mzg_design_load(d, path);
}

#define HDR "WELL\tTERM\tSNP_ID\tUEP_DIR\tUEP_MASS\tUEP_SEQ\tEXT1_CALL\t" \
	"EXT2_CALL\tEXT3_CALL\t1stPAUSE\tGENE\tVERIFIED\n"

static void test_load_inline(void)
{
	mzg_design *d = NULL;
	const mzg_assay *a;

	/* three alleles, a pause mass, gene, unverified */
	CU_ASSERT_EQUAL_FATAL(load_text(&d, HDR "W1\tiplex\tr1\tf\t\tACGTACGTACGT"
	                                "ACGTA\tA\tC\tG\t5507.6\tXYZ\tno\n"), 0);
	a = &d->plex[0].assays[0];
	CU_ASSERT_EQUAL(a->n_alleles, 3);
	CU_ASSERT_DOUBLE_EQUAL(a->ext_mass[2], 5194.45 + 287.2, EPS);
	CU_ASSERT_DOUBLE_EQUAL(a->pause_mass, 5507.6, EPS);
	CU_ASSERT_STRING_EQUAL(a->gene, "XYZ");
	CU_ASSERT_EQUAL(a->verified, 0);
	mzg_design_free(d);
	/* a pause that is not a mass is a note, not an error */
	CU_ASSERT_EQUAL_FATAL(load_text(&d, HDR "W1\t\tr1\tR\t5000\t\tA\tC\t\t"
	                                "n/a\t\t\n"), 0);
	CU_ASSERT_EQUAL(d->n_notes, 1);
	CU_ASSERT_EQUAL(d->n_mismatches, 0);
	CU_ASSERT_EQUAL(d->plex[0].assays[0].pause_mass, 0);
	mzg_design_free(d);
	/* errors */
	CU_ASSERT_EQUAL(load_text(&d, HDR "W1\tddNTP\tr1\tF\t5000\t\tA\tC\n"),
	                MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), ":2: column TERM"));
	CU_ASSERT_EQUAL(load_text(&d, HDR "W1\t\tr1\tX\t5000\t\tA\tC\n"),
	                MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "column UEP_DIR"));
	CU_ASSERT_EQUAL(load_text(&d, HDR "W1\t\tr1\tF\t5000\t\tA\tA\n"),
	                MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "column EXT2_CALL"));
	CU_ASSERT_EQUAL(load_text(&d, HDR "W1\t\tr1\tF\t-5\t\tA\tC\n"),
	                MZG_EFORMAT);
	CU_ASSERT_EQUAL(load_text(&d, HDR "W1\t\tr1\tF\tnan\t\tA\tC\n"),
	                MZG_EFORMAT);
	CU_ASSERT_EQUAL(load_text(&d, HDR "\t\tr1\tF\t5000\t\tA\tC\n"),
	                MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "column WELL"));
	CU_ASSERT_EQUAL(load_text(&d, HDR), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "no assays"));
	CU_ASSERT_EQUAL(load_text(&d, "\n\n"), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "no header"));
	{
		/* a 400-nt "UEP" (about 124 kDa) is not an extension primer */
		static const char row[] = HDR "W1\t\tr1\tF\t\t";
		char *big = malloc(sizeof row + 400 + 16);

		CU_ASSERT_PTR_NOT_NULL_FATAL(big);
		memcpy(big, row, sizeof row - 1);
		memset(big + sizeof row - 1, 'A', 400);
		strcpy(big + sizeof row - 1 + 400, "\tA\tC\n");
		CU_ASSERT_EQUAL(load_text(&d, big), MZG_EFORMAT);
		CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "400-nt UEP"));
		free(big);
	}
	CU_ASSERT_EQUAL(load_text(&d, "WELL\tWELL\tSNP_ID\n"), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "appears twice"));
	CU_ASSERT_EQUAL(mzg_design_load(&d, "/nonexistent/x.tsv"), MZG_EIO);
	CU_ASSERT_PTR_NULL(d);
}

/* Export then load: same structure and bit-identical masses. */
static void roundtrip(const mzg_design *d)
{
	mzg_design *r = NULL;
	FILE *fp = tmpfile();
	size_t i, j;
	int k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(mzg_design_write(fp, d), 0);
	rewind(fp);
	CU_ASSERT_EQUAL_FATAL(mzg_design_read(&r, fp, "export"), 0);
	fclose(fp);
	CU_ASSERT_EQUAL_FATAL(r->n_plex, d->n_plex);
	CU_ASSERT((!d->caveat && !r->caveat) ||
	          (d->caveat && r->caveat && !strcmp(d->caveat, r->caveat)));
	CU_ASSERT_EQUAL(r->n_mismatches, d->n_mismatches);
	for (i = 0; i < d->n_plex; i++) {
		CU_ASSERT_EQUAL_FATAL(r->plex[i].n_assays, d->plex[i].n_assays);
		for (j = 0; j < d->plex[i].n_assays; j++) {
			const mzg_assay *x = &d->plex[i].assays[j];
			const mzg_assay *y = &r->plex[i].assays[j];

			CU_ASSERT_STRING_EQUAL(x->id, y->id);
			CU_ASSERT(x->dir == y->dir && x->chem == y->chem &&
			          x->verified == y->verified &&
			          x->n_alleles == y->n_alleles);
			CU_ASSERT((!x->gene && !y->gene) || !strcmp(x->gene, y->gene));
			CU_ASSERT_EQUAL(x->uep_mass, y->uep_mass);
			CU_ASSERT_EQUAL(x->pause_mass, y->pause_mass);
			for (k = 0; k < x->n_alleles; k++) {
				CU_ASSERT_EQUAL(x->allele[k], y->allele[k]);
				CU_ASSERT_EQUAL(x->ext_mass[k], y->ext_mass[k]);
			}
		}
	}
	mzg_design_free(r);
}

static void test_roundtrip(void)
{
	mzg_design *d = NULL;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	roundtrip(d);
	mzg_design_free(d);
	d = load_data("design/both.tsv");
	roundtrip(d);
	mzg_design_free(d);
	d = load_data("design/hme.tsv");
	roundtrip(d);
	mzg_design_free(d);
}

/* ---- collision check ---- */

static void test_check_adduct_collision(void)
{
	mzg_design *d = load_data("design/collision.tsv");
	mzg_design_report *r = NULL;
	const mzg_design_issue *x;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&r, d, 0), 0);
	CU_ASSERT_EQUAL(r->resolution, 600.0);
	CU_ASSERT_EQUAL(r->n_species, 24);
	CU_ASSERT_EQUAL_FATAL(r->n_collisions, 1);
	x = &r->issues[0];
	CU_ASSERT_EQUAL(x->kind, MZG_ISSUE_COLLISION);
	/* rsX EXT2(G)+K at 5325.29 and rsY UEP at 5328.00 */
	CU_ASSERT_EQUAL(x->a.kind, MZG_T_K);
	CU_ASSERT_EQUAL(x->a.allele, 1);
	CU_ASSERT_EQUAL(x->b.kind, MZG_T_UEP);
	CU_ASSERT_DOUBLE_EQUAL(x->gap, 2.71, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(x->width, (5325.29 + 5328.0) / 2 / 600, 1e-9);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->text, "rsX EXT2(G)+K"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x->text, "rsY UEP"));
	/* within rsX: A+Na 6 Da from G, and A+K next to G+Na: notes */
	CU_ASSERT_EQUAL(r->n_notes, 2);
	CU_ASSERT_EQUAL(r->issues[1].kind, MZG_ISSUE_NOTE);
	CU_ASSERT_EQUAL(r->n_mismatches, 0);
	CU_ASSERT_EQUAL(r->n, 3);
	mzg_design_report_free(r);
	/* at resolution 5000 the peaks are 1.07 Da wide: no collision */
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&r, d, 5000), 0);
	CU_ASSERT_EQUAL(r->n_collisions, 0);
	CU_ASSERT_EQUAL(r->n_notes, 1); /* A+K vs G+Na, 0.11 Da */
	mzg_design_report_free(r);
	/* at resolution 150 (36 Da peaks) UEP+Na etc. collide widely */
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&r, d, 150), 0);
	CU_ASSERT(r->n_collisions > 1);
	mzg_design_report_free(r);
	CU_ASSERT_EQUAL(mzg_design_check(&r, d, 0.5), MZG_EINVAL);
	CU_ASSERT_PTR_NULL(r);
	mzg_design_free(d);
}

static void test_check_fas8_and_mismatch(void)
{
	mzg_design *d = NULL;
	mzg_design_report *r = NULL;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&r, d, MZG_DEFAULT_RESOLUTION), 0);
	CU_ASSERT_EQUAL(r->n_collisions, 0);
	CU_ASSERT_EQUAL(r->n_mismatches, 0);
	/* the A/G assays give Na-adduct notes */
	CU_ASSERT(r->n_notes >= 2);
	for (i = 0; i < r->n; i++)
		CU_ASSERT_EQUAL(r->issues[i].a.assay, r->issues[i].b.assay);
	mzg_design_report_free(r);
	mzg_design_free(d);
	d = load_data("design/both.tsv");
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&r, d, 600), 0);
	CU_ASSERT_EQUAL(r->n_mismatches, 1);
	CU_ASSERT_EQUAL(r->issues[r->n - 1].kind, MZG_ISSUE_MISMATCH);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->issues[r->n - 1].text, "rs0000003"));
	mzg_design_report_free(r);
	mzg_design_free(d);
}

CU_TestInfo load_tests[] = {
	{ "sequences only, F and R", test_load_sequences_only },
	{ "masses only", test_load_masses_only },
	{ "masses and sequences, mismatch noted", test_load_both_mismatch },
	{ "hME vs iPLEX", test_load_hme },
	{ "BOM, CRLF, order, case, blanks", test_load_messy },
	{ "malformed files name file:line: column", test_load_malformed },
	{ "EXT3, pause, gene, verified, errors", test_load_inline },
	{ "damaged files load or fail cleanly", test_load_damaged },
	{ "export -> load round trip", test_roundtrip },
	CU_TEST_INFO_NULL,
};

CU_TestInfo check_tests[] = {
	{ "collision via an adduct", test_check_adduct_collision },
	{ "fas8 clean, mismatches listed", test_check_fas8_and_mismatch },
	CU_TEST_INFO_NULL,
};

CU_TestInfo mass_tests[] = {
	{ "oligo mass, worked check 5194.45", test_oligo_mass },
	{ "terminator increments F/R, iPLEX/hME", test_increments },
	{ "added mass of several bases", test_added_mass },
	CU_TEST_INFO_NULL,
};

CU_TestInfo fas8_tests[] = {
	{ "eight assays, genes, alleles", test_fas8_content },
	{ "species >= 30 Da apart in 4300-9000", test_fas8_spacing },
	{ "targets sorted, adducts, 2+, masks", test_targets },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "mass", NULL, NULL, NULL, NULL, mass_tests },
	{ "fas8", NULL, NULL, NULL, NULL, fas8_tests },
	{ "load", NULL, NULL, NULL, NULL, load_tests },
	{ "check", NULL, NULL, NULL, NULL, check_tests },
	CU_SUITE_INFO_NULL,
};
