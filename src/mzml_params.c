/*
 * mzml_params.c -- cvParams and referenceableParamGroups of the mzML reader.
 *
 * mzML lets any ParamGroup (spectrum, scan, binaryDataArray, ...) take
 * params from referenceableParamGroups as well as inline; real writers put
 * the MS1 term, the ms level, and even an array's type, precision and
 * compression in groups (../shared/reference/mzml.md section 1.4). Every
 * term is matched on its accession, never its name. A term written inline
 * overrides one from a group in the same category (data type, array kind,
 * compression set, representation, ms level); two different inline terms
 * of one category are a conflict that makes the array bad.
 */
#include <stdlib.h>
#include <string.h>

#include "mzml_reader.h"

long mzg__mz_ms_acc(const char *acc, size_t len)
{
	long v = 0;
	size_t i;

	if (len < 4 || len > 12 || memcmp(acc, "MS:", 3))
		return 0;
	for (i = 3; i < len; i++) {
		if (acc[i] < '0' || acc[i] > '9')
			return 0;
		v = v * 10 + (acc[i] - '0');
	}
	return v;
}

/* Whether an imzML accession "IMS:1000xxx" is one of @p nums. */
static int ims_acc(const char *acc, size_t len, const long *nums, int n)
{
	long v = 0;
	size_t i;
	int k;

	if (len < 5 || len > 14 || memcmp(acc, "IMS:", 4))
		return 0;
	for (i = 4; i < len; i++) {
		if (acc[i] < '0' || acc[i] > '9')
			return 0;
		v = v * 10 + (acc[i] - '0');
	}
	for (k = 0; k < n; k++)
		if (nums[k] == v)
			return 1;
	return 0;
}

/* Case-insensitive search for "compression" in a cvParam name. */
static int names_compression(const char *name, size_t n)
{
	static const char word[] = "compression";
	size_t i, j, wl = sizeof word - 1;

	for (i = 0; i + wl <= n; i++) {
		for (j = 0; j < wl; j++) {
			char c = name[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != word[j])
				break;
		}
		if (j == wl)
			return 1;
	}
	return 0;
}

/* Set an int-valued category with priorities and conflict detection. */
static void set_cat(int *slot, int *prio, int *conflict, int v, int p)
{
	if (p > *prio) {
		*slot = v;
		*prio = p;
	} else if (p == *prio && *slot != v) {
		*conflict = 1;
	}
}

/* Spectrum (and scan) level terms. */
static void spec_param(mzg_mzml *r, long num, int prio, const char *value,
                       size_t vlen)
{
	mz_specterms *t = &r->st;
	int dummy = 0, repr = (int)t->repr;

	switch (num) {
	case 1000511: { /* ms level */
		char buf[16];
		long lv;

		if (vlen == 0 || vlen >= sizeof buf)
			break;
		memcpy(buf, value, vlen);
		buf[vlen] = '\0';
		if (mzg__parse_long(buf, &lv) == 0 && lv > 0 && lv < 100)
			set_cat(&t->ms_level, &t->ms_level_prio, &dummy,
			        (int)lv, prio);
		break;
	}
	case 1000579:
		t->ms1 = 1;
		break;
	case 1000127:
	case 1000128:
		set_cat(&repr, &t->repr_prio, &t->repr_conflict,
		        num == 1000127 ? MZG_REPR_CENTROID : MZG_REPR_PROFILE,
		        prio);
		t->repr = (mzg_repr)repr;
		break;
	default:
		break;
	}
}

/* Record a compression term in the array's set. */
static void add_comp(mz_arrterms *t, unsigned flags, int none, int prio)
{
	if (prio > t->comp_prio) { /* inline terms replace group terms */
		t->comp = 0;
		t->comp_none = 0;
		t->comp_prio = prio;
	} else if (prio < t->comp_prio) {
		return;
	}
	t->comp |= flags;
	t->comp_none |= none;
	t->comp_seen = 1;
}

/* Is @p num an array kind (children of MS:1000513 binary data array)? */
static int other_array_kind(long num)
{
	static const long kinds[] = {
		1000516, 1000517, 1000595, 1000617, 1000786, 1000820, 1000821,
		1000822, 1002477, 1002478, 1002529, 1002530, 1002742, 1002743,
		1002744, 1002745, 1002816, 1002893,
	};
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(kinds); i++)
		if (kinds[i] == num)
			return 1;
	return 0;
}

