/*
 * test_mzml_variants.c -- the mzML reader on hand-made documents: each
 * quirk of mzml.md section 3.4 that no external file covers (namespace
 * prefix, no namespace, array params in groups, integer arrays, arrayLength
 * override, CRLF, numpress spellings, gzip, wells, index verification).
 * Wrong documents are in test_mzml_errors.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "internal.h"
#include "mzgeno/mzml.h"
#include "runner.h"
#include "test_mzml_util.h"

static void test_namespaces(void)
{
	static const struct { const char *pfx, *ns; } v[] = {
		{ "", NS_DEFAULT }, { "ms:", NS_PREFIX }, { "", "" },
	};
	char *tm = mz_text(), *ti = in_text();
	size_t k;

	for (k = 0; k < MZG_ARRAY_LEN(v); k++) {
		mzg_buf b = { 0 };
		res o;

		head(&b, v[k].pfx, v[k].ns, NULL);
		spec(&b, v[k].pfx, "scan=1", NULL, 3, MS1P, "", MZ64, tm, "",
		     INT32Z, ti);
		tail(&b, v[k].pfx);
		read_buf(&o, &b);
		CU_ASSERT_EQUAL(o.open_rc, 0);
		CU_ASSERT_EQUAL(o.final_rc, MZG_DONE);
		CU_ASSERT_EQUAL_FATAL(o.n, 1);
		CU_ASSERT_EQUAL(o.rc[0], 0);
		check_3(&o.s[0]);
		CU_ASSERT_STRING_EQUAL(o.s[0].id, "scan=1");
		CU_ASSERT_EQUAL(o.s[0].ms_level, 1);
		CU_ASSERT_EQUAL(o.s[0].repr, MZG_REPR_PROFILE);
		CU_ASSERT_EQUAL(o.s[0].enc_mz.dtype, MZG_DTYPE_F64);
		CU_ASSERT_EQUAL(o.s[0].enc_mz.compression, 0u);
		CU_ASSERT_EQUAL(o.s[0].enc_int.dtype, MZG_DTYPE_F32);
		CU_ASSERT_EQUAL(o.s[0].enc_int.compression, (unsigned)MZG_COMP_ZLIB);
		CU_ASSERT_EQUAL(o.s[0].flags, 0u);
		CU_ASSERT_EQUAL(o.index_ok, 0);
		CU_ASSERT_STRING_EQUAL(o.note, "none");
		res_free(&o);
		mzg__buf_free(&b);
	}
	free(tm);
	free(ti);
}

static void test_group_params(void)
{
	const char *groups =
		"<@referenceableParamGroupList count=\"4\">"
		"<@referenceableParamGroup id=\"MZ\">" MZ64 "</@referenceableParamGroup>"
		"<@referenceableParamGroup id=\"IN\">" INT32Z "</@referenceableParamGroup>"
		"<@referenceableParamGroup id=\"SP\">"
		"<@cvParam cvRef=\"MS\" accession=\"MS:1000511\" name=\"ms level\" value=\"2\"/>"
		CV("1000127") "</@referenceableParamGroup>"
		"<@referenceableParamGroup id=\"F64\">" CV("1000523")
		"</@referenceableParamGroup>"
		"</@referenceableParamGroupList>\n";
	char *tm = mz_text(), *ti = in_text();
	float f[3] = { 100.0f, 200.5f, 300.25f };
	char *tf = tb64(f, sizeof f, 0);
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, groups);
	spec(&b, "", "a", NULL, 3, "<@referenceableParamGroupRef ref=\"SP\"/>",
	     "", "<@referenceableParamGroupRef ref=\"MZ\"/>", tm,
	     "", "<@referenceableParamGroupRef ref=\"IN\"/>", ti);
	/* inline 32-bit float overrides the group's 64-bit float */
	spec(&b, "", "b", NULL, 3, "<@referenceableParamGroupRef ref=\"SP\"/>"
	     CV("1000128"), "", "<@referenceableParamGroupRef ref=\"F64\"/>"
	     CV("1000514") CV("1000521") CV("1000576"), tf,
	     "", "<@referenceableParamGroupRef ref=\"IN\"/>", ti);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL(o.final_rc, MZG_DONE);
	CU_ASSERT_EQUAL_FATAL(o.n, 2);
	CU_ASSERT_EQUAL(o.rc[0], 0);
	check_3(&o.s[0]);
	CU_ASSERT_EQUAL(o.s[0].ms_level, 2);
	CU_ASSERT_EQUAL(o.s[0].repr, MZG_REPR_CENTROID);
	CU_ASSERT_EQUAL(o.s[0].enc_int.compression, (unsigned)MZG_COMP_ZLIB);
	CU_ASSERT_EQUAL(o.rc[1], 0);
	check_3(&o.s[1]);
	CU_ASSERT_EQUAL(o.s[1].enc_mz.dtype, MZG_DTYPE_F32);
	CU_ASSERT_EQUAL(o.s[1].repr, MZG_REPR_PROFILE); /* inline wins */
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
	free(tf);
}

