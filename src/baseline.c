/*
 * baseline.c -- SNIP baseline estimation with a decreasing clipping window.
 *
 * SNIP (Ryan et al. 1988, Nucl. Instrum. Methods B 34:396) clips every
 * point to the mean of its two neighbours at distance k whenever that mean
 * is lower, so peaks narrower than the window are shaved off and the slowly
 * varying baseline remains. The window k runs from the largest half window
 * down to 1 (the decreasing schedule of Morhac 2009, NIM A 600:478, which
 * MALDIquant uses by default). Each pass computes all its new values from
 * the previous pass before writing any back (Jacobi style, as MALDIquant's
 * src/snip.c); points closer than k to either end are left alone in pass k.
 * The largest half window may differ between mass blocks: a point takes
 * part in pass k only when its block's largest window is at least k, so a
 * window fixed in Da spans fewer points where the grid is coarser.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

/* One pass with half window k over [a, e): new values into tmp. */
static void snip_pass(const double *y, double *tmp, size_t a, size_t e,
                      size_t k)
{
	size_t j;

	for (j = a; j < e; j++) {
		double m = 0.5 * (y[j - k] + y[j + k]);
		tmp[j] = m < y[j] ? m : y[j];
	}
}

/* The range [*a, *e) of points from blocks whose largest window is >= k,
 * starting the scan at block *b; advances *b. 0 when no more ranges. */
static int next_range(const mzg__block *blk, size_t nb, size_t n, size_t k,
                      size_t *b, size_t *a, size_t *e)
{
	while (*b < nb && (size_t)blk[*b].snip < k)
		(*b)++;
	if (*b >= nb)
		return 0;
	*a = blk[*b].start;
	while (*b < nb && (size_t)blk[*b].snip >= k)
		(*b)++;
	*e = *b < nb ? blk[*b].start : n;
	if (*a < k)
		*a = k;
	if (*e > n - k)
		*e = n - k;
	return 1;
}

/* Pass with half window k: compute every active range, then copy back. */
static void snip_step(double *y, double *tmp, size_t n, const mzg__block *blk,
                      size_t nb, size_t k)
{
	size_t b = 0, a, e;

	if (k >= n)
		return;
	while (next_range(blk, nb, n, k, &b, &a, &e))
		if (a < e)
			snip_pass(y, tmp, a, e, k);
	b = 0;
	while (next_range(blk, nb, n, k, &b, &a, &e))
		if (a < e)
			memcpy(y + a, tmp + a, (e - a) * sizeof *y);
}

void mzg__snip_blocks(double *y, double *tmp, size_t n, const mzg__block *blk,
                      size_t nb, int decreasing)
{
	size_t b, kmax = 0, k;

	for (b = 0; b < nb; b++)
		if (blk[b].snip > 0 && (size_t)blk[b].snip > kmax)
			kmax = (size_t)blk[b].snip;
	if (decreasing)
		for (k = kmax; k > 0; k--)
			snip_step(y, tmp, n, blk, nb, k);
	else
		for (k = 1; k <= kmax; k++)
			snip_step(y, tmp, n, blk, nb, k);
}

int mzg_baseline_snip(double *baseline, const double *y, size_t n,
                      int iterations, int decreasing)
{
	mzg__block one = { 0, 0, iterations, 0 };
	double *tmp;

	if (iterations < 0)
		return mzg__err(MZG_EINVAL, "SNIP: iterations must be >= 0 (got %d)",
		                iterations);
	if (baseline != y && n)
		memmove(baseline, y, n * sizeof *y);
	if (n < 3 || iterations == 0)
		return MZG_OK;
	tmp = mzg__malloc_array(n, sizeof *tmp);
	if (!tmp)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	mzg__snip_blocks(baseline, tmp, n, &one, 1, decreasing);
	free(tmp);
	return MZG_OK;
}
