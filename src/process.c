/*
 * process.c -- the processing chain: from one spectrum to a peak list.
 *
 * Profile spectra: cut to the analysis window (plus a margin so the
 * baseline and noise are right at its edges), optionally sqrt-transform,
 * Savitzky-Golay smoothing, negative values to 0, SNIP baseline removal,
 * MAD noise and noise centre (by default from the points away from peaks,
 * noise_mask.c), the baseline raised by that centre so the noise is centred
 * on zero, local-maximum peak detection with SNR and sub-sample apex.
 * Window sizes come from the peak width: with resolution R, FWHM(m) = m/R,
 * and each block of points gets SG hws ~ 0.5 FWHM, local-maximum hws ~ 1
 * FWHM and a SNIP half window of snip_da Da, all converted to points with
 * the local m/z step (TOF steps grow with m/z, so the point counts change
 * along the spectrum). When R is not given it is estimated: a quick run
 * (global noise) with the default R gives the median m/FWHM of strong
 * isolated peaks, and smoothing and baseline are redone with that estimate
 * when it differs by more than 10 %.
 * Window sizes given in points are used as they are (the maldiquant
 * preset), and a fixed-window run is exactly MALDIquant's chain.
 * Centroided input becomes the peak list directly.
 *
 * Everything lives in the caller's mzg_processed: no globals, so pads can
 * be processed in parallel threads with one mzg_processed each.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "process_internal.h"

#define BLOCK_POINTS 512    /* points per window block */
#define SNIP_DEC_HWS 32     /* decimate automatic SNIP to ~this half window */
#define HOLE_RATIO 4.0      /* a step > 4x the previous one is a hole */
#define R_SNR 10.0          /* peaks used to estimate R need this SNR */
#define R_MIN_PEAKS 3       /* and there must be this many */
#define R_QUICK_SNR 8.0     /* a quick run looks only at samples above this
                               SNR: a peak of SNR >= R_SNR (from its refined
                               apex) cannot have its highest sample lower */
#define R_RERUN 0.10        /* rerun when the estimate differs by > 10 % */
#define R_PASSES 3          /* at most this many smoothings */
#define MAX_INTENSITY 1e200 /* larger |values| count as missing */
#define R_LO 20.0           /* plausible range of an estimate */
#define R_HI 1e6
#define NOISE_MEDIAN_STRIDE 8

/* The work of one profile spectrum (all arrays n long). */
typedef struct chain {
	const mzg_proc_opts *o;
	size_t n;
	double *raw, *scratch, *centre;
	mzg__block *blk;
	size_t nb;
	double sg_frac;     /* SG half window / FWHM in the middle block */
} chain;

void mzg_processed_init(mzg_processed *p)
{
	memset(p, 0, sizeof *p);
}

void mzg_processed_free(mzg_processed *p)
{
	if (!p)
		return;
	free(p->mz);
	free(p->signal);
	free(p->baseline);
	free(p->noise);
	free(p->peaks);
	free(p->work);
	mzg_processed_init(p);
}

static int reserve(mzg_processed *out, size_t n)
{
	double **arr[4] = { &out->mz, &out->signal, &out->baseline, &out->noise };
	size_t i, cap;

	if (n > out->cap) {
		for (i = 0; i < 4; i++) {
			cap = out->cap;
			if (mzg__grow((void **)arr[i], &cap, n, sizeof(double)) < 0)
				return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
		}
		out->cap = cap;
	}
	if (n > SIZE_MAX / 3 ||
	    mzg__grow((void **)&out->work, &out->cap_work, 3 * n, sizeof(double)) < 0)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu points", n);
	return MZG_OK;
}

/* Error about spectrum @p s. */
#define SPEC_ERR(s, ...) \
	mzg__err_prefix(mzg__err(MZG_EDATA, __VA_ARGS__), "spectrum %ld (%s)", \
	                (s)->index, (s)->id && *(s)->id ? (s)->id : "no id")

