/*
 * mzml_index.c -- verifying the <indexList> of an indexedmzML file.
 *
 * The index is a hint (SPEC 2.1): writers get offsets wrong (stale lists,
 * CRLF->LF drift, hand edits), so it is checked, never trusted. While the
 * reader streams the file, every raw chunk is scanned (memchr for '<') for
 * the byte offsets of <spectrum, <chromatogram and <indexList start tags
 * (any namespace prefix; comments, CDATA and processing instructions are
 * skipped). The parser pairs each <spectrum>/<chromatogram> element with
 * the next recorded offset and a 64-bit hash of its id. When the parser
 * reaches the index at the end of the file, each <offset idRef=..> entry
 * must name an element of the same kind at exactly that byte offset, every
 * element must be listed once, and indexListOffset must point at
 * <indexList>. This works for gzip input and memory alike and costs one
 * memchr pass plus 16 bytes per spectrum.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzml_priv.h"

enum { K_SPEC = 0, K_CHROM = 1, K_LIST = 2, K_NONE = 3 };
enum { S_TEXT, S_NAME, S_COMMENT, S_CDATA, S_PI };

/* One element seen in the stream: id hash and byte offset. */
typedef struct seen {
	uint64_t hash;
	int64_t off;
} seen;

/* Elements of one kind, in file order, plus the index entries. */
typedef struct kindlist {
	int64_t *tags;          /* tag offsets found by the scanner */
	size_t ntags, tags_cap, tags_used;
	seen *el;               /* elements reported by the parser */
	size_t nel, el_cap;
	unsigned char *listed;  /* per element: matched by an index entry */
	size_t listed_cap;      /* its length (elements may follow an index) */
	size_t nentries;        /* index entries read */
} kindlist;

struct mzg_idx {
	int state;
	int64_t pos;             /* absolute offset of the next byte */
	char name[40];           /* tag name being collected */
	size_t nname;
	int64_t tag_off;         /* offset of its '<' */
	int run;                 /* '-' / ']' / '?' run while in a skip state */
	kindlist k[2];
	int64_t list_tag;        /* offset of <indexList, -1 if none */
	int have_list, have_list_offset, cur_index;
	int64_t list_offset;
	int failed;              /* a check failed: note says which */
	char note[320];
};

/* FNV-1a, 64-bit. */
static uint64_t hash_id(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

int mzg__idx_new(mzg_idx **out)
{
	mzg_idx *ix = calloc(1, sizeof *ix);

	*out = ix;
	if (!ix)
		return mzg__err(MZG_ENOMEM, "out of memory");
	ix->list_tag = -1;
	ix->cur_index = K_NONE;
	return MZG_OK;
}

void mzg__idx_free(mzg_idx *ix)
{
	int i;

	if (!ix)
		return;
	for (i = 0; i < 2; i++) {
		free(ix->k[i].tags);
		free(ix->k[i].el);
		free(ix->k[i].listed);
	}
	free(ix);
}

/* Record the first failed check (later ones only count). */
static void fail(mzg_idx *ix, const char *fmt, ...) MZG_PRINTF(2, 3);
static void fail(mzg_idx *ix, const char *fmt, ...)
{
	va_list ap;

	if (ix->failed++)
		return;
	va_start(ap, fmt);
	vsnprintf(ix->note, sizeof ix->note, fmt, ap);
	va_end(ap);
}

/* Length of an id as printed in a note (ids can be long). */
static int idlen_p(size_t n)
{
	return n > 80 ? 80 : (int)n;
}

/* The scanner finished a tag name at ix->tag_off: record it if it is one
 * of ours (local name, any prefix). */
static int classify(mzg_idx *ix)
{
	const char *nm = ix->name, *colon;
	size_t n = ix->nname;
	kindlist *kl;

	if (!n || nm[0] == '/' || nm[0] == '!' || nm[0] == '?')
		return MZG_OK;
	colon = memchr(nm, ':', n);
	if (colon) {
		n -= (size_t)(colon + 1 - nm);
		nm = colon + 1;
	}
	if (n == 9 && !memcmp(nm, "indexList", 9)) {
		if (ix->list_tag < 0)
			ix->list_tag = ix->tag_off;
		return MZG_OK;
	}
	if (n == 8 && !memcmp(nm, "spectrum", 8))
		kl = &ix->k[K_SPEC];
	else if (n == 12 && !memcmp(nm, "chromatogram", 12))
		kl = &ix->k[K_CHROM];
	else
		return MZG_OK;
	if (mzg__grow((void **)&kl->tags, &kl->tags_cap, kl->ntags + 1,
	              sizeof *kl->tags) < 0)
		return MZG_ENOMEM;
	kl->tags[kl->ntags++] = ix->tag_off;
	return MZG_OK;
}

/* One byte while collecting a tag name. */
static int name_byte(mzg_idx *ix, unsigned char c)
{
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' ||
	    c == '/') {
		ix->state = S_TEXT;
		return classify(ix);
	}
	if (ix->nname >= sizeof ix->name) { /* too long to be ours */
		ix->state = S_TEXT;
		return MZG_OK;
	}
	ix->name[ix->nname++] = (char)c;
	if (ix->nname == 3 && !memcmp(ix->name, "!--", 3)) {
		ix->state = S_COMMENT;
		ix->run = 0;
	} else if (ix->nname == 8 && !memcmp(ix->name, "![CDATA[", 8)) {
		ix->state = S_CDATA;
		ix->run = 0;
	} else if (ix->nname == 1 && c == '?') {
		ix->state = S_PI;
		ix->run = 0;
	}
	return MZG_OK;
}

