/*
 * test_html.c -- the review page without a browser: self-contained, the
 * verdict first, escaping of sample names, one cluster plot per assay
 * with one marker per pad coloured by call, NTC squares and failed-pad
 * crosses, the plate map, zooms for flagged pads (and the cap), and every
 * inline SVG well-formed XML (checked with python3 when present).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/report.h"
#include "review_fixture.h"

static char *page(const mzg_run *run, const mzg_qc *q, const mzg_html_opts *o)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), "report.html");
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(mzg_report_html(fp, run, q, (void *)o), MZG_OK);
	fclose(fp);
	return mzg_test_slurp(path, NULL);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* The text of element number @p i that starts with @p open, up to and
 * including @p close (malloc'ed), or NULL. */
static char *element(const char *s, const char *open, const char *close,
                     size_t i)
{
	const char *a = s, *b;
	char *out;

	while ((a = strstr(a, open)) && i--)
		a += strlen(open);
	if (!a || !(b = strstr(a, close)))
		return NULL;
	b += strlen(close);
	out = malloc((size_t)(b - a) + 1);
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
	return out;
}

static void test_frame(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s, *v;

	review_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, NULL);
	CU_ASSERT_EQUAL(strncmp(s, "<!DOCTYPE html>", 15), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<meta charset=\"utf-8\">"));
	/* self-contained: nothing fetched */
	CU_ASSERT_PTR_NULL(strstr(s, "http://"));
	CU_ASSERT_PTR_NULL(strstr(s, "https://"));
	CU_ASSERT_PTR_NULL(strstr(s, "<link"));
	CU_ASSERT_PTR_NULL(strstr(s, " src="));
	CU_ASSERT_EQUAL(count(s, "<script>"), 1);
	CU_ASSERT_EQUAL(count(s, "<style>"), 1);
	/* the verdict comes first, with its reasons (warnings here: the D
	 * and N pads are below the sample call rate, B01 failed, the
	 * duplicate set is discordant) */
	v = strstr(s, "<section class=\"verdict");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(v < strstr(s, "id=\"plate\""));
	CU_ASSERT_TRUE(v < strstr(s, "id=\"clusters\""));
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "class=\"verdict v-warn\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "&mdash; WARN</h1>"));
	CU_ASSERT_EQUAL(count(s, "<li><span class=\"l-warn\">"), q->n_reasons);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<code>sample_call_rate</code>"));
	/* the tables */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<section id=\"assays\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<section id=\"pads\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<section id=\"duplicates\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<section id=\"controls\">"));
	CU_ASSERT_EQUAL(count(s, " id=\"pad-"), ch.run.n_pads);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<td class=\"t\"><a href=\"#pad-A01\">A01"
	                              "</a>, <a href=\"#pad-G01\">G01</a>"));
	CU_ASSERT_PTR_NULL(strstr(s, "id=\"overrides\""));
	CU_ASSERT_TRUE(s[strlen(s) - 1] == '\n' && strstr(s, "</html>\n"));
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

