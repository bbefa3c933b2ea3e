package pyn

import "math"

// Random numbers for the simulation loop.
//
// Gaussian noise dominates the cost of the benchmark workloads (10⁸ draws
// per simulated second for 100 000 neurons), so the loop uses its own
// generator rather than math/rand/v2 through an interface: xoshiro256++
// (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
// ACM TOMS 47(4), 2021) for uniform bits and the ziggurat method of
// Marsaglia & Tsang ("The ziggurat method for generating random
// variables", J. Stat. Softw. 5(8), 2000) with 256 layers for normal
// deviates. Both are plain methods on a concrete type, so the compiler can
// inline the fast path. Streams are seeded through splitmix64 (Steele,
// Lea & Flood 2014), which turns (seed, stream) pairs into well-mixed
// independent states.

// splitmix64 advances *x and returns the next output of the splitmix64
// sequence.
func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// mix derives a 64-bit seed from a base seed and stream identifiers, so
// that each connection and population gets its own independent stream.
func mix(seed uint64, ids ...uint64) uint64 {
	x := seed
	h := splitmix64(&x)
	for _, id := range ids {
		x ^= id*0xd1342543de82ef95 + h
		h = splitmix64(&x)
	}
	return h
}

// xrand is a xoshiro256++ generator.
type xrand struct{ s0, s1, s2, s3 uint64 }

// newXrand returns a generator seeded from seed via splitmix64.
func newXrand(seed uint64) *xrand {
	r := &xrand{}
	r.seed(seed)
	return r
}

func (r *xrand) seed(seed uint64) {
	x := seed
	r.s0 = splitmix64(&x)
	r.s1 = splitmix64(&x)
	r.s2 = splitmix64(&x)
	r.s3 = splitmix64(&x)
}

// next is the one generator step of xoshiro256++: the output of state x
// and the state after it. It works on values, so a hot loop that copies
// the state into a local keeps it in registers; it is small enough for the
// compiler to inline (checked by TestHotPathInlines). Every draw in the
// package goes through it.
func (x xrand) next() (uint64, xrand) {
	s0, s1, s2, s3 := x.s0, x.s1, x.s2, x.s3
	res := ((s0+s3)<<23 | (s0+s3)>>41) + s0
	t := s1 << 17
	s2 ^= s0
	s3 ^= s1
	s1 ^= s2
	s0 ^= s3
	s2 ^= t
	s3 = s3<<45 | s3>>19
	return res, xrand{s0, s1, s2, s3}
}

// Uint64 returns 64 uniformly distributed bits. It also makes *xrand a
// math/rand/v2 Source.
func (r *xrand) Uint64() uint64 {
	u, s := r.next()
	*r = s
	return u
}

// float64 returns a uniform deviate in [0, 1) with 53 random bits.
func (r *xrand) float64() float64 { return float64(r.Uint64()>>11) * (1.0 / (1 << 53)) }

// Ziggurat tables (Marsaglia & Tsang 2000, with 256 layers). A draw uses
// 32 random bits: 8 pick the layer and the other 24 are a signed 23-bit
// magnitude (independent of the layer, unlike the original's shared bits),
// so one 64-bit generator output gives two deviates. zigK are the
// acceptance thresholds, zigW the layer widths scaled by 2⁻²³ and zigF the
// density at each layer's edge. About 99 % of draws take the fast path.
const (
	zigN = 256                // layers
	zigR = 3.6541528853610088 // start of the tail
	zigV = 4.92867323399e-3   // area of each layer
	zigM = 1 << 23            // magnitude scale
)

var zigK [zigN]uint32
var zigW, zigF [zigN]float64

func init() {
	dn, tn := zigR, zigR
	q := zigV / math.Exp(-0.5*dn*dn)
	zigK[0] = uint32(dn / q * zigM)
	zigK[1] = 0
	zigW[0] = q / zigM
	zigW[zigN-1] = dn / zigM
	zigF[0] = 1
	zigF[zigN-1] = math.Exp(-0.5 * dn * dn)
	for i := zigN - 2; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(zigV/dn+math.Exp(-0.5*dn*dn)))
		zigK[i+1] = uint32(dn / tn * zigM)
		tn = dn
		zigF[i] = math.Exp(-0.5 * dn * dn)
		zigW[i] = dn / zigM
	}
}

// zigFast is the one fast normal draw: the ziggurat's rectangle test on
// 32 random bits. When ok, x is the deviate; otherwise the caller finishes
// with normSlow(hz, iz). It inlines (TestHotPathInlines).
func zigFast(b uint32) (x float64, hz int32, iz uint32, ok bool) {
	iz = b & (zigN - 1)
	hz = int32(b) >> 8 // signed, |hz| < 2²³
	return float64(hz) * zigW[iz], hz, iz, uint32(abs32(hz)) < zigK[iz]
}

