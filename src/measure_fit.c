/*
 * measure_fit.c -- joint fit of overlapping expected species.
 *
 * Species closer than fit_link FWHM (allele products 16 Da apart at R
 * 500, an adduct 6 Da from the other allele) cannot be read off the
 * signal one by one: each would pick up its neighbour's flank. They are
 * fitted together as a sum of Gaussians at their fixed calibrated
 * positions, all sharing one width scale s (the nominal sigma m/R/2.3548
 * times s, s in [0.7, 1.5] by golden-section search on the residual sum
 * of squares). For each s the heights solve a non-negative linear least
 * squares problem (Lawson-Hanson active set on the normal equations, GSL
 * Cholesky with a tiny ridge), so an absent allele comes out 0, not
 * negative. Components closer than 0.2 FWHM cannot be told apart and are
 * merged (every member gets the merged height; measure.c may then split
 * it with the pad's adduct ratios). An adduct tied to its parent
 * (measure_tie.c) is never merged: its height is ratio x its parent's
 * (h = T theta + h0, the reduced system solved instead). The observed mass
 * of a fitted species is the apex of the signal after subtracting the
 * other components.
 * Building a shape (a Gaussian smoothed like the spectrum) was most of the
 * fit's cost; every cluster's search tries the same widths, so the work
 * space remembers the shapes it built (a pipeline worker keeps its work
 * space across a chip: ~2500 shapes built for 45 000 asked, results
 * identical).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "measure_int.h"

#define MERGE_FWHM MZG__MERGE_FWHM /* closer components are merged */
#define WIDTH_MIN 0.7        /* shared width scale searched in [0.7, 1.5] */
#define WIDTH_MAX 1.5
#define SHIFT_FWHM 0.12      /* common shift searched in +-0.12 FWHM */
#define WIDTH_ITER 14        /* width bracket shrinks to 0.1 % of its range */
#define FIT_PTS 12           /* points per FWHM used by the fit */
#define SHIFT_ITER 10        /* shift bracket to 0.8 % (0.002 FWHM) */

/* Savitzky-Golay smoothing weights of order q over +-m nodes: the value
 * at 0 of the least-squares polynomial, c_k = sum_j z_j t_k^j with
 * t = k / m and (sum_k t_k^(i+j)) z = e_0. Identity when the window has
 * no more points than coefficients. */
static int sg_kernel(mzg__jfit *f, size_t m, int q)
{
	double A[11][12], t;
	size_t i, j, k, n = (size_t)q + 1;

	f->sg_m = 0;
	f->sg_q = 0;
	f->sg[0] = 1;
	if (q < 0 || q > 10 || m == 0 || 2 * m + 1 <= n)
		return 0;
	for (i = 0; i < n; i++)
		for (j = 0; j <= n; j++)
			A[i][j] = j == n ? (i == 0) : 0;
	for (k = 0; k <= 2 * m; k++) {
		t = ((double)k - (double)m) / (double)m;
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				A[i][j] += pow(t, (double)(i + j));
	}
	for (i = 0; i < n; i++) { /* Gauss-Jordan; A is positive definite */
		double piv = A[i][i];
		if (!(fabs(piv) > 1e-12))
			return -1;
		for (j = i; j <= n; j++)
			A[i][j] /= piv;
		for (k = 0; k < n; k++)
			if (k != i)
				for (j = n + 1; j-- > i;)
					A[k][j] -= A[k][i] * A[i][j];
	}
	for (k = 0; k <= m; k++) {
		f->sg[k] = 0;
		for (j = 0; j < n; j++)
			f->sg[k] += A[j][n] * pow((double)k / (double)m, (double)j);
	}
	f->sg_m = m;
	f->sg_q = q;
	return 0;
}

mzg__jfit *mzg__jfit_new(size_t memo_max)
{
	mzg__jfit *f = calloc(1, sizeof *f);
	size_t slots = 1;

	if (!f)
		return NULL;
	if (memo_max > UINT32_MAX / 4)
		memo_max = UINT32_MAX / 4;
	if (memo_max) {
		while (slots < 2 * memo_max)
			slots *= 2;
		f->memo_idx = mzg__calloc_array(slots, sizeof *f->memo_idx);
		f->memo_slots = slots;
		f->memo_max = memo_max;
	}
	if (memo_max && !f->memo_idx) {
		mzg__jfit_free(f);
		return NULL;
	}
	sg_kernel(f, 0, 0);
	return f;
}

