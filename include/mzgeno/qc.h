/*
 * mzgeno/qc.h -- chip QC: call rates, Hardy-Weinberg, duplicates,
 * controls and the chip verdict.
 */
#ifndef MZGENO_QC_H
#define MZGENO_QC_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Exact test of Hardy-Weinberg equilibrium (Wigginton, Cutler & Abecasis,
 * AJHG 2005;76:887) from genotype counts (either homozygote may be the
 * rare one). Probabilities equal to the observed one within a relative
 * 1e-7 count as "no more likely".
 * @return the p-value in [0, 1]; 1 for a monomorphic SNP; NaN when all
 *         counts are 0.
 */
MZG_API double mzg_hwe_exact(size_t n_aa, size_t n_ab, size_t n_bb);

#ifdef __cplusplus
}
#endif
#endif
