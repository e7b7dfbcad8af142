/*
 * run.c -- the calling pipeline of a chip run (mzgeno call).
 *
 * mzg_run_call() prepares the per-multiplex targets and calibrants, maps
 * the plate sheet onto the chip's wells, reads and processes every pad
 * (run_read.c, run_pad.c) while a second thread checksums the inputs, then
 * assembles one mzg_pad per well (sorted by well), derives the call
 * features, and calls every assay across the chip (mzg_run_recall). Pads
 * that failed become quality I with their reason; NTC and empty pads are
 * measured but never called.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run_priv.h"

/* Inputs to checksum in a thread of their own. */
typedef struct sum_job {
	mzg_run *r;
	char (*err)[160];
} sum_job;

/* Thread body: SHA-256 of every input; messages of failures kept. */
static void *sum_thread(void *arg)
{
	sum_job *sj = arg;
	size_t i;

	for (i = 0; i < sj->r->n_inputs; i++) {
		mzg_input *in = &sj->r->inputs[i];

		if (mzg_sha256_file(in->sha256, &in->size, in->path) < 0)
			snprintf(sj->err[i], 160, "%s", mzg_errmsg());
	}
	return NULL;
}

/* Per-plex targets and UEP masses. */
static int setup_targets(mzg__ctx *ctx)
{
	mzg_run *r = ctx->run;
	size_t k, i, np = ctx->d->n_plex;
	int rc;

	r->targets = mzg__calloc_array(np, sizeof(mzg_target *));
	r->n_targets = mzg__calloc_array(np, sizeof(size_t));
	ctx->ueps = mzg__calloc_array(np, sizeof(double *));
	ctx->n_ueps = mzg__calloc_array(np, sizeof(size_t));
	if (!r->targets || !r->n_targets || !ctx->ueps || !ctx->n_ueps)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (k = 0; k < np; k++) {
		const mzg_plex *p = &ctx->d->plex[k];

		rc = mzg_plex_targets(&r->targets[k], &r->n_targets[k], p,
		                      MZG_TMASK_ALL);
		if (rc < 0)
			return rc;
		ctx->ueps[k] = mzg__calloc_array(p->n_assays ? p->n_assays : 1,
		                                 sizeof(double));
		if (!ctx->ueps[k])
			return mzg__err(MZG_ENOMEM, "out of memory");
		for (i = 0; i < p->n_assays; i++)
			ctx->ueps[k][ctx->n_ueps[k]++] = p->assays[i].uep_mass;
	}
	return MZG_OK;
}

/* Narrow the processing window to the design's species (run.design_window):
 * the lightest and heaviest target of any multiplex, 2+ ions excepted, with
 * a margin for adducts and calibration error. The caller's window is kept
 * where it is narrower. */
static void design_window(mzg_run *r)
{
	mzg_proc_opts *po = &r->opts.proc;
	double lo = INFINITY, hi = -INFINITY;
	size_t k, i;

	if (!r->opts.design_window)
		return;
	for (k = 0; k < r->design->n_plex; k++)
		for (i = 0; i < r->n_targets[k]; i++) {
			const mzg_target *t = &r->targets[k][i];

			if (t->kind == MZG_T_DOUBLY || !(t->mass > 0))
				continue;
			lo = fmin(lo, t->mass);
			hi = fmax(hi, t->mass);
		}
	if (!(lo <= hi))
		return;
	lo -= 100.0 + 0.005 * lo;
	hi += 100.0 + 0.005 * hi;
	if (!(po->mz_min > 0) || po->mz_min < lo)
		po->mz_min = lo;
	if (!(po->mz_max > 0) || po->mz_max > hi)
		po->mz_max = hi;
	if (po->mz_min >= po->mz_max) { /* disjoint: the caller's choice */
		po->mz_min = r->opts.proc.mz_min;
		po->mz_max = r->opts.proc.mz_max;
	}
}

/* Slot index of a normalised well, or -1. */
static int slot_index(const char *well)
{
	int row, col;

	if (mzg_well_index(well, &row, &col) < 0)
		return -1;
	return row * 24 + col;
}

