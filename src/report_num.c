/*
 * report_num.c -- numbers in fixed notation without printf.
 *
 * The report set prints some ten thousand coordinates and figures per chip
 * with "%.1f" and the like, and printf's general decimal conversion was
 * most of the time it took to write it. mzg__fmt_fixed gives exactly the
 * text of snprintf("%.*f") for 0-4 decimals: the value times 10^d is
 * rounded to an integer half to even, the way the C library rounds the
 * exact binary value, using the exact error of the scaled product (fma)
 * to settle the cases that the rounded product alone would get wrong.
 * Magnitudes from 1e9 up, NaN and infinities go to snprintf.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "report_priv.h"

size_t mzg__fmt_fixed(char *out, size_t cap, double v, int dec)
{
	static const double scale[] = { 1, 10, 100, 1000, 10000 };
	static const uint64_t iscale[] = { 1, 10, 100, 1000, 10000 };
	double a = fabs(v), t, fl, d, e;
	uint64_t k, ip, fp;
	char tmp[40], *o = tmp;
	size_t n;
	int i;

	if (dec < 0 || dec > 4 || !(a < 1e9) || cap < 2) {
		int w = snprintf(out, cap, "%.*f", dec, v);
		return w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
	}
	t = a * scale[dec];            /* below 2^44: integers are exact */
	fl = floor(t);
	d = (t - fl) - 0.5;            /* t's fraction against one half */
	e = fma(a, scale[dec], -t);    /* a x scale = t + e exactly */
	k = (uint64_t)fl;
	if (d > -e || (d == -e && (k & 1)))
		k++;                   /* above one half, or a tie to even */
	if (signbit(v))
		*o++ = '-';
	ip = k / iscale[dec];
	fp = k % iscale[dec];
	n = 0;
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	memmove(o, tmp + sizeof tmp - n, n);
	o += n;
	if (dec) {
		*o++ = '.';
		for (i = dec; i-- > 0;) {
			o[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		o += dec;
	}
	n = (size_t)(o - tmp);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, tmp, n);
	out[n] = '\0';
	return n;
}

int mzg__buf_fixed(mzg_buf *b, double v, int dec)
{
	char t[512];

	return mzg__buf_append(b, t, mzg__fmt_fixed(t, sizeof t, v, dec));
}
