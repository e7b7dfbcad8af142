/*
 * test_run.c -- the calling pipeline end to end on simulated chips with
 * known truth (mzg_sim): concordance with the truth, call rate on pads
 * that should be callable, no call on NTCs, failed pads as quality I
 * without stopping the run, combined repeated spectra, directories of
 * per-well files, centroided input, options routing, and SHA-256.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/mzgeno.h"
#include "mzgeno/simulate.h"
#include "mzml_write.h"
#include "run_priv.h"
#include "runner.h"

/* Agreement of a run with its simulation's truth. */
typedef struct score {
	size_t callable, called, right, wrong;
	size_t ntc_calls, failed_called, failed_i, dropout_called;
} score;

/* Compare every pad x assay of @p r with the truth of @p sim. */
static score compare(const mzg_run *r, const mzg_sim *sim)
{
	score sc;
	size_t i, a;
	char gt[3];

	memset(&sc, 0, sizeof(sc));
	for (i = 0; i < sim->n_pads; i++) {
		const mzg_sim_pad *sp = &sim->pads[i];
		const mzg_pad *p = mzg_run_pad(r, sp->well);
		const mzg_plex *px = &sim->design->plex[sp->plex];

		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		CU_ASSERT_EQUAL(p->n_calls, sp->n_truth);
		for (a = 0; a < sp->n_truth && a < p->n_calls; a++) {
			const mzg_sim_truth *t = &sp->truth[a];
			const mzg_call *c = &p->calls[a];
			int called = c->genotype != MZG_GT_NOCALL;

			mzg_genotype_text(gt, &px->assays[a], c->allele1,
			                  c->allele2, c->genotype);
			switch (t->status) {
			case MZG_SIM_OK:
				sc.callable++;
				if (!called)
					break;
				sc.called++;
				if (!strcmp(gt, t->genotype))
					sc.right++;
				else
					sc.wrong++;
				break;
			case MZG_SIM_NTC:
			case MZG_SIM_NTC_CONTAMINATED:
				sc.ntc_calls += called;
				break;
			case MZG_SIM_FAILED_PAD:
				sc.failed_called += called;
				sc.failed_i += c->quality == MZG_Q_I ||
				               c->quality == MZG_Q_N;
				break;
			case MZG_SIM_DROPOUT:
				sc.dropout_called += called;
				break;
			}
		}
	}
	return sc;
}

/* Simulate a chip into a fresh directory; returns the directory. */
static const char *simulate(mzg_sim **sim, const mzg_design *d,
                            const mzg_sim_opts *so, const char *name,
                            int per_well)
{
	mzg_sim_write_opts wo;
	const char *dir = mzg_test_path(mzg_test_tmpdir(), name);
	static char keep[4][512];
	static int k;

	mzg_sim_write_opts_init(&wo);
	wo.force = 1;
	wo.per_well_files = per_well;
	CU_ASSERT_EQUAL_FATAL(mzg_sim_new(sim, d, so), 0);
	CU_ASSERT_EQUAL_FATAL(mzg_sim_write(*sim, dir, &wo), 0);
	k = (k + 1) % 4;
	snprintf(keep[k], sizeof(keep[k]), "%s", dir);
	return keep[k];
}

/* Run the pipeline on @p input with the plate of @p dir (NULL: none);
 * the plate goes to *pl (caller frees it after the run). */
static mzg_run *call_chip(mzg_plate **pl, const char *input, const char *dir,
                          const mzg_design *d, const mzg_run_opts *o)
{
	const char *in[1];
	mzg_run *r = NULL;
	int rc;

	in[0] = input;
	*pl = NULL;
	if (dir)
		CU_ASSERT_EQUAL_FATAL(mzg_plate_load(pl, mzg_test_path(dir,
		                      "plate.tsv"), 384), 0);
	rc = mzg_run_call(&r, in, 1, d, *pl, o);
	if (rc < 0)
		fprintf(stderr, "mzg_run_call: %s\n", mzg_errmsg());
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return r;
}

