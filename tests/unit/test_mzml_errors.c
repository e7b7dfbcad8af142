/*
 * test_mzml_errors.c -- the mzML reader on hand-made documents that are
 * wrong: bad arrays (one spectrum fails, reading goes on), unknown
 * compression, refused formats (pre-1.0, imzML, mzMLb, mzXML), entities,
 * truncated or garbled XML, limits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/mzml.h"
#include "runner.h"
#include "test_mzml_util.h"

static void test_bad_arrays(void)
{
	char *tm = mz_text(), *ti = in_text();
	double two[2] = { 1, 2 };
	char *t2 = tb64(two, sizeof two, 0);
	mzg_buf b = { 0 };
	res o;
	int k;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	spec(&b, "", "b", NULL, 3, MS1P, "", MZ64, tm, "", CV("1000515")
	     CV("1000521") CV("1003089"), ti);
	spec(&b, "", "c", NULL, 3, MS1P, "", MZ64, tm, "", CV("1000515")
	     CV("1000521") "<@cvParam cvRef=\"MS\" accession=\"MS:1009999\" "
	     "name=\"zstd Compression\"/>", ti);
	spec(&b, "", "d", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z CV("1000576"),
	     ti);
	spec(&b, "", "e", NULL, 3, MS1P, "", MZ64, "!!!!", "", INT32Z, ti);
	spec(&b, "", "f", NULL, 3, MS1P, "", MZ64, tm, "", CV("1000517")
	     CV("1000521") CV("1000574"), ti);
	spec(&b, "", "g", NULL, 3, MS1P, "", MZ64, tm, "", CV("1000515")
	     CV("1000523") CV("1000576"), t2);
	spec(&b, "", "h", NULL, 3, MS1P, "", CV("1000514") CV("1000576"), tm,
	     "", INT32Z, ti);
	spec(&b, "", "i", NULL, 3, MS1P, "", CV("1000514") CV("1000523"), tm,
	     "", INT32Z, ti);
	spec(&b, "", "j", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL(o.final_rc, MZG_DONE);
	CU_ASSERT_EQUAL_FATAL(o.n, 10);
	for (k = 0; k < 10; k++) {
		int want = (k >= 1 && k <= 7) ? MZG_EDATA : 0;

		if (o.rc[k] != want)
			printf("\n    spectrum %d: rc %d (%s)\n", k, o.rc[k], o.msg[k]);
		CU_ASSERT_EQUAL(o.rc[k], want);
		if (want)
			CU_ASSERT_EQUAL(o.s[k].n, 0);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[1], "test.mzML: spectrum 1 (id 'b')"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[1], "unsupported compression MS:1003089"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[2], "MS:1009999"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[3], "contradictory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[4], "base64"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[5], "no intensity array"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[6], "intensity array has 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[7], "no data type"));
	check_3(&o.s[8]); /* no compression term: read as uncompressed */
	CU_ASSERT_NOT_EQUAL(o.s[8].flags & MZG_SPEC_NO_COMPRESSION_TERM, 0u);
	check_3(&o.s[9]);
	CU_ASSERT_STRING_EQUAL(o.s[9].id, "j");
	CU_ASSERT_EQUAL(o.s[9].index, 9);
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
	free(t2);
}

/* Numpress linear m/z (both zlib spellings), pic and slof intensities. */
static void test_refused(void)
{
	static const struct { const char *doc; int rc; const char *msg; } v[] = {
		{ "<?xml version=\"1.0\"?><mzML xmlns=\"http://psi.hupo.org/"
		  "schema_revision/mzML_0.99.10\" version=\"0.99.10\"><run id=\"r\">"
		  "</run></mzML>", MZG_EUNSUPPORTED, "pre-release" },
		{ "<mzML version=\"0.93\"><run/></mzML>", MZG_EUNSUPPORTED,
		  "pre-release" },
		{ "<mzXML xmlns=\"http://sashimi.sourceforge.net/schema/\">"
		  "<msRun/></mzXML>", MZG_EFORMAT, "root element is <mzXML>" },
		{ "<mzML><fileDescription><fileContent><cvParam cvRef=\"IMS\" "
		  "accession=\"IMS:1000031\" name=\"processed\"/></fileContent>"
		  "</fileDescription><run/></mzML>", MZG_EUNSUPPORTED, "imzML" },
		{ "\x89HDF\r\n\x1a\n\0\0\0\0", MZG_EUNSUPPORTED, "mzMLb" },
		{ "", MZG_EFORMAT, "empty" },
		{ "this is not XML", MZG_EFORMAT, "not well-formed" },
		{ "<mzML><run></mzML>", MZG_EFORMAT, "line 1" },
	};
	size_t k;

	for (k = 0; k < MZG_ARRAY_LEN(v); k++) {
		size_t len = k == 4 ? 12 : strlen(v[k].doc);
		res o;

		read_doc(&o, v[k].doc, len, NULL);
		if ((o.open_rc ? o.open_rc : o.final_rc) != v[k].rc ||
		    !strstr(o.final_msg, v[k].msg))
			printf("\n    case %zu: open %d final %d: %s\n", k, o.open_rc,
			       o.final_rc, o.final_msg);
		CU_ASSERT_EQUAL(o.open_rc ? o.open_rc : o.final_rc, v[k].rc);
		CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, v[k].msg));
		CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, "test.mzML"));
		res_free(&o);
	}
}

