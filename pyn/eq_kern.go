package pyn

// This file holds the element-wise kernels of the equation vector machine
// (eq_vm.go) in pure Go. On amd64 with AVX2 (eq_kern_amd64.s) the first
// multiple of four elements is done four at a time by the assembly and
// the rest here; elsewhere (other architectures, -tags purego) everything
// is done here. Every product is stored as a float64 before it is added
// (no fused multiply-add on any build), and the assembly rounds each
// operation as these loops do, so both give the same bits
// (TestEqKernels).

// Operations of kVS (vector ∘ scalar).
const (
	kvsAdd  = iota // a + s
	kvsSub         // a − s
	kvsMul         // a·s
	kvsRSub        // s − a
	kvsGE          // a ≥ s (1 or 0)
	kvsGT          // a > s (1 or 0)
)

// Operations of kVV (vector ∘ vector).
const (
	kvvAdd = iota // a + b
	kvvSub        // a − b
	kvvMul        // a·b
)

// Operations of kF3: fused pairs and triples of instructions, each
// intermediate rounded to float64 as when the instructions run one by
// one. The axpy forms accumulate into d and report whether every result
// is finite.
const (
	kfMulAdd     = iota // d = s·a + c
	kfMulSub            // d = s·a − c
	kfAddSub            // d = (a + s) − c
	kfSqMul             // d = s·(a·a)
	kfAXPY              // d = d + s·a
	kfAddAXPY           // d = d + s·(a + c)
	kfMulSubAXPY        // d = d + s2·(s·a − c)
)

// goVS is kVS in Go.
func goVS(op int, d, a []float64, s float64) {
	a = a[:len(d)]
	switch op {
	case kvsAdd:
		for i := range d {
			d[i] = a[i] + s
		}
	case kvsSub:
		for i := range d {
			d[i] = a[i] - s
		}
	case kvsMul:
		for i := range d {
			d[i] = a[i] * s
		}
	case kvsRSub:
		for i := range d {
			d[i] = s - a[i]
		}
	case kvsGE:
		for i := range d {
			d[i] = b2f(a[i] >= s)
		}
	case kvsGT:
		for i := range d {
			d[i] = b2f(a[i] > s)
		}
	}
}

// goVV is kVV in Go.
func goVV(op int, d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case kvvAdd:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case kvvSub:
		for i := range d {
			d[i] = a[i] - b[i]
		}
	case kvvMul:
		for i := range d {
			d[i] = a[i] * b[i]
		}
	}
}

// goF3 is kF3 in Go. c may be nil when op does not read it.
func goF3(op int, d, a, c []float64, s, s2 float64) bool {
	a = a[:len(d)]
	if c != nil {
		c = c[:len(d)]
	}
	bad := 0.0
	switch op {
	case kfMulAdd:
		for i := range d {
			d[i] = float64(s*a[i]) + c[i]
		}
	case kfMulSub:
		for i := range d {
			d[i] = float64(s*a[i]) - c[i]
		}
	case kfAddSub:
		for i := range d {
			d[i] = (a[i] + s) - c[i]
		}
	case kfSqMul:
		for i, x := range a {
			d[i] = s * float64(x*x)
		}
	case kfAXPY:
		for i := range d {
			r := d[i] + float64(s*a[i])
			d[i] = r
			bad += r - r // 0 while finite, NaN after an Inf or NaN
		}
	case kfAddAXPY:
		for i := range d {
			r := d[i] + float64(s*(a[i]+c[i]))
			d[i] = r
			bad += r - r
		}
	case kfMulSubAXPY:
		for i := range d {
			r := d[i] + float64(s2*(float64(s*a[i])-c[i]))
			d[i] = r
			bad += r - r
		}
	}
	return bad == 0
}

// goAXPYV is kAXPYV in Go.
func goAXPYV(d, a, s []float64) bool {
	a, s = a[:len(d)], s[:len(d)]
	bad := 0.0
	for i := range d {
		r := d[i] + float64(s[i]*a[i])
		d[i] = r
		bad += r - r
	}
	return bad == 0
}

// goSpike is kSpike in Go.
func goSpike(gt bool, a []float64, s float64, base int32, idx []int32) int {
	cnt := 0
	if gt {
		for i, x := range a {
			if x > s {
				idx[cnt] = base + int32(i)
				cnt++
			}
		}
		return cnt
	}
	for i, x := range a {
		if x >= s {
			idx[cnt] = base + int32(i)
			cnt++
		}
	}
	return cnt
}

// kVS sets d = a ∘ s for the operation op (kvsAdd …).
func kVS(op int, d, a []float64, s float64) {
	k := 0
	if eqAsm && len(d) >= 4 {
		k = len(d) &^ 3
		eqVSQuads(op, &d[0], &a[0], s, k)
	}
	goVS(op, d[k:], a[k:], s)
}

// kVV sets d = a ∘ b for the operation op (kvvAdd …).
func kVV(op int, d, a, b []float64) {
	k := 0
	if eqAsm && len(d) >= 4 {
		k = len(d) &^ 3
		eqVVQuads(op, &d[0], &a[0], &b[0], k)
	}
	goVV(op, d[k:], a[k:], b[k:])
}

// kF3 runs the fused operation op (kfMulAdd …) over d; c may be nil when
// op does not read it. It reports whether every result is finite (axpy
// forms only; true otherwise).
func kF3(op int, d, a, c []float64, s, s2 float64) bool {
	k, ok := 0, true
	if eqAsm && len(d) >= 4 {
		k = len(d) &^ 3
		cp := &a[0]
		if c != nil {
			cp = &c[0]
		}
		ok = eqF3Quads(op, &d[0], &a[0], cp, s, s2, k)
	}
	if c != nil {
		c = c[k:]
	}
	return goF3(op, d[k:], a[k:], c, s, s2) && ok
}

// kAXPYV sets d += s·a element by element (s a vector) and reports
// whether every result is finite.
func kAXPYV(d, a, s []float64) bool {
	k, ok := 0, true
	if eqAsm && len(d) >= 4 {
		k = len(d) &^ 3
		ok = eqAXPYVQuads(&d[0], &a[0], &s[0], k)
	}
	return goAXPYV(d[k:], a[k:], s[k:]) && ok
}

// kSpike stores base + i in idx for every i with a[i] ≥ s (a[i] > s
// with gt), in increasing order, and returns their count; len(idx) ≥
// len(a).
func kSpike(gt bool, a []float64, s float64, base int32, idx []int32) int {
	k, cnt := 0, 0
	if eqAsm && len(a) >= 4 {
		k = len(a) &^ 3
		cnt = eqSpikeQuads(gt, &a[0], s, k, &idx[0], int(base))
	}
	return cnt + goSpike(gt, a[k:], s, base+int32(k), idx[cnt:])
}

// kInput sets d to the fused input of a Delta channel's slot buf and a
// stimulus of constant amp plus held noise h (see fusedInput), and
// clears buf: bit for bit what deltaNoise computes.
func kInput(d []float64, buf []float32, h []float64, scale, amp float64) {
	k := 0
	if eqAsm && len(d) >= 4 {
		k = len(d) &^ 3
		eqInputQuads(&d[0], &buf[0], &h[0], scale, amp, k)
	}
	deltaNoise(buf[k:len(d)], scale, d[k:], amp, h[k:])
}
