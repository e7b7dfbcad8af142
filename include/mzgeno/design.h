/*
 * mzgeno/design.h -- assay designs: multiplexes, assays, expected masses.
 *
 * A design is a list of multiplexes (Agena "WELL" W1, W2, ...), each a list
 * of assays (SNP_ID). An assay has an extension primer (UEP) and two to four
 * extension products (EXT1..EXT4), one per allele. From these the design
 * derives every species a spectrum of that multiplex should show: UEPs,
 * allele products, their Na+/K+ adducts, doubly charged ions and pausing
 * peaks ("targets"). Masses are neutral average masses in Da.
 *
 * The structs are transparent and read-only for callers; everything is
 * owned by the mzg_design and freed by mzg_design_free().
 */
#ifndef MZGENO_DESIGN_H
#define MZGENO_DESIGN_H

#include <stddef.h>
#include <stdio.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MZG_MAX_ALLELES 4

/** Mass constants (Da). */
#define MZG_NA_ADDUCT 21.98
#define MZG_K_ADDUCT 38.09
#define MZG_PROTON 1.008

/** Given and computed masses further apart than this are reported (Da). */
#define MZG_MASS_MISMATCH_DA 0.5

/** Default resolving power m/FWHM: a peak at m is m/600 Da wide. */
#define MZG_DEFAULT_RESOLUTION 600.0

/** Terminator chemistry. */
typedef enum mzg_chem {
	MZG_CHEM_IPLEX = 0,   /* mass-modified acyclo terminators */
	MZG_CHEM_HME = 1,     /* hME / MassEXTEND: unmodified ddNMP residues */
} mzg_chem;

/** One assay (one SNP). */
typedef struct mzg_assay {
	char *id;             /* SNP_ID, e.g. "rs2234767" */
	char *gene;           /* gene symbol or NULL */
	char dir;             /* UEP_DIR: 'F' or 'R' */
	mzg_chem chem;
	char *uep_seq;        /* UEP sequence (ACGT), NULL if only a mass given */
	double uep_mass;      /* Da */
	int n_alleles;        /* 2..4 */
	char allele[MZG_MAX_ALLELES];     /* EXTn_CALL: 'A','C','G','T' */
	char *ext_seq[MZG_MAX_ALLELES];   /* EXTn_SEQ or NULL */
	double ext_mass[MZG_MAX_ALLELES]; /* EXTn_MASS, Da */
	double pause_mass;    /* 1stPAUSE mass; 0 when unknown (then no
	                         pausing target is listed, see docs/design.md) */
	int verified;         /* 1: alleles as published (or as the facility's
	                         design gives them); 0: unverified */
	size_t line;          /* line of the design file; 0 for built-ins */
} mzg_assay;

/** One multiplex (one reaction per pad). */
typedef struct mzg_plex {
	char *name;           /* "W1" ... */
	size_t n_assays;
	mzg_assay *assays;
} mzg_plex;

/** A whole design. */
typedef struct mzg_design {
	char *source;         /* file path, or "fas8" */
	size_t n_plex;
	mzg_plex *plex;
	size_t n_notes;       /* warnings met while loading (mass mismatches) */
	char **notes;         /* each "FILE:LINE: text" */
	unsigned char *note_mismatch; /* n_notes flags: 1 when notes[i] is a
	                         mass mismatch (given vs computed) */
	size_t n_mismatches;  /* how many of the notes are mass mismatches */
	char *caveat;         /* a warning to show with the design (fas8: the
	                         UEPs are not validated primers), or NULL */
} mzg_design;

/**
 * Load a design: "fas8" for the built-in panel, "-" for stdin, or the path
 * of an Agena Assay Design export (tab-separated; format in
 * docs/design.md and mzgeno-design(5)). Missing masses are computed from
 * the sequences; a given mass more than MZG_MASS_MISMATCH_DA from the
 * computed one is kept, logged as a warning and recorded in d->notes.
 * @param out OUT: the design; free with mzg_design_free().
 * @return 0; MZG_EIO; MZG_EFORMAT with mzg_errmsg() naming file, line and
 *         column ("FILE:LINE: column X: expected ..."); MZG_ELIMIT;
 *         MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_design_load(mzg_design **out, const char *src);

/** The built-in fas8 panel. @return 0 or MZG_ENOMEM. */
MZG_API MZG_WARN_UNUSED int mzg_design_fas8(mzg_design **out);

/** Free a design. NULL is a no-op. */
MZG_API void mzg_design_free(mzg_design *d);

/** Multiplex by name, or NULL. Borrowed from @p d. */
MZG_API const mzg_plex *mzg_design_plex(const mzg_design *d, const char *name);

/**
 * Load a design from an open stream (an Agena export); @p name is used in
 * messages and as d->source. The stream is not closed.
 * @return as mzg_design_load().
 */
MZG_API MZG_WARN_UNUSED int mzg_design_read(mzg_design **out, FILE *fp,
                                            const char *name);

/**
 * Write @p d in the Agena Assay Design format (tab-separated, header row,
 * masses with two decimals) plus the optional columns GENE and VERIFIED
 * that mzgeno reads back; the caveat, if any, goes first as "# caveat:"
 * comment lines. Loading the output gives the same masses.
 * @return 0 or MZG_EIO.
 */
