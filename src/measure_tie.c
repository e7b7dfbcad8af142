/*
 * measure_tie.c -- Na/K adducts too close to another species to be fitted
 * freely.
 *
 * In G/T, C/G and A/C assays one allele's K+ or Na+ adduct lies 1.8-2.0 Da
 * from the other allele (A/G: A+Na 6 Da from G). Below 0.2 FWHM the joint
 * fit merges the two and measure.c splits the merged height with the
 * pad's adduct ratios. Just above, the free fit keeps them apart, but two
 * shapes that close are nearly collinear and the cluster's common shift
 * moves height from one to the other: on a simulated T/G heterozygote at
 * R 587 (bench_2plex_40/384/s1 L04, 0.21 FWHM) the fit gave G+Na 537
 * (true ~255) and T 192 (true ~470), and the pad was called GG; in a C/G
 * assay heterozygotes lost their C to G+K and were called GG. An adduct's
 * height is known better from its parent: the pad's adduct/parent height
 * ratio (the median over parents whose adducts stand alone) times the
 * parent's height. So after the free fits, every cluster holding an adduct
 * closer than tie_fwhm (0.5) FWHM to a UEP or allele is fitted again with
 * that adduct's height tied to its parent's. A parent outside the cluster
 * (measured on its own, usually the case: K and Na add 38 and 22 Da) makes
 * the adduct a fixed component of ratio x the parent's height; a parent
 * inside it carries ratio x the adduct's shape in its own column, which
 * makes the parent's height depend on the crowded spot, so that is done
 * only below 0.6 x tie_fwhm (0.3 FWHM): tied at 0.31-0.38 FWHM, A+Na 6 Da
 * above G pulled A down on the simulator's tailing peaks (fas8, R 400) --
 * a free adduct also absorbs what the symmetric peak model misses of its
 * neighbour's tail. The neighbour then takes only what the adduct does not
 * explain. Two adducts on each other are left free (an unexpected peak
 * there would otherwise be pushed onto the alleles), as is everything when
 * the ratio is unknown (fewer than 3 usable pairs).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "measure_int.h"

#define CROWDED 1u       /* another species within tie_fwhm */
#define TIE_CANDIDATE 2u /* an adduct with a UEP, allele, ... that close */
#define TIE_NEAR 4u      /* ... within NEAR_FRAC x tie_fwhm */
#define NEAR_FRAC 0.6    /* a parent fitted with its adduct: 0.3 FWHM */

static int is_adduct(mzg_target_kind k)
{
	return k == MZG_T_NA || k == MZG_T_K;
}

/* Mark the targets with another expected species closer than tie_fwhm
 * FWHM (or at the same mass), and the adducts among them with a species
 * other than an adduct that close: two adducts on each other (or on a
 * stray peak) are left to the free fit, as the caller's split would. */
static void mark_crowded(const mzg__mctx *x, unsigned char *crowded)
{
	size_t j, i;

	memset(crowded, 0, x->n_all);
	for (j = 0; j < x->n; j++) {
		size_t a = x->ord[j];
		double m = x->t[a].mass, w = x->o->tie_fwhm * m / x->R;
		for (i = j + 1; i < x->n && x->t[x->ord[i]].mass - m < w; i++) {
			size_t b = x->ord[i];
			crowded[a] |= CROWDED;
			crowded[b] |= CROWDED;
			unsigned near = x->t[b].mass - m < NEAR_FRAC * w ? TIE_NEAR : 0;
			if (is_adduct(x->t[a].kind) && !is_adduct(x->t[b].kind))
				crowded[a] |= TIE_CANDIDATE | near;
			if (is_adduct(x->t[b].kind) && !is_adduct(x->t[a].kind))
				crowded[b] |= TIE_CANDIDATE | near;
		}
	}
}

/* Tie the crowded adducts of the cluster of ranks [j0, j1) to their
 * parents; the number tied. */
static size_t tie_cluster(mzg__mctx *x, size_t j0, size_t j1, const long *par)
{
	size_t j, n = 0;

	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j], i;
		mzg_target_kind k = x->t[ti].kind;
		double rho = x->rho[k == MZG_T_K];
		unsigned need = TIE_CANDIDATE;
		if (par[ti] < 0 || !isfinite(rho))
			continue;
		for (i = j0; i < j1; i++)
			if ((long)x->ord[i] == par[ti])
				need = TIE_NEAR;
		if (!(x->crowded[ti] & need))
			continue;
		x->tie_par[ti] = par[ti];
		x->tie_rho[ti] = rho;
		n++;
	}
	return n;
}

/* Fit the cluster of ranks [j0, j1) again with its ties; its earlier
 * merges are undone first. Tied adducts and their crowded neighbours are
 * flagged ADDUCT_SPLIT, and those closer than MZG__MERGE_FWHM, which the
 * free fit would have merged, COLLISION as merged species are. */
static int refit(mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f)
{
	double s, snr;
	size_t j, i;
	int rc;

	for (j = j0; j < j1; j++)
		x->grp[x->ord[j]] = -1;
	if ((rc = mzg__fit_cluster(x, j0, j1, f, x->s_med, &s, &snr)) != 0)
		return rc;
	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		double m = x->t[ti].mass, w = m / x->R;
		if (x->tie_par[ti] < 0)
			continue;
		x->out[ti].flags |= MZG_M_ADDUCT_SPLIT;
		for (i = j0; i < j1; i++) {
			mzg_measure *r = &x->out[x->ord[i]];
			double d = fabs(x->t[x->ord[i]].mass - m);
			if (i == j || d >= x->o->tie_fwhm * w)
				continue;
			r->flags |= MZG_M_ADDUCT_SPLIT;
			if (d < MZG__MERGE_FWHM * w) {
				r->flags |= MZG_M_COLLISION;
				x->out[ti].flags |= MZG_M_COLLISION;
			}
		}
	}
	return 0;
}

int mzg__tie_adducts(mzg__mctx *x, mzg__jfit *f)
{
	long *par = mzg__malloc_array(x->n_all, sizeof *par);
	double *tmp = mzg__malloc_array(x->n ? x->n : 1, sizeof *tmp);
	size_t j, j1;
	int rc = 0;

	x->crowded = mzg__malloc_array(x->n_all, 1);
	x->tie_par = mzg__malloc_array(x->n_all, sizeof *x->tie_par);
	x->tie_rho = mzg__malloc_array(x->n_all, sizeof *x->tie_rho);
	if (!par || !tmp || !x->crowded || !x->tie_par || !x->tie_rho) {
		rc = mzg__err(MZG_ENOMEM, "measurement: out of memory");
		goto out;
	}
	mark_crowded(x, x->crowded);
	mzg__find_parents(x, par);
	x->rho[0] = mzg__adduct_ratio(x, MZG_T_NA, par, tmp);
	x->rho[1] = mzg__adduct_ratio(x, MZG_T_K, par, tmp);
	x->rho_set = 1;
	for (j = 0; j < x->n_all; j++)
		x->tie_par[j] = -1;
	for (j = 0; j < x->n && rc == 0; j = j1) {
		j1 = mzg__cluster_end(x, j);
		if (j1 - j > 1 && tie_cluster(x, j, j1, par) > 0)
			rc = refit(x, j, j1, f);
	}
out:
	free(x->crowded);
	free(x->tie_par);
	free(x->tie_rho);
	x->crowded = NULL;
	x->tie_par = NULL;
	x->tie_rho = NULL;
	free(par);
	free(tmp);
	return rc;
}
