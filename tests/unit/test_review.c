/*
 * test_review.c -- mzgeno review: reading a report set back with its
 * design and snippets (the rebuilt run writes the same bytes), overrides
 * (quality E, the original call kept in flags, the audit trail, QC
 * recomputed), every refusal naming its line with nothing changed, the
 * original directory untouched byte for byte, reviewing a review, and
 * damaged report sets refused.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mzgeno/report.h"
#include "review_fixture.h"
#include "review_priv.h"

/* ---- helpers ---- */

static const char *dir_of(const char *name)
{
	static char buf[4][512];
	static int slot;

	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof buf[slot], "%s/%s", mzg_test_tmpdir(), name);
	return buf[slot];
}

static void write_set(chip *ch, const char *dir)
{
	mzg_qc *q = NULL;

	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch->run, NULL), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(dir, &ch->run, q, NULL, 0,
	                                       MZG_REPORT_FORCE), MZG_OK);
	mzg_qc_free(q);
}

/* A set from the fixture chip in @p dir. */
static void fixture_set(const char *dir)
{
	chip ch;

	review_chip(&ch);
	write_set(&ch, dir);
	review_chip_free(&ch);
}

static int same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *x = mzg_test_slurp(a, &na), *y = mzg_test_slurp(b, &nb);
	int same = x && y && na == nb && !memcmp(x, y, na);

	if (!same)
		fprintf(stderr, "differ: %s %s\n", a, b);
	free(x);
	free(y);
	return same;
}

static const char *in(const char *dir, const char *name)
{
	return mzg_test_path(dir, name);
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The calls.tsv line of @p well / @p assay (static buffer). */
static const char *calls_line(const char *dir, const char *well,
                              const char *assay)
{
	static char line[1024];
	char key[64], *s = mzg_test_slurp(in(dir, "calls.tsv"), NULL), *p, *e;

	line[0] = '\0';
	snprintf(key, sizeof key, "\t%s\t", well);
	for (p = s; p && (p = strstr(p, key)); p++) {
		char *bol = p;

		while (bol > s && bol[-1] != '\n')
			bol--;
		e = strchr(bol, '\n');
		if (e && (size_t)(e - bol) < sizeof line) {
			memcpy(line, bol, (size_t)(e - bol));
			line[e - bol] = '\0';
			if (strstr(line, assay))
				break;
		}
		line[0] = '\0';
	}
	free(s);
	return line;
}

/* Concatenation of every file of a directory, for before/after checks. */
static char *snapshot(const char *dir)
{
	mzg_buf b = { 0 };
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), i;

	for (i = 0; i < n; i++) {
		size_t len;
		char *s = names[i]->d_name[0] == '.' ? NULL :
		          mzg_test_slurp(in(dir, names[i]->d_name), &len);

		mzg__buf_printf(&b, "== %s\n", names[i]->d_name);
		if (s)
			mzg__buf_append(&b, s, len);
		free(s);
		free(names[i]);
	}
	free(names);
	mzg__buf_cstr(&b);
	return b.s;
}

/* ---- reading back ---- */

static void test_load_round_trip(void)
{
	static const char *const same[] = { "calls.tsv", "genotypes.tsv",
		"qc.json", "qc.tsv", "design.tsv", "snippets.tsv" };
	const char *a = dir_of("rt-a"), *b = dir_of("rt-b");
	mzg_review *r = NULL;
	mzg_qc *q = NULL;
	const mzg_pad *p;
	size_t i;
	char *s;

	fixture_set(a);
	CU_ASSERT_EQUAL_FATAL(mzg_review_load(&r, a), MZG_OK);
	CU_ASSERT_EQUAL(r->run->n_pads, 46);
	CU_ASSERT_TRUE(r->has_snippets);
	CU_ASSERT_EQUAL(r->audit.n, 0);
	CU_ASSERT_STRING_EQUAL(r->design->source, "fas8");
	p = mzg__review_pad(r->run, "A02");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(p->calls[3].quality, MZG_Q_D);
	CU_ASSERT_EQUAL(p->calls[3].best_guess, MZG_GT_HET);
	CU_ASSERT_EQUAL(p->snippets[3].n, 150);
	CU_ASSERT_STRING_EQUAL(mzg__review_pad(r->run, "G03")->sample, ODD_SAMPLE);
	CU_ASSERT_EQUAL(mzg__review_pad(r->run, "B01")->status, MZG_PAD_BAD);
	CU_ASSERT_EQUAL(r->plate->n_dupsets, 1);
	/* unchanged, the rebuilt run writes the same bytes */
	CU_ASSERT_EQUAL_FATAL(mzg_review_write(&q, b, r, 0), MZG_OK);
	for (i = 0; i < MZG_ARRAY_LEN(same); i++)
		CU_ASSERT_TRUE(same_file(in(a, same[i]), in(b, same[i])));
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	s = mzg_test_slurp(in(b, "audit.tsv"), NULL);
	CU_ASSERT_STRING_EQUAL(s, "time\treviewer\treason\twell\tassay\t"
	                       "old_genotype\told_quality\tnew_genotype\n");
	free(s);
	mzg_qc_free(q);
	mzg_review_free(r);
}

