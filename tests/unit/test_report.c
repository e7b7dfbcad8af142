/*
 * test_report.c -- the report files: exact calls.tsv columns and rows,
 * the calls.tsv round trip, genotypes.tsv, qc.json (valid JSON, keys,
 * null for NaN), qc.tsv blocks, and the atomic report set (existing files
 * refused without force, nothing left behind on failure).
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
#include "report_priv.h"
#include "mzgeno/simulate.h"
#include "chip_fixture.h"

static const char CALLS_HEADER[] =
	"chip\twell\tsample\trole\tmultiplex\tassay\tgenotype\tquality\t"
	"probability\tallele1\tallele2\theight1\theight2\theight_uep\tsnr1\t"
	"snr2\tsnr_uep\textension\ttheta\tmass_error_ppm\tflags\n";

/* The fixture chip with run-level fields, a D call, a bad pad with a
 * note, a pad without a multiplex and a sample ID with a tab. */
static void report_chip_rows(chip *ch, const char *rows)
{
	static mzg_input in = { "chip1.mzML", 1234, "ab12", 43, 0, 0, 1 };
	static mzg_param par[] = { { "call.p_a", "0.99" } };
	static char *notes[] = { "1 spectrum without a well" };
	mzg_pad *p;
	size_t k;

	chip_make(ch, rows);
	ch->run.chip = "CHIP1";
	ch->run.chip_wells = 96;
	ch->run.version = "0.1.0";
	ch->run.started = "2024-01-01T00:00:00Z";
	ch->run.n_inputs = 1;
	ch->run.inputs = &in;
	ch->run.n_params = 1;
	ch->run.params = par;
	ch->run.n_notes = 1;
	ch->run.notes = notes;
	p = pad(ch, "A02");
	p->calls[3].extension = 0.61234;
	p->calls[3].mass_error_ppm = -12.34;
	p->calls[3].height_uep = 1234567.0;
	p->calls[3].snr_uep = 33.333;
	no_call(&p->calls[3], MZG_Q_D);
	p->calls[3].best_guess = MZG_GT_HET;
	p->calls[3].probability = 0.61;
	p->calls[3].flags = MZG_CF_LOW_PROB | MZG_CF_COLLISION;
	p = pad(ch, "B01");
	p->status = MZG_PAD_BAD;
	p->reason = "no UEP found";
	for (k = 0; k < NA; k++) {
		set_call(&p->calls[k], 0);
		no_call(&p->calls[k], MZG_Q_I);
		p->calls[k].height1 = p->calls[k].height2 = 0;
		p->calls[k].snr1 = p->calls[k].snr2 = 0;
		p->calls[k].theta = NAN;
		p->calls[k].probability = 0;
		p->calls[k].flags = MZG_CF_PAD_FAILED;
		p->calls[k].note = "calibration failed, 0 of 8 UEPs";
	}
	p = pad(ch, "G01");
	p->sample = "S\"x\ty\"";
	p->plex = -1;
	p->n_calls = 0;
	p->status = MZG_PAD_BAD;
	p->reason = "unreadable spectrum";
}

static void report_chip(chip *ch)
{
	report_chip_rows(ch, "G01\tSX\tsample\t\t\n");
}

static char *write_to_string(mzg_report_fn fn, const mzg_run *run,
                             const mzg_qc *qc, const char *name)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), name);
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fn(fp, run, qc, NULL), MZG_OK);
	fclose(fp);
	return mzg_test_slurp(path, NULL);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The line starting with @p prefix, copied (static buffer). */
static const char *line_of(const char *text, const char *prefix)
{
	static char buf[2048];
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (!strncmp(p, prefix, strlen(prefix)) && len < sizeof buf) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			return buf;
		}
		p = e ? e + 1 : NULL;
	}
	return "";
}

