/*
 * test_mzml.c -- unit tests of the streaming mzML reader on real files
 * written by other software (../shared/testdata/mzml-external, checked
 * facts from its README; skipped when absent) and on msconvert's encodings
 * of one spectrum (testdata/mzml). Hand-made documents are tested in
 * test_mzml_variants.c.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mzgeno/mzml.h"
#include "runner.h"

#define NA (-1e300)

/* What the README says about one spectrum. */
typedef struct expect_spec {
	long index;
	const char *id;       /* NULL: not checked */
	size_t n;
	double first_mz, last_mz, isum; /* NA: not checked */
	int ms_level;         /* -1: not checked */
	int repr;             /* -1: not checked */
	const char *well;     /* NULL: not checked */
} expect_spec;

typedef struct expect_file {
	const char *file;
	long count;
	int index_ok;
	expect_spec s[4];
	int ns;
} expect_file;

#define P MZG_REPR_PROFILE
#define C MZG_REPR_CENTROID
#define U MZG_REPR_UNKNOWN

static const expect_file external[] = {
	{ "pwiz_Bruker_MALDI_20percLaser_H6-ms1-centroid.mzML", 1, 0,
	  { { 0, "frame=1", 338, 294.0809248, 1634.731012, 226376, 1, C, "H06" } }, 1 },
	{ "IDBacApp_sample_BrukerFlex_MALDI_profile.mzML", 2, 1,
	  { { 0, "scan=1", 42154, 1919.939048, 20924.7914, 344296471, 1, P, "" },
	    { 1, "scan=2", 253781, 60.7458164, 2698.429605, NA, 1, P, "" } }, 2 },
	{ "IDBacApp_143812303281_MALDI_2spectra_32bit.mzML", 2, 0,
	  { { 0, NULL, 2835, 5450.242188, 6499.616699, NA, 1, -1, NULL },
	    { 1, NULL, 7226, 540.0030518, 599.9915161, NA, 1, -1, NULL } }, 2 },
	{ "IDBacApp_1_empty_run_indexed.mzML", 0, 1, { { 0 } }, 0 },
	{ "pwiz_tiny.pwiz.1.1.mzML", 4, 1,
	  { { 0, "scan=19", 15, 0, 14, 120, 1, C, "" },
	    { 1, "scan=20", 10, NA, NA, NA, 2, P, "" },
	    { 2, "scan=21", 0, NA, NA, NA, 1, -1, "" },
	    { 3, NULL, 15, 0, 14, 120, 1, C, "A01" } }, 4 },
	{ "pyteomics_test.mzML", 2, 0,
	  { { 0, NULL, 19914, 200.0001882, NA, NA, 1, P, NULL },
	    { 1, NULL, 19914, 200.0001831, NA, NA, 1, P, NULL } }, 2 },
	{ "msdk_MzMLFile_7_compressed.mzML", 3, 0,
	  { { 0, NULL, 99, 0, 0.098, 4851, -1, U, NULL },
	    { 1, NULL, 100, 0, 0.099, 4950, -1, U, NULL },
	    { 2, NULL, 101, 0, 0.1, 5050, -1, U, NULL } }, 3 },
	{ "msdk_MzMLFile_7_uncompressed.mzML", 3, 0,
	  { { 0, NULL, 99, 0, 0.098, 4851, -1, U, NULL },
	    { 1, NULL, 100, 0, 0.099, 4950, -1, U, NULL },
	    { 2, NULL, 101, 0, 0.1, 5050, -1, U, NULL } }, 3 },
	{ "msdk_MzValues_Zlib+Numpress.mzML", 6, 1,
	  { { 0, "controllerType=0 controllerNumber=1 scan=2100", 1289,
	      100.440063476563, 999.867248535156, NA, -1, C, NULL } }, 1 },
	{ "pymzml_mini_numpress.chrom.mzML", 0, -1, { { 0 } }, 0 },
	{ "msdk_RawCentriodCidWithMsLevelInRefParamGroup.mzML", 102, 0,
	  { { 0, "scan=1000", 18, 56.96228563, 198.9666001, 76584, 1, C, NULL },
	    { 1, "scan=1001", 33, NA, NA, NA, 2, C, NULL } }, 2 },
	{ "msdk_tiny.pwiz.err.idx.mzML", 4, 0,
	  { { 3, NULL, 15, 0, 14, 120, 1, C, "A01" } }, 1 },
	{ "pymzml_example.mzML.gz", 11, 0,
	  { { 0, "controllerType=0 controllerNumber=1 scan=1", 917, 70.06578064,
	      823.3918457, NA, 1, C, NULL } }, 1 },
	{ "pymzml_example_vitek_id.mzML", 4, 0,
	  { { 0, "v1v6232d", 917, 70.06578064, 823.3918457, NA, 1, C, NULL } }, 1 },
	{ "MALDIquantForeign_tiny1.mzML1.1.mzML", 2, 0,
	  { { 0, "S1", 5, 1, 5, 40, 1, P, NULL }, { 1, "S2", 5, 1, 5, 40, 1, P, NULL } }, 2 },
	{ "MALDIquantForeign_tiny1-compressed.mzML1.1.mzML", 2, 0,
	  { { 0, "S1", 5, 1, 5, 40, 1, P, NULL }, { 1, "S2", 5, 1, 5, 40, 1, P, NULL } }, 2 },
	{ "MALDIquantForeign_tiny1-centroided.mzML1.1.mzML", 2, 0,
	  { { 0, "S1", 5, 1, 5, 40, 1, C, NULL }, { 1, "S2", 5, 1, 5, 40, 1, C, NULL } }, 2 },
};