/* The smoothing kernel of half window @p m nodes and order @p q: made
 * for an earlier spectrum (a chip's pads share a few windows) or now. */
static void use_kernel(mzg__jfit *f, size_t m, int q)
{
	size_t i;

	for (i = 0; i < f->n_kern && i < MZG__KERNELS; i++)
		if (f->kern[i].m == m && f->kern[i].q == q) {
			f->sg_m = f->kern[i].sg_m;
			f->sg_q = f->kern[i].sg_q;
			memcpy(f->sg, f->kern[i].sg, (f->sg_m + 1) * sizeof *f->sg);
			return;
		}
	if (sg_kernel(f, m, q) != 0)
		sg_kernel(f, 0, 0); /* cannot happen: the matrix is definite */
	i = f->n_kern++ % MZG__KERNELS;
	f->kern[i].m = m;
	f->kern[i].q = q;
	f->kern[i].sg_m = f->sg_m;
	f->kern[i].sg_q = f->sg_q;
	memcpy(f->kern[i].sg, f->sg, (f->sg_m + 1) * sizeof *f->sg);
}

void mzg__jfit_use(mzg__jfit *f, const mzg_processed *p)
{
	double m = p->smooth_hws > 0 && isfinite(p->smooth_hws) ?
	           fmin(round(p->smooth_hws / MZG__TAB_DU), MZG__SG_MAX) : 0;

	use_kernel(f, (size_t)m, p->smooth_order);
	f->s = 0; /* no shape built for this kernel yet */
}

/* Slot of memo_idx for the shape of width scale @p s with the current
 * kernel: the one holding it, or the empty one where it would go. */
static size_t memo_slot(const mzg__jfit *f, double s)
{
	size_t mask = f->memo_slots - 1, i;
	uint64_t h;

	memcpy(&h, &s, sizeof h);
	h ^= (uint64_t)f->sg_m * 0x9E3779B97F4A7C15u ^ (uint64_t)(unsigned)f->sg_q;
	h *= 0xFF51AFD7ED558CCDu;
	for (i = (size_t)(h >> 32) & mask;; i = (i + 1) & mask) {
		const mzg__shape *e;
		if (f->memo_idx[i] == 0)
			return i;
		e = &f->memo[f->memo_idx[i] - 1];
		if (e->s == s && e->sg_m == f->sg_m && e->sg_q == f->sg_q)
			return i;
	}
}

/* Keep the shape just built in slot @p i (when there is room). */
static void memo_keep(mzg__jfit *f, size_t i)
{
	mzg__shape *e;

	if (f->n_memo >= f->memo_max ||
	    mzg__grow((void **)&f->memo, &f->cap_memo, f->n_memo + 1,
	              sizeof *f->memo) != 0)
		return; /* not remembered: only slower */
	e = &f->memo[f->n_memo++];
	e->s = f->s;
	e->sg_m = f->sg_m;
	e->sg_q = f->sg_q;
	e->area = f->tab_area;
	memcpy(e->tab, f->tab, sizeof e->tab);
	f->memo_idx[i] = (uint32_t)f->n_memo;
}

/* dtab from tab. */
static void set_steps(mzg__jfit *f)
{
	size_t j;

	for (j = 0; j + 1 < MZG__TAB_N; j++)
		f->dtab[j] = f->tab[j + 1] - f->tab[j];
	f->dtab[MZG__TAB_N - 1] = 0;
}

/* The unit-height shape for width scale s: a Gaussian of FWHM s (in
 * nominal FWHM units) smoothed with the spectrum's Savitzky-Golay kernel,
 * tabulated on nodes u = 0, 0.02, ... 3 FWHM; and its area over +-1.
 * Taken from the memo when it was built before. */
