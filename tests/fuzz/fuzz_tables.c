/*
 * fuzz_tables.c -- fuzz target for the table readers of a report
 * directory on their own (fuzz_review.c reaches them only as far as the
 * other files of a set agree): calls.tsv (mzg_calls_load), audit.tsv
 * (mzg_audit_load) and the reviewer's overrides file (mzg_overrides_load).
 *
 * The first byte of the input picks the reader ('c' calls.tsv, 'a'
 * audit.tsv, 'o' overrides; any other byte by its value modulo 3), the
 * rest is the file, written to a private directory (fuzz_files.h).
 * What must hold (abort() otherwise):
 *  - every refusal has a message;
 *  - calls.tsv and audit.tsv: a table that loads is written again by its
 *    writer (mzg_calls_write, mzg_audit_write), that file loads with the
 *    same rows (and an ASCII chip name, the same), and writing it once
 *    more gives the same bytes (text that is not UTF-8 is written as
 *    U+FFFD, so only from the first write on); every
 *    flags field of a calls.tsv parses (mzg_calls_flags_parse) or is
 *    refused with a message;
 *  - overrides: every field present, the well normalised, no well and
 *    assay twice.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "fuzz_files.h"
#include "mzgeno/error.h"
#include "mzgeno/report.h"
#include "mzgeno/review.h"

static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz_tables: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void refused(const char *what)
{
	if (!mzg_errmsg()[0])
		fail("%s refused without a message", what);
}

/* Write with @p w into @p path. */
static void write_with(const char *path, int (*w)(FILE *, const void *),
                       const void *t)
{
	FILE *fp = fopen(path, "wb");

	if (!fp)
		fail("cannot create %s", path);
	if (w(fp, t) < 0)
		fail("%s: the writer failed: %s", path, mzg_errmsg());
	if (fclose(fp) != 0)
		fail("%s: write error", path);
}

static int calls_writer(FILE *fp, const void *t)
{
	return mzg_calls_write(fp, t);
}

static int audit_writer(FILE *fp, const void *t)
{
	return mzg_audit_write(fp, t);
}

/* Pure ASCII: other bytes may come back as U+FFFD (not UTF-8). */
static int ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void calls(const char *in, const char *w1, const char *w2)
{
	mzg_calls *c = NULL, *c2 = NULL;
	size_t i;

	if (mzg_calls_load(&c, in) < 0) {
		refused("calls.tsv");
		return;
	}
	for (i = 0; i < c->n; i++) {
		unsigned flags;
		char bg[3], *note = NULL;

		if (mzg_calls_flags_parse(&flags, bg, &note, c->rows[i].flags) < 0)
			refused("a flags field");
		else if (strlen(bg) > 2)
			fail("best guess '%s' longer than a genotype", bg);
		free(note);
	}
	write_with(w1, calls_writer, c);
	if (mzg_calls_load(&c2, w1) < 0)
		fail("calls.tsv as written does not load: %s", mzg_errmsg());
	if (c2->n != c->n || (ascii(c->chip) && strcmp(c2->chip, c->chip)))
		fail("calls.tsv: %zu rows of chip '%s' read back as %zu of '%s'",
		     c->n, c->chip, c2->n, c2->chip);
	write_with(w2, calls_writer, c2);
	if (!fuzz_same_file(w1, w2))
		fail("calls.tsv written twice differs");
	mzg_calls_free(c2);
	mzg_calls_free(c);
}

static void audit(const char *in, const char *w1, const char *w2)
{
	mzg_audit a, a2;

	if (mzg_audit_load(&a, in) < 0) {
		refused("audit.tsv");
		return;
	}
	write_with(w1, audit_writer, &a);
	if (mzg_audit_load(&a2, w1) < 0)
		fail("audit.tsv as written does not load: %s", mzg_errmsg());
	if (a2.n != a.n)
		fail("audit.tsv: %zu rows read back as %zu", a.n, a2.n);
	write_with(w2, audit_writer, &a2);
	if (!fuzz_same_file(w1, w2))
		fail("audit.tsv written twice differs");
	mzg_audit_clear(&a2);
	mzg_audit_clear(&a);
}

static void overrides(const char *in)
{
	mzg_overrides *o = NULL;
	size_t i, j;

	if (mzg_overrides_load(&o, in) < 0) {
		refused("overrides");
		return;
	}
	for (i = 0; i < o->n; i++) {
		const mzg_override *r = &o->rows[i];
		char w[4];

		if (!*r->assay || !*r->genotype || !*r->reviewer || !*r->reason)
			fail("line %zu: a blank field was accepted", r->line);
		if (mzg_well_parse(w, r->well) < 0 || strcmp(w, r->well))
			fail("line %zu: well '%s' is not normalised", r->line, r->well);
		for (j = 0; j < i; j++)
			if (!strcmp(o->rows[j].well, r->well) &&
			    !strcasecmp(o->rows[j].assay, r->assay))
				fail("lines %zu and %zu: %s %s twice", o->rows[j].line,
				     r->line, r->well, r->assay);
	}
	mzg_overrides_free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char base[4096], in[4096], w1[4096], w2[4096];
	int which;

	if (size == 0)
		return 0;
	which = data[0] == 'c' ? 0 : data[0] == 'a' ? 1 : data[0] == 'o' ? 2 :
	        data[0] % 3;
	if (fuzz_mkdtemp(base, sizeof base, "fuzz_tables") < 0)
		fail("cannot make a temporary directory");
	fuzz_path(in, sizeof in, base, "in.tsv");
	fuzz_path(w1, sizeof w1, base, "w1.tsv");
	fuzz_path(w2, sizeof w2, base, "w2.tsv");
	if (fuzz_write_file(in, data + 1, size - 1) < 0)
		fail("cannot write %s", in);
	if (which == 0)
		calls(in, w1, w2);
	else if (which == 1)
		audit(in, w1, w2);
	else
		overrides(in);
	fuzz_rmtree(base);
	return 0;
}
