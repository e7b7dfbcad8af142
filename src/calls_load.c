/*
 * calls_load.c -- reading calls.tsv back.
 *
 * `mzgeno review` starts from a report directory, not from the spectra, so
 * calls.tsv must carry a run's calls completely and read back exactly:
 * every row written by mzg_report_calls_tsv() is parsed into the same
 * values, and writing them again gives the same bytes. The reader is
 * strict (it checks the header, the field count, each number and letter)
 * because an edited or truncated file must not become a silently
 * different report.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_priv.h"

#define CALLS_FIELDS 21

void mzg_calls_free(mzg_calls *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		mzg_calls_row *r = &c->rows[i];

		free(r->sample);
		free(r->role);
		free(r->multiplex);
		free(r->assay);
		free(r->flags);
	}
	free(c->rows);
	free(c->chip);
	free(c->source);
	free(c);
}

static int num_field(double *out, const char *s)
{
	if (!strcmp(s, "NA")) {
		*out = NAN;
		return MZG_OK;
	}
	return mzg__parse_double(s, out);
}

static int letter_field(char *out, const char *s, const char *allowed)
{
	if (!s[0] || s[1] || (allowed && !strchr(allowed, s[0])))
		return MZG_EINVAL;
	*out = s[0];
	return MZG_OK;
}

static int genotype_field(char out[3], const char *s)
{
	if (!strcmp(s, ".")) {
		memcpy(out, ".", 2);
		return MZG_OK;
	}
	if (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' ||
	    s[1] > 'Z')
		return MZG_EINVAL;
	memcpy(out, s, 3);
	return MZG_OK;
}

static int well_field(char out[4], const char *s)
{
	if (mzg_well_parse(out, s) != MZG_OK || strcmp(out, s))
		return MZG_EINVAL;
	return MZG_OK;
}

static int role_field(const char *s)
{
	static const char *const roles[] = { "sample", "ntc", "positive",
		"empty" };
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(roles); i++)
		if (!strcmp(s, roles[i]))
			return MZG_OK;
	return MZG_EINVAL;
}

static const char *const column[CALLS_FIELDS] = { "chip", "well",
	"sample", "role", "multiplex", "assay", "genotype", "quality",
	"probability", "allele1", "allele2", "height1", "height2",
	"height_uep", "snr1", "snr2", "snr_uep", "extension", "theta",
	"mass_error_ppm", "flags" };

/* Parse the fields of one row; return the column of a bad field or -1. */
static int parse_fields(mzg_calls_row *r, char **f)
{
	static const int numidx[] = { 8, 11, 12, 13, 14, 15, 16, 17, 18, 19 };
	double *nums[] = { &r->probability, &r->height1, &r->height2,
		&r->height_uep, &r->snr1, &r->snr2, &r->snr_uep, &r->extension,
		&r->theta, &r->mass_error_ppm };
	size_t i;

	if (well_field(r->well, f[1]) < 0)
		return 1;
	if (role_field(f[3]) < 0)
		return 3;
	if (genotype_field(r->genotype, f[6]) < 0)
		return 6;
	if (letter_field(&r->quality, f[7], "ABCDEIN") < 0)
		return 7;
	if (letter_field(&r->allele1, f[9], "ACGT.") < 0) /* design bases */
		return 9;
	if (letter_field(&r->allele2, f[10], "ACGT.") < 0)
		return 10;
	for (i = 0; i < MZG_ARRAY_LEN(numidx); i++)
		if (num_field(nums[i], f[numidx[i]]) < 0)
			return numidx[i];
	return -1;
}

