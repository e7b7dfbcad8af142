/*
 * mzgeno/plate.h -- the plate sheet: what is on each pad of the chip.
 *
 * A TSV or CSV with a header naming the columns `well`, `sample`, `role`,
 * optionally `multiplex`, and one column per assay ID holding the expected
 * genotype of a known (positive) control. Roles: sample, ntc, positive,
 * empty (spellings accepted: docs/formats.md, mzgeno-plate(5)). A sample
 * ID in two or more sample/positive wells forms a duplicate set.
 *
 * Loading checks the sheet on its own (roles, wells, repeated wells,
 * columns); mzg_plate_validate() then checks it against the design
 * (multiplex names, assay columns, alleles of expected genotypes) and
 * normalises the expected genotypes to the design's allele order.
 */
#ifndef MZGENO_PLATE_H
#define MZGENO_PLATE_H

#include <stddef.h>
#include <stdio.h>
#include "common.h"
#include "design.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mzg_role {
	MZG_ROLE_SAMPLE = 0,
	MZG_ROLE_NTC = 1,       /* no-template control: must stay empty */
	MZG_ROLE_POSITIVE = 2,  /* known control with expected genotypes */
	MZG_ROLE_EMPTY = 3,     /* not analysed */
} mzg_role;

/** One pad of the plate sheet. */
typedef struct mzg_plate_well {
	char well[4];         /* normalised "A01" */
	char *sample;         /* sample ID (never NULL; the well name if blank) */
	mzg_role role;
	char *multiplex;      /* multiplex name or NULL (then the design's only) */
	size_t line;          /* line in the sheet, for messages; 0 if synthesised */
	char **expected;      /* n_assays entries, one per extra column (see
	                         mzg_plate.assays): the cell text, or NULL when
	                         blank. After mzg_plate_validate(): the genotype
	                         in design order ("AG", "GG"), NULL for a blank
	                         cell or a column that is not an assay. */
} mzg_plate_well;

/** A duplicate set: one sample ID in two or more wells. */
typedef struct mzg_dupset {
	char *sample;         /* the shared sample ID (borrowed from a well) */
	size_t n;             /* number of wells, >= 2 */
	size_t *wells;        /* indices into mzg_plate.wells, in sheet order */
} mzg_dupset;

typedef struct mzg_plate {
	char *source;         /* path, or NULL when synthesised */
	size_t header_line;   /* line of the header in the sheet (0: none) */
	int chip_wells;       /* 96 or 384 */
	size_t n_wells;
	mzg_plate_well *wells;  /* in sheet order */
	size_t n_assays;      /* extra (expected-genotype) columns */
	char **assays;        /* their headers as written */
	int *assay_known;     /* per column, after validate: 1 if an assay of
	                         the design, 0 if ignored; NULL before */
	size_t n_dupsets;
	mzg_dupset *dupsets;  /* in order of first appearance */
	int validated;        /* 1 after a successful mzg_plate_validate() */
} mzg_plate;

/**
 * Load a plate sheet (TSV or CSV, detected from the header line; blank
 * lines and lines starting with '#' are skipped).
 * @param out        OUT: the plate; free with mzg_plate_free().
 * @param chip_wells 96 (A01..H12) or 384 (A01..P24): wells outside the
 *                   chip are errors.
 * @return 0; MZG_EIO; MZG_EFORMAT with "file:line: ..." in mzg_errmsg()
 *         (unknown role, bad, outside or repeated well, missing column,
 *         malformed genotype); MZG_EINVAL for a bad chip_wells;
 *         MZG_ELIMIT; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_plate_load(mzg_plate **out, const char *path,
                                           int chip_wells);

/**
 * Load a plate sheet from an open stream (as mzg_plate_load(); used by the
 * fuzzers and for sheets held in memory). @p name is used in messages and
 * as p->source. The stream is borrowed and not closed.
 * @return as mzg_plate_load(), without MZG_EIO for opening.
 */
MZG_API MZG_WARN_UNUSED int mzg_plate_read(mzg_plate **out, FILE *fp,
                                           const char *name, int chip_wells);

/**
 * Check a loaded plate against the design and normalise it: multiplex
 * names must exist (and be given for every analysed well when the design
 * has several); assay columns are matched to assay IDs (case-insensitive);
 * a column that is not an assay is ignored (a warning is logged) unless a
 * positive control has a value in it; expected genotypes must use the
 * alleles of their assay and appear only on positive controls. Expected
 * genotypes are rewritten in the design's allele order.
 * @return 0, MZG_EFORMAT with "file:line: ..." in mzg_errmsg(), MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_plate_validate(mzg_plate *p,
                                               const mzg_design *d);

/**
 * A plate where each listed well is a `sample` named after the well (runs
 * without a sheet). Wells are normalised; a bad or repeated well is
 * MZG_EINVAL. @p chip_wells as for mzg_plate_load().
 * @param out OUT: the plate; free with mzg_plate_free().
 */
MZG_API MZG_WARN_UNUSED int mzg_plate_default(mzg_plate **out,
                                              const char (*wells)[4],
                                              size_t n, int chip_wells);

/**
 * Append a well (for pads with a spectrum that the sheet does not list):
 * role @p role, sample @p sample (NULL: the well name), no multiplex, no
 * expectations. Duplicate sets are recomputed.
 * @return 0; MZG_EINVAL for a bad well, one outside the chip or one
 *         already listed; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_plate_add(mzg_plate *p, const char *well,
                                          const char *sample, mzg_role role);

/** The entry of a well (any spelling mzg_well_parse accepts), or NULL.
 * Borrowed from @p p. */
MZG_API const mzg_plate_well *mzg_plate_find(const mzg_plate *p,
                                             const char *well);

/**
 * The expected genotype of well @p w for assay @p assay_id (validated
 * plates: design order, e.g. "AG"), or NULL when none. Borrowed.
 */
MZG_API const char *mzg_plate_expected(const mzg_plate *p,
                                       const mzg_plate_well *w,
                                       const char *assay_id);

/**
 * Parse a genotype of assay @p a as a person writes it ("AG", "ga",
 * "A/G", "A:G", "A G", or one letter "A" for a homozygote) into the
 * design's allele order, e.g. "AG" when EXT1 is A and EXT2 is G.
 * @param out OUT: two allele letters and a NUL.
 * @return 0; MZG_EINVAL (message says why: not a genotype, or an allele
 *         that is not one of the assay's).
 */
MZG_API MZG_WARN_UNUSED int mzg_genotype_normalise(char out[3],
                                                   const mzg_assay *a,
                                                   const char *text);

/** Role name ("sample", "ntc", "positive", "empty"), static storage. */
MZG_API const char *mzg_role_name(mzg_role r);

/**
 * Parse a role as written in a sheet (case-insensitive; blank = sample).
 * @return 0 with *out set, or MZG_ENOTFOUND.
 */
MZG_API int mzg_role_parse(mzg_role *out, const char *text);

/** Free a plate. NULL is a no-op. */
MZG_API void mzg_plate_free(mzg_plate *p);

#ifdef __cplusplus
}
#endif
#endif