MZG_API MZG_WARN_UNUSED int mzg_design_write(FILE *fp, const mzg_design *d);

/** Total number of assays over all multiplexes. */
MZG_API size_t mzg_design_n_assays(const mzg_design *d);

/**
 * Average neutral mass of a DNA oligo (5'-OH, 3'-OH), rounded to 0.01 Da:
 * sum(A 313.21, C 289.18, G 329.21, T 304.20) - 61.96. Bases in either
 * case. NaN on any other character or an empty sequence.
 */
MZG_API double mzg_oligo_mass(const char *seq);

/**
 * Mass added by extension with the terminator for @p allele, given the UEP
 * direction (for 'R' the added base is the complement): iPLEX A 271.2,
 * C 247.2, G 287.2, T 327.1; hME ddNMP residues A 297.21, C 273.18,
 * G 313.21, T 288.20. NaN on a bad base or direction.
 */
MZG_API double mzg_ext_increment(char allele, char dir, mzg_chem chem);

/** Complement of a base ('A'<->'T', 'C'<->'G', either case); 0 if none. */
MZG_API char mzg_base_complement(char base);

/** Kinds of expected species in a spectrum. */
typedef enum mzg_target_kind {
	MZG_T_UEP = 0,      /* unextended primer */
	MZG_T_ALLELE = 1,   /* extension product of one allele */
	MZG_T_NA = 2,       /* Na+ adduct of a UEP or allele product */
	MZG_T_K = 3,        /* K+ adduct of a UEP or allele product */
	MZG_T_DOUBLY = 4,   /* 2+ ion of a UEP or allele product */
	MZG_T_PAUSE = 5,    /* pausing peak */
} mzg_target_kind;

/** Bit masks for selecting target kinds. */
#define MZG_TMASK(k) (1u << (k))
#define MZG_TMASK_ALL 0x3fu

/** Short name of a kind: "UEP", "allele", "Na", "K", "2+", "pause". */
MZG_API const char *mzg_target_kind_name(mzg_target_kind kind);

/** One expected species of a multiplex. */
typedef struct mzg_target {
	double mass;          /* expected m/z of the singly charged (or 2+) ion,
	                         on the neutral-mass scale of the design */
	mzg_target_kind kind;
	int assay;            /* index into plex->assays */
	int allele;           /* -1 for the UEP (and its artefacts), else 0..3 */
} mzg_target;

/**
 * List the targets of a multiplex, sorted by mass.
 * @param out   OUT: malloc'ed array, caller frees with free().
 * @param kinds a mask of MZG_TMASK(kind) bits.
 * @return 0 or MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_plex_targets(mzg_target **out, size_t *n,
                                             const mzg_plex *p,
                                             unsigned kinds);

/**
 * Describe a target in a few words, e.g. "rs1800682 EXT1(A)+Na" or
 * "rs763110 UEP 2+", into @p buf (always NUL-terminated when size > 0).
 * @return the length snprintf would have written.
 */
MZG_API int mzg_target_describe(char *buf, size_t size, const mzg_plex *p,
                                const mzg_target *t);

/* ---- design check ---- */

/** What a design check found. */
typedef enum mzg_issue_kind {
	MZG_ISSUE_COLLISION = 0, /* species of two assays closer than a peak width */
	MZG_ISSUE_NOTE = 1,      /* two species of ONE assay closer than a peak
	                            width (e.g. A+Na next to G): to be resolved
	                            by measurement, not a design fault */
	MZG_ISSUE_MISMATCH = 2,  /* a given mass differs from the computed one */
} mzg_issue_kind;

/** One finding of mzg_design_check(). */
typedef struct mzg_design_issue {
	mzg_issue_kind kind;
	size_t plex;          /* index into d->plex; SIZE_MAX for MISMATCH */
	mzg_target a, b;      /* the two species, a.mass <= b.mass (COLLISION,
	                         NOTE); zeroed for MISMATCH */
	double gap;           /* b.mass - a.mass, Da */
	double width;         /* expected peak width at their mean mass, Da */
	char *text;           /* one self-contained line of text */
} mzg_design_issue;

/** The result of a design check. Free with mzg_design_report_free(). */
typedef struct mzg_design_report {
	double resolution;    /* resolving power used (m/FWHM) */
	size_t n_species;     /* species examined over all multiplexes */
	size_t n_collisions, n_notes, n_mismatches;
	size_t n;             /* issues, collisions first, then notes, then
	                         mismatches; by multiplex and mass within each */
	mzg_design_issue *issues;
} mzg_design_report;

/**
 * Check every multiplex of @p d: any two expected species (all target
 * kinds: UEPs, allele products, Na/K adducts, 2+ ions, pausing peaks) of
 * different assays closer than the peak width m/@p resolution (m the mean
 * of the two masses) are a collision; the same within one assay is a note;
 * the mass mismatches met while loading are listed too.
 * @param resolution m/FWHM; <= 0 or NaN selects MZG_DEFAULT_RESOLUTION.
 * @param out OUT: the report; free with mzg_design_report_free().
 * @return 0 or MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_design_check(mzg_design_report **out,
                                             const mzg_design *d,
                                             double resolution);

/** Free a report. NULL is a no-op. */
MZG_API void mzg_design_report_free(mzg_design_report *r);

#ifdef __cplusplus
}
#endif
#endif
