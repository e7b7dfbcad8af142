/*
 * measure_ws.h -- the measurement's joint-fit work space, for callers
 * inside the library that measure many spectra (the pipeline's workers):
 * kept across spectra, it remembers the peak shapes it has built.
 */
#ifndef MZG_MEASURE_WS_H
#define MZG_MEASURE_WS_H

#include <stddef.h>

#include "mzgeno/measure.h"

typedef struct mzg__jfit mzg__jfit;

/* Shapes a work space kept across a chip's spectra remembers (~1.2 kB
 * each); a one-off measurement remembers fewer. */
#define MZG__JFIT_MEMO_RUN 4096
#define MZG__JFIT_MEMO_ONE 128

/* A joint-fit work space remembering up to @p memo_max peak shapes (0:
 * none). Free with mzg__jfit_free. NULL when out of memory. */
mzg__jfit *mzg__jfit_new(size_t memo_max);
void mzg__jfit_free(mzg__jfit *f);

/* mzg_measure_targets() with work space @p ws (NULL: a temporary one).
 * The results do not depend on what @p ws has seen before. */
int mzg__measure_targets_ws(mzg_measure *out, const mzg_processed *p,
                            const mzg_calib *c, const mzg_target *t, size_t n,
                            const mzg_measure_opts *o, mzg__jfit *ws);

#endif
