/*
 * peaks.c -- local-maximum peak detection, sub-sample apex, FWHM and area.
 *
 * A peak is a local maximum of the processed signal whose value exceeds
 * SNR times the local noise (strictly), as in MALDIquant's detectPeaks.
 * The local-maximum rule is MALDIquant's (src/localMaxima.c): the point
 * must be the first largest value of the window of +-hws points, the
 * spectrum being padded with zeros, so it is strictly above everything on
 * its left and at least everything on its right; a flat top reports its
 * leftmost point. The half window may vary with mass (one per block).
 *
 * MALDIquant reports the raw sample. With interpolation on, the apex is
 * refined on the sample index: TOF spectra are sampled uniformly in time,
 * so the index is the natural uniform axis and a linear-TOF peak is close
 * to a Gaussian in it. Three points through a Gaussian give its apex
 * exactly from the parabola through their logarithms; when a neighbour is
 * <= 0 the parabola through the values is used, and a flat top (clipped or
 * saturated) takes the intensity-weighted centroid of its points above half
 * height. The fractional index is mapped to m/z by the quadratic through
 * the three samples' m/z (exact for a quadratic TOF calibration). FWHM comes
 * from the half-height crossings, linearly interpolated; the walk stops
 * when the signal rises again by more than 5 % of the apex (a neighbouring
 * peak), and that side is then unknown.
 */
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "process_internal.h"

/* A rise of this fraction of the apex height above the lowest point seen
 * marks a valley: the neighbouring peak begins. */
#define VALLEY_RISE 0.05

int mzg__is_local_max(const double *y, size_t n, size_t i, int hws)
{
	size_t h = (size_t)hws, lo, hi, j;
	double v = y[i];

	/* cheap rejections first: the immediate neighbours */
	if (i > 0 && !(y[i - 1] < v))
		return 0;
	if (i + 1 < n && y[i + 1] > v)
		return 0;
	if (i < h && !(v > 0)) /* zero padding on the left */
		return 0;
	if (n - 1 - i < h && v < 0) /* zero padding on the right */
		return 0;
	lo = i >= h ? i - h : 0;
	hi = n - 1 - i >= h ? i + h : n - 1;
	for (j = lo; j + 1 < i; j++)
		if (!(y[j] < v))
			return 0;
	for (j = i + 2; j <= hi; j++)
		if (y[j] > v)
			return 0;
	return 1;
}

int mzg_local_maxima(unsigned char *is_max, const double *y, size_t n, int hws)
{
	size_t i;

	if (hws < 1)
		return mzg__err(MZG_EINVAL, "local maxima: half window must be >= 1 "
		                "(got %d)", hws);
	for (i = 0; i < n; i++)
		is_max[i] = (unsigned char)mzg__is_local_max(y, n, i, hws);
	return MZG_OK;
}

/* m/z at fractional index i + d (|d| <= 1) from the quadratic through the
 * three samples around i. */
static double mz_at(const double *mz, size_t i, double d)
{
	return mz[i - 1] * d * (d - 1) / 2 + mz[i] * (1 - d * d) +
	       mz[i + 1] * d * (d + 1) / 2;
}

/* Flat top: intensity-weighted centroid of the contiguous points >= half
 * the apex that descend (or stay level) away from it. */
static void apex_centroid(mzg_peak *p, const double *mz, const double *y,
                          size_t n, size_t i)
{
	double half = y[i] / 2, sw = 0, swm = 0;
	size_t lo = i, hi = i, j;

	while (lo > 0 && y[lo - 1] >= half && y[lo - 1] <= y[lo])
		lo--;
	while (hi + 1 < n && y[hi + 1] >= half && y[hi + 1] <= y[hi])
		hi++;
	for (j = lo; j <= hi; j++) {
		sw += y[j];
		swm += y[j] * mz[j];
	}
	p->mz = sw > 0 ? swm / sw : mz[i];
	p->intensity = y[i];
}

/* Apex position and height of the peak at sample i. */
static void apex(mzg_peak *p, const double *mz, const double *y, size_t n,
                 size_t i, int interpolate)
{
	double a, b = y[i], c, d, h;

	p->mz = mz[i];
	p->intensity = b;
	if (!interpolate || i == 0 || i + 1 >= n || !(b > 0))
		return;
	a = y[i - 1];
	c = y[i + 1];
	if (a >= b || c >= b) {
		apex_centroid(p, mz, y, n, i);
		return;
	}
	if (a > 0 && c > 0) { /* Gaussian: parabola through the logarithms */
		double la = log(a), lb = log(b), lc = log(c);
		d = 0.5 * (la - lc) / (la - 2 * lb + lc);
		h = exp(lb - 0.25 * (la - lc) * d);
	} else { /* parabola through the values */
		d = 0.5 * (a - c) / (a - 2 * b + c);
		h = b - 0.25 * (a - c) * d;
	}
	if (!(fabs(d) <= 0.5) || !isfinite(h))
		return; /* cannot happen for b > a, c; keep the raw sample */
	p->mz = mz_at(mz, i, d);
	p->intensity = h;
}

