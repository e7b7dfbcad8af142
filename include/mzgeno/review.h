/*
 * mzgeno/review.h -- reviewing a chip's report: the review page's
 * options, reading a report set back, reviewer overrides and the audit
 * trail (SPEC 7; docs/review.md, mzgeno-review(1)).
 *
 * A report set written by `mzgeno call` holds, besides the tables, what a
 * review needs to rebuild the run without the spectra: the design
 * (design.tsv) and the spectrum snippets of the zooms (snippets.tsv). mzg_review_load() reads the set
 * back into a run; mzg_review_apply() applies a reviewer's overrides
 * (quality E) and records each in the audit trail; mzg_review_write()
 * writes the complete new report set, audit.tsv included, into another
 * directory. The original report is never modified.
 */
#ifndef MZGENO_REVIEW_H
#define MZGENO_REVIEW_H

#include <stddef.h>
#include "common.h"
#include "design.h"
#include "plate.h"
#include "qc.h"
#include "report.h"
#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Zooms on one page at most by default (see mzg_html_opts). */
#define MZG_HTML_MAX_ZOOMS 600

/** One override as applied: a row of audit.tsv. */
typedef struct mzg_audit_row {
	char time[24];         /* UTC ISO 8601, "2024-05-01T10:00:00Z" */
	char *reviewer;
	char *reason;
	char well[4];
	char *assay;
	char old_genotype[3];  /* the call before ("." for none) */
	char old_quality;      /* its quality letter */
	char new_genotype[3];  /* the reviewer's genotype ("." withdraws) */
} mzg_audit_row;

/** An audit trail, oldest first. */
typedef struct mzg_audit {
	size_t n;
	mzg_audit_row *rows;
} mzg_audit;

/** Options of the review page writer: the payload of mzg_report_html(). */
typedef struct mzg_html_opts {
	const mzg_audit *audit; /* overrides to list on the page, or NULL */
	size_t max_zooms;      /* spectrum zooms at most; 0: MZG_HTML_MAX_ZOOMS */
} mzg_html_opts;

/** One line of an overrides file. */
typedef struct mzg_override {
	size_t line;           /* line in the file */
	char well[4];          /* normalised */
	char *assay;
	char *genotype;        /* as written ("AG", "A/G", "A", "." ...) */
	char *reviewer;
	char *reason;
} mzg_override;

/** An overrides file. Free with mzg_overrides_free(). */
typedef struct mzg_overrides {
	char *source;
	size_t n;
	mzg_override *rows;    /* file order */
} mzg_overrides;

/**
 * Read an overrides file: TSV with a header naming the columns `well
 * assay genotype reviewer reason` (any order, any case; other columns
 * ignored; blank lines and '#' lines skipped). Every field is required.
 * @return 0; MZG_EIO; MZG_EFORMAT with "FILE:LINE: ..." (missing column,
 *         blank field, bad well, a well and assay overridden twice);
 *         MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_overrides_load(mzg_overrides **out,
                                               const char *path);

/** Free an overrides file. NULL is a no-op. */
MZG_API void mzg_overrides_free(mzg_overrides *o);

/** A report set read back, ready to be reviewed. Everything is owned. */
typedef struct mzg_review {
	char *dir;             /* the report directory */
	mzg_design *design;    /* from design.tsv (source as in qc.json) */
	mzg_report_src *src;   /* the run rebuilt by mzg_report_load() */
	mzg_run *run;          /* = src->run (+ snippets from snippets.tsv) */
	const mzg_plate *plate;/* = src->plate */
	mzg_qc_opts qc_opts;   /* the QC thresholds the report used */
	mzg_audit audit;       /* audit.tsv of an earlier review, then the
	                          overrides applied since loading */
	size_t n_previous;     /* audit rows that came from the directory */
	int has_snippets;      /* snippets.tsv was present */
} mzg_review;

/**
 * Read the report set in @p dir: calls.tsv and qc.json (mzg_report_load),
 * design.tsv, and when present snippets.tsv and audit.tsv. Checks that the
 * files agree (same pads and assays, the design qc.json names).
 * @param out OUT: free with mzg_review_free().
 * @return 0; MZG_EIO (a file missing or unreadable: the message names
 *         it); MZG_EFORMAT ("FILE:LINE: ..."); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_review_load(mzg_review **out,
                                            const char *dir);

/** Free a review. NULL is a no-op. */
MZG_API void mzg_review_free(mzg_review *r);

/**
 * Apply overrides: each names a pad (well), an assay of its multiplex and
 * the reviewer's genotype in the design's alleles ("." withdraws the
 * call). All are checked before any is applied; a pad that is an NTC or
 * empty, an unknown well or assay, or an allele that is not one of the
 * call's clustered alleles is refused. Each overridden call gets quality
 * E, flag override, the note "was=GT/Q by REVIEWER: REASON", and a row in
 * r->audit stamped @p now.
 * @param now  UTC time "YYYY-MM-DDTHH:MM:SSZ"; NULL: the current time.
 * @return 0; MZG_EINVAL with "FILE:LINE: ..." naming the override (then
 *         nothing was changed); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_review_apply(mzg_review *r,
                                             const mzg_overrides *ov,
                                             const char *now);

/**
 * Recompute the QC and write the complete report set of the reviewed run
 * into @p outdir (calls.tsv, genotypes.tsv, qc.json, qc.tsv, report.html,
 * design.tsv, snippets.tsv and audit.tsv), atomically as one set.
 * @param qc_out OUT (may be NULL): the recomputed QC, free with
 *               mzg_qc_free() while @p r is alive.
 * @param flags  MZG_REPORT_FORCE to replace an existing report.
 * @return 0; MZG_EINVAL when @p outdir is the review's own directory;
 *         as mzg_report_write_files() otherwise.
 */
MZG_API MZG_WARN_UNUSED int mzg_review_write(mzg_qc **qc_out,
                                             const char *outdir,
                                             const mzg_review *r,
                                             unsigned flags);

/** Write an audit trail as audit.tsv (header + rows). 0 or MZG_EIO. */
MZG_API int mzg_audit_write(FILE *fp, const mzg_audit *a);

/**
 * Read an audit.tsv. @return 0; MZG_EIO; MZG_EFORMAT ("FILE:LINE: ...");
 * MZG_ENOMEM. Free the rows with mzg_audit_clear().
 */
MZG_API MZG_WARN_UNUSED int mzg_audit_load(mzg_audit *out, const char *path);

/** Free the rows of an audit trail and make it empty. */
MZG_API void mzg_audit_clear(mzg_audit *a);

#ifdef __cplusplus
}
#endif
#endif
