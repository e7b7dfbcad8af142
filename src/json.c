/*
 * json.c -- a small streaming JSON writer for qc.json and the HTML report.
 *
 * Reports are compared byte for byte between runs and re-read by other
 * tools, so the writer is strict about what it emits: members in the
 * order written, fixed indentation, numbers in a format chosen per value,
 * NaN and infinities as null (JSON has no spelling for them), and strings
 * that are always valid JSON whatever bytes a plate sheet held (control
 * characters escaped, invalid UTF-8 replaced by U+FFFD).
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "json.h"

static void out(mzg_json *j, const char *s, size_t n)
{
	if (j->err || !n)
		return;
	if (j->buf) {
		if (mzg__buf_append(j->buf, s, n) < 0)
			j->err = MZG_ENOMEM;
	} else if (fwrite(s, 1, n, j->fp) != n) {
		j->err = mzg__err(MZG_EIO, "write failed: %s", strerror(errno));
	}
}

static void outs(mzg_json *j, const char *s)
{
	out(j, s, strlen(s));
}

void mzg__json_init_file(mzg_json *j, FILE *fp)
{
	memset(j, 0, sizeof *j);
	j->fp = fp;
}

void mzg__json_init_buf(mzg_json *j, mzg_buf *b)
{
	memset(j, 0, sizeof *j);
	j->buf = b;
}

/* Length of the valid UTF-8 sequence at @p s, or 0 if invalid (json.h). */
size_t mzg__utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

/* The escape for byte sequence @p s of length @p n, or NULL if it is
 * written as is. @p tmp holds a \u00XX escape. U+FFFD itself is escaped
 * like the invalid bytes it replaces, so a string written, read back and
 * written again gives the same bytes. */
static const char *escape_for(const unsigned char *s, size_t n,
                              int html_safe, char tmp[8])
{
	if (n == 0 || (n == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] == 0xBD))
		return "\\ufffd";
	if (n == 3 && html_safe && s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] == 0xA8 || s[2] == 0xA9))
		return s[2] == 0xA8 ? "\\u2028" : "\\u2029";
	if (n > 1)
		return NULL;
	switch (s[0]) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\b': return "\\b";
	case '\f': return "\\f";
	}
	if (s[0] < 0x20 || s[0] == 0x7F ||
	    (html_safe && (s[0] == '<' || s[0] == '>' || s[0] == '&'))) {
		snprintf(tmp, 8, "\\u%04x", s[0]);
		return tmp;
	}
	return NULL;
}

/* Write @p s escaped and quoted through @p emit (a json sink). */
static void write_escaped(mzg_json *j, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run = s;
	char tmp[8];

	out(j, "\"", 1);
	while (*s) {
		size_t n = mzg__utf8_len(s);
		const char *e = escape_for(s, n, j->html_safe, tmp);

		if (e) {
			out(j, (const char *)run, (size_t)(s - run));
			outs(j, e);
			s += n ? n : 1;
			run = s;
		} else {
			s += n;
		}
	}
	out(j, (const char *)run, (size_t)(s - run));
	out(j, "\"", 1);
}

int mzg__json_escape(mzg_buf *b, const char *s, int html_safe)
{
	mzg_json j;

	mzg__json_init_buf(&j, b);
	j.html_safe = html_safe;
	write_escaped(&j, s ? s : "");
	return j.err;
}

static void indent(mzg_json *j, int depth)
{
	static const char spaces[] = "                                ";
	int i;

	out(j, "\n", 1);
	for (i = 0; i < depth; i++)
		out(j, spaces, 2);
}

/* Separator, indentation and key before a value. */
static void member(mzg_json *j, const char *key)
{
	int d = j->depth;

	if (d > 0) {
		if (j->count[d - 1]++ > 0)
			out(j, ",", 1);
		if (j->compact[d - 1])
			out(j, j->count[d - 1] > 1 ? " " : "", j->count[d - 1] > 1);
		else
			indent(j, d);
	}
	if (key) {
		write_escaped(j, key);
		out(j, ": ", 2);
	}
}

static void open_container(mzg_json *j, const char *key, const char *br,
                           int compact)
{
	member(j, key);
	if (j->depth >= MZG_JSON_MAX_DEPTH) {
		if (!j->err)
			j->err = mzg__err(MZG_EINTERNAL, "JSON nested too deep");
		return;
	}
	outs(j, br);
	j->kind[j->depth] = br[0];
	j->count[j->depth] = 0;
	j->compact[j->depth] = compact || (j->depth > 0 &&
	                                   j->compact[j->depth - 1]);
	j->depth++;
}

void mzg__json_object(mzg_json *j, const char *key)
{
	open_container(j, key, "{", 0);
}

void mzg__json_object_compact(mzg_json *j, const char *key)
{
	open_container(j, key, "{", 1);
}

void mzg__json_array(mzg_json *j, const char *key)
{
	open_container(j, key, "[", 0);
}

void mzg__json_array_compact(mzg_json *j, const char *key)
{
	open_container(j, key, "[", 1);
}

void mzg__json_end(mzg_json *j)
{
	if (j->depth <= 0) {
		if (!j->err)
			j->err = mzg__err(MZG_EINTERNAL, "JSON end without begin");
		return;
	}
	j->depth--;
	if (!j->compact[j->depth] && j->count[j->depth] > 0)
		indent(j, j->depth);
	out(j, j->kind[j->depth] == '[' ? "]" : "}", 1);
}

void mzg__json_str(mzg_json *j, const char *key, const char *s)
{
	member(j, key);
	if (s)
		write_escaped(j, s);
	else
		outs(j, "null");
}

void mzg__json_null(mzg_json *j, const char *key)
{
	member(j, key);
	outs(j, "null");
}

void mzg__json_bool(mzg_json *j, const char *key, int v)
{
	member(j, key);
	outs(j, v ? "true" : "false");
}

void mzg__json_int(mzg_json *j, const char *key, long long v)
{
	char tmp[32];

	member(j, key);
	snprintf(tmp, sizeof tmp, "%lld", v);
	outs(j, tmp);
}

void mzg__json_uint(mzg_json *j, const char *key, unsigned long long v)
{
	char tmp[32];

	member(j, key);
	snprintf(tmp, sizeof tmp, "%llu", v);
	outs(j, tmp);
}

void mzg__json_num(mzg_json *j, const char *key, double v, int digits)
{
	char tmp[64];

	member(j, key);
	if (!isfinite(v)) {
		outs(j, "null");
		return;
	}
	snprintf(tmp, sizeof tmp, "%.*g", digits, v == 0.0 ? 0.0 : v);
	outs(j, tmp);
}

void mzg__json_fixed(mzg_json *j, const char *key, double v, int decimals)
{
	char tmp[512];
	const char *t = tmp;

	member(j, key);
	if (!isfinite(v)) {
		outs(j, "null");
		return;
	}
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
		t++; /* no "-0.000" */
	outs(j, t);
}

int mzg__json_finish(mzg_json *j)
{
	if (!j->err && j->depth != 0)
		j->err = mzg__err(MZG_EINTERNAL, "JSON left %d containers open",
		                  j->depth);
	out(j, "\n", 1);
	if (!j->err && j->fp && ferror(j->fp))
		j->err = mzg__err(MZG_EIO, "write failed: %s", strerror(errno));
	return j->err;
}
