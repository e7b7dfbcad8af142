/*
 * design_load.c -- reading the Agena MassARRAY Assay Design export.
 *
 * The export is a tab-separated table with a header row naming its
 * columns (WELL TERM SNP_ID ... UEP_DIR UEP_MASS UEP_SEQ EXT1_CALL
 * EXT1_MASS EXT1_SEQ ...). Facilities edit it in spreadsheets, so the
 * reader matches columns by name in any order and case, ignores unknown
 * columns, and tolerates a byte-order mark, CRLF, trailing tabs, blank and
 * '#' comment lines. Masses missing from the file are computed from the
 * sequences (mass.c); given masses are kept, and those more than
 * MZG_MASS_MISMATCH_DA from the computed value become notes. Everything
 * else that is wrong stops the load with "FILE:LINE: column X: expected".
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "design_priv.h"

#define MAX_FIELDS 4096

enum col {
	C_WELL, C_TERM, C_SNP_ID, C_UEP_DIR, C_UEP_MASS, C_UEP_SEQ,
	C_EXT1, /* EXTn_CALL, EXTn_MASS, EXTn_SEQ for n = 1..4 */
	C_PAUSE = C_EXT1 + 3 * MZG_MAX_ALLELES, C_GENE, C_VERIFIED, C_N
};

static const char *const COL_NAME[C_N] = {
	"WELL", "TERM", "SNP_ID", "UEP_DIR", "UEP_MASS", "UEP_SEQ",
	"EXT1_CALL", "EXT1_MASS", "EXT1_SEQ", "EXT2_CALL", "EXT2_MASS",
	"EXT2_SEQ", "EXT3_CALL", "EXT3_MASS", "EXT3_SEQ", "EXT4_CALL",
	"EXT4_MASS", "EXT4_SEQ", "1stPAUSE", "GENE", "VERIFIED",
};

#define EXT_CALL(k) (C_EXT1 + 3 * (k))
#define EXT_MASS(k) (C_EXT1 + 3 * (k) + 1)
#define EXT_SEQ(k) (C_EXT1 + 3 * (k) + 2)

typedef struct parser {
	mzg_lines L;
	mzg_design *d;
	int col[C_N];           /* field index of each known column, or -1 */
	char *f[MAX_FIELDS];    /* fields of the current line */
	int nf;
	mzg_buf caveat;
	size_t n_rows;
} parser;

/* "FILE:LINE: column X: MESSAGE" as an MZG_EFORMAT error. */
static int bad(parser *P, int c, const char *fmt, ...) MZG_PRINTF(3, 4);
static int bad(parser *P, int c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return mzg__err(MZG_EFORMAT, "%s:%zu: column %s: %s", P->L.name,
	                P->L.line, COL_NAME[c], msg);
}

/* The trimmed field of column @p c on the current line; "" if absent. */
static const char *get(const parser *P, int c)
{
	int i = P->col[c];

	return i >= 0 && i < P->nf ? P->f[i] : "";
}

static int all_empty(parser *P)
{
	int i;

	for (i = 0; i < P->nf; i++)
		if (*P->f[i])
			return 0;
	return 1;
}

/* Split the current line into trimmed fields. */
static int split_line(parser *P, char *line)
{
	int i;

	P->nf = mzg__split(line, '\t', P->f, MAX_FIELDS);
	if (P->nf < 0)
		return mzg__err(MZG_ELIMIT, "%s:%zu: more than %d columns",
		                P->L.name, P->L.line, MAX_FIELDS);
	for (i = 0; i < P->nf; i++)
		P->f[i] = mzg__trim(P->f[i]);
	return MZG_OK;
}

static int is_comment(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '#';
}

