/*
 * call_assay.c -- features of a pad x assay, and calling one assay across
 * a chip.
 *
 * mzg_call_features() turns the targeted measurements of one pad into the
 * SPEC 4 features (A, B, UEP, extension, theta). mzg_call_assay() then
 * takes every pad of the assay's multiplex: pads without allele signal are
 * N, the rest go into the mixture model of cluster.c (or, on chips too
 * small to cluster, the fixed prior model checked against the per-pad
 * ratio rules), and each pad's posterior becomes its probability and its
 * quality letter. A confident wrong call is the worst outcome, so every
 * doubt lowers the letter: warning flags keep a call from A, a rare or
 * per-pad cluster from A, disagreement between the model and the ratio
 * rules or a strong third allele makes it D.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "internal.h"
#include "mzgeno/call.h"
#include "mzgeno/qc.h"

#define TWO_OVER_PI 0.63661977236758134308

/* Flags set by the calling step (cleared before each calling). */
#define CALLING_FLAGS                                                     \
	(MZG_CF_LOW_SIGNAL | MZG_CF_LOW_EXTENSION | MZG_CF_LOW_PROB |      \
	 MZG_CF_OUTLIER | MZG_CF_RARE_CLUSTER | MZG_CF_PER_PAD |           \
	 MZG_CF_EXTRA_ALLELE | MZG_CF_HWE_DEFICIT)
/* Flags set from the measurements. */
#define FEATURE_FLAGS                                                     \
	(MZG_CF_COLLISION | MZG_CF_SATURATED | MZG_CF_NO_UEP |             \
	 MZG_CF_MASS_ERROR)
/* Flags that keep a call from quality A. */
#define NOT_A_FLAGS                                                       \
	(MZG_CF_COLLISION | MZG_CF_SATURATED | MZG_CF_MASS_ERROR |         \
	 MZG_CF_RARE_CLUSTER | MZG_CF_PER_PAD | MZG_CF_EXTRA_ALLELE |      \
	 MZG_CF_HWE_DEFICIT)

/* Take the flags of measurement @p m that matter for a call. */
static unsigned measure_flags(const mzg_measure *m, int is_uep)
{
	unsigned f = 0;

	if (m->flags & MZG_M_COLLISION)
		f |= MZG_CF_COLLISION;
	if (!is_uep && (m->flags & MZG_M_SATURATED))
		f |= MZG_CF_SATURATED;
	if (is_uep && !(m->flags & MZG_M_FOUND))
		f |= MZG_CF_NO_UEP;
	return f;
}

/* Mass error of the stronger found clustered allele, else of the UEP. */
static double pick_mass_error(const mzg_measure *al1, const mzg_measure *al2,
                              const mzg_measure *uep)
{
	const mzg_measure *best = NULL;

	if (al1 && (al1->flags & MZG_M_FOUND))
		best = al1;
	if (al2 && (al2->flags & MZG_M_FOUND) &&
	    (!best || al2->height > best->height))
		best = al2;
	if (!best && uep && (uep->flags & MZG_M_FOUND))
		best = uep;
	return best ? best->err_ppm : 0.0;
}

/* SNR of measurement @p m with its noise capped at @p cap (0: none). */
static double capped_snr(const mzg_measure *m, double cap)
{
	double noise;

	if (!(m->height > 0) || !(m->snr > 0))
		return m->snr > 0 ? m->snr : 0.0;
	noise = m->height / m->snr;
	if (cap > 0 && noise > cap)
		noise = cap;
	return m->height / noise;
}

