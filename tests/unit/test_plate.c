/*
 * test_plate.c -- the plate-sheet parser: good sheets in TSV and CSV,
 * every malformed case with its file:line message, validation against a
 * design, duplicate sets and default plates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/plate.h"
#include "runner.h"

/* A hand-made design: W1 = the fas8 assays with their alleles, W2 = two
 * more assays (a second multiplex). Only ids and alleles matter here. */
static mzg_assay w1_assays[8], w2_assays[2];
static mzg_plex test_plex[2];
static mzg_design test_design;
static mzg_design one_plex;

static void set_assay(mzg_assay *a, const char *id, char a1, char a2)
{
	memset(a, 0, sizeof *a);
	a->id = (char *)id;
	a->dir = 'F';
	a->n_alleles = 2;
	a->allele[0] = a1;
	a->allele[1] = a2;
}

static int setup_design(void)
{
	static const struct { const char *id; char a1, a2; } fas8[] = {
		{ "rs2234767", 'G', 'A' }, { "rs1800682", 'A', 'G' },
		{ "rs763110", 'C', 'T' }, { "rs13006529", 'A', 'T' },
		{ "rs2229521", 'C', 'T' }, { "rs2234978", 'T', 'C' },
		{ "rs1439123", 'A', 'G' }, { "rs2288713", 'C', 'T' },
	};
	size_t i;

	for (i = 0; i < 8; i++)
		set_assay(&w1_assays[i], fas8[i].id, fas8[i].a1, fas8[i].a2);
	set_assay(&w2_assays[0], "rsW2a", 'A', 'C');
	set_assay(&w2_assays[1], "rsW2b", 'G', 'T');
	w2_assays[1].n_alleles = 3;
	w2_assays[1].allele[2] = 'C';
	test_plex[0] = (mzg_plex){ .name = "W1", .n_assays = 8,
	                           .assays = w1_assays };
	test_plex[1] = (mzg_plex){ .name = "W2", .n_assays = 2,
	                           .assays = w2_assays };
	test_design = (mzg_design){ .source = "test", .n_plex = 2,
	                            .plex = test_plex };
	one_plex = (mzg_design){ .source = "test1", .n_plex = 1,
	                         .plex = test_plex };
	return 0;
}

static const char *sheet(const char *name)
{
	return mzg_test_path(mzg_test_data(), name);
}

/* Write @p text to a scratch file and return its path. */
static const char *scratch(const char *name, const char *text)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), name);
	FILE *fp = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void test_example_tsv(void)
{
	mzg_plate *p = NULL;
	const mzg_plate_well *w;

	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, sheet("plate/example.tsv"), 96),
	                      MZG_OK);
	CU_ASSERT_EQUAL(p->n_wells, 9);
	CU_ASSERT_EQUAL(p->n_assays, 9); /* 8 assays + comment */
	CU_ASSERT_EQUAL(p->header_line, 4);
	w = mzg_plate_find(p, "A5");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_STRING_EQUAL(w->sample, "CML-005");
	CU_ASSERT_EQUAL(w->role, MZG_ROLE_SAMPLE);
	CU_ASSERT_EQUAL(w->line, 9);
	w = mzg_plate_find(p, "A07");
	CU_ASSERT_EQUAL(w->role, MZG_ROLE_NTC);
	w = mzg_plate_find(p, "H12");
	CU_ASSERT_EQUAL(w->role, MZG_ROLE_NTC);   /* "negative" */
	CU_ASSERT_PTR_NULL(w->expected[0]);       /* "." is no value */
	w = mzg_plate_find(p, "A08");
	CU_ASSERT_EQUAL(w->role, MZG_ROLE_EMPTY);
	CU_ASSERT_STRING_EQUAL(w->sample, "A08"); /* blank: the well */
	CU_ASSERT_PTR_NULL(w->multiplex);
	w = mzg_plate_find(p, "A06");
	CU_ASSERT_EQUAL(w->role, MZG_ROLE_POSITIVE);
	CU_ASSERT_STRING_EQUAL(w->expected[1], "A/G"); /* raw before validate */
	CU_ASSERT_EQUAL(p->n_dupsets, 1);
	CU_ASSERT_STRING_EQUAL(p->dupsets[0].sample, "CML-001");
	CU_ASSERT_EQUAL(p->dupsets[0].n, 2);
	CU_ASSERT_STRING_EQUAL(p->wells[p->dupsets[0].wells[0]].well, "A01");
	CU_ASSERT_STRING_EQUAL(p->wells[p->dupsets[0].wells[1]].well, "A04");
	CU_ASSERT_PTR_NULL(mzg_plate_find(p, "B01"));

	CU_ASSERT_EQUAL_FATAL(mzg_plate_validate(p, &test_design), MZG_OK);
	w = mzg_plate_find(p, "A06");
	/* normalised to design order: rs2234767 is G/A, rs2234978 T/C */
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs2234767"), "GA");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "RS1800682"), "AG");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs2229521"), "CC");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs2234978"), "TC");
	CU_ASSERT_PTR_NULL(mzg_plate_expected(p, w, "comment"));
	CU_ASSERT_EQUAL(p->assay_known[8], 0);
	CU_ASSERT_PTR_NULL(mzg_plate_expected(p, mzg_plate_find(p, "A01"),
	                                      "rs2234767"));
	/* validation is idempotent */
	CU_ASSERT_EQUAL(mzg_plate_validate(p, &test_design), MZG_OK);
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs2234767"), "GA");
	mzg_plate_free(p);
}

