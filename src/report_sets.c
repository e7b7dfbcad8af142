/*
 * report_sets.c -- the files that make a report set reviewable on its
 * own: design.tsv and snippets.tsv.
 *
 * `mzgeno review` starts from a report directory months after the run;
 * the design file may have been edited since and the spectra archived.
 * So every report set carries a copy of the design (in the Agena export
 * format, via mzg_design_write; qc.json already holds the plate sheet as
 * the run used it) and the spectrum snippets behind the review page's
 * zooms, stored compactly:
 * each snippet's points as integers relative to its largest value
 * (per mille), so a 384-pad fas8 chip needs about 2 MB.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_priv.h"

int mzg_report_design_tsv(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                          void *payload)
{
	(void)qc;
	(void)payload;
	if (!run || !run->design)
		return mzg__err(MZG_EINVAL, "design.tsv needs a run with a design");
	return mzg_design_write(fp, run->design);
}

/* ---- snippets.tsv ---- */

const char mzg__snippets_header[] =
	"well\tassay\tkind\tmz_first\tmz_last\tscale\tvalues";

/* lround(x) without the library call for the magnitudes met here. */
static long round_half_away(double x)
{
	long k;
	double f;

	if (!(fabs(x) < 1e15))
		return lround(x);
	k = (long)x;               /* toward zero, exact */
	f = x - (double)k;         /* exact */
	return f >= 0.5 ? k + 1 : f <= -0.5 ? k - 1 : k;
}

/* The values of snippet @p s in 1/MZG__SNIPPET_Q of @p scale, comma
 * separated; the decimal integers written here, not by printf (1.5 MB of
 * them per 384-pad chip: printf was most of the report set's time). */
static int snippet_values(mzg_buf *b, const mzg_snippet *s, double scale)
{
	char line[2048];
	size_t len = 0, i;

	for (i = 0; i < s->n; i++) {
		long v = scale > 0 ? round_half_away(s->y[i] / scale *
		                                     MZG__SNIPPET_Q) : 0L;
		unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
		char dig[24];
		size_t nd = 0;

		if (len > sizeof line - 32) {
			if (mzg__buf_append(b, line, len) < 0)
				return MZG_ENOMEM;
			len = 0;
		}
		if (i)
			line[len++] = ',';
		if (v < 0)
			line[len++] = '-';
		do {
			dig[nd++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		while (nd)
			line[len++] = dig[--nd];
	}
	return mzg__buf_append(b, line, len) < 0 ? MZG_ENOMEM : MZG_OK;
}

static int snippet_row(mzg_buf *b, const mzg_pad *p, const mzg_assay *a,
                       const mzg_snippet *s)
{
	double scale = 0;
	size_t i;
	int rc;

	for (i = 0; i < s->n; i++)
		if (fabs(s->y[i]) > scale)
			scale = fabs(s->y[i]);
	rc = mzg__buf_printf(b, "%s\t", p->well) | mzg__tsv_text(b, a->id) |
	     mzg__buf_puts(b, s->centroid ? "\tcentroid\t" : "\tprofile\t") |
	     mzg__buf_fixed(b, s->mz0, 4) | mzg__buf_puts(b, "\t") |
	     mzg__buf_fixed(b, s->mz1, 4) |
	     mzg__buf_puts(b, "\t") | mzg__buf_sig(b, scale, 6) |
	     mzg__buf_puts(b, "\t");
	if (rc == MZG_OK)
		rc = snippet_values(b, s, scale);
	rc |= mzg__buf_puts(b, "\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

int mzg_report_snippets_tsv(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                            void *payload)
{
	mzg_buf b = { 0 };
	size_t i, k;
	int rc;

	(void)qc;
	(void)payload;
	if (!run || !run->design)
		return mzg__err(MZG_EINVAL, "snippets.tsv needs a run");
	rc = mzg__buf_printf(&b, "# mzgeno snippets/1: processed spectrum "
	                     "around each assay's expected masses, values in "
	                     "1/%d of scale (docs/review.md)\n%s\n",
	                     MZG__SNIPPET_Q, mzg__snippets_header) < 0 ?
	     mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
	for (i = 0; rc == MZG_OK && i < run->n_pads; i++) {
		const mzg_pad *p = &run->pads[i];
		const mzg_plex *px;

		if (!p->snippets || p->plex < 0 ||
		    (size_t)p->plex >= run->design->n_plex)
			continue;
		px = &run->design->plex[p->plex];
		for (k = 0; rc == MZG_OK && k < p->n_calls && k < px->n_assays; k++)
			if (p->snippets[k].n >= 2 && p->snippets[k].y)
				rc = snippet_row(&b, p, &px->assays[k], &p->snippets[k]);
		if (rc == MZG_OK && b.len > 65536)
			rc = mzg__tsv_flush(&b, fp);
	}
	if (rc == MZG_OK)
		rc = mzg__tsv_flush(&b, fp);
	mzg__buf_free(&b);
	return rc;
}