static void print_score(const char *what, const score *sc)
{
	if (getenv("MZG_TEST_VERBOSE"))
		fprintf(stderr, "%s: callable %zu called %zu right %zu wrong "
		        "%zu; ntc calls %zu; failed called %zu (I/N %zu); "
		        "dropout called %zu\n", what, sc->callable, sc->called,
		        sc->right, sc->wrong, sc->ntc_calls, sc->failed_called,
		        sc->failed_i, sc->dropout_called);
}

/* The done-when figures of issue 5 on one chip. */
static void check_score(const score *sc)
{
	CU_ASSERT(sc->callable > 0);
	CU_ASSERT(sc->wrong * 1000 <= sc->called);      /* >= 99.9 % */
	CU_ASSERT(sc->called * 100 >= sc->callable * 97); /* >= 97 % */
	CU_ASSERT_EQUAL(sc->ntc_calls, 0);
	CU_ASSERT_EQUAL(sc->failed_called, 0);
	CU_ASSERT_EQUAL(sc->dropout_called, 0);
}

static void test_chip_96(void)
{
	mzg_design *d = NULL;
	mzg_sim *sim = NULL;
	mzg_sim_opts so;
	mzg_run_opts o;
	mzg_plate *pl;
	mzg_run *r;
	const char *dir;
	score sc;
	size_t i, n_i = 0, n_ntc = 0;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	mzg_sim_opts_init(&so);
	so.seed = 7;
	so.failed_rate = 0.04;
	dir = simulate(&sim, d, &so, "chip96", 0);
	mzg_run_opts_init(&o);
	o.threads = 2;
	r = call_chip(&pl, mzg_test_path(dir, "chip.mzML"), dir, d, &o);
	sc = compare(r, sim);
	print_score("96-pad chip", &sc);
	check_score(&sc);
	CU_ASSERT_EQUAL(r->n_pads, 96);
	CU_ASSERT_EQUAL(r->chip_wells, 96);
	CU_ASSERT_STRING_EQUAL(r->chip, "chip");
	CU_ASSERT_EQUAL(r->n_inputs, 1);
	CU_ASSERT_EQUAL(strlen(r->inputs[0].sha256), 64);
	CU_ASSERT(r->inputs[0].size > 0);
	CU_ASSERT_EQUAL(r->inputs[0].n_spectra, 96);
	CU_ASSERT(r->n_params > 40);
	for (i = 0; i < r->n_pads; i++) {
		const mzg_pad *p = &r->pads[i];

		if (i)
			CU_ASSERT(strcmp(r->pads[i - 1].well, p->well) < 0);
		CU_ASSERT_EQUAL(p->n_spectra, 1);
		CU_ASSERT_PTR_NOT_NULL(p->source);
		if (p->status == MZG_PAD_BAD) {
			n_i++;
			CU_ASSERT_PTR_NOT_NULL(p->reason);
			CU_ASSERT_EQUAL(p->calls[0].quality, MZG_Q_I);
		}
		if (p->role == MZG_ROLE_NTC) {
			n_ntc++;
			CU_ASSERT(p->calls[0].flags & MZG_CF_NOT_CALLED);
			CU_ASSERT_PTR_NOT_NULL(p->measures);
		}
		CU_ASSERT_EQUAL(p->uep_expected, 8);
		CU_ASSERT(p->uep_found <= p->uep_expected);
		if (p->status == MZG_PAD_OK)
			CU_ASSERT(p->calib.ok);
	}
	CU_ASSERT(n_ntc >= 2);
	mzg_run_free(r);
	mzg_plate_free(pl);
	mzg_sim_free(sim);
	mzg_design_free(d);
}

/* Calls of two runs of the same chip are identical. */
static void same_calls(const mzg_run *a, const mzg_run *b)
{
	size_t i, k;

	CU_ASSERT_EQUAL_FATAL(a->n_pads, b->n_pads);
	for (i = 0; i < a->n_pads; i++) {
		CU_ASSERT_STRING_EQUAL(a->pads[i].well, b->pads[i].well);
		CU_ASSERT_EQUAL_FATAL(a->pads[i].n_calls, b->pads[i].n_calls);
		for (k = 0; k < a->pads[i].n_calls; k++) {
			const mzg_call *x = &a->pads[i].calls[k];
			const mzg_call *y = &b->pads[i].calls[k];

			CU_ASSERT_EQUAL(x->genotype, y->genotype);
			CU_ASSERT_EQUAL(x->quality, y->quality);
			CU_ASSERT_DOUBLE_EQUAL(x->probability, y->probability,
			                       1e-9);
		}
	}
}

