/*
 * report_zoom.c -- the review page's spectrum zooms: which pad x assays
 * need a second look, and the picture of each.
 *
 * A zoom is shown for every pad and assay that a reviewer must decide
 * on: an NTC with allele signal, a positive control typed against its
 * expectation, the assays where a duplicate set disagrees, a reviewer's
 * override, and every no-call of a sample or positive control (D low
 * probability, N no alleles, I bad spectrum). They come in that order of
 * urgency, and a page holds at most max_zooms of them (a chip where
 * everything failed would otherwise carry thousands); the page says how
 * many were left out. Each zoom draws the pad's spectrum snippet with the
 * assay's UEP, allele products and their Na/K adducts where the caller
 * looked for them, the other assays' species of the multiplex in grey,
 * and the calling threshold (snr_min x the pad's noise).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"
#include "qc_priv.h"

#define ZW 340
#define ZH 172
#define ZX0 44.0
#define ZX1 332.0
#define ZY0 16.0
#define ZY1 140.0

#define NOMEM() mzg__err(MZG_ENOMEM, "out of memory")

static const unsigned urgent = MZG__Z_NTC | MZG__Z_POS | MZG__Z_DUP |
                               MZG__Z_E;

static int priority(unsigned why)
{
	return why & urgent ? 0 : why & MZG__Z_D ? 1 : why & MZG__Z_N ? 2 : 3;
}

static unsigned *why_at(mzg__html *h, size_t pad, size_t k)
{
	return &h->why[pad * h->stride + k];
}

static void mark_calls(mzg__html *h)
{
	size_t i, k;

	for (i = 0; i < h->run->n_pads; i++) {
		const mzg_pad *p = &h->run->pads[i];

		if (p->status == MZG_PAD_MISSING || !mzg__qc_counts(p))
			continue;
		for (k = 0; k < p->n_calls && k < h->stride; k++) {
			mzg_quality q = p->calls[k].quality;

			*why_at(h, i, k) |= q == MZG_Q_D ? MZG__Z_D : q == MZG_Q_N ?
			                    MZG__Z_N : q == MZG_Q_I ? MZG__Z_I :
			                    q == MZG_Q_E ? MZG__Z_E : 0;
		}
	}
}

/* Mark pad @p pad, QC assay @p ai (when the pad is of its multiplex). */
static void mark(mzg__html *h, size_t pad, size_t ai, unsigned bit)
{
	const mzg_qc_assay *a = &h->qc->assays[ai];
	const mzg_pad *p = &h->run->pads[pad];

	if (p->plex == a->plex && a->assay >= 0 && (size_t)a->assay < p->n_calls &&
	    (size_t)a->assay < h->stride && p->status != MZG_PAD_MISSING)
		*why_at(h, pad, (size_t)a->assay) |= bit;
}

static void mark_qc(mzg__html *h)
{
	const mzg_qc *q = h->qc;
	size_t i, k, j;

	for (i = 0; i < q->n_controls; i++) {
		const mzg_qc_control *c = &q->controls[i];

		for (k = 0; k < c->n_checks; k++) {
			if (c->role == MZG_ROLE_NTC &&
			    c->checks[k].status == MZG_QC_SIGNAL)
				mark(h, c->pad, c->checks[k].assay, MZG__Z_NTC);
			if (c->role == MZG_ROLE_POSITIVE &&
			    c->checks[k].status == MZG_QC_DISCORDANT)
				mark(h, c->pad, c->checks[k].assay, MZG__Z_POS);
		}
	}
	for (i = 0; i < q->n_dups; i++)
		for (k = 0; k < q->dups[i].n_discordant; k++)
			for (j = 0; j < q->dups[i].n_pads; j++)
				mark(h, q->dups[i].pads[j], q->dups[i].discordant[k],
				     MZG__Z_DUP);
}

