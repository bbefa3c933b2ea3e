package pyn

import "math"

// This file refuses numbers pyn cannot represent where they are stored:
// weights are float32 in the synapse tables, so a finite float64 weight
// beyond ±3.4·10³⁸ would silently become ±Inf there.

// normalReach bounds a normal draw in standard deviations: the generator
// never returns a value beyond it.
const normalReach = 40

// checkFloat32 refuses the weights of a connection that would overflow a
// float32: the weight law times Scale, FromArrays weights and the STDP
// bounds.
func (cs *connSpec) checkFloat32() error {
	c := &cs.c
	scale := math.Abs(orDefault(c.Scale, 1))
	var peak float64
	d := c.Weight
	switch d.Law {
	case LawConst:
		peak = math.Abs(d.A)
	case LawNormal:
		peak = math.Abs(d.A) + normalReach*d.B
	default:
		peak = math.Max(math.Abs(d.A), math.Abs(d.B))
		if d.A == 0 && d.B == 0 {
			peak = 1
		}
	}
	if c.Rule == FromArrays && c.Weights != nil {
		peak = 0
		for k, w := range c.Weights {
			if x := math.Abs(w) * scale; !(x <= math.MaxFloat32) {
				return tooLargeWeight(cs, "Weights[%d] = %v times Scale = %v is %v", k, w, c.Scale, w*c.Scale)
			}
		}
	}
	if x := peak * scale; !(x <= math.MaxFloat32) {
		return tooLargeWeight(cs, "the weight law %v(%v, %v) times Scale = %v reaches %v", d.Law, d.A, d.B, c.Scale, x)
	}
	if p := c.STDP; p != nil && (math.Abs(p.WMin) > math.MaxFloat32 || math.Abs(p.WMax) > math.MaxFloat32) {
		return tooLargeWeight(cs, "STDP bounds [%v, %v]", p.WMin, p.WMax)
	}
	return nil
}

func tooLargeWeight(cs *connSpec, format string, args ...any) error {
	e := newError(ErrTooLarge, "%s: "+format+", beyond the ±3.4e38 a weight holds (weights are stored as float32)",
		append([]any{cs.name()}, args...)...)
	e.Param = "Weight"
	return e
}
