/*
 * cmd_inspect.c -- `mzgeno inspect`: list the spectra of mzML files.
 *
 * One row per spectrum: index, id, well, ms level, representation, number
 * of points, m/z range and intensity sum, plus (human form) how each array
 * was encoded and whether the file's index verified. --tsv gives a stable
 * machine-readable table. A bad spectrum is reported on stderr and the rest
 * of the file is still listed; a file that cannot be read is reported and
 * the next file is tried. Exit status 1 if anything was bad.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *fp)
{
	fprintf(fp,
	        "Usage: mzgeno inspect [--tsv] FILE...\n"
	        "\n"
	        "List the spectra of mzML files (.mzML or .mzML.gz, plain or\n"
	        "indexedmzML): index, id, well, ms level, representation,\n"
	        "points, m/z range, intensity sum, array encodings, and whether\n"
	        "the file's index verified.\n"
	        "\n"
	        "Options:\n"
	        "  --tsv      tab-separated output with a header row and the\n"
	        "             columns file index id well ms_level representation\n"
	        "             points mz_min mz_max intensity_sum (NA = unknown)\n"
	        "  -h, --help this text\n"
	        "\n"
	        "Bad spectra are reported on stderr (file, index, id, reason) and\n"
	        "the rest is still listed. Exit status: 0 all good, 1 a file or\n"
	        "spectrum could not be read, 2 internal error.\n");
}

static const char *repr_name(mzg_repr r)
{
	return r == MZG_REPR_PROFILE ? "profile" :
	       r == MZG_REPR_CENTROID ? "centroid" : "unknown";
}

/* "f64", "f32+zlib", "numpress-linear+zlib", ... */
static void enc_name(char *buf, size_t n, const mzg_encoding *e)
{
	static const char *types[] = { "?", "f32", "f64", "i32", "i64" };
	const char *base = types[e->dtype <= MZG_DTYPE_I64 ? e->dtype : 0];

	if (e->compression & MZG_COMP_NP_LINEAR)
		base = "numpress-linear";
	else if (e->compression & MZG_COMP_NP_PIC)
		base = "numpress-pic";
	else if (e->compression & MZG_COMP_NP_SLOF)
		base = "numpress-slof";
	snprintf(buf, n, "%s%s", base,
	         (e->compression & MZG_COMP_ZLIB) ? "+zlib" : "");
}

/* Min/max m/z and the intensity sum of a spectrum. */
static void summarise(const mzg_spectrum *s, double *lo, double *hi,
                      double *sum)
{
	size_t i;

	*lo = INFINITY;
	*hi = -INFINITY;
	*sum = 0;
	for (i = 0; i < s->n; i++) {
		if (s->mz[i] < *lo)
			*lo = s->mz[i];
		if (s->mz[i] > *hi)
			*hi = s->mz[i];
		*sum += s->intensity[i];
	}
}

static void row_tsv(const char *file, const mzg_spectrum *s)
{
	double lo, hi, sum;

	summarise(s, &lo, &hi, &sum);
	printf("%s\t%ld\t%s\t%s\t", file, s->index, s->id,
	       s->well[0] ? s->well : "NA");
	if (s->ms_level)
		printf("%d\t", s->ms_level);
	else
		printf("NA\t");
	printf("%s\t%zu\t", repr_name(s->repr), s->n);
	if (s->n)
		printf("%.10g\t%.10g\t%.10g\n", lo, hi, sum);
	else
		printf("NA\tNA\t0\n");
}

static void row_human(const mzg_spectrum *s)
{
	char em[32], ei[32], range[64], lvl[8];
	double lo, hi, sum;

	summarise(s, &lo, &hi, &sum);
	enc_name(em, sizeof em, &s->enc_mz);
	enc_name(ei, sizeof ei, &s->enc_int);
	if (s->n)
		snprintf(range, sizeof range, "%.4f-%.4f", lo, hi);
	else
		snprintf(range, sizeof range, "-");
	if (s->ms_level)
		snprintf(lvl, sizeof lvl, "MS%d", s->ms_level);
	else
		snprintf(lvl, sizeof lvl, "MS?");
	printf("  %-5ld %-24s %-4s %-4s %-8s %8zu  %-22s %-14.8g %s; %s%s%s\n",
	       s->index, s->id, s->well[0] ? s->well : "-", lvl,
	       repr_name(s->repr), s->n, range, sum, em, ei,
	       (s->flags & MZG_SPEC_LENGTH_MISMATCH) ? " [length mismatch]" : "",
	       (s->flags & MZG_SPEC_UNSORTED) ? " [m/z unsorted]" : "");
}

/* List one file. Returns 0 if everything was read, 1 otherwise. */
static int inspect_file(const char *path, int tsv)
{
	mzg_spectrum s;
	mzg_mzml *r = NULL;
	long n = 0, bad = 0;
	int rc, status = 0;

	mzg_spectrum_init(&s);
	if ((rc = mzg_mzml_open(&r, path, NULL)) < 0) {
		cli_fail(rc, path);
		return 1;
	}
	if (!tsv)
		printf("%s\n  %-5s %-24s %-4s %-4s %-8s %8s  %-22s %-14s %s\n",
		       path, "index", "id", "well", "ms", "repr", "points",
		       "m/z range", "intensity sum", "encoding (m/z; intensity)");
	while ((rc = mzg_mzml_next(r, &s)) == 0 || rc == MZG_EDATA) {
		n++;
		if (rc == MZG_EDATA) {
			bad++;
			cli_error("%s", mzg_errmsg());
			continue;
		}
		if (tsv)
			row_tsv(path, &s);
		else
			row_human(&s);
	}
	if (rc != MZG_DONE) {
		cli_fail(rc, path);
		status = 1;
	}
	if (bad)
		status = 1;
	if (!tsv)
		printf("  %ld spectra, %ld bad%s; index: %s\n\n", n, bad,
		       rc == MZG_DONE ? "" : ", file not read to the end",
		       rc == MZG_DONE ? mzg_mzml_index_note(r) : "not checked");
	mzg_mzml_close(r);
	mzg_spectrum_free(&s);
	return status;
}

int cmd_inspect(int argc, char **argv)
{
	int i, tsv = 0, status = EXIT_OK, nfiles = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--tsv")) {
			tsv = 1;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("inspect: unknown option '%s'", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		} else {
			break;
		}
	}
	if (i >= argc) {
		cli_error("inspect: no FILE given (see mzgeno inspect --help)");
		return EXIT_USAGE;
	}
	if (tsv)
		printf("file\tindex\tid\twell\tms_level\trepresentation\tpoints\t"
		       "mz_min\tmz_max\tintensity_sum\n");
	for (; i < argc; i++, nfiles++)
		if (inspect_file(argv[i], tsv))
			status = EXIT_USAGE;
	fflush(stdout);
	return status;
}
