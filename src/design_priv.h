/*
 * design_priv.h -- helpers shared by the design modules (mass.c,
 * design.c, design_load.c, design_fas8.c, design_check.c); not installed.
 */
#ifndef MZG_DESIGN_PRIV_H
#define MZG_DESIGN_PRIV_H

#include "internal.h"
#include "mzgeno/design.h"

/* Limits against hostile input. */
#define MZG_DESIGN_MAX_ASSAYS 100000   /* rows of one design file */
#define MZG_DESIGN_MAX_MASS 100000.0   /* Da; beyond any MALDI window */
#define MZG_DESIGN_MIN_MASS 100.0      /* Da; below any oligo (one nucleotide
                                          is ~250 Da) */

/* mass.c */
int mzg__base_index(char b);                 /* A,C,G,T -> 0..3, else -1 */
double mzg__mass_round(double m);            /* to 0.01 Da */
double mzg__dnmp_residue(char base);         /* NaN on a bad base */
/* Mass added by the bases @p added[0..n): dNMP residues for all but the
 * last, the terminator increment of @p chem for the last (the bases as
 * actually added, i.e. already complemented for UEP_DIR R). NaN if n == 0
 * or a base is bad. */
double mzg__added_mass(const char *added, size_t n, mzg_chem chem);

/* design.c */
/* A new empty design with d->source = @p source. NULL when out of memory. */
mzg_design *mzg__design_new(const char *source);
/* The multiplex @p name of @p d, appended when absent. 0 or MZG_ENOMEM. */
int mzg__design_plex(mzg_design *d, const char *name, mzg_plex **out);
/* Append a zeroed assay to @p p. 0, MZG_ENOMEM. */
int mzg__plex_add_assay(mzg_plex *p, mzg_assay **out);
/* Free the members of one assay. */
void mzg__assay_clear(mzg_assay *a);
/* Append a formatted note to d->notes (counted as a mismatch when
 * @p mismatch) and send it to the logger as a warning. 0 or MZG_ENOMEM. */
int mzg__design_note(mzg_design *d, int mismatch, const char *fmt, ...)
	MZG_PRINTF(3, 4);

#endif
