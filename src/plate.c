/*
 * plate.c -- the plate sheet: roles, samples, multiplexes and expected
 * genotypes of the pads of a chip.
 *
 * The sheet is a small table written by a person in a spreadsheet, so it
 * is read leniently where the meaning is clear (TSV or CSV, a BOM, CRLF,
 * blank lines, '#' comments, common spellings of roles and column names,
 * trailing empty cells) and strictly where a slip would change results
 * (an unknown role, a well outside the chip or listed twice, a missing
 * column): those stop the run with file and line. Checks that need the
 * design (multiplex names, assay columns, alleles) are in plate_check.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "plate_internal.h"
#include "mzgeno/plate.h"
#include "mzgeno/spectrum.h"

/* More columns than this is not a plate sheet (36-plex designs need ~40). */
#define PLATE_MAX_COLS 4096

const char *mzg_role_name(mzg_role r)
{
	switch (r) {
	case MZG_ROLE_SAMPLE: return "sample";
	case MZG_ROLE_NTC: return "ntc";
	case MZG_ROLE_POSITIVE: return "positive";
	case MZG_ROLE_EMPTY: return "empty";
	}
	return "?";
}

/* Lower-case @p s into @p out (size @p cap), mapping ' ' and '-' to '_'.
 * Returns 0, or -1 when it does not fit. */
static int normalise_name(char *out, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (i + 1 >= cap)
			return -1;
		out[i] = (s[i] == ' ' || s[i] == '-') ? '_' :
		         (char)tolower((unsigned char)s[i]);
	}
	out[i] = '\0';
	return 0;
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

int mzg_role_parse(mzg_role *out, const char *text)
{
	static const char *const sample[] = { "", "sample", "unknown", NULL };
	static const char *const ntc[] = { "ntc", "negative", "neg", "nc",
		"negative_control", "neg_control", "no_template",
		"no_template_control", "blank", "water", "h2o", NULL };
	static const char *const pos[] = { "positive", "pos", "pc",
		"positive_control", "pos_control", "known", NULL };
	static const char *const empty[] = { "empty", "none", "unused",
		"skip", NULL };
	char norm[32];

	if (!text || normalise_name(norm, sizeof norm, text) < 0)
		return MZG_ENOTFOUND;
	if (in_list(norm, sample))
		*out = MZG_ROLE_SAMPLE;
	else if (in_list(norm, ntc))
		*out = MZG_ROLE_NTC;
	else if (in_list(norm, pos))
		*out = MZG_ROLE_POSITIVE;
	else if (in_list(norm, empty))
		*out = MZG_ROLE_EMPTY;
	else
		return MZG_ENOTFOUND;
	return MZG_OK;
}

int mzg__plate_is_missing(const char *s)
{
	static const char *const na[] = { "", ".", "-", "na", "n/a", "nan",
		"null", "none", NULL };
	char norm[8];

	if (!s)
		return 1;
	if (normalise_name(norm, sizeof norm, s) < 0)
		return 0;
	return in_list(norm, na);
}

/* Strict well for sheets: a row letter and 1-2 digits, inside the chip.
 * Returns 0 with @p out set, or an MZG_EFORMAT message (no location). */
int mzg__plate_well(char out[4], const char *s, int chip_wells)
{
	size_t len = strlen(s);
	int row, col, rows = chip_wells == 96 ? 8 : 16;
	int cols = chip_wells == 96 ? 12 : 24;

	if (len < 2 || len > 3 || !isalpha((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) ||
	    (len == 3 && !isdigit((unsigned char)s[2])) ||
	    (col = atoi(s + 1)) == 0)
		return mzg__err(MZG_EFORMAT,
		                "bad well '%s' (expected a row letter and a "
		                "column, e.g. A01)", s);
	row = toupper((unsigned char)s[0]) - 'A';
	if (row >= rows || col > cols)
		return mzg__err(MZG_EFORMAT,
		                "well %s is outside a %d-pad chip (A01..%c%02d)",
		                s, chip_wells, 'A' + rows - 1, cols);
	out[0] = (char)('A' + row);
	out[1] = (char)('0' + col / 10);
	out[2] = (char)('0' + col % 10);
	out[3] = '\0';
	return MZG_OK;
}

/* ---- freeing and duplicate sets ---- */

static void well_clear(mzg_plate_well *w, size_t n_assays)
{
	size_t j;

	free(w->sample);
	free(w->multiplex);
	if (w->expected)
		for (j = 0; j < n_assays; j++)
			free(w->expected[j]);
	free(w->expected);
}

static void free_dupsets(mzg_plate *p)
{
	size_t i;

	for (i = 0; i < p->n_dupsets; i++)
		free(p->dupsets[i].wells);
	free(p->dupsets);
	p->dupsets = NULL;
	p->n_dupsets = 0;
}

void mzg_plate_free(mzg_plate *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_wells; i++)
		well_clear(&p->wells[i], p->n_assays);
	free(p->wells);
	for (i = 0; i < p->n_assays; i++)
		free(p->assays[i]);
	free(p->assays);
	free(p->assay_known);
	free_dupsets(p);
	free(p->source);
	free(p);
}

