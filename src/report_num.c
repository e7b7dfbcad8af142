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
 * mzg__fmt_sig does the same for "%.*g" from 1e-4 up to where it would
 * switch to an exponent: the fixed conversion with as many decimals as
 * the significant digits leave, trailing zeros removed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "report_priv.h"

size_t mzg__fmt_fixed(char *out, size_t cap, double v, int dec)
{
	static const double scale[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	                                1e8, 1e9, 1e10 };
	static const uint64_t iscale[] = { 1, 10, 100, 1000, 10000, 100000,
		1000000, 10000000, 100000000, 1000000000, 10000000000u };
	double a = fabs(v), t, fl, d, e;
	uint64_t k, ip, fp;
	char tmp[48], *o = tmp;
	size_t n;
	int i;

	if (dec < 0 || dec > 10 || !(a < 1e9) || !(a * scale[dec] < 0x1p52) ||
	    cap < 2) {
		int w = snprintf(out, cap, "%.*f", dec, v);
		return w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
	}
	t = a * scale[dec];            /* below 2^52: integers are exact */
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

size_t mzg__fmt_sig(char *out, size_t cap, double v, int sig)
{
	static const double neg[] = { 1e-1, 1e-2, 1e-3, 1e-4 };
	double a = fabs(v), p10 = 1;
	size_t n, i;
	int x = 0, dec;

	if (sig < 1 || sig > 10 || !(a >= 1e-4) || !(a < 1e10) || cap < 24) {
		int w = snprintf(out, cap, "%.*g", sig, v);
		return w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
	}
	/* x = floor(log10(a)): by comparison (the literals 1e-1 .. 1e-4 lie
	 * above the powers of ten, so they decide exactly) */
	if (a >= 1) {
		while (x < 9 && a >= p10 * 10) {
			p10 *= 10;
			x++;
		}
	} else {
		for (x = -1; x > -4 && a < neg[-x - 1]; x--)
			;
	}
	if (x >= sig) /* an exponent */
		return (size_t)snprintf(out, cap, "%.*g", sig, v);
	dec = sig - 1 - x;
	n = mzg__fmt_fixed(out, cap, v, dec);
	/* rounding carried into a new digit: printf would give one decimal
	 * fewer, a zero that goes anyway; or an exponent */
	i = out[0] == '-';
	if (((x >= 0 && strcspn(out + i, ".") > (size_t)x + 1) ||
	     (x < 0 && out[i] == '1')) && x + 1 >= sig)
		return (size_t)snprintf(out, cap, "%.*g", sig, v);
	if (memchr(out, '.', n)) {
		while (n && out[n - 1] == '0')
			n--;
		if (n && out[n - 1] == '.')
			n--;
		out[n] = '\0';
	}
	return n;
}

int mzg__buf_sig(mzg_buf *b, double v, int sig)
{
	char t[64];

	return mzg__buf_append(b, t, mzg__fmt_sig(t, sizeof t, v, sig));
}
