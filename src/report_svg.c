/*
 * report_svg.c -- the pictures of the review page: one cluster plot per
 * assay and the plate map, as inline SVG.
 *
 * A cluster plot shows every pad of the assay's multiplex as one marker:
 * theta (0 = allele1 only, 1 = allele2 only) against the total allele
 * signal A + B on a log scale, coloured by the call (hom1, het, hom2; no
 * call grey), with NTCs as squares, failed pads as crosses, empty pads
 * hollow and reviewer calls ringed; pads without allele signal sit in a
 * "no signal" column at the left and pads without a theta in a lane
 * below the plot, so none is dropped. The bands are the calling model's
 * clusters (mean +- 2 sd). Each marker carries a <title> (the browser's
 * tooltip: well, sample, call and figures) and data-w, which the page's
 * script uses to highlight the pad in every plot. Colours are the
 * Okabe-Ito palette, which colour-blind readers can tell apart.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"
#include "qc_priv.h"

/* Cluster plot geometry (px). */
#define CW 340
#define CH 262
#define X0 68.0   /* plot area */
#define X1 332.0
#define Y0 10.0
#define Y1 196.0
#define XZ 50.0   /* column of pads without allele signal */
#define LANE 216.0 /* lane of pads without theta */

#define NOMEM() mzg__err(MZG_ENOMEM, "out of memory")

typedef struct xscale {
	double lo, hi;   /* log10 of the signal range */
} xscale;

static double xpos(const xscale *s, double sig)
{
	double v;

	if (!(sig > 0) || !isfinite(sig))
		return XZ;
	v = (log10(sig) - s->lo) / (s->hi - s->lo);
	v = v < 0 ? 0 : v > 1 ? 1 : v;
	return X0 + v * (X1 - X0);
}

static double ypos(double theta)
{
	if (!isfinite(theta))
		return LANE;
	theta = theta < 0 ? 0 : theta > 1 ? 1 : theta;
	return Y1 - theta * (Y1 - Y0);
}

static int in_plex(const mzg_pad *p, int plex, size_t k)
{
	return p->plex == plex && k < p->n_calls;
}

static xscale signal_range(const mzg__html *h, int plex, size_t k)
{
	xscale s = { INFINITY, -INFINITY };
	size_t i;

	for (i = 0; i < h->run->n_pads; i++) {
		const mzg_pad *p = &h->run->pads[i];
		double v;

		if (!in_plex(p, plex, k))
			continue;
		v = p->calls[k].height1 + p->calls[k].height2;
		if (v > 0 && isfinite(v)) {
			s.lo = fmin(s.lo, log10(v));
			s.hi = fmax(s.hi, log10(v));
		}
	}
	if (!isfinite(s.lo)) {
		s.lo = 0;
		s.hi = 1;
	}
	s.lo = floor(s.lo);
	s.hi = ceil(s.hi);
	if (s.hi <= s.lo)
		s.hi = s.lo + 1;
	return s;
}

static const char *tick_text(char out[16], int e)
{
	static const char *const unit[] = { "", "k", "M", "G" };

	if (e < 0 && e >= -3)
		snprintf(out, 16, "%.*f", -e, pow(10, e));
	else if (e < 0 || e > 11)
		snprintf(out, 16, "1e%d", e);
	else
		snprintf(out, 16, "%s%s", e % 3 == 0 ? "1" : e % 3 == 1 ? "10" :
		         "100", unit[e / 3]);
	return out;
}

