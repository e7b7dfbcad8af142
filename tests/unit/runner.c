/*
 * runner.c -- main() for every unit-test executable.
 *
 * Registers the executable's suite table, runs it in CUnit's basic mode
 * (verbose), prints CUnit's run summary and exits with the number of
 * failures (capped), so `meson test` sees every failed assertion. Tests that
 * need files outside the repository (../shared) skip cleanly when absent.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "runner.h"

static int n_skipped;

const char *mzg_test_data(void)
{
	const char *d = getenv("MZG_TESTDATA");

	return d ? d : "testdata";
}

const char *mzg_test_shared(void)
{
	const char *d = getenv("MZG_SHARED");
	struct stat st;

	if (!d || stat(d, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return d;
}

static char tmpdir[512];

const char *mzg_test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("MZG_TMP");

		snprintf(tmpdir, sizeof tmpdir, "%s/mzg-test-%ld",
		         base ? base : "/tmp", (long)getpid());
		mkdir(tmpdir, 0777);
	}
	return tmpdir;
}

/* nftw callback: remove one entry (children come first: FTW_DEPTH). */
static int remove_entry(const char *path, const struct stat *st, int type,
                        struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Remove the scratch directory unless MZG_KEEP_TMP is set (to look at
 * what a failing test wrote). */
static void remove_tmpdir(void)
{
	if (!tmpdir[0] || getenv("MZG_KEEP_TMP"))
		return;
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *mzg_test_path(const char *dir, const char *name)
{
	static char buf[4][1024];
	static int slot;

	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof buf[slot], "%s/%s", dir, name);
	return buf[slot];
}

void mzg_test_skip(const char *why)
{
	n_skipped++;
	printf("\n    SKIP: %s\n", why);
}

char *mzg_test_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf && fread(buf, 1, (size_t)size, fp) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[size] = '\0';
			if (len)
				*len = (size_t)size;
		}
	}
	fclose(fp);
	return buf;
}

int main(void)
{
	unsigned failures;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (CU_register_suites(mzg_test_suites) != CUE_SUCCESS) {
		fprintf(stderr, "cannot register suites: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_tests_failed() +
	           CU_get_number_of_suites_failed();
	if (n_skipped)
		printf("\n%d test(s) skipped (optional data or tools absent)\n",
		       n_skipped);
	CU_cleanup_registry();
	remove_tmpdir();
	return failures > 100 ? 100 : (int)failures;
}