static int zoom_cmp(const void *a, const void *b)
{
	const mzg__zoom *x = a, *y = b;
	int px = priority(x->why), py = priority(y->why);

	if (px != py)
		return px < py ? -1 : 1;
	if (x->pad != y->pad)
		return x->pad < y->pad ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static size_t first_kind(unsigned why)
{
	size_t i;

	for (i = 0; i < MZG__Z_KINDS; i++)
		if (why & (1u << i))
			return i;
	return 0;
}

int mzg__html_zoom_plan(mzg__html *h)
{
	const mzg_design *d = h->run->design;
	size_t i, k, n = 0;

	h->stride = 1;
	for (i = 0; i < d->n_plex; i++)
		if (d->plex[i].n_assays > h->stride)
			h->stride = d->plex[i].n_assays;
	if (h->run->n_pads > SIZE_MAX / h->stride)
		return NOMEM();
	h->why = mzg__calloc_array(h->run->n_pads * h->stride + 1, sizeof *h->why);
	if (!h->why)
		return NOMEM();
	mark_calls(h);
	mark_qc(h);
	for (i = 0; i < h->run->n_pads * h->stride; i++)
		n += h->why[i] != 0;
	h->zooms = mzg__calloc_array(n + 1, sizeof *h->zooms);
	if (!h->zooms)
		return NOMEM();
	for (i = 0; i < h->run->n_pads; i++)
		for (k = 0; k < h->stride; k++) {
			unsigned w = *why_at(h, i, k);

			if (!w)
				continue;
			h->zooms[h->n_flagged++] = (mzg__zoom){ i, k, w };
			h->n_by_kind[first_kind(w)]++;
		}
	qsort(h->zooms, h->n_flagged, sizeof *h->zooms, zoom_cmp);
	h->n_zooms = h->n_flagged < h->max_zooms ? h->n_flagged : h->max_zooms;
	return MZG_OK;
}

/* ---- drawing ---- */

static int badges(mzg_buf *b, unsigned why)
{
	static const char *const text[MZG__Z_KINDS] = { "NTC signal",
		"positive discordant", "duplicate discordant", "override",
		"low probability (D)", "no alleles (N)", "bad spectrum (I)" };
	size_t i;
	int rc = 0;

	for (i = 0; i < MZG__Z_KINDS; i++)
		if (why & (1u << i))
			rc |= mzg__buf_printf(b, "<span class=\"badge %s\">%s</span>",
			                      i < 3 || i == 6 ? "f" : "w", text[i]);
	return rc;
}

static double zx(const mzg_snippet *s, double mz)
{
	return ZX0 + (mz - s->mz0) / (s->mz1 - s->mz0) * (ZX1 - ZX0);
}

typedef struct yscale {
	double lo, hi;
} yscale;

static double zy(const yscale *y, double v)
{
	v = v < y->lo ? y->lo : v > y->hi ? y->hi : v;
	return ZY1 - (v - y->lo) / (y->hi - y->lo) * (ZY1 - ZY0);
}

static int signal_path(mzg_buf *b, const mzg_snippet *s, const yscale *y)
{
	double step = (ZX1 - ZX0) / (double)(s->n - 1);
	size_t i;
	int rc;

	rc = mzg__buf_printf(b, "<path class=\"%s\" d=\"", s->centroid ? "stick" :
	                     "sig");
	for (i = 0; i < s->n; i++) { /* "M%.1f %.1fV%.1f" / "%c%.1f %.1f" */
		if (s->centroid && s->y[i] != 0)
			rc |= mzg__buf_puts(b, "M") |
			      mzg__buf_fixed(b, ZX0 + step * i, 1) |
			      mzg__buf_puts(b, " ") | mzg__buf_fixed(b, zy(y, 0), 1) |
			      mzg__buf_puts(b, "V") |
			      mzg__buf_fixed(b, zy(y, s->y[i]), 1);
		else if (!s->centroid)
			rc |= mzg__buf_puts(b, i ? "L" : "M") |
			      mzg__buf_fixed(b, ZX0 + step * i, 1) |
			      mzg__buf_puts(b, " ") |
			      mzg__buf_fixed(b, zy(y, s->y[i]), 1);
	}
	rc |= mzg__buf_puts(b, "\"/>");
	return rc;
}

/* Class of a target line of the zoomed assay @p k. */
static const char *target_class(const mzg_target *t, const mzg_call *c,
                                size_t k, int *label)
{
	int adduct = t->kind == MZG_T_NA || t->kind == MZG_T_K;

	*label = !adduct;
	if ((size_t)t->assay != k)
		return *label = 0, "tother";
	if (t->allele < 0)
		return adduct ? "tu tadd" : "tu";
	if (t->allele == c->allele1)
		return adduct ? "ta0 tadd" : "ta0";
	if (t->allele == c->allele2)
		return adduct ? "ta1 tadd" : "ta1";
	return adduct ? "tax tadd" : "tax";
}

/* The assay's own species as labelled lines with a tooltip each; the
 * other assays' species of the multiplex as one grey path (they only
 * show what could overlap). */
static int targets(mzg_buf *b, const mzg_plex *px, const mzg_target *t,
                   size_t n, const mzg_snippet *s, const mzg_call *c,
                   size_t k)
{
	const mzg_assay *a = &px->assays[k];
	char desc[128];
	size_t i, others = 0;
	int rc = 0, label;

	for (i = 0; i < n; i++) {
		const char *cls;
		double x;

		if (t[i].mass < s->mz0 || t[i].mass > s->mz1)
			continue;
		cls = target_class(&t[i], c, k, &label);
		x = zx(s, t[i].mass);
		if ((size_t)t[i].assay != k) {
			rc |= mzg__buf_printf(b, "%sM%.1f %.0fV%.0f", others++ ? "" :
			                      "<path class=\"tother\" d=\"", x, ZY0, ZY1);
			continue;
		}
		mzg_target_describe(desc, sizeof desc, px, &t[i]);
		rc |= mzg__buf_printf(b, "%s<line class=\"%s\" x1=\"%.1f\" "
		                      "y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"><title>",
		                      others ? "\"/>" : "", cls, x, ZY0, x, ZY1) |
		      mzg__html_esc(b, desc) |
		      mzg__buf_printf(b, " %.2f Da</title></line>", t[i].mass);
		others = 0;
		if (label)
			rc |= mzg__buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" "
			                      "text-anchor=\"middle\">%s%c</text>", x,
			                      ZY0 - 4, t[i].allele < 0 ? "UEP" : "",
			                      t[i].allele < 0 ? ' ' :
			                      a->allele[t[i].allele]);
	}
	if (others)
		rc |= mzg__buf_puts(b, "\"/>");
	return rc;
}

