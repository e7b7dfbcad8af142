/*
 * mzgeno/plate.h -- the plate sheet: what is on each pad of the chip.
 *
 * A TSV or CSV with a header naming the columns `well`, `sample`, `role`,
 * optionally `multiplex`, and one column per assay ID holding the expected
 * genotype of a known (positive) control. Roles: sample, ntc, positive,
 * empty. A sample ID in two or more wells forms a duplicate set.
 */
#ifndef MZGENO_PLATE_H
#define MZGENO_PLATE_H

#include <stddef.h>
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
	char *multiplex;      /* multiplex name or NULL (then the design's only/first) */
	size_t line;          /* line in the sheet, for messages */
	char **expected;      /* per expected-genotype column (see mzg_plate.assays),
	                         the genotype text ("AG") or NULL */
} mzg_plate_well;

typedef struct mzg_plate {
	char *source;         /* path, or NULL when synthesised */
	size_t n_wells;
	mzg_plate_well *wells;
	size_t n_assays;      /* expected-genotype columns */
	char **assays;        /* their headers (assay IDs) */
} mzg_plate;

/**
 * Load a plate sheet (TSV or CSV, detected from the header line).
 * @param chip_wells 96 or 384: wells outside the chip are errors.
 * @return 0; MZG_EIO; MZG_EFORMAT with file:line in mzg_errmsg()
 *         (unknown role, bad or repeated well, missing column); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_plate_load(mzg_plate **out, const char *path,
                                           int chip_wells);

/** A plate where each listed well is a `sample` named after the well. */
MZG_API MZG_WARN_UNUSED int mzg_plate_default(mzg_plate **out,
                                              const char (*wells)[4],
                                              size_t n);

/** The entry of a well, or NULL. Borrowed. */
MZG_API const mzg_plate_well *mzg_plate_find(const mzg_plate *p,
                                             const char *well);

/** Role name ("sample", "ntc", ...), static storage. */
MZG_API const char *mzg_role_name(mzg_role r);

MZG_API void mzg_plate_free(mzg_plate *p);

#ifdef __cplusplus
}
#endif
#endif
