/*
 * cmd_design.c -- `mzgeno design show|check|export`: look at an assay
 * design before running it.
 *
 * show lists every multiplex, assay and expected species with its mass
 * (or one TSV row per species with --tsv); check lists collisions between
 * species of different assays, notes within an assay and mass mismatches,
 * failing under --strict; export writes the design in the Agena Assay
 * Design format so that a run can record the design it used.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *fp)
{
	fputs("Usage: mzgeno design show [--tsv] FILE|fas8\n"
	      "       mzgeno design check [--strict] [--resolution R] FILE|fas8\n"
	      "       mzgeno design export FILE|fas8\n"
	      "\n"
	      "Shows, checks or exports an assay design: an Agena MassARRAY Assay\n"
	      "Design export (tab-separated, see mzgeno-design(5) and docs/design.md),\n"
	      "'-' for standard input, or 'fas8', the built-in demonstration panel.\n"
	      "\n"
	      "  show     every multiplex, assay and species with its mass\n"
	      "           --tsv  one row per species: multiplex assay species\n"
	      "                  allele sequence mass\n"
	      "  check    species of different assays of one multiplex closer than\n"
	      "           the peak width (adducts and 2+ ions included), notes\n"
	      "           within an assay, and given masses that differ from the\n"
	      "           computed ones\n"
	      "           --resolution R  peak width m/R (default 600)\n"
	      "           --strict        exit 1 on a collision or a mismatch\n"
	      "  export   the design in the Agena format, on standard output\n"
	      "\n"
	      "Exit status: 0 ok, 1 bad usage or input (or --strict findings).\n",
	      fp);
}

static int load(mzg_design **d, const char *src)
{
	int rc;

	/* this command prints the load notes itself, in full */
	mzg_set_logger(NULL, NULL, MZG_LOG_ERROR);
	rc = mzg_design_load(d, src);
	if (rc < 0)
		return cli_fail(rc, src);
	return EXIT_OK;
}

static void print_caveat(FILE *fp, const char *caveat)
{
	const char *s = caveat, *e;
	int first = 1;

	if (!caveat)
		return;
	while (*s) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		fprintf(fp, "%s%.*s\n", first ? "CAVEAT: " : "        ",
		        (int)(e - s), s);
		first = 0;
		s = *e ? e + 1 : e;
	}
}

static void print_notes(FILE *fp, const mzg_design *d)
{
	size_t i;

	if (!d->n_notes)
		return;
	fprintf(fp, "\nnotes (%zu):\n", d->n_notes);
	for (i = 0; i < d->n_notes; i++)
		fprintf(fp, "  %s\n", d->notes[i]);
}

static void show_assay(const mzg_assay *a)
{
	int k;

	printf("  %-12s %-7s UEP_DIR %c  %-5s alleles ", a->id,
	       a->gene ? a->gene : "-", a->dir,
	       a->chem == MZG_CHEM_HME ? "hME" : "iPLEX");
	for (k = 0; k < a->n_alleles; k++)
		printf("%s%c", k ? "/" : "", a->allele[k]);
	printf("%s\n", a->verified ? "" : " (unverified)");
	printf("    UEP      %-30s %9.2f Da\n", a->uep_seq ? a->uep_seq : "-",
	       a->uep_mass);
	for (k = 0; k < a->n_alleles; k++)
		printf("    EXT%d %c   %-30s %9.2f Da\n", k + 1, a->allele[k],
		       a->ext_seq[k] ? a->ext_seq[k] : "-", a->ext_mass[k]);
	if (a->pause_mass > 0)
		printf("    pause    %-30s %9.2f Da\n", "-", a->pause_mass);
}

static void show_human(const mzg_design *d)
{
	size_t i, j;

	printf("design %s: %zu multiplex%s, %zu assays\n", d->source, d->n_plex,
	       d->n_plex == 1 ? "" : "es", mzg_design_n_assays(d));
	if (d->caveat) {
		putchar('\n');
		print_caveat(stdout, d->caveat);
	}
	for (i = 0; i < d->n_plex; i++) {
		printf("\nmultiplex %s: %zu assays\n", d->plex[i].name,
		       d->plex[i].n_assays);
		for (j = 0; j < d->plex[i].n_assays; j++)
			show_assay(&d->plex[i].assays[j]);
	}
	print_notes(stdout, d);
}

static void show_tsv(const mzg_design *d)
{
	size_t i, j;
	int k;

	printf("multiplex\tassay\tspecies\tallele\tsequence\tmass\n");
	for (i = 0; i < d->n_plex; i++)
		for (j = 0; j < d->plex[i].n_assays; j++) {
			const mzg_assay *a = &d->plex[i].assays[j];
			const char *w = d->plex[i].name;

			printf("%s\t%s\tUEP\t.\t%s\t%.2f\n", w, a->id,
			       a->uep_seq ? a->uep_seq : ".", a->uep_mass);
			for (k = 0; k < a->n_alleles; k++)
				printf("%s\t%s\tEXT%d\t%c\t%s\t%.2f\n", w, a->id, k + 1,
				       a->allele[k], a->ext_seq[k] ? a->ext_seq[k] : ".",
				       a->ext_mass[k]);
		}
	/* keep stdout a clean table; the caveat still reaches the reader */
	print_caveat(stderr, d->caveat);
}

