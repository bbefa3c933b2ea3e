package pyn_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyn-go/pyn/pyn"
)

var docsFlag = flag.Bool("docs", false, "write the figures of docs/figures.md to docs/img")

// TestDocsFigures draws every figure kind from real simulations into
// docs/img, for docs/figures.md. Run it with
//
//	go test ./pyn -run TestDocsFigures -docs
//
// Without -docs it is skipped: the golden tests cover the drawing code.
func TestDocsFigures(t *testing.T) {
	if !*docsFlag {
		t.Skip("run with -docs to regenerate docs/img")
	}
	out := filepath.Join("..", "docs", "img")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	save := func(name string, f *pyn.Figure, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := f.Save(filepath.Join(out, name)); err != nil {
			t.Fatal(err)
		}
	}

	// 1. The README tutorial: one tonic-spiking neuron.
	charly := pyn.NewIzhikevich("Charly the Neuron", 1, pyn.TonicSpiking)
	res, err := pyn.NewNetwork(charly).Simulate(pyn.Sim{Name: "Single neuron exhibiting tonic spiking",
		T: 100, Dt: 0.25, IExt: map[string][]pyn.Stim{"Charly the Neuron": {{Start: 10, Stop: 100, Amp: 14, Neurons: []int{0}}}},
		Record: []string{"v", "u", "psc", "I_ext"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := pyn.ShowData(res)
	save("showdata_single.png", f, err)

	// 2. Izhikevich (2003) network: 800 regular-spiking excitatory and 200
	// fast-spiking inhibitory neurons, all-to-all, noisy thalamic input.
	net, res := izhNetwork(t)
	_ = net
	f, err = pyn.ShowData(res)
	save("showdata_network.png", f, err)
	f, err = pyn.Raster(res, pyn.RasterOptions{Rate: true, Smooth: 2})
	save("raster.png", f, err)
	f, err = pyn.Rate(res, pyn.RateOptions{Bin: 2})
	save("rate.png", f, err)
	f, err = pyn.Voltage(res, "exc", []int{0, 1, 2})
	save("voltage.png", f, err)
	f, err = pyn.ISIHistogram(res, pyn.ISIOptions{Max: 200})
	save("isi.png", f, err)

	// 3. f–I curves.
	currents := []float64{}
	for I := 0.0; I <= 1000; I += 25 {
		currents = append(currents, I)
	}
	fi, err := pyn.FICurve(func(n int) *pyn.Population { return pyn.NewLIF("LIF (NEST defaults)", n, pyn.LIFStandard) },
		currents, pyn.FIOptions{T: 1000, Dt: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	save("fi_lif.png", fi.Figure, nil)

	// 4. STDP: 100 Poisson inputs at 20 Hz onto 20 regular-spiking
	// neurons for 100 s; additive STDP drives the weights towards the
	// bounds (Song, Miller & Abbott 2000, Nat. Neurosci. 3:919).
	in := pyn.NewPoisson("input", 100, 20)
	exc := pyn.NewIzhikevich("exc", 20, pyn.RegularSpiking)
	exc.DisableRecurrent()
	snet := pyn.NewNetwork(in, exc)
	if err := snet.Connect("input", "exc", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Uniform(0, 4),
		Synapse: pyn.Synapse{Kind: pyn.Delta}, STDP: &pyn.STDP{WMax: 4, APlus: 0.04}}); err != nil {
		t.Fatal(err)
	}
	before, err := snet.Weights("input", "exc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snet.Simulate(pyn.Sim{Name: "STDP", T: 100000, Dt: 0.25}); err != nil {
		t.Fatal(err)
	}
	after, err := snet.Weights("input", "exc")
	if err != nil {
		t.Fatal(err)
	}
	f, err = pyn.WeightsBeforeAfter(before, after)
	save("weights_stdp.png", f, err)
	f, err = pyn.WeightMatrix(after)
	save("weights.png", f, err)

	// 5. The Izhikevich (2004) gallery.
	f, err = pyn.GalleryOf(pyn.Behaviours())
	save("gallery.png", f, err)
}

// izhNetwork runs the network of Izhikevich (2003), Fig. 3 (net.m) for
// 1000 ms: excitatory weights U[0, 0.5), inhibitory −U[0, 1), delta
// synapses, thalamic noise 5·N(0,1) (exc) and 2·N(0,1) (inh) redrawn
// every ms. Heterogeneity of c, d (exc) and a, b (inh) as in net.m.
func izhNetwork(t *testing.T) (*pyn.Network, *pyn.Result) {
	exc := pyn.NewIzhikevich("exc", 800, pyn.RegularSpiking)
	inh := pyn.NewIzhikevich("inh", 200, pyn.FastSpiking)
	for _, e := range []error{
		exc.Spread("c", pyn.Uniform(-65, -50), 1), exc.Spread("d", pyn.Uniform(2, 8), 2),
		inh.Spread("a", pyn.Uniform(0.02, 0.1), 3), inh.Spread("b", pyn.Uniform(0.2, 0.25), 4),
	} {
		if e != nil {
			t.Fatal(e)
		}
	}
	net := pyn.NewNetwork(exc, inh)
	delta := pyn.Synapse{Kind: pyn.Delta}
	for _, c := range []struct {
		pre, post string
		conn      pyn.Conn
	}{
		{"exc", "exc", pyn.Conn{Rule: pyn.AllToAll, Autapses: true, Weight: pyn.Uniform(0, 0.5), Synapse: delta}},
		{"exc", "inh", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Uniform(0, 0.5), Synapse: delta}},
		{"inh", "exc", pyn.Conn{Rule: pyn.AllToAll, Weight: pyn.Uniform(0, 1), Inhibitory: true, Synapse: delta}},
		{"inh", "inh", pyn.Conn{Rule: pyn.AllToAll, Autapses: true, Weight: pyn.Uniform(0, 1), Inhibitory: true, Synapse: delta}},
	} {
		if err := net.Connect(c.pre, c.post, c.conn); err != nil {
			t.Fatal(err)
		}
	}
	res, err := net.Simulate(pyn.Sim{Name: "Izhikevich (2003) network, 1000 neurons", T: 1000, Dt: 0.5, NoSTDP: true,
		IExt: map[string][]pyn.Stim{"exc": {{Std: 5, Every: 1}}, "inh": {{Std: 2, Every: 1}}},
		Probes: []pyn.Probe{{Pop: "exc", Var: "v", Neurons: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
			{Pop: "exc", Var: "u", Neurons: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
			{Pop: "inh", Var: "v"}}})
	if err != nil {
		t.Fatal(err)
	}
	return net, res
}