static void test_mzmlb_external_array(void)
{
	char *ti = in_text();
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", NULL, 3, MS1P, "", MZ64
	     "<@cvParam cvRef=\"MS\" accession=\"MS:1002841\" name=\"external "
	     "HDF5 dataset\" value=\"spectrum_MS_1000514_double\"/>", "", "",
	     INT32Z, ti);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL(o.n, 0);
	CU_ASSERT_EQUAL(o.open_rc, 0);
	CU_ASSERT_EQUAL(o.final_rc, MZG_EUNSUPPORTED);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, "mzMLb"));
	res_free(&o);
	mzg__buf_free(&b);
	free(ti);
}

static void test_entities(void)
{
	/* an internal entity must not be expanded; billion laughs must not
	 * blow up */
	const char *d1 = "<?xml version=\"1.0\"?>\n<!DOCTYPE mzML [\n"
	                 "<!ENTITY x \"EXPANDED\">]>\n<mzML><run><spectrumList>"
	                 "<spectrum id=\"&x;\" defaultArrayLength=\"0\"/>"
	                 "</spectrumList></run></mzML>";
	const char *d2 = "<?xml version=\"1.0\"?>\n<!DOCTYPE mzML [\n"
	                 "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	                 "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	                 "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	                 "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	                 "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	                 "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	                 "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
	                 "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>\n"
	                 "<mzML><run><spectrumList><spectrum id=\"&h;\" "
	                 "defaultArrayLength=\"0\">&h;</spectrum>"
	                 "</spectrumList></run></mzML>";
	res o;

	read_doc(&o, d1, strlen(d1), NULL);
	CU_ASSERT_EQUAL(o.n, 0);
	CU_ASSERT_EQUAL(o.open_rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, "Entity 'x' not defined"));
	res_free(&o);
	read_doc(&o, d2, strlen(d2), NULL);
	CU_ASSERT_EQUAL(o.n, 0);
	CU_ASSERT_EQUAL(o.open_rc, MZG_EFORMAT);
	res_free(&o);
}

