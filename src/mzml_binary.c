/*
 * mzml_binary.c -- decoding one mzML binaryDataArray into doubles.
 *
 * Pipeline (../shared/reference/mzml.md section 1.6): base64 (done by the
 * caller while the text streams in) -> inflate if zlib -> MS-Numpress if
 * numpress -> little-endian f32/f64/i32/i64 values. Inflate writes straight
 * into the output array when the values are 64-bit floats (no copy), else
 * into a scratch buffer the reader reuses. With libdeflate (optional, about
 * twice as fast) each array is inflated in one call into a buffer sized
 * from the declared length, retried larger if that was too small; with
 * zlib, one z_stream is reset per array rather than allocated. Every size is capped: an array may not
 * produce more than the caller's limit of values, so a zlib bomb stops at
 * the limit instead of exhausting memory.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifdef MZG_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "internal.h"
#include "mzgeno/mzml.h"
#include "mzml_priv.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define MZG_BIG_ENDIAN 1
#else
#define MZG_BIG_ENDIAN 0
#endif

const char *mzg__dtype_name(mzg_dtype t)
{
	switch (t) {
	case MZG_DTYPE_F32: return "32-bit float";
	case MZG_DTYPE_F64: return "64-bit float";
	case MZG_DTYPE_I32: return "32-bit integer";
	case MZG_DTYPE_I64: return "64-bit integer";
	default: return "unknown type";
	}
}

int mzg__zlib_only;

/* Bytes per value of a data type (0 if unknown). */
static size_t dtype_width(mzg_dtype t)
{
	return (t == MZG_DTYPE_F32 || t == MZG_DTYPE_I32) ? 4 :
	       (t == MZG_DTYPE_F64 || t == MZG_DTYPE_I64) ? 8 : 0;
}

/* a * b, saturating at SIZE_MAX. */
static size_t sat_mul(size_t a, size_t b)
{
	return (b && a > SIZE_MAX / b) ? SIZE_MAX : a * b;
}

void mzg__scratch_free(mzg_scratch *sc)
{
	if (sc->zs_ready)
		inflateEnd(&sc->zs);
#ifdef MZG_HAVE_LIBDEFLATE
	libdeflate_free_decompressor(sc->ld);
#endif
	free(sc->buf);
	memset(sc, 0, sizeof *sc);
}

/* Make the scratch's z_stream ready for a new zlib stream. */
static int zs_begin(mzg_scratch *sc)
{
	if (sc->zs_ready)
		return inflateReset(&sc->zs) == Z_OK ? MZG_OK :
		       mzg__err(MZG_EINTERNAL, "inflateReset failed");
	memset(&sc->zs, 0, sizeof sc->zs);
	if (inflateInit(&sc->zs) != Z_OK)
		return mzg__err(MZG_ENOMEM, "out of memory (zlib)");
	sc->zs_ready = 1;
	return MZG_OK;
}

/* Grow the inflate target so it has room beyond @p have bytes, never
 * beyond @p max_bytes plus one element (so overflow is detectable). */
static int grow_target(void **buf, size_t *cap, size_t esz, size_t have,
                       size_t max_bytes)
{
	size_t limit = max_bytes / esz + 1, want = *cap * 2;

	if (have > max_bytes || *cap >= limit)
		return mzg__err(MZG_ELIMIT, "zlib data inflates to more than "
		                "%zu bytes", max_bytes);
	if (want < 1024 / esz)
		want = 1024 / esz;
	if (want > limit)
		want = limit;
	return mzg__grow(buf, cap, want, esz);
}

#ifdef MZG_HAVE_LIBDEFLATE
/* inflate_into() with libdeflate: one call per attempt, the buffer grown
 * (at least doubling, up to the limit) while it is too small. */
static int inflate_ld(mzg_scratch *sc, void **buf, size_t *cap, size_t esz,
                      size_t *out_bytes, const uint8_t *in, size_t len,
                      size_t max_bytes)
{
	enum libdeflate_result lr;
	size_t got = 0;
	int rc;

	if (!sc->ld && !(sc->ld = libdeflate_alloc_decompressor()))
		return mzg__err(MZG_ENOMEM, "out of memory (libdeflate)");
	for (;;) {
		lr = libdeflate_zlib_decompress(sc->ld, in, len, *buf, *cap * esz,
		                                &got);
		if (lr != LIBDEFLATE_INSUFFICIENT_SPACE)
			break;
		if ((rc = grow_target(buf, cap, esz, *cap * esz, max_bytes)) < 0)
			return rc;
	}
	if (lr != LIBDEFLATE_SUCCESS)
		return mzg__err(MZG_EDATA, "zlib data is corrupt or truncated");
	if (got > max_bytes)
		return mzg__err(MZG_ELIMIT, "zlib data inflates to more than "
		                "%zu bytes", max_bytes);
	*out_bytes = got;
	return MZG_OK;
}
#endif