static int dup_candidate(const mzg_plate_well *w)
{
	return w->role == MZG_ROLE_SAMPLE || w->role == MZG_ROLE_POSITIVE;
}

/* Wells (sample or positive) sharing a sample ID with well @p i, counted
 * from i on; 0 if an earlier well has the same ID (set already made). */
static size_t count_same(const mzg_plate *p, size_t i)
{
	size_t k, n = 1;

	for (k = 0; k < i; k++)
		if (dup_candidate(&p->wells[k]) &&
		    !strcmp(p->wells[k].sample, p->wells[i].sample))
			return 0;
	for (k = i + 1; k < p->n_wells; k++)
		if (dup_candidate(&p->wells[k]) &&
		    !strcmp(p->wells[k].sample, p->wells[i].sample))
			n++;
	return n;
}

/* (Re)build the duplicate sets. Plates hold at most 384 wells, so the
 * quadratic scan is cheap. */
int mzg__plate_dupsets(mzg_plate *p)
{
	size_t i, k, n, cap = 0;

	free_dupsets(p);
	for (i = 0; i < p->n_wells; i++) {
		mzg_dupset *d;

		if (!dup_candidate(&p->wells[i]) || (n = count_same(p, i)) < 2)
			continue;
		if (mzg__grow((void **)&p->dupsets, &cap, p->n_dupsets + 1,
		              sizeof *p->dupsets) < 0)
			return MZG_ENOMEM;
		d = &p->dupsets[p->n_dupsets++];
		d->sample = p->wells[i].sample;
		d->n = 0;
		d->wells = mzg__malloc_array(n, sizeof *d->wells);
		if (!d->wells)
			return mzg__err(MZG_ENOMEM, "out of memory");
		for (k = i; k < p->n_wells; k++)
			if (dup_candidate(&p->wells[k]) &&
			    !strcmp(p->wells[k].sample, p->wells[i].sample))
				d->wells[d->n++] = k;
	}
	return MZG_OK;
}

/* ---- lookup ---- */

const mzg_plate_well *mzg_plate_find(const mzg_plate *p, const char *well)
{
	char norm[4];
	size_t i;

	if (!p || mzg_well_parse(norm, well) != MZG_OK)
		return NULL;
	for (i = 0; i < p->n_wells; i++)
		if (!strcmp(p->wells[i].well, norm))
			return &p->wells[i];
	return NULL;
}

const char *mzg_plate_expected(const mzg_plate *p, const mzg_plate_well *w,
                               const char *assay_id)
{
	size_t j;

	if (!p || !w || !w->expected || !assay_id)
		return NULL;
	for (j = 0; j < p->n_assays; j++) {
		if (p->assay_known && !p->assay_known[j])
			continue;
		if (mzg__strcaseeq(p->assays[j], assay_id))
			return w->expected[j];
	}
	return NULL;
}

/* ---- building ---- */

static int plate_new(mzg_plate **out, int chip_wells)
{
	if (chip_wells != 96 && chip_wells != 384)
		return mzg__err(MZG_EINVAL,
		                "chip size %d (expected 96 or 384 pads)",
		                chip_wells);
	*out = calloc(1, sizeof **out);
	if (!*out)
		return mzg__err(MZG_ENOMEM, "out of memory");
	(*out)->chip_wells = chip_wells;
	return MZG_OK;
}

/* Append an empty well entry; returns it or NULL (MZG_ENOMEM recorded). */
mzg_plate_well *mzg__plate_push(mzg_plate *p, size_t *cap)
{
	mzg_plate_well *w;

	if (mzg__grow((void **)&p->wells, cap, p->n_wells + 1,
	              sizeof *p->wells) < 0)
		return NULL;
	w = &p->wells[p->n_wells++];
	memset(w, 0, sizeof *w);
	return w;
}