static void test_calls_tsv(void)
{
	chip ch;
	char *s;

	report_chip(&ch);
	s = write_to_string(mzg_report_calls_tsv, &ch.run, NULL, "calls.tsv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_NSTRING_EQUAL(s, CALLS_HEADER, strlen(CALLS_HEADER));
	/* 43 pads with 8 assays each, G01 without a multiplex: one row */
	CU_ASSERT_EQUAL(count_lines(s), 1 + 43 * NA + 1);
	CU_ASSERT_STRING_EQUAL(line_of(s, "CHIP1\tA01\tS01\tsample\tW1\trs2234767"),
		"CHIP1\tA01\tS01\tsample\tW1\trs2234767\tGG\tA\t0.9990\tG\tA\t"
		"100\t0\t0\t20.00\t0.00\t0.00\t0.0000\t0.0000\t0.0\t.");
	CU_ASSERT_STRING_EQUAL(line_of(s, "CHIP1\tA02\tS02\tsample\tW1\trs1300"),
		"CHIP1\tA02\tS02\tsample\tW1\trs13006529\t.\tD\t0.6100\tA\tT\t"
		"100\t100\t1.23457e+06\t20.00\t20.00\t33.33\t0.6123\t0.5000\t"
		"-12.3\tlow_probability,collision,best_guess=AT");
	CU_ASSERT_STRING_EQUAL(line_of(s, "CHIP1\tB01\tS13\tsample\tW1\trs22347"),
		"CHIP1\tB01\tS13\tsample\tW1\trs2234767\t.\tI\t0.0000\tG\tA\t"
		"0\t0\t0\t0.00\t0.00\t0.00\t0.0000\tNA\t0.0\t"
		"pad_failed,note=calibration failed, 0 of 8 UEPs");
	/* the sample's tab became a space; no multiplex: one row, quality I */
	CU_ASSERT_STRING_EQUAL(line_of(s, "CHIP1\tG01"),
		"CHIP1\tG01\tS\"x y\"\tsample\t.\t.\t.\tI\t0.0000\t.\t.\t0\t0\t0\t"
		"0.00\t0.00\t0.00\t0.0000\tNA\t0.0\tpad_failed,note=unreadable "
		"spectrum");
	CU_ASSERT_STRING_EQUAL(line_of(s, "CHIP1\tH11\tNTC1\tntc\tW1\trs2234767"),
		"CHIP1\tH11\tNTC1\tntc\tW1\trs2234767\t.\tN\t0.9990\tG\tA\t1\t0\t0\t"
		"1.00\t0.50\t0.00\t0.0000\t0.0000\t0.0\t.");
	free(s);
	chip_free(&ch);
}

static void test_calls_round_trip(void)
{
	chip ch;
	mzg_calls *c = NULL;
	char *first, *second;
	const char *path2 = mzg_test_path(mzg_test_tmpdir(), "calls2.tsv");
	FILE *fp;
	unsigned flags;
	char bg[3], *note;

	report_chip(&ch);
	first = write_to_string(mzg_report_calls_tsv, &ch.run, NULL, "rt.tsv");
	CU_ASSERT_EQUAL_FATAL(mzg_calls_load(&c, mzg_test_path(mzg_test_tmpdir(),
	                                                       "rt.tsv")), MZG_OK);
	CU_ASSERT_EQUAL(c->n, 43 * NA + 1);
	CU_ASSERT_STRING_EQUAL(c->chip, "CHIP1");
	CU_ASSERT_STRING_EQUAL(c->rows[0].well, "A01");
	CU_ASSERT_EQUAL(c->rows[0].line, 2);
	CU_ASSERT_EQUAL(c->rows[NA + 3].quality, 'D');
	CU_ASSERT_DOUBLE_EQUAL(c->rows[NA + 3].height_uep, 1234570.0, 0.5);
	CU_ASSERT_DOUBLE_EQUAL(c->rows[NA + 3].mass_error_ppm, -12.3, 1e-9);
	CU_ASSERT(isnan(c->rows[12 * NA].theta)); /* B01 */
	CU_ASSERT_EQUAL(mzg_calls_flags_parse(&flags, bg, &note,
	                                      c->rows[NA + 3].flags), MZG_OK);
	CU_ASSERT_EQUAL(flags, MZG_CF_LOW_PROB | MZG_CF_COLLISION);
	CU_ASSERT_STRING_EQUAL(bg, "AT");
	CU_ASSERT_PTR_NULL(note);
	CU_ASSERT_EQUAL(mzg_calls_flags_parse(&flags, bg, &note,
	                                      c->rows[12 * NA].flags), MZG_OK);
	CU_ASSERT_EQUAL(flags, MZG_CF_PAD_FAILED);
	CU_ASSERT_STRING_EQUAL(note, "calibration failed, 0 of 8 UEPs");
	free(note);
	CU_ASSERT_EQUAL(mzg_calls_flags_parse(&flags, bg, &note, "outlier,bogus"),
	                MZG_EINVAL);
	fp = fopen(path2, "w");
	CU_ASSERT_EQUAL(mzg_calls_write(fp, c), MZG_OK);
	fclose(fp);
	second = mzg_test_slurp(path2, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(second);
	CU_ASSERT_STRING_EQUAL(first, second);
	free(first);
	free(second);
	mzg_calls_free(c);
	chip_free(&ch);
}

static void expect_calls_error(const char *name, const char *text,
                               const char *what)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), name);
	FILE *fp = fopen(path, "w");
	mzg_calls *c = (mzg_calls *)1;

	fputs(text, fp);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_calls_load(&c, path), MZG_EFORMAT);
	CU_ASSERT_PTR_NULL(c);
	if (!strstr(mzg_errmsg(), what)) {
		fprintf(stderr, "\n%s: got '%s', want '%s'\n", name, mzg_errmsg(),
		        what);
		CU_FAIL("error message");
	}
}

