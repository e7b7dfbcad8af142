/*
 * noise.c -- robust noise level: median absolute deviation, global or in
 * mass windows.
 *
 * The noise of a baseline-corrected spectrum is estimated as the MAD,
 * 1.4826 * median |y - median(y)| (R's stats::mad, what MALDIquant's
 * detectPeaks uses for the whole spectrum). Peaks are a small fraction of
 * the points, so the median ignores them. Noise in MALDI spectra changes
 * with mass, so by default the MAD is taken over windows of ~200 Da
 * (OpenMS SignalToNoiseEstimatorMedian uses a 200 Th window) centred every
 * half window and interpolated linearly in m/z between the window centres.
 * The result is clamped to a positive floor so that SNR never divides by
 * zero or goes negative (MALDIquant issue #75). Medians use an O(n)
 * selection, not a sort.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

#define MAD_SCALE 1.4826
/* Mean absolute deviation to sigma for a normal distribution: sqrt(pi/2). */
#define MEANAD_SCALE 1.2533141373155
/* Fewer points than this in a noise window: use the global MAD there. */
#define MIN_WINDOW_POINTS 16

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The k-th smallest value of v[0..n) (0-based); partially reorders v so
 * that v[k] holds it and everything after k is >= it. Quickselect with a
 * median-of-three pivot; falls back to a sort when partitions keep being
 * unbalanced, so hostile input cannot make it quadratic. */
static double select_kth(double *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
	int budget = 64;

	while (hi > lo) {
		ptrdiff_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
		double piv, t;

		if (budget-- == 0) {
			qsort(v + lo, (size_t)(hi - lo + 1), sizeof *v, cmp_double);
			break;
		}
		if (v[mid] < v[lo]) { t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
		if (v[hi] < v[lo]) { t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
		if (v[hi] < v[mid]) { t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
		piv = v[mid];
		while (i <= j) {
			while (v[i] < piv)
				i++;
			while (v[j] > piv)
				j--;
			if (i <= j) {
				t = v[i]; v[i] = v[j]; v[j] = t;
				i++;
				j--;
			}
		}
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			break; /* j < k < i: v[k] == pivot */
	}
	return v[k];
}

double mzg__median(double *v, size_t n)
{
	size_t h = n / 2, i;
	double lo, hi;

	if (n % 2)
		return select_kth(v, n, h);
	lo = select_kth(v, n, h - 1);
	hi = v[h];
	for (i = h + 1; i < n; i++)
		if (v[i] < hi)
			hi = v[i];
	return (lo + hi) / 2;
}

double mzg__mad(const double *y, size_t n, double *scratch)
{
	double med;
	size_t i;

	if (n == 0)
		return 0;
	memcpy(scratch, y, n * sizeof *y);
	med = mzg__median(scratch, n);
	for (i = 0; i < n; i++)
		scratch[i] = fabs(y[i] - med);
	return MAD_SCALE * mzg__median(scratch, n);
}

int mzg_mad(double *out, const double *y, size_t n)
{
	double *scratch;

	*out = 0;
	if (n == 0)
		return MZG_OK;
	scratch = mzg__malloc_array(n, sizeof *scratch);
	if (!scratch)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	*out = mzg__mad(y, n, scratch);
	free(scratch);
	return MZG_OK;
}

/* Noise level (> 0) and centre (the median) of y[0..n): the noise is the
 * MAD; when more than half the values are identical (MAD 0), the scaled
 * mean absolute deviation from the median; when all are identical, a tiny
 * floor. */
static void robust_noise(const double *y, size_t n, double *scratch,
                         double *noise, double *centre)
{
	double med = 0, s = 0, big = 0, v, d;
	size_t i;

	*centre = 0;
	*noise = DBL_MIN;
	if (n == 0)
		return;
	memcpy(scratch, y, n * sizeof *y);
	*centre = med = mzg__median(scratch, n);
	for (i = 0; i < n; i++)
		scratch[i] = fabs(y[i] - med);
	v = MAD_SCALE * mzg__median(scratch, n);
	if (v > 0 && isfinite(v)) {
		*noise = v;
		return;
	}
	for (i = 0; i < n; i++) {
		d = fabs(y[i] - med);
		s += d;
		if (fabs(y[i]) > big)
			big = fabs(y[i]);
	}
	v = MEANAD_SCALE * s / (double)n;
	if (!(v > 0 && isfinite(v)))
		v = 1e-12 * big;
	*noise = v > DBL_MIN ? v : DBL_MIN;
}

/* First index in mz[lo..n) with mz >= x (binary search). */
static size_t lower_bound(const double *mz, size_t lo, size_t n, double x)
{
	size_t hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mz[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Noise and centre over mz in [c - w/2, c + w/2]; too few points there:
 * the global values (g[0] noise, g[1] centre). */
static void anchor_noise(const double *mz, const double *y, size_t n,
                         double c, double w, const double *g, double *scratch,
                         double *noise, double *centre)
{
	size_t a = lower_bound(mz, 0, n, c - w / 2);
	size_t e = lower_bound(mz, a, n, c + w / 2);

	while (e < n && mz[e] <= c + w / 2)
		e++;
	if (e - a < MIN_WINDOW_POINTS) {
		*noise = g[0];
		*centre = g[1];
		return;
	}
	robust_noise(y + a, e - a, scratch, noise, centre);
}

/* Interpolate anchor values v at centres c (na >= 2) onto mz. */
static void interpolate(double *out, const double *mz, size_t n,
                        const double *c, const double *v, size_t na)
{
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		double x = mz[i], t;
		if (x <= c[0]) {
			out[i] = v[0];
			continue;
		}
		if (x >= c[na - 1]) {
			out[i] = v[na - 1];
			continue;
		}
		while (j + 2 < na && c[j + 1] < x)
			j++;
		t = (x - c[j]) / (c[j + 1] - c[j]);
		out[i] = v[j] + t * (v[j + 1] - v[j]);
	}
}

/* Number of window centres for a span, or 0 for one global value. */
static size_t n_anchors(double span, double window_da, size_t n)
{
	size_t na;

	if (!(window_da > 0) || span <= window_da)
		return 0;
	na = (size_t)ceil((span - window_da) / (window_da / 2)) + 1;
	if (na < 2)
		na = 2;
	return na > n ? 0 : na; /* absurdly narrow windows: global */
}

int mzg__noise(double *noise, double *centre, const double *mz,
               const double *y, size_t n, double window_da, double *scratch)
{
	double g[2], *c;
	size_t na, j, i;

	if (n == 0)
		return MZG_OK;
	robust_noise(y, n, scratch, &g[0], &g[1]);
	na = n_anchors(mz[n - 1] - mz[0], window_da, n);
	if (na == 0) {
		for (i = 0; i < n; i++)
			noise[i] = g[0];
		for (i = 0; centre && i < n; i++)
			centre[i] = g[1];
		return MZG_OK;
	}
	c = mzg__malloc_array(na, 3 * sizeof *c); /* centres, noise, centre */
	if (!c)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu noise windows", na);
	for (j = 0; j < na; j++) {
		c[j] = mz[0] + window_da / 2 + (double)j * (window_da / 2);
		if (j == na - 1 || c[j] > mz[n - 1] - window_da / 2)
			c[j] = mz[n - 1] - window_da / 2;
		anchor_noise(mz, y, n, c[j], window_da, g, scratch, &c[na + j],
		             &c[2 * na + j]);
	}
	interpolate(noise, mz, n, c, c + na, na);
	if (centre)
		interpolate(centre, mz, n, c, c + 2 * na, na);
	free(c);
	return MZG_OK;
}
