/*
 * fuzz_design.c -- fuzz target for the Agena Assay Design reader.
 *
 * Feeds the input to mzg_design_read() as a design export. When it loads,
 * the design is also checked for collisions (every target list of every
 * multiplex) and written back in the export format, and the written text
 * must load again with the same number of assays: a design that mzgeno
 * accepts must survive its own round trip.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "mzgeno/design.h"
#include "mzgeno/error.h"

/* Write @p d to memory and read it back; abort() if that fails. */
static void round_trip(const mzg_design *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	mzg_design *again = NULL;

	if (!fp)
		return;
	if (mzg_design_write(fp, d) < 0) {
		fclose(fp);
		free(text);
		return;
	}
	fclose(fp);
	fp = fuzz_stream((const uint8_t *)text, len);
	if (fp) {
		if (mzg_design_read(&again, fp, "round-trip") < 0 ||
		    mzg_design_n_assays(again) != mzg_design_n_assays(d)) {
			fprintf(stderr, "design round trip failed: %s\n%s",
			        mzg_errmsg(), text);
			abort();
		}
		fclose(fp);
	}
	mzg_design_free(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fuzz_stream(data, size);
	mzg_design *d = NULL;
	mzg_design_report *rep = NULL;

	if (!fp)
		return 0;
	if (mzg_design_read(&d, fp, "fuzz.tsv") == 0) {
		if (mzg_design_check(&rep, d, 0) == 0)
			mzg_design_report_free(rep);
		round_trip(d);
	}
	mzg_design_free(d);
	fclose(fp);
	return 0;
}