/* First index in mz[0..n) with mz >= x. */
static size_t lower_bound(const double *mz, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mz[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is mz[0..n) finite and strictly increasing? 0 yes; -1 no, *where set. */
static int increasing(const double *mz, size_t n, size_t *where)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(mz[i]) || (i > 0 && !(mz[i] > mz[i - 1]))) {
			*where = i;
			return -1;
		}
	return 0;
}

/* Holes in the (increasing) grid of [a, e): a step more than HOLE_RATIO
 * times the previous one. 1 with *where = the point before the step. */
static int has_holes(const double *mz, size_t a, size_t e, size_t *where)
{
	size_t i;

	for (i = a + 1; i + 1 < e; i++)
		if (mz[i + 1] - mz[i] > HOLE_RATIO * (mz[i] - mz[i - 1])) {
			*where = i;
			return 1;
		}
	return 0;
}

/* The analysis window [*a, *e) and the extended range [*xa, *xe) that the
 * chain runs on (a margin for SNIP and the noise windows). */
static void window_range(const mzg_spectrum *s, const mzg_proc_opts *o,
                         size_t *xa, size_t *a, size_t *e, size_t *xe)
{
	double margin = o->snip_da;
	size_t extra = o->snip_iterations > 0 ? (size_t)o->snip_iterations : 0;

	if (!o->noise_global && o->noise_window_da / 2 > margin)
		margin = o->noise_window_da / 2;
	*a = o->mz_min > 0 ? lower_bound(s->mz, s->n, o->mz_min) : 0;
	*e = o->mz_max > 0 ? lower_bound(s->mz, s->n, o->mz_max) : s->n;
	while (*e < s->n && o->mz_max > 0 && s->mz[*e] <= o->mz_max)
		(*e)++;
	if (*e < *a)
		*e = *a;
	*xa = o->mz_min > 0 ? lower_bound(s->mz, s->n, o->mz_min - margin) : 0;
	if (*a - (*a < extra ? *a : extra) < *xa)
		*xa = *a - (*a < extra ? *a : extra);
	*xe = o->mz_max > 0 ? lower_bound(s->mz, s->n, o->mz_max + margin) : s->n;
	if (*xe < *e + extra)
		*xe = *e + extra < s->n ? *e + extra : s->n;
	if (*xe < *e)
		*xe = *e;
}

/* Local m/z step around block [a, e) of mz[0..n). */
static double local_step(const double *mz, size_t n, size_t a, size_t e)
{
	size_t lo = a, hi = e - 1;

	if (hi - lo < 32) {
		lo = hi >= 32 ? hi - 32 : 0;
		hi = lo + 32 < n ? lo + 32 : n - 1;
	}
	return hi > lo ? (mz[hi] - mz[lo]) / (double)(hi - lo) : 1;
}

static int clamp_window(long v, int lo, size_t n)
{
	long hi = (long)((n - 1) / 2);

	if (hi > 100000)
		hi = 100000;
	if (v > hi)
		v = hi;
	if (v < lo)
		v = lo;
	return (int)v;
}

/* Window sizes of each block for resolution R. */
static void make_blocks(chain *c, const double *mz, double R)
{
	const mzg_proc_opts *o = c->o;
	size_t b, a, e, n = c->n;
	int sg_min = o->sg_order / 2 + 1;

	for (b = 0; b < c->nb; b++) {
		double step, fwhm_pts;
		a = b * BLOCK_POINTS;
		e = a + BLOCK_POINTS < n ? a + BLOCK_POINTS : n;
		step = local_step(mz, n, a, e);
		fwhm_pts = mz[(a + e) / 2] / R / step;
		if (!(fwhm_pts >= 0 && fwhm_pts <= 1e6)) /* absurd m/z values */
			fwhm_pts = fwhm_pts > 1e6 ? 1e6 : 0;
		c->blk[b].start = a;
		c->blk[b].sg_hws = o->sg_hws > 0 ? o->sg_hws :
		        clamp_window(lround(0.5 * fwhm_pts), sg_min, n);
		if (b == c->nb / 2)
			c->sg_frac = fwhm_pts > 0 ? c->blk[b].sg_hws / fwhm_pts : 0;
		c->blk[b].peak_hws = o->peak_hws > 0 ? o->peak_hws :
		        clamp_window(lround(fwhm_pts), 1, n);
		c->blk[b].snip = o->snip_iterations > 0 ? o->snip_iterations :
		        (int)fmax(1, fmin(1e6, round(o->snip_da / step)));
		if (o->snip_iterations == 0 && (size_t)c->blk[b].snip > n / 2)
			c->blk[b].snip = (int)(n / 2 > 0 ? n / 2 : 1);
	}
}

