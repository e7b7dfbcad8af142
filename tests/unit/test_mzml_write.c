/*
 * test_mzml_write.c -- unit tests of the simulator's mzML writer: its
 * codecs (base64, SHA-1, MS-Numpress against published vectors) and the
 * files it writes (index offsets, indexListOffset, fileChecksum), for a
 * whole chip and for one file per well, with each encoding, and that
 * mzgeno's own reader reads them back as rendered.
 *
 * Interoperability with third-party readers is tested in
 * tests/cli/test_simulate.sh (pymzML, MALDIquantForeign).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mzgeno/mzml.h"
#include "mzgeno/simulate.h"
#include "mzml_write.h"
#include "runner.h"

#define ASSAY(ID, UEP, A1, A2, M1, M2, PAUSE)                                \
	{ .id = ID, .dir = 'F', .chem = MZG_CHEM_IPLEX, .uep_mass = UEP,      \
	  .n_alleles = 2, .allele = { A1, A2 }, .ext_mass = { M1, M2 },        \
	  .pause_mass = PAUSE, .verified = 1 }

static mzg_assay w1_assays[2] = {
	ASSAY("rsA", 4500.0, 'A', 'G', 4771.2, 4787.2, 0),
	ASSAY("rsD", 7300.0, 'G', 'T', 7587.2, 7627.1, 7620.0),
};
static mzg_plex one_plex[1] = { { .name = "W1", .n_assays = 2, .assays = w1_assays } };
static mzg_design design1 = { .source = "test1", .n_plex = 1, .plex = one_plex };

static mzg_sim *new_sim(const mzg_design *d, const mzg_sim_opts *o)
{
	mzg_sim *s = NULL;
	int rc = mzg_sim_new(&s, d, o);

	CU_ASSERT_EQUAL_FATAL(rc, MZG_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

/* ---- codecs ---- */

static void test_base64(void)
{
	static const char *in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *want[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
	                              "Zm9vYmE=", "Zm9vYmFy" };
	char out[16];
	unsigned char all[256];
	char big[400];
	size_t i;

	for (i = 0; i < 7; i++) {
		CU_ASSERT_EQUAL(mzg__b64_len(strlen(in[i])), strlen(want[i]));
		mzg__b64_encode(out, (const unsigned char *)in[i], strlen(in[i]));
		CU_ASSERT_STRING_EQUAL(out, want[i]);
	}
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)(255 - i);
	mzg__b64_encode(big, all, 3);
	CU_ASSERT_STRING_EQUAL(big, "//79");
}

static void sha1_of(const void *data, size_t n, char hex[41])
{
	mzg_sha1 c;

	mzg__sha1_init(&c);
	mzg__sha1_update(&c, data, n);
	mzg__sha1_hex(&c, hex);
}