/* One byte inside a comment / CDATA / PI: look for its terminator. */
static void skip_byte(mzg_idx *ix, unsigned char c)
{
	char mark = ix->state == S_COMMENT ? '-' :
	            ix->state == S_CDATA ? ']' : '?';
	int need = ix->state == S_PI ? 1 : 2;

	if (c == '>' && ix->run >= need) {
		ix->state = S_TEXT;
		return;
	}
	ix->run = c == (unsigned char)mark ? ix->run + 1 : 0;
}

int mzg__idx_scan(mzg_idx *ix, const uint8_t *buf, size_t n)
{
	const uint8_t *p = buf, *end = buf + n;
	int rc;

	while (p < end) {
		if (ix->state == S_TEXT) {
			const uint8_t *lt = memchr(p, '<', (size_t)(end - p));

			if (!lt)
				break;
			ix->state = S_NAME;
			ix->nname = 0;
			ix->tag_off = ix->pos + (lt - buf);
			p = lt + 1;
		} else if (ix->state == S_NAME) {
			if ((rc = name_byte(ix, *p++)) < 0)
				return rc;
		} else {
			skip_byte(ix, *p++);
		}
	}
	ix->pos += (int64_t)n;
	return MZG_OK;
}

int mzg__idx_element(mzg_idx *ix, int kind, const char *id, size_t idlen)
{
	kindlist *kl = &ix->k[kind ? K_CHROM : K_SPEC];
	int64_t off = -1;

	if (kl->tags_used < kl->ntags)
		off = kl->tags[kl->tags_used++];
	else
		fail(ix, "the start tag of '%.*s' was not located",
		     idlen_p(idlen), id);
	if (kl->tags_used == kl->ntags) /* keep the queue short */
		kl->tags_used = kl->ntags = 0;
	if (mzg__grow((void **)&kl->el, &kl->el_cap, kl->nel + 1,
	              sizeof *kl->el) < 0)
		return MZG_ENOMEM;
	kl->el[kl->nel].hash = hash_id(id, idlen);
	kl->el[kl->nel].off = off;
	kl->nel++;
	return MZG_OK;
}

void mzg__idx_list_start(mzg_idx *ix)
{
	ix->have_list = 1;
}

void mzg__idx_index_start(mzg_idx *ix, const char *name, size_t len)
{
	ix->cur_index = (len == 8 && !memcmp(name, "spectrum", 8)) ? K_SPEC :
	                (len == 12 && !memcmp(name, "chromatogram", 12)) ?
	                K_CHROM : K_NONE;
}

