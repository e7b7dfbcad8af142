/*
 * internal.h -- helpers shared by the library modules; not installed.
 *
 * Error reporting (mzg__err sets the thread's message and returns the
 * code), logging, overflow-checked allocation, a growable byte buffer and
 * small string helpers. Every module includes this first.
 */
#ifndef MZG_INTERNAL_H
#define MZG_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mzgeno/error.h"

#define MZG_UNUSED(x) ((void)(x))
#define MZG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Record @p status with a printf-style message for mzg_errmsg(); returns
 * @p status so callers can write `return mzg__err(MZG_EDATA, ...)`. */
int mzg__err(int status, const char *fmt, ...) MZG_PRINTF(2, 3);

/* Prefix the current error message with "PREFIX: " (keeps the status). */
int mzg__err_prefix(int status, const char *fmt, ...) MZG_PRINTF(2, 3);

/* Send a message to the installed logger, if any. */
void mzg__log(mzg_log_level level, const char *fmt, ...) MZG_PRINTF(2, 3);

/* Overflow-checked allocation. They return NULL on overflow or when out of
 * memory; the *_err variants also record MZG_ENOMEM via mzg__err. */
void *mzg__malloc_array(size_t n, size_t size);
void *mzg__calloc_array(size_t n, size_t size);
void *mzg__realloc_array(void *p, size_t n, size_t size);

/* Grow *p (holding *cap elements of @p size) to at least @p need elements,
 * at least doubling. Returns 0 or MZG_ENOMEM (then *p is unchanged). */
int mzg__grow(void **p, size_t *cap, size_t need, size_t size);

/* strdup that returns NULL for NULL input or on failure. */
char *mzg__strdup(const char *s);
char *mzg__strndup(const char *s, size_t n);
/* malloc'ed printf. NULL on failure. */
char *mzg__asprintf(const char *fmt, ...) MZG_PRINTF(1, 2);

/* Growable byte buffer; always NUL-terminated when len > 0 or after
 * mzg__buf_cstr(). Free with mzg__buf_free(). */
typedef struct mzg_buf {
	char *s;
	size_t len, cap;
} mzg_buf;

int mzg__buf_append(mzg_buf *b, const char *data, size_t n);
int mzg__buf_puts(mzg_buf *b, const char *s);
int mzg__buf_printf(mzg_buf *b, const char *fmt, ...) MZG_PRINTF(2, 3);
const char *mzg__buf_cstr(mzg_buf *b);
void mzg__buf_reset(mzg_buf *b);
void mzg__buf_free(mzg_buf *b);

/* Parse a whole string as a finite double / a long. 0 or MZG_EINVAL. */
int mzg__parse_double(const char *s, double *out);
int mzg__parse_long(const char *s, long *out);

/* Case-insensitive ASCII comparison. */
int mzg__strcaseeq(const char *a, const char *b);

/* Base name of a path without directories (pointer into @p path). */
const char *mzg__basename(const char *path);

/* ---- line-oriented text input (design files, plate sheets, overrides) ---- */

/* Reads a text file line by line: strips a UTF-8 BOM, CR before LF, and
 * counts lines for messages. */
typedef struct mzg_lines {
	FILE *fp;
	int owns_fp;
	const char *name;   /* for messages; borrowed */
	size_t line;        /* 1-based number of the last line returned */
	char *buf;
	size_t cap;
} mzg_lines;

/* Open @p path ("-" = stdin). 0, or MZG_EIO with a message. */
int mzg__lines_open(mzg_lines *L, const char *path);
/* Next line without its terminator into *line (valid until the next call).
 * 0 = a line, MZG_DONE = end of file, MZG_EIO / MZG_ENOMEM / MZG_ELIMIT. */
int mzg__lines_next(mzg_lines *L, char **line, size_t *len);
void mzg__lines_close(mzg_lines *L);

/* Split @p line in place at @p sep; trailing CR/space of each field kept
 * unless trimmed by the caller. Quoted CSV fields ("a,b", "") are handled
 * when sep == ','. Fills up to @p max fields, returns the count, or -1 if
 * more than max. */
int mzg__split(char *line, char sep, char **fields, int max);

/* Trim ASCII whitespace at both ends, in place; returns s. */
char *mzg__trim(char *s);

/* ---- atomic output files ---- */

/* A file written under a temporary name in the target directory and
 * renamed into place on commit, so a reader never sees a partial file and
 * an existing file is replaced only when asked (force). */
typedef struct mzg_afile {
	FILE *fp;
	char *tmp;
	char *path;
} mzg_afile;

/* 0; MZG_EEXIST when @p path exists and !force; MZG_EIO. */
int mzg__afile_open(mzg_afile *f, const char *path, int force);
/* Flush, sync, close and rename into place. 0 or MZG_EIO (temp removed).
 * Also renames a file already closed with mzg__afile_close(). */
int mzg__afile_commit(mzg_afile *f);
/* Flush, sync and close the temporary file without renaming it, so a set
 * of files can be finished first and renamed together. 0 or MZG_EIO (then
 * the temporary is removed). */
int mzg__afile_close(mzg_afile *f);
/* Close and remove the temporary file. Safe on a never-opened afile. */
void mzg__afile_abort(mzg_afile *f);

/* mkdir -p. 0 or MZG_EIO. */
int mzg__mkdir_p(const char *dir);

/* Join directory and file name. malloc'ed; NULL on failure. */
char *mzg__path_join(const char *dir, const char *name);

#endif
