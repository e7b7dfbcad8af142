/*
 * mzgeno/run.h -- a chip run: the pipeline from mzML files to calls.
 *
 * mzg_run_call() reads the input spectra (one mzML holding the chip,
 * several files, or directories of them) with the streaming reader,
 * resolves each spectrum's well (SPEC 2.1), combines repeated spectra of a
 * pad, processes each pad (mzg_process), recalibrates it on its
 * multiplex's UEPs (mzg_calibrate), measures every expected species
 * (mzg_measure_targets), derives the call features, and finally calls
 * every assay across the chip (mzg_call_assay). The result is an mzg_run:
 * one mzg_pad per well, sorted by well, each with one mzg_call per assay
 * of its multiplex, plus the provenance (inputs with sizes and SHA-256,
 * every parameter, version) that QC and the report writers need.
 *
 * A pad that cannot be read, processed or calibrated becomes status
 * MZG_PAD_BAD with quality I on all its calls and a reason; the run goes
 * on. Memory stays flat in the number of pads: spectra are processed as
 * they are read and only the small per-pad results are kept.
 */
#ifndef MZGENO_RUN_H
#define MZGENO_RUN_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "calib.h"
#include "call.h"
#include "design.h"
#include "measure.h"
#include "plate.h"
#include "process.h"
#include "snippet.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Status of a pad. */
typedef enum mzg_pad_status {
	MZG_PAD_OK = 0,      /* measured and called */
	MZG_PAD_BAD = 1,     /* spectrum unreadable / unprocessable /
	                        uncalibrated: all calls quality I; see reason */
	MZG_PAD_EMPTY = 2,   /* role empty on the plate sheet: measured if it has
	                        a spectrum, never called */
	MZG_PAD_MISSING = 3, /* on the plate sheet but no spectrum: calls are
	                        quality I with flag pad_failed */
} mzg_pad_status;

/** One pad of the chip: its identity, figures and calls. Owned by the run. */
typedef struct mzg_pad {
	char well[4];          /* normalised "A01" */
	char *sample;          /* sample ID (the well name without a plate) */
	mzg_role role;         /* from the plate sheet (sample without one) */
	int plex;              /* index into run->design->plex; -1 if unknown
	                          (then n_calls = 0) */
	mzg_pad_status status;
	char *reason;          /* why bad / missing / a note ("2 spectra
	                          combined", "not on the plate sheet"); NULL
	                          when there is nothing to say */
	size_t n_spectra;      /* spectra combined into this pad (0: missing) */
	char *source;          /* where they came from: "chip.mzML#12" or
	                          "a.mzML#3,b.mzML#0" (index = 0-based position
	                          of the spectrum in its file); NULL if none */
	int input;             /* index into run->inputs of the first spectrum
	                          (to read it again, e.g. for a plot); -1 none */
	long spectrum;         /* its index in that file; -1 none */
	int centroid;          /* 1: the input was a centroided peak list */
	int plex_guessed;      /* 1: the plex was chosen by calibration (no
	                          multiplex column and several plexes) */
	mzg_calib calib;       /* calibration figures (ok, model, n_calibrants,
	                          residual_ppm, rms_ppm, shift_ppm, reason) */
	double noise;          /* median noise of the processed spectrum */
	double resolution;     /* resolution (m/FWHM) used */
	size_t n_peaks;        /* peaks detected */
	size_t uep_expected;   /* UEPs in the pad's multiplex */
	size_t uep_found;      /* UEPs measured with SNR >= call snr_min */
	size_t n_measures;     /* = run->n_targets[plex]; 0 when not measured */
	mzg_measure *measures; /* every expected species of the plex (UEPs,
	                          alleles, adducts, 2+ ions, pausing peaks),
	                          in the order of run->targets[plex] */
	size_t n_calls;        /* = assays of the plex (0 when plex < 0) */
	mzg_call *calls;       /* one per assay, in design order */
	mzg_snippet *snippets; /* NULL, or n_calls pieces of the processed
	                          spectrum around each assay (parallel to
	                          calls; n = 0 where none) for the review
	                          page's zooms; see snippet.h */
} mzg_pad;

/** One input file, for provenance. */
typedef struct mzg_input {
	char *path;            /* as given (files found in a directory: dir/name) */
	uint64_t size;         /* bytes */
	char sha256[65];       /* lowercase hex; "" when not computed */
	size_t n_spectra;      /* spectra read from it */
	size_t n_bad;          /* of those, unreadable (MZG_EDATA) */
	size_t n_skipped;      /* not used: no well, or MS level > 1 */
	int index_ok;          /* mzg_mzml_index_ok() at the end of reading */
} mzg_input;

/** One parameter as text ("proc.sg_hws" = "0"), for provenance. */
typedef struct mzg_param {
	char *key;
	char *value;
} mzg_param;

/** Progress callback: @p done of @p total spectra/pads (total 0: unknown).
 *  Called from the thread that runs mzg_run_call(). */
typedef void (*mzg_progress_fn)(void *payload, const char *stage,
                                size_t done, size_t total);

