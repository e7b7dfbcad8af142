/*
 * test_binary.c -- unit tests of mzML binary array decoding: streaming
 * base64, MS-Numpress (linear, pic, slof) and mzg_binary_decode with every
 * data type, zlib, limits and corrupt input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "internal.h"
#include "mzgeno/mzml.h"
#include "mzml_priv.h"
#include "runner.h"
#include "test_mzml_util.h"

/* ---- base64 ---- */

static void test_b64_basic(void)
{
	static const char *in[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
	                            "Zm9vYmE=", "Zm9vYmFy" };
	static const char *out[] = { "", "f", "fo", "foo", "foob", "fooba",
	                             "foobar" };
	uint8_t buf[16];
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(in); i++) {
		mzg_b64 st;
		size_t n;
		int t;

		mzg__b64_init(&st);
		n = mzg__b64_decode(&st, in[i], strlen(in[i]), buf);
		t = mzg__b64_finish(&st, buf + n);
		CU_ASSERT_EQUAL_FATAL(t >= 0, 1);
		n += (size_t)t;
		CU_ASSERT_EQUAL(n, strlen(out[i]));
		CU_ASSERT(memcmp(buf, out[i], n) == 0);
	}
}

/* Decode @p text fed in pieces of @p step characters. */
static int b64_pieces(const char *text, size_t step, uint8_t *out, size_t *n)
{
	size_t len = strlen(text), i, k = 0;
	mzg_b64 st;
	int t;

	mzg__b64_init(&st);
	for (i = 0; i < len; i += step)
		k += mzg__b64_decode(&st, text + i,
		                     len - i < step ? len - i : step, out + k);
	t = mzg__b64_finish(&st, out + k);
	if (t < 0)
		return -1;
	*n = k + (size_t)t;
	return 0;
}

static void test_b64_split_whitespace(void)
{
	const char *text = " TWFu\r\nIGlz\tIGRp c3Rp\nbmd1aXNoZWQ=\n";
	const char *want = "Man is distinguished";
	uint8_t buf[64];
	size_t step, n;

	for (step = 1; step <= 12; step++) {
		CU_ASSERT_EQUAL_FATAL(b64_pieces(text, step, buf, &n), 0);
		CU_ASSERT_EQUAL(n, strlen(want));
		CU_ASSERT(memcmp(buf, want, strlen(want)) == 0);
	}
	/* missing final padding is tolerated */
	CU_ASSERT_EQUAL(b64_pieces("Zm8", 1, buf, &n), 0);
	CU_ASSERT_EQUAL(n, 2);
}

static void test_b64_invalid(void)
{
	uint8_t buf[64];
	size_t n;

	CU_ASSERT_EQUAL(b64_pieces("Zm9v!", 2, buf, &n), -1);
	CU_ASSERT_EQUAL(b64_pieces("Z", 1, buf, &n), -1);      /* lone sextet */
	CU_ASSERT_EQUAL(b64_pieces("Zg==Zg==", 3, buf, &n), -1); /* data after pad */
	CU_ASSERT_EQUAL(b64_pieces("Z===", 1, buf, &n), -1);
	CU_ASSERT_EQUAL(b64_pieces("=AAA", 4, buf, &n), -1);
	CU_ASSERT_EQUAL(b64_pieces("Zg=\xc3", 4, buf, &n), -1);
}

/* Base64 of @p n bytes, padded, NUL-terminated; returns its length. */
static size_t b64_encode(const uint8_t *in, size_t n, char *out)
{
	static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                        "0123456789+/";
	size_t i, k = 0;

	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[k++] = A[v >> 18 & 63];
		out[k++] = A[v >> 12 & 63];
		out[k++] = i + 1 < n ? A[v >> 6 & 63] : '=';
		out[k++] = i + 2 < n ? A[v & 63] : '=';
	}
	out[k] = '\0';
	return k;
}

/* Decode in pieces of @p step with the AVX2 blocks on or off: bytes
 * written, the finish result and the state's error. */
static size_t b64_run(const char *text, size_t len, size_t step, int simd,
                      uint8_t *out, int *fin, mzg_b64 *st)
{
	size_t i, k = 0;

	mzg__b64_simd = simd;
	mzg__b64_init(st);
	for (i = 0; i < len; i += step)
		k += mzg__b64_decode(st, text + i, len - i < step ? len - i : step,
		                     out + k);
	*fin = mzg__b64_finish(st, out + k);
	mzg__b64_simd = 1;
	return k;
}

