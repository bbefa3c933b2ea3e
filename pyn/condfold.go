package pyn

// condFold is a CondExp channel's step (channel.advance): each
// conductance decays and takes the arrivals of its ring-buffer slot,
//
//	x[i] ← x[i]·e^(−dt/τ) + b[i],   b[i] ← 0,
//
// for i < len(b), with the amd64 kernels (condfold_amd64.s) on the first
// multiple of 4 or 8 and condFoldGo on the rest: the same two IEEE
// operations per element, so the same bits (TestCondFold).
func condFold(x []float64, b []float32, p float64) {
	x = x[:len(b)]
	k := condFoldKernel(x, b, p)
	condFoldGo(x[k:], b[k:], p)
}

// condFoldGo is condFold's loop in Go.
func condFoldGo(x []float64, b []float32, p float64) {
	x = x[:len(b)]
	for i, a := range b {
		x[i] = float64(x[i]*p) + float64(a)
		b[i] = 0
	}
}
