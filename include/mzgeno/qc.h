/*
 * mzgeno/qc.h -- chip QC: call rates, Hardy-Weinberg, duplicates,
 * controls and the chip verdict (SPEC 5; rules in docs/qc.md).
 *
 * mzg_qc_evaluate() reads a called run and computes
 *   - per assay: call rate over the sample and positive-control pads of
 *     its multiplex, counts by quality letter, genotype counts and allele
 *     frequencies over distinct samples, the exact HWE p-value;
 *   - per pad: call rate, pad status and calibration figures, verdict;
 *   - per duplicate set: assays compared, concordant, discordant;
 *   - per NTC: clean or contaminated (assays with allele SNR >= ntc_snr);
 *   - per positive control: calls against the expected genotypes;
 *   - the chip verdict (pass / warn / fail) with every reason.
 * Every threshold is in mzg_qc_opts.
 */
#ifndef MZGENO_QC_H
#define MZGENO_QC_H

#include <stddef.h>
#include "common.h"
#include "plate.h"
#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Exact test of Hardy-Weinberg equilibrium (Wigginton, Cutler & Abecasis,
 * AJHG 2005;76:887) from genotype counts (either homozygote may be the
 * rare one). Probabilities equal to the observed one within a relative
 * 1e-7 count as "no more likely".
 * @return the p-value in [0, 1]; 1 for a monomorphic SNP; NaN when all
 *         counts are 0.
 */
MZG_API double mzg_hwe_exact(size_t n_aa, size_t n_ab, size_t n_bb);

/** A verdict, ordered by severity. */
typedef enum mzg_verdict {
	MZG_VERDICT_PASS = 0,
	MZG_VERDICT_WARN = 1,
	MZG_VERDICT_FAIL = 2,
} mzg_verdict;

/** "pass", "warn", "fail". Static storage. */
MZG_API const char *mzg_verdict_name(mzg_verdict v);

/** QC thresholds (docs/qc.md). Initialise with mzg_qc_opts_init(). */
typedef struct mzg_qc_opts {
	double assay_warn;     /* assay call rate below this warns (0.95) */
	double assay_fail;     /* assay call rate below this fails (0.80) */
	double hwe_warn;       /* HWE exact p below this warns (0.001) */
	double sample_warn;    /* a sample pad's call rate below this warns (0.90) */
	double ntc_snr;        /* NTC allele SNR at or above this is
	                          contamination and fails the chip (5) */
	size_t dup_warn;       /* a duplicate set with at least this many
	                          discordant assays warns (1) */
	size_t positive_fail;  /* a positive control with at least this many
	                          discordant assays fails the chip (1) */
} mzg_qc_opts;

/** Fill @p o with the defaults above. */
MZG_API void mzg_qc_opts_init(mzg_qc_opts *o);

/**
 * Set one option from text, as routed from "--param qc.KEY=VALUE"; KEY is
 * a field name above (with or without the "qc." prefix).
 * @return 0, MZG_ENOTFOUND (unknown key) or MZG_EINVAL (bad value or out
 *         of range), with the message in mzg_errmsg().
 */
MZG_API int mzg_qc_opts_set(mzg_qc_opts *o, const char *key,
                            const char *value);

/** Check consistency (assay_fail <= assay_warn, rates in [0,1], ...).
 * @return 0 or MZG_EINVAL with a message. */
MZG_API int mzg_qc_opts_check(const mzg_qc_opts *o);

/**
 * Each option as "qc.NAME" / value text, for provenance (qc.json).
 * Keys are static; values go to the caller's @p values buffers.
 * @return the number of options (only the first @p max are written).
 */
MZG_API size_t mzg_qc_opts_dump(const char **keys, char (*values)[32],
                                size_t max, const mzg_qc_opts *o);

/** Quality letters in the order of mzg_qc_assay.n_quality. */
#define MZG_QC_QUALITIES "ABCDENI"
#define MZG_QC_NQ 7

/** One reason behind the verdict. */
typedef struct mzg_qc_reason {
	mzg_verdict level;     /* WARN or FAIL */
	const char *rule;      /* static rule name: "assay_call_rate", "hwe",
	                          "sample_call_rate", "duplicate_discordance",
	                          "ntc_contamination", "ntc_unchecked",
	                          "positive_discordance", "positive_unchecked",
	                          "no_samples" */
	char *subject;         /* assay ID, well or sample ID */
	double value;          /* the figure that broke the rule (NaN: none) */
	double threshold;      /* the threshold it was compared with */
	char *message;         /* one line for people */
} mzg_qc_reason;

