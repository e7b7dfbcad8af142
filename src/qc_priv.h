/*
 * qc_priv.h -- shared state of qc.c and qc_controls.c.
 */
#ifndef MZG_QC_PRIV_H
#define MZG_QC_PRIV_H

#include <stddef.h>

#include "mzgeno/qc.h"
#include "mzgeno/run.h"

typedef struct qc_ctx {
	const mzg_run *run;
	mzg_qc *q;
	size_t *base;        /* per multiplex: index of its first assay in q->assays */
	size_t reason_cap;
} qc_ctx;

/* Add a reason (and raise the verdict). 0 or MZG_ENOMEM. */
int mzg__qc_reason(qc_ctx *x, mzg_verdict level, const char *rule,
                   const char *subject, double value, double threshold,
                   const char *fmt, ...) MZG_PRINTF(7, 8);

/* A call (quality A, B, C or E with a genotype)? */
int mzg__qc_called(const mzg_call *c);

/* Does the pad count for call rates (role sample or positive)? */
int mzg__qc_counts(const mzg_pad *p);

/* The pad of a normalised well, or NULL. */
const mzg_pad *mzg__qc_pad(const mzg_run *run, const char *well);

/* Duplicate sets and controls (qc_controls.c). */
int mzg__qc_dups(qc_ctx *x);
int mzg__qc_controls(qc_ctx *x);

#endif