/* ---- overrides ---- */

static mzg_overrides *overrides(const char *text)
{
	const char *path = dir_of("overrides.tsv");
	mzg_overrides *o = NULL;

	write_text(path, text);
	CU_ASSERT_EQUAL(mzg_overrides_load(&o, path), MZG_OK);
	return o;
}

/* Rows of calls.tsv and qc.json's wells[] in another order than by well
 * (a person sorted them): the pads and their snippets are still found and
 * an override still applies. */
static void test_rows_out_of_order(void)
{
	const char *a = dir_of("oo-a"), *b = dir_of("oo-b");
	mzg_review *r = NULL;
	mzg_overrides *o;
	mzg_qc *q = NULL;
	char *s, *t;
	size_t n;

	fixture_set(a);
	/* calls.tsv: header, then the data rows in reverse */
	s = mzg_test_slurp(in(a, "calls.tsv"), &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	{
		char *rows[4096], *save = NULL, *line;
		size_t k = 0, len = 0;
		char *hdr = strtok_r(s, "\n", &save);

		t = calloc(n + 2, 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		while ((line = strtok_r(NULL, "\n", &save)) && k < 4096)
			rows[k++] = line;
		len += (size_t)sprintf(t + len, "%s\n", hdr);
		while (k-- > 0)
			len += (size_t)sprintf(t + len, "%s\n", rows[k]);
		write_text(in(a, "calls.tsv"), t);
		free(t);
	}
	free(s);
	/* qc.json: the first two wells[] entries swapped */
	s = mzg_test_slurp(in(a, "qc.json"), &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	{
		char *w0 = strstr(s, "\"wells\": [");
		char *e0, *e1, *e2;

		CU_ASSERT_PTR_NOT_NULL_FATAL(w0);
		e0 = strchr(w0, '{');
		e1 = strstr(e0, "\n    {");
		e2 = e1 ? strstr(e1 + 1, "\n    {") : NULL;
		CU_ASSERT_FATAL(e1 && e2);
		t = calloc(n + 8, 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		/* prefix, second entry, first entry, rest */
		memcpy(t, s, (size_t)(e0 - s));
		strncat(t, e1 + 5, (size_t)(e2 - (e1 + 5)));
		strcat(t, "\n    ");
		strncat(t, e0, (size_t)(e1 - e0));
		strcat(t, e2);
		write_text(in(a, "qc.json"), t);
		free(t);
	}
	free(s);
	CU_ASSERT_EQUAL_FATAL(mzg_review_load(&r, a), MZG_OK);
	CU_ASSERT(r->has_snippets);
	o = overrides("well\tassay\tgenotype\treviewer\treason\n"
	              "A02\trs13006529\tAT\tJ. Doe\tclear T shoulder\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(mzg_review_apply(r, o, "2024-05-01T10:00:00Z"), MZG_OK);
	CU_ASSERT_EQUAL(mzg_review_write(&q, b, r, 0), MZG_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(calls_line(b, "A02", "rs13006529"),
	                              "\tAT\tE\tNA\t"));
	mzg_qc_free(q);
	mzg_overrides_free(o);
	mzg_review_free(r);
}

static void test_apply(void)
{
	const char *a = dir_of("ap-a"), *b = dir_of("ap-b");
	mzg_review *r = NULL;
	mzg_overrides *o;
	mzg_qc *q = NULL;
	char *before, *s;

	fixture_set(a);
	before = snapshot(a);
	CU_ASSERT_EQUAL_FATAL(mzg_review_load(&r, a), MZG_OK);
	o = overrides("# reviewer calls\n"
	              "Reviewer\twell\tassay\tgenotype\treason\tignored\n"
	              "J. Doe\tA2\trs13006529\tA/T\tclear T shoulder\tx\n"
	              "J. Doe\tG01\trs2234978\tTT\tdup agrees with A01\n"
	              "\n"
	              "J. Doe\tA06\trs1800682\t.\tsalt adduct on G\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(o->n, 3);
	CU_ASSERT_EQUAL(o->rows[0].line, 3);
	CU_ASSERT_STRING_EQUAL(o->rows[0].well, "A02");
	/* a time that is not a UTC time is refused before anything changes */
	CU_ASSERT_EQUAL(mzg_review_apply(r, o, "2024-05-01T10:0x:00Z"),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(r->audit.n, 0);
	CU_ASSERT_EQUAL(mzg_review_apply(r, o, "2024-05-01T10:00:00Z"), MZG_OK);
	CU_ASSERT_EQUAL(mzg_review_write(&q, b, r, 0), MZG_OK);
	/* the D call became the reviewer's AT, quality E, the original kept */
	CU_ASSERT_STRING_EQUAL(calls_line(b, "A02", "rs13006529"),
	                       "CHIP1\tA02\tS02\tsample\tW1\trs13006529\tAT\tE\tNA\t"
	                       "A\tT\t100\t100\t10\t20.00\t20.00\t10.00\t0.0000\t"
	                       "0.5000\t0.0\tlow_probability,override,note=was=AT/D "
	                       "by J. Doe: clear T shoulder");
	CU_ASSERT_PTR_NOT_NULL(strstr(calls_line(b, "A06", "rs1800682"),
	                              "\t.\tE\tNA\t"));
	CU_ASSERT_PTR_NOT_NULL(strstr(calls_line(b, "A06", "rs1800682"),
	                              "override,note=was=AG/A by J. Doe"));
	/* the audit trail */
	s = mzg_test_slurp(in(b, "audit.tsv"), NULL);
	CU_ASSERT_STRING_EQUAL(s,
		"time\treviewer\treason\twell\tassay\told_genotype\told_quality\t"
		"new_genotype\n"
		"2024-05-01T10:00:00Z\tJ. Doe\tclear T shoulder\tA02\trs13006529\t"
		"AT\tD\tAT\n"
		"2024-05-01T10:00:00Z\tJ. Doe\tdup agrees with A01\tG01\trs2234978\t"
		"TC\tA\tTT\n"
		"2024-05-01T10:00:00Z\tJ. Doe\tsalt adduct on G\tA06\trs1800682\t"
		"AG\tA\t.\n");
	free(s);
	/* QC recomputed: the duplicate set now agrees, A02 is complete, A06
	 * lost a call */
	CU_ASSERT_EQUAL(q->dups[0].n_discordant, 0);
	CU_ASSERT_EQUAL(q->n_quality[mzg_qc_quality_index('E')], 3);
	s = mzg_test_slurp(in(b, "qc.json"), NULL);
	CU_ASSERT_PTR_NULL(strstr(s, "\"duplicate_discordance\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "pad A06 (sample S06): call rate 87.5%"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "reviewed 2024-05-01T10:00:00Z with "
	                              "mzgeno"));
	free(s);
	s = mzg_test_slurp(in(b, "report.html"), NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "Overrides (3)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<circle class=\"pt g1 ov\" data-w=\"A02\""));
	free(s);
	/* the original is untouched */
	s = snapshot(a);
	CU_ASSERT_STRING_EQUAL(s, before);
	free(s);
	free(before);
	mzg_overrides_free(o);
	mzg_qc_free(q);
	mzg_review_free(r);
}

/* One refused override: the message names the line; nothing changes. */
static void refused(const char *row, int status, const char *msg)
{
	const char *a = dir_of("rf-a"), *path = dir_of("bad.tsv");
	mzg_review *r = NULL;
	mzg_overrides *o = NULL;
	char text[512], *calls_before, *calls_after;
	int rc;

	snprintf(text, sizeof text, "well\tassay\tgenotype\treviewer\treason\n"
	         "A05\trs763110\tCC\tJ\tfine\n%s", row);
	write_text(path, text);
	CU_ASSERT_EQUAL_FATAL(mzg_review_load(&r, a), MZG_OK);
	rc = mzg_overrides_load(&o, path);
	if (rc == MZG_OK)
		rc = mzg_review_apply(r, o, "2024-05-01T10:00:00Z");
	CU_ASSERT_EQUAL(rc, status);
	if (!strstr(mzg_errmsg(), msg))
		fprintf(stderr, "\nmessage: %s\nexpected: %s\n", mzg_errmsg(), msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), msg));
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "bad.tsv:"));
	/* nothing applied, not even the good first line */
	CU_ASSERT_EQUAL(r->audit.n, 0);
	CU_ASSERT_EQUAL(mzg__review_pad(r->run, "A05")->calls[2].quality, MZG_Q_A);
	calls_before = mzg_test_slurp(in(a, "calls.tsv"), NULL);
	calls_after = snapshot(a);
	CU_ASSERT_PTR_NOT_NULL(strstr(calls_after, calls_before));
	free(calls_before);
	free(calls_after);
	mzg_overrides_free(o);
	mzg_review_free(r);
}

static void test_refusals(void)
{
	fixture_set(dir_of("rf-a"));
	refused("P24\trs763110\tCC\tJ\tx\n", MZG_EINVAL,
	        "bad.tsv:3: P24 rs763110: well P24 is not a pad of this chip");
	refused("A01\trs999\tCC\tJ\tx\n", MZG_EINVAL,
	        "bad.tsv:3: A01 rs999: assay rs999 is not in the design");
	refused("A01\trs2234767\tCC\tJ\tx\n", MZG_EINVAL,
	        "bad.tsv:3: A01 rs2234767: genotype 'CC': allele C is not an "
	        "allele of rs2234767");
	refused("A01\trs2234767\tGX\tJ\tx\n", MZG_EINVAL, "bad.tsv:3: A01 rs2234767");
	refused("H11\trs763110\tCC\tJ\tx\n", MZG_EINVAL,
	        "bad.tsv:3: H11 rs763110: the pad is an NTC (NTC1), which is "
	        "never called");
	refused("G02\trs763110\tCC\tJ\tx\n", MZG_EINVAL,
	        "bad.tsv:3: G02 rs763110: the pad is empty (E1)");
	refused("A05\trs763110\tTT\tK\ty\n", MZG_EFORMAT,
	        "bad.tsv:3: A05 rs763110 is overridden twice (first on line 2)");
	refused("A01\trs763110\tCC\t\tx\n", MZG_EFORMAT,
	        "bad.tsv:3: the reviewer is blank");
	refused("A1x\trs763110\tCC\tJ\tx\n", MZG_EFORMAT,
	        "bad.tsv:3: bad well 'A1x'");
	write_text(dir_of("bad.tsv"), "well\tassay\tgenotype\treviewer\n");
	{
		mzg_overrides *o = NULL;

		CU_ASSERT_EQUAL(mzg_overrides_load(&o, dir_of("bad.tsv")),
		                MZG_EFORMAT);
		CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "bad.tsv:1: missing "
		                              "column 'reason'"));
		write_text(dir_of("bad.tsv"), "# nothing\n\n");
		CU_ASSERT_EQUAL(mzg_overrides_load(&o, dir_of("bad.tsv")),
		                MZG_EFORMAT);
		CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "no header line"));
		CU_ASSERT_EQUAL(mzg_overrides_load(&o, "/nonexistent"), MZG_EIO);
	}
}