static void test_calls_load_errors(void)
{
	static const char row[] = "C\tA01\tS\tsample\tW1\trs1\tAG\tA\t0.9900\t"
	                          "A\tG\t1\t2\t3\t4.00\t5.00\t6.00\t0.5000\t"
	                          "0.5000\t1.0\t.\n";
	char text[4096];

	expect_calls_error("h.tsv", "well\tsample\n", "h.tsv:1: not a calls.tsv");
	expect_calls_error("e.tsv", "", "e.tsv: empty file");
	snprintf(text, sizeof text, "%s%s%s", CALLS_HEADER, row,
	         "C\tA02\tS\tsample\tW1\trs1\n");
	expect_calls_error("f.tsv", text, "f.tsv:3: too few fields, expected 21");
	snprintf(text, sizeof text, "%sC\tZ01%s", CALLS_HEADER, row + 5);
	expect_calls_error("w.tsv", text, "w.tsv:2: bad well 'Z01'");
	snprintf(text, sizeof text, "%s%sD%s", CALLS_HEADER, row, row + 1);
	expect_calls_error("c.tsv", text, "c.tsv:3: chip 'D' differs");
	snprintf(text, sizeof text, "%s%.*sx.99%s", CALLS_HEADER, 27, row,
	         row + 33);
	expect_calls_error("p.tsv", text, "p.tsv:2: bad probability 'x.99'");
	snprintf(text, sizeof text, "%s%.*sQ%s", CALLS_HEADER, 25, row, row + 26);
	expect_calls_error("q.tsv", text, "q.tsv:2: bad quality 'Q'");
	/* an allele is a base or '.': a stray byte was read, then written as
	 * U+FFFD, and that calls.tsv did not load (fuzz_tables) */
	snprintf(text, sizeof text, "%s%.*s\xf9%s", CALLS_HEADER, 34, row,
	         row + 35);
	expect_calls_error("a.tsv", text, "a.tsv:2: bad allele1 '\xf9'");
	snprintf(text, sizeof text, "%s%.*sN%s", CALLS_HEADER, 36, row, row + 37);
	expect_calls_error("n.tsv", text, "n.tsv:2: bad allele2 'N'");
}

static void test_genotypes_tsv(void)
{
	chip ch;
	char *s;

	report_chip(&ch);
	s = write_to_string(mzg_report_genotypes_tsv, &ch.run, NULL, "g.tsv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(line_of(s, "well"),
		"well\tsample\trs2234767\trs1800682\trs763110\trs13006529\t"
		"rs2229521\trs2234978\trs1439123\trs2288713");
	CU_ASSERT_STRING_EQUAL(line_of(s, "A02\t"),
		"A02\tS02\tGA\tAG\tCT\t.\tCT\tTC\tAG\tCT");
	CU_ASSERT_STRING_EQUAL(line_of(s, "A04\t"),
		"A04\tS04\tAA\tGG\tTT\tTT\tTT\tCC\tGG\tTT");
	CU_ASSERT_STRING_EQUAL(line_of(s, "B01\t"),
		"B01\tS13\t.\t.\t.\t.\t.\t.\t.\t.");
	CU_ASSERT_STRING_EQUAL(line_of(s, "G01\t"),
		"G01\tS\"x y\"\t-\t-\t-\t-\t-\t-\t-\t-");
	CU_ASSERT_STRING_EQUAL(line_of(s, "H11\t"),
		"H11\tNTC1\t.\t.\t.\t.\t.\t.\t.\t.");
	CU_ASSERT_EQUAL(count_lines(s), 1 + 44);
	free(s);
	chip_free(&ch);
}

/* Python's json module as an independent check that qc.json is JSON. */
static int python_json_ok(const char *path, const char *expr)
{
	char cmd[2048];

	snprintf(cmd, sizeof cmd, "python3 -c 'import json,sys; d=json.load("
	         "open(sys.argv[1])); sys.exit(0 if (%s) else 1)' '%s' "
	         "2>/dev/null", expr, path);
	return system(cmd) == 0;
}

