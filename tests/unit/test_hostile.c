/*
 * test_hostile.c -- every file of testdata/hostile/ and the hostile cases
 * too big or too machine-specific to keep as files, each with what mzgeno
 * must do with it: a clear error naming the file (and line or spectrum), or
 * a flagged record, never a crash, unbounded memory or a file it was not
 * given. docs/hostile-inputs.md is the prose version of these tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mzgeno/design.h"
#include "mzgeno/error.h"
#include "mzgeno/plate.h"
#include "runner.h"

/* One hostile file and its expected outcome: status (0 = loads) and a
 * fixed string that the error message must contain (NULL: none). */
typedef struct hostile_case {
	const char *file;
	int status;
	const char *msg;
} hostile_case;

static const char *hostile(const char *sub, const char *file)
{
	static char buf[1024];

	snprintf(buf, sizeof buf, "%s/hostile/%s/%s", mzg_test_data(), sub,
	         file);
	return buf;
}

/* Write @p len bytes to a fresh file in the scratch directory. */
static const char *scratch_file(const char *name, const char *data,
                                size_t len)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), name);
	FILE *fp = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* The error message names the file and says @p want. */
static void check_msg(const char *path, int rc, const hostile_case *c)
{
	const char *msg = mzg_errmsg();

	if (rc != c->status || (c->msg && !strstr(msg, c->msg)) ||
	    (rc < 0 && !strstr(msg, strrchr(path, '/') + 1)))
		printf("\n    %s: status %d (want %d), message: %s\n", c->file,
		       rc, c->status, msg);
	CU_ASSERT_EQUAL(rc, c->status);
	if (c->msg)
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, c->msg));
	if (rc < 0)  /* every error names the file */
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, strrchr(path, '/') + 1));
}

/* ---- design exports ---- */

static const hostile_case design_cases[] = {
	{ "empty.tsv", MZG_EFORMAT, "no header row" },
	{ "random_bytes.tsv", MZG_EFORMAT, NULL },
	{ "nul_in_line.tsv", MZG_EFORMAT, ":2: a NUL byte at column 23" },
	{ "utf16le.tsv", MZG_EFORMAT, "UTF-16" },
	{ "utf16le_nobom.tsv", MZG_EFORMAT, "UTF-16" },
	{ "cr_only_line_ends.tsv", 0, NULL },
	{ "truncated.tsv", MZG_EFORMAT, ":2: column EXT1_CALL" },
	{ "header_only.tsv", MZG_EFORMAT, "no assays" },
	{ "nan_mass.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "inf_mass.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "negative_mass.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "tiny_mass.tsv", MZG_EFORMAT, "from 100 to 100000" },
	{ "huge_exponent.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "long_sequence.tsv", MZG_EFORMAT, "200000-nt UEP" },
	{ "many_columns_5000.tsv", MZG_ELIMIT, "more than 4096 columns" },
	{ "many_columns_4000.tsv", 0, NULL },
	{ "duplicate_assay.tsv", MZG_EFORMAT, "appears twice" },
	/* TSV has no quoting: quotes are kept as part of the text */
	{ "csv_quotes.tsv", 0, NULL },
};

static void test_design_files(void)
{
	size_t i;

	for (i = 0; i < sizeof design_cases / sizeof *design_cases; i++) {
		const char *path = hostile("design", design_cases[i].file);
		mzg_design *d = NULL;
		int rc = mzg_design_load(&d, path);

		check_msg(path, rc, &design_cases[i]);
		CU_ASSERT((rc == 0) == (d != NULL));
		if (d && !strcmp(design_cases[i].file, "cr_only_line_ends.tsv"))
			CU_ASSERT_EQUAL(mzg_design_n_assays(d), 1);
		mzg_design_free(d);
	}
}

/* Fuzz findings in the design module, replayed with their checks. */
static void test_design_regressions(void)
{
	char path[1024];
	mzg_design *d = NULL;
	mzg_design_report *rep = NULL;

	/* a design whose check finds nothing: qsort(NULL, 0) was called */
	snprintf(path, sizeof path, "%s/fuzz/design/"
	         "crash-check-no-issues-qsort-null.tsv", mzg_test_data());
	CU_ASSERT_EQUAL_FATAL(mzg_design_load(&d, path), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&rep, d, 0), 0);
	CU_ASSERT_EQUAL(rep->n, 0);
	mzg_design_report_free(rep);
	mzg_design_free(d);
	/* a UEP of 0.00005 Da loaded but its export (0.00) did not */
	snprintf(path, sizeof path, "%s/fuzz/design/"
	         "crash-roundtrip-tiny-uep-mass.tsv", mzg_test_data());
	CU_ASSERT_EQUAL(mzg_design_load(&d, path), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), ":2: column UEP_MASS"));
}