static void test_example_csv(void)
{
	mzg_plate *p = NULL;
	const mzg_plate_well *w;

	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, sheet("plate/example.csv"), 96),
	                      MZG_OK);
	CU_ASSERT_EQUAL(p->n_wells, 6);
	w = mzg_plate_find(p, "A01");
	CU_ASSERT_STRING_EQUAL(w->sample, "Smith, J");
	CU_ASSERT_STRING_EQUAL(mzg_plate_find(p, "A02")->sample, "Doe \"JD\"");
	CU_ASSERT_EQUAL(mzg_plate_find(p, "A02")->role, MZG_ROLE_SAMPLE);
	CU_ASSERT_EQUAL(mzg_plate_find(p, "B12")->role, MZG_ROLE_NTC);
	CU_ASSERT_STRING_EQUAL(mzg_plate_find(p, "C01")->sample, "S9");
	CU_ASSERT_EQUAL(p->n_dupsets, 1); /* Pos1 twice */
	CU_ASSERT_STRING_EQUAL(p->dupsets[0].sample, "Pos1");
	CU_ASSERT_EQUAL_FATAL(mzg_plate_validate(p, &one_plex), MZG_OK);
	w = mzg_plate_find(p, "A04");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs2234767"), "GA");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs763110"), "CT");
	w = mzg_plate_find(p, "A03");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, w, "rs763110"), "TT");
	mzg_plate_free(p);
}