/* Threads do not change the result; neither does reading a directory of
 * per-well files instead of one chip file. */
static void test_threads_and_dirs(void)
{
	mzg_design *d = NULL;
	mzg_sim *sim = NULL;
	mzg_sim_opts so;
	mzg_run_opts o;
	mzg_plate *p1, *p2, *p3;
	mzg_run *r1, *r2, *r3;
	const char *dir1, *dir2;
	score sc;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	mzg_sim_opts_init(&so);
	so.seed = 11;
	so.points = 8000;
	dir1 = simulate(&sim, d, &so, "chip_t", 0);
	mzg_sim_free(sim);
	dir2 = simulate(&sim, d, &so, "chip_w", 1);
	mzg_run_opts_init(&o);
	o.threads = 1;
	r1 = call_chip(&p1, mzg_test_path(dir1, "chip.mzML"), dir1, d, &o);
	o.threads = 3;
	r2 = call_chip(&p2, mzg_test_path(dir1, "chip.mzML"), dir1, d, &o);
	r3 = call_chip(&p3, mzg_test_path(dir2, "spectra"), dir2, d, &o);
	same_calls(r1, r2);
	same_calls(r1, r3);
	CU_ASSERT_EQUAL(r3->n_inputs, 96);
	CU_ASSERT_STRING_EQUAL(r3->chip, "spectra");
	sc = compare(r3, sim);
	print_score("per-well files", &sc);
	check_score(&sc);
	mzg_run_free(r1);
	mzg_run_free(r2);
	mzg_run_free(r3);
	mzg_plate_free(p1);
	mzg_plate_free(p2);
	mzg_plate_free(p3);
	mzg_sim_free(sim);
	mzg_design_free(d);
}

/* Centroided peak lists are called too. */
static void test_centroid(void)
{
	mzg_design *d = NULL;
	mzg_sim *sim = NULL;
	mzg_sim_opts so;
	mzg_run_opts o;
	mzg_plate *pl;
	mzg_run *r;
	const char *dir;
	score sc;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	mzg_sim_opts_init(&so);
	so.seed = 5;
	so.centroid = 1;
	dir = simulate(&sim, d, &so, "chip_c", 0);
	mzg_run_opts_init(&o);
	r = call_chip(&pl, mzg_test_path(dir, "chip.mzML"), dir, d, &o);
	sc = compare(r, sim);
	print_score("centroid chip", &sc);
	CU_ASSERT(r->pads[0].centroid);
	check_score(&sc);
	mzg_run_free(r);
	mzg_plate_free(pl);
	mzg_sim_free(sim);
	mzg_design_free(d);
}

/* Write the pads of @p sim twice each (all pads, then all again), with
 * the binary data of spectrum @p broken (0-based position) damaged. */
static void write_repeated(const mzg_sim *sim, const char *path, long broken)
{
	mzg_mzw_opts wo;
	mzg_spectrum s;
	mzg_mzw *w = NULL;
	size_t i, n = sim->n_pads;
	char *text, *p;
	size_t len;
	long k;
	FILE *fp;

	memset(&wo, 0, sizeof(wo));
	wo.enc = MZG_MZW_ZLIB;
	wo.run_id = "repeat";
	mzg_spectrum_init(&s);
	CU_ASSERT_EQUAL_FATAL(mzg__mzw_open(&w, path, 1, 2 * n, &wo), 0);
	for (i = 0; i < 2 * n; i++) {
		char id[32];

		CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&s, sim, i % n), 0);
		snprintf(id, sizeof(id), "scan=%zu", i + 1);
		CU_ASSERT_EQUAL_FATAL(mzg_spectrum_set_ids(&s, id, s.spot_id),
		                      0);
		CU_ASSERT_EQUAL_FATAL(mzg__mzw_add(w, &s), 0);
	}
	CU_ASSERT_EQUAL_FATAL(mzg__mzw_finish(w), 0);
	mzg_spectrum_free(&s);
	/* damage the first binary of spectrum `broken` */
	text = mzg_test_slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	p = text;
	for (k = 0; k <= broken && p; k++) {
		p = strstr(p, "<spectrum ");
		if (p && k < broken)
			p++;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p = strstr(p, "<binary>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p + 8, "@@@@", 4);
	fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fwrite(text, 1, len, fp), len);
	fclose(fp);
	free(text);
}