/* Map the plate sheet onto the slots: entry and multiplex of each well.
 * plex_fixed: index; -1 to choose by calibration; -2 not in the design. */
static void setup_slots(mzg__ctx *ctx, const mzg_plate *plate)
{
	size_t i;
	int s;

	for (s = 0; s < MZG__SLOTS; s++) {
		mzg__slot *sl = &ctx->slots[s];

		sl->plex_fixed = ctx->d->n_plex == 1 ? 0 : -1;
		sl->first_input = -1;
		sl->first_index = -1;
		sl->res.plex = -1;
	}
	for (i = 0; plate && i < plate->n_wells; i++) {
		const mzg_plate_well *pw = &plate->wells[i];
		const mzg_plex *px;

		if ((s = slot_index(pw->well)) < 0)
			continue;
		ctx->slots[s].pw = pw;
		if (!pw->multiplex || !*pw->multiplex)
			continue;
		px = mzg_design_plex(ctx->d, pw->multiplex);
		ctx->slots[s].plex_fixed = px ? (int)(px - ctx->d->plex) : -2;
	}
}

/* Append "; text" (or "text") to a pad's reason. */
static int add_reason(mzg_pad *pad, const char *text)
{
	char *s = pad->reason ? mzg__asprintf("%s; %s", pad->reason, text)
	                      : mzg__strdup(text);

	if (!s)
		return mzg__err(MZG_ENOMEM, "out of memory");
	free(pad->reason);
	pad->reason = s;
	return MZG_OK;
}

/* Status and reason of a pad from its slot. */
static int pad_status(mzg_pad *pad, const mzg__slot *sl, const mzg__ctx *ctx)
{
	char buf[MZG__REASON + 64];
	int rc = MZG_OK;

	if (sl->n_seen == 0) {
		pad->status = pad->role == MZG_ROLE_EMPTY ? MZG_PAD_EMPTY
		                                          : MZG_PAD_MISSING;
		return add_reason(pad, "no spectrum for this well");
	}
	if (!sl->res.done) {
		pad->status = MZG_PAD_BAD;
		snprintf(buf, sizeof(buf), "%s unreadable: %s",
		         sl->n_bad > 1 ? "all its spectra are" : "its spectrum is",
		         sl->bad_reason);
		rc = add_reason(pad, buf);
	} else if (!sl->res.ok) {
		pad->status = MZG_PAD_BAD;
		rc = add_reason(pad, sl->res.reason);
	} else {
		pad->status = MZG_PAD_OK;
	}
	if (pad->role == MZG_ROLE_EMPTY && pad->status == MZG_PAD_OK)
		pad->status = MZG_PAD_EMPTY;
	if (rc >= 0 && sl->n_used > 1) {
		snprintf(buf, sizeof(buf), "%zu spectra combined", sl->n_used);
		rc = add_reason(pad, buf);
	}
	if (rc >= 0 && sl->n_bad && sl->res.done) {
		snprintf(buf, sizeof(buf), "%zu of %zu spectra unreadable",
		         sl->n_bad, sl->n_seen);
		rc = add_reason(pad, buf);
	}
	if (rc >= 0 && ctx->run->plate && !sl->pw)
		rc = add_reason(pad, "not on the plate sheet");
	if (rc >= 0 && sl->res.plex_guessed)
		rc = add_reason(pad, "multiplex chosen by calibration");
	return rc;
}