static void test_sha1(void)
{
	char hex[41];
	mzg_sha1 c;
	char *a = malloc(1000000);
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	size_t i;

	sha1_of("", 0, hex);
	CU_ASSERT_STRING_EQUAL(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sha1_of("abc", 3, hex);
	CU_ASSERT_STRING_EQUAL(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1_of(m448, strlen(m448), hex);
	CU_ASSERT_STRING_EQUAL(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	memset(a, 'a', 1000000);
	mzg__sha1_init(&c);
	for (i = 0; i < 1000000; i += 997) /* odd chunks cross block borders */
		mzg__sha1_update(&c, a + i, i + 997 > 1000000 ? 1000000 - i : 997);
	mzg__sha1_hex(&c, hex);
	CU_ASSERT_STRING_EQUAL(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(a);
}

static void test_numpress_int(void)
{
	unsigned char nib[9];
	int n;

	n = mzg__np_int_nibbles(0, nib);                /* README: 0 -> 8 */
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(nib[0], 8);
	n = mzg__np_int_nibbles(-1, nib);               /* -1 -> f f */
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT(nib[0] == 0xf && nib[1] == 0xf);
	n = mzg__np_int_nibbles(23, nib);               /* 23 -> 6 7 1 */
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT(nib[0] == 6 && nib[1] == 7 && nib[2] == 1);
	n = mzg__np_int_nibbles(-16, nib);              /* 0xfffffff0 -> f 0 */
	CU_ASSERT(n == 2 && nib[0] == 0xf && nib[1] == 0);
	n = mzg__np_int_nibbles(-300, nib);             /* 0xfffffed4: 5 f's */
	CU_ASSERT(n == 4 && nib[0] == 13 && nib[1] == 4 && nib[2] == 0xd && nib[3] == 0xe);
	n = mzg__np_int_nibbles(INT32_MIN, nib);        /* no elision: 0 + 8 */
	CU_ASSERT(n == 9 && nib[0] == 0 && nib[8] == 8);
	n = mzg__np_int_nibbles(0x7fffffff, nib);
	CU_ASSERT(n == 9 && nib[0] == 0 && nib[8] == 7);
}

static void test_numpress_slof(void)
{
	/* mzml.md 1.7: [1, 2, 4] -> 40 E3 E1 E0 00 00 00 00 40 6E BE AE FF FF */
	static const unsigned char want[14] = {
		0x40, 0xe3, 0xe1, 0xe0, 0, 0, 0, 0, 0x40, 0x6e, 0xbe, 0xae, 0xff, 0xff,
	};
	const double v[3] = { 1, 2, 4 };
	unsigned char out[14];
	size_t n = 0;

	CU_ASSERT_EQUAL(mzg__np_slof_encode(out, &n, v, 3), MZG_OK);
	CU_ASSERT_EQUAL(n, 14);
	CU_ASSERT(memcmp(out, want, 14) == 0);
}

/* A minimal decoder, here only to check the encoder round-trips; the
 * interoperability check is pymzML's (tests/cli/test_simulate.sh). */
static size_t np_linear_decode(double *out, const unsigned char *b, size_t len)
{
	uint64_t u = 0;
	double fp;
	int64_t x[2] = { 0, 0 };
	size_t i, n = 0, nib_total = (len - 16) * 2, k = 0;

	for (i = 0; i < 8; i++)
		u = u << 8 | b[i];
	memcpy(&fp, &u, 8);
	for (i = 0; i < 2; i++) {
		uint32_t v = (uint32_t)b[8 + 4 * i] | (uint32_t)b[9 + 4 * i] << 8 |
		             (uint32_t)b[10 + 4 * i] << 16 | (uint32_t)b[11 + 4 * i] << 24;

		x[i] = (int32_t)v;
		out[n++] = (double)x[i] / fp;
	}
	while (k < nib_total) {
		unsigned c = (b[16 + k / 2] >> (k % 2 ? 0 : 4)) & 15, m, j;
		uint32_t r = c > 8 ? 0xffffffffu : 0;

		k++;
		m = c > 8 ? 16 - c : 8 - c;
		if (c == 0 && k == nib_total)
			break; /* padding */
		r = c <= 8 ? 0 : r << (4 * m);
		if (m == 8)
			r = 0;
		for (j = 0; j < m; j++, k++)
			r |= (uint32_t)((b[16 + k / 2] >> (k % 2 ? 0 : 4)) & 15) << (4 * j);
		{
			int64_t nx = 2 * x[1] - x[0] + (int32_t)r;

			x[0] = x[1];
			x[1] = nx;
			out[n++] = (double)nx / fp;
		}
	}
	return n;
}

static void test_numpress_linear(void)
{
	double v[1000], back[1000];
	unsigned char out[16 + 5 * 1000];
	size_t n = 0, i, m;

	for (i = 0; i < 1000; i++) { /* a time-uniform axis, and a jump */
		double x = sqrt(3500.0) + (double)i * 0.02;

		v[i] = i == 500 ? 9400.0 : x * x;
	}
	CU_ASSERT_EQUAL(mzg__np_linear_encode(out, &n, v, 1000), MZG_OK);
	CU_ASSERT(n <= mzg__np_linear_max(1000));
	m = np_linear_decode(back, out, n);
	CU_ASSERT_EQUAL(m, 1000);
	for (i = 0; i < m && i < 1000; i++)
		CU_ASSERT_DOUBLE_EQUAL(back[i], v[i], 5e-5);
	v[3] = NAN;
	CU_ASSERT_EQUAL(mzg__np_linear_encode(out, &n, v, 1000), MZG_EDATA);
}

static CU_TestInfo codec_tests[] = {
	{ "base64", test_base64 },
	{ "sha1", test_sha1 },
	{ "numpress int", test_numpress_int },
	{ "numpress slof", test_numpress_slof },
	{ "numpress linear", test_numpress_linear },
	CU_TEST_INFO_NULL,
};

/* ---- files ---- */

/* Check an indexedmzML file: every offset lands on its <spectrum, the
 * indexListOffset on <indexList, and the SHA-1 matches. Returns the
 * number of spectra in the index. */
static size_t check_indexed(const char *path)
{
	size_t len = 0, n = 0;
	char *buf = mzg_test_slurp(path, &len);
	char *p, *q, hex[41];
	unsigned long long off;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	p = strstr(buf, "<indexListOffset>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	off = strtoull(p + 17, NULL, 10);
	CU_ASSERT(off < len && strncmp(buf + off, "<indexList ", 11) == 0);
	for (q = strstr(buf + off, "<offset idRef=\""); q;
	     q = strstr(q + 1, "<offset idRef=\"")) {
		char id[64], want[160];
		unsigned long long o;

		CU_ASSERT_FATAL(sscanf(q, "<offset idRef=\"%63[^\"]", id) == 1);
		o = strtoull(strchr(q, '>') + 1, NULL, 10);
		snprintf(want, sizeof want, "<spectrum index=\"%zu\" id=\"%s\"", n, id);
		CU_ASSERT(o < len && strncmp(buf + o, want, strlen(want)) == 0);
		n++;
	}
	p = strstr(buf, "<fileChecksum>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	sha1_of(buf, (size_t)(p - buf) + strlen("<fileChecksum>"), hex);
	CU_ASSERT(strncmp(p + strlen("<fileChecksum>"), hex, 40) == 0);
	free(buf);
	return n;
}

static void test_write_chip(void)
{
	mzg_sim_opts o;
	mzg_sim_write_opts w;
	mzg_sim *s;
	const char *dir = mzg_test_path(mzg_test_tmpdir(), "chip1");
	char *d = mzg__strdup(dir);
	int enc;

	mzg_sim_opts_init(&o);
	o.points = 2000;
	s = new_sim(&design1, &o);
	for (enc = 0; enc < 3; enc++) {
		mzg_sim_write_opts_init(&w);
		w.encoding = (mzg_sim_encoding)enc;
		w.force = enc > 0;
		CU_ASSERT_EQUAL(mzg_sim_write(s, d, &w), MZG_OK);
		CU_ASSERT_EQUAL(check_indexed(mzg_test_path(d, "chip.mzML")), 96);
	}
	w.force = 0;
	CU_ASSERT_EQUAL(mzg_sim_write(s, d, &w), MZG_EEXIST);
	CU_ASSERT(strstr(mzg_errmsg(), "exists") != NULL);
	mzg_sim_free(s);
	free(d);
}

static void test_write_per_well(void)
{
	mzg_sim_opts o;
	mzg_sim_write_opts w;
	mzg_sim *s;
	char *d = mzg__strdup(mzg_test_path(mzg_test_tmpdir(), "wells1"));
	char *spec = mzg__path_join(d, "spectra");

	mzg_sim_opts_init(&o);
	o.points = 500;
	o.centroid = 1;
	s = new_sim(&design1, &o);
	mzg_sim_write_opts_init(&w);
	w.per_well_files = 1;
	CU_ASSERT_EQUAL(mzg_sim_write(s, d, &w), MZG_OK);
	CU_ASSERT_EQUAL(check_indexed(mzg_test_path(spec, "A01.mzML")), 1);
	CU_ASSERT_EQUAL(check_indexed(mzg_test_path(spec, "H12.mzML")), 1);
	CU_ASSERT(access(mzg_test_path(d, "chip.mzML"), F_OK) != 0);
	CU_ASSERT_EQUAL(mzg_sim_write(s, d, &w), MZG_EEXIST);
	mzg_sim_free(s);
	free(spec);
	free(d);
}

/* Read @p path with mzgeno's own reader and compare every spectrum with
 * what the simulator renders for the same pads (from @p first on). */
static size_t read_back(const mzg_sim *s, const char *path, size_t first,
                        mzg_sim_encoding enc)
{
	mzg_mzml *r = NULL;
	mzg_spectrum got, want;
	size_t n = 0, i;
	int rc;
	unsigned cm = enc == MZG_SIM_ENC_ZLIB ? MZG_COMP_ZLIB :
	              enc == MZG_SIM_ENC_NUMPRESS ? MZG_COMP_NP_LINEAR : MZG_COMP_NONE;
	unsigned ci = enc == MZG_SIM_ENC_ZLIB ? MZG_COMP_ZLIB :
	              enc == MZG_SIM_ENC_NUMPRESS ? MZG_COMP_NP_SLOF : MZG_COMP_NONE;

	mzg_spectrum_init(&got);
	mzg_spectrum_init(&want);
	CU_ASSERT_EQUAL_FATAL(mzg_mzml_open(&r, path, NULL), MZG_OK);
	while ((rc = mzg_mzml_next(r, &got)) == MZG_OK) {
		const mzg_sim_pad *p = &s->pads[first + n];

		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&want, s, first + n), MZG_OK);
		CU_ASSERT_STRING_EQUAL(got.well, p->well);
		CU_ASSERT_STRING_EQUAL(got.spot_id ? got.spot_id : "", p->well);
		CU_ASSERT_STRING_EQUAL(got.id, want.id);
		CU_ASSERT_EQUAL(got.ms_level, 1);
		CU_ASSERT_EQUAL(got.repr, want.repr);
		CU_ASSERT_EQUAL(got.flags, 0);
		CU_ASSERT_EQUAL(got.enc_mz.compression, cm);
		CU_ASSERT_EQUAL(got.enc_int.compression, ci);
		CU_ASSERT_EQUAL_FATAL(got.n, want.n);
		for (i = 0; i < got.n; i++) {
			if (enc == MZG_SIM_ENC_NUMPRESS) { /* 0.5 / fixed point */
				CU_ASSERT_DOUBLE_EQUAL(got.mz[i], want.mz[i], 2.3e-6);
				CU_ASSERT_DOUBLE_EQUAL(got.intensity[i], want.intensity[i],
				                       1e-4 * (want.intensity[i] + 1));
			} else {
				CU_ASSERT_EQUAL(got.mz[i], want.mz[i]);
				CU_ASSERT_EQUAL(got.intensity[i], (double)(float)want.intensity[i]);
			}
		}
		n++;
	}
	CU_ASSERT_EQUAL(rc, MZG_DONE);
	CU_ASSERT_EQUAL(mzg_mzml_index_ok(r), 1);
	mzg_mzml_close(r);
	mzg_spectrum_free(&got);
	mzg_spectrum_free(&want);
	return n;
}

/* mzgeno's reader reads what the writer wrote: index verified, wells
 * resolved, counts and values as rendered. */
static void test_own_reader(void)
{
	mzg_sim_opts o;
	mzg_sim_write_opts w;
	mzg_sim *s;
	char *d = mzg__strdup(mzg_test_path(mzg_test_tmpdir(), "readback"));
	char *spec = mzg__path_join(d, "spectra");
	int enc, centroid;

	for (centroid = 0; centroid < 2; centroid++) {
		mzg_sim_opts_init(&o);
		o.points = 1500;
		o.centroid = centroid;
		s = new_sim(&design1, &o);
		for (enc = 0; enc < 3; enc++) {
			mzg_sim_write_opts_init(&w);
			w.encoding = (mzg_sim_encoding)enc;
			w.force = 1;
			CU_ASSERT_EQUAL_FATAL(mzg_sim_write(s, d, &w), MZG_OK);
			CU_ASSERT_EQUAL(read_back(s, mzg_test_path(d, "chip.mzML"), 0,
			                          w.encoding), 96);
		}
		w.per_well_files = 1;
		CU_ASSERT_EQUAL_FATAL(mzg_sim_write(s, d, &w), MZG_OK);
		CU_ASSERT_EQUAL(read_back(s, mzg_test_path(spec, "A01.mzML"), 0, w.encoding), 1);
		CU_ASSERT_EQUAL(read_back(s, mzg_test_path(spec, "H12.mzML"), 95, w.encoding), 1);
		mzg_sim_free(s);
	}
	free(spec);
	free(d);
}

static CU_TestInfo file_tests[] = {
	{ "read back by mzgeno's reader", test_own_reader },
	{ "chip.mzML index and checksum", test_write_chip },
	{ "per-well files", test_write_per_well },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "mzML writer codecs", NULL, NULL, NULL, NULL, codec_tests },
	{ "mzML writer files", NULL, NULL, NULL, NULL, file_tests },
	CU_SUITE_INFO_NULL,
};