static int axes(mzg_buf *b, const xscale *s, const char g[3][3])
{
	char t[16];
	int e, rc;

	rc = mzg__buf_printf(b, "<rect class=\"ax\" x=\"%.0f\" y=\"%.0f\" "
	                     "width=\"%.0f\" height=\"%.0f\"/>", X0, Y0, X1 - X0,
	                     Y1 - Y0);
	for (e = (int)s->lo; e <= (int)s->hi; e++) {
		double x = X0 + (e - s->lo) / (s->hi - s->lo) * (X1 - X0);

		rc |= mzg__buf_printf(b, "<line class=\"gridl\" x1=\"%.1f\" "
		                      "y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/><text "
		                      "x=\"%.1f\" y=\"240\" text-anchor=\"middle\">"
		                      "%s</text>", x, Y0, x, Y1, x,
		                      tick_text(t, e));
	}
	rc |= mzg__buf_printf(b, "<text x=\"%.0f\" y=\"240\" text-anchor=\"middle"
	                      "\">0</text><text x=\"%.0f\" y=\"256\" text-anchor="
	                      "\"middle\">allele signal A+B (log)</text>", XZ,
	                      (X0 + X1) / 2);
	rc |= mzg__buf_printf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">"
	                      "%s</text><text x=\"%.0f\" y=\"%.1f\" text-anchor="
	                      "\"end\">%s</text><text x=\"%.0f\" y=\"%.1f\" "
	                      "text-anchor=\"end\">%s</text><text x=\"%.0f\" "
	                      "y=\"%.1f\" text-anchor=\"end\">no " THETA "</text>"
	                      "<text x=\"14\" y=\"%.0f\" text-anchor=\"middle\">"
	                      THETA "</text><text x=\"14\" y=\"%.0f\" "
	                      "text-anchor=\"middle\">&#8593;</text>",
	                      XZ - 8, Y1 + 3, g[0], XZ - 8, (Y0 + Y1) / 2 + 3,
	                      g[1], XZ - 8, Y0 + 6, g[2], XZ - 8, LANE + 3,
	                      (Y0 + Y1) / 2 - 20, (Y0 + Y1) / 2 - 32);
	return rc ? NOMEM() : MZG_OK;
}

/* The model's clusters: band mean +- 2 sd and a dashed line at the mean. */
static int bands(mzg_buf *b, const mzg_assay_fit *f)
{
	int k, rc = 0;

	if (!f || f->mode != MZG_FIT_CLUSTER)
		return MZG_OK;
	for (k = 0; k < 3; k++) {
		double m = f->mean[k], sd = f->sd[k], hi, lo;

		if (!(f->weight[k] >= 0.005) || !isfinite(m) || !isfinite(sd))
			continue;
		hi = ypos(fmin(1, m + 2 * sd));
		lo = ypos(fmax(0, m - 2 * sd));
		rc |= mzg__buf_printf(b, "<rect class=\"band b%d\" x=\"%.0f\" "
		                      "y=\"%.1f\" width=\"%.0f\" height=\"%.1f\"/>"
		                      "<line class=\"mean m%d\" x1=\"%.0f\" y1=\"%.1f\""
		                      " x2=\"%.0f\" y2=\"%.1f\"/>", k, X0, hi, X1 - X0,
		                      lo - hi, k, X0, ypos(m), X1, ypos(m));
	}
	return rc ? NOMEM() : MZG_OK;
}

/* Tooltip text of one pad's call (newlines show as line breaks). */
static int call_title(mzg_buf *b, const mzg_pad *p, const mzg_call *c,
                      const mzg_assay *a)
{
	char gt[16], bg[3];
	char a1 = c->allele1 >= 0 && c->allele1 < a->n_alleles ?
	          a->allele[c->allele1] : '?';
	char a2 = c->allele2 >= 0 && c->allele2 < a->n_alleles ?
	          a->allele[c->allele2] : '?';
	int rc;

	rc = mzg__buf_printf(b, "<title>%s " DOT " ", p->well) |
	     mzg__html_esc(b, p->sample) |
	     mzg__buf_printf(b, " (%s)\n%s " DOT " quality %c", mzg_role_name(p->role),
	                     mzg__html_gt(gt, a, c), (char)c->quality);
	if (c->quality == MZG_Q_D)
		rc |= mzg__buf_printf(b, " " DOT " best guess %s (p ",
		                      mzg_genotype_text(bg, a, c->allele1, c->allele2,
		                                        c->best_guess)) |
		      mzg__buf_fixed(b, c->probability, 4) | mzg__buf_puts(b, ")");
	else if (mzg__qc_called(c) && c->quality != MZG_Q_E)
		rc |= mzg__buf_puts(b, " " DOT " p ") |
		      mzg__buf_fixed(b, c->probability, 4);
	rc |= mzg__buf_printf(b, "\n%c ", a1) | mzg__html_num(b, c->height1, 4) |
	      mzg__buf_puts(b, " (SNR ") | mzg__buf_fixed(b, c->snr1, 1) |
	      mzg__buf_printf(b, ") " DOT " %c ", a2) |
	      mzg__html_num(b, c->height2, 4) |
	      mzg__buf_puts(b, " (SNR ") | mzg__buf_fixed(b, c->snr2, 1) |
	      mzg__buf_puts(b, ") " DOT " UEP ") |
	      mzg__html_num(b, c->height_uep, 4) |
	      mzg__buf_puts(b, " (SNR ") | mzg__buf_fixed(b, c->snr_uep, 1) |
	      mzg__buf_puts(b, ")\n" THETA " ") |
	      mzg__html_num(b, c->theta, 3) |
	      mzg__buf_puts(b, " " DOT " extension ") |
	      mzg__html_num(b, c->extension, 3);
	if (c->note && *c->note)
		rc |= mzg__buf_puts(b, "\n") | mzg__html_esc(b, c->note);
	rc |= mzg__buf_puts(b, "</title>");
	return rc ? NOMEM() : MZG_OK;
}

