/*
 * report_tsv.c -- calls.tsv and genotypes.tsv.
 *
 * calls.tsv is the record of a run: one row per pad x assay with the call,
 * its quality and every figure behind it, in the column order of SPEC 5.
 * It is also what `mzgeno review` reads back, so one function formats a
 * row whether it comes from a run or from a calls.tsv read earlier, and
 * the numbers have fixed formats that read back to the same text.
 * genotypes.tsv is the sample x assay matrix that analysts load.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "json.h"
#include "qc_priv.h"
#include "report_priv.h"

const char mzg__calls_header[] =
	"chip\twell\tsample\trole\tmultiplex\tassay\tgenotype\tquality\t"
	"probability\tallele1\tallele2\theight1\theight2\theight_uep\tsnr1\t"
	"snr2\tsnr_uep\textension\ttheta\tmass_error_ppm\tflags";

int mzg__tsv_text(mzg_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s, *run = u;
	size_t start = b->len, i;
	int rc = MZG_OK;

	if (!s || !*s)
		return mzg__buf_puts(b, ".");
	/* invalid UTF-8 becomes U+FFFD, as in qc.json, so every file of a
	 * report set carries the same text and reads back to it */
	while (*u && rc == MZG_OK) {
		size_t n = mzg__utf8_len(u);

		if (n) {
			u += n;
			continue;
		}
		rc = mzg__buf_append(b, (const char *)run, (size_t)(u - run)) |
		     mzg__buf_puts(b, "\xEF\xBF\xBD");
		run = ++u;
	}
	if (rc < 0 ||
	    (rc = mzg__buf_append(b, (const char *)run, (size_t)(u - run))) < 0)
		return rc;
	for (i = start; i < b->len; i++)
		if (b->s[i] == '\t' || b->s[i] == '\n' || b->s[i] == '\r')
			b->s[i] = ' ';
	return MZG_OK;
}

/* Drop the sign of a formatted zero ("-0.00" -> "0.00"). */
static int put_number(mzg_buf *b, const char *t)
{
	if (t[0] == '-' && strspn(t + 1, "0.") == strlen(t + 1))
		t++;
	return mzg__buf_puts(b, t);
}

int mzg__tsv_fixed(mzg_buf *b, double v, int decimals)
{
	char t[512];

	if (!isfinite(v))
		return mzg__buf_puts(b, "NA");
	mzg__fmt_fixed(t, sizeof t, v, decimals);
	return put_number(b, t);
}

int mzg__tsv_sig(mzg_buf *b, double v, int digits)
{
	char t[64];

	if (!isfinite(v))
		return mzg__buf_puts(b, "NA");
	mzg__fmt_sig(t, sizeof t, v, digits);
	return put_number(b, t);
}

int mzg__tsv_flush(mzg_buf *b, FILE *fp)
{
	if (b->len && fwrite(b->s, 1, b->len, fp) != b->len)
		return mzg__err(MZG_EIO, "write failed: %s", strerror(errno));
	mzg__buf_reset(b);
	return MZG_OK;
}

static int tab(mzg_buf *b)
{
	return mzg__buf_append(b, "\t", 1);
}