/* Parse a decimal int64 with surrounding whitespace; -1 if invalid. */
static int64_t parse_off(const char *t, size_t n)
{
	int64_t v = 0;
	size_t i = 0;
	int digits = 0;

	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' ||
	                 t[i] == '\n'))
		i++;
	for (; i < n && t[i] >= '0' && t[i] <= '9'; i++, digits++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (t[i] - '0');
	}
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' ||
	                 t[i] == '\n'))
		i++;
	return (digits && i == n) ? v : -1;
}

/* Find an unlisted element with this hash, preferring position @p k. */
static long find_el(const kindlist *kl, uint64_t h, size_t k)
{
	size_t i;

	if (k < kl->nel && kl->el[k].hash == h && !kl->listed[k])
		return (long)k;
	if (kl->nel > 20000) /* out of file order: don't go quadratic */
		return -1;
	for (i = 0; i < kl->nel; i++)
		if (kl->el[i].hash == h && !kl->listed[i])
			return (long)i;
	return -1;
}

int mzg__idx_offset(mzg_idx *ix, const char *idref, size_t idlen,
                    const char *text, size_t tlen)
{
	kindlist *kl;
	int64_t off = parse_off(text, tlen);
	long e;

	if (ix->cur_index == K_NONE)
		return MZG_OK;
	kl = &ix->k[ix->cur_index];
	if (!kl->listed || kl->listed_cap < kl->nel) {
		/* a hostile file can hold elements after an index entry */
		size_t cap = kl->nel > kl->listed_cap ? kl->nel : 1;
		unsigned char *l = realloc(kl->listed, cap);
		if (!l)
			return mzg__err(MZG_ENOMEM, "out of memory");
		memset(l + kl->listed_cap, 0, cap - kl->listed_cap);
		kl->listed = l;
		kl->listed_cap = cap;
	}
	e = find_el(kl, hash_id(idref, idlen), kl->nentries++);
	if (off < 0)
		fail(ix, "the offset of '%.*s' is not a number",
		     idlen_p(idlen), idref);
	else if (e < 0)
		fail(ix, "it lists '%.*s', which is not in the file (or is "
		     "listed twice)", idlen_p(idlen), idref);
	else if (kl->el[e].off != off)
		fail(ix, "the offset of '%.*s' is %lld but the element starts "
		     "at %lld", idlen_p(idlen), idref, (long long)off,
		     (long long)kl->el[e].off);
	if (e >= 0)
		kl->listed[e] = 1;
	return MZG_OK;
}

void mzg__idx_list_offset(mzg_idx *ix, const char *text, size_t tlen)
{
	ix->have_list_offset = 1;
	ix->list_offset = parse_off(text, tlen);
}

int mzg__idx_finish(mzg_idx *ix, const char **note)
{
	static const char *kname[2] = { "spectra", "chromatograms" };
	int i;

	if (!ix->have_list) {
		*note = "none";
		return 0;
	}
	if (!ix->have_list_offset)
		fail(ix, "no indexListOffset");
	else if (ix->list_offset < 0)  /* parse_off: not a number */
		fail(ix, "indexListOffset is not a number");
	else if (ix->list_offset != ix->list_tag)
		fail(ix, "indexListOffset is %lld but <indexList> starts at "
		     "%lld", (long long)ix->list_offset,
		     (long long)ix->list_tag);
	for (i = 0; i < 2; i++)
		if (ix->k[i].nentries != ix->k[i].nel)
			fail(ix, "it lists %zu of %zu %s", ix->k[i].nentries,
			     ix->k[i].nel, kname[i]);
	if (ix->failed) {
		*note = ix->note;
		return 0;
	}
	snprintf(ix->note, sizeof ix->note, "verified (%zu spectra, %zu "
	         "chromatograms)", ix->k[K_SPEC].nel, ix->k[K_CHROM].nel);
	*note = ix->note;
	return 1;
}