static void test_qc_json(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s;
	const char *path = mzg_test_path(mzg_test_tmpdir(), "qc.json");

	report_chip(&ch);
	pad(&ch, "H12")->calls[2].snr2 = 9;
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = write_to_string(mzg_report_qc_json, &ch.run, q, "qc.json");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_NSTRING_EQUAL(s, "{\n  \"schema\": \"mzgeno-qc/1\",\n", 29);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"verdict\": \"fail\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"rule\": \"ntc_contamination\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"sha256\": \"ab12\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"call.p_a\": \"0.99\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"qc.ntc_snr\": \"5\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"sample\": \"S\\\"x\\ty\\\"\""));
	CU_ASSERT_PTR_NULL(strstr(s, "nan"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"call_rate\": null")); /* NTC pad */
	if (system("python3 -c 'import json' 2>/dev/null") != 0) {
		mzg_test_skip("python3 not available: qc.json not parsed");
	} else {
		CU_ASSERT(python_json_ok(path, "d[\"verdict\"] == \"fail\""));
		CU_ASSERT(python_json_ok(path, "len(d[\"assays\"]) == 8 and "
		          "d[\"assays\"][0][\"genotypes\"] == {\"GG\": 9, \"GA\": 20,"
		          " \"AA\": 10}"));
		CU_ASSERT(python_json_ok(path, "len(d[\"wells\"]) == 44 and "
		          "d[\"wells\"][12][\"status\"] == \"bad\" and "
		          "d[\"wells\"][12][\"calibration\"][\"calibrants\"] == 8"));
		CU_ASSERT(python_json_ok(path, "[c[\"status\"] for c in "
		          "d[\"controls\"]] == [\"concordant\", \"clean\", "
		          "\"contaminated\"]"));
		CU_ASSERT(python_json_ok(path, "d[\"controls\"][2][\"assays\"][2] =="
		          " {\"assay\": \"rs763110\", \"allele\": \"T\", \"snr\": 9.0,"
		          " \"status\": \"signal\"}"));
		CU_ASSERT(python_json_ok(path, "d[\"duplicates\"] == [] and "
		          "d[\"inputs\"][0][\"size\"] == 1234 and "
		          "d[\"plate\"][\"wells\"] == 44"));
		CU_ASSERT(python_json_ok(path, "set(d) >= {\"verdict\", \"reasons\","
		          " \"assays\", \"wells\", \"duplicates\", \"controls\", "
		          "\"inputs\", \"parameters\", \"mzgeno_version\"}"));
	}
	free(s);
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_qc_tsv(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s;

	report_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = write_to_string(mzg_report_qc_tsv, &ch.run, q, "qc.tsv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	{
		const char *want = "table\tverdict\tfails\twarnings\n"
		                   "verdict\twarn\t0\t3\n\n";
		CU_ASSERT_NSTRING_EQUAL(s, want, strlen(want));
	}
	CU_ASSERT_STRING_EQUAL(line_of(s, "reason\twarn\tsample_call_rate\tA02"),
		"reason\twarn\tsample_call_rate\tA02\t0.875\t0.9\tpad A02 (sample "
		"S02): call rate 87.5% (7 of 8) is below 90%");
	{
		char want[256];

		/* B01 failed: 40 of 41 called, 39 samples 9/20/10 */
		snprintf(want, sizeof want, "assay\trs2234767\tW1\tG/A\t41\t40\t"
		         "0.9756\t40\t0\t0\t0\t0\t0\t1\t39\t9\t20\t10\t0.4872\t"
		         "0.5128\t%.4g\tpass", mzg_hwe_exact(9, 20, 10));
		CU_ASSERT_STRING_EQUAL(line_of(s, "assay\trs2234767"), want);
	}
	CU_ASSERT_STRING_EQUAL(line_of(s, "well\tB01"),
		"well\tB01\tS13\tsample\tW1\tbad\t8\t0\t0.0000\t8\t0\t0.0\t0\twarn\t"
		"no UEP found");
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\ntable\tsample\twells\tcompared"));
	CU_ASSERT_STRING_EQUAL(line_of(s, "control\tH11"),
		"control\tH11\tNTC1\tntc\tclean\t1.00\t.\t0\t0\t0\t0\t0\tNA\tpass");
	free(s);
	mzg_qc_free(q);
	chip_free(&ch);
}

/* ---- the atomic report set ---- */

static int count_dir(const char *dir, int hidden)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    (hidden || e->d_name[0] != '.'))
			n++;
	closedir(d);
	return n;
}

static int failing_writer(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                          void *payload)
{
	(void)run;
	(void)qc;
	(void)payload;
	fputs("partial", fp);
	return mzg__err(MZG_EINTERNAL, "writer broke");
}

static int hello_writer(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                        void *payload)
{
	(void)run;
	(void)qc;
	fputs((const char *)payload, fp);
	return 0;
}

