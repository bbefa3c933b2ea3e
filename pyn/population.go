package pyn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Population is a group of neurons (or spike sources) sharing one model.
// Create one with NewIzhikevich, NewAdEx, NewHodgkinHuxley, NewLIF,
// NewPoisson or NewSpikeSource. Constructors never fail: a bad argument is
// kept and reported by Network.Add, Network.Connect or Network.Simulate,
// so that a notebook cell can build populations in one line each.
type Population struct {
	// Name identifies the population in a network; it must be unique there.
	Name string
	// N is the number of neurons.
	N int

	m   model
	err error // deferred construction error

	recurrentOff bool  // DisableRecurrent was called
	recurrent    *Conn // SetRecurrent replaced the default rule
}

// Model names the population's model: "Izhikevich", "AdEx",
// "HodgkinHuxley", "LIF", "Poisson" or "SpikeSource".
func (p *Population) Model() string {
	if p == nil || p.m == nil {
		return ""
	}
	return p.m.kind()
}

// SetParam sets parameter name for every neuron (one value) or per neuron
// (N values). The error names the population, the parameter and the index
// of the first bad value.
func (p *Population) SetParam(name string, values []float64) error {
	if err := p.usable(); err != nil {
		return err
	}
	if err := p.m.setParam(name, values); err != nil {
		return p.wrap(err)
	}
	// A construction error about a parameter is cleared once the values
	// are valid again (e.g. a NaN replaced per neuron).
	if p.err != nil && p.N > 0 {
		if v, ok := p.m.(validator); ok && v.valid() == nil {
			p.err = nil
		}
	}
	return nil
}

// Param returns a copy of the per-neuron values of parameter name.
func (p *Population) Param(name string) ([]float64, error) {
	if err := p.usable(); err != nil {
		return nil, err
	}
	v, ok := p.m.param(name)
	if !ok {
		return nil, p.wrap(unknownParam(name, p.m.paramNames()))
	}
	return append([]float64(nil), v...), nil
}

// Spread draws parameter name per neuron from d with its own seeded
// generator: the same seed gives the same values.
func (p *Population) Spread(name string, d Dist, seed uint64) error {
	if err := p.usable(); err != nil {
		return err
	}
	if p.N <= 0 {
		return p.wrap(fmt.Errorf("spread %q: population has N = %d", name, p.N))
	}
	if err := d.validate(); err != nil {
		return p.wrap(fmt.Errorf("spread %q: %v", name, err))
	}
	rng := rand.New(rand.NewPCG(seed, spreadStream))
	v := make([]float64, p.N)
	for i := range v {
		v[i] = d.sample(rng)
	}
	return p.SetParam(name, v)
}

// spreadStream is the PCG stream constant of Spread's generators, distinct
// from the streams used for connectivity and noise.
const spreadStream = 0x5052454144 // "SPREAD"

// State returns a copy of the current value of state variable name
// ("v", "u", "w", …) for every neuron. Before the first simulation it is
// the initial state the parameters give.
func (p *Population) State(name string) ([]float64, error) {
	if err := p.usable(); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	s := p.m.state(name)
	if s == nil {
		if !hasName(p.m.vars(), name) {
			return nil, p.wrap(fmt.Errorf("unknown state variable %q (%s)", name, listNames("state variables", p.m.vars())))
		}
		if err := p.initModel(); err != nil {
			return nil, err
		}
		s = p.m.state(name)
	}
	return append([]float64(nil), s...), nil
}

// Err reports a problem found when the population was built (N ≤ 0, a
// NaN or infinite parameter, a bad spike time), or nil.
func (p *Population) Err() error {
	if p == nil {
		return errNilPop
	}
	if p.err != nil {
		return p.err
	}
	if p.m == nil {
		return p.noModel()
	}
	return nil
}

// initModel validates the parameters and sets the state to its initial
// values; errors name the population.
func (p *Population) initModel() error {
	if err := p.Err(); err != nil {
		return err
	}
	if err := p.m.init(p.N); err != nil {
		return p.wrap(err)
	}
	return nil
}

// errNilPop is the error of every method called on a nil *Population.
var errNilPop = newError(ErrNil, "pyn: nil population")

// usable reports why the methods that read or change parameters cannot
// work on p: it is nil, or it was not made by a constructor.
func (p *Population) usable() error {
	if p == nil {
		return errNilPop
	}
	if p.m == nil {
		return p.noModel()
	}
	return nil
}

// noModel is the error of a Population value not made by a constructor.
func (p *Population) noModel() error {
	return inputErrorf("pyn: population %q has no model (build it with NewIzhikevich, NewAdEx, …)", p.Name)
}

// wrap prefixes a model error with the population's name.
func (p *Population) wrap(err error) error {
	e := inputErrorf("pyn: population %q: %w", p.Name, err).pop(p.Name)
	var me *Error
	if errors.As(err, &me) {
		e.Kind, e.Neuron, e.Param, e.Value = me.Kind, me.Neuron, me.Param, me.Value
	}
	return e
}

// SetRecurrent replaces the default recurrent connection of the population
// (Conn{}: fixed probability 0.1, weights U[0,1), no self-connections).
// On a nil population it does nothing (NewNetwork reports the nil).
func (p *Population) SetRecurrent(c Conn) {
	if p != nil {
		p.recurrent = &c
		p.recurrentOff = false
	}
}

