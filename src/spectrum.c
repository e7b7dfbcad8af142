/*
 * spectrum.c -- the reusable spectrum record and well names.
 *
 * The reader fills one mzg_spectrum per pad and the caller reuses it, so
 * arrays only grow. Wells come from several places in real files (a spotID
 * attribute such as "chip=0 spot=H6", a key in the spectrum id, or the file
 * name); they are normalised here to a row letter and a two-digit column.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "mzgeno/spectrum.h"

void mzg_spectrum_init(mzg_spectrum *s)
{
	memset(s, 0, sizeof *s);
}

void mzg_spectrum_free(mzg_spectrum *s)
{
	if (!s)
		return;
	free(s->id);
	free(s->spot_id);
	free(s->mz);
	free(s->intensity);
	mzg_spectrum_init(s);
}

int mzg_spectrum_reserve(mzg_spectrum *s, size_t n)
{
	double *mz, *in;

	if (n <= s->cap)
		return MZG_OK;
	mz = mzg__realloc_array(s->mz, n, sizeof *mz);
	if (!mz)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	s->mz = mz;
	in = mzg__realloc_array(s->intensity, n, sizeof *in);
	if (!in)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	s->intensity = in;
	s->cap = n;
	return MZG_OK;
}

int mzg_spectrum_set_ids(mzg_spectrum *s, const char *id, const char *spot_id)
{
	char *nid = mzg__strdup(id ? id : "");
	char *nspot = spot_id ? mzg__strdup(spot_id) : NULL;

	if (!nid || (spot_id && !nspot)) {
		free(nid);
		free(nspot);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	free(s->id);
	free(s->spot_id);
	s->id = nid;
	s->spot_id = nspot;
	return MZG_OK;
}

int mzg_spectrum_copy(mzg_spectrum *dst, const mzg_spectrum *src)
{
	if (dst == src)
		return MZG_OK;
	if (mzg_spectrum_reserve(dst, src->n) < 0 ||
	    mzg_spectrum_set_ids(dst, src->id, src->spot_id) < 0)
		return MZG_ENOMEM;
	dst->index = src->index;
	memcpy(dst->well, src->well, sizeof dst->well);
	dst->ms_level = src->ms_level;
	dst->repr = src->repr;
	dst->n = src->n;
	if (src->n) {
		memcpy(dst->mz, src->mz, src->n * sizeof *dst->mz);
		memcpy(dst->intensity, src->intensity,
		       src->n * sizeof *dst->intensity);
	}
	dst->enc_mz = src->enc_mz;
	dst->enc_int = src->enc_int;
	dst->flags = src->flags;
	return MZG_OK;
}

/* Parse a bare well token at @p t ("A1", "h06"); the token ends at a
 * character that is not alphanumeric. */
static int parse_token(char out[4], const char *t)
{
	int row, col = 0, digits = 0;

	if (!isalpha((unsigned char)t[0]))
		return MZG_ENOTFOUND;
	row = toupper((unsigned char)t[0]) - 'A';
	if (row < 0 || row > 15)
		return MZG_ENOTFOUND;
	for (t++; isdigit((unsigned char)*t); t++) {
		if (++digits > 3)
			return MZG_ENOTFOUND;
		col = col * 10 + (*t - '0');
	}
	if (!digits || col < 1 || col > 24 || isalnum((unsigned char)*t))
		return MZG_ENOTFOUND;
	out[0] = (char)('A' + row);
	out[1] = (char)('0' + col / 10);
	out[2] = (char)('0' + col % 10);
	out[3] = '\0';
	return MZG_OK;
}

/* Find "key=" at a word start (case-insensitive); value pointer or NULL. */
static const char *find_key(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *p;

	for (p = text; *p; p++) {
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    strncasecmp(p, key, kl) == 0 && p[kl] == '=')
			return p + kl + 1;
	}
	return NULL;
}

int mzg_well_parse(char out[4], const char *text)
{
	const char *v;

	out[0] = '\0';
	if (!text)
		return MZG_ENOTFOUND;
	while (isspace((unsigned char)*text))
		text++;
	if ((v = find_key(text, "spot")) || (v = find_key(text, "well")))
		return parse_token(out, v);
	if (strchr(text, '='))
		return MZG_ENOTFOUND;
	return parse_token(out, text);
}

/* Well from a file name: the stem ("A01" of "dir/A01.mzML.gz") or its
 * last '_'/'-' separated part ("run3_B07.mzML"). */
static int well_from_path(char out[4], const char *path)
{
	char stem[256];
	const char *base = mzg__basename(path), *dot, *sep;
	size_t len;

	dot = strchr(base, '.');
	len = dot ? (size_t)(dot - base) : strlen(base);
	if (len == 0 || len >= sizeof stem)
		return MZG_ENOTFOUND;
	memcpy(stem, base, len);
	stem[len] = '\0';
	if (parse_token(out, stem) == MZG_OK)
		return MZG_OK;
	sep = strrchr(stem, '_');
	if (!sep)
		sep = strrchr(stem, '-');
	if (sep && parse_token(out, sep + 1) == MZG_OK)
		return MZG_OK;
	out[0] = '\0';
	return MZG_ENOTFOUND;
}

int mzg_well_resolve(char out[4], const char *spot_id, const char *id,
                     const char *path)
{
	const char *v;

	out[0] = '\0';
	if (spot_id && mzg_well_parse(out, spot_id) == MZG_OK)
		return MZG_OK;
	if (id && (((v = find_key(id, "spot")) && parse_token(out, v) == 0) ||
	           ((v = find_key(id, "well")) && parse_token(out, v) == 0)))
		return MZG_OK;
	if (path && well_from_path(out, path) == MZG_OK)
		return MZG_OK;
	out[0] = '\0';
	return MZG_ENOTFOUND;
}

int mzg_well_index(const char *well, int *row, int *col)
{
	char norm[4];

	if (!well || mzg_well_parse(norm, well) != MZG_OK ||
	    strcmp(norm, well) != 0) {
		*row = *col = -1;
		return -1;
	}
	*row = norm[0] - 'A';
	*col = (norm[1] - '0') * 10 + (norm[2] - '0') - 1;
	return 0;
}