int mzg_call_features(mzg_call *c, const mzg_measure *m, const mzg_target *t,
                      size_t n, int assay, const mzg_assay *a, int allele1,
                      int allele2, double pad_noise, const mzg_call_opts *o)
{
	double cap = pad_noise > 0 && o->noise_cap > 0 ? o->noise_cap * pad_noise
	                                               : 0.0;
	const mzg_measure *al[MZG_MAX_ALLELES] = { NULL }, *uep = NULL;
	unsigned flags = 0;
	double A, B, U;
	size_t i;
	int j;

	if (!a || allele1 < 0 || allele2 < 0 || allele1 >= a->n_alleles ||
	    allele2 >= a->n_alleles || allele1 == allele2)
		return mzg__err(MZG_EINVAL, "call features: bad alleles %d, %d",
		                allele1, allele2);
	for (i = 0; i < n; i++) {
		if (t[i].assay != assay)
			continue;
		if (t[i].kind == MZG_T_UEP)
			uep = &m[i];
		else if (t[i].kind == MZG_T_ALLELE && t[i].allele >= 0 &&
		         t[i].allele < MZG_MAX_ALLELES)
			al[t[i].allele] = &m[i];
	}
	free(c->note);
	mzg_call_init(c);
	c->allele1 = allele1;
	c->allele2 = allele2;
	if (al[allele1]) {
		c->height1 = al[allele1]->height;
		c->snr1 = capped_snr(al[allele1], cap);
		flags |= measure_flags(al[allele1], 0);
	}
	if (al[allele2]) {
		c->height2 = al[allele2]->height;
		c->snr2 = capped_snr(al[allele2], cap);
		flags |= measure_flags(al[allele2], 0);
	}
	if (uep) {
		c->height_uep = uep->height;
		c->snr_uep = capped_snr(uep, cap);
		flags |= measure_flags(uep, 1);
	} else {
		flags |= MZG_CF_NO_UEP;
	}
	for (j = 0; j < a->n_alleles && j < MZG_MAX_ALLELES; j++)
		if (j != allele1 && j != allele2 && al[j] &&
		    al[j]->height > c->height_extra) {
			c->height_extra = al[j]->height;
			c->snr_extra = capped_snr(al[j], cap);
		}
	A = fmax(c->height1, 0.0);
	B = fmax(c->height2, 0.0);
	U = fmax(c->height_uep, 0.0);
	c->extension = A + B + U > 0 ? (A + B) / (A + B + U) : 0.0;
	c->theta = A + B > 0 ? TWO_OVER_PI * atan2(B, A) : NAN;
	c->mass_error_ppm = pick_mass_error(al[allele1], al[allele2], uep);
	if (fabs(c->mass_error_ppm) > o->max_ppm)
		flags |= MZG_CF_MASS_ERROR;
	c->flags = flags;
	return MZG_OK;
}

/* Variance of theta from the noise of the two heights (first-order error
 * propagation of (2/pi) atan2(B, A)). The noise of an allele with no peak
 * (SNR 0) is taken from the other allele: both sit within a few tens of Da. */
static double theta_var(const mzg_call *c)
{
	double A = c->height1, B = c->height2, n1 = 0, n2 = 0, r2;

	if (c->snr1 > 0 && A > 0)
		n1 = A / c->snr1;
	if (c->snr2 > 0 && B > 0)
		n2 = B / c->snr2;
	if (n1 <= 0)
		n1 = n2;
	if (n2 <= 0)
		n2 = n1;
	r2 = A * A + B * B;
	if (r2 <= 0)
		return 1.0;
	return TWO_OVER_PI * TWO_OVER_PI * (A * A * n2 * n2 + B * B * n1 * n1) /
	       (r2 * r2);
}

/* Whether a call takes part in this calling at all. */
static int is_fixed(const mzg_call *c)
{
	return (c->flags & (MZG_CF_NOT_CALLED | MZG_CF_PAD_FAILED)) ||
	       c->quality == MZG_Q_E || c->quality == MZG_Q_I;
}

/* Reset the calling result of @p c; mark it N when it has no usable
 * allele signal. @return 1 if the pad is callable. */
