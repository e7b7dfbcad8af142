/*
 * fuzz_process.c -- fuzz target for the processing chain (mzg_process).
 *
 * Input layout: byte 0 picks the representation and options, bytes 1..3
 * the windows; the rest is either raw (m/z, intensity) pairs of doubles
 * (any bits: NaN, infinities, huge, unsorted) or, when byte 0 asks for a
 * grid, 16-bit intensities on a regular TOF-like grid so the whole chain
 * runs on plausible data with hostile values. The promises of
 * mzg_process() are checked: it returns 0 or an input error, and on
 * success the output is consistent (points within the input, positive
 * noise, peaks sorted, inside the window, with finite values).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mzgeno/error.h"
#include "mzgeno/process.h"

#define MAX_POINTS 20000

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_process: %s\n", what);
	abort();
}

static void options(mzg_proc_opts *o, const uint8_t *h)
{
	mzg_proc_opts_init(o);
	if (h[0] & 4)
		(void)mzg_proc_opts_preset(o, "maldiquant");
	o->transform = (h[0] >> 3) & 1;
	o->noise_global = (h[0] >> 4) & 1;
	o->interpolate = (h[0] >> 5) & 1;
	if (h[0] & 0x80) /* the other noise estimate than the preset's */
		o->noise_mask = !o->noise_mask;
	if (h[1] & 0x80) {
		o->sg_hws = 1 + (h[1] & 0x0f);
		o->peak_hws = 1 + ((h[1] >> 4) & 0x07);
		o->snip_iterations = h[2];
	}
	if (h[3] & 1)
		o->mz_min = o->mz_max = 0;
	if (h[3] & 2)
		o->resolution = 100 + 10 * (double)(h[3] >> 2);
}

static size_t fill(mzg_spectrum *s, const uint8_t *data, size_t size, int grid)
{
	size_t n = 0, i;

	if (grid) {
		n = size / 2 < MAX_POINTS ? size / 2 : MAX_POINTS;
		if (mzg_spectrum_reserve(s, n) < 0)
			return 0;
		for (i = 0; i < n; i++) {
			double t = (double)i / (n ? (double)n : 1);
			int16_t v;
			memcpy(&v, data + 2 * i, 2);
			s->mz[i] = (60 + 40 * t) * (60 + 40 * t);
			s->intensity[i] = v;
		}
		return n;
	}
	n = size / 16 < MAX_POINTS ? size / 16 : MAX_POINTS;
	if (mzg_spectrum_reserve(s, n) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		memcpy(&s->mz[i], data + 16 * i, 8);
		memcpy(&s->intensity[i], data + 16 * i + 8, 8);
	}
	return n;
}

static void check(const mzg_processed *p, const mzg_spectrum *s,
                  const mzg_proc_opts *o)
{
	size_t i;

	if (p->n > s->n)
		fail("more points out than in");
	for (i = 0; i < p->n; i++)
		if (!(p->noise[i] > 0) || !isfinite(p->noise[i]) ||
		    !isfinite(p->signal[i]))
			fail("noise not positive and finite or signal not finite");
	for (i = 0; i < p->n_peaks; i++) {
		const mzg_peak *k = &p->peaks[i];
		if (!isfinite(k->mz) || !isfinite(k->intensity) || isnan(k->snr))
			fail("peak with a non-finite value");
		if (i && k->mz < p->peaks[i - 1].mz)
			fail("peaks not sorted");
		if (!p->centroid && k->index >= p->n)
			fail("peak index outside the arrays");
		if ((o->mz_min > 0 && k->mz < o->mz_min - 1) ||
		    (o->mz_max > 0 && k->mz > o->mz_max + 1))
			fail("peak outside the analysis window");
		if (!(k->fwhm >= 0) || !(k->area >= 0))
			fail("negative width or area");
	}
	if (!(p->resolution > 0))
		fail("no resolution");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mzg_spectrum s;
	mzg_processed p;
	mzg_proc_opts o;
	int rc;

	if (size < 4)
		return 0;
	mzg_spectrum_init(&s);
	mzg_processed_init(&p);
	options(&o, data);
	s.repr = (mzg_repr)(data[0] & 3) == 3 ? MZG_REPR_PROFILE
	                                      : (mzg_repr)(data[0] & 3);
	s.n = fill(&s, data + 4, size - 4, (data[0] >> 6) & 1);
	rc = mzg_process(&p, &s, &o);
	if (rc == MZG_OK)
		check(&p, &s, &o);
	else if (rc != MZG_EDATA && rc != MZG_EINVAL && rc != MZG_ENOMEM)
		fail("unexpected status");
	/* once more into the same buffers: reuse must be safe */
	if (mzg_process(&p, &s, &o) == MZG_OK)
		check(&p, &s, &o);
	mzg_processed_free(&p);
	mzg_spectrum_free(&s);
	return 0;
}