int mzg__calls_row_format(mzg_buf *b, const char *chip,
                          const mzg_calls_row *r)
{
	char q[2] = { r->quality, 0 }, a1[2] = { r->allele1, 0 };
	char a2[2] = { r->allele2, 0 };
	int rc = 0;

	rc |= mzg__tsv_text(b, chip) | tab(b) | mzg__tsv_text(b, r->well) |
	      tab(b) | mzg__tsv_text(b, r->sample) | tab(b) |
	      mzg__tsv_text(b, r->role) | tab(b) |
	      mzg__tsv_text(b, r->multiplex) | tab(b) |
	      mzg__tsv_text(b, r->assay) | tab(b) |
	      mzg__tsv_text(b, r->genotype) | tab(b) | mzg__tsv_text(b, q) |
	      tab(b);
	rc |= mzg__tsv_fixed(b, r->probability, MZG__DEC_PROB) | tab(b) |
	      mzg__tsv_text(b, a1) | tab(b) | mzg__tsv_text(b, a2) | tab(b);
	rc |= mzg__tsv_sig(b, r->height1, MZG__SIG_HEIGHT) | tab(b) |
	      mzg__tsv_sig(b, r->height2, MZG__SIG_HEIGHT) | tab(b) |
	      mzg__tsv_sig(b, r->height_uep, MZG__SIG_HEIGHT) | tab(b);
	rc |= mzg__tsv_fixed(b, r->snr1, MZG__DEC_SNR) | tab(b) |
	      mzg__tsv_fixed(b, r->snr2, MZG__DEC_SNR) | tab(b) |
	      mzg__tsv_fixed(b, r->snr_uep, MZG__DEC_SNR) | tab(b);
	rc |= mzg__tsv_fixed(b, r->extension, MZG__DEC_RATIO) | tab(b) |
	      mzg__tsv_fixed(b, r->theta, MZG__DEC_RATIO) | tab(b) |
	      mzg__tsv_fixed(b, r->mass_error_ppm, MZG__DEC_PPM) | tab(b) |
	      mzg__tsv_text(b, r->flags) | mzg__buf_puts(b, "\n");
	return rc ? MZG_ENOMEM : MZG_OK;
}

/* ---- calls.tsv from a run ---- */

static char allele_letter(const mzg_assay *a, int i)
{
	return a && i >= 0 && i < a->n_alleles && i < MZG_MAX_ALLELES ?
	       a->allele[i] : '.';
}

static int flags_text(char **out, const mzg_call *c, const mzg_assay *a)
{
	size_t need = mzg_call_flags_format(NULL, 0, c, a);
	char *s = mzg__malloc_array(need + 1, 1);

	if (!s)
		return mzg__err(MZG_ENOMEM, "out of memory");
	mzg_call_flags_format(s, need + 1, c, a);
	*out = s;
	return MZG_OK;
}

/* Fill a row view of pad @p p's call @p c (of assay @p a, or a pad
 * without calls when @p c is NULL). r->flags is malloc'ed. */
static int row_of(mzg_calls_row *r, const mzg_run *run, const mzg_pad *p,
                  const mzg_call *c, const mzg_assay *a)
{
	const mzg_design *d = run->design;
	mzg_call none;

	memset(r, 0, sizeof *r);
	memcpy(r->well, p->well, 4);
	r->sample = p->sample;
	r->role = (char *)mzg_role_name(p->role);
	r->multiplex = p->plex >= 0 && (size_t)p->plex < d->n_plex ?
	               d->plex[p->plex].name : NULL;
	r->assay = a ? a->id : NULL;
	if (!c) { /* a pad without a multiplex: one row, quality I (or N) */
		mzg_call_init(&none);
		none.quality = p->status == MZG_PAD_OK ? MZG_Q_N : MZG_Q_I;
		none.flags = none.quality == MZG_Q_I ? MZG_CF_PAD_FAILED : 0;
		none.note = p->reason;
		c = &none;
	}
	mzg_genotype_text(r->genotype, a, c->allele1, c->allele2,
	                  mzg__qc_called(c) ? c->genotype : MZG_GT_NOCALL);
	r->quality = (char)c->quality;
	r->probability = c->probability;
	r->allele1 = allele_letter(a, c->allele1);
	r->allele2 = allele_letter(a, c->allele2);
	r->height1 = c->height1;
	r->height2 = c->height2;
	r->height_uep = c->height_uep;
	r->snr1 = c->snr1;
	r->snr2 = c->snr2;
	r->snr_uep = c->snr_uep;
	r->extension = c->extension;
	r->theta = c->theta;
	r->mass_error_ppm = c->mass_error_ppm;
	return flags_text(&r->flags, c, a);
}

static int pad_rows(mzg_buf *b, const mzg_run *run, const mzg_pad *p)
{
	const mzg_design *d = run->design;
	const mzg_plex *px = p->plex >= 0 && (size_t)p->plex < d->n_plex ?
	                     &d->plex[p->plex] : NULL;
	size_t k, n = px ? p->n_calls : 0;
	mzg_calls_row r;
	int rc = MZG_OK;

	if (px && n > px->n_assays)
		return mzg__err(MZG_EINTERNAL, "pad %s: %zu calls for %zu assays",
		                p->well, n, px->n_assays);
	for (k = 0; k < (n ? n : 1) && rc == MZG_OK; k++) {
		if ((rc = row_of(&r, run, p, n ? &p->calls[k] : NULL,
		                 n ? &px->assays[k] : NULL)) < 0)
			break;
		rc = mzg__calls_row_format(b, run->chip, &r);
		free(r.flags);
	}
	return rc;
}