static const char *gclass(const mzg_call *c)
{
	static const char *const g[] = { "g0", "g1", "g2" };

	return mzg__qc_called(c) ? g[c->genotype] : "nc";
}

/* One marker; every pad of the multiplex gets exactly one. */
static int marker(mzg_buf *b, const mzg_pad *p, const mzg_call *c,
                  const mzg_assay *a, const xscale *s)
{
	double x = xpos(s, c->height1 + c->height2), y = ypos(c->theta);
	const char *cls = gclass(c);
	int rc;

	if (c->quality == MZG_Q_I || p->status == MZG_PAD_BAD ||
	    p->status == MZG_PAD_MISSING)
		rc = mzg__buf_printf(b, "<path class=\"pt bad\" data-w=\"%s\" "
		                     "d=\"M", p->well) | mzg__buf_fixed(b, x - 3, 1) |
		     mzg__buf_puts(b, " ") | mzg__buf_fixed(b, y - 3, 1) |
		     mzg__buf_puts(b, "l6 6m0-6l-6 6\">");
	else if (p->role == MZG_ROLE_NTC)
		rc = mzg__buf_printf(b, "<rect class=\"pt %s ntc\" data-w=\"%s\" "
		                     "x=\"", cls, p->well) | mzg__buf_fixed(b, x - 3, 1) |
		     mzg__buf_puts(b, "\" y=\"") | mzg__buf_fixed(b, y - 3, 1) |
		     mzg__buf_puts(b, "\" width=\"6\" height=\"6\">");
	else if (p->role == MZG_ROLE_EMPTY)
		rc = mzg__buf_printf(b, "<circle class=\"pt emp\" data-w=\"%s\" "
		                     "cx=\"", p->well) | mzg__buf_fixed(b, x, 1) |
		     mzg__buf_puts(b, "\" cy=\"") | mzg__buf_fixed(b, y, 1) |
		     mzg__buf_puts(b, "\" r=\"2.5\">");
	else
		rc = mzg__buf_printf(b, "<circle class=\"pt %s%s\" data-w=\"%s\" "
		                     "cx=\"", cls, c->quality == MZG_Q_E ? " ov" : "",
		                     p->well) | mzg__buf_fixed(b, x, 1) |
		     mzg__buf_puts(b, "\" cy=\"") | mzg__buf_fixed(b, y, 1) |
		     mzg__buf_printf(b, "\" r=\"%s\">",
		                     c->quality == MZG_Q_E ? "3.6" : "3");
	if (rc < 0 || call_title(b, p, c, a) < 0)
		return NOMEM();
	rc = mzg__buf_puts(b, c->quality == MZG_Q_I || p->status == MZG_PAD_BAD ||
	                   p->status == MZG_PAD_MISSING ? "</path>" :
	                   p->role == MZG_ROLE_NTC ? "</rect>" : "</circle>");
	return rc < 0 ? NOMEM() : MZG_OK;
}

static int caption(mzg__html *h, size_t qi, const char g[3][3],
                   size_t counts[4])
{
	const mzg_qc_assay *q = &h->qc->assays[qi];
	mzg_buf *b = &h->b;
	int rc;

	rc = mzg__buf_printf(b, "<figure id=\"c-%zu\" class=\"cplot\"><figcaption>"
	                     "<b>", qi) | mzg__html_esc(b, q->id) |
	     mzg__buf_puts(b, "</b> ") |
	     mzg__html_esc(b, h->run->design->plex[q->plex].name) |
	     mzg__buf_printf(b, " " DOT " call rate ") |
	     (isfinite(q->call_rate) ? mzg__buf_printf(b, "%.1f%%", 100 * q->call_rate) :
	      mzg__buf_puts(b, "NA")) |
	     mzg__buf_puts(b, " " DOT " HWE p ") | mzg__html_num(b, q->hwe_p, 3) |
	     mzg__buf_printf(b, " " DOT " <span class=\"l-%s\">%s</span><br>"
	                     "%s %zu " DOT " %s %zu " DOT " %s %zu " DOT " no call %zu"
	                     "</figcaption>\n", mzg_verdict_name(q->verdict),
	                     mzg_verdict_name(q->verdict), g[0], counts[0], g[1],
	                     counts[1], g[2], counts[2], counts[3]);
	return rc ? NOMEM() : MZG_OK;
}

