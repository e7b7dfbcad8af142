/*
 * synth.h -- synthetic spectra for the unit tests (not the product's
 * simulator): Gaussian peaks of FWHM m/R on a TOF-uniform grid (uniform in
 * sqrt(m)), an exponential baseline, Gaussian noise from a fixed-seed RNG,
 * an optional mass distortion (shift + quadratic, in ppm) and clipping.
 * Also an 8-assay iPLEX test multiplex with its expected species.
 */
#ifndef MZG_TEST_SYNTH_H
#define MZG_TEST_SYNTH_H

#include <stddef.h>

#include "mzgeno/design.h"
#include "mzgeno/process.h"
#include "mzgeno/spectrum.h"

/* One synthetic peak: true mass and height above baseline. */
typedef struct synth_peak {
	double mass, height;
} synth_peak;

typedef struct synth_opts {
	double mz_lo, mz_hi;  /* axis range (3500..9500) */
	size_t n;             /* points, uniform in sqrt(m) (20000) */
	double resolution;    /* FWHM = m / resolution (500) */
	double base_a;        /* baseline base_a exp(-(m - mz_lo) / base_tau) */
	double base_tau;      /*   + base_c  (200, 1500, 20) */
	double base_c;
	double noise_sd;      /* additive Gaussian noise SD (2) */
	unsigned long seed;   /* RNG seed (1) */
	double shift_ppm;     /* observed = true (1 + 1e-6 (shift_ppm + */
	double quad_ppm;      /*   quad_ppm ((true - 6500) / 2500)^2)) (0, 0) */
	double clip;          /* clip raw intensity at this level; 0 = off */
} synth_opts;

void synth_opts_init(synth_opts *o);

/* Where a true mass appears on the observed axis. */
double synth_distort(const synth_opts *o, double m_true);

/* A profile spectrum (repr PROFILE) holding the peaks. 0 or MZG_ENOMEM. */
int synth_spectrum(mzg_spectrum *s, const synth_opts *o,
                   const synth_peak *pk, size_t n);

/* A processed spectrum built directly (no smoothing/baseline): signal =
 * peaks + noise, baseline 0, noise = noise_sd, peaks by a local-maximum
 * search (SNR >= 3, Gaussian 3-point apex, fwhm = m / R). Free with
 * synth_processed_free(). 0 or MZG_ENOMEM. */
int synth_processed(mzg_processed *p, const synth_opts *o,
                    const synth_peak *pk, size_t n);
void synth_processed_free(mzg_processed *p);

/* ---- the test multiplex ---- */

#define SYNTH_N_ASSAYS 8

/* iPLEX mass of the extension product of allele @p base on UEP @p uep. */
double synth_ext_mass(double uep, char base);

/* The test multiplex (8 assays, UEPs 4.5..8.1 kDa, A/G pairs 16 Da apart
 * among them). Static storage; do not free. */
const mzg_plex *synth_plex(void);

/* The UEP masses of synth_plex(), ascending (SYNTH_N_ASSAYS of them). */
const double *synth_ueps(void);

/* Peaks of one pad: for assay i, UEP height uep[i], allele heights
 * a1[i], a2[i]; Na and K adducts of every species at na and k times its
 * height. Fills up to cap peaks, returns the count. */
size_t synth_pad(synth_peak *out, size_t cap, const double *uep,
                 const double *a1, const double *a2, double na, double k);

#endif