static void test_review_again(void)
{
	const char *a = dir_of("ra-a"), *b = dir_of("ra-b"), *c = dir_of("ra-c");
	mzg_review *r = NULL;
	mzg_overrides *o;
	char *s, *before;

	fixture_set(a);
	CU_ASSERT_EQUAL_FATAL(mzg_review_load(&r, a), MZG_OK);
	o = overrides("well\tassay\tgenotype\treviewer\treason\n"
	              "A02\trs13006529\tAT\tAnn\tfirst look\n");
	CU_ASSERT_EQUAL(mzg_review_apply(r, o, "2024-05-01T10:00:00Z"), MZG_OK);
	CU_ASSERT_EQUAL(mzg_review_write(NULL, b, r, 0), MZG_OK);
	mzg_overrides_free(o);
	mzg_review_free(r);
	before = snapshot(b);
	/* the reviewed set is reviewed again: the audit trail grows */
	CU_ASSERT_EQUAL_FATAL(mzg_review_load(&r, b), MZG_OK);
	CU_ASSERT_EQUAL(r->n_previous, 1);
	CU_ASSERT_EQUAL(mzg__review_pad(r->run, "A02")->calls[3].quality, MZG_Q_E);
	o = overrides("well\tassay\tgenotype\treviewer\treason\n"
	              "A02\trs13006529\tTT\tBob\tsecond look\n");
	CU_ASSERT_EQUAL(mzg_review_apply(r, o, "2024-05-02T09:30:00Z"), MZG_OK);
	/* not into the reviewed directory itself */
	CU_ASSERT_EQUAL(mzg_review_write(NULL, b, r, MZG_REPORT_FORCE), MZG_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "is the reviewed report itself"));
	CU_ASSERT_EQUAL(mzg_review_write(NULL, c, r, 0), MZG_OK);
	s = mzg_test_slurp(in(c, "audit.tsv"), NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "2024-05-01T10:00:00Z\tAnn\tfirst look\t"
	                              "A02\trs13006529\tAT\tD\tAT\n"
	                              "2024-05-02T09:30:00Z\tBob\tsecond look\tA02\t"
	                              "rs13006529\tAT\tE\tTT\n"));
	free(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(calls_line(c, "A02", "rs13006529"),
	                              "\tTT\tE\t"));
	CU_ASSERT_PTR_NOT_NULL(strstr(calls_line(c, "A02", "rs13006529"),
	                              "note=was=AT/E by Bob: second look"));
	/* an existing review is not replaced without force */
	CU_ASSERT_EQUAL(mzg_review_write(NULL, c, r, 0), MZG_EEXIST);
	s = snapshot(b);
	CU_ASSERT_STRING_EQUAL(s, before);
	free(s);
	free(before);
	mzg_overrides_free(o);
	mzg_review_free(r);
}

