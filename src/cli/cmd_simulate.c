/*
 * cmd_simulate.c -- `mzgeno simulate`: write a synthetic chip run with its
 * truth table.
 *
 * Real iPLEX spectra are not public, so this is how the demo, the tests
 * and the benchmarks get chips: spectra (chip.mzML or one file per pad),
 * the plate sheet to call them with, and truth.tsv to score the calls
 * against. The model and its parameters: docs/simulate.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *fp)
{
	fputs("Usage: mzgeno simulate --out DIR [options]\n"
	      "\n"
	      "Writes a realistic synthetic SpectroCHIP run with known truth:\n"
	      "  DIR/chip.mzML    one spectrum per pad (spotID = well), indexedmzML\n"
	      "                   (or DIR/spectra/A01.mzML ... with --per-well-files)\n"
	      "  DIR/plate.tsv    the plate sheet (samples, NTCs, duplicates, a\n"
	      "                   positive control with its expected genotypes)\n"
	      "  DIR/truth.tsv    what each pad x assay should be called:\n"
	      "                   well sample role assay genotype status\n"
	      "  DIR/pads.tsv     each pad's drawn parameters (calibration error, ...)\n"
	      "  DIR/design.tsv   the design used, in the Agena format\n"
	      "\n"
	      "Options:\n"
	      "  --out DIR             output directory (required)\n"
	      "  --design FILE|fas8    assay design (default fas8)\n"
	      "  --wells 96|384        chip size (default 96)\n"
	      "  --seed N              random seed (default 1); same seed, same bytes\n"
	      "  --points N            points per profile spectrum (default 20000)\n"
	      "  --encoding E          zlib (default), none or numpress\n"
	      "  --centroid            write peak lists instead of profiles\n"
	      "  --per-well-files      one mzML file per pad\n"
	      "  --param KEY=VALUE     set a model parameter (docs/simulate.md),\n"
	      "                        e.g. --param failed_rate=0; repeatable\n"
	      "  --force               overwrite existing files\n"
	      "  -q, --quiet           no summary on standard output\n"
	      "\n"
	      "Exit status: 0 ok, 1 bad usage or input, 2 internal error.\n", fp);
}

typedef struct sim_args {
	const char *out, *design;
	mzg_sim_opts o;
	mzg_sim_write_opts w;
	int quiet;
} sim_args;

static int set_param(sim_args *a, const char *key, const char *value)
{
	int rc = mzg_sim_opts_set(&a->o, key, value);

	if (rc < 0) {
		cli_error("simulate: %s", mzg_errmsg());
		return -1;
	}
	return 0;
}

static int param_arg(sim_args *a, const char *kv)
{
	char key[64];
	const char *value;

	if (cli_param_split(key, sizeof key, &value, kv, "simulate") < 0)
		return -1;
	return set_param(a, key, value);
}

/* 0 ok, 1 help shown, -1 usage error */
static int parse(sim_args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "design", required_argument, NULL, 'd' },
		{ "wells", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ "points", required_argument, NULL, 'n' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "centroid", no_argument, NULL, 'c' },
		{ "per-well-files", no_argument, NULL, 'p' },
		{ "param", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, bad = 0;

	opterr = 0;
	optind = 1;
	while (!bad && (c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 'd': a->design = optarg; break;
		case 'w': bad = set_param(a, "wells", optarg); break;
		case 's': bad = set_param(a, "seed", optarg); break;
		case 'n': bad = set_param(a, "points", optarg); break;
		case 'e':
			if (mzg_sim_encoding_parse(&a->w.encoding, optarg) < 0) {
				cli_error("simulate: --encoding: expected zlib, none or "
				          "numpress, got '%s'", optarg);
				bad = -1;
			}
			break;
		case 'c': a->o.centroid = 1; break;
		case 'p': a->w.per_well_files = 1; break;
		case 'P': bad = param_arg(a, optarg); break;
		case 'f': a->w.force = 1; break;
		case 'q': a->quiet = 1; break;
		case 'h': usage(stdout); return 1;
		default:
			cli_error("simulate: unknown option or missing value: '%s' "
			          "(see mzgeno simulate --help)", argv[optind - 1]);
			return -1;
		}
	}
	if (bad)
		return -1;
	if (optind < argc) {
		cli_error("simulate: unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!a->out) {
		cli_error("simulate: --out DIR is required (see mzgeno simulate --help)");
		return -1;
	}
	return 0;
}

static void on_progress(void *payload, size_t done, size_t total)
{
	(void)payload;
	cli_progress("simulate: pads", done, total);
}

static void summary(const sim_args *a, const mzg_sim *s)
{
	size_t i, j, n_samp = 0, n_ntc = 0, n_cont = 0, n_pos = 0, n_fail = 0;
	size_t n_drop = 0, n_dup = 0;
	static const char *enc[] = { "zlib", "none", "numpress" };

	for (i = 0; i < s->n_pads; i++) {
		const mzg_sim_pad *p = &s->pads[i];

		n_samp += p->role == MZG_ROLE_SAMPLE;
		n_ntc += p->role == MZG_ROLE_NTC;
		n_pos += p->role == MZG_ROLE_POSITIVE;
		n_fail += p->failed != MZG_SIM_PAD_OK;
		n_cont += p->role == MZG_ROLE_NTC && p->contam > 0;
		for (j = 0; j < p->n_truth; j++)
			n_drop += p->truth[j].status == MZG_SIM_DROPOUT;
		for (j = 0; j < i; j++)
			if (s->pads[j].plex == p->plex && p->role == MZG_ROLE_SAMPLE &&
			    !strcmp(s->pads[j].sample, p->sample)) {
				n_dup++;
				break;
			}
	}
	printf("simulated %zu pads (%d-pad chip, design %s, %zu multiplex%s, seed %llu)\n",
	       s->n_pads, s->opts.wells, s->design->source, s->design->n_plex,
	       s->design->n_plex == 1 ? "" : "es", (unsigned long long)s->opts.seed);
	printf("  %zu sample pads (%zu duplicated), %zu NTC (%zu contaminated), "
	       "%zu positive\n", n_samp, n_dup, n_ntc, n_cont, n_pos);
	printf("  %zu failed pads, %zu assay dropouts\n", n_fail, n_drop);
	printf("wrote %s/%s (%s, %s), plate.tsv, truth.tsv, pads.tsv, design.tsv\n",
	       a->out, a->w.per_well_files ? "spectra/*.mzML" : "chip.mzML",
	       s->opts.centroid ? "centroid" : "profile", enc[a->w.encoding]);
}

int cmd_simulate(int argc, char **argv)
{
	sim_args a;
	mzg_design *d = NULL;
	mzg_sim *s = NULL;
	int rc, st;

	memset(&a, 0, sizeof a);
	mzg_sim_opts_init(&a.o);
	mzg_sim_write_opts_init(&a.w);
	a.design = "fas8";
	if ((st = parse(&a, argc, argv)) != 0)
		return st > 0 ? EXIT_OK : EXIT_USAGE;
	if ((rc = mzg_design_load(&d, a.design)) < 0)
		return cli_fail(rc, a.design);
	if ((rc = mzg_sim_new(&s, d, &a.o)) < 0) {
		st = cli_fail(rc, "simulate");
		goto out;
	}
	a.w.progress = on_progress;
	rc = mzg_sim_write(s, a.out, &a.w);
	cli_progress_end();
	if (rc < 0) {
		st = cli_fail(rc, a.out);
		goto out;
	}
	if (!a.quiet)
		summary(&a, s);
	st = EXIT_OK;
out:
	mzg_sim_free(s);
	mzg_design_free(d);
	return st;
}
