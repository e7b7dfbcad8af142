/*
 * plate_internal.h -- helpers shared by plate.c and plate_check.c.
 */
#ifndef MZG_PLATE_INTERNAL_H
#define MZG_PLATE_INTERNAL_H

#include "mzgeno/plate.h"

/* Blank or a "no value" spelling (".", "-", "NA", "N/A", "null", ...). */
int mzg__plate_is_missing(const char *s);

/* Strict sheet well: row letter + 1-2 digits inside a chip of
 * @p chip_wells pads. 0 or MZG_EFORMAT (message without location). */
int mzg__plate_well(char out[4], const char *s, int chip_wells);

/* Rebuild p->dupsets from the wells. 0 or MZG_ENOMEM. */
int mzg__plate_dupsets(mzg_plate *p);

/* Append a zeroed well (growing p->wells, capacity *cap); NULL on ENOMEM. */
mzg_plate_well *mzg__plate_push(mzg_plate *p, size_t *cap);

#endif