/* Several spectra of a pad are combined; an unreadable one does not stop
 * the run, and a pad left with none is quality I with the reader's
 * reason. */
static void test_repeated_and_broken(void)
{
	mzg_design *d = NULL;
	mzg_sim *sim = NULL;
	mzg_sim_opts so;
	mzg_run_opts o;
	mzg_plate *pl;
	mzg_run *r;
	const char *dir, *path;
	const mzg_pad *pad;
	score sc;
	size_t i, n2 = 0;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	mzg_sim_opts_init(&so);
	so.seed = 3;
	so.points = 8000;
	dir = simulate(&sim, d, &so, "chip_r", 0);
	path = mzg_test_path(dir, "repeat.mzML");
	write_repeated(sim, path, 4); /* spectrum 4 = first shot of A05 */
	mzg_run_opts_init(&o);
	o.threads = 2;
	r = call_chip(&pl, path, dir, d, &o);
	sc = compare(r, sim);
	print_score("repeated pads", &sc);
	check_score(&sc);
	CU_ASSERT_EQUAL(r->n_spectra, 192);
	CU_ASSERT_EQUAL(r->inputs[0].n_bad, 1);
	for (i = 0; i < r->n_pads; i++)
		if (r->pads[i].n_spectra == 2) {
			n2++;
			CU_ASSERT_PTR_NOT_NULL(strstr(r->pads[i].reason,
			                              "2 spectra combined"));
		}
	CU_ASSERT_EQUAL(r->n_combined, n2);
	CU_ASSERT(n2 >= 90);
	pad = mzg_run_pad(r, "A05");
	CU_ASSERT_PTR_NOT_NULL_FATAL(pad);
	CU_ASSERT_EQUAL(pad->n_spectra, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(pad->reason, "1 of 2 spectra unreadable"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pad->source, "(unreadable)"));
	mzg_run_free(r);
	mzg_plate_free(pl);

	/* a single-shot file with one unreadable pad: quality I, run goes on */
	path = mzg_test_path(dir, "broken.mzML");
	{
		mzg_sim_opts so1 = so;
		mzg_sim *one = NULL;
		mzg_mzw_opts wo;
		mzg_spectrum s;
		mzg_mzw *w = NULL;
		char *text, *p;
		size_t len;
		FILE *fp;

		(void)so1;
		(void)one;
		memset(&wo, 0, sizeof(wo));
		wo.run_id = "broken";
		mzg_spectrum_init(&s);
		CU_ASSERT_EQUAL_FATAL(mzg__mzw_open(&w, path, 1, sim->n_pads,
		                                    &wo), 0);
		for (i = 0; i < sim->n_pads; i++) {
			CU_ASSERT_EQUAL_FATAL(mzg_sim_spectrum(&s, sim, i), 0);
			CU_ASSERT_EQUAL_FATAL(mzg__mzw_add(w, &s), 0);
		}
		CU_ASSERT_EQUAL_FATAL(mzg__mzw_finish(w), 0);
		mzg_spectrum_free(&s);
		text = mzg_test_slurp(path, &len);
		p = strstr(strstr(text, "spotID=\"B01\""), "<binary>");
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		memcpy(p + 8, "@@@@", 4);
		fp = fopen(path, "wb");
		CU_ASSERT_EQUAL(fwrite(text, 1, len, fp), len);
		fclose(fp);
		free(text);
	}
	r = call_chip(&pl, path, dir, d, &o);
	pad = mzg_run_pad(r, "B01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(pad);
	CU_ASSERT_EQUAL(pad->status, MZG_PAD_BAD);
	CU_ASSERT_EQUAL(pad->n_spectra, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(pad->reason, "unreadable"));
	CU_ASSERT_EQUAL(pad->calls[0].quality, MZG_Q_I);
	CU_ASSERT(pad->calls[0].flags & MZG_CF_PAD_FAILED);
	CU_ASSERT_PTR_NOT_NULL(pad->calls[0].note);
	CU_ASSERT_EQUAL(r->n_pads, 96);
	sc = compare(r, sim);
	CU_ASSERT(sc.called * 100 >= sc.callable * 95);
	CU_ASSERT(sc.wrong * 1000 <= sc.called);
	mzg_run_free(r);
	mzg_plate_free(pl);
	mzg_sim_free(sim);
	mzg_design_free(d);
}

/* Inputs that are not a chip are errors naming the file. */
static void test_bad_inputs(void)
{
	mzg_design *d = NULL;
	mzg_run *r = NULL;
	const char *in[1];
	const char *tmp = mzg_test_tmpdir();
	char empty[512];
	FILE *fp;

	CU_ASSERT_EQUAL_FATAL(mzg_design_fas8(&d), 0);
	in[0] = mzg_test_path(tmp, "does-not-exist.mzML");
	CU_ASSERT_EQUAL(mzg_run_call(&r, in, 1, d, NULL, NULL), MZG_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "does-not-exist.mzML"));
	CU_ASSERT_PTR_NULL(r);
	snprintf(empty, sizeof(empty), "%s", mzg_test_path(tmp, "emptydir"));
	CU_ASSERT_EQUAL(mzg__mkdir_p(empty), 0);
	in[0] = empty;
	CU_ASSERT_EQUAL(mzg_run_call(&r, in, 1, d, NULL, NULL),
	                MZG_ENOTFOUND);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "emptydir"));
	in[0] = mzg_test_path(tmp, "not.mzML");
	fp = fopen(in[0], "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("well\tsample\nA01\tx\n", fp);
	fclose(fp);
	CU_ASSERT(mzg_run_call(&r, in, 1, d, NULL, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "not.mzML"));
	CU_ASSERT_EQUAL(mzg_run_call(&r, NULL, 0, d, NULL, NULL), MZG_EINVAL);
	mzg_design_free(d);
}

