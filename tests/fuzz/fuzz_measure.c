/*
 * fuzz_measure.c -- fuzz target for recalibration and targeted
 * measurement (mzg_calibrate, mzg_measure_targets).
 *
 * Input layout: a 6-byte header (flags; counts of UEP masses, targets and
 * peaks; resolution; smoothing), then the UEP masses (doubles), the
 * targets (double mass, kind, assay, allele bytes), the peaks (mz,
 * intensity, snr, fwhm doubles: any bits, NaN, infinities, unsorted) and
 * the rest as 16-bit signal values on a TOF grid (3500..9500 Da, uniform
 * in sqrt(m); flag 0x20 sprinkles NaN and infinity), so the joint fit
 * runs on plausible data with hostile values. Checked promises: both return 0; a calibration is either bad
 * with a reason and the identity, or good with finite figures and an
 * invertible model over the UEP range; every measurement is finite with
 * height, SNR, area and tolerance >= 0 and only known flags.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mzgeno/calib.h"
#include "mzgeno/measure.h"

#define MAX_REF 32
#define MAX_TGT 96
#define MAX_PK 128
#define MAX_SIG 20000
#define ALL_FLAGS 0x3fu

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_measure: %s\n", what);
	abort();
}

/* Read a double (memcpy: any alignment, any bits). */
static double rd(const uint8_t **d, size_t *n)
{
	double v = 0;

	if (*n >= sizeof v) {
		memcpy(&v, *d, sizeof v);
		*d += sizeof v;
		*n -= sizeof v;
	}
	return v;
}

static void check_calib(const mzg_calib *c, const double *ref, size_t nr)
{
	size_t i;

	if (memchr(c->reason, 0, sizeof c->reason) == NULL)
		fail("reason not terminated");
	if (!c->ok) {
		if (c->model != MZG_CAL_NONE || mzg_calib_apply(c, 5000) != 5000 ||
		    c->reason[0] == 0)
			fail("bad calibration not the identity, or no reason");
		return;
	}
	if (c->model == MZG_CAL_NONE || c->reason[0] || c->n_calibrants == 0 ||
	    !isfinite(c->residual_ppm) || !isfinite(c->rms_ppm) ||
	    !isfinite(c->shift_ppm))
		fail("good calibration with bad figures");
	for (i = 0; i < nr; i++) {
		double m = ref[i], x;
		if (!(m >= 1 && m <= 1e7)) /* masses mzg_calibrate uses */
			continue;
		x = mzg_calib_invert(c, m);
		if (!isfinite(x) || fabs(mzg_calib_apply(c, x) - m) > 1e-6 * m) {
			fprintf(stderr, "UEP %.17g -> %.17g, model %d\n", m, x,
			        c->model);
			fail("calibration not invertible at a UEP");
		}
	}
}

static void check_measures(const mzg_measure *m, const mzg_target *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(m[i].height >= 0) || !isfinite(m[i].height) ||
		    !(m[i].snr >= 0) || !isfinite(m[i].snr) ||
		    !(m[i].area >= 0) || !isfinite(m[i].area) ||
		    !(m[i].tol_da >= 0) || !isfinite(m[i].err_ppm) ||
		    (m[i].flags & ~ALL_FLAGS)) {
			fprintf(stderr, "target %zu: height %g snr %g area %g "
			        "tol %g err %g flags %x\n", i, m[i].height, m[i].snr,
			        m[i].area, m[i].tol_da, m[i].err_ppm, m[i].flags);
			fail("measurement out of range");
		}
		if (isfinite(t[i].mass) && !isfinite(m[i].mz_obs))
			fail("observed mass not finite");
	}
}

/* The processed spectrum: a TOF grid with the remaining bytes as signal. */
static void make_processed(mzg_processed *p, const uint8_t *h,
                           const uint8_t *d, size_t n, double *buf)
{
	size_t i, ns = n / 2 > MAX_SIG ? MAX_SIG : n / 2;
	double a = sqrt(3500.0), b = sqrt(9500.0);

	memset(p, 0, sizeof *p);
	p->mz = buf;
	p->signal = buf + MAX_SIG;
	p->baseline = buf + 2 * MAX_SIG;
	p->noise = buf + 3 * MAX_SIG;
	for (i = 0; i < ns; i++) {
		double t = ns > 1 ? a + (b - a) * (double)i / (double)(ns - 1) : a;
		p->mz[i] = t * t;
		p->signal[i] = (double)(d[2 * i] | d[2 * i + 1] << 8) - 2000;
		if ((h[0] & 0x20) && i % 97 == 13)
			p->signal[i] = i % 2 ? NAN : INFINITY;
		p->baseline[i] = 0;
		p->noise[i] = (h[0] & 0x40) ? 0 : 1 + (h[0] >> 7) * 20;
	}
	p->n = ns;
	p->noise_median = (h[0] & 0x40) ? 0 : 1;
	p->resolution = h[4] ? 100.0 + 10.0 * h[4] : 0;
	p->smooth_hws = (h[5] & 15) * 0.3;
	p->smooth_order = h[5] >> 4;
	p->centroid = h[0] & 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static double buf[4 * MAX_SIG];
	double ref[MAX_REF];
	mzg_target t[MAX_TGT];
	mzg_peak pk[MAX_PK];
	mzg_measure m[MAX_TGT];
	mzg_measure_opts mo;
	mzg_processed p;
	mzg_calib c;
	const uint8_t *h = data, *d;
	size_t nr, nt, np, i, n;

	if (size < 6)
		return 0;
	d = data + 6;
	n = size - 6;
	nr = h[1] % (MAX_REF + 1);
	nt = h[2] % (MAX_TGT + 1);
	np = h[3] % (MAX_PK + 1);
	for (i = 0; i < nr; i++)
		ref[i] = rd(&d, &n);
	for (i = 0; i < nt; i++) {
		t[i].mass = rd(&d, &n);
		t[i].kind = (mzg_target_kind)(n >= 1 ? d[0] % 6 : 0);
		t[i].assay = n >= 2 ? d[1] % 8 : 0;
		t[i].allele = n >= 3 ? (int)(d[2] % 5) - 1 : -1;
		d += n >= 3 ? 3 : n;
		n -= n >= 3 ? 3 : n;
	}
	for (i = 0; i < np; i++) {
		memset(&pk[i], 0, sizeof pk[i]);
		pk[i].mz = rd(&d, &n);
		pk[i].intensity = rd(&d, &n);
		pk[i].snr = rd(&d, &n);
		pk[i].fwhm = rd(&d, &n);
	}
	if (mzg_calibrate(&c, pk, np, ref, nr, NULL) != 0)
		fail("mzg_calibrate failed");
	check_calib(&c, ref, nr);
	make_processed(&p, h, d, n, buf);
	p.peaks = pk;
	p.n_peaks = np;
	mzg_measure_opts_init(&mo);
	mo.joint_fit = !(h[0] & 2);
	mo.adduct_split = !(h[0] & 4);
	mo.tol_da = (h[0] & 8) ? 3 : 0;
	if (mzg_measure_targets(m, &p, (h[0] & 16) ? NULL : &c, t, nt, &mo) != 0)
		fail("mzg_measure_targets failed");
	check_measures(m, t, nt);
	return 0;
}