static void test_report_set(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char dir[512], *a, *b;
	const mzg_report_file *std;
	mzg_report_file extra = { "extra.txt", hello_writer, "v1" };

	report_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	CU_ASSERT_EQUAL(mzg_report_standard(&std), 7);
	CU_ASSERT_STRING_EQUAL(std[0].name, "calls.tsv");
	CU_ASSERT_STRING_EQUAL(std[4].name, "report.html");
	CU_ASSERT_STRING_EQUAL(std[6].name, "snippets.tsv");
	snprintf(dir, sizeof dir, "%s/out/run1", mzg_test_tmpdir());
	CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, &extra, 1, 0), MZG_OK);
	CU_ASSERT_EQUAL(count_dir(dir, 1), 8);
	a = mzg_test_slurp(mzg_test_path(dir, "calls.tsv"), NULL);
	/* a second run without force is refused and changes nothing */
	extra.payload = "v2";
	CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, &extra, 1, 0),
	                MZG_EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "calls.tsv exists (use "
	                              "--force to overwrite)"));
	b = mzg_test_slurp(mzg_test_path(dir, "extra.txt"), NULL);
	CU_ASSERT_STRING_EQUAL(b, "v1");
	free(b);
	CU_ASSERT_EQUAL(count_dir(dir, 1), 8);
	/* with force it is replaced, byte-identical where nothing changed */
	CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, &extra, 1,
	                                 MZG_REPORT_FORCE), MZG_OK);
	b = mzg_test_slurp(mzg_test_path(dir, "extra.txt"), NULL);
	CU_ASSERT_STRING_EQUAL(b, "v2");
	free(b);
	b = mzg_test_slurp(mzg_test_path(dir, "calls.tsv"), NULL);
	CU_ASSERT_STRING_EQUAL(a, b);
	free(a);
	free(b);
	CU_ASSERT_EQUAL(count_dir(dir, 1), 8);
	mzg_qc_free(q);
	chip_free(&ch);
}

static void test_report_set_failures(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char dir[512];
	FILE *fp;
	mzg_report_file bad = { "broken.txt", failing_writer, NULL };
	mzg_report_file twice[2] = { { "a.txt", hello_writer, "x" },
	                             { "a.txt", hello_writer, "y" } };
	mzg_report_file slash = { "../a.txt", hello_writer, "x" };

	report_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	/* a writer that fails: no file and no temporary is left, and the
	 * directory we created is removed again */
	snprintf(dir, sizeof dir, "%s/out/fail", mzg_test_tmpdir());
	CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, &bad, 1, 0),
	                MZG_EINTERNAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "broken.txt: writer broke"));
	CU_ASSERT_EQUAL(count_dir(dir, 1), -1);
	/* the same in an existing directory: it stays empty */
	mkdir(dir, 0777);
	CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, &bad, 1, 0),
	                MZG_EINTERNAL);
	CU_ASSERT_EQUAL(count_dir(dir, 1), 0);
	/* one existing file of the set blocks the whole set */
	fp = fopen(mzg_test_path(dir, "qc.json"), "w");
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, NULL, 0, 0), MZG_EEXIST);
	CU_ASSERT_EQUAL(count_dir(dir, 1), 1);
	/* an output "directory" that is a file */
	CU_ASSERT_EQUAL(mzg_report_write(mzg_test_path(dir, "qc.json"), &ch.run,
	                                 q, NULL, 0, 0), MZG_EIO);
	/* a directory nobody can write to, even root: /proc/self */
	CU_ASSERT_EQUAL(mzg_report_write("/proc/self", &ch.run, q, NULL, 0,
	                                 MZG_REPORT_FORCE), MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "/proc/self/calls.tsv"));
	if (geteuid() != 0) {
		snprintf(dir, sizeof dir, "%s/out/ro", mzg_test_tmpdir());
		mkdir(dir, 0555);
		CU_ASSERT_EQUAL(mzg_report_write(dir, &ch.run, q, NULL, 0, 0),
		                MZG_EIO);
		CU_ASSERT_EQUAL(count_dir(dir, 1), 0);
		chmod(dir, 0755);
	}
	/* bad sets */
	CU_ASSERT_EQUAL(mzg_report_write_files(dir, twice, 2, &ch.run, q, 0),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_report_write_files(dir, &slash, 1, &ch.run, q, 0),
	                MZG_EINVAL);
	mzg_qc_free(q);
	chip_free(&ch);
}

/* A report written, read back, evaluated and written again gives the same
 * four files byte for byte. */
