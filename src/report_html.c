/*
 * report_html.c -- report.html, the page a reviewer signs a chip off on.
 *
 * A reviewer would rather look than read, so the page puts the verdict
 * and its reasons first, then pictures: the plate map, one cluster plot
 * per assay and, for every pad and assay that needs a second look, the
 * spectrum around the expected masses; the QC tables follow for the
 * figures. It is one self-contained file (inline CSS, SVG and a few lines
 * of script that highlight a pad everywhere when the pointer is on it):
 * nothing is fetched, so it opens from a file:// URL, from an e-mail, or
 * years later from an archive. Every text that comes from an input
 * (sample IDs, reasons, file names) is escaped. This file writes the
 * frame and the tables; report_svg.c draws the plots, report_zoom.c
 * chooses and draws the zooms.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"
#include "qc_priv.h"

static const char css[] =
	":root{--g0:#0072B2;--g1:#009E73;--g2:#D55E00;--nc:#9a9a9a;"
	"--pass:#2E8B57;--warn:#E69F00;--fail:#C0392B}\n"
	"body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
	"margin:0 auto;max-width:1500px;padding:0 16px 40px;color:#222}\n"
	"h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin-top:30px;"
	"border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px}\n"
	".verdict{padding:12px 16px;border-radius:6px;border-left:10px solid;"
	"margin-top:14px}\n"
	".v-pass{background:#eaf6ee;border-color:var(--pass)}"
	".v-warn{background:#fff6e0;border-color:var(--warn)}"
	".v-fail{background:#fdecea;border-color:var(--fail)}\n"
	".verdict ul{margin:4px 0;padding-left:20px}"
	".l-fail{color:var(--fail);font-weight:600}"
	".l-warn{color:#a86b00;font-weight:600}\n"
	"nav{margin:10px 0;position:sticky;top:0;background:#fff;padding:6px 0;"
	"z-index:2;border-bottom:1px solid #eee}nav a{margin-right:14px}\n"
	".meta{color:#555;font-size:13px}.meta b{color:#222}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(340px,1fr));gap:12px}\n"
	"figure{margin:0;border:1px solid #e3e3e3;border-radius:4px;padding:6px;"
	"content-visibility:auto;contain-intrinsic-size:340px 330px}\n"
	"figcaption{font-size:12.5px}svg{display:block}"
	"svg text{font:10px system-ui,sans-serif;fill:#444}\n"
	".pt{stroke:#fff;stroke-width:.6}.g0{fill:var(--g0)}.g1{fill:var(--g1)}"
	".g2{fill:var(--g2)}.nc{fill:var(--nc)}\n"
	".pt.ntc{stroke:#000;stroke-width:1.3}.pt.bad{fill:none;stroke:#555;"
	"stroke-width:1.5}.pt.emp{fill:#fff;stroke:#888}"
	".pt.ov{stroke:#000;stroke-width:1.8}\n"
	".hl{stroke:#f0f!important;stroke-width:3!important}"
	"tr.hl td{background:#fbe3f8}\n"
	".b0{fill:var(--g0)}.b1{fill:var(--g1)}.b2{fill:var(--g2)}"
	".band{opacity:.10}.mean{stroke-dasharray:3 3;stroke-width:1}"
	".m0{stroke:var(--g0)}.m1{stroke:var(--g1)}.m2{stroke:var(--g2)}\n"
	".ax{stroke:#999;stroke-width:.8;fill:none}.gridl{stroke:#eee}\n"
	".pm{stroke:#999;stroke-width:.6}.pm-ok{fill:#b9e3c6}"
	".pm-warn{fill:#ffd98a}.pm-low{fill:#f3a59c}.pm-bad{fill:#d9534f}"
	".pm-missing{fill:#cfcfcf}.pm-empty{fill:#fff}.pm-ntc{fill:#cfe3f5}"
	".pm-ntcbad{fill:#d9534f}.pm-none{fill:#fafafa;stroke:#eee}"
	".pm.posbad{stroke:var(--fail);stroke-width:2.5}\n"
	".sig{fill:none;stroke:#222;stroke-width:1}.stick{stroke:#222}"
	".tu{stroke:#333;stroke-dasharray:4 3}.ta0{stroke:var(--g0)}"
	".ta1{stroke:var(--g2)}.tax{stroke:#8e44ad}.tadd{stroke-dasharray:1 2}"
	".tother{stroke:#ccc}.thr{stroke:#999;stroke-dasharray:2 4}\n"
	"table{border-collapse:collapse;font-size:12.5px;margin:8px 0}"
	"th,td{border:1px solid #ddd;padding:2px 6px;text-align:right}"
	"th{background:#f3f3f3}td.t,th.t{text-align:left}\n"
	"tr.r-warn td{background:#fff6e0}tr.r-fail td{background:#fdecea}\n"
	".legend{font-size:12.5px;margin:6px 0}.legend span{margin-right:14px;"
	"white-space:nowrap}.sw{display:inline-block;width:11px;height:11px;"
	"margin-right:4px;vertical-align:-1px;border:1px solid #888}\n"
	".badge{display:inline-block;border-radius:3px;padding:0 4px;"
	"margin-right:3px;font-size:11px;background:#eee}"
	".badge.f{background:#fdecea}.badge.w{background:#fff6e0}\n"
	".wide{overflow-x:auto}.note{color:#666;font-size:12.5px}\n";

/* Highlight every element of the pad under the pointer (plots, map). */
static const char script[] =
	"(function(){var cur=null,on=[];\n"
	"function set(w){if(w===cur)return;for(var i=0;i<on.length;i++)"
	"on[i].classList.remove('hl');on=[];cur=w;if(!w)return;\n"
	"var l=document.querySelectorAll('[data-w=\"'+w+'\"]');"
	"for(var j=0;j<l.length;j++){l[j].classList.add('hl');on.push(l[j]);}}\n"
	"document.addEventListener('mouseover',function(e){var t=e.target;"
	"t=t&&t.closest?t.closest('[data-w]'):null;"
	"set(t?t.getAttribute('data-w'):null);});})();\n";

