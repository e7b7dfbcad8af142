/*
 * mzgeno/call.h -- genotype calls: features, the per-assay mixture model,
 * quality letters, and the call record of one pad x assay.
 *
 * For every pad and every assay of the pad's multiplex the pipeline
 * (run.h) fills one mzg_call with the measured features (SPEC 4):
 *
 *   A, B       heights of the two clustered allele products (allele1,
 *              allele2; EXT1 and EXT2 unless the assay has more alleles,
 *              see below). The main ion only: Na/K adduct heights are NOT
 *              added (an adduct can sit on another species of the plex,
 *              and adding it does not change the ratio B/A that calls).
 *   UEP        height of the unextended primer.
 *   extension  (A + B) / (A + B + UEP)
 *   theta      (2/pi) * atan2(B, A): 0 = only allele1, 1 = only allele2.
 *
 * Then, per assay across the chip, a mixture model on theta (hom1 / het /
 * hom2 with a per-assay heterozygote position, plus a uniform null
 * component for outliers) gives each callable pad a posterior probability
 * per genotype; the best genotype and its posterior become the call and
 * its quality letter. docs/calling.md describes the model, every
 * threshold and every flag, with a worked example.
 *
 * Quality letters (mzg_quality):
 *   A  conservative: posterior >= p_a (0.99), max allele SNR >= snr_a (10),
 *      called by the chip-wide model (not a per-pad rule), no warning flag
 *      (collision, extra allele, saturation, rare cluster, hwe_deficit).
 *   B  moderate: posterior >= p_b (0.95).
 *   C  aggressive: posterior >= p_c (0.90).
 *   D  low probability: NOT a call (genotype = MZG_GT_NOCALL); the best
 *      guess is kept in best_guess and printed in the flags column.
 *   N  no alleles: max allele SNR < snr_min (5), or extension < ext_min;
 *      also every call of an NTC or empty pad (never called; measured).
 *   I  bad spectrum: the whole pad failed (unreadable, unprocessable, not
 *      calibrated, or weak: see pad_snr_min); pad->reason says why.
 *   E  user call: set by a reviewer override (mzgeno review), never by
 *      the caller.
 * A, B and C are calls; D, N and I are not.
 *
 * Multi-allelic assays (EXT3/EXT4 present): per assay, the two alleles
 * with the largest chip-wide summed height are clustered (allele1 <
 * allele2 in design order; EXT1/EXT2 on ties). A pad whose strongest
 * other allele reaches SNR >= snr_min and >= extra_frac (0.2) of A + B is
 * flagged MZG_CF_EXTRA_ALLELE and never gets quality A; at >= 0.5 of
 * A + B it is not called (D).
 */
#ifndef MZGENO_CALL_H
#define MZGENO_CALL_H

#include <stddef.h>
#include "common.h"
#include "design.h"
#include "measure.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Genotype codes of mzg_call.genotype / best_guess (relative to the
 *  call's allele1 / allele2). */
#define MZG_GT_NOCALL (-1) /* no call */
#define MZG_GT_HOM1 0      /* homozygous allele1, e.g. "AA" */
#define MZG_GT_HET 1       /* heterozygous, e.g. "AG" (allele1 first) */
#define MZG_GT_HOM2 2      /* homozygous allele2, e.g. "GG" */

/** Quality letter of a call; the enum value is the letter itself. */
typedef enum mzg_quality {
	MZG_Q_A = 'A', /* conservative call */
	MZG_Q_B = 'B', /* moderate call */
	MZG_Q_C = 'C', /* aggressive call */
	MZG_Q_D = 'D', /* low probability: no call, best guess in flags */
	MZG_Q_E = 'E', /* user call (reviewer override) */
	MZG_Q_N = 'N', /* no alleles / not called (NTC, empty pad) */
	MZG_Q_I = 'I', /* bad spectrum: the pad failed */
} mzg_quality;

/**
 * Flags of one call (bitwise OR). The text in quotes is the flag's name in
 * the calls.tsv `flags` column (mzg_call_flag_name, mzg_call_flags_format).
 */
