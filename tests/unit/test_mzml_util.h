/*
 * test_mzml_util.h -- helpers shared by the mzML unit tests: base64 (and
 * zlib) encoding of test arrays, and a small builder of hand-made mzML
 * documents ("<@" in templates becomes "<" plus a namespace prefix) with
 * a reader that collects what each spectrum gave.
 */
#ifndef MZG_TEST_MZML_UTIL_H
#define MZG_TEST_MZML_UTIL_H

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <CUnit/CUnit.h>

#include "internal.h"
#include "mzgeno/mzml.h"
#include "runner.h"

#define MZG_TEST_UNUSED __attribute__((unused))

/* Base64 of @p n bytes (zlib-compressed first if @p z). malloc'ed. */
static MZG_TEST_UNUSED char *tb64(const void *data, size_t n, int z)
{
	static const char al[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	unsigned char *zb = NULL;
	char *out, *o;
	size_t i;

	if (z) {
		uLongf zl = compressBound((uLong)n);

		zb = malloc(zl ? zl : 1);
		if (!zb || compress2(zb, &zl, data, (uLong)n, 6) != Z_OK) {
			free(zb);
			return NULL;
		}
		p = zb;
		n = zl;
	}
	out = malloc(n / 3 * 4 + 5);
	if (!out) {
		free(zb);
		return NULL;
	}
	for (i = 0, o = out; i + 2 < n; i += 3, o += 4) {
		o[0] = al[p[i] >> 2];
		o[1] = al[(p[i] & 3) << 4 | p[i + 1] >> 4];
		o[2] = al[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		o[3] = al[p[i + 2] & 63];
	}
	if (n - i == 1) {
		o[0] = al[p[i] >> 2];
		o[1] = al[(p[i] & 3) << 4];
		o[2] = o[3] = '=';
		o += 4;
	} else if (n - i == 2) {
		o[0] = al[p[i] >> 2];
		o[1] = al[(p[i] & 3) << 4 | p[i + 1] >> 4];
		o[2] = al[(p[i + 1] & 15) << 2];
		o[3] = '=';
		o += 4;
	}
	*o = '\0';
	free(zb);
	return out;
}

#define NS_DEFAULT "xmlns=\"http://psi.hupo.org/ms/mzml\""
#define NS_PREFIX "xmlns:ms=\"http://psi.hupo.org/ms/mzml\""
#define CV(acc) "<@cvParam cvRef=\"MS\" accession=\"MS:" acc "\" name=\"x\" value=\"\"/>"
#define MZ64 CV("1000514") CV("1000523") CV("1000576")
#define INT32Z CV("1000515") CV("1000521") CV("1000574")
#define MS1P CV("1000579") CV("1000511") CV("1000128")

static MZG_TEST_UNUSED const double mz3[3] = { 100.0, 200.5, 300.25 };
static MZG_TEST_UNUSED const double in3[3] = { 1.0, 2.0, 3.0 };

/* Append printf output to @p b with "<@" and "</@" given prefix @p pfx. */
static MZG_TEST_UNUSED void tput(mzg_buf *b, const char *pfx, const char *fmt, ...)
	MZG_PRINTF(3, 4);
static MZG_TEST_UNUSED void tput(mzg_buf *b, const char *pfx, const char *fmt, ...)
{
	char *t, *p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	t = malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(t, (size_t)n + 1, fmt, ap);
	va_end(ap);
	for (p = t; *p; p++) {
		if (p[0] == '<' && p[1] == '@') {
			CU_ASSERT(mzg__buf_puts(b, "<") == 0);
			CU_ASSERT(mzg__buf_puts(b, pfx) == 0);
			p++;
		} else if (p[0] == '<' && p[1] == '/' && p[2] == '@') {
			CU_ASSERT(mzg__buf_puts(b, "</") == 0);
			CU_ASSERT(mzg__buf_puts(b, pfx) == 0);
			p += 2;
		} else {
			CU_ASSERT(mzg__buf_append(b, p, 1) == 0);
		}
	}
	free(t);
}

static MZG_TEST_UNUSED void head(mzg_buf *b, const char *pfx, const char *ns,
                 const char *groups)
{
	tput(b, pfx, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	     "<@mzML %s version=\"1.1.0\">\n"
	     "<@cvList count=\"1\"><@cv id=\"MS\" fullName=\"PSI-MS\" URI=\"x\"/>"
	     "</@cvList>\n<@fileDescription><@fileContent/></@fileDescription>\n"
	     "%s<@run id=\"r\" defaultInstrumentConfigurationRef=\"IC\">\n"
	     "<@spectrumList count=\"1\" defaultDataProcessingRef=\"dp\">\n",
	     ns, groups ? groups : "");
}

static MZG_TEST_UNUSED void tail(mzg_buf *b, const char *pfx)
{
	tput(b, pfx, "</@spectrumList></@run></@mzML>\n");
}

/* One spectrum with two arrays given as (attrs, params, text). */
static MZG_TEST_UNUSED void spec(mzg_buf *b, const char *pfx, const char *id, const char *spot,
                 long n, const char *params, const char *a1, const char *p1,
                 const char *t1, const char *a2, const char *p2,
                 const char *t2)
{
	tput(b, pfx, "<@spectrum index=\"0\" id=\"%s\"%s%s%s "
	     "defaultArrayLength=\"%ld\">\n%s\n<@binaryDataArrayList count=\"2\">\n"
	     "<@binaryDataArray encodedLength=\"%zu\"%s>%s<@binary>%s</@binary>"
	     "</@binaryDataArray>\n"
	     "<@binaryDataArray encodedLength=\"%zu\"%s>%s<@binary>%s</@binary>"
	     "</@binaryDataArray>\n</@binaryDataArrayList></@spectrum>\n",
	     id, spot ? " spotID=\"" : "", spot ? spot : "", spot ? "\"" : "",
	     n, params, strlen(t1), a1, p1, t1, strlen(t2), a2, p2, t2);
}

/* Standard m/z (f64) and intensity (f32 + zlib) texts for mz3/in3. */
static MZG_TEST_UNUSED char *mz_text(void)
{
	return tb64(mz3, sizeof mz3, 0);
}

static MZG_TEST_UNUSED char *in_text(void)
{
	float f[3] = { 1, 2, 3 };

	return tb64(f, sizeof f, 1);
}

/* Results of reading a whole document. */
typedef struct res {
	int open_rc, final_rc, n;
	int rc[600];
	mzg_spectrum s[12];      /* the first twelve spectra */
	char msg[12][512];       /* their error messages */
	char final_msg[512];
	int index_ok;
	char note[320];
} res;

static MZG_TEST_UNUSED void res_free(res *r)
{
	int i;

	for (i = 0; i < 12; i++)
		mzg_spectrum_free(&r->s[i]);
}

static MZG_TEST_UNUSED void read_doc(res *o, const char *doc, size_t len,
                     const mzg_mzml_opts *opts)
{
	mzg_spectrum s;
	mzg_mzml *r;
	int rc, i;

	memset(o, 0, sizeof *o);
	for (i = 0; i < 12; i++)
		mzg_spectrum_init(&o->s[i]);
	mzg_spectrum_init(&s);
	o->open_rc = mzg_mzml_open_mem(&r, doc, len, "test.mzML", opts);
	if (o->open_rc < 0) {
		snprintf(o->final_msg, sizeof o->final_msg, "%s", mzg_errmsg());
		return;
	}
	while ((rc = mzg_mzml_next(r, &s)) == 0 || rc == MZG_EDATA) {
		if (o->n < 12) {
			CU_ASSERT(mzg_spectrum_copy(&o->s[o->n], &s) == 0);
			snprintf(o->msg[o->n], sizeof o->msg[0], "%s",
			         rc ? mzg_errmsg() : "");
		}
		if (o->n < 600)
			o->rc[o->n] = rc;
		o->n++;
	}
	o->final_rc = rc;
	snprintf(o->final_msg, sizeof o->final_msg, "%s", mzg_errmsg());
	o->index_ok = mzg_mzml_index_ok(r);
	snprintf(o->note, sizeof o->note, "%s", mzg_mzml_index_note(r));
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
}

static MZG_TEST_UNUSED void read_buf(res *o, mzg_buf *b)
{
	read_doc(o, mzg__buf_cstr(b), b->len, NULL);
}

/* The spectrum holds mz3/in3. */
static MZG_TEST_UNUSED void check_3(const mzg_spectrum *s)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(s->n, 3);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_DOUBLE_EQUAL(s->mz[i], mz3[i], 0);
		CU_ASSERT_DOUBLE_EQUAL(s->intensity[i], in3[i], 0);
	}
}


#endif