static void test_int_arrays(void)
{
	int64_t m[3] = { 100, 200, 300 };
	int32_t i[3] = { 1, -2, 2000000000 };
	char *tm = tb64(m, sizeof m, 1), *ti = tb64(i, sizeof i, 0);
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", NULL, 3, MS1P, "", CV("1000514") CV("1000522")
	     CV("1000574"), tm, "", CV("1000515") CV("1000519") CV("1000576"),
	     ti);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL_FATAL(o.n, 1);
	CU_ASSERT_EQUAL(o.rc[0], 0);
	CU_ASSERT_EQUAL_FATAL(o.s[0].n, 3);
	CU_ASSERT_DOUBLE_EQUAL(o.s[0].mz[2], 300, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.s[0].intensity[1], -2, 0);
	CU_ASSERT_DOUBLE_EQUAL(o.s[0].intensity[2], 2e9, 0);
	CU_ASSERT_EQUAL(o.s[0].enc_mz.dtype, MZG_DTYPE_I64);
	CU_ASSERT_EQUAL(o.s[0].enc_int.dtype, MZG_DTYPE_I32);
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

static void test_array_length(void)
{
	char *tm = mz_text(), *ti = in_text();
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	/* arrayLength overrides defaultArrayLength: no mismatch */
	spec(&b, "", "a", NULL, 5, MS1P, " arrayLength=\"3\"", MZ64, tm,
	     " arrayLength=\"3\"", INT32Z, ti);
	/* a wrong defaultArrayLength: warn, keep the decoded values */
	spec(&b, "", "b", NULL, 4, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL_FATAL(o.n, 2);
	CU_ASSERT_EQUAL(o.rc[0], 0);
	CU_ASSERT_EQUAL(o.s[0].flags & MZG_SPEC_LENGTH_MISMATCH, 0u);
	check_3(&o.s[0]);
	CU_ASSERT_EQUAL(o.rc[1], 0);
	CU_ASSERT_NOT_EQUAL(o.s[1].flags & MZG_SPEC_LENGTH_MISMATCH, 0u);
	check_3(&o.s[1]);
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

/* Insert "\r\n" every @p every characters of a base64 text. */
static char *wrap(const char *t, size_t every)
{
	size_t n = strlen(t), i, k = 0;
	char *o = malloc(n + 2 * (n / every + 1) + 1);

	for (i = 0; i < n; i++) {
		if (i && i % every == 0) {
			o[k++] = '\r';
			o[k++] = '\n';
		}
		o[k++] = t[i];
	}
	o[k] = '\0';
	return o;
}

static void test_crlf(void)
{
	char *tm = mz_text(), *ti = in_text();
	char *wm = wrap(tm, 8), *wi = wrap(ti, 5);
	mzg_buf b = { 0 }, c = { 0 };
	size_t i;
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", NULL, 3, MS1P, "", MZ64, wm, "", INT32Z, wi);
	tail(&b, "");
	for (i = 0; i < b.len; i++) { /* LF -> CRLF everywhere */
		if (b.s[i] == '\n' && (i == 0 || b.s[i - 1] != '\r'))
			CU_ASSERT(mzg__buf_append(&c, "\r", 1) == 0);
		CU_ASSERT(mzg__buf_append(&c, b.s + i, 1) == 0);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg__buf_cstr(&c), "?>\r\n<mzML"));
	read_buf(&o, &c);
	CU_ASSERT_EQUAL_FATAL(o.n, 1);
	CU_ASSERT_EQUAL(o.rc[0], 0);
	check_3(&o.s[0]);
	res_free(&o);
	mzg__buf_free(&b);
	mzg__buf_free(&c);
	free(tm);
	free(ti);
	free(wm);
	free(wi);
}

static void test_numpress_spellings(void)
{
	/* linear: 100.0, 100.01, 100.02, 100.0305 (see test_binary.c) */
	static const uint8_t lin[] = { 0x40, 0xc3, 0x88, 0, 0, 0, 0, 0,
	                               0x40, 0x42, 0x0f, 0x00,
	                               0xa4, 0x42, 0x0f, 0x00, 0x87, 0x50 };
	static const uint8_t pic[] = { 0x71, 0x72, 0x73, 0x74 };
	/* slof, fp 10000: u = round(log(v+1)*fp) for 1,2,3,4 */
	uint8_t slof[16] = { 0x40, 0xc3, 0x88, 0, 0, 0, 0, 0 };
	char *tlz = tb64(lin, sizeof lin, 1), *tpz = tb64(pic, sizeof pic, 1);
	char *tp = tb64(pic, sizeof pic, 0), *ts, *tsz;
	mzg_buf b = { 0 };
	int k, i;
	res o;

	for (i = 0; i < 4; i++) {
		unsigned u = (unsigned)lround(log(i + 2.0) * 10000);

		slof[8 + 2 * i] = (uint8_t)u;
		slof[9 + 2 * i] = (uint8_t)(u >> 8);
	}
	ts = tb64(slof, sizeof slof, 0);
	tsz = tb64(slof, sizeof slof, 1);
	head(&b, "", NS_DEFAULT, NULL);
	/* two cvParams (older pwiz): linear + zlib, declared 32-bit float */
	spec(&b, "", "a", NULL, 4, MS1P, "", CV("1000514") CV("1000521")
	     CV("1000574") CV("1002312"), tlz, "", CV("1000515") CV("1000519")
	     CV("1002313"), tp);
	/* combined terms */
	spec(&b, "", "b", NULL, 4, MS1P, "", CV("1000514") CV("1000523")
	     CV("1002746"), tlz, "", CV("1000515") CV("1000521") CV("1002747"),
	     tpz);
	spec(&b, "", "c", NULL, 4, MS1P, "", CV("1000514") CV("1000523")
	     CV("1002746"), tlz, "", CV("1000515") CV("1000521") CV("1002314"),
	     ts);
	spec(&b, "", "d", NULL, 4, MS1P, "", CV("1000514") CV("1000523")
	     CV("1002746"), tlz, "", CV("1000515") CV("1000521") CV("1002748"),
	     tsz);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL_FATAL(o.n, 4);
	for (k = 0; k < 4; k++) {
		CU_ASSERT_EQUAL(o.rc[k], 0);
		CU_ASSERT_EQUAL_FATAL(o.s[k].n, 4);
		CU_ASSERT_DOUBLE_EQUAL(o.s[k].mz[0], 100.0, 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(o.s[k].mz[3], 100.0305, 1e-9);
		for (i = 0; i < 4; i++) /* slof: relative error <= 1/fp/2 */
			CU_ASSERT_DOUBLE_EQUAL(o.s[k].intensity[i], i + 1.0,
			                       (i + 2.0) * 1e-4);
		CU_ASSERT_EQUAL(o.s[k].enc_mz.compression & MZG_COMP_NP_LINEAR,
		                (unsigned)MZG_COMP_NP_LINEAR);
		CU_ASSERT_EQUAL(o.s[k].enc_mz.compression & MZG_COMP_ZLIB,
		                (unsigned)MZG_COMP_ZLIB);
	}
	CU_ASSERT_EQUAL(o.s[0].intensity[3], 4.0);
	CU_ASSERT_EQUAL(o.s[1].enc_int.compression,
	                (unsigned)(MZG_COMP_NP_PIC | MZG_COMP_ZLIB));
	CU_ASSERT_EQUAL(o.s[3].enc_int.compression,
	                (unsigned)(MZG_COMP_NP_SLOF | MZG_COMP_ZLIB));
	res_free(&o);
	mzg__buf_free(&b);
	free(tlz);
	free(tpz);
	free(tp);
	free(ts);
	free(tsz);
}

/* Documents that must be refused at open (or at the first spectrum). */
static const char *write_file(const char *name, mzg_buf *b, int gz)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), name);

	if (gz) {
		gzFile f = gzopen(path, "wb");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_EQUAL(gzwrite(f, b->s, (unsigned)b->len), (int)b->len);
		gzclose(f);
	} else {
		FILE *f = fopen(path, "wb");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_EQUAL(fwrite(b->s, 1, b->len, f), b->len);
		fclose(f);
	}
	return path;
}

