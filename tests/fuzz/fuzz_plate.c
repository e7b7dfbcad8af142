/*
 * fuzz_plate.c -- fuzz target for the plate-sheet reader.
 *
 * Feeds the input to mzg_plate_read() (a 384-pad chip when the input
 * length is odd, 96 when even, so both well ranges are reached), then
 * validates a loaded sheet against the built-in fas8 design and looks up
 * every listed well and its expected genotypes, so the checks of
 * plate_check.c and the lookups see whatever the parser let through.
 */
#include <string.h>

#include "fuzz.h"
#include "mzgeno/design.h"
#include "mzgeno/plate.h"

static mzg_design *fas8;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mzg_design_fas8(&fas8) < 0)
		fas8 = NULL;
	return 0;
}

/* Every lookup a caller makes on a validated plate. */
static void touch(const mzg_plate *p)
{
	size_t i, j;
	size_t sum = 0;

	for (i = 0; i < p->n_wells; i++) {
		const mzg_plate_well *w = mzg_plate_find(p, p->wells[i].well);

		if (!w)
			continue;
		sum += strlen(w->sample);
		for (j = 0; j < fas8->plex[0].n_assays; j++) {
			const char *g = mzg_plate_expected(p, w,
			                     fas8->plex[0].assays[j].id);
			if (g)
				sum += strlen(g);
		}
	}
	for (i = 0; i < p->n_dupsets; i++)
		for (j = 0; j < p->dupsets[i].n; j++)
			sum += p->wells[p->dupsets[i].wells[j]].line;
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fuzz_stream(data, size);
	mzg_plate *p = NULL;

	if (!fp)
		return 0;
	if (mzg_plate_read(&p, fp, "fuzz.tsv", size % 2 ? 384 : 96) == 0 &&
	    fas8 && mzg_plate_validate(p, fas8) == 0)
		touch(p);
	mzg_plate_free(p);
	fclose(fp);
	return 0;
}
