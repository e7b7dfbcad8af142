/*
 * test_hostile.c -- every file of testdata/hostile/ and the hostile cases
 * too big or too machine-specific to keep as files, each with what mzgeno
 * must do with it: a clear error naming the file (and line or spectrum), or
 * a flagged record, never a crash, unbounded memory or a file it was not
 * given. docs/hostile-inputs.md is the prose version of these tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>

#include "mzgeno/design.h"
#include "mzgeno/error.h"
#include "mzgeno/mzml.h"
#include "mzgeno/plate.h"
#include "runner.h"

/* One hostile file and its expected outcome: status (0 = loads) and a
 * fixed string that the error message must contain (NULL: none). */
typedef struct hostile_case {
	const char *file;
	int status;
	const char *msg;
} hostile_case;

static const char *hostile(const char *sub, const char *file)
{
	static char buf[1024];

	snprintf(buf, sizeof buf, "%s/hostile/%s/%s", mzg_test_data(), sub,
	         file);
	return buf;
}

/* Write @p len bytes to a fresh file in the scratch directory. */
static const char *scratch_file(const char *name, const char *data,
                                size_t len)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), name);
	FILE *fp = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* The error message names the file and says @p want. */
static void check_msg(const char *path, int rc, const hostile_case *c)
{
	const char *msg = mzg_errmsg();

	if (rc != c->status || (c->msg && !strstr(msg, c->msg)) ||
	    (rc < 0 && !strstr(msg, strrchr(path, '/') + 1)))
		printf("\n    %s: status %d (want %d), message: %s\n", c->file,
		       rc, c->status, msg);
	CU_ASSERT_EQUAL(rc, c->status);
	if (c->msg)
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, c->msg));
	if (rc < 0)  /* every error names the file */
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, strrchr(path, '/') + 1));
}

/* ---- design exports ---- */

static const hostile_case design_cases[] = {
	{ "empty.tsv", MZG_EFORMAT, "no header row" },
	{ "random_bytes.tsv", MZG_EFORMAT, NULL },
	{ "nul_in_line.tsv", MZG_EFORMAT, ":2: a NUL byte at column 23" },
	{ "utf16le.tsv", MZG_EFORMAT, "UTF-16" },
	{ "utf16le_nobom.tsv", MZG_EFORMAT, "UTF-16" },
	{ "cr_only_line_ends.tsv", 0, NULL },
	{ "truncated.tsv", MZG_EFORMAT, ":2: column EXT1_CALL" },
	{ "header_only.tsv", MZG_EFORMAT, "no assays" },
	{ "nan_mass.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "inf_mass.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "negative_mass.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "tiny_mass.tsv", MZG_EFORMAT, "from 100 to 100000" },
	{ "huge_exponent.tsv", MZG_EFORMAT, ":2: column UEP_MASS" },
	{ "long_sequence.tsv", MZG_EFORMAT, "200000-nt UEP" },
	{ "many_columns_5000.tsv", MZG_ELIMIT, "more than 4096 columns" },
	{ "many_columns_4000.tsv", 0, NULL },
	{ "duplicate_assay.tsv", MZG_EFORMAT, "appears twice" },
	/* TSV has no quoting: quotes are kept as part of the text */
	{ "csv_quotes.tsv", 0, NULL },
};

static void test_design_files(void)
{
	size_t i;

	for (i = 0; i < sizeof design_cases / sizeof *design_cases; i++) {
		const char *path = hostile("design", design_cases[i].file);
		mzg_design *d = NULL;
		int rc = mzg_design_load(&d, path);

		check_msg(path, rc, &design_cases[i]);
		CU_ASSERT((rc == 0) == (d != NULL));
		if (d && !strcmp(design_cases[i].file, "cr_only_line_ends.tsv"))
			CU_ASSERT_EQUAL(mzg_design_n_assays(d), 1);
		mzg_design_free(d);
	}
}

/* Fuzz findings in the design module, replayed with their checks. */
static void test_design_regressions(void)
{
	char path[1024];
	mzg_design *d = NULL;
	mzg_design_report *rep = NULL;

	/* a design whose check finds nothing: qsort(NULL, 0) was called */
	snprintf(path, sizeof path, "%s/fuzz/design/"
	         "crash-check-no-issues-qsort-null.tsv", mzg_test_data());
	CU_ASSERT_EQUAL_FATAL(mzg_design_load(&d, path), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_design_check(&rep, d, 0), 0);
	CU_ASSERT_EQUAL(rep->n, 0);
	mzg_design_report_free(rep);
	mzg_design_free(d);
	/* a UEP of 0.00005 Da loaded but its export (0.00) did not */
	snprintf(path, sizeof path, "%s/fuzz/design/"
	         "crash-roundtrip-tiny-uep-mass.tsv", mzg_test_data());
	CU_ASSERT_EQUAL(mzg_design_load(&d, path), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), ":2: column UEP_MASS"));
}

