/*
 * cluster.c -- the per-assay mixture model on theta.
 *
 * One assay across a chip: each callable pad gives theta in [0, 1] and the
 * variance tau^2 of that theta from its measurement noise. The model is
 *
 *   f(theta_i) = w0 * 1  +  sum_k w_k t_df(theta_i; mu_k, s_k^2 + tau_i^2)
 *
 * with k = hom1, het, hom2 (Student-t clusters, df = 6 by default as in
 * CRLMM; a normal with df = 0) and a uniform null component of fixed
 * weight w0 that absorbs outliers (Illuminus). It is fitted by maximum a posteriori
 * EM: the homozygote means carry prior_pads pseudo-pads at their prior
 * positions (SNPMClust's pseudo-data), the heterozygote mean a broad normal
 * prior around het_mean (its position is estimated per assay: extension
 * and ionisation bias move it away from 0.5), the spreads prior_pads
 * pseudo-pads of spread sd_prior, the weights a Dirichlet(1 + 1) prior. A
 * cluster with fewer than recall_min pads keeps its prior spread (CRLMM's
 * recallMin), so a rare homozygote of two pads is still called. A
 * homozygote cluster's spread is capped at hom_sd_max: a homozygote's
 * theta moves only by what bleeds into the other allele's position, and a
 * wider cluster is an unresolved overlap (an adduct read as the other
 * allele) that would swallow the heterozygotes next to it. Several
 * starts, some with one or two clusters nearly empty, guard against local
 * optima; the start with the highest log posterior wins.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "internal.h"

#define DIRICHLET_ALPHA 1.0 /* pseudo-count of every mixing weight */
#define EMPTY_WEIGHT 1e-3   /* initial weight of a cluster a start leaves out */
#define N_STARTS 10

static const double LOG_SQRT_2PI = 0.91893853320467274178;

#define STRIDE 7 /* per point: 4 responsibilities, 3 Student-t weights */
#define R_(r, i, k) ((r)[(i) * STRIDE + (k)])
#define U_(r, i, k) ((r)[(i) * STRIDE + 4 + (k)])

/* Log density at x of a cluster with centre mu and scale^2 v: Student-t
 * with @p df degrees of freedom (heavier tails than a normal, so a pad in
 * a cluster's tail is not mistaken for an outlier: CRLMM, optiCall), or a
 * normal when df is 0. @p u receives the EM weight of the point,
 * (df + 1) / (df + d^2 / v) (1 for a normal). */
static double log_comp(double x, double mu, double v, double df, double *u)
{
	static _Thread_local double cached_df = -1, cached_c;
	double d2 = (x - mu) * (x - mu);

	if (!(df > 0)) {
		*u = 1.0;
		return -LOG_SQRT_2PI - 0.5 * log(v) - d2 / (2.0 * v);
	}
	if (df != cached_df) { /* the constant, once per df and thread */
		cached_c = lgamma((df + 1.0) / 2.0) - lgamma(df / 2.0) -
		           0.5 * log(df * M_PI);
		cached_df = df;
	}
	*u = (df + 1.0) / (df + d2 / v);
	return cached_c - 0.5 * log(v) - (df + 1.0) / 2.0 * log1p(d2 / (df * v));
}

/* Prior mean of cluster k. */
static double prior_mean(int k, const mzg_call_opts *o)
{
	if (k == MZG__K_HOM1)
		return o->hom_mean;
	if (k == MZG__K_HET)
		return o->het_mean;
	return 1.0 - o->hom_mean;
}

/* Initial means and weights of start @p s (0 .. N_STARTS-1). The first
 * four start with all three clusters (het at 0.5, 0.35, 0.65, and where the
 * data suggest); the others leave one or two clusters nearly empty. */
static void start_init(mzg__cmodel *m, int s, const double *theta, size_t n,
                       const mzg_call_opts *o)
{
	static const unsigned active[N_STARTS] = {
		7, 7, 7, 7, 1, 2, 4, 3, 6, 5,
	};
	double w_tot = 0;
	int k;

	for (k = 0; k < 3; k++) {
		m->mean[k] = prior_mean(k, o);
		m->sd[k] = k == MZG__K_HET ? fmax(o->sd_prior, o->het_sd_prior / 2)
		                           : fmin(o->sd_prior, o->hom_sd_max);
	}
	if (s == 1)
		m->mean[MZG__K_HET] = 0.35;
	else if (s == 2)
		m->mean[MZG__K_HET] = 0.65;
	else if (s == 3) {
		double sum = 0;
		size_t i, c = 0;

		for (i = 0; i < n; i++)
			if (theta[i] >= o->het_lo && theta[i] <= o->het_hi) {
				sum += theta[i];
				c++;
			}
		if (c)
			m->mean[MZG__K_HET] = sum / (double)c;
	}
	for (k = 0; k < 3; k++) {
		m->weight[k] = (active[s] >> k & 1) ? 1.0 : EMPTY_WEIGHT;
		w_tot += m->weight[k];
	}
	for (k = 0; k < 3; k++)
		m->weight[k] *= (1.0 - m->null_weight) / w_tot;
	m->held = 0;
	m->start = s;
}

