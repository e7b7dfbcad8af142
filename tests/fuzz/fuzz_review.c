/*
 * fuzz_review.c -- fuzz target for reading a report directory back, the
 * input of `mzgeno review`: a directory a person may have edited or that
 * may come from elsewhere.
 *
 * Input layout: the files of a report directory packed one after the
 * other. A file starts with a line "@@@ NAME" (at the start of the input
 * or after a '\n') and holds every byte after that line up to the start of
 * the next "@@@ " line or the end of the input, its last newline included.
 * NAME is calls.tsv, qc.json, design.tsv, snippets.tsv, audit.tsv or
 * overrides.tsv (other names are skipped, a name given twice keeps the
 * last, bytes before the first marker are ignored); a file not given is
 * not in the directory. testdata/fuzz/make_review_seeds.py packs the
 * seeds.
 *
 * The files go into a private directory (fuzz_files.h), then:
 * mzg_review_load(); when it loads and overrides.tsv was given,
 * mzg_overrides_load() and mzg_review_apply() at a fixed time; then
 * mzg_review_write() into a second directory. What must hold (abort()
 * otherwise):
 *  - every refusal has a message; a refused apply changes nothing (no
 *    audit row, no note);
 *  - an applied override leaves its call at quality E with the override
 *    flag, and one audit row each;
 *  - the written set loads again (a review can be reviewed), with the
 *    same pads, calls per pad and audit rows, and its calls.tsv has as
 *    many rows as the input's;
 *  - writing that reloaded set again gives the same calls.tsv,
 *    genotypes.tsv, qc.json, qc.tsv and audit.tsv byte for byte (a report
 *    written by mzgeno reads back to the same report, mzg_report_load()).
 * Everything is freed and the directories removed after every input
 * (FUZZ_REVIEW_KEEP=1 in the environment keeps them and prints where, to
 * look at a finding: build-fuzz/tests/fuzz/fuzz_review FILE).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "fuzz_files.h"
#include "mzgeno/error.h"
#include "mzgeno/report.h"
#include "mzgeno/review.h"

#define MARK "@@@ "
#define NOW "2026-01-02T03:04:05Z"

static const char *const names[] = { "calls.tsv", "qc.json", "design.tsv",
	"snippets.tsv", "audit.tsv", "overrides.tsv" };

/* Files compared byte for byte after a second write. */
static const char *const stable[] = { "calls.tsv", "genotypes.tsv",
	"qc.json", "qc.tsv", "audit.tsv" };

static char base[4096];

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_review: (files in %s) ", base);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Offset of the next marker line at or after @p from, or @p size. */
static size_t next_mark(const uint8_t *d, size_t size, size_t from)
{
	size_t i;

	for (i = from; i + 4 <= size; i++)
		if ((i == 0 || d[i - 1] == '\n') && !memcmp(d + i, MARK, 4))
			return i;
	return size;
}

/* Write the packed files into @p dir. Bit i of the result: names[i]
 * was written; -1 on an I/O error. */
static int unpack(const uint8_t *d, size_t size, const char *dir)
{
	size_t at = next_mark(d, size, 0);
	int have = 0;

	while (at < size) {
		const uint8_t *name = d + at + 4, *nl;
		size_t nlen, body, end;
		unsigned i;

		nl = memchr(name, '\n', size - (at + 4));
		nlen = nl ? (size_t)(nl - name) : size - (at + 4);
		body = nl ? (size_t)(nl + 1 - d) : size;
		end = next_mark(d, size, body);
		for (i = 0; i < sizeof names / sizeof *names; i++)
			if (strlen(names[i]) == nlen && !memcmp(name, names[i], nlen)) {
				char path[4096];

				if (fuzz_write_file(fuzz_path(path, sizeof path, dir,
				                              names[i]), d + body,
				                    end - body) < 0)
					return -1;
				have |= 1 << i;
			}
		at = end;
	}
	return have;
}

static const mzg_pad *pad_of(const mzg_run *run, const char *well)
{
	size_t i;

	for (i = 0; i < run->n_pads; i++)
		if (!strcmp(run->pads[i].well, well))
			return &run->pads[i];
	return NULL;
}

/* Every override applied: its call is E with the override flag. */
static void check_applied(const mzg_review *r, const mzg_overrides *ov,
                          size_t n_audit, size_t n_notes)
{
	size_t i, k;

	if (r->audit.n != n_audit + ov->n || r->run->n_notes != n_notes + 1)
		fail("%zu overrides applied, audit %zu -> %zu rows, notes %zu -> "
		     "%zu", ov->n, n_audit, r->audit.n, n_notes, r->run->n_notes);
	for (i = 0; i < ov->n; i++) {
		const mzg_pad *p = pad_of(r->run, ov->rows[i].well);

		if (!p || p->plex < 0)
			fail("override of %s applied to no pad", ov->rows[i].well);
		for (k = 0; k < p->n_calls &&
		     strcasecmp(r->design->plex[p->plex].assays[k].id,
		                ov->rows[i].assay); k++)
			;
		if (k == p->n_calls || p->calls[k].quality != MZG_Q_E ||
		    !(p->calls[k].flags & MZG_CF_OVERRIDE))
			fail("override %s %s applied, but the call is not E/override",
			     ov->rows[i].well, ov->rows[i].assay);
	}
}