/* ---- damaged report sets ---- */

static void damaged(const char *file, const char *from, const char *to,
                    int status, const char *msg)
{
	const char *d = dir_of("dm");
	mzg_review *r = NULL;
	char *s, *at;
	FILE *fp;

	fixture_set(d);
	if (access(in(d, file), F_OK) != 0) /* audit.tsv: a valid one first */
		write_text(in(d, file), "time\treviewer\treason\twell\tassay\t"
		           "old_genotype\told_quality\tnew_genotype\n");
	if (!to) {
		unlink(in(d, file));
	} else {
		s = mzg_test_slurp(in(d, file), NULL);
		at = strstr(s, from);
		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		fp = fopen(in(d, file), "w");
		fwrite(s, 1, (size_t)(at - s), fp);
		fputs(to, fp);
		fputs(at + strlen(from), fp);
		fclose(fp);
		free(s);
	}
	CU_ASSERT_EQUAL(mzg_review_load(&r, d), status);
	if (!strstr(mzg_errmsg(), msg))
		fprintf(stderr, "\nmessage: %s\nexpected: %s\n", mzg_errmsg(), msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), msg));
	if (status == MZG_OK) {
		CU_ASSERT_EQUAL(r ? r->audit.n : 1, 0);
	} else {
		CU_ASSERT_PTR_NULL(r);
	}
	mzg_review_free(r);
}

