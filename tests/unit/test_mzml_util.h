/*
 * test_mzml_util.h -- helpers shared by the mzML unit tests: base64 (and
 * zlib) encoding of test arrays.
 */
#ifndef MZG_TEST_MZML_UTIL_H
#define MZG_TEST_MZML_UTIL_H

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define MZG_TEST_UNUSED __attribute__((unused))

/* Base64 of @p n bytes (zlib-compressed first if @p z). malloc'ed. */
static MZG_TEST_UNUSED char *tb64(const void *data, size_t n, int z)
{
	static const char al[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	unsigned char *zb = NULL;
	char *out, *o;
	size_t i;

	if (z) {
		uLongf zl = compressBound((uLong)n);

		zb = malloc(zl ? zl : 1);
		if (!zb || compress2(zb, &zl, data, (uLong)n, 6) != Z_OK) {
			free(zb);
			return NULL;
		}
		p = zb;
		n = zl;
	}
	out = malloc(n / 3 * 4 + 5);
	if (!out) {
		free(zb);
		return NULL;
	}
	for (i = 0, o = out; i + 2 < n; i += 3, o += 4) {
		o[0] = al[p[i] >> 2];
		o[1] = al[(p[i] & 3) << 4 | p[i + 1] >> 4];
		o[2] = al[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		o[3] = al[p[i + 2] & 63];
	}
	if (n - i == 1) {
		o[0] = al[p[i] >> 2];
		o[1] = al[(p[i] & 3) << 4];
		o[2] = o[3] = '=';
		o += 4;
	} else if (n - i == 2) {
		o[0] = al[p[i] >> 2];
		o[1] = al[(p[i] & 3) << 4 | p[i + 1] >> 4];
		o[2] = al[(p[i + 1] & 15) << 2];
		o[3] = '=';
		o += 4;
	}
	*o = '\0';
	free(zb);
	return out;
}

#endif
