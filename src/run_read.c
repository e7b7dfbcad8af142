/*
 * run_read.c -- reading a chip run: the reader thread, a bounded queue and
 * the worker threads that process pads.
 *
 * The calling thread reads spectra one at a time into records taken from a
 * small pool (2 per worker); each record whose pad needs processing goes
 * through a queue to a worker, which processes, calibrates and measures it
 * and keeps only the small result (calibration figures and measurements).
 * Memory therefore depends on the number of workers, not on the number of
 * pads. Pass 1 processes the first readable spectrum of every well. When a
 * well has several spectra they are combined (profile: summed on the first
 * spectrum's m/z axis; centroid: peak lists merged): a second pass re-reads
 * the inputs and accumulates the spectra of at most MZG__MAX_OPEN such
 * wells at a time, handing each to a worker as soon as it is complete;
 * further passes follow while wells remain. A file with no repeated wells
 * is read once.
 */
#include <stdlib.h>
#include <string.h>

#include "mzgeno/mzml.h"
#include "run_priv.h"

/* One spectrum record travelling between the reader and the workers. */
typedef struct job {
	mzg_spectrum s;
	int slot;
	struct job *next;
} job;

/* The worker pool. With no threads, jobs are processed on submission. */
typedef struct pool {
	mzg__ctx *ctx;
	int n_threads;
	pthread_t *th;
	job *jobs;
	size_t n_jobs;
	job *free_list, *head, *tail;
	size_t busy;
	int stop;
	pthread_mutex_t m;
	pthread_cond_t c_free, c_work;
	mzg__wspace inline_w;
} pool;

/* Store a worker's result in its slot (replacing a pass-1 result). */
static void store(mzg__ctx *ctx, int slot, mzg__padres *res, int rc)
{
	pthread_mutex_lock(&ctx->lock);
	if (rc < 0) {
		if (!ctx->err) {
			ctx->err = rc;
			snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s",
			         mzg_errmsg());
		}
		mzg__padres_free(res);
	} else {
		mzg__padres_free(&ctx->slots[slot].res);
		ctx->slots[slot].res = *res;
		ctx->n_done++;
	}
	pthread_mutex_unlock(&ctx->lock);
}

/* Process one job with scratch @p w. */
static void work(mzg__ctx *ctx, job *j, mzg__wspace *w)
{
	mzg__padres res;
	int rc;

	rc = mzg__pad_process(&res, &j->s, ctx->slots[j->slot].plex_fixed,
	                      ctx, w);
	store(ctx, j->slot, &res, rc);
}

/* Worker thread: take jobs from the queue until told to stop. */
static void *worker(void *arg)
{
	pool *p = arg;
	mzg__wspace w;
	job *j;

	mzg__wspace_init(&w);
	for (;;) {
		pthread_mutex_lock(&p->m);
		while (!p->head && !p->stop)
			pthread_cond_wait(&p->c_work, &p->m);
		if (!p->head) {
			pthread_mutex_unlock(&p->m);
			break;
		}
		j = p->head;
		p->head = j->next;
		if (!p->head)
			p->tail = NULL;
		p->busy++;
		pthread_mutex_unlock(&p->m);
		work(p->ctx, j, &w);
		pthread_mutex_lock(&p->m);
		p->busy--;
		j->next = p->free_list;
		p->free_list = j;
		pthread_cond_broadcast(&p->c_free);
		pthread_mutex_unlock(&p->m);
	}
	mzg__wspace_free(&w);
	return NULL;
}

/* Start @p n_threads workers (0: process inline). */
static int pool_start(pool *p, mzg__ctx *ctx, int n_threads)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	mzg__wspace_init(&p->inline_w);
	p->n_jobs = n_threads > 0 ? 2 * (size_t)n_threads : 1;
	p->jobs = mzg__calloc_array(p->n_jobs, sizeof(job));
	p->th = mzg__calloc_array(n_threads > 0 ? (size_t)n_threads : 1,
	                          sizeof(pthread_t));
	if (!p->jobs || !p->th)
		return mzg__err(MZG_ENOMEM, "out of memory");
	for (i = 0; i < p->n_jobs; i++) {
		mzg_spectrum_init(&p->jobs[i].s);
		p->jobs[i].next = p->free_list;
		p->free_list = &p->jobs[i];
	}
	pthread_mutex_init(&p->m, NULL);
	pthread_cond_init(&p->c_free, NULL);
	pthread_cond_init(&p->c_work, NULL);
	for (; p->n_threads < n_threads; p->n_threads++)
		if (pthread_create(&p->th[p->n_threads], NULL, worker, p))
			return mzg__err(MZG_EINTERNAL, "cannot start a thread");
	return MZG_OK;
}

