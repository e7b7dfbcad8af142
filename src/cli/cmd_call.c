/*
 * cmd_call.c -- `mzgeno call`: a chip run in, calls and a QC verdict out.
 *
 * Reads the spectra (one mzML holding the chip, several files, or
 * directories of them), calls every assay across the chip
 * (mzg_run_call), evaluates the chip's QC (mzg_qc_evaluate) and writes the
 * report set (calls.tsv, genotypes.tsv, qc.json, qc.tsv, ...) atomically
 * into --out. Exit status (SPEC 5): 0 when the run completed whatever the
 * verdict, 1 bad usage or input, 2 internal error, 3 with --strict when
 * the verdict is fail.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *fp)
{
	fputs("Usage: mzgeno call [options] --out DIR INPUT...\n"
	      "\n"
	      "Calls the SNP genotypes of a chip run and checks its quality.\n"
	      "INPUT: one mzML (.mzML or .mzML.gz) holding the chip, several\n"
	      "files, or directories of them. Several spectra of one pad are\n"
	      "combined (profiles summed, peak lists merged).\n"
	      "\n"
	      "Writes into DIR: calls.tsv (one row per pad x assay),\n"
	      "genotypes.tsv, qc.json and qc.tsv (docs/formats.md).\n"
	      "\n"
	      "Options:\n"
	      "  --out DIR            output directory (required)\n"
	      "  --design FILE|fas8   assay design (default fas8)\n"
	      "  --plate FILE         plate sheet (TSV or CSV); without it every\n"
	      "                       pad with a spectrum is a sample\n"
	      "  --chip NAME          chip name in the reports (default: the first\n"
	      "                       input's name)\n"
	      "  --threads N          worker threads for processing (default:\n"
	      "                       the online CPUs, at most 4)\n"
	      "  --param KEY=VALUE    set a parameter: proc.*, calib.*, measure.*,\n"
	      "                       call.*, qc.* (docs/calling.md, docs/qc.md);\n"
	      "                       repeatable\n"
	      "  --force              replace an existing report in DIR\n"
	      "  --strict             exit 3 when the chip verdict is fail\n"
	      "  -q, --quiet          no summary on standard output\n"
	      "\n"
	      "Exit status: 0 run completed (whatever the verdict), 1 bad usage\n"
	      "or input, 2 internal error, 3 verdict fail with --strict.\n", fp);
}

typedef struct call_args {
	const char *out, *design, *plate, *chip;
	int threads, force, strict, quiet;
	mzg_run_opts ro;
	mzg_qc_opts qo;
	char **inputs;
	int n_inputs;
} call_args;

/* Route one --param KEY=VALUE to the QC or the pipeline options. */
static int param_arg(call_args *a, const char *kv)
{
	char key[96];
	const char *value;
	int rc;

	if (cli_param_split(key, sizeof key, &value, kv, "call") < 0)
		return -1;
	if (!strncmp(key, "qc.", 3))
		rc = mzg_qc_opts_set(&a->qo, key + 3, value);
	else
		rc = mzg_run_opts_set(&a->ro, key, value);
	if (rc < 0) {
		cli_error("call: --param %s: %s", kv, mzg_errmsg());
		return -1;
	}
	return 0;
}

/* Worker threads by default: one per online CPU, at most 4. The reader
 * (parsing and inflating, ~40 % of the work) is one thread, so more
 * workers than that cannot shorten a run (docs/calling.md). */
static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* --threads N, 1..256. */
static int threads_arg(call_args *a, const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 256) {
		cli_error("call: --threads expects a number from 1 to 256, got "
		          "'%s'", s);
		return -1;
	}
	a->threads = (int)n;
	return 0;
}

/* 0 ok, 1 help shown, -1 usage error */
static int parse(call_args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "design", required_argument, NULL, 'd' },
		{ "plate", required_argument, NULL, 'p' },
		{ "chip", required_argument, NULL, 'c' },
		{ "threads", required_argument, NULL, 't' },
		{ "param", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 's' },
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
		case 'p': a->plate = optarg; break;
		case 'c': a->chip = optarg; break;
		case 't': bad = threads_arg(a, optarg); break;
		case 'P': bad = param_arg(a, optarg); break;
		case 'f': a->force = 1; break;
		case 's': a->strict = 1; break;
		case 'q': a->quiet = 1; break;
		case 'h': usage(stdout); return 1;
		default:
			cli_error("call: unknown option or missing value: '%s' "
			          "(see mzgeno call --help)", argv[optind - 1]);
			return -1;
		}
	}
	if (bad)
		return -1;
	if (!a->out) {
		cli_error("call: --out DIR is required (see mzgeno call --help)");
		return -1;
	}
	if (optind >= argc) {
		cli_error("call: no input: give the chip's mzML file(s) or a "
		          "directory (see mzgeno call --help)");
		return -1;
	}
	a->inputs = argv + optind;
	a->n_inputs = argc - optind;
	return 0;
}