static int zoom_axes(mzg_buf *b, const mzg_snippet *s, const yscale *y,
                     double thr, double snr_min)
{
	double step = s->mz1 - s->mz0 > 300 ? 100 : 50, m;
	int rc;

	rc = mzg__buf_printf(b, "<line class=\"ax\" x1=\"%.0f\" y1=\"%.1f\" "
	                     "x2=\"%.0f\" y2=\"%.1f\"/>", ZX0, zy(y, 0), ZX1,
	                     zy(y, 0));
	for (m = ceil(s->mz0 / step) * step; m <= s->mz1; m += step)
		rc |= mzg__buf_printf(b, "<line class=\"ax\" x1=\"%.1f\" y1=\"%.0f\" "
		                      "x2=\"%.1f\" y2=\"%.0f\"/><text x=\"%.1f\" "
		                      "y=\"%.0f\" text-anchor=\"middle\">%.0f</text>",
		                      zx(s, m), ZY1, zx(s, m), ZY1 + 4, zx(s, m),
		                      ZY1 + 15, m);
	rc |= mzg__buf_printf(b, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">"
	                      "m/z (calibrated)</text><text x=\"%.0f\" y=\"%.1f\" "
	                      "text-anchor=\"end\">", (ZX0 + ZX1) / 2, ZH - 2,
	                      ZX0 - 3, ZY0 + 4) | mzg__html_num(b, y->hi, 3) |
	      mzg__buf_puts(b, "</text>");
	if (thr > 0 && thr < y->hi)
		rc |= mzg__buf_printf(b, "<line class=\"thr\" x1=\"%.0f\" y1=\"%.1f\" "
		                      "x2=\"%.0f\" y2=\"%.1f\"/><text x=\"%.0f\" "
		                      "y=\"%.1f\" text-anchor=\"end\">SNR %g</text>",
		                      ZX0, zy(y, thr), ZX1, zy(y, thr), ZX0 - 3,
		                      zy(y, thr) + 3, snr_min);
	return rc;
}