/* The 32-at-a-time decoder (CPUs with AVX2) gives the byte-wise decoder's
 * bytes and errors: random data, every byte value planted at every
 * position of a block, whitespace, padding, pieces of any size. */
static void test_b64_blocks(void)
{
	enum { NB = 700 };
	static const size_t steps[] = { 1, 5, 31, 32, 33, 100, 4096 };
	uint8_t data[NB], a[NB + 8], b[NB + 8];
	char text[4 * NB / 3 + 8];
	uint32_t seed = 12345;
	size_t t, i, len, na, nb;

	for (t = 0; t < 600; t++) {
		int fa, fb;
		mzg_b64 sa, sb;

		for (i = 0; i < NB; i++) {
			seed = seed * 1103515245u + 12345u;
			data[i] = (uint8_t)(seed >> 16);
		}
		len = b64_encode(data, NB - t % 3, text);
		if (t >= 1 && t < 257) /* byte value t - 1 at a position */
			text[(t * 13) % (len - 8)] = (char)(t - 1);
		else if (t >= 257 && t < 300) /* whitespace */
			text[(t * 7) % len] = " \n\r\t"[t % 4];
		else if (t >= 300 && t < 340) /* padding inside */
			text[(t * 11) % len] = '=';
		for (i = 0; i < MZG_ARRAY_LEN(steps); i++) {
			memset(a, 0xAA, sizeof a);
			memset(b, 0xAA, sizeof b);
			na = b64_run(text, len, steps[i], 1, a, &fa, &sa);
			nb = b64_run(text, len, steps[i], 0, b, &fb, &sb);
			CU_ASSERT_EQUAL_FATAL(na, nb);
			CU_ASSERT_EQUAL(fa, fb);
			CU_ASSERT_EQUAL(sa.bad, sb.bad);
			CU_ASSERT_EQUAL(sa.badc, sb.badc);
			CU_ASSERT(memcmp(a, b, sizeof a) == 0);
			if (t == 0 || t >= 340)
				CU_ASSERT(fa >= 0 && na + (size_t)fa == NB - t % 3 &&
				          memcmp(a, data, NB - t % 3) == 0);
		}
	}
}

/* ---- numpress ---- */