static int cluster_plot(mzg__html *h, int plex, size_t k)
{
	const mzg_assay *a = &h->run->design->plex[plex].assays[k];
	size_t qi = h->qbase[plex] + k, i, counts[4] = { 0 };
	const mzg_qc_assay *q = &h->qc->assays[qi];
	int i1 = q->allele1 >= 0 ? q->allele1 : 0;
	int i2 = q->allele2 >= 0 ? q->allele2 : 1, j, rc;
	xscale s = signal_range(h, plex, k);
	mzg_buf *b = &h->b;
	char g[3][3];

	for (j = 0; j < 3; j++)
		mzg_genotype_text(g[j], a, i1, i2, j);
	for (i = 0; i < h->run->n_pads; i++) {
		const mzg_pad *p = &h->run->pads[i];

		if (in_plex(p, plex, k) && p->role != MZG_ROLE_NTC &&
		    p->role != MZG_ROLE_EMPTY)
			counts[mzg__qc_called(&p->calls[k]) ?
			       p->calls[k].genotype : 3]++;
	}
	if ((rc = caption(h, qi, g, counts)) < 0)
		return rc;
	rc = mzg__buf_printf(b, "<svg class=\"cluster\" width=\"%d\" height=\"%d\" "
	                     "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\""
	                     "cluster plot of ", CW, CH, CW, CH) |
	     mzg__html_esc(b, a->id) | mzg__buf_puts(b, "\">");
	if (rc || (rc = axes(b, &s, (const char (*)[3])g)) < 0 ||
	    (rc = bands(b, mzg_run_fit(h->run, plex, (int)k))) < 0)
		return rc ? rc : NOMEM();
	for (i = 0; i < h->run->n_pads && rc == MZG_OK; i++) {
		const mzg_pad *p = &h->run->pads[i];

		if (in_plex(p, plex, k))
			rc = marker(b, p, &p->calls[k], a, &s);
	}
	if (rc == MZG_OK && mzg__buf_puts(b, "</svg></figure>\n") < 0)
		rc = NOMEM();
	return rc;
}

int mzg__html_clusters(mzg__html *h)
{
	const mzg_design *d = h->run->design;
	size_t i, k, n = 0;
	int rc;

	rc = mzg__buf_puts(&h->b, "<section id=\"clusters\"><h2>Cluster plots</h2>"
	                   "<p class=\"legend\"><span><i class=\"sw g0\" style=\""
	                   "background:var(--g0)\"></i>homozygous allele 1</span>"
	                   "<span><i class=\"sw\" style=\"background:var(--g1)\">"
	                   "</i>heterozygous</span><span><i class=\"sw\" style=\""
	                   "background:var(--g2)\"></i>homozygous allele 2</span>"
	                   "<span><i class=\"sw\" style=\"background:var(--nc)\">"
	                   "</i>no call</span><span>&#9632; NTC</span><span>"
	                   "&#215; failed pad</span><span>&#9675; empty pad</span>"
	                   "<span>ringed: reviewer call (E)</span><span>bands: "
	                   "model clusters, mean &#177; 2 sd</span></p>\n"
	                   "<div class=\"grid\">\n") < 0 ? NOMEM() : MZG_OK;
	for (i = 0; rc == MZG_OK && i < d->n_plex; i++)
		for (k = 0; rc == MZG_OK && k < d->plex[i].n_assays; k++) {
			rc = cluster_plot(h, (int)i, k);
			if (rc == MZG_OK && ++n % 4 == 0)
				rc = mzg__tsv_flush(&h->b, h->fp);
		}
	if (rc == MZG_OK && mzg__buf_puts(&h->b, "</div></section>\n") < 0)
		rc = NOMEM();
	return rc;
}