static int zoom_svg(mzg__html *h, const mzg_pad *p, size_t k,
                    const mzg_snippet *s)
{
	const mzg_plex *px = &h->run->design->plex[p->plex];
	double thr = h->snr_min * p->noise, top = 0, low = 0;
	mzg_target *t = NULL;
	size_t n = 0, i;
	yscale y;
	int rc;

	for (i = 0; i < s->n; i++) {
		top = fmax(top, s->y[i]);
		low = fmin(low, s->y[i]);
	}
	top = fmax(top, isfinite(thr) ? thr * 1.15 : 0);
	y.hi = top > 0 ? top * 1.05 : 1;
	y.lo = fmax(low, -0.15 * y.hi);
	if ((rc = mzg_plex_targets(&t, &n, px, MZG_TMASK(MZG_T_UEP) |
	                           MZG_TMASK(MZG_T_ALLELE) | MZG_TMASK(MZG_T_NA) |
	                           MZG_TMASK(MZG_T_K))) < 0)
		return rc;
	rc = mzg__buf_printf(&h->b, "<svg class=\"zoom\" width=\"%d\" height=\"%d\" "
	                     "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\""
	                     "spectrum of %s\">", ZW, ZH, ZW, ZH, p->well) |
	     zoom_axes(&h->b, s, &y, thr, h->snr_min) |
	     targets(&h->b, px, t, n, s, &p->calls[k], k) |
	     signal_path(&h->b, s, &y) | mzg__buf_puts(&h->b, "</svg>");
	free(t);
	return rc ? NOMEM() : MZG_OK;
}

static int zoom_caption(mzg__html *h, const mzg_pad *p, size_t k,
                        const mzg_assay *a, unsigned why)
{
	const mzg_call *c = &p->calls[k];
	mzg_buf *b = &h->b;
	char gt[16], bg[3];
	int rc;

	rc = mzg__buf_printf(b, "<figure id=\"z-%s-%zu\" class=\"zplot\" data-w="
	                     "\"%s\"><figcaption><b><a href=\"#pad-%s\">%s</a></b> ",
	                     p->well, k, p->well, p->well, p->well) |
	     mzg__html_esc(b, p->sample) | mzg__buf_puts(b, " " DOT " <b>") |
	     mzg__html_esc(b, a->id) | mzg__buf_puts(b, "</b> ") | badges(b, why) |
	     mzg__buf_printf(b, "<br>%s, quality %c", mzg__html_gt(gt, a, c),
	                     (char)c->quality);
	if (c->quality == MZG_Q_D)
		rc |= mzg__buf_printf(b, ", best guess %s (p %.4f)",
		                      mzg_genotype_text(bg, a, c->allele1, c->allele2,
		                                        c->best_guess), c->probability);
	rc |= mzg__buf_printf(b, " " DOT " SNR %.1f / %.1f, UEP %.1f", c->snr1,
	                      c->snr2, c->snr_uep);
	if (c->note && *c->note)
		rc |= mzg__buf_puts(b, " " DOT " ") | mzg__html_esc(b, c->note);
	else if (p->reason && c->quality == MZG_Q_I)
		rc |= mzg__buf_puts(b, " " DOT " ") | mzg__html_esc(b, p->reason);
	rc |= mzg__buf_puts(b, "</figcaption>");
	return rc ? NOMEM() : MZG_OK;
}