static void build_shape(mzg__jfit *f, double s)
{
	double g[MZG__TAB_N + MZG__SG_MAX + 1], a = 0;
	size_t j, k, m = f->sg_m, slot = 0;
	double c = -4 * M_LN2 / (s * s);

	f->n_asked++;
	if (f->memo_slots) {
		slot = memo_slot(f, s);
		if (f->memo_idx[slot]) {
			const mzg__shape *e = &f->memo[f->memo_idx[slot] - 1];
			memcpy(f->tab, e->tab, sizeof f->tab);
			f->tab_area = e->area;
			f->s = s;
			set_steps(f);
			return;
		}
	}
	f->n_built++;

	for (j = 0; j < MZG__TAB_N + m; j++) {
		double u = (double)j * MZG__TAB_DU;
		g[j] = exp(c * u * u);
	}
	for (j = 0; j < MZG__TAB_N; j++) {
		double v = f->sg[0] * g[j];
		for (k = 1; k <= m; k++)
			v += f->sg[k] * (g[j + k] + g[j > k ? j - k : k - j]);
		f->tab[j] = v;
	}
	for (j = MZG__TAB_N; j-- > 0;)
		f->tab[j] /= f->tab[0];
	for (j = 0; j < (size_t)(1 / MZG__TAB_DU + 0.5); j++)
		a += 0.5 * (f->tab[j] + f->tab[j + 1]) * MZG__TAB_DU;
	f->tab_area = 2 * a;
	f->s = s;
	set_steps(f);
	if (f->memo_slots)
		memo_keep(f, slot);
}

void mzg__jfit_free(mzg__jfit *f)
{
	if (!f)
		return;
	free(f->res);
	free(f->wmz);
	free(f->wy);
	free(f->memo);
	free(f->memo_idx);
	free(f);
}


/* Solve the normal equations restricted to the passive set P by
 * Cholesky (L L^T, with a 1e-10 relative ridge so the matrix stays
 * positive definite); z = 0 outside P. The systems are tiny (a few
 * components) and solved hundreds of times per spectrum, so this is plain
 * code rather than a library call. */
static int jf_solve(mzg__jfit *f, const int *P, double *z)
{
	size_t idx[MZG__MAX_COMP], np = 0, a, b, k, K = f->k;
	double *L = f->L, y[MZG__MAX_COMP], ridge = 0, s;

	for (a = 0; a < K; a++) {
		z[a] = 0;
		if (P[a])
			idx[np++] = a;
		ridge = fmax(ridge, f->G[a * K + a]);
	}
	if (np == 0)
		return 0;
	ridge = ridge * 1e-10 + 1e-300;
	for (b = 0; b < np; b++) { /* column b of L */
		s = f->G[idx[b] * K + idx[b]] + ridge;
		for (k = 0; k < b; k++)
			s -= L[b * np + k] * L[b * np + k];
		if (!(s > 0) || !isfinite(s))
			return mzg__err(MZG_EINTERNAL, "joint fit: the normal "
			                "equations are not positive definite");
		L[b * np + b] = sqrt(s);
		for (a = b + 1; a < np; a++) {
			s = f->G[idx[a] * K + idx[b]];
			for (k = 0; k < b; k++)
				s -= L[a * np + k] * L[b * np + k];
			L[a * np + b] = s / L[b * np + b];
		}
	}
	for (a = 0; a < np; a++) { /* L y = b */
		s = f->b[idx[a]];
		for (k = 0; k < a; k++)
			s -= L[a * np + k] * y[k];
		y[a] = s / L[a * np + a];
	}
	for (a = np; a-- > 0;) { /* L^T x = y */
		s = y[a];
		for (k = a + 1; k < np; k++)
			s -= L[k * np + a] * y[k];
		y[a] = s / L[a * np + a];
		z[idx[a]] = y[a];
	}
	return 0;
}

/* Non-negative heights (Lawson-Hanson active set) into f->h. */
static int jf_nnls(mzg__jfit *f)
{
	int P[MZG__MAX_COMP];
	size_t a, b, it, K = f->k;
	int rc = 0;

	for (a = 0; a < K; a++)
		P[a] = 1;
	for (it = 0; it < 3 * K + 3; it++) {
		long worst = -1, best = -1;
		double bg = 0;
		if ((rc = jf_solve(f, P, f->h)) != 0)
			return rc;
		for (a = 0; a < K; a++)
			if (P[a] && f->h[a] < 0 && (worst < 0 || f->h[a] < f->h[worst]))
				worst = (long)a;
		if (worst >= 0) {
			P[worst] = 0;
			continue;
		}
		for (a = 0; a < K; a++) { /* free variable that would grow */
			double g = f->b[a];
			if (P[a])
				continue;
			for (b = 0; b < K; b++)
				g -= f->G[a * K + b] * f->h[b];
			if (g > 1e-9 * fabs(f->b[a]) && g > bg) {
				bg = g;
				best = (long)a;
			}
		}
		if (best < 0)
			break;
		P[best] = 1;
	}
	for (a = 0; a < K; a++)
		f->h[a] = fmax(f->h[a], 0);
	return 0;
}

