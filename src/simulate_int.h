/*
 * simulate_int.h -- private to simulate*.c: the random number generator
 * and helpers shared between the layout, the spectrum renderer and the
 * writer.
 *
 * The generator is xoshiro256** (Blackman & Vigna, 2018) seeded through
 * splitmix64, written here so the simulator's output depends on nothing but
 * the seed: same seed, same bytes, on every libc. Each pad renders from its
 * own stream (seed, pad), so the order of generation does not matter.
 */
#ifndef MZG_SIMULATE_INT_H
#define MZG_SIMULATE_INT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "mzgeno/simulate.h"

typedef struct mzg_rng {
	uint64_t s[4];
} mzg_rng;

static inline uint64_t mzg__splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Seed stream @p stream of seed @p seed (streams are independent). */
static inline void mzg__rng_seed(mzg_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * UINT64_C(0xd1342543de82ef95));
	int i;

	(void)mzg__splitmix64(&x);
	for (i = 0; i < 4; i++)
		r->s[i] = mzg__splitmix64(&x);
}

static inline uint64_t mzg__rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t mzg__rng_next(mzg_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = mzg__rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = mzg__rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1), 53 bits. */
static inline double mzg__rng_unif(mzg_rng *r)
{
	return (double)(mzg__rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi). */
static inline double mzg__rng_range(mzg_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * mzg__rng_unif(r);
}

/* Uniform integer in [0, n), n > 0 (multiply-shift, bias < 2^-32 for our n). */
static inline size_t mzg__rng_below(mzg_rng *r, size_t n)
{
	return (size_t)((mzg__rng_next(r) >> 32) * (uint64_t)n >> 32);
}

/* Bernoulli(p). */
static inline int mzg__rng_chance(mzg_rng *r, double p)
{
	return p > 0 && mzg__rng_unif(r) < p;
}

/* Standard normal (Box-Muller; one value per call, for simplicity). */
static inline double mzg__rng_normal(mzg_rng *r)
{
	double u1 = 1.0 - mzg__rng_unif(r); /* (0, 1] */
	double u2 = mzg__rng_unif(r);

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Poisson(mean) for the small means used here (Knuth). */
static inline unsigned mzg__rng_poisson(mzg_rng *r, double mean)
{
	double l, p = 1.0;
	unsigned k = 0;

	if (!(mean > 0))
		return 0;
	l = exp(-mean);
	for (;;) {
		p *= mzg__rng_unif(r);
		if (p <= l || k >= 1000)
			return k;
		k++;
	}
}

/* Stream numbers: the layout uses stream 0, pad i renders from 1 + i. */
#define MZG_SIM_STREAM_LAYOUT 0u
#define MZG_SIM_STREAM_PAD(i) ((uint64_t)(i) + 1u)

/* Reference mass of the response model (Da). */
#define MZG_SIM_REF_MASS 5000.0

/* Detector/desorption response at mass @p m (1 at the reference mass). */
double mzg__sim_response(const mzg_sim_opts *o, double m);

/* Baseline of pad @p p at m/z @p mz (counts). */
double mzg__sim_baseline(const mzg_sim_opts *o, const mzg_sim_pad *p,
                         double mz);

/* Model noise sd of pad @p p at m/z @p mz without analyte (counts). */
double mzg__sim_noise_sd(const mzg_sim_opts *o, const mzg_sim_pad *p,
                         double mz);

/* Observed m/z of true m/z @p mz on pad @p p. */
double mzg__sim_observe(const mzg_sim_pad *p, double mz);

/* simulate_pads.c: chip layout (pads, roles, sample IDs; sets n_pads,
 * pads[].well/sample/role/plex/sample_index and n_samples/sample_ids),
 * then each pad's parameters and truth (after the genotypes are drawn). */
int mzg__sim_layout(mzg_sim *s, mzg_rng *r);
int mzg__sim_pads(mzg_sim *s, mzg_rng *r);

/* The 3-point calibration error model: errors (ppm) at the low end, middle
 * and high end of the window in sqrt(m) -> cal[3] coefficients. */
void mzg__sim_cal_coef(double cal[3], const mzg_sim_opts *o, double e_lo,
                       double e_mid, double e_hi);

#endif
