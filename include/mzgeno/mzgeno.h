/*
 * mzgeno/mzgeno.h -- umbrella header: include this to use libmzgeno.
 */
#ifndef MZGENO_H
#define MZGENO_H

#include "common.h"
#include "error.h"
#include "spectrum.h"
#include "mzml.h"
#include "design.h"
#include "process.h"
#include "calib.h"
#include "measure.h"
#include "plate.h"
#include "call.h"
#include "run.h"
#include "qc.h"
#include "simulate.h"
#include "report.h"
#include "snippet.h"
#include "review.h"

#endif
