/*
 * run_opts.c -- pipeline options (--param routing), the provenance list
 * of every effective parameter, and the expansion of input paths.
 *
 * `mzgeno call --param KEY=VALUE` reaches four option structs; this file
 * routes each key to the stage that owns it (processing, calibration,
 * measurement, calling; each stage validates its own values) and lists
 * every option back as text for qc.json, so a report records exactly how
 * its calls were made.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run_priv.h"

enum ptype { P_DOUBLE, P_INT, P_SIZE };

/* One option of the processing, calibration or measurement stage. */
typedef struct pdef {
	const char *stage, *name;
	size_t off;
	enum ptype type;
} pdef;

#define PD(st, f) { #st, #f, offsetof(mzg_run_opts, st.f), P_DOUBLE }
#define PI(st, f) { #st, #f, offsetof(mzg_run_opts, st.f), P_INT }
#define PS(st, f) { #st, #f, offsetof(mzg_run_opts, st.f), P_SIZE }

static const pdef params[] = {
	PD(proc, resolution), PD(proc, mz_min), PD(proc, mz_max),
	PI(proc, transform), PI(proc, sg_order), PI(proc, sg_hws),
	PI(proc, snip_iterations), PD(proc, snip_da),
	PI(proc, snip_decreasing), PI(proc, baseline_centre),
	PI(proc, noise_global), PD(proc, noise_window_da),
	PI(proc, noise_stride), PI(proc, noise_mask), PI(proc, peak_hws),
	PD(proc, peak_snr),
	PI(proc, interpolate), PI(proc, clamp_negative),
	PD(calib, search_rel), PD(calib, match_da), PD(calib, min_snr),
	PS(calib, min_calibrants), PD(calib, min_fraction),
	PS(calib, min_fit), PS(calib, min_quad), PD(calib, reject_ppm),
	PD(calib, max_residual_ppm),
	PD(measure, tol_fwhm), PD(measure, tol_gap), PD(measure, tol_da),
	PI(measure, joint_fit), PD(measure, fit_link), PD(measure, min_snr),
	PD(measure, resolution), PI(measure, adduct_split),
	PD(measure, tie_fwhm),
};

void mzg_run_opts_init(mzg_run_opts *o)
{
	memset(o, 0, sizeof(*o));
	mzg_proc_opts_init(&o->proc);
	mzg_calib_opts_init(&o->calib);
	mzg_measure_opts_init(&o->measure);
	mzg_call_opts_init(&o->call);
	o->threads = 1;
	o->checksum = 1;
	o->design_window = 1;
}

/* run.design_window / run.checksum: 0 or 1. */
static int set_run(mzg_run_opts *o, const char *name, const char *value)
{
	int *f = !strcmp(name, "design_window") ? &o->design_window
	         : !strcmp(name, "checksum") ? &o->checksum : NULL;

	if (!f)
		return mzg__err(MZG_ENOTFOUND, "unknown parameter 'run.%s' "
		                "(run.design_window, run.checksum)", name);
	if (strcmp(value, "0") && strcmp(value, "1"))
		return mzg__err(MZG_EINVAL, "run.%s: expected 0 or 1, got '%s'",
		                name, value);
	*f = value[0] == '1';
	return MZG_OK;
}

/* Set @p name in stage @p stage with that stage's own setter. */
static int set_in(mzg_run_opts *o, const char *stage, const char *name,
                  const char *value)
{
	if (!strcmp(stage, "proc"))
		return mzg_proc_opts_set(&o->proc, name, value);
	if (!strcmp(stage, "calib"))
		return mzg_calib_opts_set(&o->calib, name, value);
	if (!strcmp(stage, "measure"))
		return mzg_measure_opts_set(&o->measure, name, value);
	if (!strcmp(stage, "call"))
		return mzg_call_opts_set(&o->call, name, value);
	if (!strcmp(stage, "run"))
		return set_run(o, name, value);
	return mzg__err(MZG_ENOTFOUND, "unknown parameter stage '%s' "
	                "(proc, calib, measure, call, run)", stage);
}

/* The stage of a bare option name; NULL when unknown; "" when ambiguous
 * (then @p first / @p second name two stages). */
static const char *stage_of(const char *name, const char **first,
                            const char **second)
{
	mzg_call_opts tmp;
	const char *keys[64];
	char vals[64][32];
	size_t i, n;
	const char *found = NULL;

	*first = *second = NULL;
	for (i = 0; i < MZG_ARRAY_LEN(params); i++)
		if (!strcmp(params[i].name, name)) {
			if (found) {
				*first = found;
				*second = params[i].stage;
				return "";
			}
			found = params[i].stage;
		}
	mzg_call_opts_init(&tmp);
	n = mzg_call_opts_dump(keys, vals, 64, &tmp);
	for (i = 0; i < n && i < 64; i++)
		if (!strcmp(keys[i], name)) {
			if (found) {
				*first = found;
				*second = "call";
				return "";
			}
			found = "call";
		}
	return found;
}

int mzg_run_opts_set(mzg_run_opts *o, const char *key, const char *value)
{
	const char *dot = strchr(key, '.'), *st, *a, *b;
	char stage[16];

	if (dot) {
		size_t n = (size_t)(dot - key);

		if (n >= sizeof(stage))
			return mzg__err(MZG_ENOTFOUND, "unknown parameter '%s'",
			                key);
		memcpy(stage, key, n);
		stage[n] = '\0';
		return set_in(o, stage, dot + 1, value);
	}
	st = stage_of(key, &a, &b);
	if (!st)
		return mzg__err(MZG_ENOTFOUND, "unknown parameter '%s' (see "
		                "docs/calling.md for the list)", key);
	if (!*st)
		return mzg__err(MZG_EINVAL, "parameter '%s' is ambiguous: say "
		                "%s.%s or %s.%s", key, a, key, b, key);
	return set_in(o, st, key, value);
}