int mzg_plate_add(mzg_plate *p, const char *well, const char *sample,
                  mzg_role role)
{
	char norm[4];
	size_t cap = p->n_wells;
	mzg_plate_well *w;

	if (!well || mzg__plate_well(norm, well, p->chip_wells) < 0)
		return mzg__err(MZG_EINVAL, "bad well '%s' for a %d-pad chip",
		                well ? well : "(null)", p->chip_wells);
	if (mzg_plate_find(p, norm))
		return mzg__err(MZG_EINVAL, "well %s already on the plate", norm);
	if (!(w = mzg__plate_push(p, &cap)))
		return MZG_ENOMEM;
	memcpy(w->well, norm, 4);
	w->role = role;
	w->sample = mzg__strdup(sample && *sample ? sample : norm);
	if (p->n_assays)
		w->expected = mzg__calloc_array(p->n_assays, sizeof *w->expected);
	if (!w->sample || (p->n_assays && !w->expected)) {
		well_clear(w, p->n_assays);
		p->n_wells--;
		return mzg__err(MZG_ENOMEM, "out of memory");
	}
	return mzg__plate_dupsets(p);
}

int mzg_plate_default(mzg_plate **out, const char (*wells)[4], size_t n,
                      int chip_wells)
{
	mzg_plate *p = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = plate_new(&p, chip_wells)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		char w[4];

		memcpy(w, wells[i], 3);
		w[3] = '\0';
		if ((rc = mzg_plate_add(p, w, NULL, MZG_ROLE_SAMPLE)) < 0)
			goto out;
	}
	*out = p;
	p = NULL;
out:
	mzg_plate_free(p);
	return rc;
}

/* ---- loading ---- */

/* Column roles in a sheet. */
enum { COL_IGNORE = -1, COL_WELL = -2, COL_SAMPLE = -3, COL_ROLE = -4,
       COL_PLEX = -5 };

typedef struct sheet {
	mzg_lines L;
	char sep;
	int ncols;
	int *col;           /* per column: COL_* or an assay column index */
	char **fields;      /* PLATE_MAX_COLS slots */
	size_t cap;         /* of plate->wells */
	mzg_plate *p;
} sheet;

static int header_kind(const char *name)
{
	static const char *const well[] = { "well", "well_position",
		"position", NULL };
	static const char *const sample[] = { "sample", "sample_id",
		"sampleid", "sample_name", NULL };
	static const char *const role[] = { "role", NULL };
	static const char *const plex[] = { "multiplex", "plex", NULL };
	char norm[32];

	if (!*name)
		return COL_IGNORE;
	if (normalise_name(norm, sizeof norm, name) < 0)
		return 0;
	if (in_list(norm, well))
		return COL_WELL;
	if (in_list(norm, sample))
		return COL_SAMPLE;
	if (in_list(norm, role))
		return COL_ROLE;
	if (in_list(norm, plex))
		return COL_PLEX;
	return 0;
}