/* ---- plate map ---- */

/* Per pad: bits of what the map marks. */
enum { PM_NTCBAD = 1, PM_POSBAD = 2, PM_DUP = 4, PM_DUPBAD = 8, PM_OV = 16 };

static void pad_marks(const mzg__html *h, unsigned char *m)
{
	const mzg_qc *q = h->qc;
	size_t i, k;

	for (i = 0; i < q->n_controls; i++) {
		const mzg_qc_control *c = &q->controls[i];

		if (c->role == MZG_ROLE_NTC && c->contaminated)
			m[c->pad] |= PM_NTCBAD;
		if (c->role == MZG_ROLE_POSITIVE && c->n_discordant)
			m[c->pad] |= PM_POSBAD;
	}
	for (i = 0; i < q->n_dups; i++)
		for (k = 0; k < q->dups[i].n_pads; k++)
			m[q->dups[i].pads[k]] |= PM_DUP |
			                         (q->dups[i].n_discordant ? PM_DUPBAD : 0);
	for (i = 0; i < h->run->n_pads; i++)
		for (k = 0; k < h->run->pads[i].n_calls; k++)
			if (h->run->pads[i].calls[k].quality == MZG_Q_E)
				m[i] |= PM_OV;
}

static const char *cell_class(const mzg__html *h, size_t i, unsigned m)
{
	const mzg_pad *p = &h->run->pads[i];
	const mzg_qc_well *w = &h->qc->wells[i];

	if (p->role == MZG_ROLE_EMPTY)
		return "pm-empty";
	if (p->status == MZG_PAD_MISSING)
		return "pm-missing";
	if (p->status == MZG_PAD_BAD)
		return "pm-bad";
	if (p->role == MZG_ROLE_NTC)
		return m & PM_NTCBAD ? "pm-ntcbad" : "pm-ntc";
	if (!w->n_called)
		return "pm-low";
	return w->call_rate < h->qc->opts.sample_warn ? "pm-warn" : "pm-ok";
}

static int cell(mzg__html *h, size_t i, unsigned m, double x, double y,
                double cw, double ch)
{
	const mzg_pad *p = &h->run->pads[i];
	const mzg_qc_well *w = &h->qc->wells[i];
	mzg_buf *b = &h->b;
	int rc;

	rc = mzg__buf_printf(b, "<a href=\"#pad-%s\"><rect class=\"pm %s%s\" "
	                     "data-w=\"%s\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
	                     "height=\"%.0f\"><title>%s " DOT " ", p->well,
	                     cell_class(h, i, m), m & PM_POSBAD ? " posbad" : "",
	                     p->well, x, y, cw - 2, ch - 2, p->well) |
	     mzg__html_esc(b, p->sample) |
	     mzg__buf_printf(b, " (%s) " DOT " %s " DOT " %zu/%zu called",
	                     mzg_role_name(p->role), mzg_pad_status_name(p->status),
	                     w->n_called, w->n_assays) |
	     (m & PM_NTCBAD ? mzg__buf_puts(b, " " DOT " NTC contaminated") : 0) |
	     (m & PM_POSBAD ? mzg__buf_puts(b, " " DOT " positive control "
	                                    "discordant") : 0) |
	     (m & PM_DUP ? mzg__buf_puts(b, m & PM_DUPBAD ? " " DOT " duplicate "
	                                 "set, discordant" : " " DOT " duplicate "
	                                 "set") : 0) |
	     (m & PM_OV ? mzg__buf_puts(b, " " DOT " reviewer override") : 0);
	if (p->reason)
		rc |= mzg__buf_puts(b, "\n") | mzg__html_esc(b, p->reason);
	rc |= mzg__buf_puts(b, "</title></rect>");
	if (p->role == MZG_ROLE_NTC || p->role == MZG_ROLE_POSITIVE)
		rc |= mzg__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
		                      "\"middle\" pointer-events=\"none\">%c</text>",
		                      x + cw / 2 - 1, y + ch / 2 + 2,
		                      p->role == MZG_ROLE_NTC ? 'N' : 'P');
	if (m & PM_DUP)
		rc |= mzg__buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" "
		                      "fill=\"%s\" pointer-events=\"none\"/>",
		                      x + cw - 6, y + 4, m & PM_DUPBAD ? "#C0392B" :
		                      "#333");
	if (m & PM_OV)
		rc |= mzg__buf_printf(b, "<path d=\"M%.1f %.1fl6 0l-6-6z\" fill=\"#000\""
		                      " pointer-events=\"none\"/>", x + 1, y + ch - 3);
	rc |= mzg__buf_puts(b, "</a>");
	return rc ? NOMEM() : MZG_OK;
}

