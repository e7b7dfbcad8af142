/*
 * procopts.c -- processing options: defaults, presets, key=value setting.
 *
 * The defaults are the recommended chain of reference/algorithms.md §6:
 * windows derived from the peak width (resolution estimated per spectrum),
 * SG order 3 at 0.5 FWHM, SNIP to ~80 Da, MAD noise in 200 Da windows,
 * local maxima over 1 FWHM, SNR 3, Gaussian sub-sample apex, analysis
 * window 3500..9500 Da. The "maldiquant" preset is MALDIquant 1.22's chain
 * with fixed point windows, used to check the stages against MALDIquant.
 * Options are set by field name, so `--param sg_hws=6` names the field
 * documented in process.h.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "mzgeno/process.h"

void mzg_proc_opts_init(mzg_proc_opts *o)
{
	memset(o, 0, sizeof *o);
	o->resolution = 0;
	o->mz_min = 3500;
	o->mz_max = 9500;
	o->transform = 0;
	o->sg_order = 3;
	o->sg_hws = 0;
	o->snip_iterations = 0;
	o->snip_da = 80;
	o->snip_decreasing = 1;
	o->baseline_centre = 1;
	o->noise_global = 0;
	o->noise_window_da = 200;
	o->noise_mask = 1;
	o->peak_hws = 0;
	o->peak_snr = 3;
	o->interpolate = 1;
	o->clamp_negative = 1;
}

int mzg_proc_opts_preset(mzg_proc_opts *o, const char *name)
{
	if (name && mzg__strcaseeq(name, "default")) {
		mzg_proc_opts_init(o);
		return MZG_OK;
	}
	if (name && mzg__strcaseeq(name, "maldiquant")) {
		mzg_proc_opts_init(o);
		o->mz_min = 0;
		o->mz_max = 0;
		o->sg_hws = 10;
		o->snip_iterations = 100;
		o->baseline_centre = 0;
		o->noise_global = 1;
		o->noise_stride = 1;
		o->noise_mask = 0;
		o->peak_hws = 20;
		o->peak_snr = 3;
		o->interpolate = 0;
		return MZG_OK;
	}
	return mzg__err(MZG_ENOTFOUND, "unknown processing preset '%s' "
	                "(known: default, maldiquant)", name ? name : "");
}

enum opt_type { OPT_INT, OPT_DOUBLE };

typedef struct opt_def {
	const char *key;
	enum opt_type type;
	size_t offset;
	double min, max;
} opt_def;

#define OFF(f) offsetof(mzg_proc_opts, f)
static const opt_def opt_defs[] = {
	{ "resolution", OPT_DOUBLE, OFF(resolution), 0, 1e6 },
	{ "mz_min", OPT_DOUBLE, OFF(mz_min), 0, 1e7 },
	{ "mz_max", OPT_DOUBLE, OFF(mz_max), 0, 1e7 },
	{ "transform", OPT_INT, OFF(transform), 0, 1 },
	{ "sg_order", OPT_INT, OFF(sg_order), 0, MZG_SG_MAX_ORDER },
	{ "sg_hws", OPT_INT, OFF(sg_hws), 0, 100000 },
	{ "snip_iterations", OPT_INT, OFF(snip_iterations), 0, 1000000 },
	{ "snip_da", OPT_DOUBLE, OFF(snip_da), 1e-6, 1e6 },
	{ "snip_decreasing", OPT_INT, OFF(snip_decreasing), 0, 1 },
	{ "baseline_centre", OPT_INT, OFF(baseline_centre), 0, 1 },
	{ "noise_global", OPT_INT, OFF(noise_global), 0, 1 },
	{ "noise_window_da", OPT_DOUBLE, OFF(noise_window_da), 1e-6, 1e7 },
	{ "noise_stride", OPT_INT, OFF(noise_stride), 0, 100000 },
	{ "noise_mask", OPT_INT, OFF(noise_mask), 0, 1 },
	{ "peak_hws", OPT_INT, OFF(peak_hws), 0, 100000 },
	{ "peak_snr", OPT_DOUBLE, OFF(peak_snr), 0, 1e12 },
	{ "interpolate", OPT_INT, OFF(interpolate), 0, 1 },
	{ "clamp_negative", OPT_INT, OFF(clamp_negative), 0, 1 },
};
#undef OFF

static int set_value(mzg_proc_opts *o, const opt_def *d, const char *value)
{
	double v;
	long l;

	if (d->type == OPT_INT) {
		if (!strcmp(d->key, "transform") && mzg__strcaseeq(value, "none"))
			l = 0;
		else if (!strcmp(d->key, "transform") && mzg__strcaseeq(value, "sqrt"))
			l = 1;
		else if (mzg__parse_long(value, &l) < 0)
			return mzg__err(MZG_EINVAL, "option %s: '%s' is not an integer",
			                d->key, value);
		if (l < (long)d->min || l > (long)d->max)
			return mzg__err(MZG_EINVAL, "option %s: %ld is out of range "
			                "%.0f..%.0f", d->key, l, d->min, d->max);
		*(int *)(void *)((char *)o + d->offset) = (int)l;
		return MZG_OK;
	}
	if (mzg__parse_double(value, &v) < 0)
		return mzg__err(MZG_EINVAL, "option %s: '%s' is not a number",
		                d->key, value);
	if (v < d->min || v > d->max)
		return mzg__err(MZG_EINVAL, "option %s: %g is out of range %g..%g",
		                d->key, v, d->min, d->max);
	*(double *)(void *)((char *)o + d->offset) = v;
	return MZG_OK;
}

int mzg_proc_opts_set(mzg_proc_opts *o, const char *key, const char *value)
{
	size_t i;

	if (!key || !value)
		return mzg__err(MZG_EINVAL, "option key and value are required");
	for (i = 0; i < MZG_ARRAY_LEN(opt_defs); i++)
		if (!strcmp(opt_defs[i].key, key))
			return set_value(o, &opt_defs[i], value);
	return mzg__err(MZG_ENOTFOUND, "unknown processing option '%s'", key);
}

int mzg_proc_opts_check(const mzg_proc_opts *o)
{
	size_t i;

	for (i = 0; i < MZG_ARRAY_LEN(opt_defs); i++) {
		const opt_def *d = &opt_defs[i];
		const char *p = (const char *)o + d->offset;
		double v = d->type == OPT_INT ? *(const int *)(const void *)p
		                              : *(const double *)(const void *)p;
		if (!(v >= d->min && v <= d->max))
			return mzg__err(MZG_EINVAL, "option %s: %g is out of range "
			                "%g..%g", d->key, v, d->min, d->max);
	}
	if (o->mz_min > 0 && o->mz_max > 0 && !(o->mz_max > o->mz_min))
		return mzg__err(MZG_EINVAL, "analysis window: mz_max (%g) must be "
		                "above mz_min (%g)", o->mz_max, o->mz_min);
	if (o->sg_hws > 0 && 2 * o->sg_hws + 1 <= o->sg_order)
		return mzg__err(MZG_EINVAL, "sg_hws %d is too small for order %d",
		                o->sg_hws, o->sg_order);
	return MZG_OK;
}
