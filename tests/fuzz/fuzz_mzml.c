/*
 * fuzz_mzml.c -- fuzz target for the whole mzML reader.
 *
 * Opens the input with mzg_mzml_open_mem() and reads every spectrum the
 * way `mzgeno call` does: a bad spectrum (MZG_EDATA) is skipped and
 * reading goes on, any other error ends the file. Every value of every
 * array is read (so ASan sees the arrays' true extent) and the reader's
 * promises are checked: arrays within max_points, a normalised or empty
 * well, and progress (no more spectra than the input has bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mzgeno/error.h"
#include "mzgeno/mzml.h"

/* Lower than the default cap so one input stays well inside the fuzzer's
 * memory limit (two arrays of doubles: 16 MB). */
#define FUZZ_MAX_POINTS (1u << 20)

static void fail(const char *what, long index)
{
	fprintf(stderr, "fuzz_mzml: spectrum %ld: %s\n", index, what);
	abort();
}

/* Read everything the reader filled in. */
static void touch(const mzg_spectrum *s)
{
	volatile double sum = 0;
	size_t i;

	if (s->n > FUZZ_MAX_POINTS)
		fail("more points than max_points", s->index);
	if (s->n && (!s->mz || !s->intensity))
		fail("n > 0 without arrays", s->index);
	for (i = 0; i < s->n; i++)
		sum += s->mz[i] + s->intensity[i];
	if (!s->id)
		fail("id is NULL (expected \"\" when absent)", s->index);
	sum += (double)strlen(s->id);
	if (s->spot_id)
		sum += (double)strlen(s->spot_id);
	if (strnlen(s->well, sizeof s->well) == sizeof s->well)
		fail("well is not NUL-terminated", s->index);
	if (s->well[0]) {
		char again[4];

		if (mzg_well_parse(again, s->well) < 0 ||
		    strcmp(again, s->well) != 0)
			fail("well is not normalised", s->index);
	}
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mzg_mzml_opts o;
	mzg_mzml *r = NULL;
	mzg_spectrum s;
	size_t n = 0;
	int rc;

	mzg_mzml_opts_init(&o);
	o.max_points = FUZZ_MAX_POINTS;
	mzg_spectrum_init(&s);
	if (mzg_mzml_open_mem(&r, data, size, "fuzz.mzML", &o) < 0)
		goto out;
	while ((rc = mzg_mzml_next(r, &s)) == 0 || rc == MZG_EDATA) {
		if (rc == MZG_EDATA && !mzg_errmsg()[0])
			fail("MZG_EDATA without a message", s.index);
		if (rc == 0)
			touch(&s);
		if (++n > size + 16)
			fail("reader makes no progress", s.index);
	}
	if (rc != MZG_DONE && !mzg_errmsg()[0])
		fail("error without a message", s.index);
	if (rc == MZG_DONE) {
		volatile size_t ok = (size_t)mzg_mzml_index_ok(r) +
		                     strlen(mzg_mzml_index_note(r));
		(void)ok;
	}
out:
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	return 0;
}
