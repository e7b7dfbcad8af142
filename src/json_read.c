/*
 * json_read.c -- a small JSON parser for reading qc.json back.
 *
 * `mzgeno review` rebuilds a run from a report directory; the pad figures,
 * inputs and parameters live in qc.json. The file may have been edited or
 * damaged, so the parser is strict RFC 8259 (no comments, no trailing
 * commas, no NaN), bounds the nesting depth, and names line and column in
 * its messages. Strings are read as the writer writes them: bytes that
 * are not UTF-8 become U+FFFD. It builds a small tree; qc.json of a 384-pad chip is well
 * under a megabyte.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_MAX_DEPTH 64

typedef struct jparser {
	const char *start, *s, *end, *name;
	int depth;
} jparser;

static void jval_clear(mzg_jval *v)
{
	size_t i;

	free(v->str);
	for (i = 0; i < v->n; i++) {
		jval_clear(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	memset(v, 0, sizeof *v);
}

void mzg__jval_free(mzg_jval *v)
{
	if (!v)
		return;
	jval_clear(v);
	free(v);
}

/* An MZG_EFORMAT message with the line and column of the position. */
static int jerr(const jparser *P, const char *what)
{
	size_t line = 1, col = 1;
	const char *q;

	for (q = P->start; q < P->s; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return mzg__err(MZG_EFORMAT, "%s:%zu:%zu: %s", P->name, line, col, what);
}

static void skip_ws(jparser *P)
{
	while (P->s < P->end && (*P->s == ' ' || *P->s == '\t' ||
	                         *P->s == '\n' || *P->s == '\r'))
		P->s++;
}

static int literal(jparser *P, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(P->end - P->s) < n || memcmp(P->s, word, n))
		return jerr(P, "expected a value");
	P->s += n;
	return MZG_OK;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int put_utf8(mzg_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return mzg__buf_append(b, u, n);
}

/* \uXXXX (P->s after the 'u'), with a surrogate pair when needed. */
static int unicode_escape(jparser *P, mzg_buf *b)
{
	unsigned cp, lo;

	if (P->end - P->s < 4 || hex4(P->s, &cp) < 0)
		return jerr(P, "bad \\u escape");
	P->s += 4;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (P->end - P->s < 6 || P->s[0] != '\\' || P->s[1] != 'u' ||
		    hex4(P->s + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return jerr(P, "unpaired surrogate in \\u escape");
		P->s += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
		return jerr(P, "unpaired surrogate in \\u escape");
	}
	return put_utf8(b, cp);
}

static int escape(jparser *P, mzg_buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;

	if (P->s >= P->end)
		return jerr(P, "unterminated string");
	if (*P->s == 'u') {
		P->s++;
		return unicode_escape(P, b);
	}
	if (!(e = strchr(from, *P->s)) || !*P->s)
		return jerr(P, "bad escape in string");
	P->s++;
	return mzg__buf_append(b, &to[e - from], 1);
}

/* A copy of @p s with each byte that does not start valid UTF-8 replaced
 * by U+FFFD, as the writer replaces it: a string read is the string that
 * will be written, so a report read back writes the same bytes again (and
 * text cut to a length is cut the same way each time). NULL: no memory. */
static char *utf8_dup(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, len = 0, bad = 0;
	char *out, *o;

	for (; *u; u += n ? n : 1, len += n ? n : 3)
		if (!(n = mzg__utf8_len(u)))
			bad++;
	if (!bad)
		return mzg__strdup(s);
	if (!(out = o = malloc(len + 1))) /* len <= 3 x strlen(s) */
		return NULL;
	for (u = (const unsigned char *)s; *u; u += n ? n : 1) {
		if ((n = mzg__utf8_len(u)))
			memcpy(o, u, n);
		else
			memcpy(o, "\xEF\xBF\xBD", 3);
		o += n ? n : 3;
	}
	*o = '\0';
	return out;
}

/* A string at P->s (on the opening quote) into *out (malloc'ed). */
static int parse_string(jparser *P, char **out)
{
	mzg_buf b = { 0 };
	int rc = MZG_OK;

	P->s++;
	while (rc == MZG_OK) {
		const char *run = P->s;

		while (P->s < P->end && *P->s != '"' && *P->s != '\\' &&
		       (unsigned char)*P->s >= 0x20)
			P->s++;
		if ((rc = mzg__buf_append(&b, run, (size_t)(P->s - run))) < 0)
			break;
		if (P->s >= P->end || (unsigned char)*P->s < 0x20) {
			rc = jerr(P, P->s >= P->end ? "unterminated string" :
			          "control character in string");
		} else if (*P->s == '"') {
			P->s++;
			break;
		} else {
			P->s++;
			rc = escape(P, &b);
		}
	}
	if (rc == MZG_OK && !(*out = utf8_dup(mzg__buf_cstr(&b))))
		rc = mzg__err(MZG_ENOMEM, "out of memory");
	mzg__buf_free(&b);
	return rc;
}

static int parse_number(jparser *P, double *out)
{
	const char *q = P->s;
	char tmp[64];

	if (q < P->end && *q == '-')
		q++;
	if (q < P->end && *q == '0')
		q++;
	else if (q < P->end && *q >= '1' && *q <= '9')
		while (q < P->end && *q >= '0' && *q <= '9')
			q++;
	else
		return jerr(P, "expected a value");
	if (q < P->end && *q == '.') {
		if (++q >= P->end || *q < '0' || *q > '9')
			return jerr(P, "bad number");
		while (q < P->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < P->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < P->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= P->end || *q < '0' || *q > '9')
			return jerr(P, "bad number");
		while (q < P->end && *q >= '0' && *q <= '9')
			q++;
	}
	if ((size_t)(q - P->s) >= sizeof tmp)
		return jerr(P, "number too long");
	memcpy(tmp, P->s, (size_t)(q - P->s));
	tmp[q - P->s] = '\0';
	*out = strtod(tmp, NULL);
	if (!isfinite(*out))
		return jerr(P, "number out of range");
	P->s = q;
	return MZG_OK;
}

static int parse_value(jparser *P, mzg_jval *v);

/* Members of an array or object, P->s after the opening bracket. */
static int parse_members(jparser *P, mzg_jval *v, char close)
{
	size_t cap = 0, kcap = 0;
	int rc;

	skip_ws(P);
	if (P->s < P->end && *P->s == close) {
		P->s++;
		return MZG_OK;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(P);
		if (close == '}') {
			if (P->s >= P->end || *P->s != '"')
				return jerr(P, "expected a member name");
			if ((rc = parse_string(P, &key)) < 0)
				return rc;
			skip_ws(P);
			if (P->s >= P->end || *P->s != ':') {
				free(key);
				return jerr(P, "expected ':'");
			}
			P->s++;
		}
		if (mzg__grow((void **)&v->items, &cap, v->n + 1,
		              sizeof *v->items) < 0 ||
		    (close == '}' && mzg__grow((void **)&v->keys, &kcap, v->n + 1,
		                               sizeof *v->keys) < 0)) {
			free(key);
			return MZG_ENOMEM;
		}
		memset(&v->items[v->n], 0, sizeof *v->items);
		if (close == '}')
			v->keys[v->n] = key;
		v->n++;
		if ((rc = parse_value(P, &v->items[v->n - 1])) < 0)
			return rc;
		skip_ws(P);
		if (P->s < P->end && *P->s == ',') {
			P->s++;
			continue;
		}
		if (P->s < P->end && *P->s == close) {
			P->s++;
			return MZG_OK;
		}
		return jerr(P, close == '}' ? "expected ',' or '}'" :
		            "expected ',' or ']'");
	}
}

static int parse_value(jparser *P, mzg_jval *v)
{
	int rc;

	skip_ws(P);
	if (P->s >= P->end)
		return jerr(P, "unexpected end of text");
	switch (*P->s) {
	case '{':
	case '[':
		if (++P->depth > JSON_MAX_DEPTH)
			return mzg__err(MZG_ELIMIT, "%s: nested deeper than %d",
			                P->name, JSON_MAX_DEPTH);
		v->type = *P->s == '{' ? MZG_JOBJ : MZG_JARR;
		P->s++;
		rc = parse_members(P, v, v->type == MZG_JOBJ ? '}' : ']');
		P->depth--;
		return rc;
	case '"':
		v->type = MZG_JSTR;
		return parse_string(P, &v->str);
	case 't':
		v->type = MZG_JBOOL;
		v->b = 1;
		return literal(P, "true");
	case 'f':
		v->type = MZG_JBOOL;
		return literal(P, "false");
	case 'n':
		v->type = MZG_JNULL;
		return literal(P, "null");
	default:
		v->type = MZG_JNUM;
		return parse_number(P, &v->num);
	}
}

int mzg__json_parse(mzg_jval **out, const char *text, size_t len,
                    const char *name)
{
	jparser P = { text, text, text + len, name, 0 };
	mzg_jval *v;
	int rc;

	*out = NULL;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		P.s += 3;
	if (!(v = calloc(1, sizeof *v)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = parse_value(&P, v)) == MZG_OK) {
		skip_ws(&P);
		if (P.s < P.end)
			rc = jerr(&P, "text after the JSON value");
	}
	if (rc < 0) {
		mzg__jval_free(v);
		return rc;
	}
	*out = v;
	return MZG_OK;
}

const mzg_jval *mzg__jget(const mzg_jval *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != MZG_JOBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

const char *mzg__jstr(const mzg_jval *obj, const char *key, const char *def)
{
	const mzg_jval *v = mzg__jget(obj, key);

	return v && v->type == MZG_JSTR ? v->str : def;
}

double mzg__jnum(const mzg_jval *obj, const char *key, double def)
{
	const mzg_jval *v = mzg__jget(obj, key);

	return v && v->type == MZG_JNUM ? v->num : def;
}

int mzg__jbool(const mzg_jval *obj, const char *key, int def)
{
	const mzg_jval *v = mzg__jget(obj, key);

	return v && v->type == MZG_JBOOL ? v->b : def;
}
