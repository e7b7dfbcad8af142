/*
 * mzml_write_codec.c -- encoders for the mzML writer: base64, MS-Numpress
 * (linear, slof) and SHA-1.
 *
 * Written from the format descriptions (RFC 4648; the ms-numpress README
 * and Teleman et al., MCP 2014; FIPS 180-4), independently of the reader's
 * decoders, so the simulator can test the reader rather than agree with
 * it. Numpress details: fixed points are stored as big-endian IEEE
 * doubles, the first two linear values as little-endian int32, residuals
 * (actual - predicted) as truncated integers packed high half-byte first.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "mzml_write.h"

/* ---- base64 ---- */

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t mzg__b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void mzg__b64_encode(char *out, const unsigned char *in, size_t n)
{
	size_t i;
	char *o = out;

	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 63];
		*o++ = b64_alphabet[(v >> 6) & 63];
		*o++ = b64_alphabet[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;

		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 63];
		*o++ = '=';
		*o++ = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;

		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 63];
		*o++ = b64_alphabet[(v >> 6) & 63];
		*o++ = '=';
	}
	*o = '\0';
}

/* ---- SHA-1 ---- */

static uint32_t rol32(uint32_t x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static void sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & c) | (~b & d), k = 0x5a827999u;
		else if (i < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1u;
		else if (i < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdcu;
		else
			f = b ^ c ^ d, k = 0xca62c1d6u;
		t = rol32(a, 5) + f + e + k + w[i];
		e = d, d = c, c = rol32(b, 30), b = a, a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void mzg__sha1_init(mzg_sha1 *c)
{
	static const uint32_t h0[5] = {
		0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u,
	};

	memcpy(c->h, h0, sizeof h0);
	c->len = 0;
	c->fill = 0;
}

void mzg__sha1_update(mzg_sha1 *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	c->len += n;
	if (c->fill) {
		size_t k = 64 - c->fill < n ? 64 - c->fill : n;

		memcpy(c->buf + c->fill, p, k);
		c->fill += k, p += k, n -= k;
		if (c->fill < 64)
			return;
		sha1_block(c->h, c->buf);
		c->fill = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		sha1_block(c->h, p);
	memcpy(c->buf, p, n);
	c->fill = n;
}

void mzg__sha1_hex(mzg_sha1 *c, char out[41])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = { 0x80 };
	size_t npad = (c->fill < 56 ? 56 : 120) - c->fill;
	int i;

	for (i = 0; i < 8; i++)
		pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	mzg__sha1_update(c, pad, npad + 8);
	for (i = 0; i < 20; i++) {
		unsigned char byte = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));

		out[2 * i] = hex[byte >> 4];
		out[2 * i + 1] = hex[byte & 15];
	}
	out[40] = '\0';
}

/* ---- MS-Numpress ---- */

int mzg__np_int_nibbles(int32_t x, unsigned char nib[9])
{
	uint32_t u = (uint32_t)x;
	int lead = 0, i, n = 0;
	unsigned fill = (u >> 28) == 0 ? 0x0 : (u >> 28) == 0xf ? 0xf : 0x10;

	if (fill == 0x0)      /* leading zero half-bytes, up to 8 */
		while (lead < 8 && ((u >> (28 - 4 * lead)) & 0xf) == 0)
			lead++;
	else if (fill == 0xf) /* leading 0xf half-bytes, up to 7 */
		while (lead < 7 && ((u >> (28 - 4 * lead)) & 0xf) == 0xf)
			lead++;
	nib[n++] = (unsigned char)(fill == 0xf ? 8 + lead : lead);
	for (i = 0; i < 8 - lead; i++)
		nib[n++] = (unsigned char)((u >> (4 * i)) & 0xf);
	return n;
}

static void put_be_double(unsigned char *out, double v)
{
	uint64_t u;
	int i;

	memcpy(&u, &v, sizeof u);
	for (i = 0; i < 8; i++)
		out[i] = (unsigned char)(u >> (56 - 8 * i));
}

static void put_le_i32(unsigned char *out, int64_t v)
{
	uint32_t u = (uint32_t)(int32_t)v;
	int i;

	for (i = 0; i < 4; i++)
		out[i] = (unsigned char)(u >> (8 * i));
}

size_t mzg__np_linear_max(size_t n)
{
	return 16 + 5 * n;
}

size_t mzg__np_slof_max(size_t n)
{
	return 8 + 2 * n;
}

/* The largest fixed point keeping every value and every second
 * difference (+1 for rounding) below 2^31. */
static double linear_fixed_point(const double *v, size_t n)
{
	double mx = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(v[i]) > mx)
			mx = fabs(v[i]);
	for (i = 2; i < n; i++) {
		double d = fabs(v[i] - 2 * v[i - 1] + v[i - 2]) + 1;

		if (d > mx)
			mx = d;
	}
	return floor(2147483647.0 / (mx * 1.0000001));
}

int mzg__np_linear_encode(unsigned char *out, size_t *out_len,
                          const double *v, size_t n)
{
	double fp;
	int64_t prev2 = 0, prev1 = 0;
	size_t i, pos;
	int half = 0;

	for (i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return mzg__err(MZG_EDATA, "numpress: value %zu is not finite", i);
	fp = linear_fixed_point(v, n);
	put_be_double(out, fp);
	pos = 8;
	for (i = 0; i < n; i++) {
		int64_t x = (int64_t)llround(v[i] * fp);

		if (i < 2) {
			put_le_i32(out + pos, x);
			pos += 4;
		} else {
			unsigned char nib[9];
			int k, m = mzg__np_int_nibbles((int32_t)(x - (2 * prev1 - prev2)), nib);

			for (k = 0; k < m; k++) {
				if (!half)
					out[pos] = (unsigned char)(nib[k] << 4);
				else
					out[pos++] |= nib[k];
				half = !half;
			}
		}
		prev2 = prev1;
		prev1 = x;
	}
	*out_len = pos + (size_t)half; /* a lone last half-byte is padded with 0 */
	return MZG_OK;
}

int mzg__np_slof_encode(unsigned char *out, size_t *out_len,
                        const double *v, size_t n)
{
	double mx = 1, fp;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			return mzg__err(MZG_EDATA, "numpress: value %zu is not finite", i);
		if (v[i] > 0 && log(v[i] + 1) > mx)
			mx = log(v[i] + 1);
	}
	fp = floor(65535.0 / mx);
	put_be_double(out, fp);
	for (i = 0; i < n; i++) {
		double l = v[i] > 0 ? log(v[i] + 1) * fp + 0.5 : 0;
		unsigned u = l >= 65535 ? 65535u : (unsigned)l;

		out[8 + 2 * i] = (unsigned char)(u & 0xff);
		out[8 + 2 * i + 1] = (unsigned char)(u >> 8);
	}
	*out_len = 8 + 2 * n;
	return MZG_OK;
}