static void test_truncated_mid(void)
{
	char *tm = mz_text(), *ti = in_text();
	mzg_buf b = { 0 };
	const char *cut;
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "scan=1", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	spec(&b, "", "scan=2", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	spec(&b, "", "scan=3", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	cut = strstr(mzg__buf_cstr(&b), "id=\"scan=3\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
	cut = strstr(cut, "<binary>") + 12; /* inside the base64 */
	read_doc(&o, b.s, (size_t)(cut - b.s), NULL);
	CU_ASSERT_EQUAL(o.n, 2);
	CU_ASSERT_EQUAL(o.final_rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, "truncated"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, "after spectrum 2 (id 'scan=3')"));
	res_free(&o);
	/* garbage in the middle: not well-formed, names the line */
	b.s[cut - b.s] = '<';
	read_doc(&o, b.s, b.len, NULL);
	CU_ASSERT_EQUAL(o.n, 2);
	CU_ASSERT_EQUAL(o.final_rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.final_msg, "not well-formed XML at line"));
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

/* Write @p b to dir/name, gzip-compressed if @p gz. */
static void test_options(void)
{
	char *tm = mz_text(), *ti = in_text();
	mzg_mzml_opts opts;
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", "A1", 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	mzg_mzml_opts_init(&opts);
	CU_ASSERT_EQUAL(opts.max_points, (size_t)1 << 26);
	opts.skip_arrays = 1;
	read_doc(&o, b.s, b.len, &opts);
	CU_ASSERT_EQUAL_FATAL(o.n, 1);
	CU_ASSERT_EQUAL(o.rc[0], 0);
	CU_ASSERT_EQUAL(o.s[0].n, 0);
	CU_ASSERT_STRING_EQUAL(o.s[0].well, "A01");
	CU_ASSERT_EQUAL(o.s[0].ms_level, 1);
	res_free(&o);
	opts.skip_arrays = 0;
	opts.max_points = 2;
	read_doc(&o, b.s, b.len, &opts);
	CU_ASSERT_EQUAL_FATAL(o.n, 1);
	CU_ASSERT_EQUAL(o.rc[0], MZG_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[0], "more than the limit of 2"));
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

/* Regression (fuzz_mzml): an empty <binary> of a wanted array before any
 * base64 text had been decoded (testdata/fuzz/mzml/crash-empty-binary-*). */
static void test_empty_binary_first(void)
{
	char *tm = mz_text();
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", NULL, 0, MS1P, "", MZ64, "", "", INT32Z, "");
	spec(&b, "", "b", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, "");
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL_FATAL(o.n, 2);
	CU_ASSERT_EQUAL(o.rc[0], 0);
	CU_ASSERT_EQUAL(o.s[0].n, 0);
	CU_ASSERT_EQUAL(o.rc[1], MZG_EDATA); /* 3 m/z values, 0 intensities */
	CU_ASSERT_PTR_NOT_NULL(strstr(o.msg[1], "intensity array has 0"));
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
}

/* 40 000 m/z values (base64 with a line break every 76 characters,
 * 427 kB) and intensities read back exactly through 128 KiB chunks. */
static void big_array(res *r)
{
	enum { N = 40000 };
	double *mz = malloc(N * sizeof *mz);
	float *in = malloc(N * sizeof *in);
	char *tm, *ti, *lines, *o;
	mzg_buf b = { 0 };
	size_t i;

	CU_ASSERT_FATAL(mz != NULL && in != NULL);
	for (i = 0; i < N; i++) {
		mz[i] = 3500 + 0.15 * (double)i + 1e-7 * (double)(i * i % 977);
		in[i] = (float)(i % 1013);
	}
	tm = tb64(mz, N * sizeof *mz, 0);
	ti = tb64(in, N * sizeof *in, 1);
	lines = malloc(strlen(tm) / 76 * 77 + 80);
	CU_ASSERT_FATAL(tm != NULL && ti != NULL && lines != NULL);
	for (i = 0, o = lines; tm[i]; i++) {
		*o++ = tm[i];
		if (i % 76 == 75)
			*o++ = '\n';
	}
	*o = '\0';
	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "scan=1", NULL, N, MS1P, "", MZ64, lines, "", INT32Z, ti);
	spec(&b, "", "scan=2", NULL, N, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	read_buf(r, &b);
	CU_ASSERT_EQUAL_FATAL(r->n, 2);
	CU_ASSERT_EQUAL_FATAL(r->s[0].n, N);
	CU_ASSERT_EQUAL_FATAL(r->s[1].n, N);
	for (i = 0; i < N; i++) {
		CU_ASSERT(r->s[0].mz[i] == mz[i] && r->s[1].mz[i] == mz[i]);
		CU_ASSERT(r->s[0].intensity[i] == in[i]);
	}
	res_free(r);
	mzg__buf_free(&b);
	free(lines);
	free(tm);
	free(ti);
	free(mz);
	free(in);
}

/* The base64 of <binary> elements goes to the decoder without libxml2
 * where libxml2 would only pass it on; anything else in it still goes
 * through libxml2: line breaks (an error after them names the right
 * line), a character reference, a control character (not well-formed),
 * a "<binary>" in a comment, and a start tag split by the reader's 128
 * KiB chunks. */
static void test_binary_text(void)
{
	char *tm = mz_text(), *ti = in_text(), *odd, *o, *rest;
	mzg_buf b = { 0 }, pad = { 0 };
	const char *t;
	res r;
	size_t i, line = 1, split, tag;
	char want[64];

	/* m/z text with a line break after every 5 characters, a tab, and
	 * its 11th character as a character reference */
	odd = malloc(strlen(tm) * 3 + 16);
	CU_ASSERT_PTR_NOT_NULL_FATAL(odd);
	for (i = 0, o = odd; tm[i]; i++) {
		if (i == 10)
			o += sprintf(o, "&#%d;\t", tm[i]);
		else
			*o++ = tm[i];
		if (i % 5 == 4)
			*o++ = '\n';
	}
	*o = '\0';
	head(&b, "", NS_DEFAULT, "<!-- <binary>AAAA -->\n");
	spec(&b, "", "scan=1", NULL, 3, MS1P, "", MZ64, odd, "", INT32Z, ti);
	spec(&b, "", "scan=2", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	for (t = b.s; *t; t++)
		line += *t == '\n';
	CU_ASSERT(mzg__buf_puts(&b, "<oops></spectrumList></run></mzML>\n") == 0);
	read_buf(&r, &b);
	CU_ASSERT_EQUAL_FATAL(r.n, 2);
	check_3(&r.s[0]);
	check_3(&r.s[1]);
	CU_ASSERT_EQUAL(r.final_rc, MZG_EFORMAT);
	snprintf(want, sizeof want, "not well-formed XML at line %zu", line);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.final_msg, want));
	res_free(&r);
	/* a control character inside the base64: not well-formed */
	b.len = 0;
	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "scan=1", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	strstr(b.s, "<binary>")[10] = '\x01';
	read_buf(&r, &b);
	CU_ASSERT_EQUAL(r.n, 0);
	CU_ASSERT_EQUAL(r.final_rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.final_msg, "not well-formed XML"));
	res_free(&r);
	/* a long array with line breaks across the chunk boundaries (text
	 * libxml2 holds back at the end of a chunk comes before the next) */
	big_array(&r);
	/* "<binary>" across the chunk boundary, at every split: head up to
	 * <spectrumList>, a comment of the right length, the rest */
	b.len = 0;
	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "scan=1", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	rest = strstr(b.s, "<spectrumList");
	tag = (size_t)(strstr(rest, "<binary>") - rest);
	for (split = 1; split < 8; split++) {
		size_t at = 128 * 1024 - split, fill;

		pad.len = 0;
		CU_ASSERT(mzg__buf_append(&pad, b.s, (size_t)(rest - b.s)) == 0);
		fill = at - pad.len - 7 - tag;
		CU_ASSERT(mzg__buf_puts(&pad, "<!--") == 0);
		for (i = 0; i < fill; i++)
			CU_ASSERT(mzg__buf_append(&pad, "x", 1) == 0);
		CU_ASSERT(mzg__buf_puts(&pad, "-->") == 0);
		CU_ASSERT(mzg__buf_puts(&pad, rest) == 0);
		CU_ASSERT_EQUAL(strstr(mzg__buf_cstr(&pad), "<binary>") - pad.s,
		                (long)at);
		read_buf(&r, &pad);
		CU_ASSERT_EQUAL_FATAL(r.n, 1);
		CU_ASSERT_EQUAL(r.final_rc, MZG_DONE);
		check_3(&r.s[0]);
		res_free(&r);
	}
	mzg__buf_free(&pad);
	mzg__buf_free(&b);
	free(odd);
	free(tm);
	free(ti);
}