/* Inflate with zlib: one z_stream (reset, not reallocated) writing
 * straight into *buf, which grows (at least doubling) up to the limit. */
static int inflate_zlib(mzg_scratch *sc, void **buf, size_t *cap, size_t esz,
                        size_t *out_bytes, const uint8_t *in, size_t len,
                        size_t max_bytes)
{
	z_stream *zs = &sc->zs;
	size_t have = 0, in_left = len;
	int rc, zrc;

	if ((rc = zs_begin(sc)) < 0)
		return rc;
	zs->next_in = (Bytef *)(uintptr_t)in;
	zs->avail_in = 0;
	for (;;) {
		size_t room = *cap * esz - have;

		if (zs->avail_in == 0 && in_left) {
			zs->avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
			in_left -= zs->avail_in;
		}
		if (room == 0) {
			if ((rc = grow_target(buf, cap, esz, have, max_bytes)) < 0)
				return rc;
			room = *cap * esz - have;
		}
		zs->next_out = (Bytef *)*buf + have;
		zs->avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		zrc = inflate(zs, Z_NO_FLUSH);
		have = (size_t)(zs->next_out - (Bytef *)*buf);
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_BUF_ERROR && zs->avail_in == 0 && !in_left)
			return mzg__err(MZG_EDATA, "zlib data is truncated");
		if (zrc != Z_OK && zrc != Z_BUF_ERROR)
			return mzg__err(MZG_EDATA, "zlib data is corrupt (%s)",
			                zs->msg ? zs->msg : "inflate failed");
	}
	if (have > max_bytes)
		return mzg__err(MZG_ELIMIT, "zlib data inflates to more than "
		                "%zu bytes", max_bytes);
	*out_bytes = have;
	return MZG_OK;
}

/* Inflate @p len bytes of a zlib stream into *buf (capacity *cap
 * elements of @p esz bytes, grown as needed, first to @p hint bytes);
 * at most @p max_bytes of output. *out_bytes receives the output size.
 * libdeflate when built with it; bad data is then re-read with zlib,
 * whose diagnosis (truncated / corrupt, and why) goes in the message. */
static int inflate_into(mzg_scratch *sc, void **buf, size_t *cap, size_t esz,
                        size_t *out_bytes, const uint8_t *in, size_t len,
                        size_t hint, size_t max_bytes)
{
	int rc;

	*out_bytes = 0;
	if (len == 0)
		return MZG_OK; /* an empty <binary/>: no values */
	/* deflate expands at most ~1032:1, so a declared length far beyond
	 * what the data can hold must not size the first allocation */
	if (hint > sat_mul(len, 1032) + 1024)
		hint = sat_mul(len, 1032) + 1024;
	if (hint > max_bytes)
		hint = max_bytes;
	if ((rc = mzg__grow(buf, cap, hint / esz + 1, esz)) < 0)
		return rc;
#ifdef MZG_HAVE_LIBDEFLATE
	if (!mzg__zlib_only) {
		rc = inflate_ld(sc, buf, cap, esz, out_bytes, in, len,
		                max_bytes);
		if (rc != MZG_EDATA)
			return rc;
	}
#endif
	return inflate_zlib(sc, buf, cap, esz, out_bytes, in, len, max_bytes);
}

/* Little-endian values of type @p t at @p src -> doubles. */
static void convert(double *dst, const uint8_t *src, size_t n, mzg_dtype t)
{
	size_t i;

	switch (t) {
	case MZG_DTYPE_F32:
		for (i = 0; i < n; i++) {
			uint32_t u;
			float f;

			memcpy(&u, src + 4 * i, 4);
			if (MZG_BIG_ENDIAN)
				u = __builtin_bswap32(u);
			memcpy(&f, &u, 4);
			dst[i] = f;
		}
		break;
	case MZG_DTYPE_I32:
		for (i = 0; i < n; i++) {
			uint32_t u;

			memcpy(&u, src + 4 * i, 4);
			if (MZG_BIG_ENDIAN)
				u = __builtin_bswap32(u);
			dst[i] = (double)(int32_t)u;
		}
		break;
	case MZG_DTYPE_F64:
	case MZG_DTYPE_I64:
		for (i = 0; i < n; i++) {
			uint64_t u;
			double d;

			memcpy(&u, src + 8 * i, 8);
			if (MZG_BIG_ENDIAN)
				u = __builtin_bswap64(u);
			memcpy(&d, &u, 8);
			dst[i] = t == MZG_DTYPE_F64 ? d : (double)(int64_t)u;
		}
		break;
	default:
		break;
	}
}

