/*
 * test_util.c -- unit tests of the foundation: errors, buffers, text
 * splitting, line reading, atomic files and well names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mzgeno/spectrum.h"
#include "runner.h"

static void test_errors(void)
{
	mzg_error_clear();
	CU_ASSERT_STRING_EQUAL(mzg_errmsg(), "");
	CU_ASSERT_EQUAL(mzg__err(MZG_EDATA, "spectrum %d bad", 3), MZG_EDATA);
	CU_ASSERT_STRING_EQUAL(mzg_errmsg(), "spectrum 3 bad");
	CU_ASSERT_EQUAL(mzg__err_prefix(MZG_EDATA, "f.mzML"), MZG_EDATA);
	CU_ASSERT_STRING_EQUAL(mzg_errmsg(), "f.mzML: spectrum 3 bad");
	CU_ASSERT_STRING_EQUAL(mzg_strerror(MZG_ENOMEM), "out of memory");
	CU_ASSERT_STRING_EQUAL(mzg_strerror(12345), "unknown status");
	mzg_error_clear();
	CU_ASSERT_STRING_EQUAL(mzg_errmsg(), "");
}

static int logged;
static void count_log(void *p, mzg_log_level l, const char *m)
{
	(void)p;
	(void)l;
	if (strstr(m, "hello 7"))
		logged++;
}

static void test_logger(void)
{
	logged = 0;
	mzg__log(MZG_LOG_WARN, "hello %d", 7); /* no logger: dropped */
	mzg_set_logger(count_log, NULL, MZG_LOG_WARN);
	mzg__log(MZG_LOG_WARN, "hello %d", 7);
	mzg__log(MZG_LOG_DEBUG, "hello %d", 7); /* above max level */
	mzg_set_logger(NULL, NULL, MZG_LOG_WARN);
	CU_ASSERT_EQUAL(logged, 1);
}

static void test_alloc_overflow(void)
{
	void *p = NULL;
	size_t cap = 0;

	CU_ASSERT_PTR_NULL(mzg__malloc_array(SIZE_MAX / 2, 4));
	CU_ASSERT_PTR_NULL(mzg__calloc_array(SIZE_MAX / 8 + 1, 16));
	CU_ASSERT_EQUAL(mzg__grow(&p, &cap, SIZE_MAX / 4, 8), MZG_ENOMEM);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(mzg__grow(&p, &cap, 100, 8), MZG_OK);
	CU_ASSERT(cap >= 100);
	free(p);
}