static void compare_dirs(const char *a, const char *b)
{
	static const char *const names[] = { "calls.tsv", "genotypes.tsv",
		"qc.json", "qc.tsv" };
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(names); i++) {
		char *x = mzg_test_slurp(mzg_test_path(a, names[i]), NULL);
		char *y = mzg_test_slurp(mzg_test_path(b, names[i]), NULL);

		CU_ASSERT_PTR_NOT_NULL(x);
		CU_ASSERT_PTR_NOT_NULL(y);
		if (x && y && strcmp(x, y)) {
			fprintf(stderr, "\n%s differs after reloading\n", names[i]);
			CU_FAIL("report round trip");
		}
		free(x);
		free(y);
	}
}

static void test_report_load(void)
{
	chip ch;
	mzg_qc *q = NULL, *q2 = NULL;
	mzg_report_src *src = NULL;
	mzg_qc_opts o;
	char d1[512], d2[512], d3[512];
	const mzg_pad *p;

	/* G02 duplicates S01 of A01 */
	report_chip_rows(&ch, "G01\tSX\tsample\t\t\nG02\tS01\tsample\t\t\n");
	mzg_qc_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_qc_opts_set(&o, "qc.ntc_snr", "8"), 0);
	pad(&ch, "H12")->calls[2].snr2 = 9;
	/* H11: signal only in a third allele (EXT3), which calls.tsv lacks */
	pad(&ch, "H11")->calls[4].height_extra = 40;
	pad(&ch, "H11")->calls[4].snr_extra = 11.5;
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, &o), MZG_OK);
	CU_ASSERT(q->controls[1].contaminated || q->controls[2].contaminated);
	snprintf(d1, sizeof d1, "%s/load/one", mzg_test_tmpdir());
	snprintf(d2, sizeof d2, "%s/load/two", mzg_test_tmpdir());
	snprintf(d3, sizeof d3, "%s/load/three", mzg_test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(d1, &ch.run, q, NULL, 0, 0), 0);
	/* with the design rebuilt from the report */
	CU_ASSERT_EQUAL_FATAL(mzg_report_load(&src, d1, NULL), MZG_OK);
	CU_ASSERT_PTR_NOT_NULL(src->own_design);
	CU_ASSERT_DOUBLE_EQUAL(src->qc_opts.ntc_snr, 8, 0);
	CU_ASSERT_EQUAL(src->run->n_pads, ch.run.n_pads);
	p = &src->run->pads[1];
	CU_ASSERT_STRING_EQUAL(p->well, "A02");
	CU_ASSERT_EQUAL(p->calls[3].quality, MZG_Q_D);
	CU_ASSERT_EQUAL(p->calls[3].best_guess, MZG_GT_HET);
	CU_ASSERT_EQUAL(p->calls[3].flags, MZG_CF_LOW_PROB | MZG_CF_COLLISION);
	CU_ASSERT_EQUAL(src->plate->n_dupsets, 1);
	CU_ASSERT_STRING_EQUAL(mzg_plate_expected(src->plate,
	                       mzg_plate_find(src->plate, "H01"), "rs2234767"),
	                       "GA");
	CU_ASSERT_DOUBLE_EQUAL(mzg_run_pad(src->run, "H11")->calls[4].snr_extra,
	                       11.5, 1e-9);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q2, src->run, &src->qc_opts), 0);
	CU_ASSERT_EQUAL(q2->verdict, q->verdict);
	CU_ASSERT_EQUAL(q2->n_reasons, q->n_reasons);
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(d2, src->run, q2, NULL, 0, 0), 0);
	compare_dirs(d1, d2);
	mzg_qc_free(q2);
	mzg_report_src_free(src);
	/* with the design given */
	CU_ASSERT_EQUAL_FATAL(mzg_report_load(&src, d1, &design), MZG_OK);
	CU_ASSERT_PTR_NULL(src->own_design);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q2, src->run, &src->qc_opts), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(d3, src->run, q2, NULL, 0, 0), 0);
	compare_dirs(d1, d3);
	mzg_qc_free(q2);
	mzg_report_src_free(src);
	mzg_qc_free(q);
	chip_free(&ch);
}

/* The same on a simulated chip through the whole pipeline (bad pads,
 * D calls with best guesses, notes, a contaminated NTC, duplicates, a
 * positive control): the report read back writes the same files. */
