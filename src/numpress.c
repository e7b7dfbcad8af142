/*
 * numpress.c -- MS-Numpress decoding (linear, pic, slof) for mzML arrays.
 *
 * Implemented from the format description (Teleman et al., MCP 2014;
 * ms-numpress README / MSNumpress.hpp), see ../shared/reference/mzml.md
 * section 1.7. Numpress always decodes to doubles whatever data type the
 * array declares. The decoders check every byte they read against the
 * input length, grow the output geometrically, and stop at a caller's
 * limit so a small hostile payload cannot produce a huge array.
 *
 * Truncated integers ("encodeInt"): a count nibble c, then the remaining
 * nibbles least significant first; c <= 8 means the top c nibbles are 0
 * and 8-c follow, c >= 9 means the top c-8 nibbles are 0xF and 16-c
 * follow. Nibbles are packed high nibble first; a lone 0 nibble in the
 * last byte is padding.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "mzml_priv.h"

/* Linear prediction stays within +-2^61 so that 2*x1 - x0 + r never
 * overflows int64 on hostile input. */
#define LIN_BOUND ((int64_t)1 << 61)

/* Position in a nibble stream. */
typedef struct nib {
	const uint8_t *p;
	size_t len;   /* bytes */
	size_t pos;   /* nibble index */
} nib;

/* Whether the stream is at its end (allowing one trailing padding
 * nibble 0 in the last byte). */
static int nib_done(const nib *s)
{
	size_t total = s->len * 2;

	if (s->pos >= total)
		return 1;
	return s->pos == total - 1 && (s->p[s->len - 1] & 0x0f) == 0;
}

/* Read one nibble; -1 at the end of the data. */
static int nib_get(nib *s)
{
	uint8_t b;

	if (s->pos >= s->len * 2)
		return -1;
	b = s->p[s->pos / 2];
	return (s->pos++ & 1) ? (b & 0x0f) : (b >> 4);
}

/* Decode one truncated integer. 0, or -1 when the data ends inside it. */
static int nib_int(nib *s, uint32_t *out)
{
	int head = nib_get(s), lead, i;
	uint32_t v = 0;

	if (head < 0)
		return -1;
	if (head <= 8) {
		lead = head;
	} else {
		lead = head - 8;
		for (i = 0; i < lead; i++)
			v |= 0xF0000000u >> (4 * i);
	}
	for (i = 0; i < 8 - lead; i++) {
		int h = nib_get(s);

		if (h < 0)
			return -1;
		v |= (uint32_t)h << (4 * i);
	}
	*out = v;
	return 0;
}

/* The 8-byte big-endian IEEE double that starts linear and slof data. */
static double fixed_point(const uint8_t *p)
{
	uint64_t u = 0;
	double d;
	int i;

	for (i = 0; i < 8; i++)
		u = (u << 8) | p[i];
	memcpy(&d, &u, sizeof d);
	return d;
}

/* Make room for one more value in *out, honouring @p max. */
static int room_for_one(double **out, size_t *cap, size_t n, size_t max)
{
	if (n >= max)
		return mzg__err(MZG_ELIMIT,
		                "numpress data holds more than %zu values", max);
	if (n < *cap)
		return MZG_OK;
	return mzg__grow((void **)out, cap, n + 1, sizeof **out);
}

/* Check the fixed point of linear/slof data. */
static int check_fp(double fp, const char *codec)
{
	if (!(fp > 0) || !isfinite(fp))
		return mzg__err(MZG_EDATA, "numpress %s: invalid fixed point %g",
		                codec, fp);
	return MZG_OK;
}

int mzg__np_linear(double **out, size_t *cap, size_t *n, const uint8_t *in,
                   size_t len, size_t max)
{
	int64_t x0, x1;
	double fp;
	size_t k = 0, i;
	nib s;
	int rc;

	*n = 0;
	if (len == 0 || len == 8)
		return MZG_OK; /* no values */
	if (len < 12)
		return mzg__err(MZG_EDATA, "numpress linear: %zu bytes is too "
		                "short for a header and a first value", len);
	fp = fixed_point(in);
	if ((rc = check_fp(fp, "linear")) < 0)
		return rc;
	x1 = 0;
	for (i = 0; i < 4; i++)
		x1 |= (int64_t)in[8 + i] << (8 * i);
	if ((rc = room_for_one(out, cap, k, max)) < 0)
		return rc;
	(*out)[k++] = (double)x1 / fp;
	if (len == 12)
		goto done;
	if (len < 16)
		return mzg__err(MZG_EDATA, "numpress linear: truncated second "
		                "value (%zu bytes)", len);
	x0 = x1;
	x1 = 0;
	for (i = 0; i < 4; i++)
		x1 |= (int64_t)in[12 + i] << (8 * i);
	if ((rc = room_for_one(out, cap, k, max)) < 0)
		return rc;
	(*out)[k++] = (double)x1 / fp;
	s.p = in + 16;
	s.len = len - 16;
	s.pos = 0;
	while (!nib_done(&s)) {
		uint32_t r;
		int64_t y;

		if (nib_int(&s, &r) < 0)
			return mzg__err(MZG_EDATA, "numpress linear: data ends "
			                "inside value %zu", k);
		y = 2 * x1 - x0 + (int64_t)(int32_t)r;
		if (y > LIN_BOUND || y < -LIN_BOUND) /* keeps 2*x1-x0 in range */
			return mzg__err(MZG_EDATA, "numpress linear: value %zu "
			                "is out of range (corrupt data)", k);
		if ((rc = room_for_one(out, cap, k, max)) < 0)
			return rc;
		(*out)[k++] = (double)y / fp;
		x0 = x1;
		x1 = y;
	}
done:
	*n = k;
	return MZG_OK;
}

int mzg__np_pic(double **out, size_t *cap, size_t *n, const uint8_t *in,
                size_t len, size_t max)
{
	size_t k = 0;
	nib s = { in, len, 0 };
	int rc;

	*n = 0;
	while (!nib_done(&s)) {
		uint32_t v;

		if (nib_int(&s, &v) < 0)
			return mzg__err(MZG_EDATA, "numpress pic: data ends "
			                "inside value %zu", k);
		if ((rc = room_for_one(out, cap, k, max)) < 0)
			return rc;
		(*out)[k++] = (double)v;
	}
	*n = k;
	return MZG_OK;
}

int mzg__np_slof(double **out, size_t *cap, size_t *n, const uint8_t *in,
                 size_t len, size_t max)
{
	size_t k, count;
	double fp;
	int rc;

	*n = 0;
	if (len == 0)
		return MZG_OK;
	if (len < 8 || (len - 8) % 2)
		return mzg__err(MZG_EDATA, "numpress slof: %zu bytes is not an "
		                "8-byte header plus 2 bytes per value", len);
	fp = fixed_point(in);
	if ((rc = check_fp(fp, "slof")) < 0)
		return rc;
	count = (len - 8) / 2;
	if (count > max)
		return mzg__err(MZG_ELIMIT, "numpress slof data holds %zu "
		                "values, more than %zu", count, max);
	if ((rc = mzg__grow((void **)out, cap, count, sizeof **out)) < 0)
		return rc;
	for (k = 0; k < count; k++) {
		unsigned u = in[8 + 2 * k] | (unsigned)in[9 + 2 * k] << 8;

		(*out)[k] = exp(u / fp) - 1.0;
	}
	*n = count;
	return MZG_OK;
}