static void test_slof_vectors(void)
{
	/* reference/mzml.md 1.7 (from pymzML's numpress tests) */
	static const uint8_t v1[] = { 0x40, 0xC3, 0x88, 0, 0, 0, 0, 0,
	                              0x13, 0x1B, 0xEA, 0x2A, 0xDE, 0x3E };
	static const uint8_t v2[] = { 0x40, 0xE3, 0xE1, 0xE0, 0, 0, 0, 0,
	                              0x40, 0x6E, 0xBE, 0xAE, 0xFF, 0xFF };
	double *out = NULL;
	size_t cap = 0, n = 0;

	CU_ASSERT_EQUAL_FATAL(mzg__np_slof(&out, &cap, &n, v1, sizeof v1, 100), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_DOUBLE_EQUAL(out[0], 0.99991, 5e-5);
	CU_ASSERT_DOUBLE_EQUAL(out[1], 1.99996, 5e-5);
	CU_ASSERT_DOUBLE_EQUAL(out[2], 3.99981, 5e-5);
	CU_ASSERT_EQUAL_FATAL(mzg__np_slof(&out, &cap, &n, v2, sizeof v2, 100), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_DOUBLE_EQUAL(out[0], 1.0, 1e-4);
	CU_ASSERT_DOUBLE_EQUAL(out[1], 2.0, 1e-4);
	CU_ASSERT_DOUBLE_EQUAL(out[2], 4.0, 1e-4);
	/* odd payload, short header, bad fixed point, limit */
	CU_ASSERT_EQUAL(mzg__np_slof(&out, &cap, &n, v1, 13, 100), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg__np_slof(&out, &cap, &n, v1, 6, 100), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg__np_slof(&out, &cap, &n, v1, sizeof v1, 2), MZG_ELIMIT);
	{
		uint8_t z[10] = { 0 };

		CU_ASSERT_EQUAL(mzg__np_slof(&out, &cap, &n, z, 10, 9), MZG_EDATA);
	}
	free(out);
}

static void test_pic(void)
{
	/* 0 -> "8"; -1 (0xffffffff) -> "f f"; 23 -> "6 7 1", packed high
	 * nibble first: 8f f6 71 */
	static const uint8_t d[] = { 0x8f, 0xf6, 0x71 };
	/* 5 values 1,2,3,4,5 -> 71 72 73 74 75 (odd nibble count: pad 0) */
	static const uint8_t e[] = { 0x71, 0x72, 0x73, 0x74, 0x75 };
	double *out = NULL;
	size_t cap = 0, n = 0;

	CU_ASSERT_EQUAL_FATAL(mzg__np_pic(&out, &cap, &n, d, sizeof d, 100), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_DOUBLE_EQUAL(out[0], 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(out[1], 4294967295.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(out[2], 23, 0);
	CU_ASSERT_EQUAL_FATAL(mzg__np_pic(&out, &cap, &n, e, sizeof e, 100), 0);
	CU_ASSERT_EQUAL_FATAL(n, 5);
	CU_ASSERT_DOUBLE_EQUAL(out[4], 5, 0);
	/* truncated inside a value */
	CU_ASSERT_EQUAL(mzg__np_pic(&out, &cap, &n, (const uint8_t *)"\x61", 1,
	                            100), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg__np_pic(&out, &cap, &n, e, sizeof e, 4), MZG_ELIMIT);
	free(out);
}

static void test_linear(void)
{
	/* fp = 10000 (big-endian), x0 = 1000000 (100.0), x1 = 1000100
	 * (100.01), then residuals 0 ("8") and +5 ("75") -> 100.02, 100.0305 */
	static const uint8_t d[] = { 0x40, 0xc3, 0x88, 0, 0, 0, 0, 0,
	                             0x40, 0x42, 0x0f, 0x00,
	                             0xa4, 0x42, 0x0f, 0x00,
	                             0x87, 0x50 };
	double *out = NULL;
	size_t cap = 0, n = 0;

	CU_ASSERT_EQUAL_FATAL(mzg__np_linear(&out, &cap, &n, d, sizeof d, 100), 0);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_DOUBLE_EQUAL(out[0], 100.0, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(out[1], 100.01, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(out[2], 100.02, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(out[3], 100.0305, 1e-12);
	/* header only = no values; 1 value; truncations */
	CU_ASSERT_EQUAL(mzg__np_linear(&out, &cap, &n, d, 8, 100), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(mzg__np_linear(&out, &cap, &n, d, 12, 100), 0);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(mzg__np_linear(&out, &cap, &n, d, 10, 100), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg__np_linear(&out, &cap, &n, d, 14, 100), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg__np_linear(&out, &cap, &n, d, sizeof d, 3), MZG_ELIMIT);
	free(out);
}

static void test_linear_hostile(void)
{
	/* residual +2^31-1 at every step: the second difference explodes;
	 * the decoder must stop with an error before int64 overflows (the
	 * ASan/UBSan build checks that) */
	size_t pairs = 100000, i, n = 0, cap = 0;
	uint8_t *d = malloc(16 + 9 * pairs);
	double *out = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	memcpy(d, "\x40\xc3\x88\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	for (i = 0; i < pairs; i++) /* nibbles 0 fffffff7, twice */
		memcpy(d + 16 + 9 * i, "\x0f\xff\xff\xff\x70\xff\xff\xff\xf7", 9);
	CU_ASSERT_EQUAL(mzg__np_linear(&out, &cap, &n, d, 16 + 9 * pairs,
	                               SIZE_MAX), MZG_EDATA);
	CU_ASSERT(strstr(mzg_errmsg(), "out of range") != NULL);
	free(out);
	free(d);
}

/* ---- mzg_binary_decode ---- */

static void test_decode_types(void)
{
	double want[5] = { 1.5, -2.25, 3e5, 0, 1234567.0 };
	int32_t i32[5] = { 1, -2, 300000, 0, 1234567 };
	int64_t i64[5] = { 1, -2, 300000, 0, (int64_t)1 << 40 };
	float f32[5];
	double *out;
	size_t n, i;
	char *t;

	for (i = 0; i < 5; i++)
		f32[i] = (float)want[i];
	t = tb64(want, sizeof want, 0);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F64,
	                                  0, 100), 0);
	CU_ASSERT_EQUAL(n, 5);
	for (i = 0; i < n; i++)
		CU_ASSERT_DOUBLE_EQUAL(out[i], want[i], 0);
	free(out);
	free(t);
	t = tb64(f32, sizeof f32, 1);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F32,
	                                  MZG_COMP_ZLIB, 100), 0);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_DOUBLE_EQUAL(out[1], -2.25, 0);
	free(out);
	free(t);
	t = tb64(i32, sizeof i32, 1);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_I32,
	                                  MZG_COMP_ZLIB, 100), 0);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_DOUBLE_EQUAL(out[1], -2, 0);
	CU_ASSERT_DOUBLE_EQUAL(out[4], 1234567, 0);
	free(out);
	free(t);
	t = tb64(i64, sizeof i64, 0);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_I64,
	                                  0, 100), 0);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_DOUBLE_EQUAL(out[1], -2, 0);
	CU_ASSERT_DOUBLE_EQUAL(out[4], 1099511627776.0, 0);
	free(out);
	/* wrong width: 40 bytes are not a whole number of... they are for
	 * f32 (10 values); 3 bytes are not */
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, "AAAA", 4, MZG_DTYPE_F32, 0,
	                                  100), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t),
	                                  MZG_DTYPE_UNKNOWN, 0, 100), MZG_EDATA);
	free(t);
	/* empty text: zero values */
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, "", 0, MZG_DTYPE_F64,
	                                  MZG_COMP_ZLIB, 100), 0);
	CU_ASSERT_EQUAL(n, 0);
	free(out);
}