/* Malformed sheets: load fails with MZG_EFORMAT and "file:line: what". */
static void expect_load_error(const char *name, int chip, const char *line,
                              const char *what)
{
	mzg_plate *p = (mzg_plate *)1;
	char path[256], want[512];
	int rc;

	snprintf(path, sizeof path, "plate/bad/%s", name);
	rc = mzg_plate_load(&p, sheet(path), chip);
	CU_ASSERT_EQUAL(rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NULL(p);
	snprintf(want, sizeof want, "%s%s", name, line);
	if (!strstr(mzg_errmsg(), want) || !strstr(mzg_errmsg(), what)) {
		fprintf(stderr, "\n%s: got '%s', want '%s' and '%s'\n", name,
		        mzg_errmsg(), want, what);
		CU_FAIL("error message");
	}
}

static void test_malformed(void)
{
	expect_load_error("bad_role.tsv", 96, ":4:", "unknown role 'control'");
	expect_load_error("bad_well.tsv", 96, ":2:", "bad well 'A1x'");
	expect_load_error("outside_rows.tsv", 96, ":5:",
	                  "well I01 is outside a 96-pad chip (A01..H12)");
	expect_load_error("outside_384.tsv", 384, ":4:",
	                  "well P25 is outside a 384-pad chip (A01..P24)");
	expect_load_error("outside_cols.tsv", 96, ":3:",
	                  "well A13 is outside a 96-pad chip");
	expect_load_error("twice.tsv", 96, ":4:",
	                  "well A01 listed twice (first on line 2)");
	expect_load_error("missing_column.tsv", 96, ":1:",
	                  "missing column 'role'");
	expect_load_error("blank_well.tsv", 96, ":3:", "the well is blank");
	expect_load_error("extra_fields.tsv", 96, ":2:",
	                  "more fields than the header's 3");
	expect_load_error("repeated_column.tsv", 96, ":1:",
	                  "column 'role' given twice");
	expect_load_error("no_header.tsv", 96, "", "no header line");
}

static void test_chip_size(void)
{
	mzg_plate *p = NULL;

	/* I01 and A13 exist on a 384-pad chip */
	CU_ASSERT_EQUAL(mzg_plate_load(&p, sheet("plate/bad/outside_rows.tsv"),
	                               384), MZG_OK);
	CU_ASSERT_EQUAL(p->n_wells, 4);
	mzg_plate_free(p);
	CU_ASSERT_EQUAL(mzg_plate_load(&p, sheet("plate/bad/outside_cols.tsv"),
	                               384), MZG_OK);
	mzg_plate_free(p);
	CU_ASSERT_EQUAL(mzg_plate_load(&p, sheet("plate/example.tsv"), 100),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_plate_load(&p, scratch("q25.tsv",
	                "well\tsample\trole\nQ01\tx\tsample\n"), 384), MZG_EFORMAT);
	CU_ASSERT(strstr(mzg_errmsg(), "well Q01 is outside a 384-pad") != NULL);
	CU_ASSERT_EQUAL(mzg_plate_load(&p, scratch("a0.tsv",
	                "well\tsample\trole\nA00\tx\tsample\n"), 384), MZG_EFORMAT);
	CU_ASSERT(strstr(mzg_errmsg(), "a0.tsv:2: bad well 'A00'") != NULL);
	CU_ASSERT_EQUAL(mzg_plate_load(&p, scratch("p25.tsv",
	                "well\tsample\trole\nP25\tx\tsample\n"), 384), MZG_EFORMAT);
	CU_ASSERT(strstr(mzg_errmsg(), "outside a 384-pad chip (A01..P24)") != NULL);
}

static void test_missing_file(void)
{
	mzg_plate *p = NULL;

	CU_ASSERT_EQUAL(mzg_plate_load(&p, "/nonexistent/plate.tsv", 96),
	                MZG_EIO);
	CU_ASSERT(strstr(mzg_errmsg(), "/nonexistent/plate.tsv") != NULL);
}

/* Errors found against the design: file:line and what. */
static void expect_validate_error(const char *name, const char *line,
                                  const char *what)
{
	mzg_plate *p = NULL;
	char path[256], want[512];

	snprintf(path, sizeof path, "plate/bad/%s", name);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, sheet(path), 96), MZG_OK);
	CU_ASSERT_EQUAL(mzg_plate_validate(p, &test_design), MZG_EFORMAT);
	snprintf(want, sizeof want, "%s%s", mzg__basename(name), line);
	if (!strstr(mzg_errmsg(), want) || !strstr(mzg_errmsg(), what)) {
		fprintf(stderr, "\n%s: got '%s', want '%s' and '%s'\n", name,
		        mzg_errmsg(), want, what);
		CU_FAIL("error message");
	}
	CU_ASSERT_EQUAL(p->validated, 0);
	mzg_plate_free(p);
}

static void test_validate_errors(void)
{
	expect_validate_error("bad_allele.tsv", ":3:",
	                      "allele C is not an allele of rs2234767 "
	                      "(alleles G, A)");
	expect_validate_error("not_genotype.tsv", ":3:",
	                      "'AGT' is not a genotype");
	expect_validate_error("unknown_plex.tsv", ":3:",
	                      "multiplex 'W9' is not in the design");
	expect_validate_error("expected_on_sample.tsv", ":2:",
	                      "well A01 is a sample but has an expected genotype");
	expect_validate_error("unknown_assay.tsv", ":1:",
	                      "column 'rs9999999' is not an assay of the design");
	/* two multiplexes: every analysed well must name its multiplex */
	expect_validate_error("../example.csv", ":2:",
	                      "well A01 has no multiplex and the design has 2");
}

static void test_validate_plex(void)
{
	mzg_plate *p = NULL;
	const char *path = scratch("plex.tsv",
		"well\tsample\trole\tmultiplex\trsW2b\trs2234767\n"
		"A01\tP1\tpositive\tw2\tC/T\t\n"
		"A02\tP2\tpositive\tW1\t\tA\n"
		"A03\tP3\tpositive\tW1\tGG\t\n");

	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, path, 96), MZG_OK);
	/* rsW2b is in W2, not in A03's W1 */
	CU_ASSERT_EQUAL(mzg_plate_validate(p, &test_design), MZG_EFORMAT);
	CU_ASSERT(strstr(mzg_errmsg(), "plex.tsv:4: well A03: assay rsW2b is "
	                 "not in multiplex W1") != NULL);
	mzg_plate_free(p);
	path = scratch("plex2.tsv",
		"well\tsample\trole\tmultiplex\trsW2b\trs2234767\n"
		"A01\tP1\tpositive\tw2\tC/T\t\n"
		"A02\tP2\tpositive\tW1\t\tA\n");
	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, path, 96), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_validate(p, &test_design), MZG_OK);
	/* multiplex spelled as in the design; third allele; homozygote "A" */
	CU_ASSERT_STRING_EQUAL(p->wells[0].multiplex, "W2");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, &p->wells[0], "rsw2b"), "TC");
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, &p->wells[1], "rs2234767"),
	                       "AA");
	mzg_plate_free(p);
}

