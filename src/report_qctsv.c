/*
 * report_qctsv.c -- qc.tsv: the QC tables for a spreadsheet.
 *
 * One file, several blocks separated by a blank line: the verdict, its
 * reasons, the assays, the pads, the duplicate sets and the controls.
 * Each block has its own header row, and the first column of every row
 * names its block ("verdict", "reason", "assay", "well", "duplicate",
 * "control"), so `grep '^assay'` or a spreadsheet filter extracts one
 * table. Numbers have the formats of qc.json.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "qc_priv.h"
#include "report_priv.h"

static int t(mzg_buf *b, const char *s)
{
	return mzg__buf_append(b, "\t", 1) | mzg__tsv_text(b, s);
}

static int tz(mzg_buf *b, size_t v)
{
	return mzg__buf_printf(b, "\t%zu", v);
}

static int tf(mzg_buf *b, double v, int decimals)
{
	return mzg__buf_append(b, "\t", 1) | mzg__tsv_fixed(b, v, decimals);
}

static int tg(mzg_buf *b, double v, int digits)
{
	return mzg__buf_append(b, "\t", 1) | mzg__tsv_sig(b, v, digits);
}

static int block_reasons(mzg_buf *b, const mzg_qc *q)
{
	size_t i, fails = 0, warns = 0;
	int rc;

	for (i = 0; i < q->n_reasons; i++) {
		fails += q->reasons[i].level == MZG_VERDICT_FAIL;
		warns += q->reasons[i].level == MZG_VERDICT_WARN;
	}
	rc = mzg__buf_printf(b, "table\tverdict\tfails\twarnings\n"
	                     "verdict\t%s", mzg_verdict_name(q->verdict)) |
	     tz(b, fails) | tz(b, warns);
	rc |= mzg__buf_puts(b, "\n\ntable\tlevel\trule\tsubject\tvalue\t"
	                    "threshold\tmessage\n");
	for (i = 0; i < q->n_reasons; i++) {
		const mzg_qc_reason *r = &q->reasons[i];

		rc |= mzg__buf_puts(b, "reason") | t(b, mzg_verdict_name(r->level)) |
		      t(b, r->rule) | t(b, r->subject) | tg(b, r->value, 6) |
		      tg(b, r->threshold, 6) | t(b, r->message) |
		      mzg__buf_puts(b, "\n");
	}
	return rc ? MZG_ENOMEM : MZG_OK;
}

static void allele_pair(char out[4], const mzg_run *run,
                        const mzg_qc_assay *a)
{
	const mzg_assay *d = &run->design->plex[a->plex].assays[a->assay];
	int i1 = a->allele1 >= 0 ? a->allele1 : 0;
	int i2 = a->allele2 >= 0 ? a->allele2 : 1;

	out[0] = i1 < d->n_alleles ? d->allele[i1] : '?';
	out[1] = '/';
	out[2] = i2 < d->n_alleles ? d->allele[i2] : '?';
	out[3] = '\0';
}

static int block_assays(mzg_buf *b, const mzg_run *run, const mzg_qc *q)
{
	size_t i, k;
	int rc;

	rc = mzg__buf_puts(b, "\ntable\tassay\tmultiplex\talleles\tpads\tcalled"
	                   "\tcall_rate\tA\tB\tC\tD\tE\tN\tI\tsamples\thom1\thet"
	                   "\thom2\tfreq1\tfreq2\thwe_p\tverdict\n");
	for (i = 0; i < q->n_assays; i++) {
		const mzg_qc_assay *a = &q->assays[i];
		char al[4];

		allele_pair(al, run, a);
		rc |= mzg__buf_puts(b, "assay") | t(b, a->id) |
		      t(b, run->design->plex[a->plex].name) | t(b, al) |
		      tz(b, a->n_pads) | tz(b, a->n_called) |
		      tf(b, a->call_rate, 4);
		for (k = 0; k < MZG_QC_NQ; k++)
			rc |= tz(b, a->n_quality[k]);
		rc |= tz(b, a->n_samples) | tz(b, a->n_gt[0]) | tz(b, a->n_gt[1]) |
		      tz(b, a->n_gt[2]) | tf(b, a->freq1, 4) | tf(b, a->freq2, 4) |
		      tg(b, a->hwe_p, 4) | t(b, mzg_verdict_name(a->verdict)) |
		      mzg__buf_puts(b, "\n");
	}
	return rc ? MZG_ENOMEM : MZG_OK;
}

static int block_wells(mzg_buf *b, const mzg_run *run, const mzg_qc *q)
{
	size_t i;
	int rc;

	rc = mzg__buf_puts(b, "\ntable\twell\tsample\trole\tmultiplex\tstatus"
	                   "\tassays\tcalled\tcall_rate\tcalibrants"
	                   "\tcalibrants_expected\tresidual_ppm\tspectra"
	                   "\tverdict\treason\n");
	for (i = 0; i < q->n_wells; i++) {
		const mzg_qc_well *w = &q->wells[i];
		const mzg_pad *p = &run->pads[w->pad];
		const char *plex = p->plex >= 0 &&
		                   (size_t)p->plex < run->design->n_plex ?
		                   run->design->plex[p->plex].name : NULL;

		rc |= mzg__buf_printf(b, "well\t%s", p->well) | t(b, p->sample) |
		      t(b, mzg_role_name(p->role)) | t(b, plex) |
		      t(b, mzg_pad_status_name(p->status)) | tz(b, w->n_assays) |
		      tz(b, w->n_called) | tf(b, w->call_rate, 4) |
		      tz(b, p->calib.n_calibrants) | tz(b, p->calib.n_expected) |
		      tf(b, p->calib.residual_ppm, 1) | tz(b, p->n_spectra) |
		      t(b, mzg_verdict_name(w->verdict)) | t(b, p->reason) |
		      mzg__buf_puts(b, "\n");
	}
	return rc ? MZG_ENOMEM : MZG_OK;
}

static int block_dups(mzg_buf *b, const mzg_run *run, const mzg_qc *q)
{
	size_t i, k;
	int rc;

	rc = mzg__buf_puts(b, "\ntable\tsample\twells\tcompared\tconcordant"
	                   "\tdiscordant\tdiscordant_assays\tverdict\n");
	for (i = 0; i < q->n_dups; i++) {
		const mzg_qc_dup *d = &q->dups[i];

		rc |= mzg__buf_puts(b, "duplicate") | t(b, d->sample) |
		      mzg__buf_puts(b, "\t");
		for (k = 0; k < d->n_pads; k++)
			rc |= mzg__buf_printf(b, "%s%s", k ? "," : "",
			                      run->pads[d->pads[k]].well);
		rc |= tz(b, d->n_compared) | tz(b, d->n_concordant) |
		      tz(b, d->n_discordant) | mzg__buf_puts(b, "\t");
		for (k = 0; k < d->n_discordant; k++)
			rc |= mzg__buf_printf(b, "%s%s", k ? "," : "",
			                      q->assays[d->discordant[k]].id);
		rc |= mzg__buf_puts(b, d->n_discordant ? "" : ".") |
		      t(b, mzg_verdict_name(d->verdict)) | mzg__buf_puts(b, "\n");
	}
	return rc ? MZG_ENOMEM : MZG_OK;
}

/* Status word of a control, as in qc.json. */
const char *mzg__control_status(const mzg_qc_control *c)
{
	if (!c->checked)
		return "unchecked";
	if (c->role == MZG_ROLE_NTC)
		return c->contaminated ? "contaminated" : "clean";
	if (c->n_discordant)
		return "discordant";
	return c->n_compared ? "concordant" : "unchecked";
}

