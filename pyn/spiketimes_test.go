package pyn

import (
	"errors"
	"math"
	"testing"
)

// spikeNet builds one of the networks the spike-timing tests run.
type spikeNet struct {
	name string
	pop  string
	make func() *Network
	sim  Sim
}

func spikeNets() []spikeNet {
	traub := HHTraubMiles
	traub.Integrator = HHExponentialEuler
	adexEuler := AdExTonic
	adexEuler.Integrator = AdExEuler
	return []spikeNet{
		// The squid axon at 10 µA/cm² fires repetitively (about 68 Hz,
		// TestHHFiringRate); scalar RK4 path.
		{"HH squid RK4", "hh", func() *Network { return NewNetwork(NewHodgkinHuxley("hh", 1, HHSquidAxon)) },
			Sim{T: 100, Dt: 0.05, IExt: map[string][]Stim{"hh": {{Amp: 10}}}}},
		// Traub–Miles by exponential Euler takes the vectorised path, here
		// split over two threads, and drives a second population through
		// synapses whose delivery must not move.
		{"HH Traub exp-Euler, threads, synapses", "a", func() *Network {
			n := NewNetwork(NewHodgkinHuxley("a", 8, traub), NewHodgkinHuxley("b", 8, traub))
			if err := n.Connect("a", "b", Conn{Rule: AllToAll, Scale: 0.3, Synapse: Synapse{Kind: CondExp, Tau: 5, E: 0}}); err != nil {
				panic(err)
			}
			return n
		}, Sim{T: 100, Dt: 0.05, Threads: 2, NoSTDP: true,
			IExt: map[string][]Stim{"a": {{Amp: 3, Std: 2}}}}},
		// Naud et al. (2008), Table 1, tonic spiking at 500 pA; RK4 with
		// its stage cut-off at Vcut.
		{"AdEx tonic RK4", "adex", func() *Network { return NewNetwork(NewAdEx("adex", 1, AdExTonic)) },
			Sim{T: 200, Dt: 0.1, IExt: map[string][]Stim{"adex": {{Amp: 500}}}}},
		{"AdEx tonic Euler, refractory", "adex", func() *Network {
			p := adexEuler
			p.TRef = 2
			return NewNetwork(NewAdEx("adex", 1, p))
		}, Sim{T: 200, Dt: 0.1, IExt: map[string][]Stim{"adex": {{Amp: 500}}}}},
	}
}

// TestSpikeTimesInterpolated checks, against the same run with step
// times, that interpolation changes only the reported times: the same
// neurons spike in the same steps (also downstream of synapses, so
// delivery is unchanged), every interpolated time lies in (t_k, t_k + dt]
// (the definition in Sim.SpikeTimes), and the list stays in time order.
func TestSpikeTimesInterpolated(t *testing.T) {
	for _, c := range spikeNets() {
		t.Run(c.name, func(t *testing.T) {
			step, interp := c.sim, c.sim
			step.Record = []string{"v"}
			interp.Record = []string{"v"}
			interp.SpikeTimes = SpikeInterpolated
			rs, err := c.make().Simulate(step)
			if err != nil {
				t.Fatal(err)
			}
			ri, err := c.make().Simulate(interp)
			if err != nil {
				t.Fatal(err)
			}
			for k := range rs.Pops {
				ps, pi := rs.Pops[k], ri.Pops[k]
				if len(ps.Spikes.T) != len(pi.Spikes.T) {
					t.Fatalf("%s: %d spikes interpolated, %d with step times", ps.Name, len(pi.Spikes.T), len(ps.Spikes.T))
				}
				for j := range ps.Traces[0].Data {
					if ps.Traces[0].Data[j] != pi.Traces[0].Data[j] {
						t.Fatalf("%s: v sample %d differs: %v vs %v", ps.Name, j, pi.Traces[0].Data[j], ps.Traces[0].Data[j])
					}
				}
				if ps.Name != c.pop {
					continue // downstream: step times, same steps
				}
				if len(ps.Spikes.T) < 3 {
					t.Fatalf("%s: only %d spikes", ps.Name, len(ps.Spikes.T))
				}
				// Per neuron, the k-th spike of each run is the same spike.
				byID := map[int32][]float64{}
				for j, id := range ps.Spikes.ID {
					byID[id] = append(byID[id], ps.Spikes.T[j])
				}
				seen := map[int32]int{}
				dt := rs.Dt
				for j, id := range pi.Spikes.ID {
					tk := byID[id][seen[id]]
					seen[id]++
					ti := pi.Spikes.T[j]
					if !(ti > tk && ti <= tk+dt) {
						t.Errorf("%s neuron %d: interpolated %v not in (%v, %v]", ps.Name, id, ti, tk, tk+dt)
					}
					if j > 0 && ti < pi.Spikes.T[j-1] {
						t.Errorf("%s: spike %d at %v before spike %d at %v", ps.Name, j, ti, j-1, pi.Spikes.T[j-1])
					}
				}
			}
		})
	}
}