static void test_roles(void)
{
	static const struct { const char *text; int rc; mzg_role r; } v[] = {
		{ "sample", 0, MZG_ROLE_SAMPLE }, { "", 0, MZG_ROLE_SAMPLE },
		{ "Unknown", 0, MZG_ROLE_SAMPLE }, { "NTC", 0, MZG_ROLE_NTC },
		{ "negative", 0, MZG_ROLE_NTC }, { "Negative Control", 0, MZG_ROLE_NTC },
		{ "no-template", 0, MZG_ROLE_NTC }, { "BLANK", 0, MZG_ROLE_NTC },
		{ "water", 0, MZG_ROLE_NTC }, { "H2O", 0, MZG_ROLE_NTC },
		{ "positive", 0, MZG_ROLE_POSITIVE }, { "POS", 0, MZG_ROLE_POSITIVE },
		{ "positive_control", 0, MZG_ROLE_POSITIVE },
		{ "known", 0, MZG_ROLE_POSITIVE }, { "empty", 0, MZG_ROLE_EMPTY },
		{ "unused", 0, MZG_ROLE_EMPTY }, { "control", MZG_ENOTFOUND, 0 },
		{ "ntcx", MZG_ENOTFOUND, 0 },
		{ "a role name much longer than any role spelling", MZG_ENOTFOUND, 0 },
	};
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(v); i++) {
		mzg_role r = (mzg_role)99;
		int rc = mzg_role_parse(&r, v[i].text);

		CU_ASSERT_EQUAL(rc, v[i].rc);
		if (rc == 0)
			CU_ASSERT_EQUAL(r, v[i].r);
	}
	CU_ASSERT_STRING_EQUAL(mzg_role_name(MZG_ROLE_POSITIVE), "positive");
	CU_ASSERT_STRING_EQUAL(mzg_role_name(MZG_ROLE_NTC), "ntc");
}

static void test_genotype_normalise(void)
{
	char gt[3];

	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "ag"), 0);
	CU_ASSERT_STRING_EQUAL(gt, "GA");
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "G / A"), 0);
	CU_ASSERT_STRING_EQUAL(gt, "GA");
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "A:A"), 0);
	CU_ASSERT_STRING_EQUAL(gt, "AA");
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "g"), 0);
	CU_ASSERT_STRING_EQUAL(gt, "GG");
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "GT"),
	                MZG_EINVAL);
	CU_ASSERT(strstr(mzg_errmsg(), "allele T is not an allele of rs2234767")
	          != NULL);
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "G1"),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "/"),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_genotype_normalise(gt, &w1_assays[0], "GAG"),
	                MZG_EINVAL);
}

static void test_default_and_add(void)
{
	static const char wells[][4] = { "A01", "B12", "H01" };
	static const char bad[][4] = { "A01", "A01" };
	mzg_plate *p = NULL;

	CU_ASSERT_EQUAL_FATAL(mzg_plate_default(&p, wells, 3, 96), MZG_OK);
	CU_ASSERT_EQUAL(p->n_wells, 3);
	CU_ASSERT_PTR_NULL(p->source);
	CU_ASSERT_STRING_EQUAL(mzg_plate_find(p, "B12")->sample, "B12");
	CU_ASSERT_EQUAL(mzg_plate_find(p, "H1")->role, MZG_ROLE_SAMPLE);
	CU_ASSERT_EQUAL(p->n_dupsets, 0);
	CU_ASSERT_EQUAL(mzg_plate_add(p, "C03", "S1", MZG_ROLE_SAMPLE), MZG_OK);
	CU_ASSERT_EQUAL(mzg_plate_add(p, "C04", "S1", MZG_ROLE_SAMPLE), MZG_OK);
	CU_ASSERT_EQUAL(p->n_dupsets, 1);
	CU_ASSERT_EQUAL(mzg_plate_add(p, "C05", "S1", MZG_ROLE_NTC), MZG_OK);
	CU_ASSERT_EQUAL(p->dupsets[0].n, 2); /* an NTC joins no set */
	CU_ASSERT_EQUAL(mzg_plate_add(p, "C03", NULL, MZG_ROLE_SAMPLE),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_plate_add(p, "I01", NULL, MZG_ROLE_SAMPLE),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_plate_validate(p, &one_plex), MZG_OK);
	/* a default plate cannot say which multiplex: refused, clearly */
	CU_ASSERT_EQUAL(mzg_plate_validate(p, &test_design), MZG_EFORMAT);
	CU_ASSERT(strstr(mzg_errmsg(), "plate: well A01 has no multiplex") != NULL);
	mzg_plate_free(p);
	CU_ASSERT_EQUAL(mzg_plate_default(&p, bad, 2, 96), MZG_EINVAL);
	CU_ASSERT_PTR_NULL(p);
	mzg_plate_free(NULL);
}