static void test_opts_routing(void)
{
	mzg_run_opts o;

	mzg_run_opts_init(&o);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "call.p_a", "0.995"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.call.p_a, 0.995, 1e-12);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "snr_a", "12"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.call.snr_a, 12, 1e-12);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "sg_hws", "7"), 0);
	CU_ASSERT_EQUAL(o.proc.sg_hws, 7);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "calib.max_residual_ppm", "250"),
	                0);
	CU_ASSERT_DOUBLE_EQUAL(o.calib.max_residual_ppm, 250, 1e-12);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "measure.tol_fwhm", "0.4"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.measure.tol_fwhm, 0.4, 1e-12);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "resolution", "600"), MZG_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(mzg_errmsg(), "ambiguous"));
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "proc.resolution", "600"), 0);
	CU_ASSERT_DOUBLE_EQUAL(o.proc.resolution, 600, 1e-12);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "nope", "1"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "proc.nope", "1"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "xyz.p_a", "1"), MZG_ENOTFOUND);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "call.p_a", "2"), MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "run.design_window", "0"), 0);
	CU_ASSERT_EQUAL(o.design_window, 0);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "run.design_window", "2"),
	                MZG_EINVAL);
	CU_ASSERT_EQUAL(mzg_run_opts_set(&o, "run.nope", "1"), MZG_ENOTFOUND);
}

/* Every parameter a run records can be set back by its key: the names in
 * run_opts.c's table exist in their stages. */
