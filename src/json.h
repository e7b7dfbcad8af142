/*
 * json.h -- a small streaming JSON writer for the reports (private).
 *
 * Output is deterministic: keys in the order written, two-space
 * indentation, numbers in a fixed printf format chosen per value, NaN and
 * infinities written as null, strings escaped (control characters as
 * \uXXXX, invalid UTF-8 replaced by U+FFFD). With html_safe set, '<', '>'
 * and '&' are escaped too, so the text can sit inside an HTML <script>.
 * Errors are sticky: check mzg__json_finish() once at the end.
 */
#ifndef MZG_JSON_H
#define MZG_JSON_H

#include <stdio.h>

#include "internal.h"

#define MZG_JSON_MAX_DEPTH 32

typedef struct mzg_json {
	FILE *fp;          /* sink: a stream ... */
	mzg_buf *buf;      /* ... or a buffer (exactly one is set) */
	int html_safe;
	int depth;
	int count[MZG_JSON_MAX_DEPTH];   /* members written per level */
	int compact[MZG_JSON_MAX_DEPTH]; /* 1: members on one line */
	char kind[MZG_JSON_MAX_DEPTH];   /* '{' or '[' per open level */
	int err;           /* first error (negative MZG_E*), 0 when fine */
} mzg_json;

/* Start writing to a stream or a buffer. */
void mzg__json_init_file(mzg_json *j, FILE *fp);
void mzg__json_init_buf(mzg_json *j, mzg_buf *b);

/* Containers. @p key is the member name inside an object, NULL inside an
 * array or at the top. A compact container is written on one line. */
void mzg__json_object(mzg_json *j, const char *key);
void mzg__json_array(mzg_json *j, const char *key);
void mzg__json_array_compact(mzg_json *j, const char *key);
void mzg__json_object_compact(mzg_json *j, const char *key);
void mzg__json_end(mzg_json *j);

/* Values. A NULL string is written as null. */
void mzg__json_str(mzg_json *j, const char *key, const char *s);
void mzg__json_null(mzg_json *j, const char *key);
void mzg__json_bool(mzg_json *j, const char *key, int v);
void mzg__json_int(mzg_json *j, const char *key, long long v);
void mzg__json_uint(mzg_json *j, const char *key, unsigned long long v);
/* A number with @p digits significant digits ("%.*g"); null if not finite. */
void mzg__json_num(mzg_json *j, const char *key, double v, int digits);
/* A number with @p decimals digits after the point ("%.*f"). */
void mzg__json_fixed(mzg_json *j, const char *key, double v, int decimals);

/* Length of the valid UTF-8 sequence at @p s (1 to 4), or 0 when @p s
 * starts an invalid one (a stray continuation byte, an overlong or
 * surrogate encoding, a sequence cut short by the terminating NUL). The
 * JSON and TSV writers replace invalid sequences with U+FFFD. */
size_t mzg__utf8_len(const unsigned char *s);

/* Escape @p s as a JSON string with quotes into @p b. 0 or MZG_ENOMEM. */
int mzg__json_escape(mzg_buf *b, const char *s, int html_safe);

/* End the document (newline) and report the first error: 0, MZG_EIO,
 * MZG_ENOMEM or MZG_EINTERNAL (unbalanced or too deep). */
int mzg__json_finish(mzg_json *j);

/* ---- reading (json_read.c) ---- */

typedef enum mzg_jtype {
	MZG_JNULL = 0, MZG_JBOOL, MZG_JNUM, MZG_JSTR, MZG_JARR, MZG_JOBJ,
} mzg_jtype;

/* A parsed JSON value; a tree owned by its root. */
typedef struct mzg_jval {
	mzg_jtype type;
	int b;                  /* MZG_JBOOL */
	double num;             /* MZG_JNUM */
	char *str;              /* MZG_JSTR: UTF-8, NUL-terminated */
	size_t n;               /* MZG_JARR / MZG_JOBJ: members */
	struct mzg_jval *items; /* their values */
	char **keys;            /* MZG_JOBJ: their keys */
} mzg_jval;

/* Parse a whole JSON text (RFC 8259; nesting depth <= 64). @p name is
 * used in messages ("qc.json:12:5: expected ',' or '}'").
 * 0, MZG_EFORMAT, MZG_ELIMIT or MZG_ENOMEM. Free with mzg__jval_free(). */
int mzg__json_parse(mzg_jval **out, const char *text, size_t len,
                    const char *name);
void mzg__jval_free(mzg_jval *v);

/* Member @p key of an object (NULL when absent or not an object). */
const mzg_jval *mzg__jget(const mzg_jval *obj, const char *key);
/* Typed accessors: the member's value, or @p def when absent / null /
 * of another type. */
const char *mzg__jstr(const mzg_jval *obj, const char *key, const char *def);
double mzg__jnum(const mzg_jval *obj, const char *key, double def);
int mzg__jbool(const mzg_jval *obj, const char *key, int def);

#endif