/* Lenient where the meaning is clear: comments, blank lines, trailing
 * separators, a header with an unnamed column, short rows. */
static void test_lenient(void)
{
	mzg_plate *p = NULL;
	const char *path = scratch("lenient.csv",
		"\n# comment\n"
		"WELL, Sample_ID ,ROLE,,\n"
		"A1,s1,sample,,\n"
		"\n"
		"   # indented comment\n"
		"A2,s2\n"
		"A3,s3,ntc,,,,\n");

	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, path, 96), MZG_OK);
	CU_ASSERT_EQUAL(p->n_wells, 3);
	CU_ASSERT_EQUAL(p->n_assays, 0);
	CU_ASSERT_EQUAL(mzg_plate_find(p, "A02")->role, MZG_ROLE_SAMPLE);
	CU_ASSERT_EQUAL(mzg_plate_find(p, "A03")->role, MZG_ROLE_NTC);
	CU_ASSERT_EQUAL(mzg_plate_find(p, "A03")->line, 8);
	mzg_plate_free(p);
}

/* Comment-like columns are ignored even on positive controls; other
 * unknown columns are ignored when no positive control uses them. */
static void test_unknown_columns(void)
{
	mzg_plate *p = NULL;
	const char *path = scratch("cols.tsv",
		"well\tsample\trole\tnotes\tDNA_conc\trs2234767\n"
		"A01\tS1\tsample\tlow\t12.5\t\n"
		"A02\tP1\tpositive\tHapMap\t\tAA\n");

	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, path, 96), MZG_OK);
	CU_ASSERT_EQUAL(mzg_plate_validate(p, &one_plex), MZG_OK);
	CU_ASSERT_EQUAL(p->assay_known[0], 0);
	CU_ASSERT_EQUAL(p->assay_known[1], 0);
	CU_ASSERT_EQUAL(p->assay_known[2], 1);
	CU_ASSERT_PTR_NULL(p->wells[0].expected[1]);
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, &p->wells[1], "rs2234767"),
	                       "AA");
	mzg_plate_free(p);
}

/* The example sheet is written for the built-in fas8 design. */
static void test_example_fas8(void)
{
	mzg_design *d = NULL;
	mzg_plate *p = NULL;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&p, sheet("plate/example.tsv"), 96),
	                      MZG_OK);
	CU_ASSERT_EQUAL(mzg_plate_validate(p, d), MZG_OK);
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(p, mzg_plate_find(p, "A06"),
	                                          "rs2234767"), "GA");
	mzg_plate_free(p);
	mzg_design_free(d);
}

static CU_TestInfo plate_tests[] = {
	{ "example TSV against fas8", test_example_fas8 },
	{ "example TSV", test_example_tsv },
	{ "example CSV (BOM, CRLF, quotes)", test_example_csv },
	{ "malformed sheets name file:line", test_malformed },
	{ "chip size", test_chip_size },
	{ "missing file", test_missing_file },
	{ "validation errors name file:line", test_validate_errors },
	{ "multiplexes", test_validate_plex },
	{ "role spellings", test_roles },
	{ "genotype text", test_genotype_normalise },
	{ "default plate and added wells", test_default_and_add },
	{ "lenient reading", test_lenient },
	{ "non-assay columns", test_unknown_columns },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "plate", setup_design, NULL, NULL, NULL, plate_tests },
	CU_SUITE_INFO_NULL,
};