/* Beyond eight reasons the warnings fold away; fails always show. */
static void test_many_reasons(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s, *fold;
	size_t i;

	review_chip(&ch);
	for (i = 0; i < 6; i++) /* 6 more pads below the call rate */
		no_call(&ch.run.pads[10 + i].calls[0], MZG_Q_D);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	CU_ASSERT_TRUE_FATAL(q->n_reasons >= 10);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_WARN);
	s = page(&ch.run, q, NULL);
	fold = strstr(s, "more warnings</summary>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fold);
	CU_ASSERT_EQUAL(count(s, "<li><span class=\"l-warn\">"), q->n_reasons);
	*fold = '\0';
	CU_ASSERT_EQUAL(count(s, "<li><span class=\"l-warn\">"), 8);
	free(s);
	/* a contaminated NTC: the fail is listed first, before the fold */
	pad(&ch, "H12")->calls[2].snr2 = 9;
	mzg_qc_free(q);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<p>1 fail, "));
	CU_ASSERT_TRUE(strstr(s, "<li><span class=\"l-fail\">") <
	               strstr(s, "more warnings</summary>"));
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

static void test_escaping(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s;

	review_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, NULL);
	/* the raw name never appears; its escaped form does, in the pads
	 * table, the tooltips of 8 plots and the plate map */
	CU_ASSERT_PTR_NULL(strstr(s, ODD_SAMPLE));
	CU_ASSERT_PTR_NULL(strstr(s, "<b>&"));
	CU_ASSERT_TRUE(count(s, "&lt;b&gt;&amp;&quot;x&#39;") >= 10);
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

static void test_cluster_plots(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s, *plot;
	size_t k, i, ntc = 0, empty = 0, bad = 0, n[4];

	review_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, NULL);
	CU_ASSERT_EQUAL(count(s, "<svg class=\"cluster\""), NA);
	for (i = 0; i < ch.run.n_pads; i++) {
		ntc += ch.run.pads[i].role == MZG_ROLE_NTC;
		empty += ch.run.pads[i].role == MZG_ROLE_EMPTY;
		bad += ch.run.pads[i].status == MZG_PAD_BAD;
	}
	for (k = 0; k < NA; k++) {
		plot = element(s, "<svg class=\"cluster\"", "</svg>", k);
		CU_ASSERT_PTR_NOT_NULL_FATAL(plot);
		/* one marker per pad of the multiplex, no more, no less */
		CU_ASSERT_EQUAL(count(plot, "class=\"pt "), ch.run.n_pads);
		CU_ASSERT_EQUAL(count(plot, "<title>"), ch.run.n_pads);
		/* colours follow the calls */
		memset(n, 0, sizeof n);
		for (i = 0; i < ch.run.n_pads; i++) {
			const mzg_pad *p = &ch.run.pads[i];
			const mzg_call *c = &p->calls[k];

			if (p->role == MZG_ROLE_NTC || p->role == MZG_ROLE_EMPTY ||
			    p->status == MZG_PAD_BAD)
				continue;
			n[c->quality <= 'C' && c->quality >= 'A' ? c->genotype : 3]++;
		}
		CU_ASSERT_EQUAL(count(plot, "<circle class=\"pt g0\""), n[0]);
		CU_ASSERT_EQUAL(count(plot, "<circle class=\"pt g1\""), n[1]);
		CU_ASSERT_EQUAL(count(plot, "<circle class=\"pt g2\""), n[2]);
		CU_ASSERT_EQUAL(count(plot, "<circle class=\"pt nc\""), n[3]);
		/* NTCs are squares, failed pads crosses, empty pads hollow */
		CU_ASSERT_EQUAL(count(plot, "<rect class=\"pt nc ntc\""), ntc);
		CU_ASSERT_EQUAL(count(plot, "<path class=\"pt bad\""), bad);
		CU_ASSERT_EQUAL(count(plot, "<circle class=\"pt emp\""), empty);
		/* the tooltip names well, sample and figures */
		CU_ASSERT_PTR_NOT_NULL(strstr(plot, "<title>H11 \xC2\xB7 NTC1 (ntc)"));
		free(plot);
	}
	/* the D call of A02 rs13006529 is grey with its best guess */
	plot = element(s, "<svg class=\"cluster\"", "</svg>", 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(plot, "<title>A02 \xC2\xB7 S02 (sample)\n"
	                              "no call \xC2\xB7 quality D \xC2\xB7 best guess "
	                              "AT (p 0.6100)"));
	CU_ASSERT_EQUAL(count(plot, "<circle class=\"pt nc\""), 1);
	free(plot);
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

static void test_plate_map(void)
{
	chip ch;
	mzg_qc *q = NULL;
	mzg_pad *p;
	char *s, *map;

	review_chip(&ch);
	p = pad(&ch, "H12"); /* contaminate NTC H12 */
	p->calls[2].snr2 = 9;
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	CU_ASSERT_EQUAL(q->verdict, MZG_VERDICT_FAIL);
	s = page(&ch.run, q, NULL);
	map = element(s, "<svg class=\"plate\"", "</svg>", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(map);
	CU_ASSERT_EQUAL(count(map, "<rect class=\"pm "), 96);
	CU_ASSERT_EQUAL(count(map, "data-w="), ch.run.n_pads);
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "<rect class=\"pm pm-ntc\" data-w=\"H11\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "<rect class=\"pm pm-ntcbad\" data-w=\"H12\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "<rect class=\"pm pm-bad\" data-w=\"B01\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "<rect class=\"pm pm-empty\" data-w=\"G02\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "<rect class=\"pm pm-warn\" data-w=\"A02\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "<rect class=\"pm pm-ok\" data-w=\"A04\""));
	/* duplicates and controls are marked */
	CU_ASSERT_EQUAL(count(map, "<circle cx="), 2);    /* A01 and G01 */
	CU_ASSERT_EQUAL(count(map, "fill=\"#C0392B\""), 2); /* discordant */
	CU_ASSERT_EQUAL(count(map, ">N</text>"), 2);
	CU_ASSERT_EQUAL(count(map, ">P</text>"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(map, "NTC contaminated"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "class=\"verdict v-fail\""));
	free(map);
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

static void test_zooms(void)
{
	chip ch;
	mzg_qc *q = NULL;
	mzg_html_opts o = { NULL, 0 };
	char *s, *z;

	review_chip(&ch);
	pad(&ch, "H12")->calls[2].snr2 = 9; /* NTC signal in rs763110 */
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, NULL);
	/* flagged: duplicate A01/G01 rs2234978, NTC H12 rs763110, the D
	 * (A02), the N (A03), B01's 8 I */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "Flagged spectra (13)"));
	CU_ASSERT_EQUAL(count(s, "<figure id=\"z-"), 13);
	CU_ASSERT_EQUAL(count(s, "<svg class=\"zoom\""), 13);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<figure id=\"z-G01-5\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "duplicate discordant"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "NTC signal"));
	z = element(s, "<figure id=\"z-A02-3\"", "</figure>", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	CU_ASSERT_PTR_NOT_NULL(strstr(z, "low probability (D)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(z, "best guess AT (p 0.6100)"));
	/* the UEP, both alleles and their adducts are drawn */
	CU_ASSERT_EQUAL(count(z, "<line class=\"tu\""), 1);
	CU_ASSERT_EQUAL(count(z, "<line class=\"ta0\""), 1);
	CU_ASSERT_EQUAL(count(z, "<line class=\"ta1\""), 1);
	CU_ASSERT_EQUAL(count(z, "tadd\""), 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(z, ">UEP </text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(z, "<path class=\"sig\" d=\"M"));
	free(z);
	/* duplicates and the NTC come first (most urgent), then D, N, I */
	CU_ASSERT_TRUE(strstr(s, "id=\"z-A01-5\"") < strstr(s, "id=\"z-G01-5\""));
	CU_ASSERT_TRUE(strstr(s, "id=\"z-G01-5\"") < strstr(s, "id=\"z-H12-2\""));
	CU_ASSERT_TRUE(strstr(s, "id=\"z-H12-2\"") < strstr(s, "id=\"z-A02-3\""));
	CU_ASSERT_TRUE(strstr(s, "id=\"z-A02-3\"") < strstr(s, "id=\"z-A03-2\""));
	CU_ASSERT_TRUE(strstr(s, "id=\"z-A03-2\"") < strstr(s, "id=\"z-B01-0\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<a href=\"#z-A02-3\">spectra</a>"));
	CU_ASSERT_PTR_NULL(strstr(s, "zooms-left-out"));
	free(s);
	/* a pad without its snippet: said so, no picture */
	mzg_snippet_free(&pad(&ch, "A02")->snippets[3]);
	s = page(&ch.run, q, NULL);
	z = element(s, "<figure id=\"z-A02-3\"", "</figure>", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	CU_ASSERT_PTR_NULL(strstr(z, "<svg"));
	CU_ASSERT_PTR_NOT_NULL(strstr(z, "No spectrum snippet"));
	free(z);
	free(s);
	/* the cap keeps the most urgent and says what was left out */
	o.max_zooms = 3;
	s = page(&ch.run, q, &o);
	CU_ASSERT_EQUAL(count(s, "<figure id=\"z-"), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "id=\"z-H12-2\""));
	CU_ASSERT_PTR_NULL(strstr(s, "id=\"z-A02-3\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "10 more flagged pad &#215; assays are "
	                              "not drawn (at most 3 per page): D 1 N 1 "
	                              "I 8."));
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

static void test_overrides_section(void)
{
	chip ch;
	mzg_qc *q = NULL;
	mzg_audit_row row = { "2024-05-01T10:00:00Z", "J <Doe>", "peak & shoulder",
		"A02", "rs13006529", "AT", 'D', "AA" };
	mzg_audit a = { 1, &row };
	mzg_html_opts o = { &a, 0 };
	mzg_pad *p;
	char *s;

	review_chip(&ch);
	p = pad(&ch, "A02");
	p->calls[3].quality = MZG_Q_E;
	p->calls[3].genotype = MZG_GT_HOM1;
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<section id=\"overrides\"><h2>Overrides (1)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "J &lt;Doe&gt;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "peak &amp; shoulder"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<td class=\"t\">AT (D)</td><td class=\"t\">AA</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>Reviewed chip CHIP1"));
	/* the E call is ringed, coloured as its genotype, and zoomed */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<circle class=\"pt g0 ov\" data-w=\"A02\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "id=\"z-A02-3\""));
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

