/*
 * simulate_write.c -- write a simulated chip run to a directory.
 *
 * The run directory is what a facility would hand to `mzgeno call`: the
 * spectra (chip.mzML, or spectra/WELL.mzML), the plate sheet (plate.tsv,
 * SPEC 2.3) and, for checking, the truth (truth.tsv: what each pad x assay
 * should be called), the pads' drawn parameters (pads.tsv) and the design
 * used (design.tsv, Agena format, via mzg_design_write()). Every file
 * is written atomically; when any target exists and force is off, nothing
 * is written.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mzml_write.h"
#include "simulate_int.h"

void mzg_sim_write_opts_init(mzg_sim_write_opts *w)
{
	memset(w, 0, sizeof *w);
	w->encoding = MZG_SIM_ENC_ZLIB;
}

int mzg_sim_encoding_parse(mzg_sim_encoding *out, const char *name)
{
	if (!name)
		return MZG_ENOTFOUND;
	if (!strcmp(name, "zlib"))
		*out = MZG_SIM_ENC_ZLIB;
	else if (!strcmp(name, "none"))
		*out = MZG_SIM_ENC_NONE;
	else if (!strcmp(name, "numpress"))
		*out = MZG_SIM_ENC_NUMPRESS;
	else
		return MZG_ENOTFOUND;
	return MZG_OK;
}

static const char *role_name(mzg_role r)
{
	return r == MZG_ROLE_NTC ? "ntc" : r == MZG_ROLE_POSITIVE ? "positive" :
	       r == MZG_ROLE_EMPTY ? "empty" : "sample";
}

/* Assay IDs of the expected-genotype columns: each distinct ID once, in
 * design order, as indices into s->assays. */
static size_t expected_columns(const mzg_sim *s, size_t *cols)
{
	size_t a, n = 0;

	for (a = 0; a < s->n_assays; a++)
		if (s->assays[a].first == a)
			cols[n++] = a;
	return n;
}

static const mzg_assay *assay_of(const mzg_sim *s, size_t a)
{
	return &s->design->plex[s->assays[a].plex].assays[s->assays[a].index];
}

/* Whether multiplex @p plex holds the assay of expected-genotype column
 * @p col (an index into s->assays of an assay's first occurrence). */
static int plex_has(const mzg_sim *s, size_t plex, size_t col)
{
	size_t a;

	for (a = 0; a < s->n_assays; a++)
		if (s->assays[a].plex == plex && s->assays[a].first == col)
			return 1;
	return 0;
}

/* A positive control's row carries expected genotypes only for the assays
 * of its own multiplex: the plate reader refuses an expectation for an
 * assay the pad is not typed for (docs/formats.md 1.5). */
static void plate_row(FILE *fp, const mzg_sim *s, const mzg_sim_pad *p,
                      const size_t *cols, size_t n_cols)
{
	size_t c;

	fprintf(fp, "%s\t%s\t%s\t%s", p->well, p->sample, role_name(p->role),
	        s->design->plex[p->plex].name ? s->design->plex[p->plex].name : "");
	for (c = 0; c < n_cols; c++) {
		const mzg_assay *a = assay_of(s, cols[c]);
		const unsigned char *g;

		fputc('\t', fp);
		if (p->role != MZG_ROLE_POSITIVE || !plex_has(s, p->plex, cols[c]))
			continue;
		g = s->gt + (p->sample_index * s->n_assays + cols[c]) * 2;
		fprintf(fp, "%c%c", a->allele[g[0]], a->allele[g[1]]);
	}
	fputc('\n', fp);
}

static int write_plate(const mzg_sim *s, const char *path, int force)
{
	mzg_afile f;
	size_t *cols = mzg__malloc_array(s->n_assays, sizeof *cols);
	size_t n_cols = 0, i;
	int rc;

	if (!cols)
		return mzg__err(MZG_ENOMEM, "out of memory");
	if ((rc = mzg__afile_open(&f, path, force)) < 0)
		goto out;
	if (s->opts.positives > 0)
		n_cols = expected_columns(s, cols);
	fputs("well\tsample\trole\tmultiplex", f.fp);
	for (i = 0; i < n_cols; i++)
		fprintf(f.fp, "\t%s", assay_of(s, cols[i])->id);
	fputc('\n', f.fp);
	for (i = 0; i < s->n_pads; i++)
		plate_row(f.fp, s, &s->pads[i], cols, n_cols);
	rc = mzg__afile_commit(&f);
out:
	free(cols);
	return rc;
}

