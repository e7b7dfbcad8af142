/*
 * cluster.h -- the per-assay mixture model on theta (private to the
 * calling module; see cluster.c and docs/calling.md).
 */
#ifndef MZG_CLUSTER_H
#define MZG_CLUSTER_H

#include <stddef.h>

#include "mzgeno/call.h"

/* Component indices; MZG__K_NULL is the uniform outlier component. */
#define MZG__K_HOM1 0
#define MZG__K_HET 1
#define MZG__K_HOM2 2
#define MZG__K_NULL 3

/* Smallest distance in theta kept between neighbouring cluster means. */
#define MZG__MIN_GAP 0.10

/* A fitted (or fixed) model. */
typedef struct mzg__cmodel {
	double mean[3];     /* theta means hom1, het, hom2 */
	double sd[3];       /* cluster spreads (added to each pad's own
	                       measurement variance) */
	double weight[3];   /* mixing weights; they sum to 1 - null_weight */
	double null_weight; /* weight of the uniform density on [0, 1] */
	double df;          /* Student-t degrees of freedom; 0: normal */
	double n_eff[3];    /* summed responsibilities of the fit */
	unsigned held;      /* bit k: cluster k kept its prior spread */
	double loglik;      /* data log likelihood */
	double logpost;     /* objective: loglik + log prior */
	int start;          /* index of the winning start */
} mzg__cmodel;

/*
 * Fit the model to n points (theta[i] in [0,1], tau2[i] = measurement
 * variance of theta[i]) by MAP-EM from several starts; keep the best by
 * log posterior. 0, MZG_EINVAL (n = 0) or MZG_ENOMEM.
 */
int mzg__cluster_fit(mzg__cmodel *m, const double *theta, const double *tau2,
                     size_t n, const mzg_call_opts *o);

/* The fixed prior model used when a chip has too few pads to fit. */
void mzg__cluster_fixed(mzg__cmodel *m, const mzg_call_opts *o);

/* Posterior of hom1, het, hom2 and null for one point under @p m. */
void mzg__cluster_posterior(double post[4], const mzg__cmodel *m,
                            double theta, double tau2);

#endif