/* SNIP on out->baseline (a copy of the smoothed signal). Windows given in
 * points run exactly; automatic windows wider than 2 * SNIP_DEC_HWS points
 * run on a decimated grid (see mzg__snip_decimated). */
static int baseline(mzg_processed *out, chain *c)
{
	size_t b, kmax = 0, d;

	for (b = 0; b < c->nb; b++)
		if ((size_t)c->blk[b].snip > kmax)
			kmax = (size_t)c->blk[b].snip;
	d = c->o->snip_iterations > 0 ? 1 : kmax / SNIP_DEC_HWS;
	if (d < 2) {
		mzg__snip_blocks(out->baseline, c->scratch, c->n, c->blk, c->nb,
		                 c->o->snip_decreasing);
		return MZG_OK;
	}
	/* 3 * ceil(n/d) <= 2n doubles: scratch and centre are contiguous */
	return mzg__snip_decimated(out->baseline, out->mz, c->n, c->blk, c->nb,
	                           d, c->o->snip_decreasing, c->scratch);
}

/* Smoothing and baseline: out->signal (corrected) and out->baseline from
 * c->raw with the current blocks. */
static int smooth_and_baseline(mzg_processed *out, chain *c)
{
	const mzg_proc_opts *o = c->o;
	size_t i, n = c->n;
	int rc;

	rc = mzg__smooth_sg_blocks(out->signal, c->raw, n, o->sg_order,
	                           c->blk, c->nb);
	if (rc < 0)
		return rc;
	for (i = 0; o->clamp_negative && i < n; i++)
		if (out->signal[i] < 0)
			out->signal[i] = 0;
	memcpy(out->baseline, out->signal, n * sizeof(double));
	rc = baseline(out, c);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++)
		out->signal[i] -= out->baseline[i];
	return MZG_OK;
}

/* Points per noise sample: given, or with automatic windows half the
 * smallest SG half window (the smoothed signal is correlated over the SG
 * window, so its neighbours add almost nothing), else every point. */
static size_t noise_stride(const chain *c)
{
	size_t b, s = 0;

	if (c->o->noise_stride > 0)
		return (size_t)c->o->noise_stride;
	if (c->o->sg_hws > 0)
		return 1;
	for (b = 0; b < c->nb; b++)
		if (s == 0 || (size_t)c->blk[b].sg_hws / 2 < s)
			s = (size_t)c->blk[b].sg_hws / 2;
	return s ? s : 1;
}

/* Noise, centring and peaks on the corrected signal. A quick run (for the
 * resolution estimate) takes one global MAD of all points and does not
 * centre. Values
 * of m/FWHM of strong isolated peaks go to c->scratch[0..*nr). */
static int noise_and_peaks(mzg_processed *out, chain *c, int quick, size_t *nr)
{
	const mzg_proc_opts *o = c->o;
	int centre = o->baseline_centre && !quick;
	double window = o->noise_global || quick ? 0 : o->noise_window_da;
	size_t i, n = c->n;
	int rc;

	if (o->noise_mask && !quick)
		rc = mzg__noise_masked(out->noise, c->centre, out->mz, out->signal,
		                       n, window, noise_stride(c), c->blk, c->nb);
	else
		rc = mzg__noise(out->noise, centre ? c->centre : NULL, out->mz,
		                out->signal, n, window, noise_stride(c), c->scratch);
	if (rc < 0)
		return rc;
	for (i = 0; centre && i < n; i++) {
		out->baseline[i] += c->centre[i];
		out->signal[i] -= c->centre[i];
	}
	out->n_peaks = 0;
	*nr = 0;
	return mzg__find_peaks(&out->peaks, &out->n_peaks, &out->cap_peaks,
	                       out->mz, out->signal, out->noise, n, c->blk, c->nb,
	                       quick ? fmax(o->peak_snr, R_QUICK_SNR) : o->peak_snr,
	                       o->interpolate, c->scratch, nr, R_SNR);
}