/* NaN/Inf values and an m/z axis going backwards are flagged wherever
 * they are in a spectrum (the checks run four values at a time, the rest
 * one by one). */
static void test_value_flags(void)
{
	enum { N = 37 };
	double mz[N];
	float in[N];
	size_t p, kind;

	for (p = 0; p < N; p++) {
		for (kind = 0; kind < 4; kind++) {
			mzg_buf b = { 0 };
			char *tm, *ti;
			unsigned want;
			size_t i;
			res r;

			for (i = 0; i < N; i++) {
				mz[i] = 100 + (double)i;
				in[i] = (float)i;
			}
			if (kind == 0)
				mz[p] = NAN;
			else if (kind == 1)
				in[p] = -INFINITY;
			else if (kind == 2 && p + 1 < N)
				mz[p + 1] = mz[p] - 0.5;
			want = kind < 2 ? MZG_SPEC_NONFINITE :
			       kind == 2 && p + 1 < N ? MZG_SPEC_UNSORTED : 0;
			tm = tb64(mz, sizeof mz, 0);
			ti = tb64(in, sizeof in, 1);
			head(&b, "", NS_DEFAULT, NULL);
			spec(&b, "", "scan=1", NULL, N, MS1P, "", MZ64, tm, "",
			     INT32Z, ti);
			tail(&b, "");
			read_buf(&r, &b);
			CU_ASSERT_EQUAL_FATAL(r.n, 1);
			CU_ASSERT_EQUAL(r.s[0].flags & (MZG_SPEC_NONFINITE |
			                MZG_SPEC_UNSORTED), want);
			res_free(&r);
			mzg__buf_free(&b);
			free(tm);
			free(ti);
		}
	}
}

CU_TestInfo error_tests[] = {
	{ "NaN/Inf and unsorted m/z flagged anywhere", test_value_flags },
	{ "binary text beside libxml2, and what still goes through it", test_binary_text },
	{ "bad arrays: one spectrum fails, reading goes on", test_bad_arrays },
	{ "refused formats", test_refused },
	{ "mzMLb external arrays refused", test_mzmlb_external_array },
	{ "entities are not expanded", test_entities },
	{ "truncated / garbled in a spectrum", test_truncated_mid },
	{ "options: skip_arrays, max_points", test_options },
	{ "empty <binary> before any text", test_empty_binary_first },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "errors", NULL, NULL, NULL, NULL, error_tests },
	CU_SUITE_INFO_NULL,
};