/* Every <svg> of the page parses as XML (python3's expat). */
static void test_svg_well_formed(void)
{
	chip ch;
	mzg_qc *q = NULL;
	char *s, cmd[1024];
	const char *path;
	FILE *fp;

	if (system("/usr/bin/python3 -c 'import xml.etree.ElementTree' "
	           ">/dev/null 2>&1") != 0) {
		mzg_test_skip("python3 not found: SVG not parsed as XML");
		return;
	}
	review_chip(&ch);
	pad(&ch, "H12")->calls[2].snr2 = 9;
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	s = page(&ch.run, q, NULL);
	free(s);
	path = mzg_test_path(mzg_test_tmpdir(), "report.html");
	fp = fopen(mzg_test_path(mzg_test_tmpdir(), "svgcheck.py"), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("import re, sys, xml.etree.ElementTree as ET\n"
	      "s = open(sys.argv[1], encoding='utf-8').read()\n"
	      "svgs = re.findall(r'<svg .*?</svg>', s, re.S)\n"
	      "for x in svgs:\n"
	      "    ET.fromstring(x.replace('&mdash;', '-').replace('&nbsp;', ' '))\n"
	      "print(len(svgs))\n", fp);
	fclose(fp);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s > %s",
	         mzg_test_path(mzg_test_tmpdir(), "svgcheck.py"), path,
	         mzg_test_path(mzg_test_tmpdir(), "svgcount"));
	CU_ASSERT_EQUAL(system(cmd), 0);
	s = mzg_test_slurp(mzg_test_path(mzg_test_tmpdir(), "svgcount"), NULL);
	CU_ASSERT_EQUAL(atoi(s), NA + 1 + 13); /* plots, plate map, zooms */
	free(s);
	mzg_qc_free(q);
	review_chip_free(&ch);
}