static void test_files_gzip_wells(void)
{
	char *tm = mz_text(), *ti = in_text();
	mzg_buf b = { 0 };
	mzg_spectrum s;
	mzg_mzml *r;
	int gz;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "scan=1", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	spec(&b, "", "scan=2", "chip=0 spot=H6", 3, MS1P, "", MZ64, tm, "",
	     INT32Z, ti);
	spec(&b, "", "spot=B12", NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	mzg_spectrum_init(&s);
	/* plain and gzip told apart by the content, not the name */
	for (gz = 0; gz < 4; gz++) {
		static const char *names[] = { "C03.mzML", "B07.mzML.gz",
		                               "C03.mzML.gz", "B07.mzML" };
		const char *path = write_file(names[gz], &b, gz % 2);

		CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&r, path, NULL), 0);
		CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), 0);
		check_3(&s);
		CU_ASSERT_STRING_EQUAL(s.well, gz % 2 ? "B07" : "C03"); /* stem */
		CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), 0);
		CU_ASSERT_STRING_EQUAL(s.well, "H06");             /* spotID */
		CU_ASSERT_STRING_EQUAL(s.spot_id, "chip=0 spot=H6");
		CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), 0);
		CU_ASSERT_STRING_EQUAL(s.well, "B12");             /* id key */
		CU_ASSERT_PTR_NULL(s.spot_id);
		CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), MZG_DONE);
		CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), MZG_DONE);
		mzg_mzml_close(r);
	}
	CU_ASSERT_EQUAL(mzg_mzml_open(&r, "/nonexistent/x.mzML", NULL), MZG_EIO);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "/nonexistent/x.mzML"));
	CU_ASSERT_EQUAL(mzg_mzml_open(&r, mzg_test_tmpdir(), NULL), MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), mzg_test_tmpdir()));
	mzg_spectrum_free(&s);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

