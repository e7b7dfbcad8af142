/*
 * synth_targets.h -- finding a target of the synth.h test multiplex in a
 * target list, for the unit tests that measure synthetic pads
 * (test_measure.c, test_dense.c). Header-only: it fails the CUnit test,
 * and synth.c is also linked into bench_measure, which has no CUnit.
 */
#ifndef MZG_TEST_SYNTH_TARGETS_H
#define MZG_TEST_SYNTH_TARGETS_H

#include <CUnit/CUnit.h>

#include "mzgeno/design.h"

/* Index of the target of @p kind of assay @p a, allele @p al (-1 for the
 * UEP and its artefacts); a fatal test failure when there is none. */
static inline size_t find_target(const mzg_target *t, size_t n,
                                 mzg_target_kind kind, int a, int al)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].kind == kind && t[i].assay == a && t[i].allele == al)
			return i;
	CU_FAIL_FATAL("target not found");
	return 0;
}

#endif