static int prepare(mzg_call *c, const mzg_call_opts *o)
{
	c->flags &= ~(unsigned)CALLING_FLAGS;
	c->genotype = MZG_GT_NOCALL;
	c->best_guess = MZG_GT_NOCALL;
	c->quality = MZG_Q_N;
	c->probability = 0;
	if (!(fmax(c->snr1, c->snr2) >= o->snr_min) || isnan(c->theta)) {
		c->flags |= MZG_CF_LOW_SIGNAL;
		return 0;
	}
	if (c->extension < o->ext_min) {
		c->flags |= MZG_CF_LOW_EXTENSION;
		return 0;
	}
	return 1;
}

/* The per-pad ratio rule (algorithms.md 6 item 11): MZG_GT_* or NOCALL
 * in the grey zone between hom_ratio and het_ratio. */
static int ratio_rule(const mzg_call *c, const mzg_call_opts *o)
{
	double lo = fmin(c->height1, c->height2), hi = fmax(c->height1,
	                                                    c->height2);
	double r = hi > 0 ? lo / hi : 0;

	if (r >= o->het_ratio)
		return MZG_GT_HET;
	if (r < o->hom_ratio)
		return c->height1 >= c->height2 ? MZG_GT_HOM1 : MZG_GT_HOM2;
	return MZG_GT_NOCALL;
}

/* Quality letter from probability, signal and flags. */
static mzg_quality letter(const mzg_call *c, double p, const mzg_call_opts *o)
{
	if (p >= o->p_a && fmax(c->snr1, c->snr2) >= o->snr_a &&
	    !(c->flags & NOT_A_FLAGS))
		return MZG_Q_A;
	if (p >= o->p_b)
		return MZG_Q_B;
	if (p >= o->p_c)
		return MZG_Q_C;
	return MZG_Q_D;
}

/* Is theta more than outlier_z scales from cluster k (the scale: its
 * spread and the pad's own variance tau2)? The null component's fixed
 * density cannot see this for a tight cluster: at scale 0.01 a Student-t6
 * cluster of weight 0.5 is still 6 times as dense as the null 5 scales
 * out, where a normal one would put one pad in a million. */
static int far_out(const mzg__cmodel *m, int k, double theta, double tau2,
                   const mzg_call_opts *o)
{
	double z = fabs(theta - m->mean[k]) / sqrt(m->sd[k] * m->sd[k] + tau2);

	return o->outlier_z > 0 && !(z <= o->outlier_z);
}

/* Call one pad under model @p m. */
static void decide(mzg_call *c, const mzg__cmodel *m, int per_pad,
                   const mzg_call_opts *o)
{
	double post[4], ab = c->height1 + c->height2, tau2 = theta_var(c);
	int k, best = 0, veto = 0;

	mzg__cluster_posterior(post, m, c->theta, tau2);
	for (k = 1; k < 3; k++)
		if (post[k] > post[best])
			best = k;
	c->best_guess = best;
	c->probability = post[best];
	if (post[MZG__K_NULL] > post[best])
		c->flags |= MZG_CF_OUTLIER;
	if (far_out(m, best, c->theta, tau2, o)) {
		c->flags |= MZG_CF_OUTLIER;
		veto = 1;
	}
	if (per_pad) {
		c->flags |= MZG_CF_PER_PAD;
		if (ratio_rule(c, o) != best)
			veto = 1;
	} else if (m->held & (1u << best)) {
		c->flags |= MZG_CF_RARE_CLUSTER;
	}
	if (c->snr_extra >= o->snr_min && c->height_extra >= o->extra_frac * ab) {
		c->flags |= MZG_CF_EXTRA_ALLELE;
		if (c->height_extra >= o->extra_nocall * ab)
			veto = 1;
	}
	c->quality = veto ? MZG_Q_D : letter(c, c->probability, o);
	if (c->quality == MZG_Q_D)
		c->flags |= MZG_CF_LOW_PROB;
	else
		c->genotype = best;
}

/* An assay whose calls lack heterozygotes far below Hardy-Weinberg
 * (exact p < hwe_cap_p) may be hiding them in a homozygote cluster (an
 * allele that extends or flies 10x worse): none of its calls is A. */