// zig turns 32 random bits into a normal deviate, using r only in the
// rare slow path.
func (r *xrand) zig(b uint32) float64 {
	x, hz, iz, ok := zigFast(b)
	if ok {
		return x
	}
	return r.normSlow(hz, iz)
}

// norm returns a standard normal deviate.
func (r *xrand) norm() float64 { return r.zig(uint32(r.Uint64() >> 32)) }

// normPair returns two standard normal deviates from one generator
// output: its high 32 bits, then its low 32 bits (each through zig). It is
// the reference that fillNorm's loop reproduces bit for bit.
func (r *xrand) normPair() (float64, float64) {
	u := r.Uint64()
	x0 := r.zig(uint32(u >> 32))
	return x0, r.zig(uint32(u))
}

// fillNorm sets every h[i] to sd times a standard normal deviate: pairs
// as normPair draws them, and a last odd one as norm. It is the only loop
// that draws noise (10⁸ deviates per simulated second for 100 000
// neurons), so the state is copied to a local that next keeps in
// registers, and zigFast is inlined; only the rare slow path is a call.
// A caller may fill a slice in pieces of even length and get the same
// draws as one call.
func (r *xrand) fillNorm(h []float64, sd float64) {
	s := *r
	i := 0
	for ; i+1 < len(h); i += 2 {
		var u uint64
		u, s = s.next()
		x0, hz, iz, ok := zigFast(uint32(u >> 32))
		if !ok {
			*r = s
			x0 = r.normSlow(hz, iz)
			s = *r
		}
		x1, hz, iz, ok := zigFast(uint32(u))
		if !ok {
			*r = s
			x1 = r.normSlow(hz, iz)
			s = *r
		}
		h[i], h[i+1] = sd*x0, sd*x1
	}
	*r = s
	if i < len(h) {
		h[i] = sd * r.norm()
	}
}

func abs32(x int32) int32 {
	m := x >> 31
	return (x ^ m) - m
}

// normSlow handles the ziggurat's wedges and tail.
func (r *xrand) normSlow(hz int32, iz uint32) float64 {
	for {
		x := float64(hz) * zigW[iz]
		if iz == 0 {
			// Tail beyond zigR: Marsaglia's exponential rejection.
			var y float64
			for {
				x = -math.Log(1-r.float64()) / zigR
				y = -math.Log(1 - r.float64())
				if y+y >= x*x {
					break
				}
			}
			if hz > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		if zigF[iz]+float64(r.float64()*(zigF[iz-1]-zigF[iz])) < math.Exp(-0.5*x*x) {
			return x
		}
		var ok bool
		if x, hz, iz, ok = zigFast(uint32(r.Uint64() >> 32)); ok {
			return x
		}
	}
}

// noiseBlock is the number of neurons that share one noise stream: the
// stimuli's Gaussian noise of neuron i (or of the i-th neuron of a
// stimulus's list) is drawn from stream i / noiseBlock of its population,
// so that any range of whole blocks can be drawn on its own, in parallel,
// and the draws do not depend on how the population is partitioned
// (Sim.Threads). Block 0 is the population's original stream, so a
// population of at most noiseBlock neurons draws what it always drew.
// The value is part of the results: changing it changes every larger
// population's noise. It is even, so that drawing a block in pieces of
// even length gives the draws of one fillNorm.
const noiseBlock = 2048

// noiseStreams are a population's noise streams, one per noiseBlock
// neurons.
type noiseStreams []xrand

// seedNoise returns the noise streams of n neurons derived from seed:
// block 0 from seed itself, block b > 0 from (seed, b). It reuses ns when
// it has the right length.
func seedNoise(ns noiseStreams, seed uint64, n int) noiseStreams {
	if k := max(1, (n+noiseBlock-1)/noiseBlock); len(ns) != k {
		ns = make(noiseStreams, k)
	}
	ns[0].seed(seed)
	for b := 1; b < len(ns); b++ {
		ns[b].seed(mix(seed, uint64(b)))
	}
	return ns
}

// fill sets h[i] to sd times a normal deviate for the neurons (or list
// positions) lo…lo+len(h)−1: each block's deviates come from its own
// stream, in order. A block may be filled in pieces that start at even
// positions and give the draws of one fill. Positions past the
// population's last block (a stimulus's neuron list may repeat neurons)
// draw from the last stream.
func (ns noiseStreams) fill(h []float64, sd float64, lo int) {
	for a := 0; a < len(h); {
		i := lo + a
		b := min(a+noiseBlock-i%noiseBlock, len(h)) // to the end of i's block
		ns[min(i/noiseBlock, len(ns)-1)].fillNorm(h[a:b], sd)
		a = b
	}
}
