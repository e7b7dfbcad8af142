/*
 * util.c -- allocation, buffers and string helpers for every module.
 *
 * Inputs are hostile: every allocation whose size comes from a file goes
 * through the overflow-checked helpers here, and the growable buffer backs
 * all text building (messages, report lines).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void *mzg__malloc_array(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return malloc((n && size) ? n * size : 1);
}

void *mzg__calloc_array(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *mzg__realloc_array(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return realloc(p, (n && size) ? n * size : 1);
}

int mzg__grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return MZG_OK;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return mzg__err(MZG_ENOMEM, "allocation size overflow");
		ncap *= 2;
	}
	np = mzg__realloc_array(*p, ncap, size);
	if (!np)
		return mzg__err(MZG_ENOMEM, "out of memory (%zu x %zu bytes)",
		                ncap, size);
	*p = np;
	*cap = ncap;
	return MZG_OK;
}

char *mzg__strdup(const char *s)
{
	return s ? mzg__strndup(s, strlen(s)) : NULL;
}

char *mzg__strndup(const char *s, size_t n)
{
	char *d;

	if (!s || n == SIZE_MAX)
		return NULL;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *mzg__asprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *s;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return NULL;
	s = malloc((size_t)len + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

int mzg__buf_append(mzg_buf *b, const char *data, size_t n)
{
	if (n >= SIZE_MAX - b->len)
		return mzg__err(MZG_ENOMEM, "buffer size overflow");
	if (mzg__grow((void **)&b->s, &b->cap, b->len + n + 1, 1) < 0)
		return MZG_ENOMEM;
	if (n)
		memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return MZG_OK;
}

int mzg__buf_puts(mzg_buf *b, const char *s)
{
	return mzg__buf_append(b, s, strlen(s));
}

int mzg__buf_printf(mzg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return mzg__err(MZG_EINTERNAL, "bad format");
	if (mzg__grow((void **)&b->s, &b->cap, b->len + (size_t)len + 1, 1) < 0)
		return MZG_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)len;
	return MZG_OK;
}

const char *mzg__buf_cstr(mzg_buf *b)
{
	return b->s ? b->s : "";
}

void mzg__buf_reset(mzg_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void mzg__buf_free(mzg_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int mzg__parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return MZG_EINVAL;
	errno = 0;
	v = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || errno == ERANGE || !isfinite(v))
		return MZG_EINVAL;
	*out = v;
	return MZG_OK;
}

int mzg__parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return MZG_EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || errno == ERANGE)
		return MZG_EINVAL;
	*out = v;
	return MZG_OK;
}

int mzg__strcaseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

const char *mzg__basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *mzg__trim(char *s)
{
	char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}
