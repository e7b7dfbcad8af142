/*
 * review_priv.h -- shared by review_load.c and review.c. Private.
 */
#ifndef MZG_REVIEW_PRIV_H
#define MZG_REVIEW_PRIV_H

#include "internal.h"
#include "mzgeno/report.h"
#include "mzgeno/review.h"

/* The pad of a normalised well (in any order), or NULL. */
mzg_pad *mzg__review_pad(mzg_run *r, const char *well);

/* Read DIR/snippets.tsv into the run's pads when present (sets
 * has_snippets). 0, MZG_EIO, MZG_EFORMAT, MZG_ENOMEM. */
int mzg__review_snippets_load(mzg_review *rv);

/* 1 when @p s is a UTC time "YYYY-MM-DDTHH:MM:SSZ" (digits where the
 * digits go): the form of audit.tsv's time column. */
int mzg__review_time_ok(const char *s);

/* Read DIR/audit.tsv into rv->audit when present (sets n_previous). */
int mzg__review_audit_load(mzg_review *rv);

#endif
