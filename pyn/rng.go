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

// Uint64 returns 64 uniformly distributed bits. It also makes *xrand a
// math/rand/v2 Source.
func (r *xrand) Uint64() uint64 {
	s0, s1, s2, s3 := r.s0, r.s1, r.s2, r.s3
	res := ((s0+s3)<<23 | (s0+s3)>>41) + s0
	t := s1 << 17
	s2 ^= s0
	s3 ^= s1
	s1 ^= s2
	s0 ^= s3
	s2 ^= t
	s3 = s3<<45 | s3>>19
	r.s0, r.s1, r.s2, r.s3 = s0, s1, s2, s3
	return res
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

// zig turns 32 random bits into a normal deviate, using r only in the
// rare slow path.
func (r *xrand) zig(b uint32) float64 {
	iz := b & (zigN - 1)
	hz := int32(b) >> 8 // signed, |hz| < 2²³
	if uint32(abs32(hz)) < zigK[iz] {
		return float64(hz) * zigW[iz]
	}
	return r.normSlow(hz, iz)
}

// norm returns a standard normal deviate.
func (r *xrand) norm() float64 { return r.zig(uint32(r.Uint64() >> 32)) }

// fillNorm sets every h[i] to sd times a standard normal deviate, two
// deviates per generator output. It is the noise stimuli's hot loop (10⁸
// deviates per simulated second for 100 000 neurons), so the generator
// state lives in registers and the ziggurat's fast path is written out;
// only the rare slow path is a call. The draws are exactly those of
// Uint64 and zig.
func (r *xrand) fillNorm(h []float64, sd float64) {
	s0, s1, s2, s3 := r.s0, r.s1, r.s2, r.s3
	i := 0
	for ; i+1 < len(h); i += 2 {
		u := ((s0+s3)<<23 | (s0+s3)>>41) + s0
		t := s1 << 17
		s2 ^= s0
		s3 ^= s1
		s1 ^= s2
		s0 ^= s3
		s2 ^= t
		s3 = s3<<45 | s3>>19
		for half := 0; half < 2; half++ {
			b := uint32(u >> 32)
			if half == 1 {
				b = uint32(u)
			}
			iz := b & (zigN - 1)
			hz := int32(b) >> 8
			var x float64
			if uint32(abs32(hz)) < zigK[iz] {
				x = float64(hz) * zigW[iz]
			} else {
				r.s0, r.s1, r.s2, r.s3 = s0, s1, s2, s3
				x = r.normSlow(hz, iz)
				s0, s1, s2, s3 = r.s0, r.s1, r.s2, r.s3
			}
			h[i+half] = sd * x
		}
	}
	r.s0, r.s1, r.s2, r.s3 = s0, s1, s2, s3
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
		if zigF[iz]+r.float64()*(zigF[iz-1]-zigF[iz]) < math.Exp(-0.5*x*x) {
			return x
		}
		b := uint32(r.Uint64() >> 32)
		iz = b & (zigN - 1)
		hz = int32(b) >> 8
		if uint32(abs32(hz)) < zigK[iz] {
			return float64(hz) * zigW[iz]
		}
	}
}