/* Fill pad @p pad from slot @p s (moving the measurements). */
static int pad_fill(mzg_pad *pad, int s, mzg__ctx *ctx)
{
	mzg__slot *sl = &ctx->slots[s];
	size_t i;
	int rc;

	pad->well[0] = (char)('A' + s / 24);
	pad->well[1] = (char)('0' + (s % 24 + 1) / 10);
	pad->well[2] = (char)('0' + (s % 24 + 1) % 10);
	pad->well[3] = '\0';
	pad->sample = mzg__strdup(sl->pw ? sl->pw->sample : pad->well);
	pad->role = sl->pw ? sl->pw->role : MZG_ROLE_SAMPLE;
	pad->input = sl->first_input;
	pad->spectrum = sl->first_index;
	pad->n_spectra = sl->res.done ? sl->n_used : 0;
	if (sl->source.len && !(pad->source = mzg__strdup(
	                                mzg__buf_cstr(&sl->source))))
		return mzg__err(MZG_ENOMEM, "out of memory");
	if (!pad->sample)
		return mzg__err(MZG_ENOMEM, "out of memory");
	pad->plex = sl->res.plex >= 0 ? sl->res.plex
	                              : sl->plex_fixed >= 0 ? sl->plex_fixed : -1;
	if (sl->plex_fixed == -2 && (rc = add_reason(pad, "its multiplex is "
	                                             "not in the design")) < 0)
		return rc;
	if ((rc = pad_status(pad, sl, ctx)) < 0)
		return rc;
	pad->centroid = sl->res.centroid;
	pad->plex_guessed = sl->res.plex_guessed;
	pad->calib = sl->res.calib;
	pad->noise = sl->res.noise;
	pad->resolution = sl->res.resolution;
	pad->n_peaks = sl->res.n_peaks;
	if (pad->plex < 0)
		return MZG_OK;
	pad->uep_expected = ctx->n_ueps[pad->plex];
	if (sl->res.meas && sl->res.plex == pad->plex) {
		const mzg_target *t = ctx->run->targets[pad->plex];

		pad->measures = sl->res.meas;
		pad->n_measures = ctx->run->n_targets[pad->plex];
		sl->res.meas = NULL;
		if (sl->res.n_snips == ctx->d->plex[pad->plex].n_assays) {
			pad->snippets = sl->res.snips; /* review page zooms */
			sl->res.snips = NULL;
		}
		for (i = 0; i < pad->n_measures; i++)
			pad->uep_found += t[i].kind == MZG_T_UEP &&
			                  (pad->measures[i].flags & MZG_M_FOUND);
	}
	pad->calls = mzg__calloc_array(ctx->d->plex[pad->plex].n_assays,
	                               sizeof(mzg_call));
	if (!pad->calls)
		return mzg__err(MZG_ENOMEM, "out of memory");
	pad->n_calls = ctx->d->plex[pad->plex].n_assays; /* only once allocated:
	                                                    mzg_run_free walks it */
	for (i = 0; i < pad->n_calls; i++)
		mzg_call_init(&pad->calls[i]);
	return MZG_OK;
}

/* One pad per well with a spectrum or a plate entry, sorted by well. */
static int assemble(mzg__ctx *ctx)
{
	mzg_run *r = ctx->run;
	size_t n = 0;
	int s, rc = MZG_OK;

	for (s = 0; s < MZG__SLOTS; s++)
		n += ctx->slots[s].n_seen > 0 || ctx->slots[s].pw;
	r->pads = mzg__calloc_array(n ? n : 1, sizeof(mzg_pad));
	if (!r->pads)
		return mzg__err(MZG_ENOMEM, "out of memory");
	r->chip_wells = 96;
	for (s = 0; s < MZG__SLOTS && rc >= 0; s++) {
		if (!ctx->slots[s].n_seen && !ctx->slots[s].pw)
			continue;
		if (s / 24 >= 8 || s % 24 >= 12)
			r->chip_wells = 384;
		r->n_combined += ctx->slots[s].n_used > 1;
		rc = pad_fill(&r->pads[r->n_pads++], s, ctx);
	}
	return rc;
}

/* Choose the two alleles of each assay to cluster: EXT1/EXT2, or for a
 * multi-allelic assay the two with the largest summed height over the
 * chip's good sample pads (design order kept). */