/* A free record (waits for a worker to hand one back). */
static job *pool_get(pool *p)
{
	job *j;

	pthread_mutex_lock(&p->m);
	while (!p->free_list)
		pthread_cond_wait(&p->c_free, &p->m);
	j = p->free_list;
	p->free_list = j->next;
	pthread_mutex_unlock(&p->m);
	return j;
}

/* Give a record back unused. */
static void pool_put(pool *p, job *j)
{
	pthread_mutex_lock(&p->m);
	j->next = p->free_list;
	p->free_list = j;
	pthread_cond_broadcast(&p->c_free);
	pthread_mutex_unlock(&p->m);
}

/* Queue a record for processing (inline without workers). */
static void pool_submit(pool *p, job *j)
{
	if (!p->n_threads) {
		work(p->ctx, j, &p->inline_w);
		pool_put(p, j);
		return;
	}
	pthread_mutex_lock(&p->m);
	j->next = NULL;
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	pthread_cond_signal(&p->c_work);
	pthread_mutex_unlock(&p->m);
}

/* Wait until every queued record has been processed. */
static void pool_drain(pool *p)
{
	pthread_mutex_lock(&p->m);
	while (p->head || p->busy)
		pthread_cond_wait(&p->c_free, &p->m);
	pthread_mutex_unlock(&p->m);
}

/* Stop the workers and free the pool. */
static void pool_stop(pool *p)
{
	size_t i;
	int t;

	if (p->n_threads) {
		pthread_mutex_lock(&p->m);
		p->stop = 1;
		pthread_cond_broadcast(&p->c_work);
		pthread_mutex_unlock(&p->m);
		for (t = 0; t < p->n_threads; t++)
			pthread_join(p->th[t], NULL);
	}
	if (p->jobs) {
		pthread_mutex_destroy(&p->m);
		pthread_cond_destroy(&p->c_free);
		pthread_cond_destroy(&p->c_work);
		for (i = 0; i < p->n_jobs; i++)
			mzg_spectrum_free(&p->jobs[i].s);
	}
	free(p->jobs);
	free(p->th);
	mzg__wspace_free(&p->inline_w);
}

/* Add a run-level note (printf-style). */
static int note(mzg__ctx *ctx, const char *fmt, const char *a, long b,
                const char *c)
{
	mzg_run *r = ctx->run;
	char *s = mzg__asprintf(fmt, a, b, c);
	void *p = r->notes;
	size_t cap = r->n_notes;

	if (!s)
		return mzg__err(MZG_ENOMEM, "out of memory");
	if (mzg__grow(&p, &cap, r->n_notes + 1, sizeof(char *)) < 0) {
		free(s);
		return MZG_ENOMEM;
	}
	r->notes = p;
	r->notes[r->n_notes++] = s;
	return MZG_OK;
}

/* Slot of the spectrum's well, or -1 (no well). */
static int slot_of(const mzg_spectrum *s, const char *path)
{
	char well[4];
	int row, col;

	if (mzg_well_resolve(well, s->spot_id, s->id, path) < 0 ||
	    mzg_well_index(well, &row, &col) < 0)
		return -1;
	return row * 24 + col;
}

/* Pass 1: account for one spectrum; submit it when it is the first
 * readable spectrum of its well. @return 1 if the job was consumed, 0 if
 * not, or a negative error. */