/* Median of the nr resolution values in c->scratch, or 0 if too few. */
static double estimate_resolution(chain *c, size_t nr)
{
	double r;

	if (nr < R_MIN_PEAKS)
		return 0;
	r = mzg__median(c->scratch, nr);
	return r >= R_LO && r <= R_HI ? r : 0;
}

/* Run the chain. When the windows depend on an unknown resolution, a quick
 * run (global noise, strong peaks only) estimates it from the default; if
 * it moves by more than R_RERUN the spectrum is smoothed again with it.
 * Each full run's own peaks then check the estimate, and smoothing is
 * redone while it still moves by more than R_RERUN (at most R_PASSES
 * smoothings in all): no second quick run just to confirm an estimate,
 * which cost 10 % of the chain. The reported resolution is the estimate
 * from the final run's peaks. */
static int run_profile(mzg_processed *out, chain *c)
{
	const mzg_proc_opts *o = c->o;
	int estimate = o->resolution <= 0, pass;
	int adapt = estimate && (o->sg_hws == 0 || o->peak_hws == 0);
	double R = estimate ? MZG_PROC_DEFAULT_RESOLUTION : o->resolution;
	double est = 0, fin = 0;
	size_t nr = 0, nr_est = 0;
	int rc;

	make_blocks(c, out->mz, R);
	rc = smooth_and_baseline(out, c);
	if (rc == MZG_OK && adapt) {
		rc = noise_and_peaks(out, c, 1, &nr_est);
		est = rc < 0 ? 0 : estimate_resolution(c, nr_est);
		if (rc >= 0 && est > 0 && fabs(est / R - 1) > R_RERUN) {
			R = est;
			make_blocks(c, out->mz, R);
			rc = smooth_and_baseline(out, c);
		} else {
			adapt = 0;
		}
	}
	for (pass = 2; rc == MZG_OK; pass++) {
		rc = noise_and_peaks(out, c, 0, &nr);
		if (rc < 0)
			break;
		fin = estimate ? estimate_resolution(c, nr) : 0;
		if (!adapt || !(fin > 0) || fabs(fin / R - 1) <= R_RERUN ||
		    pass >= R_PASSES)
			break;
		est = R = fin;
		make_blocks(c, out->mz, R);
		rc = smooth_and_baseline(out, c);
	}
	if (rc < 0)
		return rc;
	out->resolution = fin > 0 ? fin : est > 0 ? est : R;
	out->n_resolution_peaks = fin > 0 ? nr : est > 0 ? nr_est : 0;
	out->smooth_hws = c->sg_frac;
	out->smooth_order = o->sg_order;
	return MZG_OK;
}

/* Keep points [off, off+cnt) of the arrays and the peaks among them whose
 * apex lies in the analysis window: an interpolated apex at the window's
 * last sample can lie up to half a sample step beyond it, which on a
 * sparse axis is many Da (found by fuzz_process). */
static void trim(mzg_processed *out, size_t off, size_t cnt,
                 const mzg_proc_opts *o)
{
	double **arr[4] = { &out->mz, &out->signal, &out->baseline, &out->noise };
	size_t i, k = 0;

	if (off)
		for (i = 0; i < 4; i++)
			memmove(*arr[i], *arr[i] + off, cnt * sizeof(double));
	for (i = 0; i < out->n_peaks; i++) {
		mzg_peak p = out->peaks[i];
		if (p.index < off || p.index >= off + cnt ||
		    (o->mz_min > 0 && p.mz < o->mz_min) ||
		    (o->mz_max > 0 && p.mz > o->mz_max))
			continue;
		p.index -= off;
		out->peaks[k++] = p;
	}
	out->n_peaks = k;
	out->n = cnt;
}

