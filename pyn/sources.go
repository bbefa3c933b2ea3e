package pyn

import (
	"fmt"
	"math"
	"sort"
)

// poisson is a population of independent Poisson spike sources: in each
// step a source spikes with probability rate·dt (rate in Hz, dt in ms, so
// p = rate·dt/1000), drawn from the population's own random stream.
type poisson struct {
	n       int
	rate    []float64
	tab     ptab
	maxRate float64 // Hz, the largest rate, for the p ≤ 1 check
}

// NewPoisson returns n independent Poisson spike sources firing at rate
// Hz; SetParam("rate", …) gives each its own rate. The probability of a
// spike in one step is rate·dt/1000, so dt must keep it below 1
// (rate < 1000/dt Hz); at most one spike per step is emitted.
func NewPoisson(name string, n int, rate float64) *Population {
	m := &poisson{n: n}
	m.tab = ptab{{"rate", &m.rate}}
	m.tab.alloc(n, rate)
	return newPop(name, n, m, m.valid())
}

func (m *poisson) validate() error {
	for i, r := range m.rate {
		if r < 0 {
			return fmt.Errorf("parameter %q: value[%d] = %v, want rate ≥ 0 Hz", "rate", i, r)
		}
	}
	return nil
}

func (m *poisson) kind() string                        { return "Poisson" }
func (m *poisson) source() bool                        { return true }
func (m *poisson) paramNames() []string                { return m.tab.names() }
func (m *poisson) vars() []string                      { return nil }
func (m *poisson) param(name string) ([]float64, bool) { return m.tab.get(name) }
func (m *poisson) state(name string) []float64         { return nil }
func (m *poisson) reset()                              {}

func (m *poisson) setParam(name string, v []float64) error {
	if err := m.tab.set(name, m.n, v); err != nil {
		return err
	}
	m.refresh()
	return nil
}

func (m *poisson) refresh() {
	m.maxRate = 0
	for _, r := range m.rate {
		m.maxRate = math.Max(m.maxRate, r)
	}
}

func (m *poisson) init(n int) error {
	if n != m.n || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	m.refresh()
	return m.valid()
}

// prepare refuses a step at which the highest rate would give a spike
// probability above 1.
func (m *poisson) prepare(dt float64) error {
	if k := dt / 1000; m.maxRate*k > 1 {
		return fmt.Errorf("rate %v Hz gives a spike probability %v > 1 per step of %v ms; use dt < %v ms", m.maxRate, m.maxRate*k, dt, 1000/m.maxRate)
	}
	return nil
}

func (m *poisson) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	k := c.dt / 1000
	for i, r := range m.rate {
		if r > 0 && c.rng.Float64() < r*k {
			spikes = append(spikes, int32(i))
		}
	}
	return spikes, nil
}

// spikeSource emits given spike times. Source i spikes in the step whose
// interval [t, t+dt) contains one of its times; several times in one step
// give one spike.
type spikeSource struct {
	times [][]float64 // sorted copies, ms
	next  []int       // index of the next time to emit, per source
}

// NewSpikeSource returns one source per entry of times, each emitting
// spikes at the given times (ms, network time, ≥ 0, any order). Times
// are copied and sorted.
func NewSpikeSource(name string, times [][]float64) *Population {
	m := &spikeSource{times: make([][]float64, len(times)), next: make([]int, len(times))}
	var err error
	for i, ts := range times {
		for j, x := range ts {
			if (math.IsNaN(x) || math.IsInf(x, 0) || x < 0) && err == nil {
				err = fmt.Errorf("spike time [%d][%d] = %v, want a finite time ≥ 0 ms", i, j, x)
			}
		}
		m.times[i] = append([]float64(nil), ts...)
		sort.Float64s(m.times[i])
	}
	return newPop(name, len(times), m, err)
}

func (m *spikeSource) kind() string                        { return "SpikeSource" }
func (m *spikeSource) source() bool                        { return true }
func (m *spikeSource) paramNames() []string                { return nil }
func (m *spikeSource) vars() []string                      { return nil }
func (m *spikeSource) param(name string) ([]float64, bool) { return nil, false }
func (m *spikeSource) state(name string) []float64         { return nil }
func (m *spikeSource) setParam(name string, v []float64) error {
	return fmt.Errorf("unknown parameter %q (a spike source has no parameters; give its times to NewSpikeSource)", name)
}

func (m *spikeSource) init(n int) error {
	if n != len(m.times) || n <= 0 {
		return fmt.Errorf("population size N = %d, want N ≥ 1", n)
	}
	m.reset()
	return nil
}

func (m *spikeSource) reset()                   { fill32(m.next) }
func (m *spikeSource) prepare(dt float64) error { return nil }

func fill32(s []int) {
	for i := range s {
		s[i] = 0
	}
}

func (m *spikeSource) step(c *stepCtx, in *input, spikes []int32) ([]int32, error) {
	// A time within a millionth of a step below the step's end belongs
	// to the next step: k·dt is rarely exact in floating point, and a
	// time given as 3·dt must fall in step 3, not at the end of step 2.
	end := c.t + c.dt - 1e-6*c.dt
	for i, ts := range m.times {
		j := m.next[i]
		if j >= len(ts) || ts[j] >= end {
			continue
		}
		for j < len(ts) && ts[j] < end {
			j++
		}
		m.next[i] = j
		spikes = append(spikes, int32(i))
	}
	return spikes, nil
}

func (m *poisson) valid() error {
	if err := m.tab.check(); err != nil {
		return err
	}
	return m.validate()
}
