/*
 * chip_fixture.h -- a hand-made called chip for the QC and report tests:
 * the fas8 assays in one multiplex W1, 40 samples, a positive control and
 * two NTCs, every call quality A (header-only; static inline helpers).
 */
#ifndef MZG_CHIP_FIXTURE_H
#define MZG_CHIP_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mzgeno/plate.h"
#include "mzgeno/run.h"
#include "runner.h"

#define NA 8 /* assays of the test multiplex */

static mzg_assay assays[NA];
static mzg_plex plex;
static mzg_design design;

static inline int chip_setup(void)
{
	static const struct { const char *id; char a1, a2; } fas8[NA] = {
		{ "rs2234767", 'G', 'A' }, { "rs1800682", 'A', 'G' },
		{ "rs763110", 'C', 'T' }, { "rs13006529", 'A', 'T' },
		{ "rs2229521", 'C', 'T' }, { "rs2234978", 'T', 'C' },
		{ "rs1439123", 'A', 'G' }, { "rs2288713", 'C', 'T' },
	};
	size_t i;

	for (i = 0; i < NA; i++) {
		memset(&assays[i], 0, sizeof assays[i]);
		assays[i].id = (char *)fas8[i].id;
		assays[i].n_alleles = 2;
		assays[i].allele[0] = fas8[i].a1;
		assays[i].allele[1] = fas8[i].a2;
	}
	plex = (mzg_plex){ .name = "W1", .n_assays = NA, .assays = assays };
	design = (mzg_design){ .source = "test", .n_plex = 1, .plex = &plex };
	return 0;
}

/* A chip: 40 samples S01..S40 in A01.., a positive control, two NTCs.
 * Genotypes of sample i: i % 4 == 0 -> hom1, 1,2 -> het, 3 -> hom2 (HWE
 * holds: 10/20/10). Every call quality A with SNR 20; NTCs SNR 1. */
typedef struct chip {
	mzg_plate *plate;
	mzg_run run;
} chip;

static inline void set_call(mzg_call *c, int gt)
{
	memset(c, 0, sizeof *c);
	c->allele1 = 0;
	c->allele2 = 1;
	c->genotype = c->best_guess = gt;
	c->quality = MZG_Q_A;
	c->probability = 0.999;
	c->height1 = gt == MZG_GT_HOM2 ? 0 : 100;
	c->height2 = gt == MZG_GT_HOM1 ? 0 : 100;
	c->snr1 = c->height1 / 5;
	c->snr2 = c->height2 / 5;
	c->theta = gt / 2.0;
}

static inline void no_call(mzg_call *c, mzg_quality q)
{
	c->genotype = MZG_GT_NOCALL;
	c->quality = q;
}

static inline void chip_make(chip *ch, const char *extra_rows)
{
	const char *path = mzg_test_path(mzg_test_tmpdir(), "qc_plate.tsv");
	FILE *fp = fopen(path, "w");
	size_t i, k;

	memset(ch, 0, sizeof *ch);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fprintf(fp, "well\tsample\trole\trs2234767\trs1800682\n");
	for (i = 0; i < 40; i++)
		fprintf(fp, "%c%02zu\tS%02zu\tsample\t\t\n", (int)('A' + i / 12),
		        i % 12 + 1, i + 1);
	fprintf(fp, "H01\tPOS\tpositive\tGA\tAA\nH11\tNTC1\tntc\t\t\n"
	        "H12\tNTC2\tntc\t\t\n%s", extra_rows ? extra_rows : "");
	fclose(fp);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_load(&ch->plate, path, 96), MZG_OK);
	CU_ASSERT_EQUAL_FATAL(mzg_plate_validate(ch->plate, &design), MZG_OK);
	ch->run.design = &design;
	ch->run.plate = ch->plate;
	ch->run.n_pads = ch->plate->n_wells;
	ch->run.pads = calloc(ch->run.n_pads, sizeof *ch->run.pads);
	for (i = 0; i < ch->run.n_pads; i++) {
		mzg_pad *p = &ch->run.pads[i];
		const mzg_plate_well *w = &ch->plate->wells[i];

		memcpy(p->well, w->well, 4);
		p->sample = w->sample;
		p->role = w->role;
		p->status = MZG_PAD_OK;
		p->calib.ok = 1;
		p->calib.n_calibrants = NA;
		p->n_calls = NA;
		p->calls = calloc(NA, sizeof *p->calls);
		for (k = 0; k < NA; k++) {
			int gt = (int)(i % 4 == 0 ? 0 : i % 4 == 3 ? 2 : 1);

			set_call(&p->calls[k], gt);
			if (p->role == MZG_ROLE_NTC) {
				set_call(&p->calls[k], MZG_GT_HOM1);
				no_call(&p->calls[k], MZG_Q_N);
				p->calls[k].height1 = p->calls[k].snr1 = 1;
				p->calls[k].snr2 = 0.5;
			}
		}
		if (p->role == MZG_ROLE_POSITIVE) { /* expected GA, AA */
			set_call(&p->calls[0], MZG_GT_HET);
			set_call(&p->calls[1], MZG_GT_HOM1);
		}
	}
}

static inline void chip_free(chip *ch)
{
	size_t i;

	for (i = 0; i < ch->run.n_pads; i++)
		free(ch->run.pads[i].calls);
	free(ch->run.pads);
	mzg_plate_free(ch->plate);
}

static inline mzg_pad *pad(chip *ch, const char *well)
{
	size_t i;

	for (i = 0; i < ch->run.n_pads; i++)
		if (!strcmp(ch->run.pads[i].well, well))
			return &ch->run.pads[i];
	CU_FAIL_FATAL("no such pad");
	return NULL;
}

#endif