/* Non-negative heights with the ties of f->tie: the normal equations of
 * the free heights theta, with h = T theta + h0 (T: 1 for a free
 * component, the ratio for one tied to it; h0: the fixed heights), are
 * T'G T theta = T'(b - G h0); solved as usual, then expanded into f->h.
 * f->G, f->b and f->k are the full ones again on return. */
static int jf_nnls_tied(mzg__jfit *f)
{
	size_t K = f->k, P = 0, a, b, col[MZG__MAX_COMP];
	double coef[MZG__MAX_COMP], h0[MZG__MAX_COMP], th[MZG__MAX_COMP];
	int rc = 0;

	for (a = 0; a < K; a++)
		if (f->tie[a] == -1)
			col[a] = P++;
	for (a = 0; a < K; a++) {
		coef[a] = f->tie[a] == -1 ? 1 : f->tie[a] >= 0 ? f->tie_r[a] : 0;
		h0[a] = f->tie[a] == MZG__TIE_FIXED ? f->tie_r[a] : 0;
		if (f->tie[a] >= 0)
			col[a] = col[f->tie[a]];
		else if (f->tie[a] != -1)
			col[a] = SIZE_MAX;
	}
	memcpy(f->Gf, f->G, sizeof(double) * K * K);
	memcpy(f->bf, f->b, sizeof(double) * K);
	memset(f->G, 0, sizeof(double) * P * P);
	memset(f->b, 0, sizeof(double) * P);
	for (a = 0; a < K; a++) {
		double r = f->bf[a];
		if (col[a] == SIZE_MAX)
			continue;
		for (b = 0; b < K; b++) {
			r -= f->Gf[a * K + b] * h0[b];
			if (col[b] != SIZE_MAX)
				f->G[col[a] * P + col[b]] += coef[a] * f->Gf[a * K + b] *
				                             coef[b];
		}
		f->b[col[a]] += coef[a] * r;
	}
	f->k = P;
	if (P > 0)
		rc = jf_nnls(f);
	for (a = 0; a < P; a++)
		th[a] = f->h[a];
	f->k = K;
	memcpy(f->G, f->Gf, sizeof(double) * K * K);
	memcpy(f->b, f->bf, sizeof(double) * K);
	for (a = 0; a < K; a++)
		f->h[a] = col[a] == SIZE_MAX ? h0[a] : coef[a] * th[col[a]];
	return rc;
}

/* Residual sum of squares of the best non-negative fit (heights in f->h)
 * with parameter @p which (0: width scale, 1: shift) set to @p v. */
static int jf_rss(mzg__jfit *f, int which, double v, double *rss)
{
	size_t a, b, K = f->k;
	double r = f->yy;
	int rc;

	if (which)
		f->eps = v;
	else
		build_shape(f, v);
	mzg__jf_normal(f);
	if ((rc = f->n_tied ? jf_nnls_tied(f) : jf_nnls(f)) != 0)
		return rc;
	for (a = 0; a < K; a++) {
		r -= 2 * f->h[a] * f->b[a];
		for (b = 0; b < K; b++)
			r += f->h[a] * f->G[a * K + b] * f->h[b];
	}
	*rss = r;
	return 0;
}

/* Golden-section search of one parameter over [a, b]; leaves it at the
 * best value, with f->h fitted there. */
static int golden(mzg__jfit *f, int which, double a, double b, size_t iters)
{
	const double gr = 0.6180339887498949;
	double c = b - gr * (b - a), d = a + gr * (b - a), fc, fd;
	size_t it;
	int rc;

	if ((rc = jf_rss(f, which, c, &fc)) != 0 ||
	    (rc = jf_rss(f, which, d, &fd)) != 0)
		return rc;
	for (it = 0; it < iters; it++) {
		if (fc < fd) {
			b = d;
			d = c;
			fd = fc;
			c = b - gr * (b - a);
			rc = jf_rss(f, which, c, &fc);
		} else {
			a = c;
			c = d;
			fc = fd;
			d = a + gr * (b - a);
			rc = jf_rss(f, which, d, &fd);
		}
		if (rc != 0)
			return rc;
	}
	return jf_rss(f, which, 0.5 * (a + b), &fc);
}