int mzg__html_esc(mzg_buf *b, const char *s)
{
	const char *run = s;
	int rc = 0;

	if (!s)
		return MZG_OK;
	for (; *s; s++) {
		const char *e = NULL;
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: if (c < 0x20 || c == 0x7f) e = " "; break;
		}
		if (!e)
			continue;
		rc |= mzg__buf_append(b, run, (size_t)(s - run)) | mzg__buf_puts(b, e);
		run = s + 1;
	}
	rc |= mzg__buf_puts(b, run);
	return rc ? MZG_ENOMEM : MZG_OK;
}

const mzg_assay *mzg__html_assay(const mzg__html *h, const mzg_pad *p,
                                 size_t k)
{
	const mzg_design *d = h->run->design;

	if (p->plex < 0 || (size_t)p->plex >= d->n_plex ||
	    k >= d->plex[p->plex].n_assays || k >= p->n_calls)
		return NULL;
	return &d->plex[p->plex].assays[k];
}

const char *mzg__html_gt(char out[16], const mzg_assay *a, const mzg_call *c)
{
	char gt[3];

	if (!mzg__qc_called(c))
		return strcpy(out, "no call");
	mzg_genotype_text(gt, a, c->allele1, c->allele2, c->genotype);
	memcpy(out, gt, 3);
	return out;
}

int mzg__html_num(mzg_buf *b, double v, int sig)
{
	if (!isfinite(v))
		return mzg__buf_puts(b, "NA");
	if (fabs(v) >= 1e6 || (fabs(v) < 1e-3 && v != 0))
		return mzg__buf_sig(b, v, sig);
	if (fabs(v) >= 100)
		return mzg__buf_fixed(b, v, 0);
	return mzg__buf_sig(b, v, sig);
}

/* ---- the frame ---- */

static int flush(mzg__html *h)
{
	return mzg__tsv_flush(&h->b, h->fp);
}

static int head(mzg__html *h)
{
	mzg_buf *b = &h->b;
	int rc;

	rc = mzg__buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	                   "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	                   "content=\"width=device-width,initial-scale=1\">\n"
	                   "<meta name=\"generator\" content=\"mzgeno ") |
	     mzg__html_esc(b, mzg_version()) |
	     mzg__buf_puts(b, "\">\n<title>") |
	     mzg__buf_puts(b, h->audit ? "Reviewed chip " : "Chip ") |
	     mzg__html_esc(b, h->run->chip ? h->run->chip : "") |
	     mzg__buf_printf(b, ": %s</title>\n<style>\n%s</style></head>\n"
	                     "<body>\n", mzg_verdict_name(h->qc->verdict), css);
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

