/*
 * fuzz_json.c -- fuzz target for the JSON reader (json_read.c), which
 * reads qc.json back for `mzgeno review`: a report directory is a file a
 * person may have edited or that may come from elsewhere.
 *
 * Parses the input; when it parses, every string (keys and values) is
 * escaped again by the writer (plain and HTML-safe) and the escaped text
 * must parse back to the same string -- what the report writers emit, the
 * reader must read -- and the HTML-safe form must hold no '<', '>' or '&'.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "internal.h"
#include "json.h"

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_json: %s: '%s'\n", what, s);
	abort();
}

/* Pure ASCII: the writer keeps other bytes as they are or replaces
 * invalid UTF-8, so only ASCII must come back byte for byte. */
static int ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void round_trip(const char *s)
{
	int html;

	for (html = 0; html < 2; html++) {
		mzg_buf b = { NULL, 0, 0 };
		mzg_jval *v = NULL;

		if (mzg__json_escape(&b, s, html) < 0) {
			mzg__buf_free(&b);
			return;
		}
		if (mzg__json_parse(&v, mzg__buf_cstr(&b), b.len, "escaped") < 0)
			fail("escaped string does not parse", s);
		if (v->type != MZG_JSTR || (ascii(s) && strcmp(v->str, s)))
			fail("escaped string reads back differently", s);
		if (html && strpbrk(mzg__buf_cstr(&b), "<>&"))
			fail("HTML-safe escape left < > or &", s);
		mzg__jval_free(v);
		mzg__buf_free(&b);
	}
}

static void walk(const mzg_jval *v, int depth)
{
	size_t i;

	if (depth > 100)
		fail("deeper than the parser allows", "");
	if (v->type == MZG_JSTR)
		round_trip(v->str);
	for (i = 0; (v->type == MZG_JARR || v->type == MZG_JOBJ) && i < v->n;
	     i++) {
		if (v->type == MZG_JOBJ)
			round_trip(v->keys[i]);
		walk(&v->items[i], depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mzg_jval *v = NULL;

	if (mzg__json_parse(&v, (const char *)data, size, "fuzz.json") == 0)
		walk(v, 0);
	else if (!mzg_errmsg()[0])
		fail("error without a message", "");
	mzg__jval_free(v);
	return 0;
}