/* A line over the 1 MiB line limit. */
static void test_design_long_line(void)
{
	static const char hdr[] = "WELL\tTERM\tSNP_ID\tUEP_DIR\tUEP_MASS\t"
		"EXT1_CALL\tEXT1_MASS\tEXT2_CALL\tEXT2_MASS\n";
	size_t big = (size_t)3 << 20, i;
	char *text = malloc(sizeof hdr + big + 64);
	mzg_design *d = NULL;
	const char *path;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memcpy(text, hdr, sizeof hdr - 1);
	i = sizeof hdr - 1;
	i += (size_t)sprintf(text + i, "W1\tiPLEX\t");
	memset(text + i, 'x', big);
	i += big;
	i += (size_t)sprintf(text + i, "\tF\t5000\tA\t5271.2\tG\t5287.2\n");
	path = scratch_file("huge_field.tsv", text, i);
	CU_ASSERT_EQUAL(mzg_design_load(&d, path), MZG_ELIMIT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "huge_field.tsv:2: line "
	                              "longer than"));
	CU_ASSERT_PTR_NULL(d);
	free(text);
}

/* ---- plate sheets ---- */

static const hostile_case plate_cases[] = {
	{ "empty.tsv", MZG_EFORMAT, "no header line" },
	{ "random_bytes.tsv", MZG_EFORMAT, NULL },
	{ "nul_in_line.tsv", MZG_EFORMAT, ":2: a NUL byte" },
	{ "utf16le.csv", MZG_EFORMAT, "UTF-16" },
	{ "unterminated_quote.csv", MZG_EFORMAT, ":2: a quoted cell is not closed" },
	{ "huge_sample_id.tsv", 0, NULL },
	{ "many_columns_5000.tsv", MZG_ELIMIT, "5003 columns (limit 4096)" },
	{ "many_rows.tsv", MZG_EFORMAT, ":14: well A01 listed twice" },
	{ "well_overflow.tsv", MZG_EFORMAT, ":2: bad well" },
	{ "same_well_twice.tsv", MZG_EFORMAT, ":3: well A01 listed twice" },
};

static void test_plate_files(void)
{
	size_t i;

	for (i = 0; i < sizeof plate_cases / sizeof *plate_cases; i++) {
		const char *path = hostile("plate", plate_cases[i].file);
		mzg_plate *p = NULL;
		int rc = mzg_plate_load(&p, path, 384);

		check_msg(path, rc, &plate_cases[i]);
		CU_ASSERT((rc == 0) == (p != NULL));
		if (p && !strcmp(plate_cases[i].file, "huge_sample_id.tsv"))
			CU_ASSERT_EQUAL(strlen(p->wells[0].sample), 500000);
		mzg_plate_free(p);
	}
}

/* The in-memory entry point reads the same as the file one, and a sheet
 * with Mac line ends (lone CR) reads like one with LF. */
static void test_plate_stream(void)
{
	static const char cr[] = "well,sample,role\rA01,s1,ntc\rB02,s2,sample\r";
	FILE *fp = fmemopen((void *)cr, sizeof cr - 1, "rb");
	mzg_plate *p = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_read(&p, fp, "mac.csv", 96), 0);
	CU_ASSERT_EQUAL(p->n_wells, 2);
	CU_ASSERT_STRING_EQUAL(p->source, "mac.csv");
	CU_ASSERT_EQUAL(p->wells[0].role, MZG_ROLE_NTC);
	CU_ASSERT_STRING_EQUAL(p->wells[1].well, "B02");
	CU_ASSERT_EQUAL(p->wells[1].line, 3);
	mzg_plate_free(p);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_plate_read(&p, NULL, "x", 96), MZG_EINVAL);
	fp = fmemopen((void *)cr, sizeof cr - 1, "rb");
	CU_ASSERT_EQUAL(mzg_plate_read(&p, fp, "x", 95), MZG_EINVAL);
	CU_ASSERT_PTR_NULL(p);
	fclose(fp);
}

static CU_TestInfo text_tests[] = {
	{ "hostile design exports", test_design_files },
	{ "design fuzz regressions", test_design_regressions },
	{ "design line over the limit", test_design_long_line },
	{ "hostile plate sheets", test_plate_files },
	{ "plate sheet from a stream", test_plate_stream },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "text tables", NULL, NULL, NULL, NULL, text_tests },
	CU_SUITE_INFO_NULL,
};