static int write_truth(const mzg_sim *s, const char *path, int force)
{
	mzg_afile f;
	size_t i, a;
	int rc;

	if ((rc = mzg__afile_open(&f, path, force)) < 0)
		return rc;
	fputs("well\tsample\trole\tassay\tgenotype\tstatus\n", f.fp);
	for (i = 0; i < s->n_pads; i++) {
		const mzg_sim_pad *p = &s->pads[i];
		const mzg_plex *px = &s->design->plex[p->plex];

		for (a = 0; a < p->n_truth; a++)
			fprintf(f.fp, "%s\t%s\t%s\t%s\t%s\t%s\n", p->well, p->sample,
			        role_name(p->role), px->assays[a].id,
			        p->truth[a].genotype,
			        mzg_sim_status_name(p->truth[a].status));
	}
	return mzg__afile_commit(&f);
}

static int write_pads(const mzg_sim *s, const char *path, int force)
{
	static const char *failed[] = { "no", "empty", "weak" };
	mzg_afile f;
	size_t i;
	int rc;

	if ((rc = mzg__afile_open(&f, path, force)) < 0)
		return rc;
	fputs("well\tmultiplex\tfailed\tresolution\tcal_ppm_4000\tcal_ppm_6000\t"
	      "cal_ppm_9000\tsignal_scale\textension\tna\tk\tdoubly\tcontamination\n",
	      f.fp);
	for (i = 0; i < s->n_pads; i++) {
		const mzg_sim_pad *p = &s->pads[i];

		fprintf(f.fp, "%s\t%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.4g\t%.3f\t%.3f\t"
		        "%.3f\t%.3f\t%.3f\n", p->well,
		        s->design->plex[p->plex].name ? s->design->plex[p->plex].name : "",
		        failed[p->failed < 0 || p->failed > 2 ? 0 : p->failed],
		        p->resolution,
		        (mzg__sim_observe(p, 4000) / 4000 - 1) * 1e6, p->cal_ppm,
		        (mzg__sim_observe(p, 9000) / 9000 - 1) * 1e6,
		        p->scale, p->ext, p->na, p->k, p->doubly, p->contam);
	}
	return mzg__afile_commit(&f);
}

static int write_design(const mzg_sim *s, const char *path, int force)
{
	mzg_afile f;
	int rc;

	if ((rc = mzg__afile_open(&f, path, force)) < 0)
		return rc;
	if ((rc = mzg_design_write(f.fp, s->design)) < 0) {
		mzg__afile_abort(&f);
		return mzg__err_prefix(rc, "%s", path);
	}
	return mzg__afile_commit(&f);
}

static void writer_opts(mzg_mzw_opts *mo, const mzg_sim *s,
                        const mzg_sim_write_opts *w, const char *run_id,
                        char *note, size_t note_size)
{
	memset(mo, 0, sizeof *mo);
	mo->enc = w->encoding == MZG_SIM_ENC_NONE ? MZG_MZW_NONE :
	          w->encoding == MZG_SIM_ENC_NUMPRESS ? MZG_MZW_NUMPRESS : MZG_MZW_ZLIB;
	mo->centroid = s->opts.centroid;
	mo->run_id = run_id;
	mo->window_lo = s->opts.mz_min;
	mo->window_hi = s->opts.mz_max;
	snprintf(note, note_size, "simulated by mzgeno simulate: design %s, %d pads, seed %llu",
	         s->design->source ? s->design->source : "?", s->opts.wells,
	         (unsigned long long)s->opts.seed);
	mo->note = note;
}

static void progress(const mzg_sim_write_opts *w, size_t done, size_t total)
{
	if (w->progress)
		w->progress(w->payload, done, total);
}

static int write_chip(const mzg_sim *s, const char *path,
                      const mzg_sim_write_opts *w)
{
	mzg_mzw *mw = NULL;
	mzg_mzw_opts mo;
	mzg_spectrum sp;
	char note[256];
	size_t i;
	int rc;

	mzg_spectrum_init(&sp);
	writer_opts(&mo, s, w, "chip", note, sizeof note);
	if ((rc = mzg__mzw_open(&mw, path, w->force, s->n_pads, &mo)) < 0)
		goto out;
	for (i = 0; i < s->n_pads; i++) {
		if ((rc = mzg_sim_spectrum(&sp, s, i)) < 0 ||
		    (rc = mzg__mzw_add(mw, &sp)) < 0)
			goto out;
		progress(w, i + 1, s->n_pads);
	}
	rc = mzg__mzw_finish(mw);
	mw = NULL;
out:
	mzg__mzw_abort(mw);
	mzg_spectrum_free(&sp);
	return rc;
}