/* Path of an external test file: the copy in testdata/mzml/external (the
 * redistributable ones), else ../shared/testdata/mzml-external, else NULL
 * (the test is skipped). Static rotating storage. */
static const char *ext_path(const char *file)
{
	static char buf[4][1024];
	static int slot;
	const char *sh = mzg_test_shared();
	FILE *fp;

	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof buf[slot], "%s/mzml/external/%s",
	         mzg_test_data(), file);
	if ((fp = fopen(buf[slot], "rb"))) {
		fclose(fp);
		return buf[slot];
	}
	if (!sh)
		return NULL;
	snprintf(buf[slot], sizeof buf[slot], "%s/testdata/mzml-external/%s",
	         sh, file);
	return buf[slot];
}

/* ext_path() or a recorded skip. */
static const char *need(const char *file)
{
	const char *p = ext_path(file);

	if (!p) {
		char why[300];

		snprintf(why, sizeof why, "%s: not redistributable and "
		         "../shared is absent", file);
		mzg_test_skip(why);
	}
	return p;
}

static double isum(const mzg_spectrum *s)
{
	double t = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		t += s->intensity[i];
	return t;
}

static void check_spec(const char *file, const expect_spec *e,
                       const mzg_spectrum *s)
{
	int ok = 1;

	if (e->id && strcmp(s->id, e->id))
		ok = 0;
	if (s->n != e->n)
		ok = 0;
	if (ok && s->n && e->first_mz != NA &&
	    fabs(s->mz[0] - e->first_mz) > 1e-8 * (fabs(e->first_mz) + 1e-3))
		ok = 0;
	if (ok && s->n && e->last_mz != NA &&
	    fabs(s->mz[s->n - 1] - e->last_mz) > 1e-8 * (fabs(e->last_mz) + 1e-3))
		ok = 0;
	if (ok && e->isum != NA && fabs(isum(s) - e->isum) > 1e-7 * e->isum)
		ok = 0;
	if (e->ms_level >= 0 && s->ms_level != e->ms_level)
		ok = 0;
	if (e->repr >= 0 && (int)s->repr != e->repr)
		ok = 0;
	if (e->well && strcmp(s->well, e->well))
		ok = 0;
	if (!ok)
		printf("\n    %s spectrum %ld: id '%s' n %zu mz %.10g..%.10g sum "
		       "%.10g ms%d repr %d well '%s'\n", file, e->index, s->id,
		       s->n, s->n ? s->mz[0] : 0, s->n ? s->mz[s->n - 1] : 0,
		       isum(s), s->ms_level, (int)s->repr, s->well);
	CU_ASSERT(ok);
}