static void test_buf(void)
{
	mzg_buf b = { 0 };
	int i;

	CU_ASSERT_STRING_EQUAL(mzg__buf_cstr(&b), "");
	for (i = 0; i < 1000; i++)
		CU_ASSERT_EQUAL(mzg__buf_printf(&b, "%d,", i), MZG_OK);
	CU_ASSERT(strncmp(b.s, "0,1,2,", 6) == 0);
	CU_ASSERT_EQUAL(b.len, strlen(b.s));
	mzg__buf_reset(&b);
	CU_ASSERT_EQUAL(mzg__buf_puts(&b, "x"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(b.s, "x");
	mzg__buf_free(&b);
}

static void test_parse_numbers(void)
{
	double d;
	long l;

	CU_ASSERT_EQUAL(mzg__parse_double("5194.45", &d), MZG_OK);
	CU_ASSERT_DOUBLE_EQUAL(d, 5194.45, 1e-9);
	CU_ASSERT_EQUAL(mzg__parse_double("5194.45 ", &d), MZG_OK);
	CU_ASSERT_EQUAL(mzg__parse_double("51x", &d), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg__parse_double("", &d), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg__parse_double("nan", &d), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg__parse_double("1e999", &d), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg__parse_long("42", &l), MZG_OK);
	CU_ASSERT_EQUAL(l, 42);
	CU_ASSERT_EQUAL(mzg__parse_long("4.2", &l), MZG_EINVAL);
}

static void test_split(void)
{
	char tsv[] = "W1\tiPLEX\t\trs1\t";
	char csv[] = "A01,\"s,1\",\"say \"\"hi\"\"\",";
	char many[] = "a,b,c";
	char *f[8];

	CU_ASSERT_EQUAL(mzg__split(tsv, '\t', f, 8), 5);
	CU_ASSERT_STRING_EQUAL(f[0], "W1");
	CU_ASSERT_STRING_EQUAL(f[2], "");
	CU_ASSERT_STRING_EQUAL(f[3], "rs1");
	CU_ASSERT_STRING_EQUAL(f[4], "");
	CU_ASSERT_EQUAL(mzg__split(csv, ',', f, 8), 4);
	CU_ASSERT_STRING_EQUAL(f[1], "s,1");
	CU_ASSERT_STRING_EQUAL(f[2], "say \"hi\"");
	CU_ASSERT_EQUAL(mzg__split(many, ',', f, 2), -1);
}

static void test_lines(void)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), "lines.txt");
	FILE *fp = fopen(path, "wb");
	mzg_lines L;
	char *line;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("\xEF\xBB\xBFwell\tsample\r\n\r\nA01\tx\nlast", fp);
	fclose(fp);
	CU_ASSERT_EQUAL_FATAL(mzg__lines_open(&L, path), MZG_OK);
	CU_ASSERT_EQUAL(mzg__lines_next(&L, &line, &len), MZG_OK);
	CU_ASSERT_STRING_EQUAL(line, "well\tsample");
	CU_ASSERT_EQUAL(len, 11);
	CU_ASSERT_EQUAL(mzg__lines_next(&L, &line, &len), MZG_OK);
	CU_ASSERT_STRING_EQUAL(line, "");
	CU_ASSERT_EQUAL(mzg__lines_next(&L, &line, &len), MZG_OK);
	CU_ASSERT_STRING_EQUAL(line, "A01\tx");
	CU_ASSERT_EQUAL(L.line, 3);
	CU_ASSERT_EQUAL(mzg__lines_next(&L, &line, &len), MZG_OK);
	CU_ASSERT_STRING_EQUAL(line, "last");
	CU_ASSERT_EQUAL(mzg__lines_next(&L, &line, &len), MZG_DONE);
	mzg__lines_close(&L);
	CU_ASSERT_EQUAL(mzg__lines_open(&L, "/nonexistent/x.tsv"), MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "/nonexistent/x.tsv"));
}

static void test_afile(void)
{
	const char *dir = mzg_test_path(mzg_test_tmpdir(), "out/sub");
	char *path;
	mzg_afile f;
	char *text;

	CU_ASSERT_EQUAL_FATAL(mzg__mkdir_p(dir), MZG_OK);
	path = mzg__path_join(dir, "calls.tsv");
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(mzg__afile_open(&f, path, 0), MZG_OK);
	fputs("first\n", f.fp);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0); /* not visible yet */
	CU_ASSERT_EQUAL(mzg__afile_commit(&f), MZG_OK);
	text = mzg_test_slurp(path, NULL);
	CU_ASSERT_STRING_EQUAL(text, "first\n");
	free(text);
	/* exists: refused without force, file untouched */
	CU_ASSERT_EQUAL(mzg__afile_open(&f, path, 0), MZG_EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "--force"));
	/* abort leaves the old file and no temporary */
	CU_ASSERT_EQUAL_FATAL(mzg__afile_open(&f, path, 1), MZG_OK);
	fputs("second\n", f.fp);
	mzg__afile_abort(&f);
	text = mzg_test_slurp(path, NULL);
	CU_ASSERT_STRING_EQUAL(text, "first\n");
	free(text);
	CU_ASSERT_EQUAL_FATAL(mzg__afile_open(&f, path, 1), MZG_OK);
	fputs("second\n", f.fp);
	CU_ASSERT_EQUAL(mzg__afile_commit(&f), MZG_OK);
	text = mzg_test_slurp(path, NULL);
	CU_ASSERT_STRING_EQUAL(text, "second\n");
	free(text);
	/* a directory that cannot be created */
	CU_ASSERT_EQUAL(mzg__mkdir_p("/proc/mzgeno-cannot"), MZG_EIO);
	free(path);
}

