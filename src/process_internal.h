/*
 * process_internal.h -- pieces shared by the processing modules (smooth.c,
 * baseline.c, noise.c, peaks.c, process.c); not installed.
 *
 * Windows vary with mass: the spectrum is cut into blocks of consecutive
 * points and each block carries its own half windows (in points) for
 * smoothing, baseline and peak detection. A fixed-window run is one block.
 */
#ifndef MZG_PROCESS_INTERNAL_H
#define MZG_PROCESS_INTERNAL_H

#include <stddef.h>

#include "mzgeno/process.h"

/* Block b covers points [start, start of block b+1) (or n for the last). */
typedef struct mzg__block {
	size_t start;
	int sg_hws;    /* Savitzky-Golay half window */
	int snip;      /* SNIP largest half window */
	int peak_hws;  /* local-maximum half window */
} mzg__block;

/* End (exclusive) of block @p b. */
static inline size_t mzg__block_end(const mzg__block *blk, size_t nb,
                                    size_t b, size_t n)
{
	return b + 1 < nb ? blk[b + 1].start : n;
}

/* Savitzky-Golay smoothing with the half window of each block; edges as
 * mzg_smooth_sg. Every block's 2*hws+1 must be <= n (checked by caller).
 * 0, MZG_EINVAL (bad order/hws) or MZG_ENOMEM. */
int mzg__smooth_sg_blocks(double *out, const double *in, size_t n, int order,
                          const mzg__block *blk, size_t nb);

/* SNIP on @p y in place (y becomes the baseline) with the largest half
 * window of each block; @p tmp holds n doubles of scratch. */
void mzg__snip_blocks(double *y, double *tmp, size_t n, const mzg__block *blk,
                      size_t nb, int decreasing);

/* SNIP for wide windows: on the means of groups of @p d points, with each
 * block's largest window divided by d, then interpolated back onto mz and
 * capped by y (y is replaced by the baseline). The baseline varies slowly,
 * so this costs (n/d) * (k/d) instead of n * k. @p work holds 3*ceil(n/d)
 * doubles. 0 or MZG_ENOMEM. */
int mzg__snip_decimated(double *y, const double *mz, size_t n,
                        const mzg__block *blk, size_t nb, size_t d,
                        int decreasing, double *work);

/* Piecewise-linear interpolation of the points (cx, cy), nc of them with
 * cx increasing, at the increasing mz[0..n): constant beyond the first and
 * last point. With @p cap, out[i] keeps its value where that is lower. */
void mzg__interp_linear(double *out, const double *mz, size_t n,
                        const double *cx, const double *cy, size_t nc,
                        int cap);

/* The noise and centre traces at the increasing mz[0..n) from their values
 * xn, xc at nx >= 1 increasing nodes x, in one pass: piecewise linear,
 * constant beyond the first and last node, the noise at least DBL_MIN
 * (next to a node at the floor the interpolation can cancel to 0).
 * @p centre may be NULL (then @p xc is not read). */
void mzg__noise_trace(double *noise, double *centre, const double *mz,
                      size_t n, const double *x, const double *xn,
                      const double *xc, size_t nx);

/* The median of v[0..n) (n > 0), the mean of the two middle values for an
 * even n (as R). Reorders v. The values must be finite (no NaN). */
double mzg__median(double *v, size_t n);

/* The median of v[0..n) (0 for n == 0) without changing v; @p scratch
 * holds n doubles. Large n use a branch-free radix selection. */
double mzg__median_of(const double *v, size_t n, double *scratch);

/* The k-th smallest of v[0..n) (0-based; finite values); reorders v so
 * that v[k] holds it and everything after k is >= it. */
double mzg__select(double *v, size_t n, size_t k);

/* MAD to a normal sigma. */
#define MZG_MAD_SCALE 1.4826
/* Fewer points than this in a noise window: no estimate from it. */
#define MZG_NOISE_MIN_POINTS 16

/* The noise level from @p v = 1.4826 * MAD of y[0], y[stride], ... below
 * y[n] around their median @p med: v itself when positive; when it is 0
 * (more than half the values identical) the scaled mean absolute deviation
 * from the median; when all are identical, a tiny floor. Always > 0. */
double mzg__noise_level(double v, const double *y, size_t n, size_t stride,
                        double med);

/* Number of noise windows of @p window_da Da over a span of @p span Da
 * (n points), or 0 for one global value; and the centre of window j of na
 * (every window_da / 2 from mz[0] + window_da / 2, the last at the end). */
size_t mzg__noise_anchors(double span, double window_da, size_t n);
double mzg__noise_anchor(const double *mz, size_t n, double window_da,
                         size_t j, size_t na);

/* 1.4826 * median |y - median(y)| using @p scratch (n doubles). */
double mzg__mad(const double *y, size_t n, double *scratch);

/* Noise per point: one global MAD (window_da <= 0), or MADs over windows of
 * @p window_da Da centred every window_da/2, linearly interpolated in m/z,
 * each from every @p stride-th point (1 = all). Always > 0 (see noise.c).
 * When @p centre is not NULL it receives the median the same way.
 * @p scratch holds n doubles. 0 or MZG_ENOMEM. */
int mzg__noise(double *noise, double *centre, const double *mz,
               const double *y, size_t n, double window_da, size_t stride,
               double *scratch);

/* As mzg__noise (noise and centre, both required), but from the noise
 * points only:
 * points above a reference level (from the lowest segments around each
 * window) and those within their block's peak_hws of them are left out;
 * windows left with too few points are interpolated from their
 * neighbours (see noise.c). @p blk gives the peak_hws of each block of
 * points. 0 or MZG_ENOMEM. */
int mzg__noise_masked(double *noise, double *centre, const double *mz,
                      const double *y, size_t n, double window_da,
                      size_t stride, const mzg__block *blk, size_t nb);

/* Is sample i a local maximum of half window hws (mzg_local_maxima rule)? */
int mzg__is_local_max(const double *y, size_t n, size_t i, int hws);

/* Detect peaks: local maxima (each block's half window) whose sample value
 * exceeds snr_min * noise, refined by mzg_peak_refine. Appends to
 * the array *peaks (count *np, capacity *cap, grown with mzg__grow). When @p rvals is not NULL, the
 * resolution mz/fwhm of every isolated peak with snr >= @p r_snr is stored
 * in rvals[*nr] (rvals holds n doubles). 0 or MZG_ENOMEM. */
int mzg__find_peaks(mzg_peak **peaks, size_t *np, size_t *cap,
                    const double *mz, const double *y, const double *noise,
                    size_t n, const mzg__block *blk, size_t nb,
                    double snr_min, int interpolate,
                    double *rvals, size_t *nr, double r_snr);

#endif
