/*
 * review_fixture.h -- a called chip for the review page and mzgeno review
 * tests: the QC fixture (chip_fixture.h: 40 samples, a positive control,
 * two NTCs) on the real fas8 design, pads sorted by well as a run has
 * them, plus a duplicate of S01 (G01, discordant in rs2234978), an empty pad (G02), a sample whose
 * name needs escaping (G03), a D call (A02 rs13006529), an N call (A03
 * rs763110), a failed pad (B01) and a spectrum snippet for every measured
 * pad x assay (Gaussian peaks at the UEP and allele masses). Header-only.
 */
#ifndef MZG_REVIEW_FIXTURE_H
#define MZG_REVIEW_FIXTURE_H

#include <math.h>

#include "mzgeno/error.h"
#include "mzgeno/review.h"
#include "mzgeno/snippet.h"
#include "chip_fixture.h"

#define ODD_SAMPLE "<b>&\"x'"

static mzg_design *fas8;

static inline int pad_cmp(const void *a, const void *b)
{
	return strcmp(((const mzg_pad *)a)->well, ((const mzg_pad *)b)->well);
}

/* A snippet with Gaussian peaks at the UEP and both allele products. */
static inline void fake_snippet(mzg_snippet *s, const mzg_assay *a,
                                const mzg_call *c)
{
	double lo, hi, w = 4.0;
	size_t i;

	mzg_snippet_window(&lo, &hi, a);
	s->n = 150;
	s->mz0 = lo;
	s->mz1 = hi;
	s->centroid = 0;
	s->y = calloc(s->n, sizeof *s->y);
	for (i = 0; i < s->n; i++) {
		double m = lo + (hi - lo) * (double)i / (double)(s->n - 1);
		double v = 0.3 * sin((double)i);

		v += c->height_uep * exp(-0.5 * pow((m - a->uep_mass) / w, 2));
		v += c->height1 * exp(-0.5 * pow((m - a->ext_mass[0]) / w, 2));
		v += c->height2 * exp(-0.5 * pow((m - a->ext_mass[1]) / w, 2));
		s->y[i] = (float)v;
	}
}

static inline void review_chip(chip *ch)
{
	static mzg_input in = { "chip1.mzML", 1234, "ab12", 43, 0, 0, 1 };
	static mzg_param par[] = { { "call.snr_min", "5" } };
	mzg_pad *p;
	size_t i, k;

	if (!fas8)
		CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&fas8), MZG_OK);
	chip_make(ch, "G01\tS01\tsample\t\t\nG02\tE1\tempty\t\t\n"
	          "G03\t" ODD_SAMPLE "\tsample\t\t\n");
	qsort(ch->run.pads, ch->run.n_pads, sizeof *ch->run.pads, pad_cmp);
	ch->run.design = fas8;
	ch->run.chip = "CHIP1";
	ch->run.chip_wells = 96;
	ch->run.version = "0.1.0";
	ch->run.started = "2024-01-01T00:00:00Z";
	ch->run.n_inputs = 1;
	ch->run.inputs = &in;
	ch->run.n_params = 1;
	ch->run.params = par;
	for (i = 0; i < ch->run.n_pads; i++) {
		p = &ch->run.pads[i];
		p->noise = 1;
		p->n_spectra = 1;
		p->uep_expected = p->uep_found = NA;
		for (k = 0; k < NA; k++)
			p->calls[k].height_uep = 10, p->calls[k].snr_uep = 10;
		if (p->role == MZG_ROLE_EMPTY) {
			p->status = MZG_PAD_EMPTY;
			for (k = 0; k < NA; k++) {
				no_call(&p->calls[k], MZG_Q_N);
				p->calls[k].flags = MZG_CF_NOT_CALLED;
			}
		}
	}
	p = pad(ch, "G01"); /* duplicate of A01, discordant in rs2234978 */
	for (k = 0; k < NA; k++)
		set_call(&p->calls[k], pad(ch, "A01")->calls[k].genotype);
	set_call(&p->calls[5], MZG_GT_HET);
	p = pad(ch, "A02");
	no_call(&p->calls[3], MZG_Q_D);
	p->calls[3].best_guess = MZG_GT_HET;
	p->calls[3].probability = 0.61;
	p->calls[3].flags = MZG_CF_LOW_PROB;
	p = pad(ch, "A03");
	no_call(&p->calls[2], MZG_Q_N);
	p->calls[2].best_guess = MZG_GT_NOCALL;
	p->calls[2].probability = 0;
	p->calls[2].height1 = p->calls[2].height2 = 0;
	p->calls[2].snr1 = p->calls[2].snr2 = 0;
	p->calls[2].theta = NAN;
	p->calls[2].flags = MZG_CF_LOW_SIGNAL;
	p = pad(ch, "B01");
	p->status = MZG_PAD_BAD;
	p->reason = "no UEP found";
	p->calib.ok = 0;
	for (k = 0; k < NA; k++) {
		no_call(&p->calls[k], MZG_Q_I);
		p->calls[k].best_guess = MZG_GT_NOCALL;
		p->calls[k].probability = 0;
		p->calls[k].height1 = p->calls[k].height2 = 0;
		p->calls[k].snr1 = p->calls[k].snr2 = 0;
		p->calls[k].theta = NAN;
		p->calls[k].flags = MZG_CF_PAD_FAILED;
	}
	for (i = 0; i < ch->run.n_pads; i++) {
		p = &ch->run.pads[i];
		p->plex = 0;
		p->snippets = calloc(NA, sizeof *p->snippets);
		for (k = 0; k < NA; k++)
			fake_snippet(&p->snippets[k], &fas8->plex[0].assays[k],
			             &p->calls[k]);
	}
}

static inline void review_chip_free(chip *ch)
{
	size_t i, k;

	for (i = 0; i < ch->run.n_pads; i++) {
		for (k = 0; ch->run.pads[i].snippets && k < NA; k++)
			mzg_snippet_free(&ch->run.pads[i].snippets[k]);
		free(ch->run.pads[i].snippets);
	}
	chip_free(ch);
}

#endif