/* An indexedmzML around three spectra; @p tamper: 0 none, 1 a wrong
 * offset, 2 a missing entry, 3 a wrong indexListOffset. */
static void make_indexed(mzg_buf *out, int tamper)
{
	char *tm = mz_text(), *ti = in_text();
	const char *ids[3] = { "scan=1", "scan=2", "scan=3" };
	mzg_buf b = { 0 };
	size_t off[3], list;
	int k;

	CU_ASSERT(mzg__buf_puts(&b, "<?xml version=\"1.0\"?>\n<indexedmzML "
	          NS_DEFAULT ">\n") == 0);
	head(&b, "", NS_DEFAULT, NULL);
	for (k = 0; k < 3; k++) {
		off[k] = b.len;
		spec(&b, "", ids[k], NULL, 3, MS1P, "", MZ64, tm, "", INT32Z, ti);
	}
	tail(&b, "");
	list = b.len;
	tput(&b, "", "<indexList count=\"1\">\n<index name=\"spectrum\">\n");
	for (k = 0; k < 3; k++)
		if (!(tamper == 2 && k == 1))
			tput(&b, "", "<offset idRef=\"%s\">%zu</offset>\n", ids[k],
			     off[k] + (tamper == 1 && k == 2 ? 1 : 0));
	tput(&b, "", "</index>\n</indexList>\n<indexListOffset>%zu"
	     "</indexListOffset>\n<fileChecksum>0</fileChecksum>\n"
	     "</indexedmzML>\n", list + (tamper == 3 ? 2 : 0));
	/* head() wrote its own XML declaration: drop it (keep offsets by
	 * blanking it out with spaces, which XML allows between elements
	 * only after the first declaration... so rebuild instead) */
	{
		const char *decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
		char *p = strstr(b.s + 10, decl);

		if (p)
			memset(p, ' ', strlen(decl));
	}
	*out = b;
	free(tm);
	free(ti);
}

