/*
 * noise_mask.c -- the noise level and the noise centre from the noise
 * points only.
 *
 * The MAD of noise.c assumes that peaks cover a small fraction of each
 * 200 Da window. iPLEX spectra break that: an assay's allele products and
 * their Na/K adducts span 60-120 Da, and at R 400-600 a peak is 15-40 Da
 * wide at its foot, so around an allele group, and anywhere in a 20-plex at
 * low resolution, most points of a window lie on peaks. The median there is
 * a peak level: the baseline centring lifted the baseline under the group
 * (a 10:1 C/T, A/T, G/T or C/G ratio read up to 13.5:1, the weaker allele
 * losing relatively more) and the MAD measured the peaks (noise 25-100x
 * too high, SNRs of clear alleles below 5, no-calls).
 *
 * Here the points on peaks are masked first, in the spirit of the
 * kappa-sigma clipped background of astronomical images (SExtractor,
 * Bertin & Arnouts, A&AS 117:393, 1996) with the clipped regions grown by
 * the peak width, but started from the bottom of the signal, so that a
 * window full of peaks cannot set its own threshold:
 *   1. the (strided) signal is cut into segments of about 2 FWHM; around
 *      each window (its centre +- one window width) the quarter of the
 *      segments with the lowest means are taken as noise, and their mean +
 *      MASK_K0 x their RMS spread is the window's threshold, the lowest over
 *      THR_SPAN windows on either side (where peaks cover a window and its
 *      surroundings, its lowest segments are valleys between peaks);
 *   2. points above the threshold, and those within the block's peak_hws
 *      (about 1 FWHM) of one, are masked; each window's median and MAD are
 *      taken over the rest (at least MZG_NOISE_MIN_POINTS of them, else
 *      the window is left out and interpolated from its neighbours);
 *   3. the segments chosen for their low level bias that first threshold
 *      low, so the mask also takes the higher noise points; the mask is
 *      made again at that first estimate's centre + MASK_K noise and the
 *      windows are estimated again.
 * The result is interpolated between the windows' centres as in noise.c.
 * Only upward excursions are masked: after SNIP nothing points downwards.
 * Everything works on the same strided subsample as noise.c (every
 * stride-th point), in a few passes over it and two rounds of medians.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

/* A point above the reference centre + MASK_K0 reference spreads, and
 * then above the first estimate's centre + MASK_K noise, is on a peak;
 * so are its neighbours within its block's peak_hws. */
#define MASK_K0 6.0
#define MASK_K 5.0
/* The reference around a window: the lowest SEG_FRACTION of the segments
 * (by mean) within a window width of its centre, at least SEG_MIN. */
#define SEG_FRACTION 0.25
#define SEG_MIN 3
/* Thresholds are the lowest over this many windows on either side. */
#define THR_SPAN 2

/* One noise window: subsample points [a, e), and [xa, xe) for its
 * reference (twice as wide). */
typedef struct nwin {
	double x, thr;
	size_t a, e, xa, xe;
} nwin;

/* The work of one masked estimate. The subsample v holds points 0,
 * stride, 2 stride, ... (m of them); segments are runs of len of its
 * points, each with its mean, spread, threshold and reach. The nodes
 * (nx, nc, nn; nv of them) are the windows with enough noise points. */
typedef struct masker {
	const double *mz;
	size_t n, stride, m, len, nseg, nw, nv;
	double *v, *smean, *ssd, *sthr, *rank, *buf, *scr, *nx, *nc, *nn;
	unsigned char *mask;
	size_t *sreach;
	nwin *w;
} masker;

static void masker_free(masker *k)
{
	free(k->v);
	free(k->mask);
	free(k->sreach);
	free(k->w);
}

/* The subsample and the segment length: twice the smallest reach in
 * subsample points (at least 4). */