static void test_wells(void)
{
	char w[4];
	int r, c;

	CU_ASSERT_EQUAL(mzg_well_parse(w, "A1"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(w, "A01");
	CU_ASSERT_EQUAL(mzg_well_parse(w, "h6"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(w, "H06");
	CU_ASSERT_EQUAL(mzg_well_parse(w, "P24"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(w, "P24");
	CU_ASSERT_EQUAL(mzg_well_parse(w, "chip=0 spot=H6"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(w, "H06");
	CU_ASSERT_EQUAL(mzg_well_parse(w, "A1,42x42,4242x4242"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(w, "A01");
	CU_ASSERT_EQUAL(mzg_well_parse(w, "well=C3"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(w, "C03");
	CU_ASSERT_EQUAL(mzg_well_parse(w, "Q01"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_well_parse(w, "A25"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_well_parse(w, "A0"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_well_parse(w, "scan=19"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_well_parse(w, "A1x"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_well_parse(w, ""), MZG_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(w, "");
	/* resolution order: spotID, then id key, then file stem */
	CU_ASSERT_EQUAL(mzg_well_resolve(w, "B2", "spot=C3", "D04.mzML"), 0);
	CU_ASSERT_STRING_EQUAL(w, "B02");
	CU_ASSERT_EQUAL(mzg_well_resolve(w, NULL, "scan=1 spot=C3", "D04.mzML"), 0);
	CU_ASSERT_STRING_EQUAL(w, "C03");
	CU_ASSERT_EQUAL(mzg_well_resolve(w, NULL, "scan=1", "run/D04.mzML.gz"), 0);
	CU_ASSERT_STRING_EQUAL(w, "D04");
	CU_ASSERT_EQUAL(mzg_well_resolve(w, NULL, "scan=1", "chip7_E12.mzML"), 0);
	CU_ASSERT_STRING_EQUAL(w, "E12");
	CU_ASSERT_EQUAL(mzg_well_resolve(w, NULL, "scan=1", "chip.mzML"),
	                MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_well_index("C03", &r, &c), 0);
	CU_ASSERT_EQUAL(r, 2);
	CU_ASSERT_EQUAL(c, 2);
	CU_ASSERT_EQUAL(mzg_well_index("C3", &r, &c), -1);
}

static void test_spectrum_record(void)
{
	mzg_spectrum a, b;

	mzg_spectrum_init(&a);
	mzg_spectrum_init(&b);
	CU_ASSERT_EQUAL_FATAL(mzg_spectrum_reserve(&a, 3), MZG_OK);
	a.n = 3;
	a.mz[0] = 1; a.mz[1] = 2; a.mz[2] = 3;
	a.intensity[0] = 4; a.intensity[1] = 5; a.intensity[2] = 6;
	CU_ASSERT_EQUAL(mzg_spectrum_set_ids(&a, "scan=1", "A1"), MZG_OK);
	strcpy(a.well, "A01");
	CU_ASSERT_EQUAL(mzg_spectrum_copy(&b, &a), MZG_OK);
	CU_ASSERT_EQUAL(b.n, 3);
	CU_ASSERT_DOUBLE_EQUAL(b.intensity[2], 6, 0);
	CU_ASSERT_STRING_EQUAL(b.id, "scan=1");
	CU_ASSERT_STRING_EQUAL(b.spot_id, "A1");
	CU_ASSERT_STRING_EQUAL(b.well, "A01");
	CU_ASSERT_EQUAL(mzg_spectrum_set_ids(&b, NULL, NULL), MZG_OK);
	CU_ASSERT_STRING_EQUAL(b.id, "");
	CU_ASSERT_PTR_NULL(b.spot_id);
	mzg_spectrum_free(&a);
	mzg_spectrum_free(&b);
	CU_ASSERT_PTR_NULL(a.mz);
	mzg_spectrum_free(NULL);
}

static CU_TestInfo util_tests[] = {
	{ "error messages", test_errors },
	{ "logger", test_logger },
	{ "allocation overflow", test_alloc_overflow },
	{ "growable buffer", test_buf },
	{ "number parsing", test_parse_numbers },
	{ "TSV/CSV splitting", test_split },
	{ "line reader (BOM, CRLF)", test_lines },
	{ "atomic files", test_afile },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo spectrum_tests[] = {
	{ "well names", test_wells },
	{ "spectrum record", test_spectrum_record },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "util", NULL, NULL, NULL, NULL, util_tests },
	{ "spectrum", NULL, NULL, NULL, NULL, spectrum_tests },
	CU_SUITE_INFO_NULL,
};