static int cmp_peak(const void *a, const void *b)
{
	const mzg_peak *x = a, *y = b;

	if (x->mz != y->mz)
		return (x->mz > y->mz) - (x->mz < y->mz);
	return (x->index > y->index) - (x->index < y->index);
}

static void sort_peaks(mzg_processed *out)
{
	size_t i;

	for (i = 1; i < out->n_peaks; i++)
		if (out->peaks[i].mz < out->peaks[i - 1].mz) {
			qsort(out->peaks, out->n_peaks, sizeof *out->peaks, cmp_peak);
			return;
		}
}

/* Copy the intensities of [xa, xe) into c->raw (transformed; non-finite
 * and absurd values, beyond MAX_INTENSITY, as 0 so no sum can overflow).
 * Returns the number of usable values. */
static size_t load_raw(chain *c, const mzg_spectrum *s, size_t xa)
{
	size_t i, finite = 0;

	for (i = 0; i < c->n; i++) {
		double v = s->intensity[xa + i];
		if (!isfinite(v) || fabs(v) > MAX_INTENSITY) {
			v = 0;
		} else {
			finite++;
			if (c->o->transform == 1)
				v = v > 0 ? sqrt(v) : 0;
		}
		c->raw[i] = v;
	}
	return finite;
}

/* The median of the noise trace over the kept points, from every
 * NOISE_MEDIAN_STRIDE-th one: the trace is constant or piecewise linear
 * between noise windows tens of Da apart, so the rest add nothing. */
static double noise_median(const mzg_processed *out, double *scratch)
{
	size_t i, k = 0;

	for (i = 0; i < out->n; i += NOISE_MEDIAN_STRIDE)
		scratch[k++] = out->noise[i];
	return mzg__median(scratch, k);
}

/* Profile path on [xa, xe) with analysis window [a, e). */
static int process_profile(mzg_processed *out, const mzg_spectrum *s,
                           const mzg_proc_opts *o, size_t xa, size_t a,
                           size_t e, size_t xe)
{
	chain c;
	size_t i;
	int rc;

	memset(&c, 0, sizeof c);
	c.o = o;
	c.n = xe - xa;
	rc = reserve(out, c.n);
	if (rc < 0)
		return rc;
	c.raw = out->work;
	c.scratch = out->work + c.n;
	c.centre = out->work + 2 * c.n;
	memcpy(out->mz, s->mz + xa, c.n * sizeof(double));
	if (load_raw(&c, s, xa) == 0)
		return SPEC_ERR(s, "no finite intensities in %.6g..%.6g",
		                s->mz[xa], s->mz[xe - 1]);
	c.nb = (c.n + BLOCK_POINTS - 1) / BLOCK_POINTS;
	c.blk = mzg__malloc_array(c.nb, sizeof *c.blk);
	if (!c.blk)
		return mzg__err(MZG_ENOMEM, "out of memory");
	make_blocks(&c, out->mz, MZG_PROC_DEFAULT_RESOLUTION);
	for (i = 0; i < c.nb; i++)
		if (2 * (size_t)c.blk[i].sg_hws + 1 > c.n ||
		    2 * (size_t)c.blk[i].peak_hws + 1 > c.n) {
			rc = SPEC_ERR(s, "%zu points are too few for the smoothing / "
			              "peak windows (%d, %d points each side)", c.n,
			              c.blk[i].sg_hws, c.blk[i].peak_hws);
			goto out;
		}
	rc = run_profile(out, &c);
	if (rc < 0)
		goto out;
	trim(out, a - xa, e - a, o);
	sort_peaks(out);
	out->noise_median = noise_median(out, c.scratch);
out:
	free(c.blk);
	return rc;
}

/* Centroid path: the points in [a, e) with a positive intensity are the
 * peaks; noise is their median intensity. */