static int masker_alloc(masker *k, const double *y, const mzg__block *blk,
                        size_t nb)
{
	size_t i, b, r, rmin = SIZE_MAX, m = k->m, nseg, nw = k->nw;

	for (b = 0; b < nb; b++) {
		r = blk[b].peak_hws > 0 ? (size_t)blk[b].peak_hws : 1;
		r = (r + k->stride - 1) / k->stride;
		rmin = r < rmin ? r : rmin;
	}
	k->len = 2 * rmin > 4 && rmin < SIZE_MAX / 2 ? 2 * rmin : 4;
	k->nseg = nseg = (m + k->len - 1) / k->len;
	/* v, buf, scr: m; smean, ssd, sthr, rank: nseg (+ nw for rank);
	 * nodes: 3 nw */
	k->v = m < SIZE_MAX / 16 && nw < SIZE_MAX / 16 ?
	       mzg__malloc_array(3 * m + 4 * nseg + 4 * nw, sizeof(double)) : NULL;
	k->mask = mzg__malloc_array(m, 1);
	k->sreach = mzg__malloc_array(nseg, sizeof *k->sreach);
	k->w = mzg__malloc_array(nw, sizeof *k->w);
	if (!k->v || !k->mask || !k->sreach || !k->w) {
		masker_free(k);
		return mzg__err(MZG_ENOMEM, "out of memory for %zu noise points", m);
	}
	k->buf = k->v + m;
	k->scr = k->buf + m;
	k->smean = k->scr + m;
	k->ssd = k->smean + nseg;
	k->sthr = k->ssd + nseg;
	k->rank = k->sthr + nseg;
	k->nx = k->rank + nseg + nw;
	k->nc = k->nx + nw;
	k->nn = k->nc + nw;
	for (i = 0; i < m; i++)
		k->v[i] = y[i * k->stride];
	return MZG_OK;
}

