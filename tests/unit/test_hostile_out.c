/*
 * test_hostile_out.c -- writing a report where writing fails: a full disk
 * (simulated with RLIMIT_FSIZE, which makes write() fail with EFBIG the
 * way a full disk makes it fail with ENOSPC, no privileges needed), a
 * read-only directory (as root, checked under a dropped effective uid), a
 * path through a regular file, and an existing report. Every failure must
 * give a clear error naming the path, and leave no partial report: no new
 * file, no temporary file, an old report untouched.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mzgeno/error.h"
#include "mzgeno/report.h"
#include "runner.h"

/* A writer that writes payload-many kilobytes of text. */
static int write_kb(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                    void *payload)
{
	size_t kb = *(const size_t *)payload, i;

	(void)run;
	(void)qc;
	for (i = 0; i < kb * 16; i++)
		if (fputs("0123456789abcdef0123456789abcdef0123456789abcdef"
		          "0123456789abcde\n", fp) == EOF)
			break;
	return MZG_OK;  /* the failure shows at flush/sync, as on a full disk */
}

static size_t small = 1, big = 1024;
static const mzg_report_file set[] = {
	{ "calls.tsv", write_kb, &small },
	{ "genotypes.tsv", write_kb, &big },
	{ "qc.json", write_kb, &small },
};

/* Number of entries in @p dir (-1 if it does not exist). */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static const char *outdir(const char *name)
{
	return mzg_test_path(mzg_test_tmpdir(), name);
}

/* Run mzg_report_write_files with the file size limited to 64 kB. */
static int write_limited(const char *dir, unsigned flags)
{
	struct rlimit old, lim;
	void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
	int rc;

	CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old) == 0);
	lim = old;
	lim.rlim_cur = 64 * 1024;
	CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	rc = mzg_report_write_files(dir, set, 3, NULL, NULL, flags);
	CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, prev);
	return rc;
}

/* Disk full while writing into a new directory: error, nothing left. */
static void test_full_new_dir(void)
{
	const char *dir = outdir("full_new");
	int rc = write_limited(dir, 0);

	CU_ASSERT_EQUAL(rc, MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "genotypes.tsv"));
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "write failed"));
	CU_ASSERT_EQUAL(count_entries(dir), -1);  /* the new dir is gone */
}

/* Disk full in an existing directory with other files: they stay, and
 * no report file or temporary is left. */
static void test_full_existing_dir(void)
{
	const char *dir = outdir("full_existing");
	FILE *fp;

	mkdir(dir, 0755);
	fp = fopen(mzg_test_path(dir, "notes.txt"), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("keep me\n", fp);
	fclose(fp);
	CU_ASSERT_EQUAL(write_limited(dir, 0), MZG_EIO);
	CU_ASSERT_EQUAL(count_entries(dir), 1);
}

/* Disk full while replacing an old report (--force): the old report is
 * left exactly as it was. */
static void test_full_force_keeps_old(void)
{
	const char *dir = outdir("full_force");
	static size_t one = 1;
	const mzg_report_file tiny[] = {
		{ "calls.tsv", write_kb, &one },
		{ "genotypes.tsv", write_kb, &one },
		{ "qc.json", write_kb, &one },
	};
	size_t len;
	char *before, *after;

	CU_ASSERT_EQUAL_FATAL(mzg_report_write_files(dir, tiny, 3, NULL, NULL,
	                                             0), 0);
	before = mzg_test_slurp(mzg_test_path(dir, "calls.tsv"), &len);
	CU_ASSERT_EQUAL(write_limited(dir, MZG_REPORT_FORCE), MZG_EIO);
	CU_ASSERT_EQUAL(count_entries(dir), 3);
	after = mzg_test_slurp(mzg_test_path(dir, "calls.tsv"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(before);
	CU_ASSERT_PTR_NOT_NULL_FATAL(after);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(len, 1024);
	free(before);
	free(after);
	/* without the limit the same write succeeds and replaces it */
	CU_ASSERT_EQUAL(mzg_report_write_files(dir, set, 3, NULL, NULL,
	                                       MZG_REPORT_FORCE), 0);
	CU_ASSERT_EQUAL(count_entries(dir), 3);
}

/* An existing report without --force: nothing is written. */
static void test_existing_report(void)
{
	const char *dir = outdir("full_force");  /* written above */

	CU_ASSERT_EQUAL(mzg_report_write_files(dir, set, 3, NULL, NULL, 0),
	                MZG_EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "exists (use --force"));
	CU_ASSERT_EQUAL(count_entries(dir), 3);
}

/* An output path through a regular file. */
static void test_path_through_file(void)
{
	const char *file = outdir("plainfile");
	char dir[1024];
	FILE *fp = fopen(file, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fclose(fp);
	snprintf(dir, sizeof dir, "%s/out", file);
	CU_ASSERT_EQUAL(mzg_report_write_files(dir, set, 3, NULL, NULL, 0),
	                MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "plainfile"));
}

/* A read-only directory. Root ignores permissions, so as root the write
 * runs with the effective uid of "nobody" (65534). */
static void test_read_only_dir(void)
{
	const char *dir = outdir("readonly");
	int root = geteuid() == 0;
	int rc;

	mkdir(dir, 0755);
	CU_ASSERT_FATAL(chmod(dir, 0555) == 0);
	if (root) {
		/* nobody must be able to reach the directory */
		chmod(mzg_test_tmpdir(), 0755);
		if (seteuid(65534) != 0) {
			mzg_test_skip("cannot drop the effective uid");
			return;
		}
	}
	rc = mzg_report_write_files(dir, set, 3, NULL, NULL, 0);
	if (root)
		CU_ASSERT_FATAL(seteuid(0) == 0);
	CU_ASSERT_EQUAL(rc, MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "readonly"));
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "Permission denied"));
	CU_ASSERT_EQUAL(count_entries(dir), 0);
	chmod(dir, 0755);
}

static CU_TestInfo out_tests[] = {
	{ "disk full, new directory", test_full_new_dir },
	{ "disk full, existing directory", test_full_existing_dir },
	{ "disk full while replacing a report", test_full_force_keeps_old },
	{ "existing report without force", test_existing_report },
	{ "output path through a file", test_path_through_file },
	{ "read-only directory", test_read_only_dir },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "report output faults", NULL, NULL, NULL, NULL, out_tests },
	CU_SUITE_INFO_NULL,
};