/* "# caveat: TEXT" lines before the header (written by mzg_design_write). */
static int take_caveat(parser *P, const char *line)
{
	static const char tag[] = "# caveat:";

	if (strncmp(line, tag, sizeof tag - 1) != 0)
		return MZG_OK;
	line += sizeof tag - 1;
	while (*line == ' ')
		line++;
	if ((P->caveat.len && mzg__buf_puts(&P->caveat, "\n") < 0) ||
	    mzg__buf_puts(&P->caveat, line) < 0)
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

static int header(parser *P)
{
	static const int required[] = { C_WELL, C_SNP_ID, C_UEP_DIR,
	                                EXT_CALL(0), EXT_CALL(1) };
	size_t i;
	int c, j;

	for (c = 0; c < C_N; c++)
		P->col[c] = -1;
	for (j = 0; j < P->nf; j++)
		for (c = 0; c < C_N; c++) {
			if (!mzg__strcaseeq(P->f[j], COL_NAME[c]))
				continue;
			if (P->col[c] >= 0)
				return bad(P, c, "appears twice in the header "
				           "(fields %d and %d)", P->col[c] + 1, j + 1);
			P->col[c] = j;
		}
	for (i = 0; i < MZG_ARRAY_LEN(required); i++)
		if (P->col[required[i]] < 0)
			return bad(P, required[i], "missing from the header row "
			           "(expected the Agena Assay Design columns WELL, "
			           "SNP_ID, UEP_DIR, UEP_SEQ or UEP_MASS, EXT1_CALL, "
			           "EXT2_CALL, ...)");
	if (P->col[C_UEP_SEQ] < 0 && P->col[C_UEP_MASS] < 0)
		return bad(P, C_UEP_SEQ, "missing from the header row (expected "
		           "UEP_SEQ or UEP_MASS or both)");
	return MZG_OK;
}

/* ---- field parsers ---- */

static int parse_term(parser *P, mzg_chem *chem)
{
	const char *s = get(P, C_TERM);
	char low[64];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	if (!*s || strstr(low, "iplex")) {
		*chem = MZG_CHEM_IPLEX;
		return MZG_OK;
	}
	if (!strcmp(low, "hme") || strstr(low, "massextend")) {
		*chem = MZG_CHEM_HME;
		return MZG_OK;
	}
	return bad(P, C_TERM, "expected iPLEX, hME or MassEXTEND, found '%s'", s);
}

/* A positive mass in Da, or 0 when the field is empty. */
static int parse_mass(parser *P, int c, double *out)
{
	const char *s = get(P, c);

	*out = 0;
	if (!*s)
		return MZG_OK;
	if (mzg__parse_double(s, out) < 0 || !(*out >= MZG_DESIGN_MIN_MASS) ||
	    *out > MZG_DESIGN_MAX_MASS)
		return bad(P, c, "expected a mass in Da (a number from %.0f to "
		           "%.0f), found '%s'", MZG_DESIGN_MIN_MASS,
		           MZG_DESIGN_MAX_MASS, s);
	return MZG_OK;
}

/* A DNA sequence (A, C, G, T in any case), upper-cased into *out; *out
 * stays NULL for an empty field. */
static int parse_seq(parser *P, int c, char **out)
{
	const char *s = get(P, c);
	size_t i;

	*out = NULL;
	for (i = 0; s[i]; i++)
		if (mzg__base_index(s[i]) < 0)
			return bad(P, c, "unknown base '%c' at position %zu of '%s' "
			           "(expected A, C, G or T)", s[i], i + 1, s);
	if (!*s)
		return MZG_OK;
	if (!(*out = mzg__strdup(s)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; s[i]; i++)
		(*out)[i] = (char)toupper((unsigned char)s[i]);
	return MZG_OK;
}

static int parse_base(parser *P, int c, char *out)
{
	const char *s = get(P, c);

	if (strlen(s) != 1 || mzg__base_index(s[0]) < 0)
		return bad(P, c, "expected one base A, C, G or T, found '%s'", s);
	*out = (char)toupper((unsigned char)s[0]);
	return MZG_OK;
}

static int parse_dir(parser *P, char *dir)
{
	const char *s = get(P, C_UEP_DIR);

	if (mzg__strcaseeq(s, "F") || mzg__strcaseeq(s, "R")) {
		*dir = (char)toupper((unsigned char)s[0]);
		return MZG_OK;
	}
	return bad(P, C_UEP_DIR, "expected F or R, found '%s'", s);
}

static int parse_verified(parser *P, int *out)
{
	const char *s = get(P, C_VERIFIED);

	if (!*s || mzg__strcaseeq(s, "yes") || !strcmp(s, "1") ||
	    mzg__strcaseeq(s, "true"))
		*out = 1;
	else if (mzg__strcaseeq(s, "no") || !strcmp(s, "0") ||
	         mzg__strcaseeq(s, "false"))
		*out = 0;
	else
		return bad(P, C_VERIFIED, "expected yes or no, found '%s'", s);
	return MZG_OK;
}

/* ---- masses ---- */

/* Use the given mass if any, else the computed one; note a mismatch. */
static int settle_mass(parser *P, int c, const char *id, double given,
                       double calc, const char *from, double *out)
{
	*out = given > 0 ? given : calc;
	if (!(given > 0) || isnan(calc) ||
	    fabs(given - calc) <= MZG_MASS_MISMATCH_DA)
		return MZG_OK;
	return mzg__design_note(P->d, 1, "%s:%zu: column %s: %s: given %.2f Da "
	                        "differs from %.2f Da computed from %s by %.2f Da "
	                        "(the given mass is used)", P->L.name, P->L.line,
	                        COL_NAME[c], id, given, calc, from,
	                        fabs(given - calc));
}

static int uep_mass(parser *P, mzg_assay *a)
{
	double given, calc = NAN;
	int rc;

	if ((rc = parse_mass(P, C_UEP_MASS, &given)) < 0 ||
	    (rc = parse_seq(P, C_UEP_SEQ, &a->uep_seq)) < 0)
		return rc;
	if (a->uep_seq)
		calc = mzg_oligo_mass(a->uep_seq);
	if (calc > MZG_DESIGN_MAX_MASS)
		return bad(P, C_UEP_SEQ, "a %zu-nt UEP weighs %.0f Da (expected "
		           "an extension primer below %.0f Da)", strlen(a->uep_seq),
		           calc, MZG_DESIGN_MAX_MASS);
	if (!(given > 0) && isnan(calc))
		return bad(P, P->col[C_UEP_SEQ] >= 0 ? C_UEP_SEQ : C_UEP_MASS,
		           "assay %s has no UEP (expected UEP_SEQ or UEP_MASS)",
		           a->id);
	return settle_mass(P, C_UEP_MASS, a->id, given, calc, "UEP_SEQ",
	                   &a->uep_mass);
}

/* The mass of allele @p k computed from EXTk_SEQ (when it and UEP_SEQ are
 * given) or from the allele and direction, on the scale of a->uep_mass. */
static int ext_calc(parser *P, const mzg_assay *a, int k, double *calc)
{
	const char *e = a->ext_seq[k];
	char want = a->dir == 'R' ? mzg_base_complement(a->allele[k])
	                          : a->allele[k];
	size_t nu;

	*calc = mzg__mass_round(a->uep_mass +
	                        mzg_ext_increment(a->allele[k], a->dir, a->chem));
	if (!e || !a->uep_seq)
		return MZG_OK;
	nu = strlen(a->uep_seq);
	if (strlen(e) <= nu || strncmp(e, a->uep_seq, nu) != 0)
		return bad(P, EXT_SEQ(k), "expected UEP_SEQ followed by the "
		           "added base(s), found '%s'", e);
	if (e[nu] != want)
		return bad(P, EXT_SEQ(k), "the first added base is %c, expected %c "
		           "(EXT%d_CALL %c, UEP_DIR %c)", e[nu], want, k + 1,
		           a->allele[k], a->dir);
	*calc = mzg__mass_round(a->uep_mass +
	                        mzg__added_mass(e + nu, strlen(e + nu), a->chem));
	return MZG_OK;
}

static int one_allele(parser *P, mzg_assay *a, int k)
{
	double given, calc;
	int rc, j;

	if ((rc = parse_base(P, EXT_CALL(k), &a->allele[k])) < 0 ||
	    (rc = parse_mass(P, EXT_MASS(k), &given)) < 0 ||
	    (rc = parse_seq(P, EXT_SEQ(k), &a->ext_seq[k])) < 0)
		return rc;
	for (j = 0; j < k; j++)
		if (a->allele[j] == a->allele[k])
			return bad(P, EXT_CALL(k), "allele %c repeats EXT%d_CALL "
			           "(expected a different base)", a->allele[k], j + 1);
	a->n_alleles = k + 1;
	if ((rc = ext_calc(P, a, k, &calc)) < 0)
		return rc;
	return settle_mass(P, EXT_MASS(k), a->id, given, calc,
	                   a->ext_seq[k] && a->uep_seq ? "EXT_SEQ"
	                                               : "the UEP and allele",
	                   &a->ext_mass[k]);
}

static int alleles(parser *P, mzg_assay *a)
{
	int k, rc;

	for (k = 0; k < MZG_MAX_ALLELES; k++) {
		if (!*get(P, EXT_CALL(k)))
			break;
		if ((rc = one_allele(P, a, k)) < 0)
			return rc;
	}
	if (k < 2)
		return bad(P, EXT_CALL(k), "assay %s has %d allele%s (expected "
		           "at least 2)", a->id, k, k == 1 ? "" : "s");
	for (; k < MZG_MAX_ALLELES; k++)
		if (*get(P, EXT_CALL(k)))
			return bad(P, EXT_CALL(k), "given while EXT%d_CALL is empty "
			           "(expected alleles in EXT1, EXT2, ... order)", k);
	return MZG_OK;
}

static int pause_mass(parser *P, mzg_assay *a)
{
	const char *s = get(P, C_PAUSE);
	double m;

	if (!*s)
		return MZG_OK;
	if (mzg__parse_double(s, &m) == 0 && m >= MZG_DESIGN_MIN_MASS &&
	    m <= MZG_DESIGN_MAX_MASS) {
		a->pause_mass = m;
		return MZG_OK;
	}
	return mzg__design_note(P->d, 0, "%s:%zu: column 1stPAUSE: %s: '%s' is "
	                        "not a mass in Da; no pausing peak is listed",
	                        P->L.name, P->L.line, a->id, s);
}

/* ---- rows ---- */

static int check_duplicate(parser *P, const mzg_plex *p, const char *id)
{
	size_t i;

	for (i = 0; i + 1 < p->n_assays; i++)
		if (!strcmp(p->assays[i].id, id))
			return bad(P, C_SNP_ID, "assay %s appears twice in multiplex "
			           "%s (first on line %zu; expected unique SNP_IDs "
			           "within a multiplex)", id, p->name,
			           p->assays[i].line);
	return MZG_OK;
}

static int row(parser *P)
{
	const char *well = get(P, C_WELL), *id = get(P, C_SNP_ID);
	mzg_plex *p;
	mzg_assay *a;
	int rc;

	if (!*well)
		return bad(P, C_WELL, "expected the multiplex name (W1, W2, ...)");
	if (*well == '#') /* it would start a comment line when written back */
		return bad(P, C_WELL, "a multiplex name cannot start with '#'");
	if (!*id)
		return bad(P, C_SNP_ID, "expected the assay name");
	if (++P->n_rows > MZG_DESIGN_MAX_ASSAYS)
		return mzg__err(MZG_ELIMIT, "%s:%zu: more than %d assays",
		                P->L.name, P->L.line, MZG_DESIGN_MAX_ASSAYS);
	if ((rc = mzg__design_plex(P->d, well, &p)) < 0 ||
	    (rc = mzg__plex_add_assay(p, &a)) < 0)
		return rc;
	a->line = P->L.line;
	if (!(a->id = mzg__strdup(id)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = check_duplicate(P, p, id)) < 0 ||
	    (rc = parse_term(P, &a->chem)) < 0 ||
	    (rc = parse_dir(P, &a->dir)) < 0 ||
	    (rc = parse_verified(P, &a->verified)) < 0 ||
	    (rc = uep_mass(P, a)) < 0 || (rc = alleles(P, a)) < 0 ||
	    (rc = pause_mass(P, a)) < 0)
		return rc;
	if (*get(P, C_GENE) && !(a->gene = mzg__strdup(get(P, C_GENE))))
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

static int parse(parser *P)
{
	char *line;
	size_t len;
	int rc, have_header = 0;

	while ((rc = mzg__lines_next(&P->L, &line, &len)) == MZG_OK) {
		if (is_comment(line)) {
			if (!have_header && (rc = take_caveat(P, line)) < 0)
				return rc;
			continue;
		}
		if ((rc = split_line(P, line)) < 0)
			return rc;
		if (all_empty(P))
			continue;
		if (!have_header) {
			if ((rc = header(P)) < 0)
				return rc;
			have_header = 1;
		} else if ((rc = row(P)) < 0) {
			return rc;
		}
	}
	if (rc < 0)
		return rc;
	if (!have_header)
		return mzg__err(MZG_EFORMAT, "%s: no header row (expected a "
		                "tab-separated Agena Assay Design export)", P->L.name);
	if (!P->d->n_plex)
		return mzg__err(MZG_EFORMAT, "%s: no assays after the header row",
		                P->L.name);
	return MZG_OK;
}

static int read_lines(mzg_design **out, parser *P)
{
	int rc;

	*out = NULL;
	if (!(P->d = mzg__design_new(P->L.name))) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = parse(P)) < 0)
		goto out;
	if (P->caveat.len &&
	    !(P->d->caveat = mzg__strdup(mzg__buf_cstr(&P->caveat)))) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	*out = P->d;
	P->d = NULL;
out:
	mzg_design_free(P->d);
	mzg__buf_free(&P->caveat);
	return rc;
}

int mzg_design_read(mzg_design **out, FILE *fp, const char *name)
{
	parser *P = calloc(1, sizeof *P);
	int rc;

	*out = NULL;
	if (!P)
		return mzg__err(MZG_ENOMEM, "out of memory");
	P->L.fp = fp;
	P->L.name = name ? name : "<design>";
	rc = read_lines(out, P);
	mzg__lines_close(&P->L);
	free(P);
	return rc;
}

int mzg_design_load(mzg_design **out, const char *src)
{
	parser *P;
	int rc;

	*out = NULL;
	if (!src)
		return mzg__err(MZG_EINVAL, "no design given");
	if (!strcmp(src, "fas8"))
		return mzg_design_fas8(out);
	if (!(P = calloc(1, sizeof *P)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = mzg__lines_open(&P->L, src)) == MZG_OK)
		rc = read_lines(out, P);
	mzg__lines_close(&P->L);
	free(P);
	return rc;
}