int mzg_report_calls_tsv(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                         void *payload)
{
	mzg_buf b = { 0 };
	size_t i;
	int rc;

	(void)qc;
	(void)payload;
	if (!run || !run->design)
		return mzg__err(MZG_EINVAL, "calls.tsv of a run without a design");
	rc = mzg__buf_printf(&b, "%s\n", mzg__calls_header);
	for (i = 0; i < run->n_pads && rc == MZG_OK; i++) {
		rc = pad_rows(&b, run, &run->pads[i]);
		if (rc == MZG_OK && b.len > 65536)
			rc = mzg__tsv_flush(&b, fp);
	}
	if (rc == MZG_OK)
		rc = mzg__tsv_flush(&b, fp);
	mzg__buf_free(&b);
	return rc;
}

int mzg_calls_write(FILE *fp, const mzg_calls *c)
{
	mzg_buf b = { 0 };
	size_t i;
	int rc;

	rc = mzg__buf_printf(&b, "%s\n", mzg__calls_header);
	for (i = 0; i < c->n && rc == MZG_OK; i++) {
		rc = mzg__calls_row_format(&b, c->chip, &c->rows[i]);
		if (rc == MZG_OK && b.len > 65536)
			rc = mzg__tsv_flush(&b, fp);
	}
	if (rc == MZG_OK)
		rc = mzg__tsv_flush(&b, fp);
	mzg__buf_free(&b);
	return rc;
}

/* ---- genotypes.tsv ---- */

static int genotype_cell(mzg_buf *b, const mzg_run *run, const mzg_pad *p,
                         size_t plex, size_t k)
{
	const mzg_assay *a = &run->design->plex[plex].assays[k];
	const mzg_call *c;
	char gt[3];

	if (p->plex < 0 || (size_t)p->plex != plex || k >= p->n_calls)
		return mzg__buf_puts(b, "\t-");
	c = &p->calls[k];
	mzg_genotype_text(gt, a, c->allele1, c->allele2,
	                  mzg__qc_called(c) ? c->genotype : MZG_GT_NOCALL);
	return mzg__buf_printf(b, "\t%s", gt);
}

int mzg_report_genotypes_tsv(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                             void *payload)
{
	const mzg_design *d = run ? run->design : NULL;
	mzg_buf b = { 0 };
	size_t i, j, k;
	int rc;

	(void)qc;
	(void)payload;
	if (!d)
		return mzg__err(MZG_EINVAL, "genotypes.tsv of a run without a design");
	rc = mzg__buf_puts(&b, "well\tsample");
	for (j = 0; j < d->n_plex && rc == MZG_OK; j++)
		for (k = 0; k < d->plex[j].n_assays && rc == MZG_OK; k++)
			rc = mzg__buf_append(&b, "\t", 1) |
			     mzg__tsv_text(&b, d->plex[j].assays[k].id);
	rc = rc ? MZG_ENOMEM : mzg__buf_puts(&b, "\n");
	for (i = 0; i < run->n_pads && rc == MZG_OK; i++) {
		const mzg_pad *p = &run->pads[i];

		rc = mzg__buf_printf(&b, "%s\t", p->well) |
		     mzg__tsv_text(&b, p->sample);
		for (j = 0; j < d->n_plex && rc == MZG_OK; j++)
			for (k = 0; k < d->plex[j].n_assays && rc == MZG_OK; k++)
				rc = genotype_cell(&b, run, p, j, k);
		rc = rc ? MZG_ENOMEM : mzg__buf_puts(&b, "\n");
		if (rc == MZG_OK && b.len > 65536)
			rc = mzg__tsv_flush(&b, fp);
	}
	if (rc == MZG_OK)
		rc = mzg__tsv_flush(&b, fp);
	mzg__buf_free(&b);
	return rc;
}
