package pyn

import "math"

// Exponential for the Hodgkin–Huxley step: fexp (the kernels
// hh_kernel*_amd64.s inline the same method: the rate functions and gate
// relaxations take eight exponentials per neuron and step).
//
// Method. For x in (expLo, expHi) write x = n·ln2 + r with n the nearest
// integer to x·log₂e (rounded by adding and subtracting 1.5·2⁵², which
// also leaves n in the low bits of the sum) and |r| ≤ ln2/2 + ε, reduced
// in two steps (Cody & Waite) with ln2 split into a head whose products
// with |n| ≤ 1024 are exact and a tail. Then e^x = 2ⁿ·p(r), p the
// Taylor polynomial of degree 13 evaluated by Horner's rule; its
// truncation error is below r¹⁴/14! ≤ 4·10⁻¹⁸ (0.04 ulp). 2ⁿ is built in
// the exponent bits, and the product with p(r) is exact (a power of two,
// normal result). Measured error: TestVexp checks every result within 2
// ulp of math.Exp over the whole domain (and math.Exp is itself within 1
// ulp), with most results equal.
//
// Bits. Every operation is one IEEE double operation, in one fixed order,
// with no fused multiply-add (each product is wrapped in float64() so
// the compiler cannot fuse it): the HH kernels and fexp give the same
// bits on every build. Outside (expLo, expHi), and for NaN, fexp uses
// math.Exp.

const (
	expMagic = 6755399441055744.0 // 1.5·2⁵²
	expLog2e = 1.44269504088896338700e+00
	expLn2Hi = 6.93147180369123816490e-01 // ln2 with its low 32 bits zero
	expLn2Lo = 1.90821492927058770002e-10 // ln2 − expLn2Hi
	expLo    = -708.0                     // below, 2ⁿ would be subnormal
	expHi    = 709.0                      // above, 2ⁿ would overflow
)

// expCoef are 1/k! for k = 13 down to 2 (Horner order); the terms of
// degree 1 and 0 are 1.
var expCoef = [12]float64{
	1.0 / 6227020800, 1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800,
	1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720,
	1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2,
}

// fexp is e^x by the method above, the pure-Go twin of one lane of the
// HH kernels' exponential.
func fexp(x float64) float64 {
	if !(x > expLo && x < expHi) {
		return math.Exp(x)
	}
	t := float64(x*expLog2e) + expMagic
	n := t - expMagic
	r := x - float64(n*expLn2Hi)
	r -= float64(n * expLn2Lo)
	p := expCoef[0]
	for _, c := range expCoef[1:] {
		p = float64(p*r) + c
	}
	p = float64(p*r) + 1
	p = float64(p*r) + 1
	return p * math.Float64frombits((math.Float64bits(t)+1023)<<52)
}
