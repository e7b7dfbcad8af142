/*
 * mzgeno/report.h -- the report files of a run (SPEC 5; docs/formats.md,
 * mzgeno-report(5)) and reading calls.tsv back.
 *
 * A report set is written into one output directory as a unit: every
 * file goes to a temporary name first, and only when all were written and
 * synced are they renamed into place. An existing report is never
 * overwritten unless MZG_REPORT_FORCE is given, and a failure leaves no
 * partial report behind. Each file has a writer function with the same
 * signature, so another file (report.html, audit.tsv) joins the set by
 * adding an mzg_report_file.
 *
 * Output is deterministic: fixed row order (pads in run order, assays in
 * design order), fixed number formats, "NA" for a missing number.
 */
#ifndef MZGENO_REPORT_H
#define MZGENO_REPORT_H

#include <stdio.h>
#include <stddef.h>
#include "common.h"
#include "qc.h"
#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of mzg_report_write(). */
#define MZG_REPORT_FORCE 1u   /* replace existing report files */

/**
 * A writer: write one report file to @p fp from the run and its QC.
 * @return 0 or a negative MZG_E* status with a message.
 */
typedef int (*mzg_report_fn)(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                             void *payload);

/** One file of a report set. */
typedef struct mzg_report_file {
	const char *name;     /* file name inside the output directory */
	mzg_report_fn write;
	void *payload;        /* passed to write */
} mzg_report_file;

/** calls.tsv: one row per pad x assay (columns in docs/formats.md). */
MZG_API int mzg_report_calls_tsv(FILE *fp, const mzg_run *run,
                                 const mzg_qc *qc, void *payload);
/** genotypes.tsv: well, sample, then one column per assay. */
MZG_API int mzg_report_genotypes_tsv(FILE *fp, const mzg_run *run,
                                     const mzg_qc *qc, void *payload);
/** qc.json: verdict, reasons, assays, wells, duplicates, controls, inputs,
 *  parameters, version (schema in docs/formats.md). */
MZG_API int mzg_report_qc_json(FILE *fp, const mzg_run *run,
                               const mzg_qc *qc, void *payload);
/** qc.tsv: the QC tables for a spreadsheet, one block each. */
MZG_API int mzg_report_qc_tsv(FILE *fp, const mzg_run *run,
                              const mzg_qc *qc, void *payload);

/** report.html: the self-contained review page (docs/review.md).
 *  @p payload: NULL, or a const mzg_html_opts * (review.h). */
MZG_API int mzg_report_html(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                            void *payload);
/** design.tsv: the run's design in the Agena format (mzg_design_write),
 *  so that the report set can be reviewed without the original file. */
MZG_API int mzg_report_design_tsv(FILE *fp, const mzg_run *run,
                                  const mzg_qc *qc, void *payload);
/** snippets.tsv: the spectrum snippets of every pad x assay that has one
 *  (the review page's zooms; docs/review.md). */
MZG_API int mzg_report_snippets_tsv(FILE *fp, const mzg_run *run,
                                    const mzg_qc *qc, void *payload);

/**
 * The standard report set, in writing order: calls.tsv, genotypes.tsv,
 * qc.json, qc.tsv, report.html, design.tsv, snippets.tsv.
 * Static storage.
 * @return the number of files.
 */
MZG_API size_t mzg_report_standard(const mzg_report_file **files);

/**
 * Write a set of files into @p outdir (created if needed) atomically as a
 * set, see the top of this file.
 * @return 0; MZG_EEXIST when a file of the set exists and
 *         MZG_REPORT_FORCE is not given (nothing is written); MZG_EIO
 *         (directory not writable, disk full, ...: nothing is left
 *         behind); MZG_EINVAL (a bad or repeated file name); a writer's
 *         own error; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_report_write_files(
	const char *outdir, const mzg_report_file *files, size_t n,
	const mzg_run *run, const mzg_qc *qc, unsigned flags);

/**
 * Write the standard set plus @p extra files (may be NULL / 0) into
 * @p outdir as one atomic set. Returns as mzg_report_write_files().
 */