/* A line over the 1 MiB line limit. */
static void test_design_long_line(void)
{
	static const char hdr[] = "WELL\tTERM\tSNP_ID\tUEP_DIR\tUEP_MASS\t"
		"EXT1_CALL\tEXT1_MASS\tEXT2_CALL\tEXT2_MASS\n";
	size_t big = (size_t)3 << 20, i;
	char *text = malloc(sizeof hdr + big + 64);
	mzg_design *d = NULL;
	const char *path;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memcpy(text, hdr, sizeof hdr - 1);
	i = sizeof hdr - 1;
	i += (size_t)sprintf(text + i, "W1\tiPLEX\t");
	memset(text + i, 'x', big);
	i += big;
	i += (size_t)sprintf(text + i, "\tF\t5000\tA\t5271.2\tG\t5287.2\n");
	path = scratch_file("huge_field.tsv", text, i);
	CU_ASSERT_EQUAL(mzg_design_load(&d, path), MZG_ELIMIT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "huge_field.tsv:2: line "
	                              "longer than"));
	CU_ASSERT_PTR_NULL(d);
	free(text);
}

/* ---- plate sheets ---- */

static const hostile_case plate_cases[] = {
	{ "empty.tsv", MZG_EFORMAT, "no header line" },
	{ "random_bytes.tsv", MZG_EFORMAT, NULL },
	{ "nul_in_line.tsv", MZG_EFORMAT, ":2: a NUL byte" },
	{ "utf16le.csv", MZG_EFORMAT, "UTF-16" },
	{ "unterminated_quote.csv", MZG_EFORMAT, ":2: a quoted cell is not closed" },
	{ "huge_sample_id.tsv", 0, NULL },
	{ "many_columns_5000.tsv", MZG_ELIMIT, "5003 columns (limit 4096)" },
	{ "many_rows.tsv", MZG_EFORMAT, ":14: well A01 listed twice" },
	{ "well_overflow.tsv", MZG_EFORMAT, ":2: bad well" },
	{ "same_well_twice.tsv", MZG_EFORMAT, ":3: well A01 listed twice" },
};

static void test_plate_files(void)
{
	size_t i;

	for (i = 0; i < sizeof plate_cases / sizeof *plate_cases; i++) {
		const char *path = hostile("plate", plate_cases[i].file);
		mzg_plate *p = NULL;
		int rc = mzg_plate_load(&p, path, 384);

		check_msg(path, rc, &plate_cases[i]);
		CU_ASSERT((rc == 0) == (p != NULL));
		if (p && !strcmp(plate_cases[i].file, "huge_sample_id.tsv"))
			CU_ASSERT_EQUAL(strlen(p->wells[0].sample), 500000);
		mzg_plate_free(p);
	}
}

/* The in-memory entry point reads the same as the file one, and a sheet
 * with Mac line ends (lone CR) reads like one with LF. */