static void test_report_load_pipeline(void)
{
	mzg_design *d = NULL;
	mzg_sim *sim = NULL;
	mzg_sim_opts so;
	mzg_sim_write_opts wo;
	mzg_plate *pl = NULL;
	mzg_run *run = NULL;
	mzg_qc *q = NULL, *q2 = NULL;
	mzg_report_src *src = NULL;
	char sd[512], d1[512], d2[512], in[600];
	const char *inputs[1] = { in };

	snprintf(sd, sizeof sd, "%s/pipe/sim", mzg_test_tmpdir());
	snprintf(d1, sizeof d1, "%s/pipe/one", mzg_test_tmpdir());
	snprintf(d2, sizeof d2, "%s/pipe/two", mzg_test_tmpdir());
	snprintf(in, sizeof in, "%s/chip.mzML", sd);
	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	mzg_sim_opts_init(&so);
	so.seed = 7;
	so.points = 8000;
	mzg_sim_write_opts_init(&wo);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_new(&sim, d, &so), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_write(sim, sd, &wo), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&pl, mzg_test_path(sd, "plate.tsv"),
	                                     96), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_validate(pl, d), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_run_call(&run, inputs, 1, d, pl, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, run, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(d1, run, q, NULL, 0, 0), 0);
	CU_ASSERT(q->n_dups > 0);
	CU_ASSERT(q->n_controls > 0);
	CU_ASSERT_EQUAL_FATAL(mzg_report_load(&src, d1, d), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q2, src->run, &src->qc_opts), 0);
	CU_ASSERT_EQUAL(q2->verdict, q->verdict);
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(d2, src->run, q2, NULL, 0, 0), 0);
	compare_dirs(d1, d2);
	mzg_qc_free(q2);
	mzg_report_src_free(src);
	mzg_qc_free(q);
	mzg_run_free(run);
	mzg_plate_free(pl);
	mzg_sim_free(sim);
	mzg_design_free(d);
}

/* Damaged reports are refused with the file and the problem. */
static void test_report_load_errors(void)
{
	chip ch;
	mzg_qc *q = NULL;
	mzg_report_src *src = (mzg_report_src *)1;
	char d[512], *text, *cut;
	const char *path;
	FILE *fp;

	report_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	snprintf(d, sizeof d, "%s/load/bad", mzg_test_tmpdir());
	CU_ASSERT_EQUAL(mzg_report_load(&src, d, NULL), MZG_EIO);
	CU_ASSERT_PTR_NULL(src);
	CU_ASSERT_EQUAL_FATAL(mzg_report_write(d, &ch.run, q, NULL, 0, 0), 0);
	/* a calls.tsv without its last row */
	path = mzg_test_path(d, "calls.tsv");
	text = mzg_test_slurp(path, NULL);
	cut = strrchr(text, '\n');
	*cut = '\0';
	cut = strrchr(text, '\n');
	cut[1] = '\0';
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_report_load(&src, d, NULL), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "calls.tsv: no row for pad "
	                              "G01"));
	/* ... or without the first row of A01 */
	{
		char *nl = strchr(text, '\n'), *second = strchr(nl + 1, '\n');

		memmove(nl + 1, second + 1, strlen(second + 1) + 1);
		fp = fopen(path, "w");
		fputs(text, fp);
		fclose(fp);
	}
	CU_ASSERT_EQUAL(mzg_report_load(&src, d, NULL), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "calls.tsv: no row for pad "
	                              "A01, assay rs2234767"));
	free(text);
	/* a qc.json that is not ours */
	fp = fopen(mzg_test_path(d, "qc.json"), "w");
	fputs("{\"schema\": \"other\"}", fp);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_report_load(&src, d, NULL), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "not an mzgeno qc.json"));
	fp = fopen(mzg_test_path(d, "qc.json"), "w");
	fputs("{\"schema\": \"mzgeno-qc/1\",", fp);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_report_load(&src, d, NULL), MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "qc.json:1:"));
	mzg_qc_free(q);
	chip_free(&ch);
}

/* mzg__fmt_fixed and mzg__fmt_sig write exactly what snprintf("%.*f")
 * and "%.*g" write: random
 * values of every kind, binary fractions (exact ties), decimal ties and
 * their neighbours one ulp away, signed zeros, and what it leaves to
 * snprintf (1e9 and up, NaN, infinities, more than 4 decimals). */
