/*
 * mzml_reader.h -- the reader object shared by mzml.c (input, queue,
 * public API), mzml_sax.c (parser callbacks, spectra) and mzml_params.c
 * (cvParams and referenceableParamGroups). Private to the mzML modules.
 */
#ifndef MZG_MZML_READER_H
#define MZG_MZML_READER_H

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

#include "internal.h"
#include "mzgeno/mzml.h"
#include "mzml_priv.h"

/* Elements the reader cares about (matched by local name). */
enum mz_el {
	EL_OTHER = 0, EL_INDEXEDMZML, EL_MZML, EL_CVLIST, EL_FILEDESC,
	EL_FILECONTENT, EL_RGLIST, EL_RG, EL_RGREF, EL_CVPARAM, EL_RUN,
	EL_SPECLIST, EL_SPECTRUM, EL_SCANLIST, EL_SCAN, EL_BDALIST, EL_BDA,
	EL_BINARY, EL_CHROM, EL_INDEXLIST, EL_INDEX, EL_OFFSET,
	EL_INDEXLISTOFFSET, EL_FILECHECKSUM,
};

#define MZ_MAX_DEPTH 128 /* deeper elements are tracked as EL_OTHER */

/* Priority of a term: from a referenced group, or written inline. */
enum { PRIO_NONE = 0, PRIO_GROUP = 1, PRIO_INLINE = 2 };

/* A cvParam kept in a referenceableParamGroup. */
typedef struct mz_param {
	char *acc;    /* accession, e.g. "MS:1000514" */
	char *name;   /* name attribute (only used for messages) */
	char *value;  /* value attribute, "" if absent */
} mz_param;

typedef struct mz_group {
	char *id;
	size_t order;     /* definition order: the first of duplicates wins */
	mz_param *p;
	size_t n, cap;
} mz_group;

/* What the params of a spectrum (and its scans) say. */
typedef struct mz_specterms {
	int ms_level, ms_level_prio;
	int ms1;                     /* MS:1000579 MS1 spectrum */
	mzg_repr repr;
	int repr_prio, repr_conflict;
} mz_specterms;

/* Array kinds. */
enum { AK_NONE = 0, AK_MZ, AK_INT, AK_OTHER };

/* What the params of one binaryDataArray say. */
typedef struct mz_arrterms {
	int kind, kind_prio, kind_conflict;
	mzg_dtype dtype;
	int dtype_prio, dtype_conflict;
	char bad_dtype[32];          /* an unsupported data-type accession */
	unsigned comp;               /* MZG_COMP_* */
	int comp_prio, comp_none, comp_seen;
	char bad_comp[96];           /* an unknown compression term */
} mz_arrterms;

/* One parsed spectrum waiting in the queue. */
typedef struct mz_rec {
	mzg_spectrum s;
	int status;                  /* 0 or MZG_EDATA */
	char *msg;                   /* why, when status < 0 */
} mz_rec;

struct mzg_mzml {
	char *name;                  /* path or name, for messages */
	int name_is_path;            /* file stem may give the well */
	mzg_mzml_opts opts;

	/* input */
	gzFile gz;                   /* a gzip file, or */
	int fd, plain;               /* a plain file (plain = 1): read(2)
	                                straight into chunk, no copy */
	const uint8_t *mem;
	size_t mem_len, mem_pos;
	z_stream memz;               /* gzip-compressed memory input */
	int memz_ready;              /* 1 inflating, 2 done, 3 cut short */
	uint8_t *chunk;
	size_t chunk_size;
	int64_t nread;               /* raw bytes handed to the parser */
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler sax;
	int eof, done;

	/* fatal state: sticky once set */
	int fatal;
	char *fatal_msg;
	char xml_err[256];           /* first fatal libxml2 message */
	int xml_err_line;
	int xml_generic;             /* a generic (context-free) error came */

	/* element stack */
	unsigned char stack[MZ_MAX_DEPTH];
	int depth;
	int root_seen, root_closed, run_seen;

	/* referenceableParamGroups */
	mz_group *groups;
	size_t ngroups, groups_cap;
	int groups_sorted;
	long cur_group;              /* index being defined, -1 if none */

	/* the queue of parsed spectra; the one being built is q[qn] */
	mz_rec *q;
	size_t qcap, qhead, qn;
	long nspec;                  /* spectra started so far */
	int in_spec, spec_depth;       /* inside a <spectrum> of the list */
	mzg_buf last_id;              /* id of the last spectrum started */
	long declared;               /* defaultArrayLength, -1 if absent */
	mz_specterms st;
	mz_arrterms at;
	long array_len;              /* arrayLength attribute, -1 if absent */
	int have_mz, have_int;
	size_t n_mz, n_int, mz_cap, int_cap;

	/* the <binary> being decoded */
	int in_binary, bin_depth;    /* 1: decoding base64 into raw */
	mzg_b64 b64;
	uint8_t *raw;
	size_t raw_len, raw_cap, raw_max;
	size_t arr_limit;            /* most values this array may hold */
	long arr_decl;               /* its declared length, -1 if none */
	int raw_over;
	mzg_scratch sc;

	/* text of <offset>, <indexListOffset>, <fileChecksum> */
	int capture;
	mzg_buf text, idref;

	/* index */
	mzg_idx *idx;
	int idx_ok;                  /* -1 until the end of the stream */
	const char *idx_note;

	int nwarn;                   /* warnings logged (capped) */
	int warned_nocomp;
};

/* mzml_sax.c */
void mzg__mz_sax_init(xmlSAXHandler *sax);
/* Decode the base64 at the start of @p buf (n bytes) directly when
 * libxml2 would only pass it on to the <binary> text handler: the parser
 * is inside a wanted <binary>, has consumed all its input, and the bytes
 * are base64 characters, spaces or tabs (no line breaks, which it
 * counts). Returns the bytes taken (0: feed them to libxml2). */
size_t mzg__mz_bypass(mzg_mzml *r, const uint8_t *buf, size_t n);
/* The reader's libxml2 error handlers (@p ud is the reader). */
void mzg__mz_on_error(void *ud, xmlErrorPtr e);
void mzg__mz_on_generic(void *ud, const char *fmt, ...) MZG_PRINTF(2, 3);
/* Record a fatal error (status + message); stops the parser. */
void mzg__mz_fatal(mzg_mzml *r, int status, const char *fmt, ...)
	MZG_PRINTF(3, 4);
/* Warn through mzg__log with the file name, capped per file. */
void mzg__mz_warn(mzg_mzml *r, const char *fmt, ...) MZG_PRINTF(2, 3);

/* mzml_params.c */
/* Parse an accession "MS:1000514" into its number if it is in the MS
 * vocabulary (else 0). */
long mzg__mz_ms_acc(const char *acc, size_t len);
/* A cvParam (inline or from a group) inside element @p parent. */
void mzg__mz_param(mzg_mzml *r, int parent, int prio, const char *acc,
                   size_t acclen, const char *name, size_t namelen,
                   const char *value, size_t vlen);
/* Start / add to / end a referenceableParamGroup definition. */
void mzg__mz_group_begin(mzg_mzml *r, const char *id, size_t len);
void mzg__mz_group_param(mzg_mzml *r, const char *acc, size_t alen,
                         const char *name, size_t nlen, const char *value,
                         size_t vlen);
void mzg__mz_groups_done(mzg_mzml *r);
/* Apply the params of group @p ref inside element @p parent. */
void mzg__mz_group_ref(mzg_mzml *r, int parent, const char *ref, size_t len);
void mzg__mz_groups_free(mzg_mzml *r);

#endif