static int setup_fits(mzg_run *r)
{
	const mzg_design *d = r->design;
	size_t k, a, i, j, f = 0, n = 0;

	for (k = 0; k < d->n_plex; k++)
		n += d->plex[k].n_assays;
	r->fits = mzg__calloc_array(n ? n : 1, sizeof(mzg_assay_fit));
	if (!r->fits)
		return mzg__err(MZG_ENOMEM, "out of memory");
	r->n_fits = n;
	for (k = 0; k < d->n_plex; k++)
		for (a = 0; a < d->plex[k].n_assays; a++, f++) {
			double sum[MZG_MAX_ALLELES] = { 0 };
			int b1 = 0, b2 = 1, x;

			for (i = 0; i < r->n_pads; i++) {
				const mzg_pad *p = &r->pads[i];

				if (p->plex != (int)k || p->status != MZG_PAD_OK ||
				    p->role == MZG_ROLE_NTC)
					continue;
				for (j = 0; j < p->n_measures; j++) {
					const mzg_target *t = &r->targets[k][j];

					if (t->kind == MZG_T_ALLELE &&
					    t->assay == (int)a && t->allele >= 0 &&
					    t->allele < MZG_MAX_ALLELES)
						sum[t->allele] += p->measures[j].height;
				}
			}
			b1 = b2 = -1;
			for (x = 0; x < d->plex[k].assays[a].n_alleles &&
			            x < MZG_MAX_ALLELES; x++) {
				if (b1 < 0 || sum[x] > sum[b1]) {
					b2 = b1;
					b1 = x;
				} else if (b2 < 0 || sum[x] > sum[b2]) {
					b2 = x;
				}
			}
			if (b2 < 0) /* a design assay always has two alleles */
				b2 = b1 == 0 ? 1 : 0;
			r->fits[f].plex = (int)k;
			r->fits[f].assay = (int)a;
			r->fits[f].allele1 = b1 < b2 ? b1 : b2;
			r->fits[f].allele2 = b1 < b2 ? b2 : b1;
		}
	return MZG_OK;
}