/* Store one header column @p c named @p name; checks repeats. */
static int header_column(sheet *S, int c, char *name, int *seen)
{
	mzg_plate *p = S->p;
	int kind = header_kind(name);

	if (kind < 0 && kind != COL_IGNORE) {
		if (seen[-kind])
			return mzg__err(MZG_EFORMAT, "%s:%zu: column '%s' given twice",
			                S->L.name, S->L.line, name);
		seen[-kind] = 1;
		S->col[c] = kind;
		return MZG_OK;
	}
	if (kind == COL_IGNORE) {
		S->col[c] = COL_IGNORE;
		return MZG_OK;
	}
	if (!(p->assays[p->n_assays] = mzg__strdup(name)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	S->col[c] = (int)p->n_assays++;
	return MZG_OK;
}

/* A CSV line with an odd number of '"' has a quoted cell that is not
 * closed on that line (a cell with a line break, or a stray quote); the
 * split would silently merge cells, so it is an error. */
static int check_quotes(const sheet *S, const char *line)
{
	size_t n = 0;

	if (S->sep != ',')
		return MZG_OK;
	for (; *line; line++)
		n += (*line == '"');
	if (n % 2)
		return mzg__err(MZG_EFORMAT, "%s:%zu: a quoted cell is not "
		                "closed on this line (expected \"...\" within "
		                "one line; cells must not hold line breaks)",
		                S->L.name, S->L.line);
	return MZG_OK;
}

/* ASCII case-insensitive order, consistent with mzg__strcaseeq. */
static int caseless_cmp(const void *a, const void *b)
{
	const unsigned char *x = *(const unsigned char *const *)a;
	const unsigned char *y = *(const unsigned char *const *)b;

	for (; *x && tolower(*x) == tolower(*y); x++, y++)
		;
	return tolower(*x) - tolower(*y);
}

/* Assay columns named twice (case-insensitive): sorted, then neighbours
 * compared, so thousands of columns cost n log n, not n^2. */
static int check_repeated_assays(const sheet *S)
{
	const mzg_plate *p = S->p;
	char **v;
	size_t i;
	int rc = MZG_OK;

	if (p->n_assays < 2)
		return MZG_OK;
	if (!(v = mzg__malloc_array(p->n_assays, sizeof *v)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	memcpy(v, p->assays, p->n_assays * sizeof *v);
	qsort(v, p->n_assays, sizeof *v, caseless_cmp);
	for (i = 1; i < p->n_assays && rc == MZG_OK; i++)
		if (mzg__strcaseeq(v[i - 1], v[i]))
			rc = mzg__err(MZG_EFORMAT, "%s:%zu: column '%s' given twice",
			              S->L.name, S->L.line, v[i]);
	free(v);
	return rc;
}

static int parse_header(sheet *S, char *line)
{
	static const char *const need[] = { NULL, NULL, "well", "sample",
		"role" };
	int seen[6] = { 0 }, c, n, rc = MZG_OK;
	const char *q;

	S->sep = strchr(line, '\t') ? '\t' : ',';
	if ((rc = check_quotes(S, line)) < 0)
		return rc;
	for (n = 1, q = line; *q; q++)
		n += (*q == S->sep);
	if (n > PLATE_MAX_COLS)
		return mzg__err(MZG_ELIMIT, "%s:%zu: %d columns (limit %d)",
		                S->L.name, S->L.line, n, PLATE_MAX_COLS);
	S->fields = mzg__calloc_array(PLATE_MAX_COLS, sizeof *S->fields);
	S->col = mzg__calloc_array((size_t)n, sizeof *S->col);
	S->p->assays = mzg__calloc_array((size_t)n, sizeof *S->p->assays);
	if (!S->fields || !S->col || !S->p->assays)
		return mzg__err(MZG_ENOMEM, "out of memory");
	S->ncols = mzg__split(line, S->sep, S->fields, n);
	for (c = 0; c < S->ncols && rc == MZG_OK; c++)
		rc = header_column(S, c, mzg__trim(S->fields[c]), seen);
	if (rc == MZG_OK)
		rc = check_repeated_assays(S);
	for (c = 2; c <= 4 && rc == MZG_OK; c++)
		if (!seen[c])
			rc = mzg__err(MZG_EFORMAT,
			              "%s:%zu: missing column '%s' (a plate sheet "
			              "needs well, sample and role)",
			              S->L.name, S->L.line, need[c]);
	S->p->header_line = S->L.line;
	return rc;
}

/* Split a data line into S->fields; fewer fields than the header are
 * padded with "", extra fields must be blank (trailing separators). */
static int split_row(sheet *S, char *line)
{
	int n, c;

	if (check_quotes(S, line) < 0)
		return MZG_EFORMAT;
	n = mzg__split(line, S->sep, S->fields, PLATE_MAX_COLS);
	for (c = S->ncols; n >= 0 && c < n; c++)
		if (*mzg__trim(S->fields[c]))
			n = -1;
	if (n < 0)
		return mzg__err(MZG_EFORMAT,
		                "%s:%zu: more fields than the header's %d",
		                S->L.name, S->L.line, S->ncols);
	for (c = n; c < S->ncols; c++)
		S->fields[c] = "";
	for (c = 0; c < S->ncols; c++)
		S->fields[c] = mzg__trim(S->fields[c]);
	return MZG_OK;
}

static int row_blank(const sheet *S)
{
	int c;

	for (c = 0; c < S->ncols; c++)
		if (*S->fields[c])
			return 0;
	return 1;
}

/* Fill well @p w from the split fields (well and role already checked). */
static int fill_row(sheet *S, mzg_plate_well *w)
{
	mzg_plate *p = S->p;
	int c;

	if (p->n_assays &&
	    !(w->expected = mzg__calloc_array(p->n_assays, sizeof *w->expected)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (c = 0; c < S->ncols; c++) {
		const char *f = S->fields[c];

		if (S->col[c] == COL_SAMPLE && *f && !(w->sample = mzg__strdup(f)))
			return mzg__err(MZG_ENOMEM, "out of memory");
		if (S->col[c] == COL_PLEX && *f &&
		    !(w->multiplex = mzg__strdup(f)))
			return mzg__err(MZG_ENOMEM, "out of memory");
		if (S->col[c] >= 0 && !mzg__plate_is_missing(f) &&
		    !(w->expected[S->col[c]] = mzg__strdup(f)))
			return mzg__err(MZG_ENOMEM, "out of memory");
	}
	if (!w->sample && !(w->sample = mzg__strdup(w->well)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

static const char *field_of(const sheet *S, int kind)
{
	int c;

	for (c = 0; c < S->ncols; c++)
		if (S->col[c] == kind)
			return S->fields[c];
	return "";
}

static int parse_row(sheet *S)
{
	const char *wtext = field_of(S, COL_WELL);
	const char *rtext = field_of(S, COL_ROLE);
	const mzg_plate_well *prev;
	mzg_plate_well *w;
	char norm[4];
	mzg_role role;

	if (!*wtext)
		return mzg__err(MZG_EFORMAT, "%s:%zu: the well is blank",
		                S->L.name, S->L.line);
	if (mzg__plate_well(norm, wtext, S->p->chip_wells) < 0)
		return mzg__err_prefix(MZG_EFORMAT, "%s:%zu", S->L.name,
		                       S->L.line);
	if ((prev = mzg_plate_find(S->p, norm)))
		return mzg__err(MZG_EFORMAT,
		                "%s:%zu: well %s listed twice (first on line %zu)",
		                S->L.name, S->L.line, norm, prev->line);
	if (mzg_role_parse(&role, rtext) < 0)
		return mzg__err(MZG_EFORMAT,
		                "%s:%zu: unknown role '%s' (expected sample, ntc, "
		                "positive or empty)", S->L.name, S->L.line, rtext);
	if (!(w = mzg__plate_push(S->p, &S->cap)))
		return MZG_ENOMEM;
	memcpy(w->well, norm, 4);
	w->role = role;
	w->line = S->L.line;
	return fill_row(S, w);
}

static int read_sheet(sheet *S)
{
	char *line;
	size_t len;
	int rc, have_header = 0;

	while ((rc = mzg__lines_next(&S->L, &line, &len)) == MZG_OK) {
		char *t = line;

		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '#' || (!have_header && !*mzg__trim(t)))
			continue;
		if (!have_header) {
			if ((rc = parse_header(S, line)) < 0)
				return rc;
			have_header = 1;
			continue;
		}
		if ((rc = split_row(S, line)) < 0)
			return rc;
		if (!row_blank(S) && (rc = parse_row(S)) < 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	if (!have_header)
		return mzg__err(MZG_EFORMAT, "%s: no header line (a plate sheet "
		                "needs the columns well, sample and role)",
		                S->L.name);
	return MZG_OK;
}

/* Read the sheet from the opened S->L into a new plate (S->p is freed on
 * failure); shared by mzg_plate_load and mzg_plate_read. */
static int load_sheet(mzg_plate **out, sheet *S, const char *name,
                      int chip_wells)
{
	int rc;

	if ((rc = plate_new(&S->p, chip_wells)) < 0)
		goto out;
	if (!(S->p->source = mzg__strdup(name))) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = read_sheet(S)) < 0 || (rc = mzg__plate_dupsets(S->p)) < 0)
		goto out;
	*out = S->p;
	S->p = NULL;
out:
	mzg__lines_close(&S->L);
	free(S->col);
	free(S->fields);
	mzg_plate_free(S->p);
	return rc;
}

int mzg_plate_load(mzg_plate **out, const char *path, int chip_wells)
{
	sheet S;
	int rc;

	*out = NULL;
	memset(&S, 0, sizeof S);
	if (chip_wells != 96 && chip_wells != 384)  /* before opening */
		return plate_new(&S.p, chip_wells);  /* MZG_EINVAL */
	if ((rc = mzg__lines_open(&S.L, path)) < 0)
		return rc;
	return load_sheet(out, &S, path, chip_wells);
}

int mzg_plate_read(mzg_plate **out, FILE *fp, const char *name,
                   int chip_wells)
{
	sheet S;

	*out = NULL;
	memset(&S, 0, sizeof S);
	if (!fp)
		return mzg__err(MZG_EINVAL, "no plate sheet stream given");
	S.L.fp = fp;
	S.L.name = name ? name : "<plate>";
	return load_sheet(out, &S, S.L.name, chip_wells);
}