// TestSpikeTimesStepIsDefault: SpikeStep is the zero value and stamps
// every spike with the start of its step (multiples of dt).
func TestSpikeTimesStepIsDefault(t *testing.T) {
	c := spikeNets()[0]
	a, err := c.make().Simulate(c.sim)
	if err != nil {
		t.Fatal(err)
	}
	s := c.sim
	s.SpikeTimes = SpikeStep
	b, err := c.make().Simulate(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Pops[0].Spikes.T) == 0 || len(a.Pops[0].Spikes.T) != len(b.Pops[0].Spikes.T) {
		t.Fatalf("%d vs %d spikes", len(a.Pops[0].Spikes.T), len(b.Pops[0].Spikes.T))
	}
	for j, x := range a.Pops[0].Spikes.T {
		if x != b.Pops[0].Spikes.T[j] || x != float64(int64(math.Round(x/a.Dt)))*a.Dt {
			t.Errorf("spike %d: %v and %v, want the same step start", j, x, b.Pops[0].Spikes.T[j])
		}
	}
}

// firstSpike returns the first spike time of population 0 at dt.
func firstSpike(t *testing.T, mk func() *Network, s Sim, dt float64, timing SpikeTiming) float64 {
	t.Helper()
	s.Dt, s.SpikeTimes = dt, timing
	r, err := mk().Simulate(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pops[0].Spikes.T) == 0 {
		t.Fatalf("dt = %v: no spike", dt)
	}
	return r.Pops[0].Spikes.T[0]
}

// TestSpikeTimesConverge: the step time is off the true crossing by up
// to dt (O(dt)); the linear interpolation of a smooth V(t) between two
// steps is off by (dt²/8)·max|d²V/dt²|/(dV/dt) at most (the error of a secant, a
// closed form), O(dt²). At dt = 0.05 ms the interpolated first spike is
// therefore closer than the step time to a reference at dt = 0.001 ms,
// where both errors are negligible. Models: the squid axon at
// 10 µA/cm² (Hodgkin & Huxley 1952) and AdEx tonic spiking at 500 pA
// (Naud et al. 2008, Table 1).
func TestSpikeTimesConverge(t *testing.T) {
	nets := spikeNets()
	for _, c := range []spikeNet{nets[0], nets[2]} {
		t.Run(c.name, func(t *testing.T) {
			s := c.sim
			s.T = 40
			ref := firstSpike(t, c.make, s, 0.001, SpikeInterpolated)
			step := firstSpike(t, c.make, s, 0.05, SpikeStep)
			interp := firstSpike(t, c.make, s, 0.05, SpikeInterpolated)
			es, ei := math.Abs(step-ref), math.Abs(interp-ref)
			t.Logf("reference %.6f ms; dt = 0.05: step %.6f (error %.2e), interpolated %.6f (error %.2e)", ref, step, es, interp, ei)
			if !(ei < es) {
				t.Errorf("interpolated error %.3g ms not below the step time's %.3g ms", ei, es)
			}
		})
	}
}

// TestSpikeTimesRefused: models without a threshold crossing refuse
// SpikeInterpolated, naming the population, and an unknown timing is
// refused; spike sources keep step times beside a crossing model.
func TestSpikeTimesRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		net  func() *Network
		sim  Sim
		pop  string // the population the error must name; "" means no error
	}{
		{"Izhikevich", func() *Network { return NewNetwork(NewIzhikevich("izh", 2, TonicSpiking)) },
			Sim{T: 10, SpikeTimes: SpikeInterpolated}, "izh"},
		{"LIF beside HH", func() *Network {
			return NewNetwork(NewHodgkinHuxley("hh", 1, HHSquidAxon), NewLIF("lif", 2, LIFParams{}))
		}, Sim{T: 10, SpikeTimes: SpikeInterpolated}, "lif"},
		{"unknown timing", func() *Network { return NewNetwork(NewHodgkinHuxley("hh", 1, HHSquidAxon)) },
			Sim{T: 10, SpikeTimes: 7}, ""},
		{"Poisson source into HH", func() *Network {
			n := NewNetwork(NewPoisson("in", 5, 50), NewHodgkinHuxley("hh", 1, HHSquidAxon))
			if err := n.Connect("in", "hh", Conn{}); err != nil {
				panic(err)
			}
			return n
		}, Sim{T: 10, SpikeTimes: SpikeInterpolated}, "-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.net().Simulate(c.sim)
			if c.pop == "-" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *Error
			if !errors.Is(err, ErrBadInput) || !errors.As(err, &e) || e.Pop != c.pop {
				t.Fatalf("err = %v, want ErrBadInput naming population %q", err, c.pop)
			}
		})
	}
}

func TestSpikeTimingString(t *testing.T) {
	for _, c := range []struct {
		s    SpikeTiming
		want string
	}{{SpikeStep, "SpikeStep"}, {SpikeInterpolated, "SpikeInterpolated"}, {5, "SpikeTiming(5)"}} {
		if got := c.s.String(); got != c.want {
			t.Errorf("%d: %q, want %q", int(c.s), got, c.want)
		}
	}
}