static int write_one_well(const mzg_sim *s, const char *dir, size_t i,
                          const mzg_sim_write_opts *w, mzg_spectrum *sp)
{
	mzg_mzw *mw = NULL;
	mzg_mzw_opts mo;
	char note[256], name[32], run_id[32];
	char *path;
	int rc;

	snprintf(name, sizeof name, "%s.mzML", s->pads[i].well);
	snprintf(run_id, sizeof run_id, "pad_%s", s->pads[i].well);
	if (!(path = mzg__path_join(dir, name)))
		return mzg__err(MZG_ENOMEM, "out of memory");
	writer_opts(&mo, s, w, run_id, note, sizeof note);
	if ((rc = mzg_sim_spectrum(sp, s, i)) < 0 ||
	    (rc = mzg__mzw_open(&mw, path, w->force, 1, &mo)) < 0 ||
	    (rc = mzg__mzw_add(mw, sp)) < 0)
		goto out;
	rc = mzg__mzw_finish(mw);
	mw = NULL;
out:
	mzg__mzw_abort(mw);
	free(path);
	return rc;
}

static int write_wells(const mzg_sim *s, const char *dir,
                       const mzg_sim_write_opts *w)
{
	mzg_spectrum sp;
	size_t i;
	int rc = mzg__mkdir_p(dir);

	mzg_spectrum_init(&sp);
	for (i = 0; rc == MZG_OK && i < s->n_pads; i++) {
		rc = write_one_well(s, dir, i, w, &sp);
		progress(w, i + 1, s->n_pads);
	}
	mzg_spectrum_free(&sp);
	return rc;
}

/* Refuse before writing anything when a target exists and !force. */
static int check_targets(const mzg_sim *s, const char *dir, const char *spec,
                         const mzg_sim_write_opts *w)
{
	static const char *fixed[] = { "plate.tsv", "truth.tsv", "pads.tsv",
	                               "design.tsv", "chip.mzML" };
	char name[32];
	size_t i, n = s->n_pads + MZG_ARRAY_LEN(fixed);
	int rc = MZG_OK;

	for (i = 0; i < n && rc == MZG_OK && !w->force; i++) {
		char *path;

		if (i < MZG_ARRAY_LEN(fixed)) {
			if (i == 4 && w->per_well_files)
				continue;
			path = mzg__path_join(dir, fixed[i]);
		} else if (w->per_well_files) {
			snprintf(name, sizeof name, "%s.mzML",
			         s->pads[i - MZG_ARRAY_LEN(fixed)].well);
			path = mzg__path_join(spec, name);
		} else {
			break;
		}
		if (!path)
			return mzg__err(MZG_ENOMEM, "out of memory");
		if (access(path, F_OK) == 0)
			rc = mzg__err(MZG_EEXIST, "%s exists (use --force to overwrite)",
			              path);
		free(path);
	}
	return rc;
}

int mzg_sim_write(const mzg_sim *s, const char *dir,
                  const mzg_sim_write_opts *wo)
{
	mzg_sim_write_opts defaults;
	const mzg_sim_write_opts *w = wo;
	char *plate = NULL, *truth = NULL, *pads = NULL, *chip = NULL, *spec = NULL;
	char *design = NULL;
	int rc;

	if (!w) {
		mzg_sim_write_opts_init(&defaults);
		w = &defaults;
	}
	if ((rc = mzg__mkdir_p(dir)) < 0)
		return rc;
	plate = mzg__path_join(dir, "plate.tsv");
	truth = mzg__path_join(dir, "truth.tsv");
	pads = mzg__path_join(dir, "pads.tsv");
	chip = mzg__path_join(dir, "chip.mzML");
	spec = mzg__path_join(dir, "spectra");
	design = mzg__path_join(dir, "design.tsv");
	if (!plate || !truth || !pads || !chip || !spec || !design) {
		rc = mzg__err(MZG_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = check_targets(s, dir, spec, w)) < 0 ||
	    (rc = write_plate(s, plate, w->force)) < 0 ||
	    (rc = write_truth(s, truth, w->force)) < 0 ||
	    (rc = write_pads(s, pads, w->force)) < 0 ||
	    (rc = write_design(s, design, w->force)) < 0)
		goto out;
	/* the other layout's files from an earlier run would be read too */
	if (access(w->per_well_files ? chip : spec, F_OK) == 0)
		mzg__log(MZG_LOG_WARN, "%s from an earlier run is left in place; "
		         "remove it before calling %s", w->per_well_files ? chip : spec,
		         dir);
	rc = w->per_well_files ? write_wells(s, spec, w) : write_chip(s, chip, w);
out:
	free(plate);
	free(truth);
	free(pads);
	free(chip);
	free(spec);
	free(design);
	return rc;
}