/* The cluster's shape: with a free width (s_fixed <= 0) the width scale
 * alone (a shift barely changes it for a symmetric cluster); with a fixed
 * width, the common shift. */
static int jf_shape(mzg__jfit *f, double R, double s_fixed)
{
	double e = SHIFT_FWHM / R;

	f->eps = 0;
	if (s_fixed > 0) {
		if (f->s != s_fixed) /* the same for every cluster: build once */
			build_shape(f, s_fixed);
		return golden(f, 1, -e, e, SHIFT_ITER);
	}
	return golden(f, 0, WIDTH_MIN, WIDTH_MAX, WIDTH_ITER);
}

/* Is target ti an adduct tied to its parent (measure_tie.c)? */
static int is_tied(const mzg__mctx *x, size_t ti)
{
	return x->tie_par && x->tie_par[ti] >= 0;
}

/* The ties of the components (f->tie, f->tie_r): a tied adduct's height
 * is its ratio x its parent's component when the parent is a component of
 * its own in this cluster, else fixed at ratio x the parent's measured
 * height (a parent is lighter than its adducts, so its cluster was
 * measured before). */
static void ties(const mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f,
                 const long *comp, const double *cnt)
{
	size_t j, i;

	f->n_tied = 0;
	for (j = 0; j < f->k; j++)
		f->tie[j] = -1;
	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		long c = comp[j - j0], pc = -2, pt;
		if (c < 0 || !is_tied(x, ti))
			continue;
		pt = x->tie_par[ti];
		for (i = j0; i < j1; i++)
			if ((long)x->ord[i] == pt)
				pc = comp[i - j0];
		if (pc >= 0 && cnt[pc] == 1 && f->tie[pc] == -1) {
			f->tie[c] = pc;
			f->tie_r[c] = x->tie_rho[ti];
		} else if (pc == -2) { /* outside this cluster */
			f->tie[c] = MZG__TIE_FIXED;
			f->tie_r[c] = x->tie_rho[ti] * x->out[pt].height;
		} else {
			continue; /* parent merged or off the spectrum: free */
		}
		f->n_tied++;
	}
}

/* Components of the cluster of ranks [j0, j1): one per distinct observed
 * position inside the spectrum; positions closer than MERGE_FWHM are one
 * component (a group in x->grp, members flagged COLLISION), except that a
 * tied adduct always stays a component of its own. */
static void components(mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f,
                       long *comp)
{
	const mzg_processed *p = x->p;
	double cnt[MZG__MAX_COMP];
	int last_tied = 0;
	size_t j;

	f->k = 0;
	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		double mu = x->pos[ti];
		int tied = is_tied(x, ti);
		comp[j - j0] = -1;
		if (!isfinite(mu) || mu < p->mz[0] || mu > p->mz[p->n - 1])
			continue;
		if (f->k > 0 && !tied && !last_tied &&
		    mu - f->mu[f->k - 1] < MERGE_FWHM * mu / x->R) {
			size_t k = f->k - 1, prev = x->ord[j - 1];
			f->mu[k] = (f->mu[k] * cnt[k] + mu) / (cnt[k] + 1);
			cnt[k] += 1;
			if (x->grp[prev] < 0)
				x->grp[prev] = x->n_grp++;
			x->grp[ti] = x->grp[prev];
			x->out[ti].flags |= MZG_M_COLLISION;
			x->out[prev].flags |= MZG_M_COLLISION;
		} else {
			f->mu[f->k] = mu;
			cnt[f->k++] = 1;
		}
		last_tied = tied;
		comp[j - j0] = (long)f->k - 1;
	}
	for (j = 0; j < f->k; j++)
		f->fw[j] = f->mu[j] / x->R;
	ties(x, j0, j1, f, comp, cnt);
}

/* Apex of component c in the signal minus the other components, within
 * +-0.5 FWHM of its position; *found = 0 when there is none. */
