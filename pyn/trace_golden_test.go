package pyn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"path/filepath"
	"testing"
)

// TestTraceHashes records every state variable of every model (v and u of
// Izhikevich, v and w of AdEx with both integrators, v, m, h, n of HH
// with its three, v of LIF with both) and compares the SHA-256 of their
// bits with testdata/traces.sha256. CI runs it on the default amd64
// build, with GOAMD64=v3 (where the compiler may fuse a multiply and an
// add into one FMA), with -tags purego and on 386: the recorded traces,
// not only the spike counts, must be the same bits everywhere: every
// product that meets an addition is rounded first (float64(a*b) + c), so
// no build fuses them.
func TestTraceHashes(t *testing.T) {
	lif := LIFParams{C: 250, TauM: 10, EL: -65, VTh: -50, VReset: -60, TRef: 2}
	lifE := lif
	lifE.Integrator = LIFEuler
	adexE := AdExAdapting
	adexE.Integrator = AdExEuler
	hhX, hhE := HHTraubMiles, HHSquidAxon
	hhX.Integrator, hhE.Integrator = HHExponentialEuler, HHEuler
	cases := []struct {
		name string
		pop  *Population
		amp  float64
		dt   float64
	}{
		{"izhikevich", NewIzhikevich("p", 4, RegularSpiking), 10, 0.125},
		{"izhikevich-class1", NewIzhikevich("p", 4, IzhikevichParams{A: 0.02, B: -0.1, C: -55, D: 6, V0: -60, Variant: IzhClass1}), 30, 0.25},
		{"izhikevich-accommodation", NewIzhikevich("p", 4, IzhikevichParams{A: 0.02, B: 1, C: -55, D: 4, V0: -65, U0: -16, HasU0: true, Variant: IzhAccommodation}), 30, 0.5},
		{"adex-rk4", NewAdEx("p", 4, AdExAdapting), 500, 0.05},
		{"adex-euler", NewAdEx("p", 4, adexE), 500, 0.05},
		{"hh-rk4", NewHodgkinHuxley("p", 4, HHSquidAxon), 10, 0.01},
		{"hh-expeuler", NewHodgkinHuxley("p", 4, hhX), 1, 0.05},
		{"hh-euler", NewHodgkinHuxley("p", 4, hhE), 10, 0.01},
		{"lif-exact", NewLIF("p", 4, lif), 400, 0.1},
		{"lif-euler", NewLIF("p", 4, lifE), 400, 0.1},
	}
	got := map[string]string{}
	for _, c := range cases {
		// A recurrent connection and a noisy stimulus, so that the
		// synaptic and noise paths enter the traces.
		c.pop.SetRecurrent(Conn{Rule: AllToAll, Weight: Const(0.5), Synapse: Synapse{Kind: Exponential, Tau: 2}})
		r, err := NewNetwork(c.pop).Simulate(Sim{T: 60, Dt: c.dt, Seed: 3, Record: c.pop.m.vars(),
			IExt: map[string][]Stim{"p": {{Start: 5, Amp: c.amp, Std: c.amp / 5}}}})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		h := sha256.New()
		var b [8]byte
		for _, tr := range r.Pops[0].Traces {
			h.Write([]byte(tr.Var))
			for _, x := range tr.Data {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
				h.Write(b[:])
			}
		}
		for _, x := range r.Pops[0].Spikes.T {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
			h.Write(b[:])
		}
		got[c.name] = hex.EncodeToString(h.Sum(nil))
	}
	checkHashes(t, filepath.Join("testdata", "traces.sha256"), got)
}
