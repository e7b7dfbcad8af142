/*
 * cmd_peaks.c -- `mzgeno peaks`: the peaks the processing chain detects in
 * every spectrum of some mzML files.
 *
 * This is the processing stage on its own, for checking an instrument's
 * spectra, choosing parameters, and comparing with other software (with
 * --preset maldiquant the chain is MALDIquant's, so its peak lists can be
 * compared one to one). Spectra are read one at a time; a spectrum that
 * cannot be read or processed is reported and skipped, and the exit status
 * says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *fp)
{
	fputs("Usage: mzgeno peaks [--tsv] [--preset NAME] [--param KEY=VALUE]... "
	      "FILE...\n"
	      "\n"
	      "Detects the peaks of every spectrum in the mzML files: profile\n"
	      "spectra go through smoothing, baseline removal, noise estimation\n"
	      "and peak detection (docs/processing.md); centroided spectra are\n"
	      "their own peak list.\n"
	      "\n"
	      "  --tsv              a table with a header: spectrum well mz\n"
	      "                     intensity snr (spectrum = 0-based index in its\n"
	      "                     file, well '.' when unknown)\n"
	      "  --preset NAME      default, or maldiquant (MALDIquant 1.22's chain:\n"
	      "                     Savitzky-Golay hws 10, SNIP 100, MAD, local\n"
	      "                     maxima hws 20, SNR 3, raw apex, whole spectrum)\n"
	      "  --param KEY=VALUE  one processing option, after the preset:\n"
	      "                     resolution mz_min mz_max transform sg_order\n"
	      "                     sg_hws snip_iterations snip_da snip_decreasing\n"
	      "                     baseline_centre noise_global noise_window_da\n"
	      "                     noise_stride noise_mask peak_hws peak_snr\n"
	      "                     interpolate clamp_negative (docs/processing.md)\n"
	      "\n"
	      "Exit status: 0 ok; 1 bad usage, or a file or spectrum could not be\n"
	      "read or processed (the others are still listed).\n",
	      fp);
}

typedef struct peaks_run {
	mzg_proc_opts opts;
	int tsv;
	int failed;
	mzg_spectrum s;
	mzg_processed p;
} peaks_run;

static void print_spectrum(const peaks_run *r, const char *path,
                           const char *well)
{
	const mzg_spectrum *s = &r->s;
	const mzg_processed *p = &r->p;
	size_t i;

	if (r->tsv) {
		for (i = 0; i < p->n_peaks; i++)
			printf("%ld\t%s\t%.6f\t%.8g\t%.6g\n", s->index, well,
			       p->peaks[i].mz, p->peaks[i].intensity, p->peaks[i].snr);
		return;
	}
	printf("%s spectrum %ld (%s, well %s): %s, %zu peaks, resolution %.0f",
	       path, s->index, s->id && *s->id ? s->id : "no id",
	       *well == '.' ? "unknown" : well,
	       p->centroid ? "centroid" : "profile", p->n_peaks, p->resolution);
	if (p->n_resolution_peaks)
		printf(" (from %zu peaks)", p->n_resolution_peaks);
	printf(", noise %.4g\n", p->noise_median);
	if (!p->n_peaks)
		return;
	printf("  %14s %14s %10s %10s\n", "m/z", "intensity", "snr", "fwhm");
	for (i = 0; i < p->n_peaks; i++)
		printf("  %14.4f %14.6g %10.2f %10.3f\n", p->peaks[i].mz,
		       p->peaks[i].intensity, p->peaks[i].snr, p->peaks[i].fwhm);
}

/* Process and print one spectrum just read. */
static void one_spectrum(peaks_run *r, const char *path)
{
	char well[4];
	int rc;

	if (r->s.well[0])
		memcpy(well, r->s.well, sizeof well);
	else if (mzg_well_resolve(well, r->s.spot_id, r->s.id, path) < 0)
		strcpy(well, ".");
	if (r->s.n == 0) {
		if (!r->tsv)
			printf("%s spectrum %ld (%s): empty\n", path, r->s.index,
			       r->s.id && *r->s.id ? r->s.id : "no id");
		return;
	}
	rc = mzg_process(&r->p, &r->s, &r->opts);
	if (rc < 0) {
		cli_error("%s: %s", path, mzg_errmsg());
		r->failed = 1;
		return;
	}
	print_spectrum(r, path, well);
}

static void one_file(peaks_run *r, const char *path)
{
	mzg_mzml *m = NULL;
	int rc;

	rc = mzg_mzml_open(&m, path, NULL);
	if (rc < 0) {
		cli_fail(rc, path);
		r->failed = 1;
		return;
	}
	while ((rc = mzg_mzml_next(m, &r->s)) != MZG_DONE) {
		if (rc == MZG_EDATA) {
			cli_error("%s: %s", path, mzg_errmsg());
			r->failed = 1;
			continue;
		}
		if (rc < 0) {
			cli_error("%s: %s", path, mzg_errmsg());
			r->failed = 1;
			break;
		}
		one_spectrum(r, path);
	}
	mzg_mzml_close(m);
}

/* Apply --param KEY=VALUE. */
static int set_param(mzg_proc_opts *o, const char *kv)
{
	char key[64];
	const char *value;
	int rc;

	if (cli_param_split(key, sizeof key, &value, kv, "peaks") < 0)
		return EXIT_USAGE;
	rc = mzg_proc_opts_set(o, key, value);
	if (rc < 0)
		return cli_fail(rc, "--param");
	return EXIT_OK;
}

/* Options: the preset first wherever it is given, then the params in
 * order. Leaves the first file's index in *first (argc when none). */
static int parse(peaks_run *r, int argc, char **argv, int *first)
{
	const char *preset = NULL;
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--preset") && i + 1 < argc)
			preset = argv[++i];
		else if (!strcmp(argv[i], "--param") && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "--tsv") && strcmp(argv[i], "--help") &&
		         strcmp(argv[i], "-h")) {
			cli_error("peaks: unknown option or missing value '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	*first = i;
	mzg_proc_opts_init(&r->opts);
	if (preset && (rc = mzg_proc_opts_preset(&r->opts, preset)) < 0)
		return cli_fail(rc, "--preset");
	for (i = 1; i < *first; i++) {
		if (!strcmp(argv[i], "--tsv"))
			r->tsv = 1;
		else if (!strcmp(argv[i], "--preset"))
			i++;
		else if (!strcmp(argv[i], "--param") &&
		         (rc = set_param(&r->opts, argv[++i])) != EXIT_OK)
			return rc;
	}
	if ((rc = mzg_proc_opts_check(&r->opts)) < 0)
		return cli_fail(rc, "options");
	return EXIT_OK;
}

int cmd_peaks(int argc, char **argv)
{
	peaks_run r;
	int i, first, rc;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
	memset(&r, 0, sizeof r);
	if ((rc = parse(&r, argc, argv, &first)) != EXIT_OK)
		return rc;
	if (first >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	mzg_spectrum_init(&r.s);
	mzg_processed_init(&r.p);
	if (r.tsv)
		printf("spectrum\twell\tmz\tintensity\tsnr\n");
	for (i = first; i < argc; i++)
		one_file(&r, argv[i]);
	mzg_processed_free(&r.p);
	mzg_spectrum_free(&r.s);
	if (fflush(stdout) != 0) {
		cli_error("peaks: cannot write the output");
		return EXIT_INTERNAL;
	}
	return r.failed ? EXIT_USAGE : EXIT_OK;
}