static int deflated_apex(const mzg__mctx *x, mzg__jfit *f, size_t c,
                         double *obs, int *found)
{
	const mzg_processed *p = x->p;
	double w = f->mu[c] / x->R, h;
	size_t i0 = mzg__lower_idx(p, f->mu[c] - w);
	size_t i1 = mzg__lower_idx(p, f->mu[c] + w), i, k, len = i1 - i0;

	*found = 0;
	if (i1 < i0 + 3)
		return 0;
	if (mzg__grow((void **)&f->res, &f->cap_res, len, sizeof *f->res) != 0)
		return mzg__err(MZG_ENOMEM, "measurement: out of memory");
	mzg__jf_deflate(f, p, i0, i1, c, f->res);
	for (k = SIZE_MAX, i = i0; i < i1; i++)
		if (fabs(p->mz[i] - f->mu[c]) <= 0.5 * w &&
		    (k == SIZE_MAX || f->res[i - i0] > f->res[k - i0]))
			k = i;
	if (k == SIZE_MAX || k == i0 || k + 1 >= i1 || !(f->res[k - i0] > 0) ||
	    f->res[k - i0 - 1] > f->res[k - i0] || f->res[k - i0 + 1] > f->res[k - i0])
		return 0;
	mzg__apex(p->mz + i0, f->res, len, k - i0, w, obs, &h);
	*found = 1;
	return 0;
}

/* Store the fitted heights and deflated apexes of the cluster's members. */
static int assign(const mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f,
                  const long *comp)
{
	size_t j;
	int rc, found;

	for (j = j0; j < j1; j++) {
		size_t ti = x->ord[j];
		mzg_measure *r = &x->out[ti];
		double h, obs = 0;
		long c = comp[j - j0];
		if (c < 0)
			continue;
		h = f->h[c];
		r->flags = (r->flags & ~(unsigned)(MZG_M_FOUND | MZG_M_SATURATED)) |
		           MZG_M_FITTED;
		if (x->grp[ti] < 0) /* resolved by the fit */
			r->flags &= ~(unsigned)MZG_M_COLLISION;
		r->height = h;
		r->snr = mzg__snr_at(x->p, mzg__nearest_idx(x->p, x->pos[ti]), h);
		r->area = h * f->tab_area * f->fw[c];
		r->mz_obs = x->t[ti].mass;
		r->err_ppm = 0;
		if (!(h > 0) || !(r->snr >= x->o->min_snr))
			continue;
		r->flags |= MZG_M_FOUND;
		if ((rc = deflated_apex(x, f, (size_t)c, &obs, &found)) != 0)
			return rc;
		if (found) {
			r->mz_obs = mzg_calib_apply(x->c, obs);
			r->err_ppm = (r->mz_obs - x->t[ti].mass) / x->t[ti].mass * 1e6;
		}
	}
	return 0;
}

int mzg__fit_cluster(mzg__mctx *x, size_t j0, size_t j1, mzg__jfit *f,
                     double s_fixed, double *s_out, double *snr_out)
{
	const mzg_processed *p = x->p;
	long comp[MZG__MAX_COMP];
	double yy;
	size_t i;
	int rc;

	*s_out = 0;
	*snr_out = 0;
	if (j1 - j0 > MZG__MAX_COMP || p->n < 3)
		return 0; /* keeps the direct measurements */
	components(x, j0, j1, f, comp);
	if (f->k == 0)
		return 0;
	f->i0 = mzg__lower_idx(p, f->mu[0] * (1 - 1 / x->R));
	f->i1 = mzg__lower_idx(p, f->mu[f->k - 1] * (1 + 1 / x->R));
	if (f->i1 - f->i0 < 2 * f->k + 3)
		return 0;
	/* about FIT_PTS points per FWHM are plenty for a smoothed signal */
	f->stride = (size_t)fmax(1, floor((double)(f->i1 - f->i0) /
	            ((f->mu[f->k - 1] / f->mu[0] - 1) * x->R + 2) / FIT_PTS));
	for (yy = 0, i = f->i0; i < f->i1; i += f->stride)
		if (isfinite(p->signal[i]))
			yy += p->signal[i] * p->signal[i];
	f->yy = yy;
	if ((rc = mzg__jf_window(f, p)) != 0)
		return rc;
	if ((rc = jf_shape(f, x->R, s_fixed)) != 0 ||
	    (rc = assign(x, j0, j1, f, comp)) != 0)
		return mzg__err_prefix(rc, "measuring %zu overlapping species near "
		                       "%.1f Da", j1 - j0, x->t[x->ord[j0]].mass);
	*s_out = f->s;
	for (i = 0; i < f->k; i++)
		*snr_out = fmax(*snr_out, mzg__snr_at(p, mzg__nearest_idx(p, f->mu[i]),
		                                      f->h[i]));
	return 0;
}
