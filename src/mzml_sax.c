/*
 * mzml_sax.c -- libxml2 SAX2 callbacks of the mzML reader: elements by
 * local name, spectra built into the reader's queue, arrays decoded as
 * their base64 text streams in.
 *
 * Elements are recognised by local name whatever their namespace or prefix
 * (some writers omit the namespace, others could use a prefix). The text of
 * a wanted <binary> (m/z or intensity of a spectrum) is base64-decoded
 * chunk by chunk into one reusable byte buffer, then inflated/decoded
 * straight into the spectrum's arrays, so no text node is ever built. Other
 * arrays (chromatograms, signal-to-noise, ...) are skipped. A problem with
 * one spectrum's arrays marks that spectrum bad (MZG_EDATA) and parsing
 * goes on; only XML-level problems are fatal.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mzml_reader.h"

#define MAX_WARN 10        /* warnings logged per file */
#define MAX_TEXT 256       /* captured text of index elements */

void mzg__mz_fatal(mzg_mzml *r, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (r->fatal)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->fatal = status;
	r->fatal_msg = mzg__strdup(msg);
	if (r->ctxt)
		xmlStopParser(r->ctxt);
}

void mzg__mz_warn(mzg_mzml *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (r->nwarn >= MAX_WARN) {
		if (r->nwarn++ == MAX_WARN)
			mzg__log(MZG_LOG_WARN, "%s: further warnings suppressed",
			         r->name);
		return;
	}
	r->nwarn++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	mzg__log(MZG_LOG_WARN, "%s", msg);
}

/* The record being built. */
static mz_rec *cur(mzg_mzml *r)
{
	return &r->q[r->qn];
}

/* Mark the spectrum being built bad (the first reason is kept). */
static void spec_bad(mzg_mzml *r, const char *what, const char *fmt, ...)
	MZG_PRINTF(3, 4);