enum mzg_call_flag {
	MZG_CF_LOW_SIGNAL = 1u << 0,   /* "low_signal": max allele SNR < snr_min (N) */
	MZG_CF_LOW_EXTENSION = 1u << 1,/* "low_extension": extension < ext_min (N) */
	MZG_CF_LOW_PROB = 1u << 2,     /* "low_probability": posterior < p_c (D) */
	MZG_CF_OUTLIER = 1u << 3,      /* "outlier": the null component is the most
	                                  likely source of this pad's theta, or
	                                  theta lies more than outlier_z spreads
	                                  from its most probable cluster (D) */
	MZG_CF_RARE_CLUSTER = 1u << 4, /* "rare_cluster": called into a cluster with
	                                  fewer than recall_min pads, held at its
	                                  prior position (never A) */
	MZG_CF_PER_PAD = 1u << 5,      /* "per_pad_rule": too few pads to cluster;
	                                  called by the ratio rules (at best B) */
	MZG_CF_EXTRA_ALLELE = 1u << 6, /* "extra_allele": EXT3/EXT4 signal (see top) */
	MZG_CF_COLLISION = 1u << 7,    /* "collision": an allele or UEP measurement
	                                  overlaps another expected species */
	MZG_CF_SATURATED = 1u << 8,    /* "saturated": flat-topped allele peak */
	MZG_CF_NO_UEP = 1u << 9,       /* "no_uep": the UEP was not found (its
	                                  extension may be complete; informative) */
	MZG_CF_MASS_ERROR = 1u << 10,  /* "mass_error": |mass_error_ppm| > max_ppm */
	MZG_CF_NOT_CALLED = 1u << 11,  /* "not_called": an NTC or empty pad, never
	                                  called (N; the role column says which) */
	MZG_CF_PAD_FAILED = 1u << 12,  /* "pad_failed": quality I */
	MZG_CF_OVERRIDE = 1u << 13,    /* "override": reviewer call (E) */
	MZG_CF_SIGNAL = 1u << 14,      /* "signal": an NTC/empty pad shows allele
	                                  signal with SNR >= snr_min */
	MZG_CF_HET_IMBALANCE = 1u << 15, /* "het_imbalance": reserved for QC */
	MZG_CF_HWE_DEFICIT = 1u << 16, /* "hwe_deficit": the assay's calls have
	                                  far fewer heterozygotes than Hardy-
	                                  Weinberg expects (exact p < hwe_cap_p):
	                                  hets may hide in a homozygote cluster
	                                  (extreme allele bias); never A */
};
#define MZG_CF_COUNT 17 /* number of defined flag bits */

/**
 * The call of one pad x assay. Everything is plain data except @c note,
 * which the record owns (free with mzg_call_clear(); mzg_run_free() does it
 * for a run). Heights are above baseline in the spectrum's intensity
 * units; SNR = height / local noise; all 0 when not measured (bad pad).
 */
typedef struct mzg_call {
	int allele1, allele2;   /* design allele indices clustered (0 and 1
	                           unless multi-allelic); -1 when unknown */
	double height1, height2;/* A, B: allele product heights */
	double snr1, snr2;      /* their SNRs (see noise_cap) */
	double height_uep, snr_uep; /* UEP height and SNR */
	double height_extra, snr_extra; /* strongest other allele (EXT3/EXT4),
	                           0 for a bi-allelic assay */
	double extension;       /* (A+B)/(A+B+UEP); 0 when all three are 0 */
	double theta;           /* (2/pi)atan2(B, A); NaN when A = B = 0 */
	double mass_error_ppm;  /* mass error of the stronger found allele peak
	                           (else of the UEP; 0 when nothing found) */
	int genotype;           /* MZG_GT_*: the call; MZG_GT_NOCALL unless
	                           quality is A, B, C or E */
	int best_guess;         /* MZG_GT_*: most probable genotype whatever
	                           the quality; NOCALL for N and I */
	mzg_quality quality;    /* letter, see the top of this file */
	double probability;     /* posterior of best_guess (0..1); 0 for N, I */
	unsigned flags;         /* MZG_CF_* */
	char *note;             /* owned free text ("pad failed: ...",
	                           reviewer reason); NULL when none */
} mzg_call;

/** Calling options; every threshold (docs/calling.md). Initialise with
 *  mzg_call_opts_init(); set by name with mzg_call_opts_set(). */
