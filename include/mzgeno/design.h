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
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MZG_MAX_ALLELES 4

/** Mass constants (Da). */
#define MZG_NA_ADDUCT 21.98
#define MZG_K_ADDUCT 38.09
#define MZG_PROTON 1.008

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
	double pause_mass;    /* 1stPAUSE mass; 0 when unknown */
	int verified;         /* 1: alleles as published; 0: unverified */
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
} mzg_design;

/**
 * Load a design: "fas8" for the built-in panel, "-" for stdin, or the path
 * of an Agena Assay Design export (tab-separated).
 * @param out OUT: the design; free with mzg_design_free().
 * @return 0; MZG_EIO; MZG_EFORMAT with mzg_errmsg() naming file, line and
 *         column; MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_design_load(mzg_design **out, const char *src);

/** The built-in fas8 panel. @return 0 or MZG_ENOMEM. */
MZG_API MZG_WARN_UNUSED int mzg_design_fas8(mzg_design **out);

/** Free a design. NULL is a no-op. */
MZG_API void mzg_design_free(mzg_design *d);

/** Multiplex by name, or NULL. Borrowed from @p d. */
MZG_API const mzg_plex *mzg_design_plex(const mzg_design *d, const char *name);

/** Average neutral mass of a DNA oligo (5'-OH, 3'-OH); NaN on a bad base. */
MZG_API double mzg_oligo_mass(const char *seq);

/**
 * Mass added by extension with the terminator for @p allele, given the UEP
 * direction (for 'R' the added base is the complement). NaN on a bad base.
 */
MZG_API double mzg_ext_increment(char allele, char dir, mzg_chem chem);

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

#ifdef __cplusplus
}
#endif
#endif