/* Read a whole file, checking the expected spectra. */
static void check_file(const expect_file *f)
{
	const char *path = need(f->file);
	mzg_spectrum s;
	mzg_mzml *r;
	long count = 0;
	int rc, k;

	if (!path)
		return;
	mzg_spectrum_init(&s);
	rc = mzg_mzml_open(&r, path, NULL);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	while ((rc = mzg_mzml_next(r, &s)) == 0) {
		for (k = 0; k < f->ns; k++)
			if (f->s[k].index == s.index)
				check_spec(f->file, &f->s[k], &s);
		CU_ASSERT_EQUAL(s.index, count);
		count++;
	}
	if (rc != MZG_DONE || count != f->count)
		printf("\n    %s: rc %d after %ld spectra: %s\n", f->file, rc,
		       count, mzg_errmsg());
	CU_ASSERT_EQUAL(rc, MZG_DONE);
	CU_ASSERT_EQUAL(count, f->count);
	if (f->index_ok >= 0) {
		if (mzg_mzml_index_ok(r) != f->index_ok)
			printf("\n    %s: index %s\n", f->file,
			       mzg_mzml_index_note(r));
		CU_ASSERT_EQUAL(mzg_mzml_index_ok(r), f->index_ok);
	}
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
}

static void test_external_facts(void)
{
	size_t i;

	for (i = 0; i < sizeof external / sizeof external[0]; i++)
		check_file(&external[i]);
}

/* The index notes name what was wrong. */
static void test_external_index_notes(void)
{
	static const struct { const char *file, *note; } cases[] = {
		{ "pwiz_tiny.pwiz.1.1.mzML", "verified (4 spectra, 2 chromatograms)" },
		{ "msdk_MzMLFile_7_compressed.mzML", "is 3566 but the element starts at 3509" },
		{ "pyteomics_test.mzML", "but the element starts at" },
		{ "pwiz_Bruker_MALDI_20percLaser_H6-ms1-centroid.mzML", "none" },
		{ "IDBacApp_1_empty_run_indexed.mzML", "verified (0 spectra" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *path = need(cases[i].file);
		mzg_spectrum s;
		mzg_mzml *r;
		int rc;

		if (!path)
			continue;
		mzg_spectrum_init(&s);
		CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&r, path, NULL), 0);
		CU_ASSERT_EQUAL(mzg_mzml_index_ok(r), -1);
		while ((rc = mzg_mzml_next(r, &s)) == 0)
			;
		CU_ASSERT_EQUAL(rc, MZG_DONE);
		if (!strstr(mzg_mzml_index_note(r), cases[i].note))
			printf("\n    %s: note '%s'\n", cases[i].file,
			       mzg_mzml_index_note(r));
		CU_ASSERT_PTR_NOT_NULL(strstr(mzg_mzml_index_note(r),
		                              cases[i].note));
		mzg_mzml_close(r);
		mzg_spectrum_free(&s);
	}
}

static void test_external_truncated(void)
{
	const char *path = need("msdk_truncated.mzML");
	mzg_spectrum s;
	mzg_mzml *r = NULL;
	int rc;

	if (!path)
		return;
	mzg_spectrum_init(&s);
	rc = mzg_mzml_open(&r, path, NULL);
	if (rc == 0) {
		rc = mzg_mzml_next(r, &s);
		/* sticky */
		CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), rc);
	}
	CU_ASSERT_EQUAL(rc, MZG_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "msdk_truncated.mzML"));
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "truncated"));
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
}

/* Load a NumPy .npy v1/v2 little-endian array of f8 or f4 as doubles. */
static double *load_npy(const char *path, size_t *n)
{
	size_t len, hl, i, w;
	char *buf = mzg_test_slurp(path, &len), *hdr;
	double *out = NULL;
	int v2;

	if (!buf || len < 12 || memcmp(buf, "\x93NUMPY", 6))
		goto out;
	v2 = buf[6] >= 2;
	hl = v2 ? (unsigned char)buf[8] | (size_t)(unsigned char)buf[9] << 8 |
	          (size_t)(unsigned char)buf[10] << 16
	        : (unsigned char)buf[8] | (size_t)(unsigned char)buf[9] << 8;
	hdr = buf + (v2 ? 12 : 10);
	w = strstr(hdr, "'<f8'") ? 8 : strstr(hdr, "'<f4'") ? 4 : 0;
	if (!w || (size_t)(hdr - buf) + hl > len)
		goto out;
	*n = (len - (size_t)(hdr - buf) - hl) / w;
	out = malloc(*n * sizeof *out + 1);
	for (i = 0; out && i < *n; i++) {
		const char *p = hdr + hl + i * w;

		if (w == 8) {
			memcpy(&out[i], p, 8);
		} else {
			float f;

			memcpy(&f, p, 4);
			out[i] = f;
		}
	}
out:
	free(buf);
	return out;
}