static int zoom(mzg__html *h, const mzg__zoom *z)
{
	const mzg_pad *p = &h->run->pads[z->pad];
	const mzg_assay *a = mzg__html_assay(h, p, z->k);
	const mzg_snippet *s = p->snippets ? &p->snippets[z->k] : NULL;
	int rc;

	if (!a)
		return MZG_OK;
	if ((rc = zoom_caption(h, p, z->k, a, z->why)) < 0)
		return rc;
	if (s && s->n >= 2 && s->y && s->mz1 > s->mz0)
		rc = zoom_svg(h, p, z->k, s);
	else
		rc = mzg__buf_puts(&h->b, "<p class=\"note\">No spectrum snippet "
		                   "is stored for this pad and assay.</p>") < 0 ?
		     NOMEM() : MZG_OK;
	if (rc == MZG_OK && mzg__buf_puts(&h->b, "</figure>\n") < 0)
		rc = NOMEM();
	return rc;
}

static int left_out(mzg__html *h)
{
	static const char *const kind[MZG__Z_KINDS] = { "NTC signal",
		"positive discordant", "duplicate discordant", "override",
		"D", "N", "I" };
	size_t i, by[MZG__Z_KINDS] = { 0 };
	int rc;

	if (h->n_zooms == h->n_flagged)
		return MZG_OK;
	for (i = h->n_zooms; i < h->n_flagged; i++)
		by[first_kind(h->zooms[i].why)]++;
	rc = mzg__buf_printf(&h->b, "<p class=\"note\" id=\"zooms-left-out\">%zu "
	                     "more flagged pad &#215; assays are not drawn (at most "
	                     "%zu per page):", h->n_flagged - h->n_zooms,
	                     h->max_zooms);
	for (i = 0; i < MZG__Z_KINDS; i++)
		if (by[i])
			rc |= mzg__buf_printf(&h->b, " %s %zu", kind[i], by[i]);
	rc |= mzg__buf_puts(&h->b, ". Their snippets are in snippets.tsv.</p>\n");
	return rc ? NOMEM() : MZG_OK;
}

int mzg__html_zooms(mzg__html *h)
{
	static const char *const group[] = {
		"Controls, duplicates and overrides", "Low probability (D)",
		"No alleles (N)", "Bad spectrum (I)" };
	size_t z;
	int rc, open = -1;

	rc = mzg__buf_printf(&h->b, "<section id=\"zooms\"><h2>Flagged spectra "
	                     "(%zu)</h2><p class=\"legend\">The processed spectrum "
	                     "around each assay: <span style=\"color:#333\">UEP"
	                     "</span> (dashed), <span style=\"color:var(--g0)\">"
	                     "allele 1</span>, <span style=\"color:var(--g2)\">"
	                     "allele 2</span>, dotted: their Na/K adducts, grey: "
	                     "other assays of the multiplex, dashed grey: the "
	                     "calling threshold.</p>\n", h->n_flagged) < 0 ?
	     NOMEM() : MZG_OK;
	if (rc == MZG_OK && !h->n_flagged &&
	    mzg__buf_puts(&h->b, "<p class=\"note\">Nothing flagged.</p>\n") < 0)
		rc = NOMEM();
	for (z = 0; rc == MZG_OK && z < h->n_zooms; z++) {
		int g = priority(h->zooms[z].why);

		if (g != open && mzg__buf_printf(&h->b, "%s<h3>%s</h3><div class=\""
		                                 "grid\">\n", open >= 0 ? "</div>" :
		                                 "", group[g]) < 0)
			rc = NOMEM();
		open = g;
		if (rc == MZG_OK)
			rc = zoom(h, &h->zooms[z]);
		if (rc == MZG_OK && h->b.len > 65536)
			rc = mzg__tsv_flush(&h->b, h->fp);
	}
	if (rc == MZG_OK && open >= 0 && mzg__buf_puts(&h->b, "</div>\n") < 0)
		rc = NOMEM();
	if (rc == MZG_OK)
		rc = left_out(h);
	if (rc == MZG_OK && mzg__buf_puts(&h->b, "</section>\n") < 0)
		rc = NOMEM();
	return rc;
}