/* Refuse early, before reading anything, when a report would be
 * overwritten without --force. */
static int check_out(const call_args *a)
{
	const mzg_report_file *files;
	size_t i, n = mzg_report_standard(&files);
	struct stat st;
	char path[4096];

	if (a->force)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", a->out, files[i].name);
		if (stat(path, &st) == 0) {
			cli_error("call: %s exists; use --force to replace the "
			          "report in %s", path, a->out);
			return -1;
		}
	}
	return 0;
}

static void on_progress(void *payload, const char *stage, size_t done,
                        size_t total)
{
	char label[64];

	(void)payload;
	snprintf(label, sizeof label, "call: %s", stage);
	cli_progress(label, done, total);
}

/* The headline figures on standard output. */
static void summary(const call_args *a, const mzg_run *r, const mzg_qc *q)
{
	size_t i, k, n_calls = 0, n_called = 0;

	for (i = 0; i < r->n_pads; i++) {
		const mzg_pad *p = &r->pads[i];

		if (p->role != MZG_ROLE_SAMPLE && p->role != MZG_ROLE_POSITIVE)
			continue;
		for (k = 0; k < p->n_calls; k++) {
			n_calls++;
			n_called += p->calls[k].genotype != MZG_GT_NOCALL;
		}
	}
	printf("chip %s: %zu pads (%zu bad or missing), %zu spectra from %zu "
	       "file%s, %.1f s\n", r->chip, r->n_pads, q->n_bad_pads,
	       r->n_spectra, r->n_inputs, r->n_inputs == 1 ? "" : "s",
	       r->seconds);
	printf("calls: %zu of %zu sample pad x assay (%.1f %%)\n", n_called,
	       n_calls, n_calls ? 100.0 * (double)n_called / (double)n_calls
	                        : 0.0);
	printf("verdict: %s\n", mzg_verdict_name(q->verdict));
	for (i = 0; i < q->n_reasons; i++)
		printf("  %s: %s\n", mzg_verdict_name(q->reasons[i].level),
		       q->reasons[i].message);
	printf("reports: %s/\n", a->out);
}

/* Load the design and the plate sheet. */
static int load_inputs(const call_args *a, mzg_design **d, mzg_plate **pl)
{
	int rc;

	if ((rc = mzg_design_load(d, a->design)) < 0)
		return cli_fail(rc, a->design);
	if (a->plate && (rc = mzg_plate_load(pl, a->plate, 384)) < 0)
		return cli_fail(rc, a->plate);
	if (*pl && (rc = mzg_plate_validate(*pl, *d)) < 0)
		return cli_fail(rc, a->plate);
	return EXIT_OK;
}

int cmd_call(int argc, char **argv)
{
	call_args a;
	mzg_design *d = NULL;
	mzg_plate *pl = NULL;
	mzg_run *r = NULL;
	mzg_qc *q = NULL;
	int rc, st;

	memset(&a, 0, sizeof a);
	mzg_run_opts_init(&a.ro);
	mzg_qc_opts_init(&a.qo);
	a.design = "fas8";
	a.threads = default_threads();
	if ((st = parse(&a, argc, argv)) != 0)
		return st > 0 ? EXIT_OK : EXIT_USAGE;
	if (check_out(&a) < 0)
		return EXIT_USAGE;
	if ((st = load_inputs(&a, &d, &pl)) != EXIT_OK)
		goto out;
	a.ro.threads = a.threads;
	a.ro.chip = a.chip;
	a.ro.progress = on_progress;
	rc = mzg_run_call(&r, (const char *const *)a.inputs,
	                  (size_t)a.n_inputs, d, pl, &a.ro);
	cli_progress_end();
	if (rc < 0) {
		st = cli_fail(rc, "call");
		goto out;
	}
	if ((rc = mzg_qc_evaluate(&q, r, &a.qo)) < 0 ||
	    (rc = mzg_report_write(a.out, r, q, NULL, 0,
	                           a.force ? MZG_REPORT_FORCE : 0)) < 0) {
		st = cli_fail(rc, a.out);
		goto out;
	}
	if (!a.quiet)
		summary(&a, r, q);
	st = a.strict && q->verdict == MZG_VERDICT_FAIL ? EXIT_STRICT : EXIT_OK;
out:
	mzg_qc_free(q);
	mzg_run_free(r);
	mzg_plate_free(pl);
	mzg_design_free(d);
	return st;
}
