/*
 * measure_int.h -- private to measure.c and measure_fit.c: the state of
 * one mzg_measure_targets() call and the helpers both files use.
 */
#ifndef MZG_MEASURE_INT_H
#define MZG_MEASURE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "mzgeno/measure.h"
#include "measure_ws.h"

#define MZG__MAX_COMP 64                   /* components of one joint fit */
#define MZG__TAB_N 151                     /* peak shape nodes over 0..3 FWHM */
#define MZG__TAB_DU 0.02                   /* node spacing, in FWHM */
#define MZG__SG_MAX 150                    /* largest SG half window, nodes */
#define MZG__KERNELS 8                     /* smoothing kernels remembered */
#define MZG__MERGE_FWHM 0.2                /* closer components: one */
#define MZG__TIE_FIXED (-2)                /* mzg__jfit.tie: a fixed height */

/* State of one mzg_measure_targets() call. */
typedef struct mzg__mctx {
	const mzg_processed *p;
	const mzg_calib *c;
	const mzg_measure_opts *o;
	const mzg_target *t;
	size_t n;          /* targets with a usable mass (ranked) */
	size_t n_all;      /* all targets (indices of t, pos, grp, out) */
	double R;          /* resolution m/FWHM */
	size_t *ord;       /* target indices sorted by mass, n of them */
	double *pos;       /* observed-axis position of each target */
	long *grp;         /* merged fit component of each target, or -1 */
	long n_grp;
	mzg_measure *out;
	double s_med;      /* width scale every cluster is fitted with */
	/* crowded adducts (measure_tie.c); NULL when none are tied */
	unsigned char *crowded; /* another species within tie_fwhm FWHM */
	long *tie_par;     /* the parent an adduct is tied to, else -1 */
	double *tie_rho;   /* ... its adduct/parent height ratio */
	double rho[2];     /* the pad's Na, K adduct ratios (NaN: unknown) */
	int rho_set;       /* rho[] holds them */
} mzg__mctx;

/* One memoised peak shape (see mzg__jfit). */
typedef struct mzg__shape {
	double s;                      /* width scale */
	size_t sg_m;                   /* smoothing kernel: half window, */
	int sg_q;                      /* ... order */
	double area;                   /* tab_area */
	double tab[MZG__TAB_N];
} mzg__shape;

/* Work space of the joint fits; kept across spectra by the pipeline's
 * workers (mzg__jfit_use sets it up for each spectrum). */
struct mzg__jfit {
	size_t k;                      /* components */
	double mu[MZG__MAX_COMP];      /* observed positions */
	double fw[MZG__MAX_COMP];      /* nominal FWHM (m/R) at each position */
	double h[MZG__MAX_COMP];       /* fitted heights */
	double s;                      /* fitted width scale */
	long tie[MZG__MAX_COMP];       /* -1: free height; >= 0: the height is
	                                  tie_r x that component's; MZG__TIE_FIXED:
	                                  fixed at tie_r */
	double tie_r[MZG__MAX_COMP];
	size_t n_tied;                 /* components not free */
	double Gf[MZG__MAX_COMP * MZG__MAX_COMP], bf[MZG__MAX_COMP];
	                               /* the full normal equations while the
	                                  reduced (tied) ones are solved */
	double eps;                    /* fitted common shift (relative) */
	size_t i0, i1;                 /* data window [i0, i1) */
	size_t stride;                 /* every stride-th point is fitted */
	double *wmz, *wy;              /* the fitted points (finite signal), */
	size_t nw, cap_wmz, cap_wy;    /* nw of them, padded to 4 with NaN/0 */
	double acc[4 * MZG__MAX_COMP * MZG__MAX_COMP]; /* lane sums of G, */
	double acc_b[4 * MZG__MAX_COMP];               /* ... of b */
	double yy;                     /* sum y^2 over the window */
	double G[MZG__MAX_COMP * MZG__MAX_COMP], b[MZG__MAX_COMP];
	double L[MZG__MAX_COMP * MZG__MAX_COMP]; /* Cholesky factor */
	double *res;                   /* deflated signal for apexes */
	size_t cap_res;
	double sg[MZG__SG_MAX + 1];    /* smoothing kernel on the node grid,
	                                  taps 0..sg_m (symmetric) */
	size_t sg_m;
	int sg_q;                      /* its polynomial order */
	struct {                       /* kernels made for earlier spectra */
		size_t m;              /* asked for: half window, order */
		int q;
		size_t sg_m;           /* made: sg_m, sg_q, sg */
		int sg_q;
		double sg[MZG__SG_MAX + 1];
	} kern[MZG__KERNELS];
	size_t n_kern;
	double tab[MZG__TAB_N];        /* unit-height peak shape for width s,
	                                  smoothed like the signal */
	double dtab[MZG__TAB_N];       /* tab[j + 1] - tab[j] (0 at the end) */
	double tab_area;               /* its area over +-1 FWHM, in FWHM */
	/* Shapes already built, keyed by (sg_m, sg_q, s): the golden-section
	 * search tries the same widths in every cluster, and the pads of a
	 * chip share a handful of smoothing windows, so most shapes are
	 * found here instead of being rebuilt (an exact memo: a shape is a
	 * function of its key alone). Open addressing in memo_idx (entries
	 * + 1, 0 = empty, memo_slots a power of two >= 2 * memo_max); no
	 * eviction: once memo_max shapes are held, new ones are not kept. */
	mzg__shape *memo;
	size_t n_memo, cap_memo, memo_max;
	uint32_t *memo_idx;
	size_t memo_slots;
	size_t n_asked, n_built;       /* shapes asked for, shapes computed */
};