MZG_API MZG_WARN_UNUSED int mzg_report_write(const char *outdir,
                                             const mzg_run *run,
                                             const mzg_qc *qc,
                                             const mzg_report_file *extra,
                                             size_t n_extra, unsigned flags);

/* ---- reading calls.tsv back (mzgeno review) ---- */

/** One row of calls.tsv, as written. */
typedef struct mzg_calls_row {
	size_t line;          /* line in the file */
	char well[4];
	char *sample, *role, *multiplex, *assay;  /* as written */
	char genotype[3];     /* "AG" or "." */
	char quality;         /* letter */
	double probability;
	char allele1, allele2; /* letters, '.' when unknown */
	double height1, height2, height_uep;
	double snr1, snr2, snr_uep;
	double extension, theta, mass_error_ppm;  /* NaN for "NA" */
	char *flags;          /* flags text as written ("." when none) */
} mzg_calls_row;

/** A calls.tsv read back. Free with mzg_calls_free(). */
typedef struct mzg_calls {
	char *source;         /* path */
	char *chip;           /* chip name of the rows ("" when none) */
	size_t n;
	mzg_calls_row *rows;  /* in file order */
} mzg_calls;

/**
 * Read a calls.tsv written by mzg_report_calls_tsv(). Writing the rows
 * again with mzg_calls_write() gives the same bytes.
 * @return 0; MZG_EIO; MZG_EFORMAT with "file:line: ..." (a header that is
 *         not the calls.tsv header, a bad field, a different chip name);
 *         MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_calls_load(mzg_calls **out, const char *path);

/** Write rows in calls.tsv format (header included). 0 or MZG_EIO. */
MZG_API int mzg_calls_write(FILE *fp, const mzg_calls *c);

/** Free a calls table. NULL is a no-op. */
MZG_API void mzg_calls_free(mzg_calls *c);

/**
 * Parse the flags text of a calls.tsv row back into MZG_CF_* bits, the
 * best guess genotype text of a D call ("" when none) and the note
 * (malloc'ed, NULL when none).
 * @return 0; MZG_EINVAL for an unknown flag name; MZG_ENOMEM.
 */
MZG_API int mzg_calls_flags_parse(unsigned *flags, char best_guess[3],
                                  char **note, const char *text);

/* ---- a whole report read back (mzgeno review) ---- */

/** A run rebuilt from a report directory, with what it borrows. */
typedef struct mzg_report_src {
	mzg_run *run;              /* the run: pads with their calls and
	                              figures, fits, inputs, parameters,
	                              version; no spectra or measurements */
	const mzg_design *design;  /* the design the run uses: the one given
	                              to mzg_report_load(), or own_design */
	mzg_design *own_design;    /* a design rebuilt from the report
	                              (multiplexes, assay IDs, the two
	                              clustered alleles; no masses) or NULL */
	mzg_plate *plate;          /* roles, samples, multiplexes, duplicate
	                              sets, expected genotypes of positive
	                              controls (from qc.json) */
	mzg_qc_opts qc_opts;       /* the QC thresholds the report used */
} mzg_report_src;

/**
 * Rebuild a run from the report in @p dir (calls.tsv and qc.json), so that
 * its QC can be evaluated again and its reports written again: with
 * nothing changed, mzg_qc_evaluate() and mzg_report_write() give the same
 * calls.tsv, genotypes.tsv, qc.json and qc.tsv.
 * @param out    OUT: free with mzg_report_src_free().
 * @param design the design to use (NULL: rebuild one from the report); it
 *               must hold every multiplex and assay of the report.
 * @return 0; MZG_EIO; MZG_EFORMAT with the file, line and problem (a file
 *         that is not an mzgeno report, calls.tsv and qc.json that
 *         disagree, a missing row); MZG_ELIMIT; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_report_load(mzg_report_src **out,
                                            const char *dir,
                                            const mzg_design *design);

/** Free a rebuilt report (run, plate, own design). NULL is a no-op. */
MZG_API void mzg_report_src_free(mzg_report_src *s);

#ifdef __cplusplus
}
#endif
#endif