static void hwe_check(mzg_call *const *calls, size_t n, const mzg_call_opts *o)
{
	size_t i, g[3] = { 0, 0, 0 };
	double n_all, p1, p;

	for (i = 0; i < n; i++)
		if (!is_fixed(calls[i]) && calls[i]->genotype >= MZG_GT_HOM1 &&
		    calls[i]->genotype <= MZG_GT_HOM2)
			g[calls[i]->genotype]++;
	n_all = (double)(g[0] + g[1] + g[2]);
	if (!(o->hwe_cap_p > 0) || n_all < 1)
		return;
	p1 = (2.0 * (double)g[0] + (double)g[1]) / (2.0 * n_all);
	if ((double)g[1] >= 2.0 * p1 * (1.0 - p1) * n_all) /* no deficit */
		return;
	p = mzg_hwe_exact(g[0], g[1], g[2]);
	if (!(p < o->hwe_cap_p))
		return;
	for (i = 0; i < n; i++) {
		mzg_call *c = calls[i];

		if (is_fixed(c) || c->genotype == MZG_GT_NOCALL)
			continue;
		c->flags |= MZG_CF_HWE_DEFICIT;
		if (c->quality == MZG_Q_A)
			c->quality = MZG_Q_B;
	}
}

/* Copy the model into the public fit record and count members. */
static void fill_fit(mzg_assay_fit *fit, const mzg__cmodel *m,
                     mzg_call *const *calls, size_t n)
{
	size_t i;
	int k;

	for (k = 0; k < 3; k++) {
		fit->mean[k] = m->mean[k];
		fit->sd[k] = m->sd[k];
		fit->weight[k] = m->weight[k];
		fit->n_members[k] = 0;
	}
	fit->null_weight = m->null_weight;
	fit->held = m->held;
	fit->loglik = m->loglik;
	fit->start = m->start;
	for (i = 0; i < n; i++) {
		const mzg_call *c = calls[i];

		if (!is_fixed(c) && c->best_guess >= 0 && c->best_guess <= 2)
			fit->n_members[c->best_guess]++;
	}
	fit->n_clusters = 0;
	for (k = 0; k < 3; k++)
		fit->n_clusters += fit->n_members[k] > 0;
}

int mzg_call_assay(mzg_assay_fit *fit, mzg_call *const *calls, size_t n,
                   const mzg_call_opts *o)
{
	double *theta = NULL, *tau2 = NULL;
	mzg__cmodel m;
	size_t i, nc = 0;
	int rc = MZG_OK, per_pad;

	if (!fit || (n && !calls) || !o)
		return mzg__err(MZG_EINVAL, "call assay: bad arguments");
	theta = mzg__malloc_array(n, sizeof(double));
	tau2 = mzg__malloc_array(n, sizeof(double));
	if (!theta || !tau2) {
		rc = mzg__err(MZG_ENOMEM, "call assay: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (is_fixed(calls[i]) || !prepare(calls[i], o))
			continue;
		theta[nc] = calls[i]->theta;
		tau2[nc] = theta_var(calls[i]);
		nc++;
	}
	fit->n_pads = n;
	fit->n_callable = nc;
	per_pad = nc < o->min_cluster;
	fit->mode = nc == 0 ? MZG_FIT_NONE
	                    : per_pad ? MZG_FIT_PER_PAD : MZG_FIT_CLUSTER;
	if (per_pad)
		mzg__cluster_fixed(&m, o);
	else if ((rc = mzg__cluster_fit(&m, theta, tau2, nc, o)) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (!is_fixed(calls[i]) && !(calls[i]->flags &
		                             (MZG_CF_LOW_SIGNAL |
		                              MZG_CF_LOW_EXTENSION)))
			decide(calls[i], &m, per_pad, o);
	hwe_check(calls, n, o);
	fill_fit(fit, &m, calls, n);
out:
	free(theta);
	free(tau2);
	return rc;
}