static void test_index_verify(void)
{
	static const char *notes[4] = {
		"verified (3 spectra, 0 chromatograms)",
		"the offset of 'scan=3' is",
		"it lists 2 of 3 spectra",
		"indexListOffset is",
	};
	int t;

	for (t = 0; t < 4; t++) {
		mzg_buf b;
		res o;

		make_indexed(&b, t);
		read_buf(&o, &b);
		CU_ASSERT_EQUAL(o.final_rc, MZG_DONE);
		CU_ASSERT_EQUAL(o.n, 3);
		CU_ASSERT_EQUAL(o.index_ok, t == 0);
		if (!strstr(o.note, notes[t]))
			printf("\n    tamper %d: %s\n", t, o.note);
		CU_ASSERT_PTR_NOT_NULL(strstr(o.note, notes[t]));
		res_free(&o);
		mzg__buf_free(&b);
	}
}

static void test_levels_repr(void)
{
	char *tm = mz_text(), *ti = in_text();
	mzg_buf b = { 0 };
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	spec(&b, "", "a", NULL, 3, CV("1000579"), "", MZ64, tm, "", INT32Z, ti);
	spec(&b, "", "b", NULL, 3, "", "", MZ64, tm, "", INT32Z, ti);
	spec(&b, "", "c", NULL, 3, CV("1000127") CV("1000128"), "", MZ64, tm,
	     "", INT32Z, ti);
	/* ms level inside <scan>, MS1 term in the scanList's spectrum */
	spec(&b, "", "d", NULL, 3, "<@scanList count=\"1\"><@scan>"
	     "<@cvParam cvRef=\"MS\" accession=\"MS:1000511\" name=\"ms level\" "
	     "value=\"3\"/></@scan></@scanList>", "", MZ64, tm, "", INT32Z, ti);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL_FATAL(o.n, 4);
	CU_ASSERT_EQUAL(o.s[0].ms_level, 1); /* inferred from MS1 spectrum */
	CU_ASSERT_EQUAL(o.s[0].repr, MZG_REPR_UNKNOWN);
	CU_ASSERT_EQUAL(o.s[1].ms_level, 0); /* the file does not say */
	CU_ASSERT_EQUAL(o.s[2].repr, MZG_REPR_UNKNOWN); /* both: conflict */
	CU_ASSERT_EQUAL(o.s[3].ms_level, 3);
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

/* Many small spectra in one chunk: the queue keeps their order. */
static void test_many_small(void)
{
	char *tm = mz_text(), *ti = in_text();
	mzg_buf b = { 0 };
	char id[32];
	int k;
	res o;

	head(&b, "", NS_DEFAULT, NULL);
	for (k = 0; k < 500; k++) {
		snprintf(id, sizeof id, "scan=%d", k + 1);
		if (k % 7 == 3)
			spec(&b, "", id, NULL, 3, MS1P, "", MZ64, "@@@@", "",
			     INT32Z, ti);
		else
			spec(&b, "", id, NULL, 3, MS1P, "", MZ64, tm, "", INT32Z,
			     ti);
	}
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL(o.final_rc, MZG_DONE);
	CU_ASSERT_EQUAL_FATAL(o.n, 500);
	for (k = 0; k < 500; k++)
		CU_ASSERT_EQUAL(o.rc[k], k % 7 == 3 ? MZG_EDATA : 0);
	CU_ASSERT_STRING_EQUAL(o.s[3].id, "scan=4");
	CU_ASSERT_EQUAL(o.s[3].n, 0);
	check_3(&o.s[11]);
	res_free(&o);
	mzg__buf_free(&b);
	/* and an empty spectrum list */
	head(&b, "", NS_DEFAULT, NULL);
	tail(&b, "");
	read_buf(&o, &b);
	CU_ASSERT_EQUAL(o.open_rc, 0);
	CU_ASSERT_EQUAL(o.final_rc, MZG_DONE);
	CU_ASSERT_EQUAL(o.n, 0);
	res_free(&o);
	mzg__buf_free(&b);
	free(tm);
	free(ti);
}

CU_TestInfo variant_tests[] = {
	{ "default namespace, prefix, none", test_namespaces },
	{ "params from referenceableParamGroups", test_group_params },
	{ "32/64-bit integer arrays", test_int_arrays },
	{ "arrayLength override and length mismatch", test_array_length },
	{ "CRLF line endings and wrapped base64", test_crlf },
	{ "numpress: both zlib spellings, pic, slof", test_numpress_spellings },
	{ "files, gzip, wells", test_files_gzip_wells },
	{ "index verification", test_index_verify },
	{ "ms level and representation", test_levels_repr },
	{ "many small spectra, empty list", test_many_small },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "variants", NULL, NULL, NULL, NULL, variant_tests },
	CU_SUITE_INFO_NULL,
};
