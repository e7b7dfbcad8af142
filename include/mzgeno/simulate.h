/*
 * mzgeno/simulate.h -- synthetic SpectroCHIP runs with known truth.
 *
 * Real iPLEX spectra are not public, so tests, the demo and the benchmarks
 * run on simulated chips. A simulation has two stages:
 *
 *   1. mzg_sim_new() lays out the chip (samples, NTCs, duplicates, a
 *      positive control, one block of pads per multiplex), draws the run's
 *      allele frequencies, assay efficiencies and allele biases, every
 *      sample's genotypes (Hardy-Weinberg), and every pad's physical
 *      parameters (resolution, calibration error, signal, extension rate,
 *      adduct fractions, baseline) and failures. The result is the truth.
 *   2. mzg_sim_spectrum() renders one pad's spectrum from those parameters
 *      (profile on a time-uniform axis, or a peak list), with its own random
 *      stream, so pads can be generated in any order and the same seed
 *      always gives the same values.
 *
 * mzg_sim_write() writes a chip run directory: chip.mzML (or one file per
 * pad), plate.tsv and truth.tsv. The model and every parameter are
 * described in docs/simulate.md.
 */
#ifndef MZGENO_SIMULATE_H
#define MZGENO_SIMULATE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "design.h"
#include "plate.h"
#include "spectrum.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a pad x assay should give (truth.tsv `status`). */
typedef enum mzg_sim_status {
	MZG_SIM_OK = 0,               /* a call is expected: the genotype */
	MZG_SIM_FAILED_PAD = 1,       /* the whole pad failed: no call */
	MZG_SIM_DROPOUT = 2,          /* this assay gave no extension: no call */
	MZG_SIM_NTC = 3,              /* clean no-template control */
	MZG_SIM_NTC_CONTAMINATED = 4, /* NTC with allele signal (contamination) */
} mzg_sim_status;

/** Pad failure modes (mzg_sim_pad.failed). */
enum mzg_sim_failure {
	MZG_SIM_PAD_OK = 0,
	MZG_SIM_PAD_EMPTY = 1,        /* matrix only: no analyte peaks */
	MZG_SIM_PAD_WEAK = 2,         /* analyte signal near the noise */
};

/**
 * Model parameters. Initialise with mzg_sim_opts_init(); the defaults and
 * the sources behind them are in docs/simulate.md. Setting a rate or an
 * amplitude to 0 turns that effect off.
 */
typedef struct mzg_sim_opts {
	/* chip layout */
	int wells;               /* 96 or 384 (96) */
	uint64_t seed;           /* random seed (1) */
	double ntc_per_96;       /* NTC pads per 96 pads of a multiplex block (3) */
	double dup_per_96;       /* duplicated samples per 96 pads (3) */
	int positives;           /* positive-control pads per block (1) */
	/* acquisition */
	size_t points;           /* samples of a profile spectrum (20000) */
	double mz_min, mz_max;   /* acquisition window, m/z (3500, 9500) */
	int centroid;            /* 1: peak lists instead of profiles (0) */
	double res_min, res_max; /* per-pad resolution m/FWHM, uniform (400, 900) */
	double tail;             /* high-mass half-width / low-mass half-width (1.3) */
	double cal_shift_ppm;    /* per-pad calibration shift, uniform +- (400) */
	double cal_tilt_ppm;     /* error difference high end - low end, +- (150) */
	double cal_curv_ppm;     /* ends above the line through them and the middle, +- (60) */
	/* chemistry and signal */
	double signal;           /* amplitude of a whole assay (UEP + products) at
	                            5 kDa on a median pad, counts (3000) */
	double pad_sd;           /* log-sd of the per-pad signal factor (0.35) */
	double mass_exponent;    /* detector/desorption response (m/5000)^-k (1.0) */
	double ext_min, ext_max; /* per-pad extension rate, uniform (0.55, 0.95) */
	double ext_sd;           /* sd of the per pad x assay extension jitter (0.05) */
	double eff_sd;           /* log-sd of per-assay efficiency, per run (0.35) */
	double eff_pad_sd;       /* log-sd of per pad x assay efficiency jitter (0.15) */
	double bias_sd;          /* log-sd of per-assay allele bias, per run (0.3) */
	double bias_pad_sd;      /* log-sd of per pad x assay ratio jitter (0.08) */
	double maf_min, maf_max; /* per-assay minor allele frequency, uniform (0.1, 0.5) */
	/* artefacts */
	double na_max, k_max;    /* per-pad Na+/K+ adduct height / parent, 0..max (0.25, 0.12) */
	double doubly_max;       /* per-pad 2+ ion height / parent, 0..max (0.05) */
	double pause_max;        /* per-pad pausing peak / extension products, 0..max (0.05);
	                            only for assays with a 1stPAUSE mass */
	double stray_mean;       /* mean number of stray peaks per pad, Poisson (3) */
	double stray_min, stray_max; /* stray peak height / signal, uniform (0.03, 0.3) */
	double baseline;         /* matrix baseline at mz_min, counts (2000) */
	double baseline_decay;   /* its e-folding mass, Da (900) */
	double baseline_offset;  /* constant baseline, counts (120) */
	double noise;            /* white detector noise sd, counts (6) */
	double chem_noise;       /* correlated chemical noise sd / baseline (0.02) */
	double noise_corr;       /* chemical noise correlation length, in FWHM (0.3) */
	double shot_gain;        /* shot noise variance per count (1.0) */
	/* failures */
	double failed_rate;      /* probability that a sample pad fails (0.02) */
	double dropout_rate;     /* probability that an assay drops out of a pad (0.005) */
	double contam_rate;      /* probability that an NTC is contaminated (0.34) */
	double contam_min, contam_max; /* contaminating template / normal, uniform (0.1, 0.3) */
	double contam_snr;       /* an NTC assay counts as contaminated in the truth
	                            when its largest allele peak reaches this model
	                            SNR (10) */
} mzg_sim_opts;