static void test_damaged(void)
{
	damaged("design.tsv", NULL, NULL, MZG_EIO, "no design.tsv");
	damaged("calls.tsv", NULL, NULL, MZG_EIO, "no calls.tsv");
	damaged("qc.json", "\"schema\"", "\"schemo\"", MZG_EFORMAT, "schema");
	damaged("qc.json", "\"wells\": [", "\"wells\": [[", MZG_EFORMAT,
	        "qc.json:");
	damaged("qc.json", "\"well\": \"A02\"", "\"well\": \"A2\"", MZG_EFORMAT,
	        "bad entry for 'A2'");
	/* chip_wells is 96 or 384: 1e300 was converted to int (undefined;
	 * UBSan in the clang fuzz build, crash-chip-wells-1e300-int-cast) */
	damaged("qc.json", "\"chip_wells\": 96", "\"chip_wells\": 1e300",
	        MZG_EFORMAT, "qc.json: chip_wells must be 96 or 384");
	damaged("qc.json", "\"chip_wells\": 96", "\"chip_wells\": 100",
	        MZG_EFORMAT, "qc.json: chip_wells must be 96 or 384");
	/* QC thresholds that cannot go together are refused when the set is
	 * read, naming qc.json (they made the QC fail only when written) */
	damaged("qc.json", "\"qc.assay_warn\": \"0.95\"",
	        "\"qc.assay_warn\": \"0.5\"", MZG_EFORMAT,
	        "qc.json: parameters: qc.assay_fail (0.8) must not exceed "
	        "qc.assay_warn (0.5)");
	/* a pad without a sample: refused, and freed without the calls it
	 * never got (fuzz_review: crash-well-without-sample-...) */
	damaged("qc.json", "\"sample\": \"S02\",", "", MZG_EFORMAT,
	        "wells: A02 has no sample");
	damaged("calls.tsv", "CHIP1\tA02\tS02\tsample\tW1\trs2234767",
	        "CHIP1\tA02\tS02\tsample\tW1\trs1800682", MZG_EFORMAT,
	        "calls.tsv:11: A02 rs1800682: not an assay of multiplex W1, or a "
	        "repeated row");
	damaged("calls.tsv", "\tsample\tW1\trs2234767\tGG\tA\t",
	        "\tsample\tW1\trs2234767\tCC\tA\t", MZG_EFORMAT,
	        "genotype CC does not fit alleles G/A of rs2234767");
	/* a design.tsv that is not the report's */
	damaged("design.tsv", "rs2234767", "rs2234768", MZG_EFORMAT,
	        "qc.json: the design's multiplexes and assays differ from "
	        "design.tsv's");
	damaged("snippets.tsv", "A01\trs2234767\tprofile", "A01\trs2234767\tcurve",
	        MZG_EFORMAT, "snippets.tsv:3: bad snippet");
	damaged("snippets.tsv", "A01\trs2234767", "P01\trs2234767", MZG_EFORMAT,
	        "snippets.tsv:3: not a snippet of a pad");
	damaged("snippets.tsv", "\nwell\tassay", "\nwell\tassai", MZG_EFORMAT,
	        "snippets.tsv:2: not a snippets.tsv header");
	damaged("snippets.tsv", NULL, NULL, MZG_OK, ""); /* optional */
	damaged("audit.tsv", NULL, NULL, MZG_OK, ""); /* none yet: fine */
	/* a time with a byte that is not a digit (fuzz_tables: it was read,
	 * then written as U+FFFD, and that audit.tsv did not load) */
	damaged("audit.tsv", "new_genotype\n", "new_genotype\n2024-05-01T10:0"
	        "\xf9:00Z\tJ\tr\tA01\trs2234767\tGG\tA\tAA\n", MZG_EFORMAT,
	        "audit.tsv:2: not an audit row");
	damaged("audit.tsv", "old_quality", "old_qualité", MZG_EFORMAT,
	        "audit.tsv:1: not an audit.tsv header");
}

