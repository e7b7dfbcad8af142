/*
 * main.c -- the mzgeno command: dispatch to subcommands.
 *
 * mzgeno calls SNP genotypes from MALDI-TOF spectra of iPLEX primer
 * extension products. Each subcommand is a file cmd_*.c; this file holds
 * the table, global --help/--version, and the stderr logger.
 */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"

static const cli_cmd commands[] = {
	{ "call", cmd_call, "call the genotypes of a chip run, with its QC" },
	{ "design", cmd_design, "show, check or export an assay design" },
	{ "simulate", cmd_simulate, "write a synthetic chip run with its truth" },
	{ "inspect", cmd_inspect, "list the spectra of mzML files" },
	{ "peaks", cmd_peaks, "detect the peaks of mzML spectra" },
	{ "review", cmd_review, "apply a reviewer's overrides to a report" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *fp)
{
	const cli_cmd *c;

	fprintf(fp,
	        "Usage: mzgeno <command> [options] [arguments]\n"
	        "\n"
	        "Calls SNP genotypes from MALDI-TOF mass spectra (MassARRAY iPLEX).\n"
	        "\n"
	        "Commands:\n");
	for (c = commands; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp,
	        "\n"
	        "  mzgeno --help          this text\n"
	        "  mzgeno --version       version\n"
	        "  mzgeno COMMAND --help  help on one command\n");
}

static void log_stderr(void *payload, mzg_log_level level, const char *msg)
{
	(void)payload;
	cli_progress_end();
	fprintf(stderr, "mzgeno: %s%s\n",
	        level == MZG_LOG_ERROR ? "error: " :
	        level == MZG_LOG_WARN ? "warning: " : "", msg);
}

int main(int argc, char **argv)
{
	const cli_cmd *c;

	gsl_set_error_handler_off();
	mzg_set_logger(log_stderr, NULL, MZG_LOG_WARN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("mzgeno %s\n", mzg_version());
		return EXIT_OK;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	cli_error("unknown command '%s' (see mzgeno --help)", argv[1]);
	return EXIT_USAGE;
}