/* E step: responsibilities R_(r, i, k), t weights U_(r, i, k), and the
 * data log likelihood. */
static double e_step(double *r, const mzg__cmodel *m, const double *theta,
                     const double *tau2, size_t n)
{
	double ll = 0, lw[4], var[3];
	size_t i;
	int k;

	for (k = 0; k < 3; k++) { /* the same for every point */
		lw[k] = log(m->weight[k]);
		var[k] = m->sd[k] * m->sd[k];
	}
	lw[3] = log(m->null_weight);
	for (i = 0; i < n; i++) {
		double lp[4], mx, tot = 0;

		for (k = 0; k < 3; k++)
			lp[k] = lw[k] + log_comp(theta[i], m->mean[k],
			                         var[k] + tau2[i], m->df,
			                         &U_(r, i, k));
		lp[3] = lw[3];
		mx = lp[0];
		for (k = 1; k < 4; k++)
			mx = fmax(mx, lp[k]);
		for (k = 0; k < 4; k++) {
			R_(r, i, k) = exp(lp[k] - mx);
			tot += R_(r, i, k);
		}
		for (k = 0; k < 4; k++)
			R_(r, i, k) /= tot;
		ll += mx + log(tot);
	}
	return ll;
}

/* Keep the means in their ranges and in order with MZG__MIN_GAP between. */
static void clamp_means(mzg__cmodel *m, const mzg_call_opts *o)
{
	double *mu = m->mean;

	mu[MZG__K_HET] = fmin(fmax(mu[MZG__K_HET], o->het_lo), o->het_hi);
	mu[MZG__K_HOM1] = fmin(fmax(mu[MZG__K_HOM1], 0.0), o->hom_max);
	mu[MZG__K_HOM2] = fmin(fmax(mu[MZG__K_HOM2], 1.0 - o->hom_max), 1.0);
	mu[MZG__K_HOM1] = fmin(mu[MZG__K_HOM1], mu[MZG__K_HET] - MZG__MIN_GAP);
	mu[MZG__K_HOM2] = fmax(mu[MZG__K_HOM2], mu[MZG__K_HET] + MZG__MIN_GAP);
}

/* The spread a cluster with too few pads keeps: a rare homozygote takes
 * the other homozygote's spread when that one is well populated. */
static double held_sd(const mzg__cmodel *m, int k, const mzg_call_opts *o)
{
	int other = k == MZG__K_HOM1 ? MZG__K_HOM2 : MZG__K_HOM1;

	if (k != MZG__K_HET && m->n_eff[other] >= (double)o->recall_min)
		return fmax(m->sd[other], o->sd_min);
	return k == MZG__K_HET ? o->sd_prior : fmin(o->sd_prior, o->hom_sd_max);
}

/* M step for cluster k: spread, then mean (MAP with the priors). */
static void m_step_cluster(mzg__cmodel *m, int k, const double *r,
                           const double *theta, const double *tau2, size_t n,
                           const mzg_call_opts *o)
{
	double kappa = o->prior_pads, nk = m->n_eff[k];
	double ss = 0, num = 0, den = 0, s2, mk = prior_mean(k, o);
	size_t i;

	if (nk < (double)o->recall_min) {
		m->sd[k] = held_sd(m, k, o);
		m->held |= 1u << k;
	} else {
		for (i = 0; i < n; i++) {
			double d = theta[i] - m->mean[k];

			ss += R_(r, i, k) * U_(r, i, k) *
			      fmax(0.0, d * d - tau2[i]);
		}
		s2 = (ss + kappa * o->sd_prior * o->sd_prior) / (nk + kappa);
		m->sd[k] = fmax(sqrt(s2), o->sd_min);
		if (k != MZG__K_HET) /* wider: an overlap, not homozygotes */
			m->sd[k] = fmin(m->sd[k], o->hom_sd_max);
		m->held &= ~(1u << k);
	}
	s2 = m->sd[k] * m->sd[k];
	for (i = 0; i < n; i++) {
		double w = R_(r, i, k) * U_(r, i, k) / (s2 + tau2[i]);

		num += w * theta[i];
		den += w;
	}
	if (k == MZG__K_HET) {
		double q2 = o->het_sd_prior * o->het_sd_prior;

		num += mk / q2;
		den += 1.0 / q2;
	} else {
		num += kappa * mk / s2;
		den += kappa / s2;
	}
	m->mean[k] = num / den;
}