static void test_bad_args(void)
{
	chip ch;
	mzg_qc *q = NULL;
	FILE *fp = tmpfile();

	review_chip(&ch);
	CU_ASSERT_EQUAL_FATAL(mzg_qc_evaluate(&q, &ch.run, NULL), MZG_OK);
	CU_ASSERT_EQUAL(mzg_report_html(fp, NULL, q, NULL), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_report_html(fp, &ch.run, NULL, NULL), MZG_EINVAL);
	ch.run.n_pads--; /* a QC of another run */
	CU_ASSERT_EQUAL(mzg_report_html(fp, &ch.run, q, NULL), MZG_EINVAL);
	ch.run.n_pads++;
	fclose(fp);
	mzg_qc_free(q);
	review_chip_free(&ch);
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

static CU_TestInfo html_tests[] = {
	{ "frame: self-contained, verdict first, tables", test_frame },
	{ "many reasons fold away", test_many_reasons },
	{ "escaping of sample names", test_escaping },
	{ "cluster plots: markers, colours, NTCs", test_cluster_plots },
	{ "plate map", test_plate_map },
	{ "zooms of flagged pads, order, cap", test_zooms },
	{ "overrides on a reviewed page", test_overrides_section },
	{ "inline SVG is well-formed XML", test_svg_well_formed },
	{ "bad arguments", test_bad_args },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "html", setup, teardown, NULL, NULL, html_tests },
	CU_SUITE_INFO_NULL,
};