/** Fill @p o with the defaults. */
MZG_API void mzg_sim_opts_init(mzg_sim_opts *o);

/**
 * Set one option from text, by its field name above ("noise", "failed_rate",
 * "wells", "seed", ...). Values are checked by mzg_sim_new(), not here.
 * @return 0; MZG_ENOTFOUND (unknown key) or MZG_EINVAL (not a number);
 *         mzg_errmsg() says which.
 */
MZG_API int mzg_sim_opts_set(mzg_sim_opts *o, const char *key,
                             const char *value);

/**
 * Turn off everything that is not the ideal signal: noise, baseline,
 * calibration error, adducts, 2+ ions, pausing and stray peaks, failures,
 * dropouts, contamination, per-pad and per-assay variation and allele bias.
 * Layout, genotypes and the other fields are kept. For tests.
 */
MZG_API void mzg_sim_opts_ideal(mzg_sim_opts *o);

/** Truth for one pad x assay. */
typedef struct mzg_sim_truth {
	mzg_sim_status status;
	char genotype[3];     /* expected call: "AG" (EXT order) or "." */
	int gt[2];            /* alleles of the template in the pad (indices into
	                         the assay's alleles, gt[0] <= gt[1]); for a
	                         contaminated NTC the contaminant's; -1 when none */
	double ext;           /* extension rate (0 for dropouts and clean NTCs) */
	double uep;           /* model height of the UEP peak, counts */
	double allele[MZG_MAX_ALLELES]; /* model heights of the allele products */
} mzg_sim_truth;

/** One pad: who is on it and how it behaves. */
typedef struct mzg_sim_pad {
	char well[4];         /* "A01" */
	char *sample;         /* sample ID */
	mzg_role role;        /* sample, ntc or positive */
	size_t plex;          /* index into design->plex */
	size_t sample_index;  /* into the run's samples; (size_t)-1 for an NTC */
	int failed;           /* enum mzg_sim_failure */
	double resolution;    /* m/FWHM */
	double cal[3];        /* sqrt(m_obs) = cal[0] + cal[1] sqrt(m) + cal[2] m */
	double cal_ppm;       /* calibration error at 6000 Da, ppm */
	double scale;         /* signal factor of the pad */
	double ext;           /* extension rate of the pad */
	double na, k;         /* adduct heights / parent */
	double doubly;        /* 2+ height / parent */
	double pause;         /* pausing peak / extension products */
	double base_amp;      /* baseline at mz_min above the offset */
	double contam;        /* contaminant fraction (contaminated NTC), else 0 */
	size_t n_truth;       /* = assays of the multiplex */
	mzg_sim_truth *truth; /* one per assay, in the multiplex's order */
} mzg_sim_pad;

