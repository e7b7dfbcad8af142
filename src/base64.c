/*
 * base64.c -- streaming base64 decoding for mzML <binary> text.
 *
 * The XML parser hands over the text of a <binary> element in pieces that
 * may split a 4-character quantum anywhere, so the decoder keeps up to three
 * pending sextets between calls. xs:base64Binary allows whitespace, which is
 * skipped; '=' padding is accepted only at the end, and a missing final
 * padding is tolerated. The hot loop decodes aligned quanta with one table
 * lookup per character and a single validity test per quantum; on CPUs with
 * AVX2 (checked at run time) runs of 32 data characters are first decoded
 * 32 at a time (nibble lookup tables classify and translate the characters,
 * multiply-adds pack the sextets), and anything else (whitespace, padding,
 * a bad character, the tail) is left to the byte-wise code.
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

int mzg__b64_simd = 1;

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

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* Decode whole blocks of 32 data characters from *pp into *op (24 bytes
 * each), stopping before the first block that holds anything else. */
__attribute__((target("avx2")))
static void blocks_avx2(const unsigned char **pp, const unsigned char *end,
                        uint8_t **op)
{
	/* a character is a data character when its low-nibble and
	 * high-nibble classes share no bit; its sextet is the character plus
	 * an offset chosen by its high nibble ('/' moved to slot 1) */
	const __m256i lo_class = _mm256_setr_epi8(
		0x0B, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03,
		0x03, 0x03, 0x07, 0x15, 0x17, 0x17, 0x17, 0x15,
		0x0B, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03,
		0x03, 0x03, 0x07, 0x15, 0x17, 0x17, 0x17, 0x15);
	const __m256i hi_class = _mm256_setr_epi8(
		0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x08, 0x10,
		0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
		0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x08, 0x10,
		0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01);
	const __m256i offset = _mm256_setr_epi8(
		0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i nib = _mm256_set1_epi8(0x0F), slash = _mm256_set1_epi8('/');
	const __m256i pack16 = _mm256_set1_epi32(0x01400140);
	const __m256i pack32 = _mm256_set1_epi32(0x00011000);
	/* bytes 2,1,0 of each 32-bit group, in order, per 128-bit lane */
	const __m256i order = _mm256_setr_epi8(
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
	const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
	const unsigned char *p = *pp;
	uint8_t *o = *op;

	while (end - p >= 32) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(const void *)p);
		__m256i hi = _mm256_and_si256(_mm256_srli_epi32(in, 4), nib);
		__m256i lo = _mm256_and_si256(in, nib);
		__m256i bad = _mm256_and_si256(_mm256_shuffle_epi8(lo_class, lo),
		                               _mm256_shuffle_epi8(hi_class, hi));
		__m256i v;

		if (!_mm256_testz_si256(bad, bad))
			break;
		hi = _mm256_add_epi8(hi, _mm256_cmpeq_epi8(in, slash));
		v = _mm256_add_epi8(in, _mm256_shuffle_epi8(offset, hi));
		v = _mm256_madd_epi16(_mm256_maddubs_epi16(v, pack16), pack32);
		v = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, order), lanes);
		_mm_storeu_si128((__m128i *)(void *)o, _mm256_castsi256_si128(v));
		_mm_storel_epi64((__m128i *)(void *)(o + 16),
		                 _mm256_extracti128_si256(v, 1));
		o += 24;
		p += 32;
	}
	*pp = p;
	*op = o;
}

static int have_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

/* mzg__b64_plain_run(), 32 bytes at a time (same nibble scheme: a byte
 * is plain when its classes share no bit). */
__attribute__((target("avx2")))
static size_t plain_avx2(const unsigned char *p, size_t n)
{
	const __m256i lo_class = _mm256_setr_epi8(
		0x13, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07,
		0x07, 0x05, 0x0F, 0x2B, 0x2F, 0x27, 0x2F, 0x2B,
		0x13, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07,
		0x07, 0x05, 0x0F, 0x2B, 0x2F, 0x27, 0x2F, 0x2B);
	const __m256i hi_class = _mm256_setr_epi8(
		0x02, 0x01, 0x04, 0x08, 0x10, 0x20, 0x10, 0x20,
		0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
		0x02, 0x01, 0x04, 0x08, 0x10, 0x20, 0x10, 0x20,
		0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01);
	const __m256i nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
	size_t k = 0;

	for (; k + 32 <= n; k += 32) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(const void *)(p + k));
		__m256i hi = _mm256_and_si256(_mm256_srli_epi32(in, 4), nib);
		__m256i cls = _mm256_and_si256(
			_mm256_shuffle_epi8(lo_class, _mm256_and_si256(in, nib)),
			_mm256_shuffle_epi8(hi_class, hi));
		unsigned ok = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(cls, zero));

		if (ok != 0xFFFFFFFFu)
			return k + (size_t)__builtin_ctz(~ok);
	}
	return k;
}
#else
static void blocks_avx2(const unsigned char **pp, const unsigned char *end,
                        uint8_t **op)
{
	(void)pp;
	(void)end;
	(void)op;
}

static int have_avx2(void)
{
	return 0;
}

static size_t plain_avx2(const unsigned char *p, size_t n)
{
	(void)p;
	(void)n;
	return 0;
}
#endif

size_t mzg__b64_plain_run(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = mzg__b64_simd && have_avx2() ? plain_avx2(p, n) : 0;

	while (k < n && (b64_table[p[k]] < 64 || p[k] == '=' || p[k] == ' ' ||
	                 p[k] == '\t'))
		k++;
	return k;
}

size_t mzg__b64_decode(mzg_b64 *st, const char *in, size_t n, uint8_t *out)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + n;
	uint8_t *o = out;
	int simd = mzg__b64_simd && have_avx2();

	if (st->bad)
		return 0;
	while (p < end) {
		if (simd && st->nacc == 0 && !st->npad)
			blocks_avx2(&p, end, &o);
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