/* Note an unsupported compression term (first one wins). */
static void bad_comp(mz_arrterms *t, const char *acc, size_t alen,
                     const char *name, size_t nlen)
{
	if (t->bad_comp[0])
		return;
	snprintf(t->bad_comp, sizeof t->bad_comp, "%.*s \"%.*s\"",
	         (int)(alen > 20 ? 20 : alen), acc,
	         (int)(nlen > 60 ? 60 : nlen), name);
}

/* binaryDataArray terms. */
static void array_param(mzg_mzml *r, long num, int prio, const char *acc,
                        size_t alen, const char *name, size_t nlen)
{
	mz_arrterms *t = &r->at;
	int dt = (int)t->dtype;

	switch (num) {
	case 1000514: case 1000515:
		set_cat(&t->kind, &t->kind_prio, &t->kind_conflict,
		        num == 1000514 ? AK_MZ : AK_INT, prio);
		return;
	case 1000521: case 1000523: case 1000519: case 1000522:
		set_cat(&dt, &t->dtype_prio, &t->dtype_conflict,
		        num == 1000521 ? MZG_DTYPE_F32 :
		        num == 1000523 ? MZG_DTYPE_F64 :
		        num == 1000519 ? MZG_DTYPE_I32 : MZG_DTYPE_I64, prio);
		t->dtype = (mzg_dtype)dt;
		return;
	case 1000520: case 1001479:
		snprintf(t->bad_dtype, sizeof t->bad_dtype, "MS:%ld", num);
		return;
	case 1000576: add_comp(t, 0, 1, prio); return;
	case 1000574: add_comp(t, MZG_COMP_ZLIB, 0, prio); return;
	case 1002312: add_comp(t, MZG_COMP_NP_LINEAR, 0, prio); return;
	case 1002313: add_comp(t, MZG_COMP_NP_PIC, 0, prio); return;
	case 1002314: add_comp(t, MZG_COMP_NP_SLOF, 0, prio); return;
	case 1002746:
		add_comp(t, MZG_COMP_NP_LINEAR | MZG_COMP_ZLIB, 0, prio);
		return;
	case 1002747:
		add_comp(t, MZG_COMP_NP_PIC | MZG_COMP_ZLIB, 0, prio);
		return;
	case 1002748:
		add_comp(t, MZG_COMP_NP_SLOF | MZG_COMP_ZLIB, 0, prio);
		return;
	case 1002841: case 1002842: case 1002843:
		mzg__mz_fatal(r, MZG_EUNSUPPORTED, "%s: arrays are stored "
		              "outside the XML (mzMLb external dataset, %.*s); "
		              "mzMLb is not supported, convert it to mzML",
		              r->name, (int)alen, acc);
		return;
	default:
		break;
	}
	if (other_array_kind(num)) {
		set_cat(&t->kind, &t->kind_prio, &t->kind_conflict, AK_OTHER,
		        prio);
		return;
	}
	if ((num >= 1003088 && num <= 1003090) ||
	    names_compression(name, nlen))
		bad_comp(t, acc, alen, name, nlen);
}

void mzg__mz_param(mzg_mzml *r, int parent, int prio, const char *acc,
                   size_t acclen, const char *name, size_t namelen,
                   const char *value, size_t vlen)
{
	static const long ims_external[] = { 1000101, 1000102, 1000103,
	                                     1000104 };
	static const long ims_file[] = { 1000030, 1000031, 1000080 };
	long num = mzg__mz_ms_acc(acc, acclen);

	if (parent == EL_BDA && r->in_spec) {
		if (ims_acc(acc, acclen, ims_external, 4))
			mzg__mz_fatal(r, MZG_EUNSUPPORTED, "%s: arrays are "
			              "stored in an external file (imzML %.*s); "
			              "imzML is not supported", r->name,
			              (int)acclen, acc);
		else
			array_param(r, num, prio, acc, acclen, name, namelen);
	} else if ((parent == EL_SPECTRUM || parent == EL_SCAN) && r->in_spec) {
		spec_param(r, num, prio, value, vlen);
	} else if (parent == EL_FILECONTENT &&
	           ims_acc(acc, acclen, ims_file, 3)) {
		mzg__mz_fatal(r, MZG_EUNSUPPORTED, "%s: this is imzML (imaging "
		              "mass spectrometry, %.*s); its arrays live in a "
		              "separate .ibd file and imzML is not supported",
		              r->name, (int)acclen, acc);
	}
}

/* ---- referenceableParamGroups ---- */

