/*
 * report_load.h -- shared state of report_load.c and report_load_run.c.
 */
#ifndef MZG_REPORT_LOAD_H
#define MZG_REPORT_LOAD_H

#include "json.h"
#include "mzgeno/report.h"

typedef struct rl_ctx {
	mzg_jval *qc;            /* qc.json */
	mzg_calls *calls;        /* calls.tsv */
	const mzg_design *d;     /* the design used */
	mzg_design *own;         /* ... when rebuilt from the report */
	mzg_run *run;
	mzg_plate *plate;
	mzg_qc_opts qc_opts;
} rl_ctx;

/* MZG_EFORMAT "qc.json: <printf text>". */
int mzg__rl_fmt(const char *fmt, ...) MZG_PRINTF(1, 2);

/* Build L->run from L->qc and L->calls with design L->d. */
int mzg__rl_run(rl_ctx *L);

#endif