/* Walk from apex sample i in direction dir (+1/-1) to where the signal
 * falls below @p half. Sets *x to the interpolated m/z of the crossing and
 * returns 1, or returns 0 at a valley or the spectrum end. */
static int half_crossing(const double *mz, const double *y, size_t n, size_t i,
                         int dir, double half, double top, double *x)
{
	double lowest = y[i];
	size_t j = i, k;

	for (;;) {
		if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= n))
			return 0;
		k = dir < 0 ? j - 1 : j + 1;
		if (y[k] < half) {
			double t = (y[j] - half) / (y[j] - y[k]);
			*x = mz[j] + t * (mz[k] - mz[j]);
			return 1;
		}
		if (y[k] > y[i] || y[k] > lowest + VALLEY_RISE * top)
			return 0;
		if (y[k] < lowest)
			lowest = y[k];
		j = k;
	}
}

/* Area (trapezoids in m/z) on one side of apex sample i, out to |m - apex|
 * <= reach (reach <= 0: no limit), stopping at zero or at a valley. */
static double side_area(const double *mz, const double *y, size_t n, size_t i,
                        int dir, double apex_mz, double reach, double top)
{
	double s = 0, lowest = y[i];
	size_t j = i, k;

	for (;;) {
		if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= n))
			break;
		k = dir < 0 ? j - 1 : j + 1;
		if (reach > 0 && fabs(mz[k] - apex_mz) > reach)
			break;
		if (y[k] > y[i] || y[k] > lowest + VALLEY_RISE * top)
			break;
		s += 0.5 * (y[j] + (y[k] > 0 ? y[k] : 0)) * fabs(mz[k] - mz[j]);
		if (!(y[k] > 0))
			break;
		if (y[k] < lowest)
			lowest = y[k];
		j = k;
	}
	return s;
}

int mzg_peak_refine(mzg_peak *p, const double *mz, const double *y, size_t n,
                    size_t i, int interpolate)
{
	double half, xl = 0, xr = 0;
	int l, r;

	p->index = i;
	p->snr = 0;
	p->fwhm = 0;
	p->area = 0;
	apex(p, mz, y, n, i, interpolate);
	if (!(p->intensity > 0))
		return 0;
	half = p->intensity / 2;
	l = half_crossing(mz, y, n, i, -1, half, p->intensity, &xl);
	r = half_crossing(mz, y, n, i, +1, half, p->intensity, &xr);
	if (l && r)
		p->fwhm = xr - xl;
	else if (l)
		p->fwhm = 2 * (p->mz - xl);
	else if (r)
		p->fwhm = 2 * (xr - p->mz);
	if (p->fwhm < 0)
		p->fwhm = 0;
	p->area = side_area(mz, y, n, i, -1, p->mz, p->fwhm, p->intensity) +
	          side_area(mz, y, n, i, +1, p->mz, p->fwhm, p->intensity);
	return l && r;
}

int mzg__find_peaks(mzg_peak **peaks, size_t *np, size_t *cap,
                    const double *mz, const double *y, const double *noise,
                    size_t n, const mzg__block *blk, size_t nb,
                    double snr_min, int interpolate,
                    double *rvals, size_t *nr, double r_snr)
{
	size_t b, i, e;
	int iso;

	for (b = 0; b < nb; b++) {
		e = mzg__block_end(blk, nb, b, n);
		for (i = blk[b].start; i < e; i++) {
			mzg_peak *p;
			if (!(y[i] > snr_min * noise[i]))
				continue;
			if (!mzg__is_local_max(y, n, i, blk[b].peak_hws))
				continue;
			if (*np >= *cap &&
			    mzg__grow((void **)peaks, cap, *np + 1, sizeof **peaks) < 0)
				return mzg__err(MZG_ENOMEM, "out of memory for peaks");
			p = *peaks + (*np)++;
			iso = mzg_peak_refine(p, mz, y, n, i, interpolate);
			p->snr = p->intensity / noise[i];
			if (rvals && iso && p->snr >= r_snr && p->fwhm > 0)
				rvals[(*nr)++] = p->mz / p->fwhm;
		}
	}
	return MZG_OK;
}
