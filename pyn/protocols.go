package pyn

// This file holds the published stimulation protocols: the 20 panels of
// Izhikevich (2004), Fig. 1 (Behaviours) and the eight firing patterns of
// Naud et al. (2008), Table 1 (AdExPatterns). The parameter presets they
// use are in presets.go.

import "math"

// Behaviour is one panel of Izhikevich (2004), Fig. 1: a named behaviour
// with its parameters and its published stimulus protocol.
type Behaviour struct {
	Name   string
	Params IzhikevichParams
	T, Dt  float64 // ms: duration and the panel's published step size
	Stim   []Stim  // the protocol, for neuron 0
}

// Run simulates the panel: one neuron, population named after the panel,
// for T ms at the published Dt with the published stimulus, recording v
// and u. The result is ready to plot next to the figure.
func (b Behaviour) Run() (*Result, error) {
	p := NewIzhikevich(b.Name, 1, b.Params)
	p.DisableRecurrent()
	return NewNetwork(p).Simulate(Sim{Name: b.Name, T: b.T, Dt: b.Dt,
		IExt: map[string][]Stim{b.Name: b.Stim}, Record: []string{"v", "u"}})
}

// Behaviours returns the 20 panels of Izhikevich (2004), Fig. 1, in figure
// order, each with the parameters, duration, step size and input current
// of Izhikevich's published code for the figure (figure1.m).
//
// The published code evaluates the current at the start of each step
// (t = k·dt) with strict inequalities such as t > 20 and t < 25. A Stim is
// active while Start ≤ t ≤ Stop, so every edge here is put half a step
// from the grid: the stimulus covers exactly the published steps whatever
// the rounding of k·dt. Ramps are given as a Series sampled every step
// from t = 0, holding the published values. Simulating a panel for T ms
// at Dt gives the published trace except for the plotted spike tips (the
// code draws 30 mV at a spike; pyn records the reset value c) and the
// code's extra final point at t = T, which never holds a spike.
func Behaviours() []Behaviour {
	step := func(amp, after, dt float64) Stim { // I = amp for t > after
		return Stim{Start: gtEdge(after, dt), Amp: amp, Neurons: []int{0}}
	}
	pulse := func(amp, after, before, dt float64) Stim { // I = amp for after < t < before
		return Stim{Start: gtEdge(after, dt), Stop: ltEdge(before, dt), Amp: amp, Neurons: []int{0}}
	}
	series := func(T, dt float64, f func(t float64) float64) Stim {
		n := int(math.Round(T / dt))
		s := make([]float64, n)
		for k := range s {
			s[k] = f(float64(k) * dt)
		}
		return Stim{Start: 0, Series: s, SeriesDt: dt, Neurons: []int{0}}
	}
	const k3, k4 = 0.7 * 400, 0.7*400 + 40 // resonator's second pulse pair
	const l1 = 100.0 / 11                  // integrator's first pulse
	return []Behaviour{
		{"(A) tonic spiking", TonicSpiking, 100, 0.25, []Stim{step(14, 10, 0.25)}},
		{"(B) phasic spiking", PhasicSpiking, 200, 0.25, []Stim{step(0.5, 20, 0.25)}},
		{"(C) tonic bursting", TonicBursting, 220, 0.25, []Stim{step(15, 22, 0.25)}},
		{"(D) phasic bursting", PhasicBursting, 200, 0.2, []Stim{step(0.6, 20, 0.2)}},
		{"(E) mixed mode", MixedMode, 160, 0.25, []Stim{step(10, 16, 0.25)}},
		{"(F) spike frequency adaptation", SpikeFrequencyAdaptation, 85, 0.25, []Stim{step(30, 8.5, 0.25)}},
		{"(G) Class 1 excitable", Class1Excitable, 300, 0.25, []Stim{series(300, 0.25, func(t float64) float64 {
			if t > 30 {
				return 0.075 * (t - 30)
			}
			return 0
		})}},
		{"(H) Class 2 excitable", Class2Excitable, 300, 0.25, []Stim{series(300, 0.25, func(t float64) float64 {
			if t > 30 {
				return -0.5 + float64(0.015*(t-30))
			}
			return -0.5
		})}},
		{"(I) spike latency", SpikeLatency, 100, 0.2, []Stim{pulse(7.04, 10, 13, 0.2)}},
		{"(J) subthreshold oscillations", SubthresholdOscillations, 200, 0.25, []Stim{pulse(2, 20, 25, 0.25)}},
		{"(K) resonator", Resonator, 400, 0.25, []Stim{
			pulse(0.65, 40, 44, 0.25), pulse(0.65, 60, 64, 0.25),
			pulse(0.65, k3, k3+4, 0.25), pulse(0.65, k4, k4+4, 0.25)}},
		{"(L) integrator", Integrator, 100, 0.25, []Stim{
			pulse(9, l1, l1+2, 0.25), pulse(9, l1+5, l1+5+2, 0.25),
			pulse(9, 70, 72, 0.25), pulse(9, 80, 82, 0.25)}},
		{"(M) rebound spike", ReboundSpike, 200, 0.2, []Stim{pulse(-15, 20, 25, 0.2)}},
		{"(N) rebound burst", ReboundBurst, 200, 0.2, []Stim{pulse(-15, 20, 25, 0.2)}},
		{"(O) threshold variability", ThresholdVariability, 100, 0.25, []Stim{
			pulse(1, 10, 15, 0.25), pulse(-6, 70, 75, 0.25), pulse(1, 80, 85, 0.25)}},
		{"(P) bistability", Bistability, 300, 0.25, []Stim{
			{Amp: 0.24, Neurons: []int{0}},
			pulse(1, 300.0/8, 300.0/8+5, 0.25), pulse(1, 216, 221, 0.25)}},
		{"(Q) depolarizing after-potential", DAP, 50, 0.1, []Stim{pulse(20, 9, 11, 0.1)}},
		{"(R) accommodation", Accommodation, 400, 0.5, []Stim{series(400, 0.5, func(t float64) float64 {
			switch {
			case t < 200:
				return t / 25
			case t < 300:
				return 0
			case t < 312.5:
				return (t - 300) / 12.5 * 4
			}
			return 0
		})}},
		{"(S) inhibition-induced spiking", InhibitionInducedSpiking, 350, 0.5, []Stim{
			{Amp: 80, Neurons: []int{0}}, {Start: 49.75, Stop: 250.25, Amp: -5, Neurons: []int{0}}}},
		{"(T) inhibition-induced bursting", InhibitionInducedBursting, 350, 0.5, []Stim{
			{Amp: 80, Neurons: []int{0}}, {Start: 49.75, Stop: 250.25, Amp: -5, Neurons: []int{0}}}},
	}
}

