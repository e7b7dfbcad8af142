/*
 * report_html.h -- shared state of the review page writer (report_html.c,
 * report_svg.c, report_zoom.c). Private.
 */
#ifndef MZG_REPORT_HTML_H
#define MZG_REPORT_HTML_H

#include <stddef.h>

#include "internal.h"
#include "report_priv.h"
#include "mzgeno/review.h"

/* UTF-8 text used on the page (the page is UTF-8; entities cost bytes). */
#define DOT "\xC2\xB7"    /* middle dot */
#define THETA "\xCE\xB8"  /* theta */

/* Why a pad x assay gets a spectrum zoom (bits). */
enum {
	MZG__Z_NTC = 1u << 0,   /* NTC with allele signal */
	MZG__Z_POS = 1u << 1,   /* positive control discordant */
	MZG__Z_DUP = 1u << 2,   /* duplicate set discordant in this assay */
	MZG__Z_E = 1u << 3,     /* reviewer override */
	MZG__Z_D = 1u << 4,     /* no call, low probability */
	MZG__Z_N = 1u << 5,     /* no call, no alleles (sample/positive) */
	MZG__Z_I = 1u << 6,     /* bad spectrum */
};
#define MZG__Z_KINDS 7

/* One zoom: pad index and assay position within the pad's multiplex. */
typedef struct mzg__zoom {
	size_t pad, k;
	unsigned why;
} mzg__zoom;

typedef struct mzg__html {
	FILE *fp;
	mzg_buf b;
	const mzg_run *run;
	const mzg_qc *qc;
	const mzg_audit *audit;  /* NULL when not a review */
	size_t max_zooms;
	size_t *qbase;           /* per multiplex: its first assay in qc->assays */
	unsigned *why;           /* per pad x assay (pad * stride + k): Z bits */
	size_t stride;           /* largest multiplex */
	mzg__zoom *zooms;        /* shown, in page order */
	size_t n_zooms;
	size_t n_flagged;        /* flagged pad x assays (shown or not) */
	size_t n_by_kind[MZG__Z_KINDS]; /* flagged by first reason */
	double snr_min;          /* calling threshold (call.snr_min; 5) */
	int rows, cols;          /* chip layout (8 x 12 or 16 x 24) */
} mzg__html;

/* Append @p s with & < > " ' escaped and control characters as spaces. */
int mzg__html_esc(mzg_buf *b, const char *s);
/* The design assay k of pad @p p, or NULL. */
const mzg_assay *mzg__html_assay(const mzg__html *h, const mzg_pad *p,
                                 size_t k);
/* Genotype text of a call for people: "AG", "no call". */
const char *mzg__html_gt(char out[16], const mzg_assay *a, const mzg_call *c);
/* A number for a figure ("1234", "0.512", "NA"). */
int mzg__html_num(mzg_buf *b, double v, int sig);

/* Zooms (report_zoom.c): find the flagged pad x assays, choose those
 * shown; write the section. */
int mzg__html_zoom_plan(mzg__html *h);
int mzg__html_zooms(mzg__html *h);

/* Plots (report_svg.c): the cluster plot section and the plate map. */
int mzg__html_clusters(mzg__html *h);
int mzg__html_plate(mzg__html *h);

#endif