/* Median over a pad's assays of snr_uep + snr1 + snr2: the pad's signal. */
static double pad_signal(const mzg_pad *p)
{
	double v[64], t;
	size_t i, j, n = p->n_calls < 64 ? p->n_calls : 64;

	for (i = 0; i < n; i++)
		v[i] = p->calls[i].snr_uep + p->calls[i].snr1 +
		       p->calls[i].snr2;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	if (!n)
		return 0;
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Features of the calls of pad @p p. */
static int pad_features(mzg_run *r, mzg_pad *p)
{
	const mzg_plex *px = &r->design->plex[p->plex];
	size_t a, f0;
	int rc;

	for (f0 = 0; f0 < r->n_fits && r->fits[f0].plex != p->plex; f0++)
		;
	for (a = 0; a < p->n_calls; a++) {
		const mzg_assay_fit *ft = &r->fits[f0 + a];

		if (p->measures) {
			rc = mzg_call_features(&p->calls[a], p->measures,
			                       r->targets[p->plex], p->n_measures,
			                       (int)a, &px->assays[a], ft->allele1,
			                       ft->allele2,
			                       p->centroid ? 0.0 : p->noise,
			                       &r->opts.call);
			if (rc < 0)
				return rc;
		}
		p->calls[a].allele1 = ft->allele1;
		p->calls[a].allele2 = ft->allele2;
		if (p->centroid) {
			/* SNR of a peak list is over the median peak intensity */
			double f = 1.0 / r->opts.call.centroid_noise;

			p->calls[a].snr1 *= f;
			p->calls[a].snr2 *= f;
			p->calls[a].snr_uep *= f;
			p->calls[a].snr_extra *= f;
		}
	}
	return MZG_OK;
}

/* A measured pad with too little signal is a weak spectrum: bad. */
static int check_weak(mzg_pad *p, const mzg_call_opts *o)
{
	char buf[128];
	double s;

	if (p->status != MZG_PAD_OK || !p->measures || !p->n_calls)
		return MZG_OK;
	s = pad_signal(p);
	if (s >= o->pad_snr_min)
		return MZG_OK;
	p->status = MZG_PAD_BAD;
	snprintf(buf, sizeof(buf), "weak spectrum: median assay signal SNR "
	         "%.1f < %g", s, o->pad_snr_min);
	return add_reason(p, buf);
}

/* Features of every call, and the marks of pads never called. */
static int setup_calls(mzg_run *r)
{
	size_t i, a;
	int rc;

	for (i = 0; i < r->n_pads; i++) {
		mzg_pad *p = &r->pads[i];

		if (p->plex < 0)
			continue;
		if ((rc = pad_features(r, p)) < 0 ||
		    (rc = check_weak(p, &r->opts.call)) < 0)
			return rc;
		for (a = 0; a < p->n_calls; a++) {
			mzg_call *c = &p->calls[a];

			if (p->status == MZG_PAD_BAD ||
			    p->status == MZG_PAD_MISSING) {
				c->flags |= MZG_CF_PAD_FAILED;
				c->quality = MZG_Q_I;
				if (mzg_call_set_note(c, p->reason) < 0)
					return MZG_ENOMEM;
			} else if (p->role == MZG_ROLE_NTC ||
			           p->role == MZG_ROLE_EMPTY) {
				c->flags |= MZG_CF_NOT_CALLED;
				if (fmax(c->snr1, c->snr2) >=
				    r->opts.call.snr_min)
					c->flags |= MZG_CF_SIGNAL;
			}
		}
	}
	return MZG_OK;
}

int mzg_run_recall(mzg_run *r, const mzg_call_opts *o)
{
	mzg_call **calls = NULL;
	size_t f, i, n;
	int rc = MZG_OK;

	if (!r || !o || mzg_call_opts_check(o) < 0)
		return r && o ? MZG_EINVAL
		              : mzg__err(MZG_EINVAL, "recall: bad arguments");
	calls = mzg__calloc_array(r->n_pads ? r->n_pads : 1, sizeof(*calls));
	if (!calls)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (f = 0; f < r->n_fits && rc >= 0; f++) {
		mzg_assay_fit *ft = &r->fits[f];

		for (i = n = 0; i < r->n_pads; i++)
			if (r->pads[i].plex == ft->plex &&
			    (size_t)ft->assay < r->pads[i].n_calls)
				calls[n++] = &r->pads[i].calls[ft->assay];
		rc = mzg_call_assay(ft, calls, n, o);
	}
	free(calls);
	return rc;
}

/* The chip name: given, or the first input's stem ("run/chip.mzML.gz" ->
 * "chip"; a directory "run/" -> "run"). */
static char *chip_name(const char *given, const char *first)
{
	char *s, *e;
	size_t n;

	if (given && *given)
		return mzg__strdup(given);
	s = mzg__strdup(first ? first : "chip");
	if (!s)
		return NULL;
	for (n = strlen(s); n > 1 && s[n - 1] == '/'; n--)
		s[n - 1] = '\0';
	e = mzg__strdup(mzg__basename(s));
	free(s);
	if (!e)
		return NULL;
	n = strlen(e);
	if (n > 3 && mzg__strcaseeq(e + n - 3, ".gz"))
		e[n -= 3] = '\0';
	if (n > 5 && mzg__strcaseeq(e + n - 5, ".mzml"))
		e[n - 5] = '\0';
	return e;
}

/* UTC time as ISO 8601, malloc'ed. */
static char *now_iso(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return mzg__strdup("");
	return mzg__strdup(buf);
}

static double mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The run's own plate when none was given: every pad a sample. */
static int default_plate(mzg_run *r)
{
	char (*wells)[4];
	mzg_plate *pl = NULL;
	size_t i;
	int rc;

	wells = mzg__calloc_array(r->n_pads ? r->n_pads : 1, sizeof(*wells));
	if (!wells)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < r->n_pads; i++)
		memcpy(wells[i], r->pads[i].well, 4);
	rc = mzg_plate_default(&pl, (const char(*)[4])wells, r->n_pads,
	                       r->chip_wells);
	free(wells);
	if (rc < 0)
		return rc;
	r->priv_ = pl;
	r->plate = pl;
	return MZG_OK;
}