static void test_pyteomics_npy(void)
{
	const char *pm = need("pyteomics_test_mzml_mz.npy");
	const char *pi = need("pyteomics_test_mzml_intensity.npy");
	const char *pf = need("pyteomics_test.mzML");
	double *mz, *in;
	size_t nmz = 0, nin = 0, i;
	mzg_spectrum s;
	mzg_mzml *r;
	int k;

	if (!pm || !pi || !pf)
		return;
	mz = load_npy(pm, &nmz);
	in = load_npy(pi, &nin);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mz);
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	CU_ASSERT_EQUAL(nmz, 19914);
	CU_ASSERT_EQUAL(nin, 19914);
	mzg_spectrum_init(&s);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&r, pf, NULL), 0);
	for (k = 0; k < 2; k++) {
		/* spectrum 1 is 64-bit m/z; spectrum 2 32-bit (rel 1e-7) */
		double tol = k == 0 ? 0 : 1.2e-7;
		size_t bad = 0;

		CU_ASSERT_EQUAL_FATAL(mzg_mzml_next(r, &s), 0);
		CU_ASSERT_EQUAL_FATAL(s.n, nmz);
		for (i = 0; i < s.n; i++) {
			if (fabs(s.mz[i] - mz[i]) > tol * mz[i])
				bad++;
			if (s.intensity[i] != in[i])
				bad++;
		}
		CU_ASSERT_EQUAL(bad, 0);
		CU_ASSERT_EQUAL(s.enc_mz.dtype, k == 0 ? MZG_DTYPE_F64 :
		                                         MZG_DTYPE_F32);
		CU_ASSERT_EQUAL(s.enc_mz.compression, k == 0 ? 0u :
		                (unsigned)MZG_COMP_ZLIB);
	}
	CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), MZG_DONE);
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	free(mz);
	free(in);
}

/* Both spectra of two files have identical arrays (cross-checks). */
static void same_arrays(const char *a, const char *b)
{
	const char *pa = need(a), *pb = need(b);
	mzg_spectrum sa, sb;
	mzg_mzml *ra, *rb;
	int rc, k = 0;
	size_t i;

	if (!pa || !pb)
		return;
	mzg_spectrum_init(&sa);
	mzg_spectrum_init(&sb);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&ra, pa, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&rb, pb, NULL), 0);
	while ((rc = mzg_mzml_next(ra, &sa)) == 0) {
		CU_ASSERT_EQUAL_FATAL(mzg_mzml_next(rb, &sb), 0);
		CU_ASSERT_EQUAL_FATAL(sa.n, sb.n);
		for (i = 0; i < sa.n; i++) {
			CU_ASSERT_EQUAL(sa.mz[i], sb.mz[i]);
			CU_ASSERT_EQUAL(sa.intensity[i], sb.intensity[i]);
		}
		k++;
	}
	CU_ASSERT_EQUAL(rc, MZG_DONE);
	CU_ASSERT_EQUAL(mzg_mzml_next(rb, &sb), MZG_DONE);
	CU_ASSERT(k > 0);
	mzg_mzml_close(ra);
	mzg_mzml_close(rb);
	mzg_spectrum_free(&sa);
	mzg_spectrum_free(&sb);
}