static void test_fixed_numbers(void)
{
	static const double special[] = { 0.0, -0.0, 0.25, 0.125, -0.04, 0.05,
		0.15, 0.35, 2.5, -2.5, 0.45, 1e9, -1e9, 999999999.99995, 1e300,
		5e-324, NAN, INFINITY, -INFINITY };
	unsigned long long x = 88172645463325252ull;
	char a[600], b[600];
	size_t i, bad = 0;
	int d;

	for (i = 0; i < 400000; i++) {
		double v, k;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = (int)(x % 5);
		switch (i % 4) {
		case 0: /* binary fractions: exact ties at every decimal */
			v = ((double)(x >> 40) - 8388608.0) / (double)(1u << (x % 12));
			break;
		case 1: /* decimal ties and one ulp either side */
			k = (double)(long long)((x >> 20) % 4000001) - 2000000.0;
			v = (k + 0.5) / pow(10, d);
			if (x & 1)
				v = nextafter(v, (x & 2) ? INFINITY : -INFINITY);
			break;
		case 2:
			v = (double)(long long)x / 1e12;
			break;
		default: /* any bit pattern */
			memcpy(&v, &x, sizeof v);
			break;
		}
		snprintf(a, sizeof a, "%.*f", d, v);
		bad += mzg__fmt_fixed(b, sizeof b, v, d) != strlen(a) ||
		       strcmp(a, b) != 0;
	}
	for (i = 0; i < MZG_ARRAY_LEN(special); i++)
		for (d = 0; d < 7; d++) {
			snprintf(a, sizeof a, "%.*f", d, special[i]);
			mzg__fmt_fixed(b, sizeof b, special[i], d);
			bad += strcmp(a, b) != 0;
		}
	CU_ASSERT_EQUAL(bad, 0);
	/* "%.*g" likewise: every power of ten and its neighbours (where the
	 * rounding carries into a new digit), decimal ties, any bit pattern */
	for (i = 0; i < 300000; i++) {
		double v, p10;
		int e;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = 1 + (int)(x % 10);
		e = (int)((x >> 8) % 16) - 6;
		p10 = pow(10, e);
		switch (i % 4) {
		case 0:
			v = p10;
			if (x & 1)
				v = nextafter(v, (x & 2) ? INFINITY : -INFINITY);
			break;
		case 1: /* just below a power of ten: 9.99..., 99.9... */
			v = p10 * (1 - pow(10, -(double)(x % 12)) * 0.5);
			break;
		case 2:
			v = ((double)((x >> 20) % 1000000) + 0.5) * p10 * 1e-5;
			break;
		default:
			memcpy(&v, &x, sizeof v);
			break;
		}
		if (x & 4)
			v = -v;
		snprintf(a, sizeof a, "%.*g", d, v);
		bad += mzg__fmt_sig(b, sizeof b, v, d) != strlen(a) ||
		       strcmp(a, b) != 0;
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* the buffer is never overrun */
	CU_ASSERT_EQUAL(mzg__fmt_fixed(b, 4, 12345.678, 2), 3);
	CU_ASSERT_STRING_EQUAL(b, "123");
	CU_ASSERT_EQUAL(mzg__fmt_fixed(b, 4, 1e300, 2), 3);
	CU_ASSERT_STRING_EQUAL(b, "100");
}

/* Text fields are UTF-8 like qc.json: invalid bytes become U+FFFD (one
 * per byte, as qc.json's \ufffd), valid UTF-8 and U+FFFD stay, tabs and
 * line breaks become spaces (fuzz_review: a reason with a stray byte was
 * \ufffd in qc.json but the byte itself in qc.tsv, so a reviewed set read
 * back did not write the same qc.tsv). */
static void test_tsv_text(void)
{
	mzg_buf b = { 0 };

	CU_ASSERT_EQUAL(mzg__tsv_text(&b, "M\xfcller\t\xc3"), MZG_OK);
	CU_ASSERT_STRING_EQUAL(mzg__buf_cstr(&b),
	                       "M\xef\xbf\xbdller \xef\xbf\xbd");
	mzg__buf_reset(&b);
	CU_ASSERT_EQUAL(mzg__tsv_text(&b, "\xc0\xaf \xe2\x82\xac \xef\xbf\xbd\n"),
	                MZG_OK);
	CU_ASSERT_STRING_EQUAL(mzg__buf_cstr(&b), "\xef\xbf\xbd\xef\xbf\xbd "
	                       "\xe2\x82\xac \xef\xbf\xbd ");
	mzg__buf_reset(&b);
	CU_ASSERT_EQUAL(mzg__tsv_text(&b, ""), MZG_OK);
	CU_ASSERT_STRING_EQUAL(mzg__buf_cstr(&b), ".");
	mzg__buf_free(&b);
}

static CU_TestInfo report_tests[] = {
	{ "text fields: UTF-8, one line", test_tsv_text },
	{ "report read back and written again", test_report_load },
	{ "damaged reports refused", test_report_load_errors },
	{ "pipeline report read back", test_report_load_pipeline },
	{ "calls.tsv columns and rows", test_calls_tsv },
	{ "calls.tsv round trip", test_calls_round_trip },
	{ "calls.tsv reader errors", test_calls_load_errors },
	{ "genotypes.tsv", test_genotypes_tsv },
	{ "qc.json", test_qc_json },
	{ "qc.tsv", test_qc_tsv },
	{ "numbers in fixed notation = printf", test_fixed_numbers },
	{ "report set: force and atomic replace", test_report_set },
	{ "report set: nothing left on failure", test_report_set_failures },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "report", chip_setup, NULL, NULL, NULL, report_tests },
	CU_SUITE_INFO_NULL,
};