/* Free the context's own allocations. */
static void ctx_free(mzg__ctx *ctx)
{
	size_t k;
	int s;

	for (k = 0; ctx->ueps && k < ctx->d->n_plex; k++)
		free(ctx->ueps[k]);
	free(ctx->ueps);
	free(ctx->n_ueps);
	for (s = 0; ctx->slots && s < MZG__SLOTS; s++) {
		mzg__padres_free(&ctx->slots[s].res);
		mzg__buf_free(&ctx->slots[s].source);
		mzg_spectrum_free(&ctx->slots[s].acc);
	}
	free(ctx->slots);
	free(ctx->paths);
	pthread_mutex_destroy(&ctx->lock);
}

/* Check the arguments and options of mzg_run_call. */
static int check_args(const char *const *inputs, size_t n,
                      const mzg_design *d, const mzg_run_opts *o)
{
	size_t i;
	int rc;

	if (!inputs || !n || !d || !o)
		return mzg__err(MZG_EINVAL, "call: bad arguments");
	for (i = 0; i < n; i++)
		if (!inputs[i])
			return mzg__err(MZG_EINVAL, "call: input %zu is NULL", i);
	if (d->n_plex == 0)
		return mzg__err(MZG_EINVAL, "call: the design has no multiplex");
	if ((rc = mzg_proc_opts_check(&o->proc)) < 0)
		return rc;
	return mzg_call_opts_check(&o->call);
}

/* Read, checksum (in parallel), then assemble and call. */
static int run_body(mzg_run *r, mzg__ctx *ctx, const mzg_run_opts *o)
{
	char (*errs)[160] = NULL;
	pthread_t th;
	sum_job sj;
	size_t i;
	int rc, threaded = 0;

	errs = mzg__calloc_array(r->n_inputs, sizeof(*errs));
	if (!errs)
		return mzg__err(MZG_ENOMEM, "out of memory");
	sj.r = r;
	sj.err = errs;
	if (o->checksum)
		threaded = pthread_create(&th, NULL, sum_thread, &sj) == 0;
	rc = mzg__read_all(ctx);
	if (threaded)
		pthread_join(th, NULL);
	else if (o->checksum)
		sum_thread(&sj);
	for (i = 0; i < r->n_inputs && rc >= 0 && o->checksum; i++)
		if (errs[i][0])
			mzg__log(MZG_LOG_WARN, "checksum: %s", errs[i]);
	free(errs);
	if (rc >= 0 && r->n_spectra == 0)
		rc = mzg__err(MZG_EFORMAT, "%s: no spectra in the input%s",
		              r->n_inputs ? r->inputs[0].path : "?",
		              r->n_inputs > 1 ? "s" : "");
	if (rc >= 0)
		rc = assemble(ctx);
	if (rc >= 0 && r->n_pads == 0)
		rc = mzg__err(MZG_EFORMAT, "no spectrum has a well (spotID, "
		              "spot=/well= in its id, or a file named after "
		              "its well)");
	if (rc >= 0 && !r->plate)
		rc = default_plate(r);
	if (rc >= 0)
		rc = setup_fits(r);
	if (rc >= 0)
		rc = setup_calls(r);
	if (rc >= 0 && ctx->progress)
		ctx->progress(ctx->payload, "calling", 0, r->n_fits);
	if (rc >= 0)
		rc = mzg_run_recall(r, &r->opts.call);
	return rc;
}

