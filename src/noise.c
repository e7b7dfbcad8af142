/*
 * noise.c -- robust noise level: median absolute deviation, global or in
 * mass windows.
 *
 * The noise of a baseline-corrected spectrum is estimated as the MAD,
 * 1.4826 * median |y - median(y)| (R's stats::mad, what MALDIquant's
 * detectPeaks uses for the whole spectrum), over all points: that ignores
 * peaks only while they are a small fraction of the points (the default
 * chain masks them first, noise_mask.c). Noise in MALDI spectra changes
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

/* Mean absolute deviation to sigma for a normal distribution: sqrt(pi/2). */
#define MEANAD_SCALE 1.2533141373155

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void swap(double *a, ptrdiff_t i, ptrdiff_t j)
{
	double t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/* Floyd & Rivest's SELECT (Comm. ACM 18:165, 1975): put the k-th smallest
 * of a[left..right] at a[k], smaller values before it and larger after.
 * Large ranges first select within a small sample around the expected
 * position, so the partition that follows splits off nearly everything in
 * one pass (about 1.5 n comparisons for a median). Values must not be NaN.
 * A range still unresolved after many rounds is sorted, so hostile input
 * cannot make it quadratic. */
static void fr_select(double *a, ptrdiff_t left, ptrdiff_t right, ptrdiff_t k,
                      int depth)
{
	while (right > left) {
		ptrdiff_t i, j;
		double t;

		if (depth++ > 64) {
			qsort(a + left, (size_t)(right - left + 1), sizeof *a, cmp_double);
			return;
		}
		if (right - left > 600) {
			double n = (double)(right - left + 1), m = (double)(k - left + 1);
			double z = log(n), s = 0.5 * exp(2 * z / 3);
			double sd = 0.5 * sqrt(z * s * (n - s) / n) * (m < n / 2 ? -1 : 1);
			ptrdiff_t nl = (ptrdiff_t)floor((double)k - m * s / n + sd);
			ptrdiff_t nr = (ptrdiff_t)floor((double)k + (n - m) * s / n + sd);
			fr_select(a, nl > left ? nl : left, nr < right ? nr : right, k,
			          depth);
		}
		t = a[k];
		i = left;
		j = right;
		swap(a, left, k);
		if (a[right] > t)
			swap(a, right, left);
		while (i < j) {
			swap(a, i, j);
			i++;
			j--;
			while (a[i] < t)
				i++;
			while (a[j] > t)
				j--;
		}
		if (a[left] == t) {
			swap(a, left, j);
		} else {
			j++;
			swap(a, j, right);
		}
		if (j <= k)
			left = j + 1;
		if (k <= j)
			right = j - 1;
	}
}

#define SMALL_SELECT 256 /* up to this many values: branch-free quickselect */

/* Quickselect for short arrays with a branch-free Lomuto partition (every
 * element is swapped unconditionally and the boundary advances by the
 * comparison), so random data cause no branch mispredictions. Equal values
 * make it quadratic, which n <= SMALL_SELECT bounds. */
static void small_select(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, i, st, mid;
	double p, x;

	while (hi > lo) {
		mid = lo + (hi - lo) / 2; /* median of three as the pivot, at hi */
		if (v[mid] < v[lo])
			swap(v, (ptrdiff_t)mid, (ptrdiff_t)lo);
		if (v[hi] < v[lo])
			swap(v, (ptrdiff_t)hi, (ptrdiff_t)lo);
		if (v[mid] < v[hi])
			swap(v, (ptrdiff_t)mid, (ptrdiff_t)hi);
		p = v[hi];
		for (i = lo, st = lo; i < hi; i++) {
			x = v[i];
			v[i] = v[st];
			v[st] = x;
			st += x < p;
		}
		swap(v, (ptrdiff_t)st, (ptrdiff_t)hi);
		if (st == k)
			return;
		if (k < st)
			hi = st - 1;
		else
			lo = st + 1;
	}
}

/* The k-th smallest value of v[0..n) (0-based); reorders v so that v[k]
 * holds it and everything after k is >= it. */
static double select_kth(double *v, size_t n, size_t k)
{
	if (n <= SMALL_SELECT)
		small_select(v, n, k);
	else
		fr_select(v, 0, (ptrdiff_t)n - 1, (ptrdiff_t)k, 0);
	return v[k];
}

/* Doubles as unsigned keys in the same order (finite values). */
static inline uint64_t dkey(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	/* negative: all bits flipped; positive: the sign bit set (no branch) */
	return u ^ ((uint64_t)-(int64_t)(u >> 63) | 0x8000000000000000ull);
}

static inline double dval(uint64_t k)
{
	uint64_t u = k >> 63 ? k & 0x7fffffffffffffffull : ~k;
	double x;

	memcpy(&x, &u, sizeof x);
	return x;
}

#define RADIX_BITS 11
#define RADIX_MIN 1024  /* below this many values, Floyd-Rivest */

/* The k-th smallest of the values whose keys (dkey) are in v[0..n), lo
 * and hi being the smallest and largest key; destroys v. When @p next is
 * not NULL it receives the (k+1)-th (k + 1 < n). Radix selection on the
 * bit patterns: each round counts the values in 2048 bins of the next 11
 * bits, starting at the highest bit in which they differ, and keeps only
 * the bin holding the k-th, noting the smallest key above that bin. No
 * unpredictable branches; over ordinary spectra two rounds leave a
 * handful of candidates. */
static double radix_select(double *v, size_t n, size_t k, uint64_t lo,
                           uint64_t hi, double *next)
{
	uint32_t hist[2][1u << RADIX_BITS];
	const uint64_t mask = (1u << RADIX_BITS) - 1;
	uint64_t key, key2, diff, above = UINT64_MAX, cand;
	size_t i, j, m = n, cum, b;
	double kth;
	int shift;

	if (lo == hi) { /* all equal (a constant noise trace) */
		if (next)
			*next = dval(lo);
		return dval(lo);
	}
	for (diff = lo ^ hi, shift = -RADIX_BITS; diff; diff >>= 1)
		shift++;
	for (; m > 16 && shift > -RADIX_BITS; shift -= RADIX_BITS) {
		int sh = shift > 0 ? shift : 0;
		memset(hist, 0, sizeof hist);
		/* two histograms so that equal neighbours do not wait on each
		 * other's increments */
		for (i = 0; i + 1 < m; i += 2) {
			memcpy(&key, &v[i], sizeof key);
			memcpy(&key2, &v[i + 1], sizeof key2);
			hist[0][(key >> sh) & mask]++;
			hist[1][(key2 >> sh) & mask]++;
		}
		if (i < m) {
			memcpy(&key, &v[i], sizeof key);
			hist[0][(key >> sh) & mask]++;
		}
		for (b = 0, cum = 0; cum + hist[0][b] + hist[1][b] <= k; b++)
			cum += hist[0][b] + hist[1][b];
		k -= cum;
		for (i = 0, j = 0; i < m; i++) {
			memcpy(&key, &v[i], sizeof key);
			memcpy(&v[j], &key, sizeof key);
			j += ((key >> sh) & mask) == b;
			cand = ((key >> sh) & mask) > b ? key : UINT64_MAX;
			above = cand < above ? cand : above;
		}
		m = j;
		if (sh == 0)
			break; /* all candidates have the same key */
	}
	for (i = 0; i < m; i++) {
		memcpy(&key, &v[i], sizeof key);
		v[i] = dval(key);
	}
	kth = select_kth(v, m, k);
	if (next) {
		*next = above != UINT64_MAX ? dval(above) : HUGE_VAL;
		for (i = k + 1; i < m; i++) /* after select_kth: all >= kth */
			*next = v[i] < *next ? v[i] : *next;
	}
	return kth;
}

/* Keys (dkey) of g(x) into scratch, with their smallest and largest. */
static size_t gather_keys(const double *src, size_t n, size_t stride,
                          int absdev, double c, double *scratch,
                          uint64_t *lo, uint64_t *hi)
{
	uint64_t key, l = UINT64_MAX, h = 0;
	size_t i, m = 0;

	if (absdev)
		for (i = 0; i < n; i += stride) {
			key = dkey(fabs(src[i] - c));
			l = key < l ? key : l;
			h = key > h ? key : h;
			memcpy(&scratch[m++], &key, sizeof key);
		}
	else
		for (i = 0; i < n; i += stride) {
			key = dkey(src[i]);
			l = key < l ? key : l;
			h = key > h ? key : h;
			memcpy(&scratch[m++], &key, sizeof key);
		}
	*lo = l;
	*hi = h;
	return m;
}

/* Copy g(x) for x = src[0], src[stride], ... below src[n] into scratch,
 * with g(x) = x, or |x - c| when @p absdev. Returns the count. */
static size_t gather(const double *src, size_t n, size_t stride, int absdev,
                     double c, double *scratch)
{
	size_t i, m = 0;

	if (absdev)
		for (i = 0; i < n; i += stride)
			scratch[m++] = fabs(src[i] - c);
	else
		for (i = 0; i < n; i += stride)
			scratch[m++] = src[i];
	return m;
}

/* The median of g(x) (see gather). Even counts: the mean of the two
 * middle values (for short inputs the upper one comes from a second,
 * branch-free pass). */
static double median_strided(const double *src, size_t n, size_t stride,
                             int absdev, double c, double *scratch)
{
	size_t i, m, h, k, le = 0;
	double a, b = HUGE_VAL, x;

	m = (n + stride - 1) / stride;
	h = m / 2;
	k = m % 2 ? h : h - 1;
	if (m >= RADIX_MIN) {
		uint64_t lo, hi;
		gather_keys(src, n, stride, absdev, c, scratch, &lo, &hi);
		a = radix_select(scratch, m, k, lo, hi, m % 2 ? NULL : &b);
		return m % 2 ? a : (a + b) / 2;
	}
	gather(src, n, stride, absdev, c, scratch);
	a = select_kth(scratch, m, k);
	if (m % 2)
		return a;
	for (i = 0; i < n; i += stride) {
		x = src[i];
		if (absdev) /* loop-invariant: predicted */
			x = fabs(x - c);
		le += x <= a;
		x = x > a ? x : HUGE_VAL;
		b = x < b ? x : b;
	}
	return le >= h + 1 ? a : (a + b) / 2;
}

double mzg__select(double *v, size_t n, size_t k)
{
	return select_kth(v, n, k);
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

double mzg__median_of(const double *v, size_t n, double *scratch)
{
	return n ? median_strided(v, n, 1, 0, 0, scratch) : 0;
}

double mzg__mad(const double *y, size_t n, double *scratch)
{
	double med;

	if (n == 0)
		return 0;
	med = median_strided(y, n, 1, 0, 0, scratch);
	return MZG_MAD_SCALE * median_strided(y, n, 1, 1, med, scratch);
}

int mzg_mad(double *out, const double *y, size_t n)
{
	double *v, *scratch;
	size_t i, m = 0;

	*out = 0;
	if (n == 0)
		return MZG_OK;
	v = mzg__malloc_array(n, 2 * sizeof *v);
	if (!v)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	scratch = v + n;
	for (i = 0; i < n; i++) /* selection needs ordered values: no NaN */
		if (isfinite(y[i]))
			v[m++] = y[i];
	*out = mzg__mad(v, m, scratch);
	free(v);
	return MZG_OK;
}

double mzg__noise_level(double v, const double *y, size_t n, size_t stride,
                        double med)
{
	double s = 0, big = 0;
	size_t i, m = 0;

	if (!(v > 0 && isfinite(v))) {
		for (i = 0; i < n; i += stride, m++) {
			s += fabs(y[i] - med);
			big = fabs(y[i]) > big ? fabs(y[i]) : big;
		}
		v = MEANAD_SCALE * s / (double)m;
		if (!(v > 0 && isfinite(v)))
			v = 1e-12 * big;
	}
	return v > DBL_MIN ? v : DBL_MIN;
}

/* Noise level (> 0, see mzg__noise_level) and centre (the median) of y[0],
 * y[stride], ... below y[n]. */
static void robust_noise(const double *y, size_t n, size_t stride,
                         double *scratch, double *noise, double *centre)
{
	double med;

	*centre = 0;
	*noise = DBL_MIN;
	if (n == 0)
		return;
	*centre = med = median_strided(y, n, stride, 0, 0, scratch);
	*noise = mzg__noise_level(MZG_MAD_SCALE * median_strided(y, n, stride, 1,
	                                                     med, scratch),
	                          y, n, stride, med);
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

/* Global noise and centre, computed once when first needed. */
typedef struct global_noise {
	int done;
	double noise, centre;
} global_noise;

static void need_global(global_noise *g, const double *y, size_t n,
                        size_t stride, double *scratch)
{
	if (!g->done)
		robust_noise(y, n, stride, scratch, &g->noise, &g->centre);
	g->done = 1;
}

/* Noise and centre over mz in [c - w/2, c + w/2]; with too few points
 * there, the global values. */
static void anchor_noise(const double *mz, const double *y, size_t n,
                         double c, double w, size_t stride, global_noise *g,
                         double *scratch, double *noise, double *centre)
{
	size_t a = lower_bound(mz, 0, n, c - w / 2);
	size_t e = lower_bound(mz, a, n, c + w / 2);

	while (e < n && mz[e] <= c + w / 2)
		e++;
	if ((e - a + stride - 1) / stride < MZG_NOISE_MIN_POINTS) {
		need_global(g, y, n, stride, scratch);
		*noise = g->noise;
		*centre = g->centre;
		return;
	}
	robust_noise(y + a, e - a, stride, scratch, noise, centre);
}

void mzg__interp_linear(double *out, const double *mz, size_t n,
                        const double *cx, const double *cy, size_t nc,
                        int cap)
{
	size_t i = 0, j;
	double v;

	for (; i < n && (nc < 2 || mz[i] <= cx[0]); i++)
		out[i] = cap && out[i] < cy[0] ? out[i] : cy[0];
	for (j = 0; j + 1 < nc && i < n; j++) {
		double slope = (cy[j + 1] - cy[j]) / (cx[j + 1] - cx[j]);
		for (; i < n && mz[i] < cx[j + 1]; i++) {
			v = cy[j] + slope * (mz[i] - cx[j]);
			out[i] = cap && out[i] < v ? out[i] : v;
		}
	}
	for (; i < n; i++)
		out[i] = cap && out[i] < cy[nc - 1] ? out[i] : cy[nc - 1];
}

void mzg__noise_trace(double *noise, double *centre, const double *mz,
                      size_t n, const double *x, const double *xn,
                      const double *xc, size_t nx)
{
	size_t i = 0, j, last = nx - 1;
	double v;

	for (; i < n && (last == 0 || mz[i] <= x[0]); i++) {
		noise[i] = xn[0] >= DBL_MIN ? xn[0] : DBL_MIN;
		if (centre)
			centre[i] = xc[0];
	}
	for (j = 0; j < last && i < n; j++) {
		double dx = x[j + 1] - x[j];
		double sn = (xn[j + 1] - xn[j]) / dx;
		double sc = centre ? (xc[j + 1] - xc[j]) / dx : 0;
		for (; i < n && mz[i] < x[j + 1]; i++) {
			double d = mz[i] - x[j];
			v = xn[j] + sn * d; /* next to a node at the floor, the */
			noise[i] = v >= DBL_MIN ? v : DBL_MIN; /* sum can cancel */
			if (centre)
				centre[i] = xc[j] + sc * d;
		}
	}
	for (; i < n; i++) {
		noise[i] = xn[last] >= DBL_MIN ? xn[last] : DBL_MIN;
		if (centre)
			centre[i] = xc[last];
	}
}

size_t mzg__noise_anchors(double span, double window_da, size_t n)
{
	size_t na;

	if (!(window_da > 0) || span <= window_da)
		return 0;
	na = (size_t)ceil((span - window_da) / (window_da / 2)) + 1;
	if (na < 2)
		na = 2;
	return na > n ? 0 : na; /* absurdly narrow windows: global */
}

double mzg__noise_anchor(const double *mz, size_t n, double window_da,
                         size_t j, size_t na)
{
	double c = mz[0] + window_da / 2 + (double)j * (window_da / 2);

	return j == na - 1 || c > mz[n - 1] - window_da / 2 ?
	       mz[n - 1] - window_da / 2 : c;
}

int mzg__noise(double *noise, double *centre, const double *mz,
               const double *y, size_t n, double window_da, size_t stride,
               double *scratch)
{
	global_noise g = { 0, 0, 0 };
	double *c;
	size_t na, j, i;

	if (n == 0)
		return MZG_OK;
	if (stride < 1)
		stride = 1;
	na = mzg__noise_anchors(mz[n - 1] - mz[0], window_da, n);
	if (na == 0) {
		need_global(&g, y, n, stride, scratch);
		for (i = 0; i < n; i++)
			noise[i] = g.noise;
		for (i = 0; centre && i < n; i++)
			centre[i] = g.centre;
		return MZG_OK;
	}
	c = mzg__malloc_array(na, 3 * sizeof *c); /* centres, noise, centre */
	if (!c)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu noise windows", na);
	for (j = 0; j < na; j++) {
		c[j] = mzg__noise_anchor(mz, n, window_da, j, na);
		anchor_noise(mz, y, n, c[j], window_da, stride, &g, scratch,
		             &c[na + j], &c[2 * na + j]);
	}
	mzg__noise_trace(noise, centre, mz, n, c, c + na, c + 2 * na, na);
	free(c);
	return MZG_OK;
}