static int plate_svg(mzg__html *h, const long *at, const unsigned char *m)
{
	double cw = h->rows == 16 ? 30 : 48, ch = h->rows == 16 ? 22 : 34;
	int r, c, rc;
	mzg_buf *b = &h->b;

	rc = mzg__buf_printf(b, "<svg class=\"plate\" width=\"%.0f\" height=\"%.0f\" "
	                     "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label="
	                     "\"plate map\">", 22 + cw * h->cols, 18 + ch * h->rows,
	                     22 + cw * h->cols, 18 + ch * h->rows);
	for (c = 0; c < h->cols; c++)
		rc |= mzg__buf_printf(b, "<text x=\"%.1f\" y=\"12\" text-anchor="
		                      "\"middle\">%d</text>", 22 + cw * c + cw / 2 - 1,
		                      c + 1);
	for (r = 0; r < h->rows && !rc; r++) {
		rc |= mzg__buf_printf(b, "<text x=\"8\" y=\"%.1f\">%c</text>",
		                      18 + ch * r + ch / 2 + 3, 'A' + r);
		for (c = 0; c < h->cols && !rc; c++) {
			long i = at[r * h->cols + c];
			double x = 22 + cw * c, y = 18 + ch * r;

			if (i >= 0)
				rc = cell(h, (size_t)i, m[i], x, y, cw, ch);
			else
				rc = mzg__buf_printf(b, "<rect class=\"pm pm-none\" "
				                     "x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
				                     "height=\"%.0f\"/>", x, y, cw - 2,
				                     ch - 2) < 0 ? NOMEM() : MZG_OK;
		}
	}
	rc |= mzg__buf_puts(b, "</svg>\n");
	return rc ? (rc < 0 && rc != -1 ? rc : NOMEM()) : MZG_OK;
}

int mzg__html_plate(mzg__html *h)
{
	size_t n = (size_t)h->rows * (size_t)h->cols, i;
	long *at = mzg__malloc_array(n, sizeof *at);
	unsigned char *m = mzg__calloc_array(h->run->n_pads + 1, 1);
	int rc = MZG_OK, r, c;

	if (!at || !m) {
		rc = NOMEM();
		goto out;
	}
	for (i = 0; i < n; i++)
		at[i] = -1;
	for (i = 0; i < h->run->n_pads; i++)
		if (mzg_well_index(h->run->pads[i].well, &r, &c) == 0 &&
		    r < h->rows && c < h->cols)
			at[r * h->cols + c] = (long)i;
	pad_marks(h, m);
	if (mzg__buf_puts(&h->b, "<section id=\"plate\"><h2>Plate map</h2>"
	                  "<div class=\"wide\">") < 0) {
		rc = NOMEM();
		goto out;
	}
	if ((rc = plate_svg(h, at, m)) < 0)
		goto out;
	if (mzg__buf_printf(&h->b, "</div><p class=\"legend\"><span><i class=\"sw"
	                    "\" style=\"background:#b9e3c6\"></i>call rate &#8805; "
	                    "%.0f%%</span><span><i class=\"sw\" style=\"background:"
	                    "#ffd98a\"></i>below</span><span><i class=\"sw\" style="
	                    "\"background:#f3a59c\"></i>no call</span><span><i "
	                    "class=\"sw\" style=\"background:#d9534f\"></i>failed "
	                    "pad or contaminated NTC</span><span><i class=\"sw\" "
	                    "style=\"background:#cfe3f5\"></i>clean NTC (N)</span>"
	                    "<span><i class=\"sw\" style=\"background:#cfcfcf\">"
	                    "</i>no spectrum</span><span><i class=\"sw\" style=\""
	                    "background:#fff\"></i>empty</span><span>P positive "
	                    "control (red frame: discordant)</span><span>&#9679; "
	                    "duplicate (red: discordant)</span><span>&#9698; "
	                    "override</span></p></section>\n",
	                    100 * h->qc->opts.sample_warn) < 0)
		rc = NOMEM();
out:
	free(at);
	free(m);
	return rc;
}
