/*
 * textfile.c -- line-oriented reading of tab- and comma-separated files.
 *
 * Design exports, plate sheets and reviewer overrides are small text tables
 * written by spreadsheets and vendor software: they may start with a UTF-8
 * byte-order mark, end lines with CRLF or a lone CR (old Mac "CSV"),
 * quote CSV fields and leave blank lines. This module hides those habits
 * from the parsers, refuses what is not text (NUL bytes, UTF-16) and keeps
 * line numbers for their messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Longest line accepted; a longer one is not a design or plate sheet. */
#define LINE_MAX_BYTES (1u << 20)

int mzg__lines_open(mzg_lines *L, const char *path)
{
	memset(L, 0, sizeof *L);
	L->name = path;
	if (strcmp(path, "-") == 0) {
		L->fp = stdin;
		L->name = "<stdin>";
		return MZG_OK;
	}
	L->fp = fopen(path, "rb");
	if (!L->fp)
		return mzg__err(MZG_EIO, "%s: cannot open: %s", path,
		                strerror(errno));
	L->owns_fp = 1;
	return MZG_OK;
}

/* A NUL byte is never part of a text table: C strings would silently cut
 * the line there. Say so, recognising the usual cause (a spreadsheet saved
 * as "Unicode text", i.e. UTF-16). */
static int nul_byte(const mzg_lines *L, size_t col)
{
	const unsigned char *b = (const unsigned char *)L->buf;
	int utf16 = L->line == 0 && b &&
	            ((col == 1 && b[0] < 0x80) ||                     /* "w\0" */
	             (col == 2 && b[0] == 0xFE && b[1] == 0xFF) ||    /* BE BOM */
	             (col == 3 && b[0] == 0xFF && b[1] == 0xFE));     /* LE BOM */

	if (utf16)
		return mzg__err(MZG_EFORMAT, "%s: the file is UTF-16 text "
		                "(expected UTF-8 or ASCII: save it as UTF-8 or "
		                "\"tab-delimited text\")", L->name);
	return mzg__err(MZG_EFORMAT, "%s:%zu: a NUL byte at column %zu (expected "
	                "text: is this a binary file?)", L->name, L->line + 1,
	                col + 1);
}

int mzg__lines_next(mzg_lines *L, char **line, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc(L->fp)) != EOF && c != '\n') {
		if (c == '\0')
			return nul_byte(L, n);
		if (c == '\r') {  /* CRLF, or a lone CR ("CSV (Macintosh)") */
			int next = getc(L->fp);

			if (next != '\n' && next != EOF)
				ungetc(next, L->fp);
			break;
		}
		if (n + 2 > L->cap &&
		    mzg__grow((void **)&L->buf, &L->cap, n + 2, 1) < 0)
			return MZG_ENOMEM;
		if (n >= LINE_MAX_BYTES)
			return mzg__err(MZG_ELIMIT, "%s:%zu: line longer than %u bytes",
			                L->name, L->line + 1, LINE_MAX_BYTES);
		L->buf[n++] = (char)c;
	}
	if (ferror(L->fp))
		return mzg__err(MZG_EIO, "%s: read error", L->name);
	if (c == EOF && n == 0)
		return MZG_DONE;
	if (mzg__grow((void **)&L->buf, &L->cap, n + 1, 1) < 0)
		return MZG_ENOMEM;
	L->buf[n] = '\0';
	L->line++;
	*line = L->buf;
	if (L->line == 1 && n >= 3 && memcmp(L->buf, "\xEF\xBB\xBF", 3) == 0) {
		*line += 3;
		n -= 3;
	}
	*len = n;
	return MZG_OK;
}

void mzg__lines_close(mzg_lines *L)
{
	if (L->owns_fp && L->fp)
		fclose(L->fp);
	free(L->buf);
	memset(L, 0, sizeof *L);
}

/* Unquote a CSV field in place: "a ""b""" -> a "b". */
static char *csv_unquote(char *f)
{
	char *r, *w;

	if (*f != '"')
		return f;
	for (r = f + 1, w = f; *r; r++) {
		if (*r == '"') {
			if (r[1] == '"')
				r++;
			else
				continue;
		}
		*w++ = *r;
	}
	*w = '\0';
	return f;
}

int mzg__split(char *line, char sep, char **fields, int max)
{
	int n = 0, quoted = 0;
	char *p = line, *start = line;

	for (;; p++) {
		if (sep == ',' && *p == '"')
			quoted = !quoted;
		if ((*p == sep && !quoted) || *p == '\0') {
			int end = (*p == '\0');

			if (n >= max)
				return -1;
			*p = '\0';
			fields[n++] = sep == ',' ? csv_unquote(start) : start;
			if (end)
				break;
			start = p + 1;
		}
	}
	return n;
}