static int block_controls(mzg_buf *b, const mzg_run *run, const mzg_qc *q)
{
	size_t i, k, n;
	int rc;

	rc = mzg__buf_puts(b, "\ntable\twell\tsample\trole\tstatus\tmax_snr"
	                   "\tsignal_assays\texpected\tcompared\tconcordant"
	                   "\tdiscordant\tnot_called\tconcordance\tverdict\n");
	for (i = 0; i < q->n_controls; i++) {
		const mzg_qc_control *c = &q->controls[i];
		const mzg_pad *p = &run->pads[c->pad];
		int want = c->role == MZG_ROLE_NTC ? MZG_QC_SIGNAL : MZG_QC_DISCORDANT;

		rc |= mzg__buf_printf(b, "control\t%s", p->well) | t(b, p->sample) |
		      t(b, mzg_role_name(c->role)) | t(b, mzg__control_status(c)) |
		      tf(b, c->max_snr, 2) | mzg__buf_puts(b, "\t");
		for (k = 0, n = 0; k < c->n_checks; k++)
			if (c->role == MZG_ROLE_NTC && c->checks[k].status == want)
				rc |= mzg__buf_printf(b, "%s%s", n++ ? "," : "",
				                      q->assays[c->checks[k].assay].id);
		rc |= mzg__buf_puts(b, n ? "" : ".") | tz(b, c->n_expected) |
		      tz(b, c->n_compared) | tz(b, c->n_concordant) |
		      tz(b, c->n_discordant) | tz(b, c->n_not_called) |
		      tf(b, c->concordance, 4) | t(b, mzg_verdict_name(c->verdict)) |
		      mzg__buf_puts(b, "\n");
	}
	return rc ? MZG_ENOMEM : MZG_OK;
}

int mzg_report_qc_tsv(FILE *fp, const mzg_run *run, const mzg_qc *qc,
                      void *payload)
{
	mzg_buf b = { 0 };
	int rc;

	(void)payload;
	if (!run || !run->design || !qc)
		return mzg__err(MZG_EINVAL, "qc.tsv needs a run and its QC");
	if ((rc = block_reasons(&b, qc)) == MZG_OK &&
	    (rc = block_assays(&b, run, qc)) == MZG_OK &&
	    (rc = block_wells(&b, run, qc)) == MZG_OK &&
	    (rc = block_dups(&b, run, qc)) == MZG_OK &&
	    (rc = block_controls(&b, run, qc)) == MZG_OK)
		rc = mzg__tsv_flush(&b, fp);
	mzg__buf_free(&b);
	return rc;
}
