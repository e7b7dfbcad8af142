/*
 * measure_int.h -- private to measure.c and measure_fit.c: the state of
 * one mzg_measure_targets() call and the helpers both files use.
 */
#ifndef MZG_MEASURE_INT_H
#define MZG_MEASURE_INT_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "mzgeno/measure.h"

#define MZG__FWHM_SIGMA 2.3548200450309493 /* FWHM / sigma of a Gaussian */
#define MZG__MAX_COMP 64                   /* components of one joint fit */

/* State of one mzg_measure_targets() call. */
typedef struct mzg__mctx {
	const mzg_processed *p;
	const mzg_calib *c;
	const mzg_measure_opts *o;
	const mzg_target *t;
	size_t n;          /* targets with a usable mass (ranked) */
	double R;          /* resolution m/FWHM */
	size_t *ord;       /* target indices sorted by mass, n of them */
	double *pos;       /* observed-axis position of each target */
	long *grp;         /* merged fit component of each target, or -1 */
	long n_grp;
	mzg_measure *out;
} mzg__mctx;

/* Work space of the joint fits. */
typedef struct mzg__jfit {
	size_t k;                      /* components */
	double mu[MZG__MAX_COMP];      /* observed positions */
	double sd[MZG__MAX_COMP];      /* nominal sigma at each position */
	double h[MZG__MAX_COMP];       /* fitted heights */
	double s;                      /* fitted width scale */
	double eps;                    /* fitted common shift (relative) */
	size_t i0, i1;                 /* data window [i0, i1) */
	double yy;                     /* sum y^2 over the window */
	double G[MZG__MAX_COMP * MZG__MAX_COMP], b[MZG__MAX_COMP];
	gsl_matrix *M;                 /* Cholesky work */
	gsl_vector *v, *x;
	double *res;                   /* deflated signal for apexes */
	size_t cap_res;
} mzg__jfit;

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
 * records merged components in x->grp. 0, MZG_ENOMEM, MZG_EINTERNAL. */
int mzg__fit_cluster(mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f);

/* Allocate / free the joint-fit work space. */
mzg__jfit *mzg__jfit_new(void);
void mzg__jfit_free(mzg__jfit *f);

#endif