typedef struct mzg_call_opts {
	double snr_min;      /* max allele SNR below this: N (5; CRLMM SNRMin) */
	double ext_min;      /* extension below this: N (0.05) */
	double pad_snr_min;  /* a pad whose median over its assays of
	                        snr_uep + snr1 + snr2 is below this is a weak
	                        spectrum: the whole pad is I (10) */
	double snr_a;        /* quality A needs max allele SNR >= this (10) */
	double p_a, p_b, p_c;/* posterior thresholds of A, B, C (0.99/0.95/0.90) */
	double max_ppm;      /* |mass error| above this flags mass_error (1000) */
	double noise_cap;    /* the noise behind a call's SNRs is at most
	                        noise_cap x the pad's median noise (3): a
	                        windowed noise estimate over a window crowded
	                        with peaks overestimates it; 0: no cap */
	double centroid_noise; /* a peak list carries no noise level: its
	                        noise is taken as this fraction of the median
	                        peak intensity (0.2), so a peak of median
	                        intensity has SNR 5 */
	double extra_frac;   /* EXT3/4 height / (A+B) that flags extra_allele (0.2) */
	double extra_nocall; /* ... that prevents a call (0.5) */
	/* mixture model */
	size_t min_cluster;  /* fewer callable pads for an assay: per-pad
	                        rules instead of the mixture (12) */
	size_t recall_min;   /* a cluster with fewer pads keeps its prior
	                        position and spread (10; CRLMM recallMin) */
	double hom_mean;     /* prior theta of hom1; hom2 at 1 - hom_mean (0.02) */
	double hom_max;      /* a hom cluster's mean stays within hom_max of
	                        its end (0.30) */
	double het_mean;     /* prior heterozygote theta (0.5) */
	double het_sd_prior; /* spread of the het position prior (0.15) */
	double het_lo, het_hi; /* het mean kept within (0.15, 0.85) */
	double sd_prior;     /* prior cluster spread in theta (0.05) */
	double sd_min;       /* floor of a cluster's spread (0.01) */
	double hom_sd_max;   /* ceiling of a homozygote cluster's spread
	                        (0.05): a wider one is an unresolved overlap,
	                        not homozygotes, and would swallow hets */
	double prior_pads;   /* weight of the prior as pseudo-pads (3;
	                        SNPMClust-style pseudo-data) */
	double null_weight;  /* fixed weight of the null (uniform) component
	                        (0.01; Illuminus' outlier class) */
	double df;           /* clusters are Student-t with df degrees of
	                        freedom (6, as CRLMM); 0: normal */
	double outlier_z;    /* a pad whose theta lies more than this many
	                        spreads sqrt(s^2 + tau^2) from its most
	                        probable cluster is an outlier, not called
	                        (4.5; 0: off) */
	int em_iter;         /* EM iterations per start (200) */
	/* per-pad rules (too few pads; algorithms.md 6 items 10-11) */
	double hom_ratio;    /* minor/major < this: homozygous (0.10) */
	double het_ratio;    /* minor/major >= this: heterozygous (0.25) */
	double hwe_cap_p;    /* an assay whose calls lack heterozygotes with
	                        HWE exact p below this gets no A calls
	                        (1e-3, as QC's HWE warning; 0: off) */
} mzg_call_opts;

/** Fill @p o with the defaults above. */
MZG_API void mzg_call_opts_init(mzg_call_opts *o);

/**
 * Set one option from text; keys are the field names above ("p_a",
 * "snr_min", ...). @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL
 * (bad or out-of-range value); mzg_errmsg() says which.
 */
MZG_API int mzg_call_opts_set(mzg_call_opts *o, const char *key,
                              const char *value);

/**
 * Check the options for consistency (thresholds ordered, probabilities in
 * (0,1], ...). @return 0 or MZG_EINVAL with a message.
 */
MZG_API int mzg_call_opts_check(const mzg_call_opts *o);

/**
 * Write each option as "key" / "value" text into @p keys / @p values
 * (static key names; values into the caller's buffers of @p vsize bytes
 * each) for provenance (qc.json). @p max entries at most.
 * @return the number of options (may exceed @p max: then only @p max
 *         were written).
 */
MZG_API size_t mzg_call_opts_dump(const char **keys, char (*values)[32],
                                  size_t max, const mzg_call_opts *o);

/** Make @p c an empty record (no call, quality N, theta NaN, no note). */
MZG_API void mzg_call_init(mzg_call *c);

/** Free the note of @p c and re-initialise it. */
MZG_API void mzg_call_clear(mzg_call *c);