/* MALDIquantForeign tiny1: intensity 6..10 then 10..6 (README), in order. */
static void test_maldiquant_order(void)
{
	const char *path = need("MALDIquantForeign_tiny1.mzML1.1.mzML");
	mzg_spectrum s;
	mzg_mzml *r;
	int k;

	if (!path)
		return;
	mzg_spectrum_init(&s);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&r, path, NULL), 0);
	for (k = 0; k < 2; k++) {
		CU_ASSERT_EQUAL_FATAL(mzg_mzml_next(r, &s), 0);
		CU_ASSERT_EQUAL_FATAL(s.n, 5);
		CU_ASSERT_DOUBLE_EQUAL(s.mz[0], 1, 0);
		CU_ASSERT_DOUBLE_EQUAL(s.mz[4], 5, 0);
		CU_ASSERT_DOUBLE_EQUAL(s.intensity[0], k ? 10 : 6, 0);
		CU_ASSERT_DOUBLE_EQUAL(s.intensity[4], k ? 6 : 10, 0);
	}
	CU_ASSERT_EQUAL(mzg_mzml_next(r, &s), MZG_DONE);
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
}

static void test_external_pairs(void)
{
	same_arrays("msdk_MzMLFile_7_compressed.mzML",
	            "msdk_MzMLFile_7_uncompressed.mzML");
	same_arrays("MALDIquantForeign_tiny1.mzML1.1.mzML",
	            "MALDIquantForeign_tiny1-compressed.mzML1.1.mzML");
	same_arrays("MALDIquantForeign_tiny1.mzML1.1.mzML",
	            "MALDIquantForeign_tiny1-centroided.mzML1.1.mzML");
}

/* The chromatogram of pymzml_mini_numpress (numpress linear + pic, the
 * pic term carrying the linear *name*) through mzg_binary_decode. */