static void spec_bad(mzg_mzml *r, const char *what, const char *fmt, ...)
{
	mz_rec *rc = cur(r);
	char detail[512];
	va_list ap;

	if (rc->status < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	rc->status = MZG_EDATA;
	free(rc->msg);
	rc->msg = mzg__asprintf("%s: spectrum %ld (id '%s'): %s%s%s", r->name,
	                        rc->s.index, rc->s.id ? rc->s.id : "",
	                        what ? what : "", what ? ": " : "", detail);
	if (!rc->msg)
		mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
}

/* Local name -> element kind. */
static int el_kind(const char *n)
{
	switch (n[0]) {
	case 'b':
		return !strcmp(n, "binary") ? EL_BINARY :
		       !strcmp(n, "binaryDataArray") ? EL_BDA :
		       !strcmp(n, "binaryDataArrayList") ? EL_BDALIST : EL_OTHER;
	case 'c':
		return !strcmp(n, "cvParam") ? EL_CVPARAM :
		       !strcmp(n, "cvList") ? EL_CVLIST :
		       !strcmp(n, "chromatogram") ? EL_CHROM : EL_OTHER;
	case 'f':
		return !strcmp(n, "fileContent") ? EL_FILECONTENT :
		       !strcmp(n, "fileDescription") ? EL_FILEDESC :
		       !strcmp(n, "fileChecksum") ? EL_FILECHECKSUM : EL_OTHER;
	case 'i':
		return !strcmp(n, "indexedmzML") ? EL_INDEXEDMZML :
		       !strcmp(n, "indexList") ? EL_INDEXLIST :
		       !strcmp(n, "index") ? EL_INDEX :
		       !strcmp(n, "indexListOffset") ? EL_INDEXLISTOFFSET :
		       EL_OTHER;
	case 'm':
		return !strcmp(n, "mzML") ? EL_MZML : EL_OTHER;
	case 'o':
		return !strcmp(n, "offset") ? EL_OFFSET : EL_OTHER;
	case 'r':
		return !strcmp(n, "referenceableParamGroupRef") ? EL_RGREF :
		       !strcmp(n, "referenceableParamGroup") ? EL_RG :
		       !strcmp(n, "referenceableParamGroupList") ? EL_RGLIST :
		       !strcmp(n, "run") ? EL_RUN : EL_OTHER;
	case 's':
		return !strcmp(n, "spectrum") ? EL_SPECTRUM :
		       !strcmp(n, "spectrumList") ? EL_SPECLIST :
		       !strcmp(n, "scan") ? EL_SCAN :
		       !strcmp(n, "scanList") ? EL_SCANLIST : EL_OTHER;
	default:
		return EL_OTHER;
	}
}

/* Find attribute @p name (no namespace) in SAX2's 5-tuples. */
static const char *attr(int nb, const xmlChar **at, const char *name,
                        size_t *len)
{
	int i;

	for (i = 0; i < nb; i++, at += 5)
		if (!strcmp((const char *)at[0], name)) {
			*len = (size_t)(at[4] - at[3]);
			return (const char *)at[3];
		}
	*len = 0;
	return NULL;
}

/* Parse an integer attribute; -1 if absent or invalid. */
static long attr_long(int nb, const xmlChar **at, const char *name)
{
	char buf[24];
	size_t len;
	const char *v = attr(nb, at, name, &len);
	long out;

	if (!v || len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, v, len);
	buf[len] = '\0';
	if (mzg__parse_long(mzg__trim(buf), &out) < 0 || out < 0)
		return -1;
	return out;
}

/* Check the root element and namespaces of <indexedmzML> / <mzML>. */
static void check_root(mzg_mzml *r, int kind, const char *local,
                       const char *uri, int nb, const xmlChar **at)
{
	size_t vlen;
	const char *ver;

	if (!r->root_seen) {
		r->root_seen = 1;
		if (kind != EL_MZML && kind != EL_INDEXEDMZML) {
			mzg__mz_fatal(r, MZG_EFORMAT, "%s: not mzML: the root "
			              "element is <%s>, expected <mzML> or "
			              "<indexedmzML>", r->name, local);
			return;
		}
	}
	if (uri && (strstr(uri, "schema_revision") || strstr(uri, "mzML_0."))) {
		mzg__mz_fatal(r, MZG_EUNSUPPORTED, "%s: pre-release mzML "
		              "(namespace %s) is not supported; convert it to "
		              "mzML 1.1 with a current msconvert", r->name, uri);
		return;
	}
	if (uri && strcmp(uri, "http://psi.hupo.org/ms/mzml"))
		mzg__mz_warn(r, "%s: unexpected namespace %s on <%s>; reading it "
		             "as mzML", r->name, uri, local);
	ver = kind == EL_MZML ? attr(nb, at, "version", &vlen) : NULL;
	if (ver && vlen >= 2 && ver[0] == '0' && ver[1] == '.')
		mzg__mz_fatal(r, MZG_EUNSUPPORTED, "%s: mzML version %.*s is a "
		              "pre-release; convert it to mzML 1.1", r->name,
		              (int)(vlen > 20 ? 20 : vlen), ver);
}

/* Make room for the record at q[qn], zero-initialising new slots. */
static int grow_queue(mzg_mzml *r)
{
	size_t ncap;
	mz_rec *nq;

	if (r->qn < r->qcap)
		return MZG_OK;
	ncap = r->qcap ? 2 * r->qcap : 4;
	nq = mzg__realloc_array(r->q, ncap, sizeof *nq);
	if (!nq)
		return MZG_ENOMEM;
	memset(nq + r->qcap, 0, (ncap - r->qcap) * sizeof *nq);
	r->q = nq;
	r->qcap = ncap;
	return MZG_OK;
}

/* A <spectrum> starts: take a queue slot and reset the per-spectrum state. */
static void spectrum_start(mzg_mzml *r, int nb, const xmlChar **at)
{
	size_t idlen, splen;
	const char *id = attr(nb, at, "id", &idlen);
	const char *spot = attr(nb, at, "spotID", &splen);
	mz_rec *rc;

	if (!id) {
		id = "";
		idlen = 0;
	}
	if (grow_queue(r) < 0)
		goto oom;
	rc = cur(r);
	free(rc->s.id);
	free(rc->s.spot_id);
	rc->s.spot_id = NULL;
	rc->s.id = mzg__strndup(id, idlen);
	if (!rc->s.id || (spot && !(rc->s.spot_id = mzg__strndup(spot, splen))))
		goto oom;
	mzg__buf_reset(&r->last_id);
	if (mzg__buf_append(&r->last_id, id, idlen) < 0)
		goto oom;
	rc->status = 0;
	free(rc->msg);
	rc->msg = NULL;
	rc->s.index = r->nspec++;
	rc->s.ms_level = 0;
	rc->s.repr = MZG_REPR_UNKNOWN;
	rc->s.n = 0;
	rc->s.flags = 0;
	memset(&rc->s.enc_mz, 0, sizeof rc->s.enc_mz);
	memset(&rc->s.enc_int, 0, sizeof rc->s.enc_int);
	mzg_well_resolve(rc->s.well, rc->s.spot_id, rc->s.id,
	                 r->name_is_path ? r->name : NULL);
	r->in_spec = 1;
	r->declared = attr_long(nb, at, "defaultArrayLength");
	memset(&r->st, 0, sizeof r->st);
	r->have_mz = r->have_int = 0;
	r->n_mz = r->n_int = 0;
	r->mz_cap = r->int_cap = rc->s.cap;
	if (mzg__idx_element(r->idx, 0, id, idlen) < 0)
		goto oom;
	return;
oom:
	mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
}

/* "m/z array" or "intensity array", for messages. */
static const char *kind_name(int kind)
{
	return kind == AK_MZ ? "m/z array" : "intensity array";
}

/* A <binary> of a spectrum's array starts: decode it if it is the m/z or
 * intensity array, with limits derived from the declared length. */
static void binary_start(mzg_mzml *r)
{
	mz_arrterms *t = &r->at;
	size_t limit, per;

	if (r->opts.skip_arrays || cur(r)->status < 0)
		return;
	if (t->kind != AK_MZ && t->kind != AK_INT)
		return; /* another array (S/N, charge, ...), or untyped */
	if (t->kind_conflict) {
		spec_bad(r, NULL, "an array is declared as both m/z and "
		         "intensity");
		return;
	}
	if ((t->kind == AK_MZ && r->have_mz) ||
	    (t->kind == AK_INT && r->have_int)) {
		spec_bad(r, kind_name(t->kind), "appears twice");
		return;
	}
	r->arr_decl = r->array_len >= 0 ? r->array_len : r->declared;
	/* decoded length wins over the declared one, within a margin */
	limit = r->arr_decl > 0 ? (size_t)r->arr_decl : 0;
	limit = limit > (SIZE_MAX - 4096) / 2 ? SIZE_MAX : 2 * limit + 4096;
	if (limit > r->opts.max_points)
		limit = r->opts.max_points;
	/* raw bytes per value: exact for plain arrays; numpress takes up to
	 * 4.5 and zlib can be a little larger than its input */
	per = (t->comp || !t->dtype) ? 9 :
	      (t->dtype == MZG_DTYPE_F32 || t->dtype == MZG_DTYPE_I32) ? 4 : 8;
	r->arr_limit = limit;
	r->raw_max = limit > (SIZE_MAX - 64) / per ? SIZE_MAX : limit * per + 64;
	r->raw_len = 0;
	r->raw_over = 0;
	mzg__b64_init(&r->b64);
	r->in_binary = 1;
	r->bin_depth = r->depth;
}

/* Base64 text of a wanted <binary>: decode it as it arrives. */
static void binary_text(mzg_mzml *r, const char *ch, size_t len)
{
	size_t room = mzg__b64_room(len);

	if (r->raw_over || r->b64.bad)
		return;
	if (r->raw_len + room > r->raw_cap &&
	    mzg__grow((void **)&r->raw, &r->raw_cap, r->raw_len + room, 1) < 0) {
		mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
		return;
	}
	r->raw_len += mzg__b64_decode(&r->b64, ch, len, r->raw + r->raw_len);
	if (r->raw_len > r->raw_max)
		r->raw_over = 1;
}

/* Checks of an array's terms before decoding. 0 or -1 (spectrum bad). */
static int check_terms(mzg_mzml *r, mz_rec *rc, const char *what)
{
	mz_arrterms *t = &r->at;
	unsigned np = t->comp & ~(unsigned)MZG_COMP_ZLIB;

	if (t->bad_comp[0])
		spec_bad(r, what, "unsupported compression %s", t->bad_comp);
	else if (t->comp_none && t->comp)
		spec_bad(r, what, "contradictory compression terms (\"no "
		         "compression\" with another)");
	else if (!np && t->bad_dtype[0])
		spec_bad(r, what, "unsupported data type %s", t->bad_dtype);
	else if (!np && t->dtype_conflict)
		spec_bad(r, what, "more than one data type declared");
	else if (!np && !t->dtype)
		spec_bad(r, what, "no data type (32/64-bit float or integer) "
		         "declared");
	if (rc->status < 0)
		return -1;
	if (!t->comp_seen) {
		rc->s.flags |= MZG_SPEC_NO_COMPRESSION_TERM;
		if (!r->warned_nocomp++)
			mzg__mz_warn(r, "%s: spectrum %ld (id '%s'): %s has no "
			             "compression term; reading it as "
			             "uncompressed", r->name, rc->s.index,
			             rc->s.id, what);
	}
	return 0;
}

/* </binary>: finish base64, decode into the spectrum's array. */
static void binary_end(mzg_mzml *r)
{
	mz_rec *rc = cur(r);
	mz_arrterms *t = &r->at;
	const char *what = kind_name(t->kind);
	int tail, st;
	size_t n;

	r->in_binary = 0;
	/* room for the final partial quantum (also when no text came) */
	if (mzg__grow((void **)&r->raw, &r->raw_cap, r->raw_len + 3, 1) < 0) {
		mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
		return;
	}
	tail = mzg__b64_finish(&r->b64, r->raw + r->raw_len);
	if (tail < 0) {
		spec_bad(r, what, r->b64.bad ? "invalid base64 (character "
		         "0x%02x)" : "base64 text ends inside a quantum",
		         r->b64.badc);
		return;
	}
	r->raw_len += (size_t)tail;
	if (r->raw_over) {
		spec_bad(r, what, "its data is too long for %zu values "
		         "(declared %ld)", r->arr_limit, r->arr_decl);
		return;
	}
	if (check_terms(r, rc, what) < 0)
		return;
	st = mzg__decode_raw(t->kind == AK_MZ ? &rc->s.mz : &rc->s.intensity,
	                     t->kind == AK_MZ ? &r->mz_cap : &r->int_cap, &n,
	                     r->raw, r->raw_len, t->dtype, t->comp,
	                     r->arr_decl > 0 ? (size_t)r->arr_decl : 0,
	                     r->arr_limit, &r->sc);
	if (st == MZG_ENOMEM) {
		mzg__mz_fatal(r, st, "%s: out of memory", r->name);
		return;
	}
	if (st < 0) {
		spec_bad(r, what, "%s", mzg_errmsg());
		return;
	}
	if (t->kind == AK_MZ) {
		r->have_mz = 1;
		r->n_mz = n;
		rc->s.enc_mz.dtype = t->dtype;
		rc->s.enc_mz.compression = t->comp;
	} else {
		r->have_int = 1;
		r->n_int = n;
		rc->s.enc_int.dtype = t->dtype;
		rc->s.enc_int.compression = t->comp;
	}
	if (r->arr_decl >= 0 && n != (size_t)r->arr_decl) {
		rc->s.flags |= MZG_SPEC_LENGTH_MISMATCH;
		mzg__mz_warn(r, "%s: spectrum %ld (id '%s'): %s has %zu values "
		             "but %ld are declared; using the decoded values",
		             r->name, rc->s.index, rc->s.id, what, n,
		             r->arr_decl);
	}
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* value_flags() four values at a time; returns how many it looked at
 * (then f holds what they showed). */
__attribute__((target("avx")))
static size_t flags_avx(const double *mz, const double *in, size_t n,
                        unsigned *f)
{
	const __m256d sign = _mm256_set1_pd(-0.0), big = _mm256_set1_pd(DBL_MAX);
	__m256d ok = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
	__m256d back = _mm256_setzero_pd();
	size_t i;

	for (i = 0; i + 5 <= n; i += 4) {
		__m256d a = _mm256_loadu_pd(mz + i), b = _mm256_loadu_pd(in + i);
		__m256d next = _mm256_loadu_pd(mz + i + 1);

		ok = _mm256_and_pd(ok, _mm256_cmp_pd(_mm256_andnot_pd(sign, a), big,
		                                     _CMP_LE_OQ));
		ok = _mm256_and_pd(ok, _mm256_cmp_pd(_mm256_andnot_pd(sign, b), big,
		                                     _CMP_LE_OQ));
		back = _mm256_or_pd(back, _mm256_cmp_pd(next, a, _CMP_LT_OQ));
	}
	if (_mm256_movemask_pd(ok) != 0xF)
		*f |= MZG_SPEC_NONFINITE;
	if (_mm256_movemask_pd(back))
		*f |= MZG_SPEC_UNSORTED;
	return i;
}

static int have_avx(void)
{
	return __builtin_cpu_supports("avx");
}
#else
static size_t flags_avx(const double *mz, const double *in, size_t n,
                        unsigned *f)
{
	(void)mz, (void)in, (void)n, (void)f;
	return 0;
}

static int have_avx(void)
{
	return 0;
}
#endif

/* Flag NaN/Inf values and an m/z axis that goes backwards. */
static unsigned value_flags(const mzg_spectrum *s)
{
	unsigned f = 0;
	size_t i = have_avx() ? flags_avx(s->mz, s->intensity, s->n, &f) : 0;

	for (; i < s->n; i++) {
		if (!isfinite(s->mz[i]) || !isfinite(s->intensity[i]))
			f |= MZG_SPEC_NONFINITE;
		if (i + 1 < s->n && s->mz[i + 1] < s->mz[i])
			f |= MZG_SPEC_UNSORTED;
	}
	return f;
}

/* Check that both arrays are there and agree; set n. */
static void check_arrays(mzg_mzml *r, mz_rec *rc)
{
	if (!r->have_mz && !r->have_int) {
		if (r->declared > 0)
			spec_bad(r, NULL, "no m/z and intensity arrays, but "
			         "defaultArrayLength is %ld", r->declared);
	} else if (!r->have_mz || !r->have_int) {
		if ((r->have_mz ? r->n_mz : r->n_int) || r->declared > 0)
			spec_bad(r, NULL, "no %s", r->have_mz ?
			         "intensity array" : "m/z array");
	} else if (r->n_mz != r->n_int) {
		spec_bad(r, NULL, "the m/z array has %zu values but the "
		         "intensity array has %zu", r->n_mz, r->n_int);
	} else {
		rc->s.n = r->n_mz;
	}
}

/* </spectrum>: finish the record and make it available. */
static void spectrum_end(mzg_mzml *r)
{
	mz_rec *rc = cur(r);

	r->in_spec = 0;
	rc->s.n = 0;
	if (!r->opts.skip_arrays && rc->status == 0)
		check_arrays(r, rc);
	if (rc->status < 0)
		rc->s.n = 0;
	rc->s.cap = r->mz_cap < r->int_cap ? r->mz_cap : r->int_cap;
	rc->s.ms_level = r->st.ms_level ? r->st.ms_level : r->st.ms1 ? 1 : 0;
	rc->s.repr = r->st.repr_conflict ? MZG_REPR_UNKNOWN : r->st.repr;
	rc->s.flags |= value_flags(&rc->s);
	r->qn++;
}

/* A cvParam / referenceableParamGroupRef / referenceableParamGroup. */
static void param_start(mzg_mzml *r, int kind, int parent, int nb,
                        const xmlChar **at)
{
	size_t al, nl, vl;
	const char *a, *n, *v;

	if (kind == EL_RG) {
		if (parent == EL_RGLIST) {
			a = attr(nb, at, "id", &al);
			mzg__mz_group_begin(r, a, al);
		}
		return;
	}
	if (kind == EL_RGREF) {
		a = attr(nb, at, "ref", &al);
		if (parent != EL_RG)
			mzg__mz_group_ref(r, parent, a, al);
		return;
	}
	a = attr(nb, at, "accession", &al);
	n = attr(nb, at, "name", &nl);
	v = attr(nb, at, "value", &vl);
	if (!a)
		return;
	if (!n)
		n = "";
	if (!v)
		v = "";
	if (parent == EL_RG)
		mzg__mz_group_param(r, a, al, n, nl, v, vl);
	else
		mzg__mz_param(r, parent, PRIO_INLINE, a, al, n, nl, v, vl);
}

/* Index elements: start capturing text, remember the idRef. */
static void index_start(mzg_mzml *r, int kind, int nb, const xmlChar **at)
{
	size_t len;
	const char *v;

	switch (kind) {
	case EL_CHROM:
		v = attr(nb, at, "id", &len);
		if (mzg__idx_element(r->idx, 1, v ? v : "", len) < 0)
			mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
		return;
	case EL_INDEXLIST:
		mzg__idx_list_start(r->idx);
		return;
	case EL_INDEX:
		v = attr(nb, at, "name", &len);
		mzg__idx_index_start(r->idx, v ? v : "", len);
		return;
	case EL_OFFSET:
		v = attr(nb, at, "idRef", &len);
		mzg__buf_reset(&r->idref);
		if (mzg__buf_append(&r->idref, v ? v : "", len) < 0)
			mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
		break;
	default:
		break;
	}
	mzg__buf_reset(&r->text);
	r->capture = 1;
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns,
                     int nb, int nb_def, const xmlChar **at)
{
	mzg_mzml *r = ud;
	int kind = el_kind((const char *)local);
	int parent = r->depth == 0 ? EL_OTHER :
	             r->depth <= MZ_MAX_DEPTH ? r->stack[r->depth - 1] : EL_OTHER;

	MZG_UNUSED(prefix);
	MZG_UNUSED(nb_ns);
	MZG_UNUSED(ns);
	MZG_UNUSED(nb_def);
	if (r->depth == 0 || kind == EL_MZML)
		check_root(r, kind, (const char *)local, (const char *)uri, nb,
		           at);
	if (r->depth < MZ_MAX_DEPTH)
		r->stack[r->depth] = (unsigned char)kind;
	r->depth++;
	if (r->fatal)
		return;
	switch (kind) {
	case EL_RG: case EL_RGREF: case EL_CVPARAM:
		param_start(r, kind, parent, nb, at);
		break;
	case EL_RUN:
		r->run_seen = 1;
		break;
	case EL_SPECTRUM:
		if (parent == EL_SPECLIST && !r->in_spec) {
			spectrum_start(r, nb, at);
			r->spec_depth = r->depth;
		}
		break;
	case EL_BDA:
		if (r->in_spec && parent == EL_BDALIST) {
			memset(&r->at, 0, sizeof r->at);
			r->array_len = attr_long(nb, at, "arrayLength");
		}
		break;
	case EL_BINARY:
		if (r->in_spec && parent == EL_BDA && !r->in_binary)
			binary_start(r);
		break;
	case EL_CHROM: case EL_INDEXLIST: case EL_INDEX: case EL_OFFSET:
	case EL_INDEXLISTOFFSET: case EL_FILECHECKSUM:
		index_start(r, kind, nb, at);
		break;
	default:
		break;
	}
}

/* End of an index element: hand its text to the verifier. */
static void index_end(mzg_mzml *r, int kind)
{
	r->capture = 0;
	if (kind == EL_OFFSET) {
		if (mzg__idx_offset(r->idx, r->idref.s ? r->idref.s : "",
		                    r->idref.len, r->text.s ? r->text.s : "",
		                    r->text.len) < 0)
			mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
	} else if (kind == EL_INDEXLISTOFFSET) {
		mzg__idx_list_offset(r->idx, r->text.s ? r->text.s : "",
		                     r->text.len);
	}
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix,
                   const xmlChar *uri)
{
	mzg_mzml *r = ud;
	int kind = r->depth <= MZ_MAX_DEPTH && r->depth > 0 ?
	           r->stack[r->depth - 1] : EL_OTHER;

	MZG_UNUSED(local);
	MZG_UNUSED(prefix);
	MZG_UNUSED(uri);
	if (r->fatal)
		return;
	if (kind == EL_BINARY && r->in_binary && r->depth == r->bin_depth)
		binary_end(r);
	else if (kind == EL_SPECTRUM && r->in_spec && r->depth == r->spec_depth)
		spectrum_end(r);
	else if (kind == EL_RGLIST)
		mzg__mz_groups_done(r);
	else if (kind == EL_RG)
		r->cur_group = -1;
	else if (kind == EL_OFFSET || kind == EL_INDEXLISTOFFSET ||
	         kind == EL_FILECHECKSUM)
		index_end(r, kind);
	if (--r->depth == 0)
		r->root_closed = 1;
}

size_t mzg__mz_bypass(mzg_mzml *r, const uint8_t *buf, size_t n)
{
	xmlParserInputPtr in = r->ctxt ? r->ctxt->input : NULL;
	size_t k = 0;

	if (r->fatal || !r->in_binary || !in || in->cur != in->end ||
	    !r->ctxt->wellFormed || r->ctxt->instate != XML_PARSER_CONTENT)
		return 0;
	k = mzg__b64_plain_run((const char *)buf, n);
	if (k)
		binary_text(r, (const char *)buf, k);
	return k;
}

static void on_text(void *ud, const xmlChar *ch, int len)
{
	mzg_mzml *r = ud;

	if (len <= 0 || r->fatal)
		return;
	if (r->in_binary)
		binary_text(r, (const char *)ch, (size_t)len);
	else if (r->capture && r->text.len < MAX_TEXT &&
	         mzg__buf_append(&r->text, (const char *)ch, (size_t)len) < 0)
		mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
}

/* libxml2 errors: keep the first fatal one; the rest are not ours to
 * print (the library never prints). Also installed as the thread's
 * structured error handler while libxml2 runs for the reader, so errors
 * raised without a parser context (encoding conversion) land here too. */
void mzg__mz_on_error(void *ud, xmlErrorPtr e)
{
	mzg_mzml *r = ud;
	size_t n;
	char *p;

	if (!e || e->level != XML_ERR_FATAL || r->xml_err[0])
		return;
	snprintf(r->xml_err, sizeof r->xml_err, "%s",
	         e->message ? e->message : "XML error");
	n = strlen(r->xml_err);
	while (n && (r->xml_err[n - 1] == '\n' || r->xml_err[n - 1] == ' '))
		r->xml_err[--n] = '\0';
	for (p = r->xml_err; (p = strchr(p, '\n')); ) /* one line */
		*p = ';';
	r->xml_err_line = e->line;
}

/* libxml2's "generic" errors (printf-style, e.g. "xmlParseChunk: encoder
 * error" before it halts the parser): captured, never printed. */
void mzg__mz_on_generic(void *ud, const char *fmt, ...)
{
	mzg_mzml *r = ud;
	char msg[256], *p;
	va_list ap;

	if (!r || r->xml_err[0])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (p = msg; *p; p++)
		if (*p == '\n')
			*p = *(p + 1) ? ';' : '\0';
	snprintf(r->xml_err, sizeof r->xml_err, "%s", msg);
	r->xml_generic = 1;
}

/* Entity declarations are dropped: nothing in mzML needs them, and a
 * declared entity that is never stored can never be expanded (a reference
 * to it is then a well-formedness error). Having this callback also stops
 * libxml2 from keeping declarations in a private document for SAX users. */
static void on_entity_decl(void *ud, const xmlChar *name, int type,
                           const xmlChar *public_id, const xmlChar *system_id,
                           xmlChar *content)
{
	MZG_UNUSED(ud);
	MZG_UNUSED(name);
	MZG_UNUSED(type);
	MZG_UNUSED(public_id);
	MZG_UNUSED(system_id);
	MZG_UNUSED(content);
}

void mzg__mz_sax_init(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	sax->ignorableWhitespace = on_text;
	sax->cdataBlock = on_text;
	sax->serror = mzg__mz_on_error;
	sax->entityDecl = on_entity_decl;
}
