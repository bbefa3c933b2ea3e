package pyn

import "math"

// Zero is an explicit zero for the fields whose zero value means a
// default: AdExParams.VCut (0 means VT + 5·ΔT) and V0 (0 means EL),
// LIFParams.V0 (0 means EL), IzhikevichParams.VPeak (0 means 30 mV),
// Conn.P (0 means 0.1) and Scale (0 means 1), STDP.APlus (0 means 0.01)
// and AMinus (0 means −1.05·APlus), and Stim.Stop (0 means the end of the
// run). Write
//
//	p := pyn.AdExTonic
//	p.VCut = pyn.Zero // Naud et al. (2008)'s 0 mV cut-off
//
// Zero is a NaN with a payload of its own, so no real value collides with
// it, and it works from the interpreter as from compiled code; in any
// other field it is refused like every NaN.
var Zero = math.Float64frombits(zeroBits)

// zeroBits is a quiet NaN whose payload spells "ZERO".
const zeroBits = 0x7ff8_0000_5a45_524f

// isZero reports whether x is the Zero sentinel.
func isZero(x float64) bool { return math.Float64bits(x) == zeroBits }

// orDefault resolves a field whose zero value means def: 0 gives def,
// Zero gives 0, anything else itself.
func orDefault(x, def float64) float64 {
	switch {
	case x == 0:
		return def
	case isZero(x):
		return 0
	}
	return x
}

// finiteOrZero is finite, accepting the Zero sentinel.
func finiteOrZero(x float64) bool { return finite(x) || isZero(x) }
