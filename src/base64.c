/*
 * base64.c -- streaming base64 decoding for mzML <binary> text.
 *
 * The XML parser hands over the text of a <binary> element in pieces that
 * may split a 4-character quantum anywhere, so the decoder keeps up to three
 * pending sextets between calls. xs:base64Binary allows whitespace, which is
 * skipped; '=' padding is accepted only at the end, and a missing final
 * padding is tolerated. The hot loop decodes aligned quanta with one table
 * lookup per character and a single validity test per quantum.
 */
#include <string.h>

#include "internal.h"
#include "mzml_priv.h"

#define B64_WS 64   /* whitespace: skipped */
#define B64_PAD 65  /* '=' */
#define B64_BAD 255 /* anything else */

/* Character -> sextet (0..63), B64_WS, B64_PAD or B64_BAD. */
static const uint8_t b64_table[256] = {
#define X B64_BAD
	X, X, X, X, X, X, X, X, X, B64_WS, B64_WS, X, X, B64_WS, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	B64_WS, X, X, X, X, X, X, X, X, X, X, 62, X, X, X, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X, X, X, B64_PAD, X, X,
	X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X, X, X, X, X,
	X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
#undef X
};

void mzg__b64_init(mzg_b64 *st)
{
	memset(st, 0, sizeof *st);
}

/* Emit the top @p nbytes of a completed 24-bit group. */
static size_t emit(uint32_t v, int nbytes, uint8_t *out)
{
	out[0] = (uint8_t)(v >> 16);
	if (nbytes > 1)
		out[1] = (uint8_t)(v >> 8);
	if (nbytes > 2)
		out[2] = (uint8_t)v;
	return (size_t)nbytes;
}

/* Feed one classified character @p v (not whitespace) to the slow path.
 * Returns the bytes written, or 0 with st->bad set. */
static size_t slow_char(mzg_b64 *st, uint8_t v, unsigned char c, uint8_t *out)
{
	if (v < 64) {
		if (st->npad)
			goto bad;
		st->acc = (st->acc << 6) | v;
		if (++st->nacc < 4)
			return 0;
		st->nacc = 0;
		return emit(st->acc, 3, out);
	}
	if (v == B64_PAD && st->nacc >= 2 && st->npad < 2) {
		st->npad++;
		if (st->nacc + st->npad < 4)
			return 0;
		/* quantum complete: nacc data sextets give nacc-1 bytes */
		v = (uint8_t)st->nacc;
		st->nacc = 0;
		return emit(st->acc << (6 * st->npad), v - 1, out);
	}
bad:
	st->bad = 1;
	st->badc = c;
	return 0;
}

size_t mzg__b64_decode(mzg_b64 *st, const char *in, size_t n, uint8_t *out)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + n;
	uint8_t *o = out;

	if (st->bad)
		return 0;
	while (p < end) {
		/* fast path: whole aligned quanta of data characters */
		while (st->nacc == 0 && !st->npad && end - p >= 4) {
			uint8_t a = b64_table[p[0]], b = b64_table[p[1]];
			uint8_t c = b64_table[p[2]], d = b64_table[p[3]];

			if ((a | b | c | d) & 0xC0)
				break;
			o[0] = (uint8_t)(a << 2 | b >> 4);
			o[1] = (uint8_t)(b << 4 | c >> 2);
			o[2] = (uint8_t)(c << 6 | d);
			o += 3;
			p += 4;
		}
		if (p >= end)
			break;
		{
			uint8_t v = b64_table[*p];

			if (v != B64_WS) {
				o += slow_char(st, v, *p, o);
				if (st->bad)
					break;
			}
			p++;
		}
	}
	return (size_t)(o - out);
}

int mzg__b64_finish(mzg_b64 *st, uint8_t *out)
{
	int n = st->nacc;

	if (st->bad || n == 1)
		return -1;
	st->nacc = 0;
	if (n == 0)
		return 0;
	/* unpadded (or partly padded) final quantum of 2 or 3 sextets */
	return (int)emit(st->acc << (6 * (4 - n)), n - 1, out);
}