static int handle_first(mzg__ctx *ctx, pool *p, job *j, size_t in, int rd)
{
	mzg_input *inp = &ctx->run->inputs[in];
	const char *path = ctx->paths[in];
	int slot = slot_of(&j->s, path);
	mzg__slot *sl;

	inp->n_spectra++;
	if (slot < 0 || (rd == 0 && j->s.ms_level > 1)) {
		inp->n_skipped++;
		return note(ctx, slot < 0 ? "%s: spectrum %ld (id '%s') has no "
		            "well (spotID, spot=/well= in its id, or file name); "
		            "skipped" : "%s: spectrum %ld (id '%s') is not MS1; "
		            "skipped", path, j->s.index,
		            j->s.id ? j->s.id : "");
	}
	sl = &ctx->slots[slot];
	sl->n_seen++;
	if (sl->source.len && mzg__buf_puts(&sl->source, ",") < 0)
		return MZG_ENOMEM;
	if (mzg__buf_printf(&sl->source, "%s#%ld%s", mzg__basename(path),
	                    j->s.index, rd < 0 ? "(unreadable)" : "") < 0)
		return MZG_ENOMEM;
	if (rd < 0) {
		inp->n_bad++;
		if (sl->n_bad++ == 0)
			snprintf(sl->bad_reason, MZG__REASON, "%s", mzg_errmsg());
		return 0;
	}
	if (sl->first_input < 0) {
		sl->first_input = (int)in;
		sl->first_index = j->s.index;
		sl->repr = j->s.repr;
		sl->n_used = 1;
		j->slot = slot;
		pool_submit(p, j);
		return 1;
	}
	if (j->s.repr != sl->repr) {
		sl->n_other++;
		return note(ctx, "%s: spectrum %ld (id '%s') is not of the same "
		            "kind (profile/centroid) as the first of its well; "
		            "not combined", path, j->s.index,
		            j->s.id ? j->s.id : "");
	}
	sl->pending = 1;
	return 0;
}

/* A file that yields no spectrum at all (not mzML, empty, corrupt or
 * truncated before its first spectrum; error @p rc, message in
 * mzg_errmsg()). When its name gives the well (per-well files, C05.mzML)
 * that pad is bad with the reason and the run goes on; otherwise, or when
 * the file cannot be opened at all (MZG_EIO: missing, no permission), it
 * is an error. */
static int unreadable_file(mzg__ctx *ctx, size_t in, int rc)
{
	const char *path = ctx->paths[in];
	char well[4];
	int row, col;
	mzg__slot *sl;

	if (rc == MZG_EIO || rc == MZG_ENOMEM || rc == MZG_EINVAL ||
	    mzg_well_resolve(well, NULL, NULL, path) < 0 ||
	    mzg_well_index(well, &row, &col) < 0)
		return rc;
	sl = &ctx->slots[row * 24 + col];
	ctx->run->inputs[in].n_bad++;
	sl->n_seen++;
	if (sl->n_bad++ == 0)
		snprintf(sl->bad_reason, MZG__REASON, "%s", mzg_errmsg());
	if ((sl->source.len && mzg__buf_puts(&sl->source, ",") < 0) ||
	    mzg__buf_printf(&sl->source, "%s(unreadable)",
	                    mzg__basename(path)) < 0)
		return MZG_ENOMEM;
	return note(ctx, "%s: no spectrum could be read (%ld read); its pad "
	            "is marked bad: %s", path, 0, mzg_errmsg());
}

/* Read one input for pass 1. A file that stops being readable part way
 * is noted and the run goes on; one that yields nothing is handled by
 * unreadable_file(). */
static int read_first(mzg__ctx *ctx, pool *p, size_t in)
{
	const char *path = ctx->paths[in];
	mzg_mzml *r = NULL;
	job *j = NULL;
	int rc, rd;

	if ((rc = mzg_mzml_open(&r, path, NULL)) < 0)
		return unreadable_file(ctx, in, rc);
	for (;;) {
		if (!j)
			j = pool_get(p);
		rd = mzg_mzml_next(r, &j->s);
		if (rd == MZG_DONE)
			break;
		if (rd < 0 && rd != MZG_EDATA) {
			rc = ctx->run->inputs[in].n_spectra == 0 ?
			     unreadable_file(ctx, in, rd) :
			     note(ctx, "%s: reading stopped after spectrum %ld: "
			          "%s", path, (long)ctx->run->inputs[in].n_spectra,
			          mzg_errmsg());
			break;
		}
		if ((rc = handle_first(ctx, p, j, in, rd)) < 0)
			break;
		if (rc == 1)
			j = NULL;
		ctx->run->n_spectra++;
		if (ctx->progress)
			ctx->progress(ctx->payload, "reading",
			                 ctx->run->n_spectra, 0);
	}
	if (j)
		pool_put(p, j);
	/* 1 only when verified; -1 (not known: reading stopped early) is no */
	ctx->run->inputs[in].index_ok = mzg_mzml_index_ok(r) == 1;
	mzg_mzml_close(r);
	return rc < 0 ? rc : MZG_OK;
}