// gtEdge returns a Start that makes a stimulus begin at the first grid
// time k·dt strictly after x, half a step before it.
func gtEdge(x, dt float64) float64 {
	r := x / dt
	k := math.Ceil(r)
	if math.Abs(r-math.Round(r)) < 1e-9 {
		k = math.Round(r) + 1
	}
	return (k - 0.5) * dt
}

// ltEdge returns a Stop that makes a stimulus end at the last grid time
// k·dt strictly before x, half a step after it.
func ltEdge(x, dt float64) float64 {
	r := x / dt
	k := math.Floor(r)
	if math.Abs(r-math.Round(r)) < 1e-9 {
		k = math.Round(r) - 1
	}
	return (k + 0.5) * dt
}

// AdExPattern is one firing pattern of Naud et al. (2008) with its step
// current.
type AdExPattern struct {
	Name   string
	Params AdExParams
	I      float64 // step current, pA (Naud et al. 2008, Table 1)
	T      float64 // ms, suggested duration
	Stim   []Stim  // the step: I from 10 ms to the end, neuron 0
}

// Run simulates the pattern: one neuron, population named after the
// pattern, for T ms at dt = 0.05 ms with its step current, recording v
// and w.
func (p AdExPattern) Run() (*Result, error) {
	pop := NewAdEx(p.Name, 1, p.Params)
	pop.DisableRecurrent()
	return NewNetwork(pop).Simulate(Sim{Name: p.Name, T: p.T, Dt: 0.05,
		IExt: map[string][]Stim{p.Name: p.Stim}, Record: []string{"v", "w"}})
}

// AdExPatterns returns the eight firing patterns of Naud et al. (2008),
// Table 1, in table order. The current starts at 10 ms so that each trace
// shows the rest state first.
//
// One current differs from the table: transient spiking uses 180 pA.
// With the table's 350 pA the model fires an onset burst and then keeps
// firing at about 12 Hz, which is not the pattern of the paper's Fig. 4g;
// 180 pA gives the single onset spike followed by silence that the figure
// shows. The same correction is made in the Brian 2 example
// Naud_et_al_2008_adex_firing_patterns.py (parameters adapted by
// P. Müller to match the figures).
func AdExPatterns() []AdExPattern {
	mk := func(name string, p AdExParams, i float64) AdExPattern {
		return AdExPattern{Name: name, Params: p, I: i, T: 500,
			Stim: []Stim{{Start: 10, Amp: i, Neurons: []int{0}}}}
	}
	return []AdExPattern{
		mk("tonic spiking", AdExTonic, 500),
		mk("adapting", AdExAdapting, 500),
		mk("initial burst", AdExInitialBurst, 400),
		mk("regular bursting", AdExRegularBursting, 210),
		mk("delayed accelerating", AdExDelayedAccelerating, 300),
		mk("delayed regular bursting", AdExDelayedRegularBursting, 110),
		mk("transient spiking", AdExTransient, 180),
		mk("irregular spiking", AdExIrregular, 160),
	}
}
