/*
 * bench_process.c -- time mzgeno's spectrum processing on a chip.
 *
 * Usage: bench_process [--preset NAME] [--param KEY=VALUE]... [--repeat N]
 *                      [--threads T] [--peaks FILE] CHIP.mzML
 *
 * Reads every spectrum of the file into memory first (reading is not
 * timed), then runs mzg_process() over all of them N times and prints one
 * line: spectra, points, peaks, CPU seconds and wall seconds per pass over
 * the chip, and ms per spectrum (CPU). CPU time is the honest figure on a
 * shared machine; with --threads the spectra are split between T threads
 * and the wall time is the one to read. --peaks writes the peak list of
 * the last pass (spectrum, well, mz, intensity, snr) for cross-checking.
 * Uses the public API only.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mzgeno/mzgeno.h"

typedef struct chip {
	mzg_spectrum *s;
	size_t n, cap;
} chip;

typedef struct worker {
	const chip *c;
	const mzg_proc_opts *o;
	size_t first, step, peaks;
	int repeat, rc;
	mzg_processed p;
	FILE *out;
} worker;

static double now(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int load(chip *c, const char *path)
{
	mzg_mzml *r = NULL;
	int rc;

	if ((rc = mzg_mzml_open(&r, path, NULL)) < 0)
		return rc;
	for (;;) {
		if (c->n == c->cap) {
			size_t nc = c->cap ? 2 * c->cap : 64;
			mzg_spectrum *ns = realloc(c->s, nc * sizeof *ns);
			if (!ns) {
				rc = MZG_ENOMEM;
				break;
			}
			c->s = ns;
			c->cap = nc;
		}
		mzg_spectrum_init(&c->s[c->n]);
		rc = mzg_mzml_next(r, &c->s[c->n]);
		if (rc == MZG_DONE) {
			mzg_spectrum_free(&c->s[c->n]);
			rc = 0;
			break;
		}
		if (rc < 0) {
			mzg_spectrum_free(&c->s[c->n]);
			break;
		}
		c->n++;
	}
	mzg_mzml_close(r);
	return rc;
}

static void *work(void *arg)
{
	worker *w = arg;
	size_t i, k;
	int r;

	for (r = 0; r < w->repeat && w->rc == 0; r++) {
		w->peaks = 0;
		for (i = w->first; i < w->c->n; i += w->step) {
			if (w->c->s[i].n == 0)
				continue; /* an empty pad: nothing to process */
			w->rc = mzg_process(&w->p, &w->c->s[i], w->o);
			if (w->rc < 0) {
				fprintf(stderr, "bench_process: %s\n", mzg_errmsg());
				return NULL;
			}
			w->peaks += w->p.n_peaks;
			if (w->out && r == w->repeat - 1)
				for (k = 0; k < w->p.n_peaks; k++)
					fprintf(w->out, "%zu\t%s\t%.10f\t%.10g\t%.10g\n", i,
					        w->c->s[i].well[0] ? w->c->s[i].well : ".",
					        w->p.peaks[k].mz, w->p.peaks[k].intensity,
					        w->p.peaks[k].snr);
		}
	}
	return NULL;
}

static int usage(void)
{
	fputs("usage: bench_process [--preset NAME] [--param KEY=VALUE]... "
	      "[--repeat N] [--threads T] [--peaks FILE] CHIP.mzML\n", stderr);
	return 1;
}

/* The command line. 0, or 1 after a message. */
typedef struct args {
	mzg_proc_opts o;
	const char *preset, *peaks, *chip;
	int repeat, threads;
} args;

static int parse(args *a, int argc, char **argv)
{
	int i;

	mzg_proc_opts_init(&a->o);
	a->preset = "default";
	a->peaks = NULL;
	a->repeat = 3;
	a->threads = 1;
	for (i = 1; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--preset")) {
			a->preset = argv[++i];
			if (mzg_proc_opts_preset(&a->o, a->preset) < 0)
				return usage();
		} else if (!strcmp(argv[i], "--param")) {
			char *eq = strchr(argv[++i], '=');
			if (!eq)
				return usage();
			*eq = '\0';
			if (mzg_proc_opts_set(&a->o, argv[i], eq + 1) < 0) {
				fprintf(stderr, "bench_process: %s\n", mzg_errmsg());
				return 1;
			}
		} else if (!strcmp(argv[i], "--repeat")) {
			a->repeat = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--threads")) {
			a->threads = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--peaks")) {
			a->peaks = argv[++i];
		} else {
			break;
		}
	}
	if (i != argc - 1 || a->repeat < 1 || a->threads < 1 || a->threads > 64 ||
	    (a->peaks && a->threads > 1)) /* one writer only */
		return usage();
	a->chip = argv[i];
	return 0;
}

int main(int argc, char **argv)
{
	args a;
	chip c = { NULL, 0, 0 };
	worker w[64];
	pthread_t th[64];
	int i, rc = 0;
	size_t k, points = 0, npeaks = 0;
	double c0, w0, cpu, wall;
	FILE *out = NULL;

	if (parse(&a, argc, argv))
		return 1;
	if ((rc = load(&c, a.chip)) < 0) {
		fprintf(stderr, "bench_process: %s\n", mzg_errmsg());
		return 1;
	}
	if (a.peaks && !(out = fopen(a.peaks, "w"))) {
		perror(a.peaks);
		return 1;
	}
	if (out)
		fprintf(out, "spectrum\twell\tmz\tintensity\tsnr\n");
	for (k = 0; k < c.n; k++)
		points += c.s[k].n;
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	w0 = now(CLOCK_MONOTONIC);
	for (i = 0; i < a.threads; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].c = &c;
		w[i].o = &a.o;
		w[i].first = (size_t)i;
		w[i].step = (size_t)a.threads;
		w[i].repeat = a.repeat;
		w[i].out = out;
		mzg_processed_init(&w[i].p);
		if (pthread_create(&th[i], NULL, work, &w[i]) != 0)
			return 1;
	}
	for (i = 0; i < a.threads; i++) {
		pthread_join(th[i], NULL);
		npeaks += w[i].peaks;
		rc |= w[i].rc;
		mzg_processed_free(&w[i].p);
	}
	cpu = (now(CLOCK_PROCESS_CPUTIME_ID) - c0) / a.repeat;
	wall = (now(CLOCK_MONOTONIC) - w0) / a.repeat;
	printf("mzgeno %s: %zu spectra, %zu points, %zu peaks, threads %d: "
	       "cpu %.4f s, wall %.4f s per chip, %.3f ms cpu per spectrum\n",
	       a.preset, c.n, points, npeaks, a.threads, cpu, wall,
	       c.n ? 1e3 * cpu / (double)c.n : 0);
	if (out)
		fclose(out);
	for (k = 0; k < c.n; k++)
		mzg_spectrum_free(&c.s[k]);
	free(c.s);
	return rc < 0;
}