static int process_centroid(mzg_processed *out, const mzg_spectrum *s,
                            const mzg_proc_opts *o, size_t a, size_t e)
{
	size_t i, k = 0;
	double noise;
	int rc;

	rc = reserve(out, e - a);
	if (rc < 0)
		return rc;
	if (e - a > out->cap_peaks &&
	    mzg__grow((void **)&out->peaks, &out->cap_peaks, e - a,
	              sizeof *out->peaks) < 0)
		return mzg__err(MZG_ENOMEM, "out of memory for %zu peaks", e - a);
	for (i = a; i < e; i++) {
		double m = s->mz[i], v = s->intensity[i];
		mzg_peak *p;
		if (!isfinite(m) || !isfinite(v) || !(v > 0))
			continue;
		p = &out->peaks[k];
		memset(p, 0, sizeof *p);
		p->mz = m;
		p->intensity = v;
		p->index = i;
		out->work[k++] = v;
	}
	out->n_peaks = k;
	noise = k ? mzg__median(out->work, k) : 0;
	if (!(noise > 0))
		noise = DBL_MIN;
	for (i = 0; i < k; i++)
		out->peaks[i].snr = out->peaks[i].intensity / noise;
	sort_peaks(out);
	out->noise_median = noise;
	out->resolution = o->resolution > 0 ? o->resolution
	                                    : MZG_PROC_DEFAULT_RESOLUTION;
	out->centroid = 1;
	return MZG_OK;
}

/* For unsorted centroid lists the window cannot be found by bisection:
 * scan everything and filter by m/z instead. */
static int process_centroid_any(mzg_processed *out, const mzg_spectrum *s,
                                const mzg_proc_opts *o)
{
	size_t i, k = 0;
	int rc = process_centroid(out, s, o, 0, s->n);

	if (rc < 0)
		return rc;
	for (i = 0; i < out->n_peaks; i++) {
		double m = out->peaks[i].mz;
		if ((o->mz_min > 0 && m < o->mz_min) || (o->mz_max > 0 && m > o->mz_max))
			continue;
		out->peaks[k++] = out->peaks[i];
	}
	out->n_peaks = k;
	return MZG_OK;
}

int mzg_process(mzg_processed *out, const mzg_spectrum *s,
                const mzg_proc_opts *o)
{
	size_t xa, a, e, xe, where = 0;
	int rc;

	rc = mzg_proc_opts_check(o);
	if (rc < 0)
		return rc;
	out->n = 0;
	out->n_peaks = 0;
	out->resolution = 0;
	out->n_resolution_peaks = 0;
	out->noise_median = 0;
	out->centroid = 0;
	out->smooth_hws = 0;
	out->smooth_order = 0;
	if (s->n == 0)
		return SPEC_ERR(s, "the spectrum has no points");
	if (!s->mz || !s->intensity)
		return mzg__err(MZG_EINVAL, "spectrum %ld: arrays missing", s->index);
	if (s->repr == MZG_REPR_CENTROID)
		return process_centroid_any(out, s, o);
	if (increasing(s->mz, s->n, &where) < 0) {
		if (s->repr == MZG_REPR_UNKNOWN)
			return process_centroid_any(out, s, o);
		return SPEC_ERR(s, "m/z values must increase (point %zu, m/z %.6g)",
		                where, s->mz[where]);
	}
	window_range(s, o, &xa, &a, &e, &xe);
	if (has_holes(s->mz, xa, xe, &where)) {
		if (s->repr == MZG_REPR_UNKNOWN)
			return process_centroid_any(out, s, o);
		return SPEC_ERR(s, "the m/z grid has holes (step %.4g after %.4g at "
		                "m/z %.6g): were zero intensities removed? Profile "
		                "processing needs the full grid", s->mz[where + 1] -
		                s->mz[where], s->mz[where] - s->mz[where - 1],
		                s->mz[where]);
	}
	if (e <= a)
		return SPEC_ERR(s, "no points in the analysis window %g..%g "
		                "(spectrum covers %.6g..%.6g)", o->mz_min, o->mz_max,
		                s->mz[0], s->mz[s->n - 1]);
	return process_profile(out, s, o, xa, a, e, xe);
}
