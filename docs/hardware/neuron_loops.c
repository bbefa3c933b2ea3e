/* Plain C loops of pyn's two hot neuron updates, for measuring pyn's
 * distance to the hardware (docs/benchmarks.md). Not part of the build.
 *
 *   gcc -O3 -march=native -o /tmp/neuron_loops neuron_loops.c -lm && /tmp/neuron_loops
 *
 * lif: the COBA step (two exponential conductances folded from float
 * ring slots, forward-Euler LIF with refractoriness), as lifCondGo.
 * hh:  the COBAHH step (Traub–Miles rates, exponential Euler), as
 * hhExpEuler with libm's exp. Both over 4000 neurons for 10 000 steps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 4000
#define STEPS 10000

/* CPU time: the machine may be shared. */
static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double v[N], ref[N], x0[N], x1[N], m[N], h[N], n_[N];
static float b0[N], b1[N];
static int spikes[N];

static double xom(double z, double e) {
	if (z >= 0.5 || z <= -0.5) return z / (1 - e);
	if (fabs(z) < 1e-6) return 1 + z / 2;
	return z / -expm1(-z);
}

int main(void) {
	const double dt = 0.1, p0 = exp(-dt / 5), p1 = exp(-dt / 10), e0 = 0, e1 = -80;
	const double el = -60, invTau = 1.0 / 20, invC = 1.0 / 200, vth = -50, vreset = -60, tref = 5;
	long total = 0;
	srand(1);
	for (int i = 0; i < N; i++) {
		v[i] = -65 + 10.0 * rand() / RAND_MAX;
		x0[i] = 40.0 * rand() / RAND_MAX;
		x1[i] = 200.0 * rand() / RAND_MAX;
	}
	double t0 = now();
	for (int s = 0; s < STEPS; s++) {
		int ns = 0;
		for (int i = 0; i < N; i++) {
			double g0 = x0[i] * p0 + b0[i], g1 = x1[i] * p1 + b1[i];
			x0[i] = g0; x1[i] = g1; b0[i] = 0; b1[i] = 0;
			if (ref[i] > dt / 2) { ref[i] -= dt; v[i] = vreset; continue; }
			double x = v[i];
			double syn = g0 * (e0 - x) + g1 * (e1 - x);
			x += dt * ((el - x) * invTau + syn * invC);
			if (x >= vth) { x = vreset; ref[i] = tref; spikes[ns++] = i; }
			v[i] = x;
		}
		total += ns;
		b0[s % N] = 6; b1[(s * 7) % N] = 67; /* a trickle of input */
	}
	double tl = now() - t0;
	printf("lif: %.3f ns/neuron-step (%ld spikes)\n", tl / ((double)N * STEPS) * 1e9, total);

	const double C = 1, gna = 100, gk = 30, gl = 0.05, ena = 50, ek = -90, elh = -60, vt = -63;
	for (int i = 0; i < N; i++) {
		v[i] = -65 + 10.0 * rand() / RAND_MAX;
		m[i] = 0.05; h[i] = 0.6; n_[i] = 0.3;
		x0[i] = 0.2 * rand() / RAND_MAX; x1[i] = 1.0 * rand() / RAND_MAX;
	}
	total = 0;
	t0 = now();
	for (int s = 0; s < STEPS; s++) {
		int ns = 0;
		for (int i = 0; i < N; i++) {
			double u = vt - v[i];
			double am = 1.28 * xom(-(13 + u) * 0.25, exp((13 + u) * 0.25));
			double bm = 1.4 * xom((u + 40) / 5, exp(-(u + 40) / 5));
			double ah = 0.128 * exp((17 + u) / 18);
			double bh = 4 / (1 + exp((40 + u) / 5));
			double an = 0.16 * xom(-(15 + u) / 5, exp((15 + u) / 5));
			double bn = 0.5 * exp((10 + u) / 40);
			double I = x0[i] * 0 + x1[i] * -80, gs = x0[i] + x1[i];
			double nn2 = n_[i] * n_[i];
			double gNa = gna * m[i] * m[i] * m[i] * h[i], gK = gk * nn2 * nn2;
			double gtot = gNa + gK + gl + gs;
			double vinf = (gNa * ena + gK * ek + gl * elh + I) / gtot;
			double nv = vinf + (v[i] - vinf) * exp(-dt * gtot / C);
			double k = am + bm, xi = am / k; m[i] = xi + (m[i] - xi) * exp(-dt * k);
			k = ah + bh; xi = ah / k; h[i] = xi + (h[i] - xi) * exp(-dt * k);
			k = an + bn; xi = an / k; n_[i] = xi + (n_[i] - xi) * exp(-dt * k);
			if (v[i] < 0 && nv >= 0) spikes[ns++] = i;
			v[i] = nv;
		}
		total += ns;
	}
	double th = now() - t0;
	printf("hh: %.3f ns/neuron-step (%ld spikes)\n", th / ((double)N * STEPS) * 1e9, total);
	return 0;
}