/* Reasons shown before the rest fold away (fails always show). */
#define REASONS_SHOWN 8

static int reason_item(mzg_buf *b, const mzg_qc_reason *r)
{
	const char *lv = mzg_verdict_name(r->level);

	return mzg__buf_printf(b, "<li><span class=\"l-%s\">%s</span> "
	                       "<code>%s</code> ", lv, lv, r->rule) |
	       mzg__html_esc(b, r->message) | mzg__buf_puts(b, "</li>\n");
}

static int verdict(mzg__html *h)
{
	const mzg_qc *q = h->qc;
	mzg_buf *b = &h->b;
	size_t i, fails = 0, fold;
	int rc;

	for (i = 0; i < q->n_reasons; i++)
		fails += q->reasons[i].level == MZG_VERDICT_FAIL;
	rc = mzg__buf_printf(b, "<section class=\"verdict v-%s\" id=\"verdict\">"
	                     "<h1>%s", mzg_verdict_name(q->verdict),
	                     h->audit ? "Reviewed chip " : "Chip ") |
	     mzg__html_esc(b, h->run->chip ? h->run->chip : "") |
	     mzg__buf_printf(b, " &mdash; %s</h1>\n",
	                     q->verdict == MZG_VERDICT_PASS ? "PASS" :
	                     q->verdict == MZG_VERDICT_WARN ? "WARN" : "FAIL");
	if (!q->n_reasons)
		rc |= mzg__buf_puts(b, "<p>Every QC rule passed.</p>\n");
	else
		rc |= mzg__buf_printf(b, "<p>%zu fail, %zu warning%s:</p><ul id=\""
		                      "reasons\">\n", fails, q->n_reasons - fails,
		                      q->n_reasons - fails == 1 ? "" : "s");
	fold = fails > REASONS_SHOWN ? fails : REASONS_SHOWN;
	for (i = 0; i < q->n_reasons; i++) {
		if (i == fold && q->n_reasons > fold + 1)
			rc |= mzg__buf_printf(b, "</ul><details><summary>%zu more "
			                      "warnings</summary><ul>\n",
			                      q->n_reasons - i);
		rc |= reason_item(b, &q->reasons[i]);
	}
	if (q->n_reasons)
		rc |= mzg__buf_puts(b, q->n_reasons > fold + 1 ?
		                    "</ul></details>\n" : "</ul>\n");
	rc |= mzg__buf_puts(b, "</section>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int nav(mzg__html *h)
{
	int rc;

	rc = mzg__buf_puts(&h->b, "<nav><a href=\"#plate\">Plate map</a>"
	                   "<a href=\"#clusters\">Cluster plots</a>"
	                   "<a href=\"#zooms\">Flagged spectra</a>"
	                   "<a href=\"#assays\">Assays</a><a href=\"#pads\">Pads</a>"
	                   "<a href=\"#duplicates\">Duplicates</a>"
	                   "<a href=\"#controls\">Controls</a>");
	if (h->audit)
		rc |= mzg__buf_puts(&h->b, "<a href=\"#overrides\">Overrides</a>");
	rc |= mzg__buf_puts(&h->b, "<a href=\"#run\">Run</a></nav>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int summary(mzg__html *h)
{
	const mzg_run *r = h->run;
	const mzg_qc *q = h->qc;
	mzg_buf *b = &h->b;
	size_t k;
	int rc;

	rc = mzg__buf_puts(b, "<p class=\"meta\"><b>") |
	     mzg__html_esc(b, r->chip ? r->chip : "") |
	     mzg__buf_printf(b, "</b> &middot; %zu pads (%d-pad chip) &middot; "
	                     "%zu sample/positive pads, %zu failed &middot; "
	                     "design <b>", r->n_pads, h->rows * h->cols,
	                     q->n_sample_pads, q->n_bad_pads) |
	     mzg__html_esc(b, r->design->source) |
	     mzg__buf_puts(b, "</b> &middot; run ") |
	     mzg__html_esc(b, r->started ? r->started : "?") |
	     mzg__buf_puts(b, " &middot; mzgeno ") |
	     mzg__html_esc(b, r->version ? r->version : mzg_version()) |
	     mzg__buf_puts(b, "<br>Calls by quality:");
	for (k = 0; k < MZG_QC_NQ; k++)
		rc |= mzg__buf_printf(b, " %c&nbsp;%zu", MZG_QC_QUALITIES[k],
		                      q->n_quality[k]);
	rc |= mzg__buf_puts(b, " (A, B, C, E are calls; D low probability, N "
	                    "no alleles, I bad spectrum)</p>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

/* ---- tables ---- */

static const char *row_class(mzg_verdict v)
{
	return v == MZG_VERDICT_FAIL ? " class=\"r-fail\"" :
	       v == MZG_VERDICT_WARN ? " class=\"r-warn\"" : "";
}

static int pct(mzg_buf *b, double v)
{
	return isfinite(v) ? mzg__buf_printf(b, "%.1f%%", 100 * v) :
	       mzg__buf_puts(b, "NA");
}

static int assay_row(mzg__html *h, const mzg_qc_assay *a)
{
	const mzg_assay *d = &h->run->design->plex[a->plex].assays[a->assay];
	const mzg_assay_fit *f = mzg_run_fit(h->run, a->plex, a->assay);
	mzg_buf *b = &h->b;
	char g[3][3];
	size_t k;
	int rc, i1 = a->allele1 >= 0 ? a->allele1 : 0;
	int i2 = a->allele2 >= 0 ? a->allele2 : 1;

	for (k = 0; k < 3; k++)
		mzg_genotype_text(g[k], d, i1, i2, (int)k);
	rc = mzg__buf_printf(b, "<tr%s><td class=\"t\"><a href=\"#c-%zu\">",
	                     row_class(a->verdict), (size_t)(a - h->qc->assays)) |
	     mzg__html_esc(b, a->id) | mzg__buf_puts(b, "</a></td><td class=\"t\">") |
	     mzg__html_esc(b, h->run->design->plex[a->plex].name) |
	     mzg__buf_printf(b, "</td><td class=\"t\">%c/%c</td><td>%zu</td>"
	                     "<td>%zu</td><td>", i1 < d->n_alleles ?
	                     d->allele[i1] : '?', i2 < d->n_alleles ?
	                     d->allele[i2] : '?', a->n_pads, a->n_called) |
	     pct(b, a->call_rate) | mzg__buf_puts(b, "</td>");
	for (k = 0; k < MZG_QC_NQ; k++)
		rc |= mzg__buf_printf(b, "<td>%zu</td>", a->n_quality[k]);
	rc |= mzg__buf_printf(b, "<td class=\"t\">%s %zu &middot; %s %zu "
	                      "&middot; %s %zu</td><td>", g[0], a->n_gt[0], g[1],
	                      a->n_gt[1], g[2], a->n_gt[2]) |
	      mzg__html_num(b, a->freq1 < a->freq2 ? a->freq1 : a->freq2, 3) |
	      mzg__buf_puts(b, "</td><td>") | mzg__html_num(b, a->hwe_p, 3) |
	      mzg__buf_printf(b, "</td><td class=\"t\">%s</td><td class=\"t\">"
	                      "%s</td></tr>\n", !f ? "" : f->mode ==
	                      MZG_FIT_CLUSTER ? "cluster" : f->mode ==
	                      MZG_FIT_PER_PAD ? "per pad" : "none",
	                      mzg_verdict_name(a->verdict));
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int assays_table(mzg__html *h)
{
	size_t i;
	int rc;

	rc = mzg__buf_puts(&h->b, "<section id=\"assays\"><h2>Assays</h2>"
	                   "<div class=\"wide\"><table><tr><th class=\"t\">assay"
	                   "</th><th class=\"t\">multiplex</th><th class=\"t\">"
	                   "alleles</th><th>pads</th><th>called</th><th>call rate"
	                   "</th><th>A</th><th>B</th><th>C</th><th>D</th><th>E</th>"
	                   "<th>N</th><th>I</th><th class=\"t\">genotypes (distinct "
	                   "samples)</th><th>MAF</th><th>HWE p</th><th class=\"t\">"
	                   "model</th><th class=\"t\">verdict</th></tr>\n") < 0 ?
	     mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
	for (i = 0; rc == MZG_OK && i < h->qc->n_assays; i++)
		rc = assay_row(h, &h->qc->assays[i]);
	if (rc == MZG_OK && mzg__buf_puts(&h->b, "</table></div></section>\n") < 0)
		rc = mzg__err(MZG_ENOMEM, "out of memory");
	return rc;
}

/* The first zoom of pad @p i, or (size_t)-1. */
static size_t first_zoom(const mzg__html *h, size_t i)
{
	size_t z;

	for (z = 0; z < h->n_zooms; z++)
		if (h->zooms[z].pad == i)
			return z;
	return (size_t)-1;
}

static int pad_row(mzg__html *h, size_t i)
{
	const mzg_qc_well *w = &h->qc->wells[i];
	const mzg_pad *p = &h->run->pads[w->pad];
	const mzg_design *d = h->run->design;
	mzg_buf *b = &h->b;
	size_t z = first_zoom(h, w->pad);
	int rc;

	rc = mzg__buf_printf(b, "<tr%s id=\"pad-%s\" data-w=\"%s\"><td class=\"t\">"
	                     "%s</td><td class=\"t\">", row_class(w->verdict),
	                     p->well, p->well, p->well) |
	     mzg__html_esc(b, p->sample) |
	     mzg__buf_printf(b, "</td><td class=\"t\">%s</td><td class=\"t\">",
	                     mzg_role_name(p->role)) |
	     mzg__html_esc(b, p->plex >= 0 && (size_t)p->plex < d->n_plex ?
	                   d->plex[p->plex].name : "") |
	     mzg__buf_printf(b, "</td><td class=\"t\">%s</td><td>%zu/%zu</td><td>",
	                     mzg_pad_status_name(p->status), w->n_called,
	                     w->n_assays) |
	     pct(b, w->call_rate) |
	     mzg__buf_printf(b, "</td><td>%zu/%zu</td><td>", p->uep_found,
	                     p->uep_expected) |
	     mzg__html_num(b, p->calib.ok ? p->calib.residual_ppm : NAN, 3) |
	     mzg__buf_printf(b, "</td><td>%zu</td><td class=\"t\">%s</td>"
	                     "<td class=\"t\">", p->n_spectra,
	                     mzg_verdict_name(w->verdict)) |
	     mzg__html_esc(b, p->reason) | mzg__buf_puts(b, "</td><td class=\"t\">");
	if (z != (size_t)-1)
		rc |= mzg__buf_printf(b, "<a href=\"#z-%s-%zu\">spectra</a>",
		                      p->well, h->zooms[z].k);
	rc |= mzg__buf_puts(b, "</td></tr>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int pads_table(mzg__html *h)
{
	size_t i;
	int rc;

	rc = mzg__buf_puts(&h->b, "<section id=\"pads\"><h2>Pads</h2><div "
	                   "class=\"wide\"><table><tr><th class=\"t\">well</th>"
	                   "<th class=\"t\">sample</th><th class=\"t\">role</th>"
	                   "<th class=\"t\">multiplex</th><th class=\"t\">status"
	                   "</th><th>called</th><th>call rate</th><th>UEPs</th>"
	                   "<th>calib. ppm</th><th>spectra</th><th class=\"t\">"
	                   "verdict</th><th class=\"t\">reason / note</th>"
	                   "<th class=\"t\">zoom</th></tr>\n") < 0 ?
	     mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
	for (i = 0; rc == MZG_OK && i < h->qc->n_wells; i++)
		if ((rc = pad_row(h, i)) == MZG_OK && h->b.len > 65536)
			rc = flush(h);
	if (rc == MZG_OK && mzg__buf_puts(&h->b, "</table></div></section>\n") < 0)
		rc = mzg__err(MZG_ENOMEM, "out of memory");
	return rc;
}

static int dups_table(mzg__html *h)
{
	const mzg_qc *q = h->qc;
	mzg_buf *b = &h->b;
	size_t i, k;
	int rc;

	rc = mzg__buf_puts(b, "<section id=\"duplicates\"><h2>Duplicate sets</h2>");
	if (!q->n_dups)
		rc |= mzg__buf_puts(b, "<p class=\"note\">No sample is on more than "
		                    "one pad.</p>");
	else
		rc |= mzg__buf_puts(b, "<table><tr><th class=\"t\">sample</th><th "
		                    "class=\"t\">wells</th><th>compared</th><th>"
		                    "concordant</th><th>discordant</th><th class=\"t\">"
		                    "discordant assays</th><th class=\"t\">verdict</th>"
		                    "</tr>\n");
	for (i = 0; i < q->n_dups; i++) {
		const mzg_qc_dup *d = &q->dups[i];

		rc |= mzg__buf_printf(b, "<tr%s><td class=\"t\">",
		                      row_class(d->verdict)) |
		      mzg__html_esc(b, d->sample) | mzg__buf_puts(b, "</td><td class=\"t\">");
		for (k = 0; k < d->n_pads; k++)
			rc |= mzg__buf_printf(b, "%s<a href=\"#pad-%s\">%s</a>",
			                      k ? ", " : "", h->run->pads[d->pads[k]].well,
			                      h->run->pads[d->pads[k]].well);
		rc |= mzg__buf_printf(b, "</td><td>%zu</td><td>%zu</td><td>%zu</td>"
		                      "<td class=\"t\">", d->n_compared,
		                      d->n_concordant, d->n_discordant);
		for (k = 0; k < d->n_discordant; k++)
			rc |= mzg__buf_puts(b, k ? ", " : "") |
			      mzg__html_esc(b, q->assays[d->discordant[k]].id);
		rc |= mzg__buf_printf(b, "</td><td class=\"t\">%s</td></tr>\n",
		                      mzg_verdict_name(d->verdict));
	}
	rc |= mzg__buf_puts(b, q->n_dups ? "</table></section>\n" : "</section>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int control_checks(mzg__html *h, const mzg_qc_control *c)
{
	mzg_buf *b = &h->b;
	size_t k, shown = 0;
	int rc = 0;

	for (k = 0; k < c->n_checks; k++) {
		const mzg_qc_check *ck = &c->checks[k];

		if (c->role == MZG_ROLE_NTC && ck->status != MZG_QC_SIGNAL)
			continue;
		if (c->role != MZG_ROLE_NTC && ck->status == MZG_QC_CONCORDANT)
			continue;
		rc |= mzg__buf_puts(b, shown++ ? ", " : "") |
		      mzg__html_esc(b, h->qc->assays[ck->assay].id);
		if (c->role == MZG_ROLE_NTC)
			rc |= mzg__buf_printf(b, " (SNR %.2f)", ck->snr);
		else
			rc |= mzg__buf_printf(b, " (expected %s, called %s)",
			                      ck->expected, ck->called);
	}
	return rc ? MZG_ENOMEM : MZG_OK;
}

static int controls_table(mzg__html *h, mzg_role role)
{
	const mzg_qc *q = h->qc;
	mzg_buf *b = &h->b;
	size_t i, n = 0;
	int rc = 0;

	rc |= mzg__buf_puts(b, role == MZG_ROLE_NTC ? "<h3>No-template controls"
	                    "</h3>" : "<h3>Positive controls</h3>");
	for (i = 0; i < q->n_controls; i++) {
		const mzg_qc_control *c = &q->controls[i];
		const mzg_pad *p = &h->run->pads[c->pad];

		if (c->role != role)
			continue;
		if (!n++)
			rc |= mzg__buf_printf(b, "<table><tr><th class=\"t\">well</th>"
			                      "<th class=\"t\">sample</th><th class=\"t\">"
			                      "status</th><th>%s</th><th class=\"t\">%s"
			                      "</th><th class=\"t\">verdict</th></tr>\n",
			                      role == MZG_ROLE_NTC ? "max SNR" :
			                      "concordance", role == MZG_ROLE_NTC ?
			                      "assays with signal" :
			                      "discordant / not called");
		rc |= mzg__buf_printf(b, "<tr%s data-w=\"%s\"><td class=\"t\"><a "
		                      "href=\"#pad-%s\">%s</a></td><td class=\"t\">",
		                      row_class(c->verdict), p->well, p->well,
		                      p->well) |
		      mzg__html_esc(b, p->sample) |
		      mzg__buf_printf(b, "</td><td class=\"t\">%s</td><td>",
		                      mzg__control_status(c));
		if (role == MZG_ROLE_NTC)
			rc |= mzg__buf_printf(b, "%.2f", c->max_snr);
		else
			rc |= pct(b, c->concordance);
		rc |= mzg__buf_puts(b, "</td><td class=\"t\">") |
		      control_checks(h, c) |
		      mzg__buf_printf(b, "</td><td class=\"t\">%s</td></tr>\n",
		                      mzg_verdict_name(c->verdict));
	}
	rc |= mzg__buf_puts(b, n ? "</table>\n" : "<p class=\"note\">None on "
	                    "this chip.</p>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int audit_table(mzg__html *h)
{
	mzg_buf *b = &h->b;
	size_t i;
	int rc;

	if (!h->audit)
		return MZG_OK;
	rc = mzg__buf_printf(b, "<section id=\"overrides\"><h2>Overrides "
	                     "(%zu)</h2><p class=\"note\">Calls set by a reviewer "
	                     "(quality E), oldest first, from audit.tsv.</p>"
	                     "<table><tr><th class=\"t\">time (UTC)</th><th "
	                     "class=\"t\">reviewer</th><th class=\"t\">well</th>"
	                     "<th class=\"t\">assay</th><th class=\"t\">was</th>"
	                     "<th class=\"t\">now</th><th class=\"t\">reason</th>"
	                     "</tr>\n", h->audit->n);
	for (i = 0; i < h->audit->n; i++) {
		const mzg_audit_row *a = &h->audit->rows[i];

		rc |= mzg__buf_printf(b, "<tr data-w=\"%s\"><td class=\"t\">%s</td>"
		                      "<td class=\"t\">", a->well, a->time) |
		      mzg__html_esc(b, a->reviewer) |
		      mzg__buf_printf(b, "</td><td class=\"t\"><a href=\"#pad-%s\">"
		                      "%s</a></td><td class=\"t\">", a->well,
		                      a->well) |
		      mzg__html_esc(b, a->assay) |
		      mzg__buf_printf(b, "</td><td class=\"t\">%s (%c)</td><td "
		                      "class=\"t\">%s</td><td class=\"t\">",
		                      a->old_genotype, a->old_quality,
		                      a->new_genotype) |
		      mzg__html_esc(b, a->reason) | mzg__buf_puts(b, "</td></tr>\n");
	}
	rc |= mzg__buf_puts(b, "</table></section>\n");
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

static int run_details(mzg__html *h)
{
	const mzg_run *r = h->run;
	mzg_buf *b = &h->b;
	size_t i;
	int rc;

	rc = mzg__buf_puts(b, "<section id=\"run\"><h2>Run</h2><p class=\"meta\">"
	                   "Plate sheet: ") |
	     mzg__html_esc(b, r->plate && r->plate->source ? r->plate->source :
	                   "none (every pad a sample)") |
	     mzg__buf_printf(b, " &middot; %zu spectra read, %zu pads combined "
	                     "from several</p>\n<table><tr><th class=\"t\">input"
	                     "</th><th>bytes</th><th>spectra</th><th class=\"t\">"
	                     "SHA-256</th></tr>\n", r->n_spectra, r->n_combined);
	for (i = 0; i < r->n_inputs; i++)
		rc |= mzg__buf_puts(b, "<tr><td class=\"t\">") |
		      mzg__html_esc(b, r->inputs[i].path) |
		      mzg__buf_printf(b, "</td><td>%llu</td><td>%zu</td><td "
		                      "class=\"t\"><code>%s</code></td></tr>\n",
		                      (unsigned long long)r->inputs[i].size,
		                      r->inputs[i].n_spectra, r->inputs[i].sha256);
	rc |= mzg__buf_puts(b, "</table>\n");
	for (i = 0; i < r->n_notes; i++)
		rc |= mzg__buf_puts(b, i ? "<br>" : "<p class=\"note\">Notes: ") |
		      mzg__html_esc(b, r->notes[i]);
	rc |= mzg__buf_puts(b, r->n_notes ? "</p>\n" : "") |
	      mzg__buf_printf(b, "<details><summary>Parameters (%zu)</summary>"
	                      "<p class=\"meta\">", r->n_params);
	for (i = 0; i < r->n_params; i++)
		rc |= mzg__html_esc(b, r->params[i].key) | mzg__buf_puts(b, "=") |
		      mzg__html_esc(b, r->params[i].value) | mzg__buf_puts(b, " ");
	rc |= mzg__buf_printf(b, "</p></details></section>\n<footer class=\"note\">"
	                      "Written by mzgeno %s. Hover a point or a pad to "
	                      "highlight that pad everywhere.</footer>\n<script>\n"
	                      "%s</script>\n</body></html>\n", mzg_version(), script);
	return rc ? mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK;
}

/* ---- set-up ---- */

static double param_value(const mzg_run *r, const char *key, double def)
{
	size_t i;
	double v;

	for (i = 0; i < r->n_params; i++)
		if (r->params[i].key && !strcmp(r->params[i].key, key) &&
		    r->params[i].value && mzg__parse_double(r->params[i].value, &v) == 0)
			return v;
	return def;
}

static int setup(mzg__html *h)
{
	const mzg_design *d = h->run->design;
	size_t i, base = 0, big = 0;
	int r, c;

	h->qbase = mzg__calloc_array(d->n_plex + 1, sizeof *h->qbase);
	if (!h->qbase)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < d->n_plex; i++) {
		h->qbase[i] = base;
		base += d->plex[i].n_assays;
	}
	if (base != h->qc->n_assays || h->qc->n_wells != h->run->n_pads)
		return mzg__err(MZG_EINVAL, "report.html: the QC does not belong "
		                "to this run");
	h->snr_min = param_value(h->run, "call.snr_min", 5);
	for (i = 0; i < h->run->n_pads; i++)
		if (mzg_well_index(h->run->pads[i].well, &r, &c) == 0 &&
		    (r >= 8 || c >= 12))
			big = 1;
	h->rows = big || h->run->chip_wells == 384 ? 16 : 8;
	h->cols = h->rows == 16 ? 24 : 12;
	return mzg__html_zoom_plan(h);
}

int mzg_report_html(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                    void *payload)
{
	const mzg_html_opts *o = payload;
	mzg__html h;
	int rc;

	if (!run || !run->design || !qc)
		return mzg__err(MZG_EINVAL, "report.html needs a run and its QC");
	memset(&h, 0, sizeof h);
	h.fp = fp;
	h.run = run;
	h.qc = qc;
	h.audit = o ? o->audit : NULL;
	h.max_zooms = o && o->max_zooms ? o->max_zooms : MZG_HTML_MAX_ZOOMS;
	if ((rc = setup(&h)) < 0 || (rc = head(&h)) < 0 ||
	    (rc = verdict(&h)) < 0 || (rc = nav(&h)) < 0 ||
	    (rc = summary(&h)) < 0 || (rc = mzg__html_plate(&h)) < 0 ||
	    (rc = flush(&h)) < 0 || (rc = mzg__html_clusters(&h)) < 0 ||
	    (rc = flush(&h)) < 0 || (rc = mzg__html_zooms(&h)) < 0 ||
	    (rc = flush(&h)) < 0 || (rc = assays_table(&h)) < 0 ||
	    (rc = pads_table(&h)) < 0 || (rc = dups_table(&h)) < 0)
		goto out;
	if ((rc = mzg__buf_puts(&h.b, "<section id=\"controls\"><h2>Controls"
	                        "</h2>") < 0 ? mzg__err(MZG_ENOMEM, "out of "
	                        "memory") : MZG_OK) < 0 ||
	    (rc = controls_table(&h, MZG_ROLE_NTC)) < 0 ||
	    (rc = controls_table(&h, MZG_ROLE_POSITIVE)) < 0 ||
	    (rc = mzg__buf_puts(&h.b, "</section>\n") < 0 ?
	          mzg__err(MZG_ENOMEM, "out of memory") : MZG_OK) < 0 ||
	    (rc = audit_table(&h)) < 0 || (rc = run_details(&h)) < 0)
		goto out;
	rc = flush(&h);
out:
	mzg__buf_free(&h.b);
	free(h.qbase);
	free(h.why);
	free(h.zooms);
	return rc;
}