static void test_params_round_trip(void)
{
	mzg_run_opts o;
	mzg_run r;
	size_t i;
	int stages[5] = { 0 };

	mzg_run_opts_init(&o);
	memset(&r, 0, sizeof(r));
	CU_ASSERT_EQUAL_FATAL(mzg__run_params(&r, &o), 0);
	CU_ASSERT(r.n_params > 60);
	for (i = 0; i < r.n_params; i++) {
		const char *k = r.params[i].key;

		stages[0] += !strncmp(k, "proc.", 5);
		stages[1] += !strncmp(k, "calib.", 6);
		stages[2] += !strncmp(k, "measure.", 8);
		stages[3] += !strncmp(k, "call.", 5);
		stages[4] += !strncmp(k, "run.", 4);
		if (strcmp(k, "run.threads") &&
		    mzg_run_opts_set(&o, k, r.params[i].value) != 0) {
			fprintf(stderr, "cannot set %s=%s: %s\n", k,
			        r.params[i].value, mzg_errmsg());
			CU_FAIL("a recorded parameter cannot be set");
		}
		free(r.params[i].key);
		free(r.params[i].value);
	}
	free(r.params);
	for (i = 0; i < 5; i++)
		CU_ASSERT(stages[i] > 0);
}

/* SHA-256 of FIPS 180-2 examples, and of a file. */
static void test_sha256(void)
{
	static const struct {
		const char *in, *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	char hex[65];
	uint64_t size = 0;
	const char *path = mzg_test_path(mzg_test_tmpdir(), "million-a");
	FILE *fp;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
	/* pass 0: hardware SHA where the CPU has it; pass 1: portable */
	mzg__sha256_portable = pass;
	for (i = 0; i < MZG_ARRAY_LEN(v); i++) {
		fp = fopen(path, "wb");
		CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
		fputs(v[i].in, fp);
		fclose(fp);
		CU_ASSERT_EQUAL(mzg_sha256_file(hex, &size, path), 0);
		CU_ASSERT_STRING_EQUAL(hex, v[i].hex);
		CU_ASSERT_EQUAL(size, strlen(v[i].in));
	}
	fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	for (i = 0; i < 1000000; i++)
		fputc('a', fp);
	fclose(fp);
	CU_ASSERT_EQUAL(mzg_sha256_file(hex, &size, path), 0);
	CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	                            "f1809a48a497200e046d39ccc7112cd0");
	CU_ASSERT_EQUAL(size, 1000000);
	}
	mzg__sha256_portable = 0;
	/* every length 0..200 through both paths, updates split unevenly */
	for (i = 0; i <= 200; i++) {
		unsigned char buf[200], d1[32], d2[32];
		mzg__sha256 c;
		size_t k;

		for (k = 0; k < i; k++)
			buf[k] = (unsigned char)(k * 31 + i);
		mzg__sha256_portable = 0;
		mzg__sha256_init(&c);
		mzg__sha256_update(&c, buf, i / 3);
		mzg__sha256_update(&c, buf + i / 3, i - i / 3);
		mzg__sha256_final(&c, d1);
		mzg__sha256_portable = 1;
		mzg__sha256_init(&c);
		mzg__sha256_update(&c, buf, i);
		mzg__sha256_final(&c, d2);
		CU_ASSERT(memcmp(d1, d2, 32) == 0);
	}
	mzg__sha256_portable = 0;
	CU_ASSERT_EQUAL(mzg_sha256_file(hex, NULL, "/nonexistent/x"), MZG_EIO);
}

static CU_TestInfo run_tests[] = {
	{ "96-pad chip against its truth", test_chip_96 },
	{ "threads, per-well files", test_threads_and_dirs },
	{ "centroided chip", test_centroid },
	{ "repeated and unreadable spectra", test_repeated_and_broken },
	{ "bad inputs", test_bad_inputs },
	{ "--param routing", test_opts_routing },
	{ "recorded parameters set back", test_params_round_trip },
	{ "SHA-256", test_sha256 },
	CU_TEST_INFO_NULL,
};

CU_SuiteInfo mzg_test_suites[] = {
	{ "run", NULL, NULL, NULL, NULL, run_tests },
	CU_SUITE_INFO_NULL,
};
