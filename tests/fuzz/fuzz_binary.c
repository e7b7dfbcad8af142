/*
 * fuzz_binary.c -- fuzz target for one binaryDataArray decode.
 *
 * The first three bytes choose how mzg_binary_decode() is called, the
 * rest is the payload:
 *   byte 0  declared type, modulo 5 (0 unknown, 1 f32, 2 f64, 3 i32, 4 i64)
 *   byte 1  MZG_COMP_* flags (low 4 bits: zlib, numpress linear/pic/slof)
 *   byte 2  bit 0: the payload is raw bytes that this harness base64-
 *           encodes first (so the fuzzer mutates zlib and numpress data
 *           directly); otherwise the payload is the base64 text itself.
 *           bits 1-3: max_points is 2^(4 + 2k) (16 .. 2^18).
 * The decoder's promises are checked: no more values than max_points, an
 * output array whenever there are values, and a message on every error.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mzgeno/error.h"
#include "mzgeno/mzml.h"

/* Base64-encode @p n bytes; malloc'ed text, its length in *len. */
static char *b64_encode(const uint8_t *p, size_t n, size_t *len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		*o++ = tab[v >> 18];
		*o++ = tab[(v >> 12) & 63];
		*o++ = tab[(v >> 6) & 63];
		*o++ = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 |
		             (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);

		*o++ = tab[v >> 18];
		*o++ = tab[(v >> 12) & 63];
		*o++ = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double *vals = NULL;
	size_t n = 0, len, i, max_points;
	char *text;
	mzg_dtype dtype;
	unsigned comp;
	volatile double sum = 0;
	int rc;

	if (size < 3)
		return 0;
	dtype = (mzg_dtype)(data[0] % 5);
	comp = data[1] & 0x0fu;
	max_points = (size_t)1 << (4 + 2 * ((data[2] >> 1) & 7));
	if (data[2] & 1) {
		if (!(text = b64_encode(data + 3, size - 3, &len)))
			return 0;
	} else {
		len = size - 3;
		if (!(text = malloc(len ? len : 1)))
			return 0;
		memcpy(text, data + 3, len);
	}
	rc = mzg_binary_decode(&vals, &n, text, len, dtype, comp, max_points);
	if (rc == 0) {
		if (n > max_points)
			abort();
		if (n && !vals)
			abort();
		for (i = 0; i < n; i++)
			sum += vals[i];
	} else if (!mzg_errmsg()[0]) {
		abort();
	}
	(void)sum;
	free(vals);
	free(text);
	return 0;
}