static int cmd_show(int argc, char **argv)
{
	mzg_design *d = NULL;
	const char *src = NULL;
	int i, tsv = 0, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--tsv")) {
			tsv = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("design show: unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		} else if (src) {
			cli_error("design show: one design at a time");
			return EXIT_USAGE;
		} else {
			src = argv[i];
		}
	}
	if (!src) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((rc = load(&d, src)) != EXIT_OK)
		return rc;
	if (tsv)
		show_tsv(d);
	else
		show_human(d);
	mzg_design_free(d);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
}

static void print_report(const mzg_design *d, const mzg_design_report *r)
{
	size_t i;

	printf("design %s: %zu multiplex%s, %zu assays, %zu species, "
	       "resolution %g (peak width m/%g)\n", d->source, d->n_plex,
	       d->n_plex == 1 ? "" : "es", mzg_design_n_assays(d), r->n_species,
	       r->resolution, r->resolution);
	print_caveat(stdout, d->caveat);
	printf("collisions: %zu\n", r->n_collisions);
	for (i = 0; i < r->n; i++)
		if (r->issues[i].kind == MZG_ISSUE_COLLISION)
			printf("  COLLISION %s\n", r->issues[i].text);
	printf("notes: %zu (species of one assay within a peak width: "
	       "measurement resolves them)\n", r->n_notes);
	for (i = 0; i < r->n; i++)
		if (r->issues[i].kind == MZG_ISSUE_NOTE)
			printf("  note %s\n", r->issues[i].text);
	printf("mismatches: %zu\n", r->n_mismatches);
	for (i = 0; i < r->n; i++)
		if (r->issues[i].kind == MZG_ISSUE_MISMATCH)
			printf("  MISMATCH %s\n", r->issues[i].text);
	for (i = 0; i < d->n_notes; i++)
		if (!d->note_mismatch[i])
			printf("  warning %s\n", d->notes[i]);
	printf("result: %s\n", r->n_collisions ? "COLLISIONS" :
	       r->n_mismatches ? "MASS MISMATCHES" : "OK");
}

static int parse_resolution(const char *s, double *out)
{
	char *end;

	*out = s ? strtod(s, &end) : NAN;
	if (!s || end == s || *end || !(*out > 1) || isinf(*out)) {
		cli_error("design check: --resolution expects a number above 1, "
		          "got '%s'", s ? s : "");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int check_args(int argc, char **argv, const char **src, int *strict,
                      double *res)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return -1;
		} else if (!strcmp(argv[i], "--strict")) {
			*strict = 1;
		} else if (!strcmp(argv[i], "--resolution")) {
			if (parse_resolution(i + 1 < argc ? argv[++i] : NULL, res))
				return EXIT_USAGE;
		} else if (!strncmp(argv[i], "--resolution=", 13)) {
			if (parse_resolution(argv[i] + 13, res))
				return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("design check: unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		} else if (*src) {
			cli_error("design check: one design at a time");
			return EXIT_USAGE;
		} else {
			*src = argv[i];
		}
	}
	if (!*src) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
	mzg_design *d = NULL;
	mzg_design_report *r = NULL;
	const char *src = NULL;
	double res = MZG_DEFAULT_RESOLUTION;
	int strict = 0, rc;

	rc = check_args(argc, argv, &src, &strict, &res);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = load(&d, src)) != EXIT_OK)
		return rc;
	if ((rc = mzg_design_check(&r, d, res)) < 0) {
		rc = cli_fail(rc, src);
		goto out;
	}
	print_report(d, r);
	rc = EXIT_OK;
	if (strict && (r->n_collisions || r->n_mismatches)) {
		cli_error("design check --strict: %zu collision%s, %zu mass "
		          "mismatch%s in %s", r->n_collisions,
		          r->n_collisions == 1 ? "" : "s", r->n_mismatches,
		          r->n_mismatches == 1 ? "" : "es", src);
		rc = EXIT_USAGE;
	}
out:
	mzg_design_report_free(r);
	mzg_design_free(d);
	return rc;
}

static int cmd_export(int argc, char **argv)
{
	mzg_design *d = NULL;
	int rc;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1])) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((rc = load(&d, argv[1])) != EXIT_OK)
		return rc;
	rc = mzg_design_write(stdout, d);
	mzg_design_free(d);
	return rc < 0 ? cli_fail(rc, "standard output") : EXIT_OK;
}

int cmd_design(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "show"))
		return cmd_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "export"))
		return cmd_export(argc - 1, argv + 1);
	cli_error("design: unknown subcommand '%s' (expected show, check or "
	          "export)", argv[1]);
	return EXIT_USAGE;
}