static void test_plate_stream(void)
{
	static const char cr[] = "well,sample,role\rA01,s1,ntc\rB02,s2,sample\r";
	FILE *fp = fmemopen((void *)cr, sizeof cr - 1, "rb");
	mzg_plate *p = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_read(&p, fp, "mac.csv", 96), 0);
	CU_ASSERT_EQUAL(p->n_wells, 2);
	CU_ASSERT_STRING_EQUAL(p->source, "mac.csv");
	CU_ASSERT_EQUAL(p->wells[0].role, MZG_ROLE_NTC);
	CU_ASSERT_STRING_EQUAL(p->wells[1].well, "B02");
	CU_ASSERT_EQUAL(p->wells[1].line, 3);
	mzg_plate_free(p);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_plate_read(&p, NULL, "x", 96), MZG_EINVAL);
	fp = fmemopen((void *)cr, sizeof cr - 1, "rb");
	CU_ASSERT_EQUAL(mzg_plate_read(&p, fp, "x", 95), MZG_EINVAL);
	CU_ASSERT_PTR_NULL(p);
	fclose(fp);
}

/* ---- mzML ---- */

/* What reading a whole file gave. */
typedef struct mzml_result {
	int rc;               /* MZG_DONE, or the error that ended the file */
	int n_ok, n_bad;      /* spectra read, spectra skipped (MZG_EDATA) */
	char bad_wells[64];   /* wells of the skipped spectra, "A02 ..." */
	unsigned flags;       /* MZG_SPEC_* over the spectra read */
	char msg[512];        /* first bad-spectrum message, else the error */
	int index_ok;
	char index_note[256];
} mzml_result;

/* Read every spectrum of @p path (from memory when @p mem) the way
 * `mzgeno call` does: skip bad spectra, stop at any other error. */