/** QC of one assay. */
typedef struct mzg_qc_assay {
	int plex, assay;       /* indices into the design */
	const char *id;        /* assay ID (borrowed from the design) */
	int allele1, allele2;  /* clustered alleles (design indices); -1 when
	                          no pad of its multiplex is on the chip */
	size_t n_pads;         /* sample + positive pads of its multiplex:
	                          the call-rate denominator */
	size_t n_called;       /* of those, calls (quality A, B, C or E) */
	double call_rate;      /* n_called / n_pads; NaN when n_pads = 0 */
	size_t n_quality[MZG_QC_NQ]; /* those pads by letter (MZG_QC_QUALITIES) */
	size_t n_samples;      /* distinct sample IDs (role sample) called */
	size_t n_gt[3];        /* their genotypes: hom1, het, hom2 */
	double freq1, freq2;   /* allele frequencies; NaN when n_samples = 0 */
	double hwe_p;          /* exact HWE p; NaN when n_samples = 0 */
	mzg_verdict verdict;
} mzg_qc_assay;

/** QC of one pad. */
typedef struct mzg_qc_well {
	size_t pad;            /* index into run->pads */
	size_t n_assays;       /* assays of its multiplex */
	size_t n_called;       /* calls among them */
	double call_rate;      /* sample/positive pads; NaN for NTC, empty,
	                          or a pad without a multiplex */
	mzg_verdict verdict;
} mzg_qc_well;

/** A duplicate set compared assay by assay. */
typedef struct mzg_qc_dup {
	const char *sample;    /* sample ID (borrowed from the plate) */
	size_t n_pads;
	size_t *pads;          /* indices into run->pads, plate order */
	size_t n_compared;     /* assays called in at least two of the pads */
	size_t n_concordant;   /* ... all with the same genotype */
	size_t n_discordant;
	size_t *discordant;    /* n_discordant indices into qc->assays */
	mzg_verdict verdict;
} mzg_qc_dup;

/** One assay of a control: NTC signal, or positive expected vs called. */
typedef struct mzg_qc_check {
	size_t assay;          /* index into qc->assays */
	double snr;            /* NTC: highest allele SNR (as reported) */
	int allele;            /* NTC: design allele index of that SNR; -1
	                          for a third/fourth allele */
	char expected[3];      /* positive: expected genotype (design order) */
	char called[3];        /* positive: the call, "." when none */
	int status;            /* MZG_QC_CLEAN / SIGNAL / CONCORDANT /
	                          DISCORDANT / NOT_CALLED */
} mzg_qc_check;

enum mzg_qc_check_status {
	MZG_QC_CLEAN = 0,      /* NTC assay below ntc_snr */
	MZG_QC_SIGNAL = 1,     /* NTC assay at or above ntc_snr */
	MZG_QC_CONCORDANT = 2,
	MZG_QC_DISCORDANT = 3,
	MZG_QC_NOT_CALLED = 4,
};

/** An NTC or positive control. */
typedef struct mzg_qc_control {
	size_t pad;            /* index into run->pads */
	mzg_role role;         /* MZG_ROLE_NTC or MZG_ROLE_POSITIVE */
	int checked;           /* 0: pad bad or missing, nothing to check */
	int contaminated;      /* NTC: an assay at or above ntc_snr */
	double max_snr;        /* NTC: highest allele SNR over all assays */
	size_t n_signal;       /* NTC: assays at or above ntc_snr */
	size_t n_expected;     /* positive: assays with an expectation */
	size_t n_compared, n_concordant, n_discordant, n_not_called;
	double concordance;    /* positive: concordant / compared; NaN if 0 */
	size_t n_checks;
	mzg_qc_check *checks;  /* NTC: every assay of the pad; positive:
	                          every expected assay; design order */
	mzg_verdict verdict;
} mzg_qc_control;

/** The QC of a run. Read-only; free with mzg_qc_free(). */
typedef struct mzg_qc {
	mzg_verdict verdict;
	size_t n_reasons;
	mzg_qc_reason *reasons; /* fail reasons first, then warnings; each in
	                          the order assays, pads, duplicates, controls */
	size_t n_assays;
	mzg_qc_assay *assays;  /* every assay of the design, design order */
	size_t n_wells;
	mzg_qc_well *wells;    /* one per pad, run order */
	size_t n_dups;
	mzg_qc_dup *dups;      /* the plate's duplicate sets, plate order */
	size_t n_controls;
	mzg_qc_control *controls; /* NTC and positive pads, run order */
	size_t n_quality[MZG_QC_NQ]; /* all sample/positive calls by letter */
	size_t n_sample_pads;  /* pads with role sample or positive */
	size_t n_bad_pads;     /* pads with status bad or missing */
	mzg_qc_opts opts;      /* the thresholds used */
} mzg_qc;

/**
 * Evaluate the QC of a called run.
 * @param out OUT: the QC; free with mzg_qc_free(). It borrows strings
 *            from the run's design and plate: keep the run alive.
 * @param o   thresholds (NULL: defaults).
 * @return 0, MZG_EINVAL (bad options or a run without a design),
 *         MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_qc_evaluate(mzg_qc **out, const mzg_run *run,
                                            const mzg_qc_opts *o);

/** Free a QC result. NULL is a no-op. */
MZG_API void mzg_qc_free(mzg_qc *q);

/** Index of quality letter @p q in MZG_QC_QUALITIES, or -1. */
MZG_API int mzg_qc_quality_index(int q);

#ifdef __cplusplus
}
#endif
#endif