/**
 * Replace the note of @p c with a copy of @p text (NULL clears it).
 * @return 0 or MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_call_set_note(mzg_call *c, const char *text);

/**
 * Fill the features of @p c (heights, SNRs, extension, theta, mass error,
 * collision/saturation/no_uep flags) from the measurements of one pad.
 * SNR = height / min(local noise, noise_cap x @p pad_noise).
 * @param m  measurements, one per target of @p t (from mzg_measure_targets)
 * @param t  the plex's targets (from mzg_plex_targets)
 * @param assay  index of the assay in the plex; @p a its description
 * @param allele1, allele2  the design alleles to cluster (0, 1 normally)
 * @param pad_noise  the pad's median noise (mzg_processed.noise_median);
 *        0 when unknown (no cap)
 * Genotype, quality and probability are left for the clustering step
 * (reset to no call / N).
 * @return 0, or MZG_EINVAL (bad indices).
 */
MZG_API int mzg_call_features(mzg_call *c, const mzg_measure *m,
                              const mzg_target *t, size_t n, int assay,
                              const mzg_assay *a, int allele1, int allele2,
                              double pad_noise, const mzg_call_opts *o);

/** How an assay was called. */
typedef enum mzg_fit_mode {
	MZG_FIT_NONE = 0,    /* no callable pad (all N, I or controls) */
	MZG_FIT_CLUSTER = 1, /* chip-wide mixture model */
	MZG_FIT_PER_PAD = 2, /* too few pads: per-pad ratio rules */
} mzg_fit_mode;

/** The fitted model of one assay (for QC and the cluster plots). */
typedef struct mzg_assay_fit {
	int plex, assay;       /* indices into the design */
	int allele1, allele2;  /* alleles clustered (design indices) */
	mzg_fit_mode mode;
	size_t n_pads;         /* pads of this assay's multiplex considered */
	size_t n_callable;     /* of those, with allele signal (not N/I/control) */
	double mean[3];        /* cluster theta means: hom1, het, hom2 */
	double sd[3];          /* cluster spreads (theta) */
	double weight[3];      /* mixing weights (null weight apart) */
	double null_weight;    /* weight of the null component */
	size_t n_members[3];   /* callable pads whose best guess is this cluster */
	unsigned held;         /* bit k: cluster k had < recall_min pads and
	                          kept its prior position/spread */
	int n_clusters;        /* clusters holding at least one pad */
	double loglik;         /* log likelihood of the chosen fit */
	int start;             /* which start won (0..), for diagnostics */
} mzg_assay_fit;

/**
 * Call one assay across a chip: cluster the features of @p calls[0..n)
 * (one per pad of the assay's multiplex, features filled by
 * mzg_call_features) and set genotype, best_guess, quality, probability
 * and flags. Calls already marked MZG_CF_NOT_CALLED (NTC, empty) or
 * MZG_CF_PAD_FAILED (quality I), or with quality E, are left as they are
 * and not used to fit. @p fit receives the model (plex/assay/allele
 * fields are the caller's to set).
 * @return 0, MZG_EINVAL, MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_call_assay(mzg_assay_fit *fit,
                                           mzg_call *const *calls, size_t n,
                                           const mzg_call_opts *o);

/**
 * Genotype text in the design's orientation: "AA", "AG", "GG" (het in
 * allele1, allele2 order, i.e. EXT1, EXT2), "." for MZG_GT_NOCALL or bad
 * indices. @p out receives at most 3 bytes; @return out.
 */
MZG_API const char *mzg_genotype_text(char out[3], const mzg_assay *a,
                                      int allele1, int allele2, int gt);

/**
 * Parse genotype text ("AG", "GA", "A/G", "AA", "." or "") against an
 * assay's clustered alleles. @return MZG_GT_* (NOCALL for "." / "")
 * or MZG_EINVAL when the text names an allele not in the assay (a
 * negative value below MZG_GT_NOCALL).
 */
MZG_API int mzg_genotype_parse(const char *text, const mzg_assay *a,
                               int allele1, int allele2);

/** Name of one flag bit ("low_signal", ...), or NULL for an unknown
 *  bit. Static storage. */
MZG_API const char *mzg_call_flag_name(unsigned flag);

/** Long description of a quality letter ("A.Conservative", ...,
 *  Typer's wording). Static storage; "?" for an unknown letter. */
MZG_API const char *mzg_quality_name(mzg_quality q);

/**
 * The calls.tsv `flags` text of a call: flag names joined by ','; for D
 * calls also "best_guess=AG"; for calls with a note "note=..." (the note's
 * tabs and newlines replaced by spaces); "." when empty. Written like
 * snprintf: at most @p size bytes including the NUL.
 * @return the length the full text needs (excluding the NUL).
 */
MZG_API size_t mzg_call_flags_format(char *buf, size_t size,
                                     const mzg_call *c, const mzg_assay *a);

#ifdef __cplusplus
}
#endif
#endif
