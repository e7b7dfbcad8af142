/*
 * calib_int.h -- calibration helpers for other modules of the library.
 */
#ifndef MZG_CALIB_INT_H
#define MZG_CALIB_INT_H

#include <stddef.h>

#include "mzgeno/calib.h"

/* out[i] = mzg_calib_apply(c, mz[i]) for i < n, bit for bit, without a
 * call per value (the review snippets calibrate ~4 M points per chip).
 * @p out may be @p mz. */
void mzg__calib_apply_n(const mzg_calib *c, const double *mz, double *out,
                        size_t n);

#endif