int mzg_run_call(mzg_run **out, const char *const *inputs, size_t n_inputs,
                 const mzg_design *design, const mzg_plate *plate,
                 const mzg_run_opts *o)
{
	mzg_run_opts defaults;
	mzg__ctx ctx;
	mzg_run *r = NULL;
	double t0 = mono_seconds();
	size_t i;
	int rc;

	*out = NULL;
	if (!o) {
		mzg_run_opts_init(&defaults);
		o = &defaults;
	}
	if ((rc = check_args(inputs, n_inputs, design, o)) < 0)
		return rc;
	memset(&ctx, 0, sizeof(ctx));
	pthread_mutex_init(&ctx.lock, NULL);
	ctx.o = o;
	ctx.progress = o->progress;
	ctx.payload = o->payload;
	ctx.d = design;
	r = calloc(1, sizeof(*r));
	ctx.slots = mzg__calloc_array(MZG__SLOTS, sizeof(mzg__slot));
	if (!r || !ctx.slots) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	ctx.run = r;
	r->design = design;
	r->plate = plate;
	r->opts = *o;
	r->opts.chip = NULL;
	r->opts.progress = NULL;
	r->opts.payload = NULL;
	r->version = mzg__strdup(mzg_version());
	r->started = now_iso();
	r->chip = chip_name(o->chip, inputs[0]);
	if (!r->version || !r->started || !r->chip) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = mzg__run_inputs(r, inputs, n_inputs)) < 0 ||
	    (rc = setup_targets(&ctx)) < 0)
		goto out;
	design_window(r);
	ctx.o = &r->opts;
	if ((rc = mzg__run_params(r, &r->opts)) < 0)
		goto out;
	ctx.n_paths = r->n_inputs;
	ctx.paths = mzg__calloc_array(r->n_inputs, sizeof(char *));
	if (!ctx.paths) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < r->n_inputs; i++)
		ctx.paths[i] = r->inputs[i].path;
	setup_slots(&ctx, plate);
	rc = run_body(r, &ctx, &r->opts);
out:
	ctx_free(&ctx);
	if (rc < 0) {
		mzg_run_free(r);
		return rc;
	}
	r->seconds = mono_seconds() - t0;
	*out = r;
	return MZG_OK;
}

void mzg_run_free(mzg_run *r)
{
	size_t i, k;

	if (!r)
		return;
	for (i = 0; i < r->n_pads; i++) {
		mzg_pad *p = &r->pads[i];

		for (k = 0; k < p->n_calls; k++) {
			mzg_call_clear(&p->calls[k]);
			if (p->snippets)
				mzg_snippet_free(&p->snippets[k]);
		}
		free(p->calls);
		free(p->snippets);
		free(p->measures);
		free(p->sample);
		free(p->reason);
		free(p->source);
	}
	free(r->pads);
	free(r->fits);
	for (k = 0; r->targets && r->design && k < r->design->n_plex; k++)
		free(r->targets[k]);
	free(r->targets);
	free(r->n_targets);
	for (i = 0; i < r->n_inputs; i++)
		free(r->inputs[i].path);
	free(r->inputs);
	for (i = 0; i < r->n_params; i++) {
		free(r->params[i].key);
		free(r->params[i].value);
	}
	free(r->params);
	for (i = 0; i < r->n_notes; i++)
		free(r->notes[i]);
	free(r->notes);
	mzg_plate_free(r->priv_);
	free(r->chip);
	free(r->version);
	free(r->started);
	free(r);
}

/* A scan, not a binary search: mzg_run_call() sorts the pads by well, but
 * a run read back from a report keeps calls.tsv's row order, which a
 * person may have changed (at most 384 pads). */
const mzg_pad *mzg_run_pad(const mzg_run *r, const char *well)
{
	char w[4];
	size_t i;

	if (!r || !well || mzg_well_parse(w, well) < 0)
		return NULL;
	for (i = 0; i < r->n_pads; i++)
		if (!strcmp(r->pads[i].well, w))
			return &r->pads[i];
	return NULL;
}

const mzg_assay_fit *mzg_run_fit(const mzg_run *r, int plex, int assay)
{
	size_t f;

	for (f = 0; r && f < r->n_fits; f++)
		if (r->fits[f].plex == plex && r->fits[f].assay == assay)
			return &r->fits[f];
	return NULL;
}

const char *mzg_pad_status_name(mzg_pad_status s)
{
	switch (s) {
	case MZG_PAD_OK: return "ok";
	case MZG_PAD_BAD: return "bad";
	case MZG_PAD_EMPTY: return "empty";
	case MZG_PAD_MISSING: return "missing";
	}
	return "?";
}