static void test_decode_limits(void)
{
	size_t big = 1 << 20, n;
	double *zeros = calloc(big, sizeof *zeros), *out = NULL;
	char *t = tb64(zeros, big * sizeof *zeros, 1); /* ~8 MB -> ~10 KB */

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT(strlen(t) < 40000);
	/* a zlib bomb stops at the limit */
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F64,
	                                  MZG_COMP_ZLIB, 1000), MZG_ELIMIT);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F32,
	                                  MZG_COMP_ZLIB, 1000), MZG_ELIMIT);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F64,
	                                  MZG_COMP_ZLIB, big), 0);
	CU_ASSERT_EQUAL(n, big);
	free(out);
	/* truncated and corrupt zlib */
	t[strlen(t) / 2] = '\0';
	t[strlen(t) / 4 * 4] = '\0';
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F64,
	                                  MZG_COMP_ZLIB, big), MZG_EDATA);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, "AAAAAAAA", 8, MZG_DTYPE_F64,
	                                  MZG_COMP_ZLIB, big), MZG_EDATA);
	CU_ASSERT(strstr(mzg_errmsg(), "zlib") != NULL);
	/* uncompressed data longer than the limit */
	free(t);
	t = tb64(zeros, 800, 0);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F64,
	                                  0, 99), MZG_ELIMIT);
	free(t);
	free(zeros);
}

static void test_decode_numpress_zlib(void)
{
	static const uint8_t pic[] = { 0x71, 0x72, 0x73 }; /* 1,2,3 (+pad) */
	double *out = NULL;
	size_t n;
	char *t = tb64(pic, sizeof pic, 1);

	/* declared type is ignored for numpress: always doubles */
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_I32,
	                                  MZG_COMP_NP_PIC | MZG_COMP_ZLIB, 10), 0);
	CU_ASSERT_EQUAL(n, 3);
	if (n == 3)
		CU_ASSERT_DOUBLE_EQUAL(out[2], 3, 0);
	free(out);
	CU_ASSERT_EQUAL(mzg_binary_decode(&out, &n, t, strlen(t), MZG_DTYPE_F32,
	                                  MZG_COMP_NP_PIC | MZG_COMP_NP_SLOF, 10),
	                MZG_EDATA);
	free(t);
}

/* The zlib tests again through zlib's inflate (when built with
 * libdeflate, that is otherwise not used). */
static void test_decode_zlib_path(void)
{
	mzg__zlib_only = 1;
	test_decode_types();
	test_decode_limits();
	test_decode_numpress_zlib();
	mzg__zlib_only = 0;
}

CU_TestInfo binary_tests[] = {
	{ "base64 basic", test_b64_basic },
	{ "base64 split anywhere, whitespace", test_b64_split_whitespace },
	{ "base64 invalid", test_b64_invalid },
	{ "base64 32 at a time = byte-wise", test_b64_blocks },
	{ "numpress slof vectors", test_slof_vectors },
	{ "numpress pic", test_pic },
	{ "numpress linear", test_linear },
	{ "numpress linear hostile", test_linear_hostile },
	{ "decode f32/f64/i32/i64, zlib", test_decode_types },
	{ "decode limits, zlib bomb, corrupt zlib", test_decode_limits },
	{ "decode numpress + zlib", test_decode_numpress_zlib },
	{ "decode again through zlib's inflate", test_decode_zlib_path },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "binary", NULL, NULL, NULL, NULL, binary_tests },
	CU_SUITE_INFO_NULL,
};