void mzg__mz_group_begin(mzg_mzml *r, const char *id, size_t len)
{
	mz_group *g;

	r->cur_group = -1;
	if (mzg__grow((void **)&r->groups, &r->groups_cap, r->ngroups + 1,
	              sizeof *r->groups) < 0)
		goto oom;
	g = &r->groups[r->ngroups];
	memset(g, 0, sizeof *g);
	g->id = mzg__strndup(id ? id : "", id ? len : 0);
	if (!g->id)
		goto oom;
	g->order = r->ngroups;
	r->cur_group = (long)r->ngroups++;
	r->groups_sorted = 0;
	return;
oom:
	mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
}

void mzg__mz_group_param(mzg_mzml *r, const char *acc, size_t alen,
                         const char *name, size_t nlen, const char *value,
                         size_t vlen)
{
	mz_group *g;
	mz_param *p;

	if (r->cur_group < 0)
		return;
	g = &r->groups[r->cur_group];
	if (mzg__grow((void **)&g->p, &g->cap, g->n + 1, sizeof *g->p) < 0)
		goto oom;
	p = &g->p[g->n];
	p->acc = mzg__strndup(acc, alen);
	p->name = mzg__strndup(name, nlen);
	p->value = mzg__strndup(value, vlen);
	if (!p->acc || !p->name || !p->value) {
		free(p->acc);
		free(p->name);
		free(p->value);
		goto oom;
	}
	g->n++;
	return;
oom:
	mzg__mz_fatal(r, MZG_ENOMEM, "%s: out of memory", r->name);
}

/* qsort order: by id, then definition order (so the first wins). */
static int group_cmp(const void *a, const void *b)
{
	const mz_group *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

void mzg__mz_groups_done(mzg_mzml *r)
{
	size_t i;

	r->cur_group = -1;
	if (r->ngroups > 1)
		qsort(r->groups, r->ngroups, sizeof *r->groups, group_cmp);
	for (i = 1; i < r->ngroups; i++)
		if (!strcmp(r->groups[i].id, r->groups[i - 1].id))
			mzg__mz_warn(r, "%s: referenceableParamGroup '%s' is "
			             "defined twice; the first definition is used",
			             r->name, r->groups[i].id);
	r->groups_sorted = 1;
}

/* Find a group by id: binary search once sorted, else a linear scan. */
static const mz_group *find_group(const mzg_mzml *r, const char *ref,
                                  size_t len)
{
	size_t lo = 0, hi = r->ngroups, i;

	if (!r->groups_sorted) {
		for (i = 0; i < r->ngroups; i++)
			if (strlen(r->groups[i].id) == len &&
			    !memcmp(r->groups[i].id, ref, len))
				return &r->groups[i];
		return NULL;
	}
	while (lo < hi) { /* first element >= ref */
		size_t mid = lo + (hi - lo) / 2;
		const char *id = r->groups[mid].id;
		size_t il = strlen(id);
		int c = memcmp(id, ref, il < len ? il : len);

		if (c < 0 || (c == 0 && il < len))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->ngroups && strlen(r->groups[lo].id) == len &&
	    !memcmp(r->groups[lo].id, ref, len))
		return &r->groups[lo];
	return NULL;
}

void mzg__mz_group_ref(mzg_mzml *r, int parent, const char *ref, size_t len)
{
	const mz_group *g = find_group(r, ref ? ref : "", ref ? len : 0);
	size_t i;

	if (!g) {
		mzg__mz_warn(r, "%s: referenceableParamGroupRef '%.*s' names no "
		             "group; ignored", r->name, (int)(len > 60 ? 60 : len),
		             ref ? ref : "");
		return;
	}
	for (i = 0; i < g->n; i++)
		mzg__mz_param(r, parent, PRIO_GROUP, g->p[i].acc,
		              strlen(g->p[i].acc), g->p[i].name,
		              strlen(g->p[i].name), g->p[i].value,
		              strlen(g->p[i].value));
}

void mzg__mz_groups_free(mzg_mzml *r)
{
	size_t i, j;

	for (i = 0; i < r->ngroups; i++) {
		for (j = 0; j < r->groups[i].n; j++) {
			free(r->groups[i].p[j].acc);
			free(r->groups[i].p[j].name);
			free(r->groups[i].p[j].value);
		}
		free(r->groups[i].p);
		free(r->groups[i].id);
	}
	free(r->groups);
	r->groups = NULL;
	r->ngroups = r->groups_cap = 0;
}