/* Hand a complete accumulator to a worker. */
static int submit_acc(mzg__ctx *ctx, pool *p, int slot)
{
	mzg__slot *sl = &ctx->slots[slot];
	mzg_spectrum tmp;
	job *j;
	int rc;

	if ((rc = mzg__acc_finish(&sl->acc)) < 0)
		return rc;
	j = pool_get(p);
	tmp = j->s;
	j->s = sl->acc;
	sl->acc = tmp;
	mzg_spectrum_free(&sl->acc);
	j->slot = slot;
	sl->n_used = sl->acc_n;
	sl->pending = 0;
	sl->acc_open = 0;
	pool_submit(p, j);
	return MZG_OK;
}

/* Combining pass: accumulate spectra of at most MZG__MAX_OPEN pending
 * wells. */
static int read_combine(mzg__ctx *ctx, pool *p, mzg_spectrum *s)
{
	size_t in, n_open = 0, need;
	int rc = MZG_OK, rd, slot;

	for (in = 0; in < ctx->n_paths && rc >= 0; in++) {
		mzg_mzml *r = NULL;

		if ((rc = mzg_mzml_open(&r, ctx->paths[in], NULL)) < 0) {
			if (rc == MZG_ENOMEM)
				break;
			rc = MZG_OK;  /* unreadable: accounted for in pass 1 */
			continue;
		}
		while ((rd = mzg_mzml_next(r, s)) != MZG_DONE) {
			mzg__slot *sl;

			if (rd < 0 && rd != MZG_EDATA)
				break;
			slot = slot_of(s, ctx->paths[in]);
			if (rd < 0 || slot < 0 || s->ms_level > 1)
				continue;
			sl = &ctx->slots[slot];
			if (!sl->pending || s->repr != sl->repr)
				continue;
			if (!sl->acc_open) {
				if (n_open >= MZG__MAX_OPEN)
					continue;
				sl->acc_open = 1;
				sl->acc_n = 0;
				n_open++;
			}
			rc = mzg__acc_add(&sl->acc, s);
			if (rc == MZG_ENOMEM)
				break;
			rc = MZG_OK;
			sl->acc_n++;
			need = sl->n_seen - sl->n_bad - sl->n_other;
			if (sl->acc_n >= need &&
			    (rc = submit_acc(ctx, p, slot)) < 0)
				break;
		}
		mzg_mzml_close(r);
	}
	/* wells whose spectra did not all come back (file changed between
	 * passes, an unsortable spectrum): use what was gathered */
	for (slot = 0; slot < MZG__SLOTS && rc >= 0; slot++)
		if (ctx->slots[slot].acc_open)
			rc = submit_acc(ctx, p, slot);
	return rc;
}

int mzg__read_all(mzg__ctx *ctx)
{
	mzg_spectrum s;
	pool p;
	size_t in;
	int rc, slot;

	mzg_spectrum_init(&s);
	rc = pool_start(&p, ctx, ctx->o->threads > 1 ? ctx->o->threads : 0);
	for (in = 0; in < ctx->n_paths && rc >= 0; in++) {
		rc = read_first(ctx, &p, in);
		if (rc < 0 && strncmp(mzg_errmsg(), ctx->paths[in],
		                      strlen(ctx->paths[in])) != 0)
			mzg__err_prefix(rc, "%s", ctx->paths[in]);
	}
	while (rc >= 0) {
		size_t before = 0, after = 0;

		for (slot = 0; slot < MZG__SLOTS; slot++)
			before += ctx->slots[slot].pending != 0;
		if (!before)
			break;
		rc = read_combine(ctx, &p, &s);
		for (slot = 0; slot < MZG__SLOTS; slot++)
			after += ctx->slots[slot].pending != 0;
		if (rc >= 0 && after == before) {
			/* none of their spectra came back: keep the first */
			for (slot = 0; slot < MZG__SLOTS; slot++)
				ctx->slots[slot].pending = 0;
			rc = note(ctx, "%s: %ld wells with several spectra "
			          "could not be re-read to combine them%s",
			          "inputs", (long)after, "");
		}
	}
	pool_drain(&p);
	pool_stop(&p);
	mzg_spectrum_free(&s);
	if (rc >= 0 && ctx->err)
		rc = mzg__err(ctx->err, "%s", ctx->errmsg);
	return rc;
}
