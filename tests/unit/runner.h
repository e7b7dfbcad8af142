/*
 * runner.h -- the shared CUnit runner for mzgeno's unit tests.
 *
 * Each test_<module>.c defines `mzg_test_suites`, a CU_SuiteInfo table
 * ended by CU_SUITE_INFO_NULL; runner.c registers it, runs everything and
 * exits non-zero when any assertion failed.
 */
#ifndef MZG_TEST_RUNNER_H
#define MZG_TEST_RUNNER_H

#include <CUnit/CUnit.h>

extern CU_SuiteInfo mzg_test_suites[];

/* Directory of the repository's testdata/ (env MZG_TESTDATA). */
const char *mzg_test_data(void);
/* Directory ../shared of the project, or NULL when absent (env MZG_SHARED). */
const char *mzg_test_shared(void);
/* A scratch directory unique to this test process (created on demand). */
const char *mzg_test_tmpdir(void);
/* Join dir and name into a static rotating buffer (4 slots). */
const char *mzg_test_path(const char *dir, const char *name);
/* Record that a test was skipped, with the reason (printed at the end). */
void mzg_test_skip(const char *why);
/* Read a whole file into a malloc'ed buffer (NUL-terminated). */
char *mzg_test_slurp(const char *path, size_t *len);

#define CU_ASSERT_DOUBLE_REL(actual, expected, rel)                          \
	CU_ASSERT_DOUBLE_EQUAL((actual), (expected),                         \
	                       (rel) * ((expected) < 0 ? -(expected) : (expected)) + 1e-300)

#endif