static void test_external_numpress_chrom(void)
{
	const char *path = need("pymzml_mini_numpress.chrom.mzML");
	char *doc, *b1, *b2, *e;
	double *t = NULL, *in = NULL, mx = 0;
	size_t nt = 0, ni = 0, i;

	if (!path)
		return;
	doc = mzg_test_slurp(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	b1 = strstr(doc, "<binary>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b1);
	b2 = strstr(b1 + 1, "<binary>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b2);
	b1 += 8;
	b2 += 8;
	e = strstr(b1, "</binary>");
	CU_ASSERT_EQUAL(mzg_binary_decode(&t, &nt, b1, (size_t)(e - b1),
	                                  MZG_DTYPE_F64, MZG_COMP_NP_LINEAR,
	                                  1000), 0);
	e = strstr(b2, "</binary>");
	CU_ASSERT_EQUAL(mzg_binary_decode(&in, &ni, b2, (size_t)(e - b2),
	                                  MZG_DTYPE_F64, MZG_COMP_NP_PIC, 1000), 0);
	CU_ASSERT_EQUAL(nt, 176);
	CU_ASSERT_EQUAL(ni, 176);
	if (nt == 176 && ni == 176) {
		CU_ASSERT_DOUBLE_EQUAL(t[0], 2302.53, 0.005);
		CU_ASSERT_DOUBLE_EQUAL(t[175], 2899.96, 0.005);
		for (i = 0; i < ni; i++)
			if (in[i] > mx)
				mx = in[i];
		/* README: intensity 0 ... 28 (first ... last); a peak of 856 */
		CU_ASSERT_DOUBLE_EQUAL(in[0], 0, 0);
		CU_ASSERT_DOUBLE_EQUAL(in[175], 28, 0);
		CU_ASSERT_DOUBLE_EQUAL(mx, 856, 0);
	}
	free(t);
	free(in);
	free(doc);
}

/* ---- msconvert's encodings of one spectrum (testdata/mzml/msconvert) ---- */

/* Read the only spectrum of a file. */
static int read_one(const char *file, mzg_spectrum *s, int *index_ok)
{
	char path[1024]; /* not mzg_test_path(): threads call this */
	mzg_mzml *r;
	int rc;

	snprintf(path, sizeof path, "%s/%s", mzg_test_data(), file);
	if ((rc = mzg_mzml_open(&r, path, NULL)) < 0)
		return rc;
	rc = mzg_mzml_next(r, s);
	if (rc == 0 && mzg_mzml_next(r, s + 1) != MZG_DONE)
		rc = -100;
	*index_ok = mzg_mzml_index_ok(r);
	mzg_mzml_close(r);
	return rc;
}

static void test_msconvert_encodings(void)
{
	/* tolerances: what each encoding promises (msconvert defaults):
	 * --32: float rounding, relative 2^-24; numpress linear: relative
	 * 2e-9; pic: rounding to integers, absolute 0.5; slof: relative
	 * 2e-4 of (v + 1) */
	static const struct {
		const char *file;
		double mz_rel, in_abs, in_rel; /* |d| <= in_abs + in_rel*(v+1) */
		unsigned cmz, cin;             /* compression flags */
		mzg_dtype dmz;
		int index_ok;
	} v[] = {
		{ "zlib.mzML", 0, 0, 0, MZG_COMP_ZLIB, MZG_COMP_ZLIB, MZG_DTYPE_F64, 1 },
		{ "noindex.mzML", 0, 0, 0, 0, 0, MZG_DTYPE_F64, 0 },
		{ "32bit.mzML", 5.97e-8, 0, 0, 0, 0, MZG_DTYPE_F32, 1 },
		{ "numpressLinear.mzML", 2e-9, 0, 0, MZG_COMP_NP_LINEAR, 0,
		  MZG_DTYPE_F64, 1 },
		{ "numpressPic.mzML", 0, 0.5, 0, 0, MZG_COMP_NP_PIC, MZG_DTYPE_F64, 1 },
		{ "numpressSlof.mzML", 0, 0, 2e-4, 0, MZG_COMP_NP_SLOF,
		  MZG_DTYPE_F64, 1 },
		{ "numpressPic_zlib.mzML", 0, 0.5, 0, MZG_COMP_ZLIB,
		  MZG_COMP_NP_PIC | MZG_COMP_ZLIB, MZG_DTYPE_F64, 1 },
		{ "numpressLinearSlof_zlib.mzML", 2e-9, 0, 2e-4,
		  MZG_COMP_NP_LINEAR | MZG_COMP_ZLIB,
		  MZG_COMP_NP_SLOF | MZG_COMP_ZLIB, MZG_DTYPE_F64, 1 },
	};
	mzg_spectrum ref[2], s[2];
	size_t k, i;
	int ok;

	mzg_spectrum_init(&ref[0]);
	mzg_spectrum_init(&ref[1]);
	mzg_spectrum_init(&s[0]);
	mzg_spectrum_init(&s[1]);
	CU_ASSERT_EQUAL_FATAL(read_one("mzml/msconvert/plain.mzML", ref, &ok), 0);
	CU_ASSERT_EQUAL(ok, 1);
	CU_ASSERT_EQUAL_FATAL(ref[0].n, 2000);
	CU_ASSERT_STRING_EQUAL(ref[0].well, "A01");
	CU_ASSERT_EQUAL(ref[0].repr, MZG_REPR_PROFILE);
	for (k = 0; k < sizeof v / sizeof v[0]; k++) {
		char path[256];
		size_t bad = 0;

		snprintf(path, sizeof path, "mzml/msconvert/%s", v[k].file);
		CU_ASSERT_EQUAL_FATAL(read_one(path, s, &ok), 0);
		CU_ASSERT_EQUAL(ok, v[k].index_ok);
		CU_ASSERT_EQUAL_FATAL(s[0].n, ref[0].n);
		CU_ASSERT_STRING_EQUAL(s[0].id, ref[0].id);
		for (i = 0; i < s[0].n; i++) {
			double dm = fabs(s[0].mz[i] - ref[0].mz[i]);
			double di = fabs(s[0].intensity[i] - ref[0].intensity[i]);

			if (dm > v[k].mz_rel * ref[0].mz[i] ||
			    di > v[k].in_abs + v[k].in_rel *
			         (fabs(ref[0].intensity[i]) + 1))
				bad++;
		}
		if (bad)
			printf("\n    %s: %zu values outside tolerance\n",
			       v[k].file, bad);
		CU_ASSERT_EQUAL(bad, 0);
		CU_ASSERT_EQUAL(s[0].enc_mz.compression, v[k].cmz);
		CU_ASSERT_EQUAL(s[0].enc_int.compression, v[k].cin);
		if (!(v[k].cmz & MZG_COMP_NP_LINEAR))
			CU_ASSERT_EQUAL(s[0].enc_mz.dtype, v[k].dmz);
	}
	for (i = 0; i < 2; i++) {
		mzg_spectrum_free(&ref[i]);
		mzg_spectrum_free(&s[i]);
	}
}

/* Readers in several threads at once give the same values. */
static void *thread_read(void *arg)
{
	static const char *files[] = { "zlib.mzML", "numpressLinear.mzML",
	                               "numpressPic_zlib.mzML", "32bit.mzML" };
	double *sum = arg;
	mzg_spectrum s[2];
	char path[128];
	int k, rep, ok;

	mzg_spectrum_init(&s[0]);
	mzg_spectrum_init(&s[1]);
	*sum = 0;
	for (rep = 0; rep < 20; rep++)
		for (k = 0; k < 4; k++) {
			snprintf(path, sizeof path, "mzml/msconvert/%s", files[k]);
			if (read_one(path, s, &ok) == 0)
				*sum += isum(&s[0]) + s[0].mz[s[0].n - 1];
			else {
				printf("\n    %s: %s\n", path, mzg_errmsg());
				*sum = NAN;
			}
		}
	mzg_spectrum_free(&s[0]);
	mzg_spectrum_free(&s[1]);
	return NULL;
}

static void test_threads(void)
{
	pthread_t th[4];
	double sums[4];
	int k;

	for (k = 0; k < 4; k++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&th[k], NULL, thread_read,
		                                     &sums[k]), 0);
	for (k = 0; k < 4; k++)
		pthread_join(th[k], NULL);
	CU_ASSERT(!isnan(sums[0]) && sums[0] > 0);
	for (k = 1; k < 4; k++) {
		if (sums[k] != sums[0])
			printf("\n    thread %d: %.17g, thread 0: %.17g\n", k,
			       sums[k], sums[0]);
		CU_ASSERT_EQUAL(sums[k], sums[0]);
	}
}

CU_TestInfo msconvert_tests[] = {
	{ "msconvert encodings decode to the plain values",
	  test_msconvert_encodings },
	{ "readers in four threads", test_threads },
	CU_TEST_INFO_NULL,
};

/* A .mzML.gz held in memory is inflated too; a cut one is an error. */
static void test_gzip_in_memory(void)
{
	const char *path = need("pymzml_example.mzML.gz");
	size_t len = 0;
	char *buf;
	mzg_spectrum s;
	mzg_mzml *r;
	int rc, n = 0;

	if (!path)
		return;
	buf = mzg_test_slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	mzg_spectrum_init(&s);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open_mem(&r, buf, len, "mem.gz", NULL), 0);
	while ((rc = mzg_mzml_next(r, &s)) == 0)
		n++;
	CU_ASSERT_EQUAL(rc, MZG_DONE);
	CU_ASSERT_EQUAL(n, 11);
	CU_ASSERT_EQUAL(s.n, 1141);
	mzg_mzml_close(r);
	n = 0;
	rc = mzg_mzml_open_mem(&r, buf, len / 2, "cut.gz", NULL);
	if (rc == 0) {
		while ((rc = mzg_mzml_next(r, &s)) == 0)
			n++;
		mzg_mzml_close(r);
	}
	CU_ASSERT_EQUAL(rc, MZG_EFORMAT);
	CU_ASSERT(n < 11);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "cut.gz"));
	mzg_spectrum_free(&s);
	free(buf);
}

CU_TestInfo external_tests[] = {
	{ "external files: counts, lengths, m/z, sums", test_external_facts },
	{ "external files: index notes", test_external_index_notes },
	{ "external: truncated file is a clean error", test_external_truncated },
	{ "external: pyteomics arrays match the .npy", test_pyteomics_npy },
	{ "external: compressed/uncompressed pairs agree", test_external_pairs },
	{ "external: MALDIquantForeign intensities in order", test_maldiquant_order },
	{ "external: numpress linear+pic chromatogram", test_external_numpress_chrom },
	{ "external: gzip in memory", test_gzip_in_memory },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "external", NULL, NULL, NULL, NULL, external_tests },
	{ "msconvert", NULL, NULL, NULL, NULL, msconvert_tests },
	CU_SUITE_INFO_NULL,
};