/* Append one key/value pair to r->params. */
static int add_param(mzg_run *r, size_t *cap, const char *stage,
                     const char *name, const char *value)
{
	void *p = r->params;
	mzg_param *e;

	if (mzg__grow(&p, cap, r->n_params + 1, sizeof(mzg_param)) < 0)
		return MZG_ENOMEM;
	r->params = p;
	e = &r->params[r->n_params];
	e->key = mzg__asprintf("%s.%s", stage, name);
	e->value = mzg__strdup(value);
	r->n_params++;
	if (!e->key || !e->value)
		return mzg__err(MZG_ENOMEM, "out of memory");
	return MZG_OK;
}

int mzg__run_params(mzg_run *r, const mzg_run_opts *o)
{
	const char *keys[64];
	char vals[64][32], buf[48];
	size_t i, n, cap = 0;
	int rc = MZG_OK;

	for (i = 0; i < MZG_ARRAY_LEN(params) && rc >= 0; i++) {
		const char *f = (const char *)o + params[i].off;

		if (params[i].type == P_DOUBLE)
			snprintf(buf, sizeof(buf), "%.10g",
			         *(const double *)(const void *)f);
		else if (params[i].type == P_INT)
			snprintf(buf, sizeof(buf), "%d",
			         *(const int *)(const void *)f);
		else
			snprintf(buf, sizeof(buf), "%zu",
			         *(const size_t *)(const void *)f);
		rc = add_param(r, &cap, params[i].stage, params[i].name, buf);
	}
	n = mzg_call_opts_dump(keys, vals, 64, &o->call);
	for (i = 0; i < n && i < 64 && rc >= 0; i++)
		rc = add_param(r, &cap, "call", keys[i], vals[i]);
	snprintf(buf, sizeof(buf), "%d", o->threads > 1 ? o->threads : 1);
	if (rc >= 0)
		rc = add_param(r, &cap, "run", "threads", buf);
	if (rc >= 0)
		rc = add_param(r, &cap, "run", "design_window",
		               o->design_window ? "1" : "0");
	if (rc >= 0)
		rc = add_param(r, &cap, "run", "checksum",
		               o->checksum ? "1" : "0");
	return rc;
}

/* Does @p name end in .mzML or .mzML.gz (any case)? */
static int is_mzml_name(const char *name)
{
	size_t n = strlen(name);

	if (n > 5 && mzg__strcaseeq(name + n - 5, ".mzml"))
		return 1;
	return n > 8 && mzg__strcaseeq(name + n - 8, ".mzml.gz");
}

/* Add one input path. */
static int add_input(mzg_run *r, size_t *cap, char *path)
{
	void *p = r->inputs;

	if (!path)
		return mzg__err(MZG_ENOMEM, "out of memory");
	if (mzg__grow(&p, cap, r->n_inputs + 1, sizeof(mzg_input)) < 0) {
		free(path);
		return MZG_ENOMEM;
	}
	r->inputs = p;
	memset(&r->inputs[r->n_inputs], 0, sizeof(mzg_input));
	r->inputs[r->n_inputs++].path = path;
	return MZG_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the mzML files of directory @p dir, sorted by name. */
static int add_dir(mzg_run *r, size_t *cap, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, ncap = 0, i;
	int rc = MZG_OK;

	if (!d)
		return mzg__err(MZG_EIO, "%s: cannot open directory: %s", dir,
		                strerror(errno));
	while ((e = readdir(d)) && rc >= 0) {
		void *p = names;

		if (e->d_name[0] == '.' || !is_mzml_name(e->d_name))
			continue;
		if ((rc = mzg__grow(&p, &ncap, n + 1, sizeof(char *))) < 0)
			break;
		names = p;
		if (!(names[n++] = mzg__path_join(dir, e->d_name)))
			rc = mzg__err(MZG_ENOMEM, "out of memory");
	}
	closedir(d);
	if (rc >= 0 && n == 0)
		rc = mzg__err(MZG_ENOTFOUND, "%s: no .mzML or .mzML.gz files "
		              "in this directory", dir);
	if (rc >= 0)
		qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++) {
		if (rc >= 0)
			rc = add_input(r, cap, names[i]);
		else
			free(names[i]);
	}
	free(names);
	return rc;
}

int mzg__run_inputs(mzg_run *r, const char *const *inputs, size_t n)
{
	size_t i, cap = 0;
	struct stat st;
	int rc = MZG_OK;

	if (n == 0)
		return mzg__err(MZG_EINVAL, "no input files");
	for (i = 0; i < n && rc >= 0; i++) {
		if (stat(inputs[i], &st) < 0)
			return mzg__err(MZG_EIO, "%s: %s", inputs[i],
			                strerror(errno));
		if (S_ISDIR(st.st_mode))
			rc = add_dir(r, &cap, inputs[i]);
		else
			rc = add_input(r, &cap, mzg__strdup(inputs[i]));
		if (rc >= 0 && !S_ISDIR(st.st_mode))
			r->inputs[r->n_inputs - 1].size = (uint64_t)st.st_size;
	}
	return rc;
}