/* The in-place 64-bit float case: bytes already in *arr. */
static int finish_f64_inplace(double *arr, size_t nbytes, size_t *n)
{
	if (nbytes % 8)
		return mzg__err(MZG_EDATA, "%zu bytes is not a whole number of "
		                "64-bit values", nbytes);
	*n = nbytes / 8;
	if (MZG_BIG_ENDIAN)
		convert(arr, (const uint8_t *)arr, *n, MZG_DTYPE_F64);
	return MZG_OK;
}

/* Numpress-decode @p len bytes. */
static int numpress(double **arr, size_t *cap, size_t *n, const uint8_t *b,
                    size_t len, unsigned np, size_t max)
{
	if (np == MZG_COMP_NP_LINEAR)
		return mzg__np_linear(arr, cap, n, b, len, max);
	if (np == MZG_COMP_NP_PIC)
		return mzg__np_pic(arr, cap, n, b, len, max);
	return mzg__np_slof(arr, cap, n, b, len, max);
}

int mzg__decode_raw(double **arr, size_t *cap, size_t *n, const uint8_t *raw,
                    size_t len, mzg_dtype dtype, unsigned comp, size_t hint,
                    size_t max, mzg_scratch *sc)
{
	unsigned np = comp & (MZG_COMP_NP_LINEAR | MZG_COMP_NP_PIC |
	                      MZG_COMP_NP_SLOF);
	size_t width = dtype_width(dtype), nbytes = len, count;
	const uint8_t *bytes = raw;
	int rc;

	*n = 0;
	if (np & (np - 1))
		return mzg__err(MZG_EDATA, "more than one MS-Numpress codec");
	if (!np && !width)
		return mzg__err(MZG_EDATA, "no supported data type (32/64-bit "
		                "float or integer) declared");
	if (comp & MZG_COMP_ZLIB) {
		if (!np && dtype == MZG_DTYPE_F64) {
			rc = inflate_into(sc, (void **)arr, cap, sizeof **arr,
			                  &nbytes, raw, len, sat_mul(hint, 8),
			                  sat_mul(max, 8));
			return rc < 0 ? rc : finish_f64_inplace(*arr, nbytes, n);
		}
		/* numpress needs at most 4.5 bytes per value plus a header */
		rc = inflate_into(sc, (void **)&sc->buf, &sc->cap, 1, &nbytes,
		                  raw, len, sat_mul(hint, np ? 2 : width),
		                  np ? sat_mul(max, 5) + 16 : sat_mul(max, width));
		if (rc < 0)
			return rc;
		bytes = sc->buf;
	}
	if (np)
		return numpress(arr, cap, n, bytes, nbytes, np, max);
	if (nbytes % width)
		return mzg__err(MZG_EDATA, "%zu bytes is not a whole number of "
		                "%s values", nbytes, mzg__dtype_name(dtype));
	count = nbytes / width;
	if (count > max)
		return mzg__err(MZG_ELIMIT, "array holds %zu values, more than "
		                "the limit of %zu", count, max);
	if ((rc = mzg__grow((void **)arr, cap, count, sizeof **arr)) < 0)
		return rc;
	convert(*arr, bytes, count, dtype);
	*n = count;
	return MZG_OK;
}

int mzg_binary_decode(double **out, size_t *n_out, const char *b64,
                      size_t len, mzg_dtype dtype, unsigned compression,
                      size_t max_points)
{
	mzg_scratch sc;
	mzg_b64 st;
	uint8_t *raw = NULL;
	double *arr = NULL;
	size_t nraw, cap = 0, hint;
	int rc, tail;

	memset(&sc, 0, sizeof sc);
	*out = NULL;
	*n_out = 0;
	if (!b64 && len)
		return mzg__err(MZG_EINVAL, "mzg_binary_decode: NULL text");
	raw = mzg__malloc_array(mzg__b64_room(len), 1);
	if (!raw)
		return mzg__err(MZG_ENOMEM, "out of memory (%zu bytes)", len);
	mzg__b64_init(&st);
	nraw = mzg__b64_decode(&st, b64, len, raw);
	tail = mzg__b64_finish(&st, raw + nraw);
	if (tail < 0) {
		rc = st.bad ? mzg__err(MZG_EDATA, "invalid base64 character "
		                       "0x%02x", st.badc)
		            : mzg__err(MZG_EDATA, "base64 text ends inside a "
		                       "quantum");
		goto out;
	}
	nraw += (size_t)tail;
	hint = nraw / 4 + 1;
	rc = mzg__decode_raw(&arr, &cap, n_out, raw, nraw, dtype, compression,
	                     hint, max_points, &sc);
	if (rc < 0) {
		free(arr);
		arr = NULL;
		*n_out = 0;
	}
	*out = arr;
out:
	free(raw);
	mzg__scratch_free(&sc);
	return rc;
}