// DisableRecurrent removes the default recurrent connection.
// On a nil population it does nothing (NewNetwork reports the nil).
func (p *Population) DisableRecurrent() {
	if p != nil {
		p.recurrentOff = true
	}
}

// validate reports a law that cannot be drawn from (non-finite bounds,
// hi < lo, negative standard deviation).
func (d Dist) validate() error {
	if !finite(d.A) || !finite(d.B) {
		return fmt.Errorf("distribution parameters must be finite, got A = %v, B = %v", d.A, d.B)
	}
	switch d.Law {
	case LawUniform:
		if d.Law == LawUniform && d.A == 0 && d.B == 0 {
			return nil // the zero Dist: U[0,1)
		}
		if d.B < d.A {
			return fmt.Errorf("uniform law needs low ≤ high, got [%v, %v)", d.A, d.B)
		}
	case LawNormal:
		if d.B < 0 {
			return fmt.Errorf("normal law needs std ≥ 0, got %v", d.B)
		}
	case LawConst:
	default:
		return fmt.Errorf("unknown distribution law %d", int(d.Law))
	}
	return nil
}

// sample draws one value from d (the zero Dist is U[0,1)).
func (d Dist) sample(rng *rand.Rand) float64 {
	switch d.Law {
	case LawNormal:
		return d.A + float64(d.B*rng.NormFloat64())
	case LawConst:
		return d.A
	default:
		if d.A == 0 && d.B == 0 {
			return rng.Float64()
		}
		return d.A + float64((d.B-d.A)*rng.Float64())
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func hasName(list []string, name string) bool {
	for _, s := range list {
		if s == name {
			return true
		}
	}
	return false
}

func unknownParam(name string, known []string) error {
	e := notFoundf("unknown parameter %q (%s)", name, listNames("parameters", known))
	e.Param = name
	return e
}

// listNames says which names a model has, for error messages.
func listNames(what string, names []string) string {
	if len(names) == 0 {
		return "this model has no " + what
	}
	return "this model has " + strings.Join(names, ", ")
}

// pslot binds a parameter name to a model's per-neuron slice.
type pslot struct {
	name string
	v    *[]float64
}

// ptab is a model's parameter table, in documentation order.
type ptab []pslot

func (t ptab) names() []string {
	out := make([]string, len(t))
	for i, s := range t {
		out[i] = s.name
	}
	return out
}

func (t ptab) get(name string) ([]float64, bool) {
	for _, s := range t {
		if s.name == name {
			return *s.v, true
		}
	}
	return nil, false
}

// set checks and stores one value for all n neurons or n values; it
// returns an error naming the parameter and the first bad index.
func (t ptab) set(name string, n int, v []float64) error {
	var slot *[]float64
	for _, s := range t {
		if s.name == name {
			slot = s.v
		}
	}
	if slot == nil {
		return unknownParam(name, t.names())
	}
	if len(v) != 1 && len(v) != n {
		return fmt.Errorf("parameter %q: got %d values, want 1 or N = %d", name, len(v), n)
	}
	for i, x := range v {
		if !finite(x) {
			return inputErrorf("parameter %q: value[%d] = %v is not finite", name, i, x).neuron(i).param(name, x)
		}
	}
	if n < 0 {
		n = 0
	}
	if len(*slot) != n {
		*slot = make([]float64, n)
	}
	if len(v) == 1 {
		fill(*slot, v[0])
	} else {
		copy(*slot, v)
	}
	return nil
}

// alloc gives every parameter n copies of its value in vals (table order).
// A size that does not fit in memory allocates nothing and is reported.
func (t ptab) alloc(n int, vals ...float64) error {
	if n < 0 {
		n = 0
	}
	if err := checkAlloc(fmt.Sprintf("N = %d neurons × %d parameters", n, len(t)), int64(n), int64(len(t))*8); err != nil {
		for _, s := range t {
			*s.v = nil
		}
		return err
	}
	for i, s := range t {
		*s.v = make([]float64, n)
		fill(*s.v, vals[i])
	}
	return nil
}

// check reports the first non-finite parameter value.
func (t ptab) check() error {
	for _, s := range t {
		for i, x := range *s.v {
			if !finite(x) {
				return inputErrorf("parameter %q: value[%d] = %v is not finite", s.name, i, x).neuron(i).param(s.name, x)
			}
		}
	}
	return nil
}

func fill(s []float64, x float64) {
	for i := range s {
		s[i] = x
	}
}

// uniform reports whether every value of s is the same, and that value.
func uniform(s []float64) (float64, bool) {
	if len(s) == 0 {
		return 0, true
	}
	x := s[0]
	for _, y := range s[1:] {
		if y != x {
			return x, false
		}
	}
	return x, true
}

// maxNeurons is the largest population: indices are int32.
const maxNeurons = 1<<31 - 1

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// newPop builds a population around m, keeping the first construction problem.
func newPop(name string, n int, m model, err error) *Population {
	p := &Population{Name: name, N: n, m: m}
	if n <= 0 && err == nil {
		err = inputErrorf("population size N = %d, want N ≥ 1", n).param("N", float64(n))
	}
	if int64(n) > maxNeurons && err == nil {
		// Neuron indices are int32 in spikes, synapses and saved files.
		err = newError(ErrTooLarge, "population size N = %d is more than the %d neurons a population may hold", n, maxNeurons).param("N", float64(n))
	}
	if err != nil {
		p.err = p.wrap(err)
	}
	return p
}
