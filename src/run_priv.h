/*
 * run_priv.h -- private state of the calling pipeline (run.c, run_read.c,
 * run_pad.c). Not installed.
 */
#ifndef MZG_RUN_PRIV_H
#define MZG_RUN_PRIV_H

#include <pthread.h>
#include <stddef.h>

#include "internal.h"
#include "measure_ws.h"
#include "mzgeno/run.h"
#include "mzgeno/spectrum.h"

#define MZG__SLOTS 384    /* 16 rows x 24 columns */
#define MZG__REASON 192   /* bytes of a pad's failure reason */
#define MZG__MAX_OPEN 32  /* pads combined at once in one reading pass */

/* The result of processing one pad (one spectrum or several combined). */
typedef struct mzg__padres {
	int done;              /* a result is present */
	int ok;                /* processed and calibrated */
	char reason[MZG__REASON]; /* why not ok */
	int plex, plex_guessed, centroid;
	mzg_calib calib;
	double noise, resolution;
	size_t n_peaks;
	mzg_measure *meas;     /* n_targets[plex] measurements, or NULL */
	size_t n_snips;
	mzg_snippet *snips;    /* one per assay of the plex (review page), or NULL */
} mzg__padres;

/* Everything known about one well while reading. */
typedef struct mzg__slot {
	const mzg_plate_well *pw; /* plate entry or NULL */
	int plex_fixed;        /* plex from the sheet / only plex; -1: guess */
	size_t n_seen;         /* spectra of this well read (pass 1) */
	size_t n_bad;          /* of those, unreadable */
	size_t n_other;        /* good but not combinable (other repr.) */
	size_t n_used;         /* spectra behind res (1, or those combined) */
	int first_input;       /* input and index of the first spectrum */
	long first_index;
	mzg_repr repr;         /* representation of the first good spectrum */
	mzg_buf source;        /* "file#12,file#40" */
	char bad_reason[MZG__REASON]; /* first reader error */
	mzg__padres res;
	/* combining (pass 2) */
	int pending;           /* needs combining */
	int acc_open;          /* accumulator in use in this pass */
	size_t acc_n;          /* spectra added */
	mzg_spectrum acc;      /* summed profile / merged peak list */
} mzg__slot;

/* Pipeline context shared by the reader and the workers. */
typedef struct mzg__ctx {
	const mzg_run_opts *o;  /* effective options (run->opts) */
	mzg_progress_fn progress; /* the caller's progress callback or NULL */
	void *payload;
	const mzg_design *d;
	mzg_run *run;
	mzg__slot *slots;      /* MZG__SLOTS */
	char **paths;          /* expanded input paths (run->inputs[i].path) */
	size_t n_paths;
	double **ueps;         /* per plex: UEP masses (calibrants) */
	size_t *n_ueps;
	pthread_mutex_t lock;  /* guards slots[].res and err */
	int err;               /* first fatal worker error (ENOMEM) */
	char errmsg[256];
	size_t n_done;         /* pads processed (for progress) */
} mzg__ctx;

/* Worker scratch space, one per thread. */
typedef struct mzg__wspace {
	mzg_processed proc;
	mzg__jfit *fit;        /* measurement's work space (made on first use) */
} mzg__wspace;

void mzg__wspace_init(mzg__wspace *w);
void mzg__wspace_free(mzg__wspace *w);

/* Process, calibrate and measure one pad's spectrum into @p res (which
 * owns its meas afterwards). Pad-level failures give res->ok = 0 with a
 * reason and return 0; only MZG_ENOMEM is returned as an error. */
int mzg__pad_process(mzg__padres *res, const mzg_spectrum *s, int plex_fixed,
                     const mzg__ctx *ctx, mzg__wspace *w);
void mzg__padres_free(mzg__padres *res);

/* Add spectrum @p s to the accumulator @p acc (empty: copy). Profile:
 * interpolated onto the first spectrum's m/z axis and summed; centroid:
 * peak lists concatenated (merged by mzg__acc_finish). 0 or MZG_ENOMEM;
 * MZG_EDATA when @p s cannot be combined (unsorted axis). */
int mzg__acc_add(mzg_spectrum *acc, const mzg_spectrum *s);
/* Finish an accumulator: a centroid list is sorted and peaks closer than
 * 300 ppm merged (intensities summed, m/z intensity-weighted). */
int mzg__acc_finish(mzg_spectrum *acc);

/* Read every input: pass 1 processes the first good spectrum of each
 * well; the combining passes re-read the inputs for wells with several
 * spectra. 0 or a fatal error (input cannot be opened, ENOMEM). */
int mzg__read_all(mzg__ctx *ctx);

/* Options and inputs (run_opts.c). */

/* Every processing/calibration/measurement/calling option as
 * "stage.name" = text into r->params. 0 or MZG_ENOMEM. */
int mzg__run_params(mzg_run *r, const mzg_run_opts *o);
/* Expand inputs (files, directories of *.mzML / *.mzML.gz, sorted by
 * name) into r->inputs. 0, MZG_EIO (missing), MZG_ENOTFOUND (no mzML in
 * a directory), MZG_ENOMEM. */
int mzg__run_inputs(mzg_run *r, const char *const *inputs, size_t n);

/* SHA-256 (sha256.c). */
typedef struct mzg__sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
} mzg__sha256;

extern int mzg__sha256_portable; /* 1: portable code only (tests) */
void mzg__sha256_init(mzg__sha256 *c);
void mzg__sha256_update(mzg__sha256 *c, const void *data, size_t n);
void mzg__sha256_final(mzg__sha256 *c, unsigned char out[32]);

#endif
