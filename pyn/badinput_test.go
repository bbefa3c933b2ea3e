package pyn

import (
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestBadInputNoPanic feeds malformed input through the public API: every
// case must come back as an error (or a nil/empty value), never a panic.
// The inputs are the ones a notebook user can type by mistake: nil values,
// empty names, zero sizes, negative or NaN times, out-of-range neurons.
func TestBadInputNoPanic(t *testing.T) {
	nan := math.NaN()
	izh := func() *Population { return NewIzhikevich("a", 3, IzhikevichParams{}) }
	net1 := func() *Network {
		p := izh()
		p.DisableRecurrent()
		return NewNetwork(p)
	}
	sim := func(s Sim) func() error {
		return func() error { _, err := net1().Simulate(s); return err }
	}
	ran := func() *Result {
		r, err := net1().Simulate(Sim{T: 5, Record: []string{"v"}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	figErr := func(f func() (*Figure, error)) func() error {
		return func() error { _, err := f(); return err }
	}
	cases := []struct {
		name    string
		f       func() error
		wantErr bool
	}{
		{"Izhikevich N=0", func() error { return NewIzhikevich("a", 0, IzhikevichParams{}).Err() }, true},
		{"Izhikevich N<0", func() error { return NewIzhikevich("a", -1, IzhikevichParams{}).Err() }, true},
		{"empty population name", func() error { return NewNetwork(NewIzhikevich("", 1, IzhikevichParams{})).Err() }, true},
		{"Izhikevich NaN param", func() error { return NewIzhikevich("a", 1, IzhikevichParams{A: nan}).Err() }, true},
		{"AdEx N<0", func() error { return NewAdEx("a", -1, AdExParams{}).Err() }, true},
		{"AdEx NaN", func() error { return NewAdEx("a", 1, AdExParams{C: nan}).Err() }, true},
		{"HH N<0", func() error { return NewHodgkinHuxley("a", -1, HHParams{}).Err() }, true},
		{"HH NaN", func() error { return NewHodgkinHuxley("a", 1, HHParams{GNa: nan}).Err() }, true},
		{"LIF N<0", func() error { return NewLIF("a", -1, LIFParams{}).Err() }, true},
		{"LIF NaN", func() error { return NewLIF("a", 1, LIFParams{TauM: nan}).Err() }, true},
		{"Poisson N<0", func() error { return NewPoisson("a", -1, 10).Err() }, true},
		{"Poisson NaN rate", func() error { return NewPoisson("a", 1, nan).Err() }, true},
		{"SpikeSource nil", func() error { return NewSpikeSource("a", nil).Err() }, true},
		{"SpikeSource NaN time", func() error { return NewSpikeSource("a", [][]float64{{nan}}).Err() }, true},
		{"SetParam nil values", func() error { return izh().SetParam("a", nil) }, true},
		{"SetParam wrong length", func() error { return izh().SetParam("a", []float64{1, 2}) }, true},
		{"SetParam NaN", func() error { return izh().SetParam("a", []float64{nan}) }, true},
		{"SetParam empty name", func() error { return izh().SetParam("", []float64{1}) }, true},
		{"Param unknown", func() error { _, err := izh().Param("zz"); return err }, true},
		{"Spread NaN", func() error { return izh().Spread("a", Uniform(nan, 1), 1) }, true},
		{"Spread bad law", func() error { return izh().Spread("a", Dist{Law: 99}, 1) }, true},
		{"State unknown", func() error { _, err := izh().State("zz"); return err }, true},
		{"nil Population Err", func() error { var p *Population; return p.Err() }, true},
		{"nil Population Model", func() error { var p *Population; _ = p.Model(); return nil }, false},
		{"nil Population DisableRecurrent", func() error { var p *Population; p.DisableRecurrent(); p.SetRecurrent(Conn{}); return nil }, false},
		{"nil Population Param", func() error { var p *Population; _, err := p.Param("a"); return err }, true},
		{"nil Population SetParam", func() error { var p *Population; return p.SetParam("a", []float64{1}) }, true},
		{"nil Population State", func() error { var p *Population; _, err := p.State("v"); return err }, true},
		{"nil Population Spread", func() error { var p *Population; return p.Spread("a", Const(1), 0) }, true},
		{"NewNetwork nil pop", func() error { return NewNetwork(nil).Err() }, true},
		{"Add nil", func() error { return NewNetwork().Add(nil) }, true},
		{"nil Network Add", func() error { var n *Network; return n.Add(izh()) }, true},
		{"nil Network Connect", func() error { var n *Network; return n.Connect("a", "a", Conn{}) }, true},
		{"nil Network Err", func() error { var n *Network; return n.Err() }, true},
		{"nil Network Simulate", func() error { var n *Network; _, err := n.Simulate(Sim{T: 1}); return err }, true},
		{"nil Network Populations", func() error { var n *Network; _ = n.Populations(); _ = n.Population("a"); return nil }, false},
		{"zero Network", func() error {
			var n Network
			if err := n.Add(izh()); err != nil {
				return err
			}
			_, err := n.Simulate(Sim{T: 1})
			return err
		}, false},
		{"Connect unknown pre", func() error { return net1().Connect("x", "a", Conn{}) }, true},
		{"Connect empty names", func() error { return net1().Connect("", "", Conn{}) }, true},
		{"Connect NaN P", func() error { return net1().Connect("a", "a", Conn{P: nan}) }, true},
		{"Connect P>1", func() error { return net1().Connect("a", "a", Conn{P: 2}) }, true},
		{"Connect NaN delay", func() error { return net1().Connect("a", "a", Conn{Delay: nan}) }, true},
		{"Connect negative K", func() error { return net1().Connect("a", "a", Conn{Rule: FixedInDegree, K: -1}) }, true},
		{"Connect K too big", func() error { return net1().Connect("a", "a", Conn{Rule: FixedInDegree, K: 10}) }, true},
		{"Connect bad rule", func() error { return net1().Connect("a", "a", Conn{Rule: 99}) }, true},
		{"Connect bad synapse", func() error { return net1().Connect("a", "a", Conn{Synapse: Synapse{Kind: 99}}) }, true},
		{"Connect NaN tau", func() error { return net1().Connect("a", "a", Conn{Synapse: Synapse{Tau: nan}}) }, true},
		{"Connect arrays out of range", func() error {
			return net1().Connect("a", "a", Conn{Rule: FromArrays, Pre: []int{5}, Post: []int{0}})
		}, true},
		{"Connect arrays negative", func() error {
			return net1().Connect("a", "a", Conn{Rule: FromArrays, Pre: []int{-1}, Post: []int{0}})
		}, true},
		{"Connect arrays lengths", func() error {
			return net1().Connect("a", "a", Conn{Rule: FromArrays, Pre: []int{0, 1}, Post: []int{0}})
		}, true},
		{"Connect arrays weights length", func() error {
			return net1().Connect("a", "a", Conn{Rule: FromArrays, Pre: []int{0}, Post: []int{0}, Weights: []float64{1, 2}})
		}, true},
		{"Connect arrays NaN weight", func() error {
			return net1().Connect("a", "a", Conn{Rule: FromArrays, Pre: []int{0}, Post: []int{0}, Weights: []float64{nan}})
		}, true},
		{"Connect NaN STDP", func() error { return net1().Connect("a", "a", Conn{STDP: &STDP{APlus: nan}}) }, true},
		{"Connect STDP WMin>WMax", func() error { return net1().Connect("a", "a", Conn{STDP: &STDP{WMin: 2, WMax: 1}}) }, true},
		{"Simulate T<0", sim(Sim{T: -1}), true},
		{"Simulate T NaN", sim(Sim{T: nan}), true},
		{"Simulate T Inf", sim(Sim{T: math.Inf(1)}), true},
		{"Simulate Dt<0", sim(Sim{T: 1, Dt: -1}), true},
		{"Simulate Dt NaN", sim(Sim{T: 1, Dt: nan}), true},
		{"Simulate Dt > T", sim(Sim{T: 1, Dt: 5}), false},
		{"Simulate unknown Record", sim(Sim{T: 1, Record: []string{"zz"}}), true},
		{"Simulate empty Record", sim(Sim{T: 1, Record: []string{""}}), true},
		{"Simulate IExt unknown pop", sim(Sim{T: 1, IExt: map[string][]Stim{"zz": {{Amp: 1}}}}), true},
		{"Simulate IExt bad neuron", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Amp: 1, Neurons: []int{7}}}}}), true},
		{"Simulate IExt negative neuron", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Amp: 1, Neurons: []int{-1}}}}}), true},
		{"Simulate IExt NaN amp", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Amp: nan}}}}), true},
		{"Simulate IExt NaN start", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Start: nan, Amp: 1}}}}), true},
		{"Simulate IExt NaN std", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Std: nan}}}}), true},
		{"Simulate IExt negative every", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Std: 1, Every: -1}}}}), true},
		{"Simulate IExt NaN series", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Series: []float64{nan}}}}}), true},
		{"Simulate IExt negative SeriesDt", sim(Sim{T: 1, IExt: map[string][]Stim{"a": {{Series: []float64{1}, SeriesDt: -1}}}}), true},
		{"Probe unknown pop", sim(Sim{T: 1, Probes: []Probe{{Pop: "zz", Var: "v"}}}), true},
		{"Probe empty pop", sim(Sim{T: 1, Probes: []Probe{{Var: "v"}}}), true},
		{"Probe unknown var", sim(Sim{T: 1, Probes: []Probe{{Pop: "a", Var: "zz"}}}), true},
		{"Probe empty var", sim(Sim{T: 1, Probes: []Probe{{Pop: "a"}}}), true},
		{"Probe neuron out of range", sim(Sim{T: 1, Probes: []Probe{{Pop: "a", Var: "v", Neurons: []int{3}}}}), true},
		{"Probe negative neuron", sim(Sim{T: 1, Probes: []Probe{{Pop: "a", Var: "v", Neurons: []int{-1}}}}), true},
		{"Probe empty neurons", sim(Sim{T: 1, Probes: []Probe{{Pop: "a", Var: "v", Neurons: []int{}}}}), false},
		{"Probe NaN every", sim(Sim{T: 1, Probes: []Probe{{Pop: "a", Var: "v", Every: nan}}}), true},
		{"Probe negative every", sim(Sim{T: 1, Probes: []Probe{{Pop: "a", Var: "v", Every: -1}}}), true},
		{"Simulate empty network", func() error { _, err := NewNetwork().Simulate(Sim{T: 1}); return err }, false},
		{"Simulate after bad pop", func() error {
			_, err := NewNetwork(NewIzhikevich("a", -1, IzhikevichParams{})).Simulate(Sim{T: 1})
			return err
		}, true},
		{"Simulate delay beyond the longest", func() error {
			n := net1()
			if err := n.Connect("a", "a", Conn{Delay: 1e15}); err != nil {
				return err
			}
			_, err := n.Simulate(Sim{T: 1})
			if err != nil && !strings.Contains(err.Error(), "Delay = 1e+15 ms") {
				t.Errorf("error %q does not name the delay given", err)
			}
			return err
		}, true},
		{"Weights unknown", func() error { _, err := net1().Weights("x", "y"); return err }, true},
		{"Weights empty", func() error { _, err := net1().Weights("", ""); return err }, true},
		{"FICurve nil constructor", func() error { _, err := FICurve(nil, []float64{1}, FIOptions{}); return err }, true},
		{"FICurve nil population", func() error {
			_, err := FICurve(func(int) *Population { return nil }, []float64{1}, FIOptions{})
			return err
		}, true},
		{"FICurve no currents", func() error {
			_, err := FICurve(func(n int) *Population { return NewLIF("a", n, LIFParams{}) }, nil, FIOptions{})
			return err
		}, true},
		{"FICurve NaN current", func() error {
			_, err := FICurve(func(n int) *Population { return NewLIF("a", n, LIFParams{}) }, []float64{nan}, FIOptions{T: 10})
			return err
		}, true},
		{"FICurve negative T", func() error {
			_, err := FICurve(func(n int) *Population { return NewLIF("a", n, LIFParams{}) }, []float64{1}, FIOptions{T: -1})
			return err
		}, true},
		{"FICurve Skip>T", func() error {
			_, err := FICurve(func(n int) *Population { return NewLIF("a", n, LIFParams{}) }, []float64{1}, FIOptions{T: 10, Skip: 20})
			return err
		}, true},
		{"ShowData nil", figErr(func() (*Figure, error) { return ShowData(nil) }), true},
		{"ShowData empty", figErr(func() (*Figure, error) { return ShowData(&Result{}) }), true},
		{"Raster nil", figErr(func() (*Figure, error) { return Raster(nil, RasterOptions{}) }), true},
		{"Raster unknown pop", figErr(func() (*Figure, error) { return Raster(ran(), RasterOptions{Pops: []string{"zz"}}) }), true},
		{"Raster NaN bin", figErr(func() (*Figure, error) { return Raster(ran(), RasterOptions{Rate: true, Bin: nan}) }), true},
		{"Rate negative bin", figErr(func() (*Figure, error) { return Rate(ran(), RateOptions{Bin: -1}) }), true},
		{"Rate NaN smooth", figErr(func() (*Figure, error) { return Rate(ran(), RateOptions{Smooth: nan}) }), true},
		{"PopulationRate nil", func() error { _, _, err := PopulationRate(nil, "a", 1, 0); return err }, true},
		{"PopulationRate unknown", func() error { _, _, err := PopulationRate(ran(), "zz", 1, 0); return err }, true},
		{"PopulationRate zero bin", func() error { _, _, err := PopulationRate(ran(), "a", 0, 0); return err }, false},
		{"PopulationRate NaN bin", func() error { _, _, err := PopulationRate(ran(), "a", nan, 0); return err }, true},
		{"Traces nil", figErr(func() (*Figure, error) { return Traces(nil, "a", TraceOptions{}) }), true},
		{"Traces unknown pop", figErr(func() (*Figure, error) { return Traces(ran(), "zz", TraceOptions{}) }), true},
		{"Traces unrecorded var", figErr(func() (*Figure, error) { return Traces(ran(), "a", TraceOptions{Var: "u"}) }), true},
		{"Traces bad neuron", figErr(func() (*Figure, error) { return Traces(ran(), "a", TraceOptions{Neurons: []int{9}}) }), true},
		{"Traces negative neuron", figErr(func() (*Figure, error) { return Traces(ran(), "a", TraceOptions{Neurons: []int{-1}}) }), true},
		{"Voltage bad neuron", figErr(func() (*Figure, error) { return Voltage(ran(), "a", []int{-3}) }), true},
		{"ISI nil", figErr(func() (*Figure, error) { return ISIHistogram(nil, ISIOptions{}) }), true},
		{"ISI negative bins", figErr(func() (*Figure, error) { return ISIHistogram(ran(), ISIOptions{Bins: -1}) }), true},
		{"ISI NaN max", figErr(func() (*Figure, error) { return ISIHistogram(ran(), ISIOptions{Max: nan}) }), true},
		{"ISI unknown pop", figErr(func() (*Figure, error) { return ISIHistogram(ran(), ISIOptions{Pops: []string{"zz"}}) }), true},
		{"WeightMatrix nil", figErr(func() (*Figure, error) { return WeightMatrix(nil) }), true},
		{"WeightMatrix empty", figErr(func() (*Figure, error) { return WeightMatrix(&Weights{}) }), true},
		{"WeightMatrix ragged", figErr(func() (*Figure, error) {
			return WeightMatrix(&Weights{PreIdx: []int32{0, 1}, PostIdx: []int32{0}, W: []float64{1}})
		}), true},
		{"WeightMatrix negative index", figErr(func() (*Figure, error) {
			return WeightMatrix(&Weights{PreIdx: []int32{-1}, PostIdx: []int32{0}, W: []float64{1}})
		}), true},
		{"WeightsBeforeAfter nil", figErr(func() (*Figure, error) { return WeightsBeforeAfter(nil, nil) }), true},
		{"WeightHistogram nil", figErr(func() (*Figure, error) { return WeightHistogram(nil, nil) }), true},
		{"WeightHistogram NaN", figErr(func() (*Figure, error) {
			return WeightHistogram(&Weights{PreIdx: []int32{0}, PostIdx: []int32{0}, W: []float64{nan}}, nil)
		}), false},
		{"Gallery nil", figErr(func() (*Figure, error) { return Gallery(nil) }), true},
		{"Gallery nil entry", figErr(func() (*Figure, error) { return Gallery([]*Result{nil}) }), true},
		{"GalleryOf nil", figErr(func() (*Figure, error) { return GalleryOf(nil) }), true},
		{"GalleryOf bad behaviour", figErr(func() (*Figure, error) { return GalleryOf([]Behaviour{{Name: "x", T: -1}}) }), true},
		{"Behaviour zero", func() error { _, err := Behaviour{}.Run(); return err }, true},
		{"NewFigure 0x0", func() error { return NewFigure(0, 0).Err() }, false}, // documented: a 1 × 1 grid
		{"NewFigure negative", func() error { return NewFigure(-1, 2).Err() }, false},
		{"Figure Set out of range", func() error { return NewFigure(1, 1).Set(5, 5, nil) }, true},
		{"Figure Set negative", func() error { return NewFigure(1, 1).Set(-1, 0, nil) }, true},
		{"Figure Plot out of range", func() error {
			if NewFigure(1, 1).Plot(3, 3) != nil {
				t.Error("Plot(3, 3) on a 1×1 figure is not nil")
			}
			return nil
		}, false},
		{"Figure row heights NaN", func() error { return NewFigure(1, 1).SetRowHeights([]float64{nan}) }, true},
		{"Figure col widths wrong length", func() error { return NewFigure(1, 1).SetColWidths([]float64{1, 2}) }, true},
		{"Figure render bad format", func() error { return NewFigure(1, 1).Render(io.Discard, "bmp") }, true},
		{"Figure render nil writer", func() error { return NewFigure(1, 1).Render(nil, "png") }, true},
		{"nil Figure Set", func() error { var f *Figure; return f.Set(0, 0, nil) }, true},
		{"nil Figure SetRowHeights", func() error { var f *Figure; return f.SetRowHeights([]float64{1}) }, true},
		{"nil Figure SetColWidths", func() error { var f *Figure; return f.SetColWidths([]float64{1}) }, true},
		{"nil Figure Render", func() error { var f *Figure; return f.Render(io.Discard, "png") }, true},
		{"nil Figure Draw", func() error {
			var f *Figure
			return f.Draw(draw.New(vgimg.New(10, 10)))
		}, true},
		{"nil Figure accessors", func() error {
			var f *Figure
			f.SetPixels(10, 10)
			if w, h := f.Pixels(); w != 0 || h != 0 || f.Rows() != 0 || f.Cols() != 0 || f.Plot(0, 0) != nil {
				t.Error("nil figure has a size or a panel")
			}
			return nil
		}, false},
		{"nil Figure Save", func() error { var f *Figure; return f.Save(t.TempDir() + "/x.png") }, true},
		{"Figure Save bad extension", func() error { return NewFigure(1, 1).Save(t.TempDir() + "/x.bmp") }, true},
		{"Save nil result", func() error { _, err := Save(nil, t.TempDir()); return err }, true},
		{"Save into a file", func() error {
			dir := t.TempDir()
			if _, err := Save(ran(), dir); err != nil {
				return err
			}
			_, err := Save(ran(), dir+"/none/INCOMPLETE/x")
			return err
		}, false},
		{"Load empty", func() error { _, err := Load(""); return err }, true},
		{"Load missing", func() error { _, err := Load(t.TempDir() + "/none"); return err }, true},
		{"nil Result HTML", func() error { var r *Result; _ = r.HTML(); return nil }, false},
		{"nil Network HTML", func() error { var n *Network; _ = n.HTML(); return nil }, false},
		{"nil Population HTML", func() error { var p *Population; _ = p.HTML(); return nil }, false},
		{"nil Result Pop", func() error { var r *Result; _ = r.Pop("a"); return nil }, false},
		{"nil PopResult Trace", func() error { var p *PopResult; _ = p.Trace("v"); return nil }, false},
		{"Trace Neuron out of range", func() error {
			tr := ran().Pop("a").Trace("v")
			if tr.Neuron(99) != nil || tr.Neuron(-1) != nil {
				t.Error("Neuron out of range is not nil")
			}
			return nil
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("panic: %v", r)
					}
				}()
				err = c.f()
			}()
			if c.wantErr && err == nil {
				t.Errorf("no error")
			}
			if err != nil && !strings.HasPrefix(err.Error(), "pyn: ") {
				t.Errorf("error %q does not start with \"pyn: \"", err)
			}
		})
	}
}