static void read_mzml(mzml_result *res, const char *path, size_t max_points,
                      int mem)
{
	mzg_mzml_opts o;
	mzg_mzml *r = NULL;
	mzg_spectrum s;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(res, 0, sizeof *res);
	mzg_mzml_opts_init(&o);
	if (max_points)
		o.max_points = max_points;
	mzg_spectrum_init(&s);
	if (mem) {
		buf = mzg_test_slurp(path, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
		rc = mzg_mzml_open_mem(&r, buf, len, path, &o);
	} else {
		rc = mzg_mzml_open(&r, path, &o);
	}
	while (rc == 0 || rc == MZG_EDATA) {
		rc = mzg_mzml_next(r, &s);
		if (rc == 0) {
			res->n_ok++;
			res->flags |= s.flags;
		} else if (rc == MZG_EDATA) {
			size_t l = strlen(res->bad_wells);

			if (!res->n_bad++)
				snprintf(res->msg, sizeof res->msg, "%s",
				         mzg_errmsg());
			snprintf(res->bad_wells + l, sizeof res->bad_wells - l,
			         "%s%s", l ? " " : "", s.well);
		}
	}
	res->rc = rc;
	if (rc != MZG_DONE && !res->n_bad)
		snprintf(res->msg, sizeof res->msg, "%s", mzg_errmsg());
	if (r) {
		res->index_ok = mzg_mzml_index_ok(r);
		snprintf(res->index_note, sizeof res->index_note, "%s",
		         mzg_mzml_index_note(r));
	}
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	free(buf);
}

/* One hostile mzML file and what reading it must give. */
typedef struct mzml_case {
	const char *file;
	int rc;               /* MZG_DONE or the fatal error */
	int n_ok, n_bad;
	const char *bad_wells;  /* NULL: not checked */
	unsigned flags;       /* flags that must be set */
	const char *msg;      /* substring of the message; NULL: none */
} mzml_case;

#define DONE MZG_DONE
#define BAD(file, msg) { file, DONE, 2, 1, "A02", 0, msg }
#define LEN MZG_SPEC_LENGTH_MISMATCH
#define NONFIN MZG_SPEC_NONFINITE

static const mzml_case mzml_cases[] = {
	{ "valid_three_pads.mzML", DONE, 3, 0, "", 0, NULL },
	{ "empty.mzML", MZG_EFORMAT, 0, 0, "", 0, "the file is empty" },
	{ "whitespace_only.mzML", MZG_EFORMAT, 0, 0, "", 0, "not well-formed" },
	{ "random_bytes.mzML", MZG_EFORMAT, 0, 0, "", 0, "not well-formed" },
	{ "random_text.mzML", MZG_EFORMAT, 0, 0, "", 0, "not well-formed" },
	{ "not_mzml.mzML", MZG_EFORMAT, 0, 0, "", 0, "root element is <html>" },
	{ "truncated_in_binary.mzML", MZG_EFORMAT, 1, 0, "", 0,
	  "ends inside <binary> (truncated?), after spectrum 1" },
	{ "truncated_in_tag.mzML", MZG_EFORMAT, 2, 0, "", 0,
	  "ends inside <spectrum> (truncated?)" },
	{ "truncated_before_end.mzML", MZG_EFORMAT, 3, 0, "", 0,
	  "ends inside <spectrumList>" },
	{ "truncated_half.mzML", MZG_EFORMAT, 1, 0, "", 0, "truncated?" },
	{ "gzip_truncated.mzML.gz", MZG_EFORMAT, -1, 0, "", 0, "truncated?" },
	BAD("base64_bad_chars.mzML", "spectrum 1 (id 'scan=2'): m/z array: "
	    "invalid base64"),
	BAD("base64_bad_length.mzML", "not a whole number of 64-bit"),
	BAD("base64_bad_padding.mzML", "invalid base64"),
	BAD("zlib_garbage.mzML", "zlib data is corrupt"),
	BAD("zlib_truncated.mzML", "zlib data is truncated"),
	BAD("zlib_bomb_256MiB.mzML", "intensity array: its data is too long "
	    "for 4176 values (declared 40)"),
	{ "array_longer_than_declared.mzML", DONE, 3, 0, "", LEN, NULL },
	{ "array_shorter_than_declared.mzML", DONE, 3, 0, "", LEN, NULL },
	BAD("arrays_differ_in_length.mzML", "the m/z array has 40 values but "
	    "the intensity array has 25"),
	BAD("array_odd_bytes.mzML", "317 bytes is not a whole number"),
	BAD("missing_intensity_array.mzML", "no intensity array"),
	{ "nan_mz.mzML", DONE, 3, 0, "", NONFIN, NULL },
	{ "inf_nan_intensity.mzML", DONE, 3, 0, "", NONFIN, NULL },
	{ "all_nan.mzML", DONE, 3, 0, "", NONFIN, NULL },
	{ "unsorted_mz.mzML", DONE, 3, 0, "", MZG_SPEC_UNSORTED, NULL },
	{ "descending_mz.mzML", DONE, 3, 0, "", MZG_SPEC_UNSORTED, NULL },
	{ "negative_mz.mzML", DONE, 3, 0, "", 0, NULL },
	{ "negative_intensity.mzML", DONE, 3, 0, "", 0, NULL },
	{ "huge_values.mzML", DONE, 3, 0, "", 0, NULL },
	{ "int64_extremes.mzML", DONE, 3, 0, "", 0, NULL },
	{ "same_pad_twice.mzML", DONE, 3, 0, "", 0, NULL },
	{ "deep_nesting.mzML", DONE, 1, 0, "", 0, NULL },
	{ "spectrum_list_count_2e63.mzML", DONE, 2, 0, "", 0, NULL },
	{ "billion_laughs_text.mzML", MZG_EFORMAT, 1, 0, "", 0,
	  "Entity 'lol9' not defined" },
	{ "billion_laughs_attr.mzML", MZG_EFORMAT, 1, 0, "", 0,
	  "Entity 'lol9' not defined" },
	{ "quadratic_blowup.mzML", MZG_EFORMAT, 0, 0, "", 0,
	  "Entity 'a' not defined" },
};

/* Spectra declaring lengths near 2^31 and 2^63 (defaultArrayLength,
 * encodedLength, arrayLength): read with the decoded length, the
 * mismatch flagged where the number could be read. */
static const char *const huge_tags[] = { "2e31", "2e31m1", "2e32", "2e63",
	"2e63m1", "2e64", "neg" };

static void check_mzml_case(const mzml_case *c, int mem)
{
	const char *path = hostile("mzml", c->file);
	mzml_result res;
	int ok;

	read_mzml(&res, path, 0, mem);
	ok = res.rc == c->rc && (c->n_ok < 0 || res.n_ok == c->n_ok) &&
	     res.n_bad == c->n_bad && (res.flags & c->flags) == c->flags &&
	     (!c->bad_wells || !strcmp(res.bad_wells, c->bad_wells)) &&
	     (!c->msg || strstr(res.msg, c->msg));
	if (!ok)
		printf("\n    %s%s: rc %d ok %d bad %d [%s] flags %#x: %s\n",
		       c->file, mem ? " (memory)" : "", res.rc, res.n_ok,
		       res.n_bad, res.bad_wells, res.flags, res.msg);
	CU_ASSERT(ok);
	/* every message names the file and, for a bad spectrum, its index */
	if (res.msg[0])
		CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, c->file));
	if (res.n_bad)
		CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "spectrum 1 (id 'scan=2')"));
}

