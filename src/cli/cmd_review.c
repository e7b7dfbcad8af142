/*
 * cmd_review.c -- `mzgeno review`: apply a reviewer's overrides to a
 * chip's report and write the reviewed report set, with an audit trail.
 *
 * The reviewed report goes to a new directory; the original is only
 * read. Overrides are all checked first: one bad line refuses them all
 * and nothing is written (exit 1, the line named). The page, the
 * overrides format and the audit trail: docs/review.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *fp)
{
	fputs("Usage: mzgeno review --in DIR --overrides FILE --out NEWDIR [options]\n"
	      "\n"
	      "Applies a reviewer's overrides to the report set in DIR (written by\n"
	      "mzgeno call or an earlier review) and writes the complete reviewed\n"
	      "report set into NEWDIR: calls.tsv, genotypes.tsv, qc.json, qc.tsv,\n"
	      "report.html, design.tsv, snippets.tsv and audit.tsv.\n"
	      "Overridden calls get quality E; QC is recomputed; audit.tsv lists\n"
	      "every override of every review. DIR is never modified.\n"
	      "\n"
	      "The overrides file is tab-separated with a header naming the columns\n"
	      "  well  assay  genotype  reviewer  reason\n"
	      "(any order; '#' lines are comments). The genotype uses the design's\n"
	      "alleles (AG, A/G, or A for AA); '.' withdraws the call.\n"
	      "\n"
	      "Options:\n"
	      "  --in DIR          the report set to review (required)\n"
	      "  --overrides FILE  the overrides (required; '-' reads stdin)\n"
	      "  --out NEWDIR      where the reviewed report goes (required; not DIR)\n"
	      "  --force           replace an existing report in NEWDIR\n"
	      "  --time UTC        time stamp of the audit rows, YYYY-MM-DDTHH:MM:SSZ\n"
	      "                    (default: now)\n"
	      "  -q, --quiet       no summary on standard output\n"
	      "\n"
	      "Exit status: 0 ok, 1 bad usage, bad input or a refused override\n"
	      "(nothing written), 2 internal error.\n", fp);
}

typedef struct rv_args {
	const char *in, *overrides, *out, *time;
	int force, quiet;
} rv_args;

/* 0 ok, 1 help shown, -1 usage error */
static int parse(rv_args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "in", required_argument, NULL, 'i' },
		{ "overrides", required_argument, NULL, 'v' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "time", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case 'i': a->in = optarg; break;
		case 'v': a->overrides = optarg; break;
		case 'o': a->out = optarg; break;
		case 'f': a->force = 1; break;
		case 't': a->time = optarg; break;
		case 'q': a->quiet = 1; break;
		case 'h': usage(stdout); return 1;
		default:
			cli_error("review: unknown option or missing value: '%s' "
			          "(see mzgeno review --help)", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		cli_error("review: unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!a->in || !a->overrides || !a->out) {
		cli_error("review: --in DIR, --overrides FILE and --out NEWDIR are "
		          "required (see mzgeno review --help)");
		return -1;
	}
	return 0;
}

static void summary(const rv_args *a, const mzg_review *r, mzg_verdict before,
                    const mzg_qc *after, size_t n)
{
	printf("reviewed %s: %zu override%s applied, verdict %s -> %s\n", a->in,
	       n, n == 1 ? "" : "s", mzg_verdict_name(before),
	       mzg_verdict_name(after->verdict));
	printf("wrote %s/ (calls.tsv, genotypes.tsv, qc.json, qc.tsv, report.html, "
	       "design.tsv, snippets.tsv, audit.tsv: %zu row%s)\n",
	       a->out, r->audit.n, r->audit.n == 1 ? "" : "s");
	if (!r->has_snippets)
		printf("note: %s has no snippets.tsv; the page shows no spectrum "
		       "zooms\n", a->in);
}

int cmd_review(int argc, char **argv)
{
	rv_args a;
	mzg_review *r = NULL;
	mzg_overrides *ov = NULL;
	mzg_qc *before = NULL, *after = NULL;
	int rc, st;

	memset(&a, 0, sizeof a);
	if ((st = parse(&a, argc, argv)) != 0)
		return st > 0 ? EXIT_OK : EXIT_USAGE;
	if ((rc = mzg_review_load(&r, a.in)) < 0 ||
	    (rc = mzg_overrides_load(&ov, a.overrides)) < 0 ||
	    (rc = mzg_qc_evaluate(&before, r->run, &r->qc_opts)) < 0 ||
	    (rc = mzg_review_apply(r, ov, a.time)) < 0 ||
	    (rc = mzg_review_write(&after, a.out, r,
	                           a.force ? MZG_REPORT_FORCE : 0)) < 0) {
		st = cli_fail(rc, "review");
		goto out;
	}
	if (!a.quiet)
		summary(&a, r, before->verdict, after, ov->n);
	st = EXIT_OK;
out:
	mzg_qc_free(after);
	mzg_qc_free(before);
	mzg_overrides_free(ov);
	mzg_review_free(r);
	return st;
}