/* M step: weights, then every cluster. */
static void m_step(mzg__cmodel *m, const double *r, const double *theta,
                   const double *tau2, size_t n, const mzg_call_opts *o)
{
	double tot = 0;
	size_t i;
	int k;

	for (k = 0; k < 3; k++) {
		m->n_eff[k] = 0;
		for (i = 0; i < n; i++)
			m->n_eff[k] += R_(r, i, k);
		tot += m->n_eff[k];
	}
	for (k = 0; k < 3; k++)
		m->weight[k] = (1.0 - m->null_weight) *
		               (m->n_eff[k] + DIRICHLET_ALPHA) /
		               (tot + 3 * DIRICHLET_ALPHA);
	for (k = 0; k < 3; k++)
		m_step_cluster(m, k, r, theta, tau2, n, o);
	clamp_means(m, o);
}

/* Log prior of the parameters (the objective is loglik + this). */
static double log_prior(const mzg__cmodel *m, const mzg_call_opts *o)
{
	double lp = 0, kappa = o->prior_pads, s0 = o->sd_prior;
	int k;

	for (k = 0; k < 3; k++) {
		double s = m->sd[k], d = m->mean[k] - prior_mean(k, o);

		lp += DIRICHLET_ALPHA * log(m->weight[k]);
		lp -= kappa * (log(s) + s0 * s0 / (2 * s * s));
		if (k == MZG__K_HET)
			lp -= d * d / (2 * o->het_sd_prior * o->het_sd_prior);
		else
			lp -= kappa * d * d / (2 * s * s);
	}
	return lp;
}

/* Run EM from the current parameters of @p m until the objective settles. */
static void em_run(mzg__cmodel *m, double *r, const double *theta,
                   const double *tau2, size_t n, const mzg_call_opts *o)
{
	double prev = -INFINITY, obj = -INFINITY;
	int it;

	for (it = 0; it < o->em_iter; it++) {
		m->loglik = e_step(r, m, theta, tau2, n);
		obj = m->loglik + log_prior(m, o);
		if (it > 0 && fabs(obj - prev) < 1e-9 * (1.0 + fabs(obj)))
			break;
		prev = obj;
		m_step(m, r, theta, tau2, n, o);
	}
	m->loglik = e_step(r, m, theta, tau2, n);
	m->logpost = m->loglik + log_prior(m, o);
	for (it = 0; it < 3; it++) {
		size_t i;

		m->n_eff[it] = 0;
		for (i = 0; i < n; i++)
			m->n_eff[it] += R_(r, i, it);
	}
}

int mzg__cluster_fit(mzg__cmodel *m, const double *theta, const double *tau2,
                     size_t n, const mzg_call_opts *o)
{
	double *r = NULL;
	mzg__cmodel cur;
	int s, rc = MZG_OK;

	memset(m, 0, sizeof(*m));
	if (!n)
		return mzg__err(MZG_EINVAL, "cluster fit: no points");
	r = mzg__malloc_array(n, STRIDE * sizeof(double));
	if (!r)
		return mzg__err(MZG_ENOMEM, "cluster fit: out of memory");
	m->logpost = -INFINITY;
	for (s = 0; s < N_STARTS; s++) {
		memset(&cur, 0, sizeof(cur));
		cur.null_weight = o->null_weight;
		cur.df = o->df;
		start_init(&cur, s, theta, n, o);
		em_run(&cur, r, theta, tau2, n, o);
		if (isfinite(cur.logpost) && cur.logpost > m->logpost + 1e-9)
			*m = cur;
	}
	if (!isfinite(m->logpost))
		rc = mzg__err(MZG_EINTERNAL, "cluster fit: no finite solution");
	free(r);
	return rc;
}

void mzg__cluster_fixed(mzg__cmodel *m, const mzg_call_opts *o)
{
	int k;

	memset(m, 0, sizeof(*m));
	m->null_weight = o->null_weight;
	m->df = o->df;
	for (k = 0; k < 3; k++) {
		m->mean[k] = prior_mean(k, o);
		m->sd[k] = k == MZG__K_HET ? o->het_sd_prior
		                           : fmin(o->sd_prior, o->hom_sd_max);
		m->weight[k] = (1.0 - o->null_weight) / 3.0;
	}
	m->held = 7;
	m->loglik = NAN;
	m->logpost = NAN;
	m->start = -1;
}

void mzg__cluster_posterior(double post[4], const mzg__cmodel *m,
                            double theta, double tau2)
{
	double lp[4], mx, tot = 0, u;
	int k;

	for (k = 0; k < 3; k++)
		lp[k] = log(m->weight[k]) +
		        log_comp(theta, m->mean[k], m->sd[k] * m->sd[k] + tau2,
		                 m->df, &u);
	lp[3] = log(m->null_weight);
	mx = lp[0];
	for (k = 1; k < 4; k++)
		mx = fmax(mx, lp[k]);
	for (k = 0; k < 4; k++) {
		post[k] = exp(lp[k] - mx);
		tot += post[k];
	}
	for (k = 0; k < 4; k++)
		post[k] /= tot;
}