static void test_mzml_files(void)
{
	size_t i;

	for (i = 0; i < sizeof mzml_cases / sizeof *mzml_cases; i++) {
		/* gzip is read from files and from memory alike */
		check_mzml_case(&mzml_cases[i], 0);
		check_mzml_case(&mzml_cases[i], 1);
	}
}

static void test_mzml_huge_lengths(void)
{
	static const char *const kinds[] = { "default_array_length",
		"encoded_length", "array_length" };
	size_t i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < sizeof huge_tags / sizeof *huge_tags; i++) {
			char name[128];
			mzml_result res;

			snprintf(name, sizeof name, "%s_%s.mzML", kinds[k],
			         huge_tags[i]);
			read_mzml(&res, hostile("mzml", name), 0, 0);
			if (res.rc != DONE || res.n_ok != 3)
				printf("\n    %s: rc %d ok %d: %s\n", name,
				       res.rc, res.n_ok, res.msg);
			CU_ASSERT_EQUAL(res.rc, DONE);
			CU_ASSERT_EQUAL(res.n_ok, 3);
			CU_ASSERT_EQUAL(res.n_bad, 0);
		}
}

/* Index offsets that are not offsets: the index is distrusted (the file
 * is read by scanning), never followed. */
static void test_mzml_bad_index(void)
{
	static const struct { const char *file, *note; } cases[] = {
		{ "index_offsets_2e63.mzML", "'scan=1' is not a number" },
		{ "index_offsets_2e31.mzML", "'scan=1' is 2147483648 but the "
		  "element starts at" },
		{ "index_offsets_negative.mzML", "'scan=1' is not a number" },
		{ "index_list_offset_2e63.mzML", "indexListOffset is not a "
		  "number" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		mzml_result res;

		read_mzml(&res, hostile("mzml", cases[i].file), 0, 0);
		CU_ASSERT_EQUAL(res.rc, DONE);
		CU_ASSERT_EQUAL(res.n_ok, 2);
		CU_ASSERT_EQUAL(res.index_ok, 0);
		if (!strstr(res.index_note, cases[i].note))
			printf("\n    %s: index: %s", cases[i].file,
			       res.index_note);
		CU_ASSERT_PTR_NOT_NULL(strstr(res.index_note, cases[i].note));
	}
}

/* Peak resident memory of this process, in MiB. */
static long maxrss_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* A zlib stream of 256 MiB of zeros in a spectrum that declares 40
 * points stops at the declared size (x2 + 4096): no big allocation. The
 * same stream in a spectrum that declares 2^31 points stops at
 * max_points. */
static void test_mzml_zlib_bomb(void)
{
	const char *path = hostile("mzml", "zlib_bomb_256MiB.mzML");
	long before = maxrss_mib();
	mzml_result res;
	size_t len;
	char *text = mzg_test_slurp(path, &len), *at;
	mzg_mzml *r = NULL;
	mzg_mzml_opts o;
	mzg_spectrum s;
	int rc, n_bad = 0;

	read_mzml(&res, path, 0, 0);
	CU_ASSERT_EQUAL(res.n_bad, 1);
	CU_ASSERT(maxrss_mib() - before < 64);
	/* now declare 2^31 points for the bomb's spectrum */
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* "40" -> "2147483648": shift the tail right by 8 bytes */
	at = strstr(text, "defaultArrayLength=\"40\" spotID=\"A02\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	at += strlen("defaultArrayLength=\"");
	text = realloc(text, len + 9);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	at = strstr(text, "defaultArrayLength=\"40\" spotID=\"A02\"") +
	     strlen("defaultArrayLength=\"");
	memmove(at + 10, at + 2, len - (size_t)(at + 2 - text) + 1);
	memcpy(at, "2147483648", 10);
	len += 8;
	mzg_mzml_opts_init(&o);
	o.max_points = (size_t)1 << 20;
	mzg_spectrum_init(&s);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open_mem(&r, text, len, "bomb", &o), 0);
	while ((rc = mzg_mzml_next(r, &s)) == 0 || rc == MZG_EDATA)
		if (rc == MZG_EDATA) {
			n_bad++;
			CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "more than"));
		}
	CU_ASSERT_EQUAL(rc, MZG_DONE);
	CU_ASSERT_EQUAL(n_bad, 1);
	CU_ASSERT(maxrss_mib() - before < 96);
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	free(text);
}