/** Per-assay parameters drawn for the run. */
typedef struct mzg_sim_assay {
	size_t plex, index;   /* where the assay is in the design */
	size_t first;         /* index in mzg_sim.assays of the first assay with
	                         this ID (itself if unique): an SNP typed in two
	                         multiplexes shares genotypes and frequencies */
	double freq[MZG_MAX_ALLELES]; /* allele frequencies (sum 1) */
	double eff;           /* efficiency factor */
	double bias[MZG_MAX_ALLELES]; /* relative yield per allele, bias[0] = 1 */
} mzg_sim_assay;

/** A simulated chip run. Read-only for callers; free with mzg_sim_free(). */
typedef struct mzg_sim {
	const mzg_design *design; /* borrowed: must outlive the simulation */
	mzg_sim_opts opts;
	size_t n_pads;
	mzg_sim_pad *pads;    /* in acquisition order: A01, A02, ..., row by row */
	size_t n_assays;      /* all assays of all multiplexes */
	mzg_sim_assay *assays;
	size_t *plex_first;   /* index in assays[] of each multiplex's first assay */
	size_t n_samples;     /* distinct templates (samples and positives) */
	char **sample_ids;
	unsigned char *gt;    /* genotypes: gt[(sample * n_assays + assay) * 2 + 0/1] */
} mzg_sim;

/**
 * Lay out a chip and draw its truth.
 * @param out OUT: the simulation; free with mzg_sim_free().
 * @param d   the design (borrowed; must outlive *out); at least one
 *            multiplex with at least one assay.
 * @param o   options; NULL for the defaults.
 * @return 0; MZG_EINVAL when an option is out of range or the design does
 *         not fit the chip (mzg_errmsg() says which); MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_sim_new(mzg_sim **out, const mzg_design *d,
                                        const mzg_sim_opts *o);

/** Free a simulation. NULL is a no-op. */
MZG_API void mzg_sim_free(mzg_sim *s);

/**
 * Render pad @p pad into @p out (reusing its buffers): id "scan=N"
 * (N = pad + 1), spotID and well "A01", MS level 1, profile or centroid.
 * Deterministic: the same simulation and pad always give the same values.
 * @return 0; MZG_EINVAL for a pad out of range; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_sim_spectrum(mzg_spectrum *out,
                                             const mzg_sim *s, size_t pad);

/** Where a species of true m/z @p mz appears on pad @p pad's m/z axis. */
MZG_API double mzg_sim_observed_mz(const mzg_sim *s, size_t pad, double mz);

/** Model noise sd (counts) of pad @p pad at m/z @p mz, without analyte. */
MZG_API double mzg_sim_noise_sd(const mzg_sim *s, size_t pad, double mz);

/** Status name as in truth.tsv ("ok", "failed_pad", ...). Static storage. */
MZG_API const char *mzg_sim_status_name(mzg_sim_status st);

/** How mzg_sim_write() encodes the binary arrays. */
typedef enum mzg_sim_encoding {
	MZG_SIM_ENC_ZLIB = 0,     /* m/z 64-bit, intensity 32-bit float, zlib */
	MZG_SIM_ENC_NONE = 1,     /* the same, uncompressed */
	MZG_SIM_ENC_NUMPRESS = 2, /* m/z MS-Numpress linear, intensity slof */
} mzg_sim_encoding;

/** Parse "zlib", "none" or "numpress". 0 or MZG_ENOTFOUND. */
MZG_API int mzg_sim_encoding_parse(mzg_sim_encoding *out, const char *name);

/** Output options. Zero-initialise, or use mzg_sim_write_opts_init(). */
typedef struct mzg_sim_write_opts {
	mzg_sim_encoding encoding;
	int per_well_files;   /* 1: DIR/spectra/A01.mzML, ... instead of chip.mzML */
	int force;            /* 1: overwrite existing files */
	/* progress callback, called after each pad; may be NULL */
	void (*progress)(void *payload, size_t done, size_t total);
	void *payload;
} mzg_sim_write_opts;

MZG_API void mzg_sim_write_opts_init(mzg_sim_write_opts *w);

/**
 * Write the run into directory @p dir (created if needed): chip.mzML (an
 * indexedmzML with offsets and a SHA-1 fileChecksum; one spectrum per pad
 * with spotID = well) or spectra/WELL.mzML, plate.tsv, truth.tsv, pads.tsv
 * (each pad's drawn parameters) and design.tsv (the design in the Agena
 * format). Each file is written atomically. Nothing is written when a
 * target exists and !force.
 * @return 0; MZG_EEXIST; MZG_EIO; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_sim_write(const mzg_sim *s, const char *dir,
                                          const mzg_sim_write_opts *w);

#ifdef __cplusplus
}
#endif
#endif