static int setup(void)
{
	return chip_setup();
}

static int teardown(void)
{
	mzg_design_free(fas8);
	fas8 = NULL;
	return 0;
}

/* snippets.tsv values: integers in 1/1000 of the largest |value|,
 * rounded half away from zero, negatives and zeros written as printf's
 * %ld would; an all-zero snippet is all 0. */
static void test_snippet_values(void)
{
	static const float y[] = { -2.5f, 0, 2000, 1998.8f, -2000, 0.4f, 1.4f,
	                           -0.8f, 124.0f, 1996.0f };
	const char *path = mzg_test_path(mzg_test_tmpdir(), "snip.tsv");
	mzg_snippet *sn;
	chip ch;
	char *s, want[256];
	FILE *fp;
	size_t i;

	review_chip(&ch);
	sn = &pad(&ch, "A02")->snippets[3];
	sn->n = MZG_ARRAY_LEN(y);
	memcpy(sn->y, y, sizeof y);
	sn = &pad(&ch, "A03")->snippets[1];
	for (i = 0; i < sn->n; i++)
		sn->y[i] = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
	CU_ASSERT_EQUAL(mzg_report_snippets_tsv(fp, &ch.run, NULL, NULL), MZG_OK);
	fclose(fp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s = mzg_test_slurp(path, NULL));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\t2000\t-1,0,1000,999,-1000,0,1,0,62,"
	                              "998\n"));
	snprintf(want, sizeof want, "\nA03\t%s\tprofile\t",
	         fas8->plex[0].assays[1].id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(s, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(strstr(s, want), "\t0\t0,0,0,0,0,0,0,0,0"));
	free(s);
	review_chip_free(&ch);
}

static CU_TestInfo review_tests[] = {
	{ "a report set reads back to the same bytes", test_load_round_trip },
	{ "overrides: quality E, audit, QC, original untouched", test_apply },
	{ "refused overrides name their line, change nothing", test_refusals },
	{ "reviewing a review appends to the audit trail", test_review_again },
	{ "damaged report sets are refused", test_damaged },
	{ "snippets.tsv values", test_snippet_values },
	{ "rows out of well order", test_rows_out_of_order },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "review", setup, teardown, NULL, NULL, review_tests },
	CU_SUITE_INFO_NULL,
};