/* 4000 assay columns, one repeated in another case far apart: found
 * (case-insensitively), and without distinct columns the sheet loads. */
static void test_plate_many_columns(void)
{
	size_t cap = 64 * 1024, len = 0;
	char *text = malloc(cap);
	mzg_plate *p = NULL;
	int i, rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	len += (size_t)snprintf(text, cap, "well\tsample\trole");
	for (i = 0; i < 4000; i++)
		len += (size_t)snprintf(text + len, cap - len, "\trs%d", i);
	len += (size_t)snprintf(text + len, cap - len, "\nA01\ts\tsample\n");
	rc = mzg_plate_load(&p, scratch_file("cols_ok.tsv", text, len), 96);
	CU_ASSERT_EQUAL(rc, 0);
	if (p)
		CU_ASSERT_EQUAL(p->n_assays, 4000);
	mzg_plate_free(p);
	p = NULL;
	memcpy(strstr(text, "\trs3999\n"), "\tRS10  ", 7);  /* trimmed */
	rc = mzg_plate_load(&p, scratch_file("cols_twice.tsv", text,
	                                     strlen(text)), 96);
	CU_ASSERT_EQUAL(rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "cols_twice.tsv:1: column"));
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "given twice"));
	CU_ASSERT_PTR_NULL(p);
	free(text);
}

static CU_TestInfo text_tests[] = {
	{ "hostile design exports", test_design_files },
	{ "design fuzz regressions", test_design_regressions },
	{ "design line over the limit", test_design_long_line },
	{ "hostile plate sheets", test_plate_files },
	{ "plate sheet from a stream", test_plate_stream },
	{ "plate sheet with 4000 columns", test_plate_many_columns },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo mzml_tests[] = {
	{ "hostile mzML files", test_mzml_files },
	{ "declared lengths near 2^31 and 2^63", test_mzml_huge_lengths },
	{ "index offsets near 2^31 and 2^63", test_mzml_bad_index },
	{ "zlib bomb", test_mzml_zlib_bomb },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "text tables", NULL, NULL, NULL, NULL, text_tests },
	{ "mzML", NULL, NULL, NULL, NULL, mzml_tests },
	CU_SUITE_INFO_NULL,
};