/* Apply the overrides in @p path. 0 when applied, -1 when refused. */
static int apply(mzg_review *r, const char *path)
{
	mzg_overrides *ov = NULL;
	size_t n_audit = r->audit.n, n_notes = r->run->n_notes;
	int rc = -1;

	if (mzg_overrides_load(&ov, path) < 0) {
		if (!mzg_errmsg()[0])
			fail("overrides refused without a message");
		return -1;
	}
	if (mzg_review_apply(r, ov, NOW) < 0) {
		if (!mzg_errmsg()[0])
			fail("apply refused without a message");
		if (r->audit.n != n_audit || r->run->n_notes != n_notes)
			fail("a refused apply changed the review");
		goto out;
	}
	check_applied(r, ov, n_audit, n_notes);
	rc = 0;
out:
	mzg_overrides_free(ov);
	return rc;
}

static size_t calls_rows(const char *dir)
{
	char path[4096];
	mzg_calls *c = NULL;
	size_t n;

	if (mzg_calls_load(&c, fuzz_path(path, sizeof path, dir,
	                                 "calls.tsv")) < 0)
		fail("%s does not load again: %s", path, mzg_errmsg());
	n = c->n;
	mzg_calls_free(c);
	return n;
}

/* The written set @p out reads back as what was written. */
static void check_written(const mzg_review *r, const char *in,
                          const char *out, const char *again)
{
	mzg_review *r2 = NULL;
	size_t i;

	if (mzg_review_load(&r2, out) < 0)
		fail("the written set does not load again: %s", mzg_errmsg());
	if (r2->run->n_pads != r->run->n_pads || r2->audit.n != r->audit.n)
		fail("written and read back: %zu -> %zu pads, %zu -> %zu audit "
		     "rows", r->run->n_pads, r2->run->n_pads, r->audit.n,
		     r2->audit.n);
	for (i = 0; i < r->run->n_pads; i++)
		if (strcmp(r->run->pads[i].well, r2->run->pads[i].well) ||
		    r->run->pads[i].n_calls != r2->run->pads[i].n_calls)
			fail("pad %zu: %s with %zu calls read back as %s with %zu", i,
			     r->run->pads[i].well, r->run->pads[i].n_calls,
			     r2->run->pads[i].well, r2->run->pads[i].n_calls);
	if (calls_rows(in) != calls_rows(out))
		fail("calls.tsv: %zu rows written as %zu", calls_rows(in),
		     calls_rows(out));
	if (mzg_review_write(NULL, again, r2, 0) < 0)
		fail("the reloaded set cannot be written: %s", mzg_errmsg());
	for (i = 0; i < sizeof stable / sizeof *stable; i++) {
		char a[4096], b[4096];

		if (!fuzz_same_file(fuzz_path(a, sizeof a, out, stable[i]),
		                    fuzz_path(b, sizeof b, again, stable[i])))
			fail("%s differs when the written set is written again",
			     stable[i]);
	}
	mzg_review_free(r2);
}

static void review(const char *dir, int have)
{
	char in[4096], out[4096], again[4096], ovpath[4096];
	mzg_review *r = NULL;

	fuzz_path(in, sizeof in, dir, "in");
	fuzz_path(out, sizeof out, dir, "out");
	fuzz_path(again, sizeof again, dir, "again");
	fuzz_path(ovpath, sizeof ovpath, in, "overrides.tsv");
	if (mzg_review_load(&r, in) < 0) {
		if (!mzg_errmsg()[0])
			fail("review set refused without a message");
		return;
	}
	if (have & (1 << 5) && apply(r, ovpath) < 0)
		goto out;
	if (mzg_review_write(NULL, out, r, 0) < 0)
		fail("a loaded review cannot be written: %s", mzg_errmsg());
	check_written(r, in, out, again);
out:
	mzg_review_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[4096];
	int have = 0;

	if (fuzz_mkdtemp(base, sizeof base, "fuzz_review") < 0)
		fail("cannot make a temporary directory");
	if (mkdir(fuzz_path(in, sizeof in, base, "in"), 0700) < 0 ||
	    (have = unpack(data, size, in)) < 0)
		fail("cannot write the input files under %s", base);
	review(base, have);
	if (getenv("FUZZ_REVIEW_KEEP"))
		fprintf(stderr, "fuzz_review: files kept in %s\n", base);
	else
		fuzz_rmtree(base);
	return 0;
}
