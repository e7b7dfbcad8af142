/*
 * hwe.c -- exact test of Hardy-Weinberg equilibrium for one SNP.
 *
 * Wigginton, Cutler & Abecasis, AJHG 2005;76:887-893: given the number of
 * rare allele copies, the probability of each possible heterozygote count
 * follows from the one next to it by a simple recurrence, so the whole
 * distribution is computed outward from its mode in O(n) without
 * factorials. The p-value is the total probability of the heterozygote
 * counts that are no more likely than the one observed. Unlike the chi-square
 * test it keeps its type I error at the few hundred samples of a chip.
 *
 * The distribution is walked twice (first for the normalising sum and the
 * observed probability, then for the tail) instead of being stored, so the
 * test never allocates. Both walks perform the same operations, so equal
 * probabilities compare equal; a relative tolerance of 1e-7 also counts
 * counts whose probability equals the observed one up to rounding (as
 * PLINK does).
 */
#include <math.h>

#include "internal.h"
#include "mzgeno/qc.h"

/* Relative tolerance for "no more likely than observed". */
#define HWE_TIE_TOL 1e-7

typedef struct hwe_walk {
	double n, rare, mid;
	double obs_het;
	double sum;        /* all probabilities (relative to the mode's 1) */
	double obs_p;      /* probability of the observed count */
	double tail;       /* sum of those <= obs_p * (1 + tol) */
	int second;        /* 1 during the second walk */
} hwe_walk;

static void visit(hwe_walk *w, double het, double p)
{
	if (!w->second) {
		w->sum += p;
		if (het == w->obs_het)
			w->obs_p = p;
	} else if (p <= w->obs_p * (1.0 + HWE_TIE_TOL)) {
		w->tail += p;
	}
}

/* One walk over every heterozygote count, from the mode down and up. */
static void walk(hwe_walk *w)
{
	double het, homr, homc, p;

	homr = (w->rare - w->mid) / 2.0;
	homc = w->n - w->mid - homr;
	visit(w, w->mid, 1.0);
	for (het = w->mid, p = 1.0; het >= 2.0; het -= 2.0) {
		p = p * het * (het - 1.0) / (4.0 * (homr + 1.0) * (homc + 1.0));
		homr += 1.0;
		homc += 1.0;
		visit(w, het - 2.0, p);
	}
	homr = (w->rare - w->mid) / 2.0;
	homc = w->n - w->mid - homr;
	for (het = w->mid, p = 1.0; het <= w->rare - 2.0; het += 2.0) {
		p = p * 4.0 * homr * homc / ((het + 2.0) * (het + 1.0));
		homr -= 1.0;
		homc -= 1.0;
		visit(w, het + 2.0, p);
	}
}

double mzg_hwe_exact(size_t n_aa, size_t n_ab, size_t n_bb)
{
	hwe_walk w = { 0 };
	double homr = (double)(n_aa < n_bb ? n_aa : n_bb), p;

	w.n = (double)n_aa + (double)n_ab + (double)n_bb;
	if (w.n <= 0.0)
		return NAN;
	w.obs_het = (double)n_ab;
	w.rare = 2.0 * homr + w.obs_het;
	if (w.rare == 0.0)
		return 1.0;
	w.mid = floor(w.rare * (2.0 * w.n - w.rare) / (2.0 * w.n));
	if (fmod(w.mid, 2.0) != fmod(w.rare, 2.0))
		w.mid += 1.0;
	walk(&w);
	w.second = 1;
	walk(&w);
	p = w.tail / w.sum;
	return p > 1.0 ? 1.0 : p;
}