/* First index of p->mz with mz >= v. */
size_t mzg__lower_idx(const mzg_processed *p, double v);
/* Index of p->mz nearest to v (p->n > 0). */
size_t mzg__nearest_idx(const mzg_processed *p, double v);
/* SNR of height h at index k: local noise, else the median noise. */
double mzg__snr_at(const mzg_processed *p, size_t k, double h);

/* Sub-sample apex of y[] at local maximum k (0 < k < n - 1): a Gaussian
 * (parabola in log y, weights y^2) fitted to the contiguous points above
 * half the apex within +-0.5 fwhm; the sample itself when that fails. */
void mzg__apex(const double *mz, const double *y, size_t n, size_t k,
               double fwhm, double *mz_out, double *h_out);

/* Joint fit of the targets of ranks [j0, j1) of x: sets height, SNR,
 * area, FITTED/FOUND and, from the deflated signal, the observed mass;
 * records merged components in x->grp. The width scale is fitted when
 * s_fixed <= 0, else fixed; *s_out = the width scale used and *snr_out =
 * the largest component SNR (both 0 when no fit was made). Fitting the
 * same cluster again overwrites the first results.
 * 0, MZG_ENOMEM, MZG_EINTERNAL. */
/* measure.c: the parent (UEP or allele product) of each adduct target in
 * par (indexed like x->t, n_all entries), else -1; the pad's adduct/parent
 * height ratio of @p kind (NaN when unknown; tmp: x->n doubles); merged
 * groups shared out by those ratios. */
void mzg__find_parents(const mzg__mctx *x, long *par);
double mzg__adduct_ratio(const mzg__mctx *x, mzg_target_kind kind,
                         const long *par, double *tmp);
int mzg__split_adducts(mzg__mctx *x);

/* measure.c: end (exclusive rank) of the joint-fit cluster starting at
 * rank j. */
size_t mzg__cluster_end(const mzg__mctx *x, size_t j);

/* measure_tie.c: fit again, with their heights tied to their parents' by
 * the pad's adduct ratios, the clusters holding an adduct closer than
 * o->tie_fwhm to another species; sets x->rho. 0, MZG_ENOMEM,
 * MZG_EINTERNAL. */
int mzg__tie_adducts(mzg__mctx *x, mzg__jfit *f);

/* measure_centroid.c: measure every target of a centroided pad. */
int mzg__measure_centroids(mzg__mctx *x);

int mzg__fit_cluster(mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f,
                     double s_fixed, double *s_out, double *snr_out);

/* measure_normal.c: the window's points [i0, i1) every stride into
 * wmz/wy (0 or MZG_ENOMEM); the normal equations G h = b over them for
 * the current shape and shift. mzg__jfit_simd = 0 keeps to the plain
 * code (tests; the results are the same bit for bit). */
int mzg__jf_window(mzg__jfit *f, const mzg_processed *p);
void mzg__jf_normal(mzg__jfit *f);
/* res[i - i0] = the signal minus every fitted component but @p c (the
 * shape at |m/z - centre| / FWHM), for i in [i0, i1). */
void mzg__jf_deflate(const mzg__jfit *f, const mzg_processed *p, size_t i0,
                     size_t i1, size_t c, double *res);
extern int mzg__jfit_simd;

/* Set the joint-fit work space up for spectrum @p p (its smoothing is
 * modelled). */
void mzg__jfit_use(mzg__jfit *f, const mzg_processed *p);

#endif