// TestMalformedResultNoPanic hands plots, HTML and Save results that no
// Simulate produces but a user (or a hand-edited saved experiment) can:
// out-of-range ids, ragged slices, NaN, nil traces. Each must give an
// error or a figure, never a panic.
func TestMalformedResultNoPanic(t *testing.T) {
	nan := math.NaN()
	dir := t.TempDir()
	good := func() *Result {
		return &Result{Name: "x", T: 10, Dt: 1, Pops: []PopResult{{Name: "a", N: 2, Model: "LIF",
			Spikes: Spikes{T: []float64{1, 2}, ID: []int32{0, 1}},
			Traces: []*Trace{{Pop: "a", Var: "v", Neurons: []int{0, 1}, T: []float64{0, 1}, Data: []float64{1, 2, 3, 4}}}}}}
	}
	muts := map[string]func(r *Result){
		"ok":               func(r *Result) {},
		"spike id big":     func(r *Result) { r.Pops[0].Spikes.ID[0] = 99 },
		"spike id neg":     func(r *Result) { r.Pops[0].Spikes.ID[0] = -1 },
		"spike ragged":     func(r *Result) { r.Pops[0].Spikes.ID = r.Pops[0].Spikes.ID[:1] },
		"spike NaN":        func(r *Result) { r.Pops[0].Spikes.T[0] = nan },
		"N zero":           func(r *Result) { r.Pops[0].N = 0 },
		"N neg":            func(r *Result) { r.Pops[0].N = -3 },
		"trace short":      func(r *Result) { r.Pops[0].Traces[0].Data = []float64{1} },
		"trace nil":        func(r *Result) { r.Pops[0].Traces[0] = nil },
		"trace neuron big": func(r *Result) { r.Pops[0].Traces[0].Neurons[1] = 50 },
		"trace neuron neg": func(r *Result) { r.Pops[0].Traces[0].Neurons[1] = -5 },
		"trace NaN":        func(r *Result) { r.Pops[0].Traces[0].Data[0] = nan },
		"trace no T":       func(r *Result) { r.Pops[0].Traces[0].T = nil },
		"T NaN":            func(r *Result) { r.T = nan },
		"T zero":           func(r *Result) { r.T = 0 },
		"T neg":            func(r *Result) { r.T = -5 },
		"Dt zero":          func(r *Result) { r.Dt = 0 },
		"Dt NaN":           func(r *Result) { r.Dt = nan },
		"no pops":          func(r *Result) { r.Pops = nil },
		"empty pop name":   func(r *Result) { r.Pops[0].Name = "" },
		"dup pops":         func(r *Result) { r.Pops = append(r.Pops, r.Pops[0]) },
		"huge N":           func(r *Result) { r.Pops[0].N = math.MaxInt },
	}
	draw := func(f *Figure, err error) error {
		if err != nil {
			return err
		}
		f.PNG()
		return f.Err()
	}
	fns := map[string]func(r *Result) error{
		"ShowData": func(r *Result) error { return draw(ShowData(r)) },
		"Raster":   func(r *Result) error { return draw(Raster(r, RasterOptions{Rate: true})) },
		"Rate":     func(r *Result) error { return draw(Rate(r, RateOptions{})) },
		"Traces":   func(r *Result) error { return draw(Traces(r, "a", TraceOptions{})) },
		"ISI":      func(r *Result) error { return draw(ISIHistogram(r, ISIOptions{})) },
		"Gallery":  func(r *Result) error { return draw(Gallery([]*Result{r})) },
		"PopRate":  func(r *Result) error { _, _, err := PopulationRate(r, "a", 1, 1); return err },
		"HTML":     func(r *Result) error { _ = r.HTML(); return nil },
		"Save":     func(r *Result) error { _, err := Save(r, dir); return err },
	}
	for mn, m := range muts {
		for fn, f := range fns {
			r := good()
			m(r)
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s / %s: panic: %v", mn, fn, p)
					}
				}()
				if err := f(r); err != nil && !strings.HasPrefix(err.Error(), "pyn: ") {
					t.Errorf("%s / %s: error %q does not start with \"pyn: \"", mn, fn, err)
				}
			}()
		}
	}
}