static int parse_row(mzg_calls *c, size_t *cap, char *line, size_t lineno,
                     const char *name)
{
	char *f[CALLS_FIELDS + 1];
	mzg_calls_row *r;
	int n = mzg__split(line, '\t', f, CALLS_FIELDS + 1), bad;

	if (n != CALLS_FIELDS)
		return mzg__err(MZG_EFORMAT, "%s:%zu: %s fields, expected %d",
		                name, lineno, n < 0 ? "too many" :
		                n < CALLS_FIELDS ? "too few" : "too many",
		                CALLS_FIELDS);
	if (!c->chip && !(c->chip = mzg__strdup(f[0])))
		return mzg__err(MZG_ENOMEM, "out of memory");
	if (strcmp(c->chip, f[0]))
		return mzg__err(MZG_EFORMAT, "%s:%zu: chip '%s' differs from "
		                "'%s' of the first row", name, lineno, f[0], c->chip);
	if (mzg__grow((void **)&c->rows, cap, c->n + 1, sizeof *c->rows) < 0)
		return MZG_ENOMEM;
	r = &c->rows[c->n];
	memset(r, 0, sizeof *r);
	r->line = lineno;
	if ((bad = parse_fields(r, f)) >= 0)
		return mzg__err(MZG_EFORMAT, "%s:%zu: bad %s '%s'", name, lineno,
		                column[bad], f[bad]);
	c->n++;
	r->sample = mzg__strdup(f[2]);
	r->role = mzg__strdup(f[3]);
	r->multiplex = mzg__strdup(f[4]);
	r->assay = mzg__strdup(f[5]);
	r->flags = mzg__strdup(f[20]);
	if (!r->sample || !r->role || !r->multiplex || !r->assay || !r->flags)
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

static int read_rows(mzg_calls *c, mzg_lines *L)
{
	size_t cap = 0, len;
	char *line;
	int rc;

	if ((rc = mzg__lines_next(L, &line, &len)) != MZG_OK)
		return rc < 0 ? rc : mzg__err(MZG_EFORMAT, "%s: empty file (expected "
		                              "a calls.tsv header)", L->name);
	if (strcmp(line, mzg__calls_header))
		return mzg__err(MZG_EFORMAT, "%s:1: not a calls.tsv header "
		                "(expected the columns chip, well, sample, ... "
		                "flags)", L->name);
	while ((rc = mzg__lines_next(L, &line, &len)) == MZG_OK) {
		if (!len)
			continue;
		if ((rc = parse_row(c, &cap, line, L->line, L->name)) < 0)
			return rc;
	}
	return rc < 0 ? rc : MZG_OK;
}

int mzg_calls_load(mzg_calls **out, const char *path)
{
	mzg_calls *c;
	mzg_lines L;
	int rc;

	*out = NULL;
	if (!(c = calloc(1, sizeof *c)) || !(c->source = mzg__strdup(path))) {
		free(c);
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	if ((rc = mzg__lines_open(&L, path)) < 0) {
		mzg_calls_free(c);
		return rc;
	}
	rc = read_rows(c, &L);
	mzg__lines_close(&L);
	if (rc == MZG_OK && !c->chip && !(c->chip = mzg__strdup("")))
		rc = mzg__err(MZG_ENOMEM, "out of memory");
	if (rc < 0) {
		mzg_calls_free(c);
		return rc;
	}
	*out = c;
	return MZG_OK;
}

/* ---- flags text ---- */

static int flag_bit(unsigned *bit, const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < 32; i++) {
		const char *n = mzg_call_flag_name(1u << i);

		if (n && strlen(n) == len && !strncmp(n, name, len)) {
			*bit = 1u << i;
			return MZG_OK;
		}
	}
	return MZG_EINVAL;
}

int mzg_calls_flags_parse(unsigned *flags, char best_guess[3], char **note,
                          const char *text)
{
	const char *p = text;

	*flags = 0;
	best_guess[0] = '\0';
	*note = NULL;
	if (!text || !strcmp(text, ".") || !*text)
		return MZG_OK;
	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned bit;

		if (!strncmp(p, "note=", 5)) {
			if (!(*note = mzg__strdup(p + 5)))
				return mzg__err(MZG_ENOMEM, "out of memory");
			return MZG_OK;
		}
		if (!strncmp(p, "best_guess=", 11) && len == 13) {
			memcpy(best_guess, p + 11, 2);
			best_guess[2] = '\0';
		} else if (flag_bit(&bit, p, len) == MZG_OK) {
			*flags |= bit;
		} else {
			return mzg__err(MZG_EINVAL, "unknown flag '%.*s'", (int)len, p);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return MZG_OK;
}