/* First subsample point with m/z >= x. */
static size_t sub_lower(const masker *k, double x)
{
	size_t lo = 0, hi = k->m;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->mz[mid * k->stride] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Mean and spread of every segment, and its reach: how far a peak point
 * masks its neighbours, in subsample points, the local-maximum half
 * window of the block of its first point (about 1 FWHM: from where a
 * peak crosses MASK_K noise down to its foot). */
static void masker_segments(masker *k, const mzg__block *blk, size_t nb)
{
	size_t s, i, b = 0, r;

	for (s = 0; s < k->nseg; s++) {
		size_t a = s * k->len, e = a + k->len < k->m ? a + k->len : k->m;
		double sum = 0, ss = 0, mean;
		for (i = a; i < e; i++)
			sum += k->v[i];
		mean = sum / (double)(e - a);
		for (i = a; i < e; i++)
			ss += (k->v[i] - mean) * (k->v[i] - mean);
		k->smean[s] = mean;
		k->ssd[s] = sqrt(ss / (double)(e - a));
		while (b + 1 < nb && blk[b + 1].start <= a * k->stride)
			b++;
		r = blk[b].peak_hws > 0 ? (size_t)blk[b].peak_hws : 1;
		k->sreach[s] = (r + k->stride - 1) / k->stride;
	}
}

/* Windows of @p width Da centred as in mzg__noise (one over everything
 * when na is 0). */
static void masker_windows(masker *k, double width, size_t na)
{
	const double *mz = k->mz;
	size_t j, n = k->n;

	if (na == 0) {
		k->w[0] = (nwin){ .x = 0.5 * (mz[0] + mz[n - 1]), .e = k->m,
		                  .xe = k->m };
		return;
	}
	for (j = 0; j < na; j++) {
		nwin *w = &k->w[j];
		double c = mzg__noise_anchor(mz, n, width, j, na);
		w->x = c;
		w->a = sub_lower(k, c - width / 2);
		w->e = sub_lower(k, nextafter(c + width / 2, HUGE_VAL));
		w->xa = sub_lower(k, c - width);
		w->xe = sub_lower(k, nextafter(c + width, HUGE_VAL));
	}
}

/* The reference threshold of window @p w: the segments around it with
 * the lowest means are taken as noise; their mean plus MASK_K0 times
 * their RMS spread is the level above which a point is on a peak.
 * Choosing the lowest segments biases both low (and the spread inside a
 * segment misses the slow part of correlated noise), which the refined
 * mask corrects. */
static void masker_reference(masker *k, nwin *w)
{
	size_t s0 = w->xa / k->len, s1, s, cnt, want, used = 0;
	double kth, c = 0, v = 0;

	s1 = w->xe > w->xa ? (w->xe - 1) / k->len + 1 : s0 + 1;
	if (s1 > k->nseg)
		s1 = k->nseg;
	if (s0 >= s1) { /* no point near this window: nothing to mask */
		w->thr = HUGE_VAL;
		return;
	}
	cnt = s1 - s0;
	want = (size_t)ceil(SEG_FRACTION * (double)cnt);
	want = want < SEG_MIN ? SEG_MIN : want;
	want = want > cnt ? cnt : want;
	memcpy(k->rank, k->smean + s0, cnt * sizeof *k->rank);
	kth = mzg__select(k->rank, cnt, want - 1);
	for (s = s0; s < s1; s++)
		if (k->smean[s] <= kth) {
			c += k->smean[s];
			v += k->ssd[s] * k->ssd[s];
			used++;
		}
	w->thr = c / (double)used + MASK_K0 * sqrt(v / (double)used);
}

/* The value at @p x of the piecewise-linear function through (xs, ys)
 * (n points, xs increasing; constant beyond the ends), for x visited in
 * increasing order: *j keeps the segment between calls. Where one end is
 * not finite (a window without points), the lower end. */
static double walk_interp(const double *xs, const double *ys, size_t n,
                          size_t *j, double x)
{
	double y0, y1;

	while (*j + 1 < n && xs[*j + 1] <= x)
		(*j)++;
	y0 = ys[*j];
	if (*j + 1 >= n || !(x > xs[*j]))
		return y0;
	y1 = ys[*j + 1];
	if (!isfinite(y0) || !isfinite(y1))
		return y0 < y1 ? y0 : y1;
	return y0 + (y1 - y0) * (x - xs[*j]) / (xs[*j + 1] - xs[*j]);
}

/* Each window's threshold becomes the lowest of its own and of the
 * THR_SPAN windows on either side (where peaks cover a window and its
 * surroundings, its lowest segments are valleys between peaks, not
 * noise; the noise itself changes slowly with mass); then each segment
 * takes the threshold interpolated at its first point. */
static void masker_thresholds(masker *k)
{
	double *thr = k->rank, *x = k->nx; /* both free until the nodes */
	size_t j, i, s;

	for (j = 0; j < k->nw; j++) {
		size_t lo = j > THR_SPAN ? j - THR_SPAN : 0;
		thr[j] = HUGE_VAL;
		for (i = lo; i < k->nw && i <= j + THR_SPAN; i++)
			thr[j] = k->w[i].thr < thr[j] ? k->w[i].thr : thr[j];
		x[j] = k->w[j].x;
	}
	for (s = 0, j = 0; s < k->nseg; s++)
		k->sthr[s] = walk_interp(x, thr, k->nw, &j,
		                         k->mz[s * k->len * k->stride]);
}

/* The mask: points above their segment's threshold (1), and points
 * within a reach of one (2). */
static void masker_mask(masker *k)
{
	unsigned char *m = k->mask;
	size_t s, i, a, e, r;
	ptrdiff_t hit = PTRDIFF_MIN / 2; /* the last (or next) point above */

	for (s = 0; s < k->nseg; s++) { /* above, and reach after one */
		a = s * k->len;
		e = a + k->len < k->m ? a + k->len : k->m;
		r = k->sreach[s];
		for (i = a; i < e; i++) {
			int up = k->v[i] > k->sthr[s];
			hit = up ? (ptrdiff_t)i : hit;
			m[i] = up ? 1 : (size_t)((ptrdiff_t)i - hit) <= r ? 2 : 0;
		}
	}
	hit = PTRDIFF_MAX / 2;
	for (s = k->nseg; s-- > 0;) { /* reach before one */
		a = s * k->len;
		e = a + k->len < k->m ? a + k->len : k->m;
		r = k->sreach[s];
		for (i = e; i-- > a;) {
			hit = m[i] == 1 ? (ptrdiff_t)i : hit;
			m[i] |= (unsigned char)((size_t)(hit - (ptrdiff_t)i) <= r ? 2 : 0);
		}
	}
}

/* Median and noise (mzg__noise_level) of buf[0..cnt), cnt > 0. */
static void buf_estimate(masker *k, size_t cnt, double *noise,
                         double *centre)
{
	double med = mzg__median(k->buf, cnt); /* reorders buf */
	size_t i;

	for (i = 0; i < cnt; i++)
		k->scr[i] = fabs(k->buf[i] - med);
	*centre = med;
	*noise = mzg__noise_level(MZG_MAD_SCALE * mzg__median(k->scr, cnt),
	                          k->buf, cnt, 1, med);
}

/* Median and noise of the unmasked points of [a, e); 0 when fewer than
 * MZG_NOISE_MIN_POINTS. */
static int masked_estimate(masker *k, size_t a, size_t e, double *noise,
                           double *centre)
{
	size_t i, cnt = 0;

	for (i = a; i < e; i++) {
		k->buf[cnt] = k->v[i];
		cnt += !k->mask[i];
	}
	if (cnt < MZG_NOISE_MIN_POINTS)
		return 0;
	buf_estimate(k, cnt, noise, centre);
	return 1;
}

/* The nodes: every window with enough noise points; with none, one node
 * from all unmasked points, or else from all points. */
static void masker_nodes(masker *k)
{
	size_t j, nv = 0;

	for (j = 0; j < k->nw; j++) {
		nwin *w = &k->w[j];
		if (!masked_estimate(k, w->a, w->e, &k->nn[nv], &k->nc[nv]))
			continue;
		k->nx[nv++] = w->x;
	}
	if (nv == 0) {
		k->nx[nv++] = k->w[k->nw / 2].x;
		if (!masked_estimate(k, 0, k->m, &k->nn[0], &k->nc[0])) {
			memcpy(k->buf, k->v, k->m * sizeof *k->buf);
			buf_estimate(k, k->m, &k->nn[0], &k->nc[0]);
		}
	}
	k->nv = nv;
}

/* Thresholds again, now from the first estimate (the nodes): each
 * segment's is the centre + MASK_K noise interpolated at its first point.
 * The reference segments are chosen for their low level, so the first
 * mask also takes the higher noise points, and the noise from what it
 * leaves is too low (by up to a third where the noise is correlated);
 * one more mask at the estimate's own level removes most of that. */
static void masker_refine(masker *k)
{
	size_t s, jc = 0, jn = 0;

	for (s = 0; s < k->nseg; s++) {
		double x = k->mz[s * k->len * k->stride];
		k->sthr[s] = walk_interp(k->nx, k->nc, k->nv, &jc, x) +
		             MASK_K * walk_interp(k->nx, k->nn, k->nv, &jn, x);
	}
}

int mzg__noise_masked(double *noise, double *centre, const double *mz,
                      const double *y, size_t n, double window_da,
                      size_t stride, const mzg__block *blk, size_t nb)
{
	masker k;
	size_t na, j;
	int rc;

	if (n == 0)
		return MZG_OK;
	memset(&k, 0, sizeof k);
	k.mz = mz;
	k.n = n;
	k.stride = stride < 1 ? 1 : stride;
	k.m = (n + k.stride - 1) / k.stride;
	na = mzg__noise_anchors(mz[n - 1] - mz[0], window_da, n);
	k.nw = na ? na : 1;
	rc = masker_alloc(&k, y, blk, nb);
	if (rc < 0)
		return rc;
	masker_segments(&k, blk, nb);
	masker_windows(&k, window_da, na);
	for (j = 0; j < k.nw; j++)
		masker_reference(&k, &k.w[j]);
	masker_thresholds(&k);
	masker_mask(&k);
	masker_nodes(&k);
	masker_refine(&k);
	masker_mask(&k);
	masker_nodes(&k);
	mzg__noise_trace(noise, centre, mz, n, k.nx, k.nn, k.nc, k.nv);
	masker_free(&k);
	return MZG_OK;
}
