/*
 * mzgeno/spectrum.h -- one mass spectrum (one SpectroCHIP pad) and wells.
 *
 * mzg_spectrum is a transparent, reusable record in the htslib style: the
 * reader fills it, growing its arrays as needed, and the caller reuses it
 * for the next spectrum. All pointers inside are owned by the record and
 * freed by mzg_spectrum_free().
 */
#ifndef MZGENO_SPECTRUM_H
#define MZGENO_SPECTRUM_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Spectrum representation (MS:1000128 profile, MS:1000127 centroid). */
typedef enum mzg_repr {
	MZG_REPR_UNKNOWN = 0,
	MZG_REPR_PROFILE = 1,
	MZG_REPR_CENTROID = 2,
} mzg_repr;

/** Binary array value types as written in the file. */
typedef enum mzg_dtype {
	MZG_DTYPE_UNKNOWN = 0,
	MZG_DTYPE_F32 = 1,
	MZG_DTYPE_F64 = 2,
	MZG_DTYPE_I32 = 3,
	MZG_DTYPE_I64 = 4,
} mzg_dtype;

/** Compression / encoding flags of one binary array (bitwise OR). */
enum mzg_compression {
	MZG_COMP_NONE = 0,
	MZG_COMP_ZLIB = 1u << 0,
	MZG_COMP_NP_LINEAR = 1u << 1,
	MZG_COMP_NP_PIC = 1u << 2,
	MZG_COMP_NP_SLOF = 1u << 3,
};

/** How one array was stored in the file (for `mzgeno inspect`). */
typedef struct mzg_encoding {
	mzg_dtype dtype;       /* declared value type */
	unsigned compression;  /* MZG_COMP_* flags */
} mzg_encoding;

/** Warning flags a reader may set on a spectrum (bitwise OR). */
enum mzg_spectrum_flag {
	MZG_SPEC_LENGTH_MISMATCH = 1u << 0, /* decoded length != declared */
	MZG_SPEC_NO_COMPRESSION_TERM = 1u << 1, /* assumed uncompressed */
	MZG_SPEC_NONFINITE = 1u << 2,  /* NaN/Inf values were present */
	MZG_SPEC_UNSORTED = 1u << 3,   /* m/z not non-decreasing */
};

/** One spectrum. Zero-initialise with mzg_spectrum_init(). */
typedef struct mzg_spectrum {
	long index;           /* 0-based position of the spectrum in its file */
	char *id;             /* spectrum@id, opaque text; "" if absent */
	char *spot_id;        /* spectrum@spotID as written; NULL if absent */
	char well[4];         /* normalised well "A01".."P24"; "" if unknown */
	int ms_level;         /* 1, 2, ...; 0 when the file does not say */
	mzg_repr repr;        /* profile / centroid / unknown */
	size_t n;             /* number of points in mz[] and intensity[] */
	double *mz;           /* m/z values, n of them */
	double *intensity;    /* intensities, n of them */
	size_t cap;           /* allocated length of mz[] and intensity[] */
	mzg_encoding enc_mz;  /* how the m/z array was stored */
	mzg_encoding enc_int; /* how the intensity array was stored */
	unsigned flags;       /* MZG_SPEC_* warnings */
} mzg_spectrum;

/** Make @p s an empty record that owns nothing. */
MZG_API void mzg_spectrum_init(mzg_spectrum *s);

/** Free everything @p s owns and re-initialise it. NULL is a no-op. */
MZG_API void mzg_spectrum_free(mzg_spectrum *s);

/**
 * Make room for @p n points (arrays keep their content up to the old n).
 * @return 0, or MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_spectrum_reserve(mzg_spectrum *s, size_t n);

/**
 * Replace s->id (and s->spot_id if @p spot_id is given, NULL clears it)
 * with copies. @return 0, or MZG_ENOMEM.
 */
MZG_API MZG_WARN_UNUSED int mzg_spectrum_set_ids(mzg_spectrum *s,
                                                 const char *id,
                                                 const char *spot_id);

/** Copy @p src into @p dst (which must be initialised). @return 0/MZG_ENOMEM. */
MZG_API MZG_WARN_UNUSED int mzg_spectrum_copy(mzg_spectrum *dst,
                                              const mzg_spectrum *src);

/**
 * Normalise a well name: "A1", "a01", "H6", "chip=0 spot=H6",
 * "spot=B12", "well=C3", "A1,42x42,4242x4242" -> "A01", "H06", ... .
 * Rows A..P, columns 1..24. @p out receives 4 bytes (NUL-terminated).
 * @return 0, or MZG_ENOTFOUND when the text holds no well.
 */
MZG_API int mzg_well_parse(char out[4], const char *text);

/**
 * Resolve the well of a spectrum (SPEC 2.1), first that applies: the
 * spotID attribute, a spot=/well= key in the spectrum id, then the stem of
 * the file name ("A01.mzML", "run/B07.mzML.gz"). Any argument may be NULL.
 * @return 0 with @p out set, or MZG_ENOTFOUND with @p out = "".
 */
MZG_API int mzg_well_resolve(char out[4], const char *spot_id,
                             const char *id, const char *path);

/** Row (0..15) and column (0..23) of a normalised well; -1 if invalid. */
MZG_API int mzg_well_index(const char *well, int *row, int *col);

#ifdef __cplusplus
}
#endif
#endif