/** Pipeline options. Initialise with mzg_run_opts_init(). */
typedef struct mzg_run_opts {
	mzg_proc_opts proc;
	mzg_calib_opts calib;
	mzg_measure_opts measure;
	mzg_call_opts call;
	int threads;           /* worker threads for processing (1) */
	int checksum;          /* 1: SHA-256 of every input (default 1) */
	int design_window;     /* 1: the processing window (proc.mz_min..
	                          mz_max) is narrowed to the design's species
	                          (lightest - 100 Da - 0.5 %, heaviest + 100 Da
	                          + 0.5 %; 2+ ions excluded) (default 1) */
	const char *chip;      /* chip name; NULL: the first input's stem */
	mzg_progress_fn progress; /* NULL: none */
	void *payload;         /* passed to progress */
} mzg_run_opts;

/** Fill @p o with the defaults of every stage. */
MZG_API void mzg_run_opts_init(mzg_run_opts *o);

/**
 * Set one option from "--param KEY=VALUE" text. KEY is "proc.NAME",
 * "calib.NAME", "measure.NAME" or "call.NAME" (NAME a field of that
 * struct), "run.design_window" or "run.checksum" (0/1), or a bare NAME
 * looked up in the stages in that order (a NAME two stages share must be
 * qualified).
 * @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL (bad value), with
 *         the message in mzg_errmsg().
 */
MZG_API int mzg_run_opts_set(mzg_run_opts *o, const char *key,
                             const char *value);

/** A chip run. Read-only for callers; free with mzg_run_free(). */
typedef struct mzg_run {
	char *chip;                /* chip name */
	const mzg_design *design;  /* borrowed from the caller of mzg_run_call */
	const mzg_plate *plate;    /* the plate sheet: borrowed, or (no sheet
	                              given) a default one owned by the run */
	int chip_wells;            /* 96 or 384 (from the wells seen) */
	size_t n_pads;
	mzg_pad *pads;             /* sorted by well: A01, A02, ..., B01, ... */
	size_t n_fits;
	mzg_assay_fit *fits;       /* one per (plex, assay), design order */
	mzg_target **targets;      /* per plex: its expected species sorted by
	                              mass (mzg_plex_targets, all kinds) */
	size_t *n_targets;         /* per plex: their number */
	size_t n_inputs;
	mzg_input *inputs;         /* in reading order */
	mzg_run_opts opts;         /* the options used (chip, progress and
	                              payload cleared; proc.mz_min/mz_max as
	                              narrowed by design_window) */
	size_t n_params;
	mzg_param *params;         /* every effective option as text,
	                              "stage.name" keys ("call.p_a") */
	size_t n_notes;
	char **notes;              /* run-level warnings (spectra without a
	                              well, skipped MS2 spectra, ...) */
	size_t n_spectra;          /* spectra read, all inputs */
	size_t n_combined;         /* pads made of more than one spectrum */
	char *version;             /* mzgeno version */
	char *started;             /* UTC start time, ISO 8601 */
	double seconds;            /* wall time of mzg_run_call */
	void *priv_;               /* internal */
} mzg_run;

/**
 * Run the whole calling pipeline.
 * @param out     OUT: the run; free with mzg_run_free().
 * @param inputs  mzML files (".mzML", ".mzML.gz") or directories of them.
 * @param design  the design (borrowed; must outlive the run).
 * @param plate   the plate sheet or NULL (borrowed; must outlive the run).
 * @param o       options (NULL: defaults).
 * @return 0 when the run completed (bad pads included);
 *         MZG_EIO / MZG_EFORMAT / MZG_EUNSUPPORTED when an input cannot be
 *         opened or read at all, or holds no spectrum with a well;
 *         MZG_EINVAL bad options; MZG_ENOMEM; MZG_EINTERNAL.
 */
MZG_API MZG_WARN_UNUSED int mzg_run_call(mzg_run **out,
                                         const char *const *inputs,
                                         size_t n_inputs,
                                         const mzg_design *design,
                                         const mzg_plate *plate,
                                         const mzg_run_opts *o);

/**
 * Re-run only the calling step (mzg_call_assay for every assay) on a run
 * whose features are filled, e.g. with other thresholds. Overrides
 * (quality E) are kept. @return 0, MZG_EINVAL, MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_run_recall(mzg_run *r,
                                           const mzg_call_opts *o);

/** Free a run and everything it owns. NULL is a no-op. */
MZG_API void mzg_run_free(mzg_run *r);

/** The pad of a well, or NULL. Borrowed from @p r. */
MZG_API const mzg_pad *mzg_run_pad(const mzg_run *r, const char *well);

/** The fit of (plex, assay), or NULL. Borrowed from @p r. */
MZG_API const mzg_assay_fit *mzg_run_fit(const mzg_run *r, int plex,
                                         int assay);

/** Pad status name ("ok", "bad", "empty", "missing"). Static storage. */
MZG_API const char *mzg_pad_status_name(mzg_pad_status s);

/**
 * SHA-256 of a file, as 64 lowercase hex digits plus NUL in @p hex.
 * @param size OUT (may be NULL): the file size in bytes.
 * @return 0, or MZG_EIO with the file named in mzg_errmsg().
 */
MZG_API MZG_WARN_UNUSED int mzg_sha256_file(char hex[65], uint64_t *size,
                                            const char *path);

#ifdef __cplusplus
}
#endif
#endif
