package pyn

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FIOptions are the options of FICurve.
type FIOptions struct {
	T    float64 // ms simulated per current; 0 means 1000
	Dt   float64 // ms; 0 means the simulator's default
	Skip float64 // ms at the start left out of the rate (transient); 0 means none
	Seed uint64  // Sim.Seed (noise, Poisson sources); 0 is the fixed default
}

// FI is an f–I curve: the firing rate of a neuron model for each of a
// list of constant currents. It is a Figure (rate against current) and
// holds the numbers.
type FI struct {
	*Figure
	Pop   string    // population name
	Model string    // model name
	I     []float64 // currents, in the model's current units
	Rate  []float64 // Hz, spikes in [Skip, T] divided by T − Skip
}

// FICurve measures the f–I curve of a neuron model with the public
// Network API. newPop builds the population to measure with n neurons;
// FICurve makes one neuron per current, disables its recurrent
// connection, injects currents[i] into neuron i for the whole run, and
// counts spikes. One simulation covers every current.
//
//	fi, err := pyn.FICurve(func(n int) *pyn.Population {
//		return pyn.NewLIF("lif", n, pyn.LIFStandard)
//	}, []float64{300, 400, 500, 600, 800}, pyn.FIOptions{T: 500})
func FICurve(newPop func(n int) *Population, currents []float64, o FIOptions) (*FI, error) {
	if newPop == nil {
		return nil, inputErrorf("pyn: FICurve: nil population constructor")
	}
	if len(currents) == 0 {
		return nil, inputErrorf("pyn: FICurve: no currents given")
	}
	for i, c := range currents {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, inputErrorf("pyn: FICurve: current %d is %g", i, c)
		}
	}
	T := o.T
	if T == 0 {
		T = 1000
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return nil, inputErrorf("pyn: FICurve: duration T = %g ms, want > 0", T)
	}
	if o.Skip < 0 || !(o.Skip < T) {
		return nil, inputErrorf("pyn: FICurve: Skip = %g ms, want 0 ≤ Skip < T = %g ms", o.Skip, T)
	}
	p := newPop(len(currents))
	if p == nil {
		return nil, inputErrorf("pyn: FICurve: the population constructor returned nil")
	}
	if p.N != len(currents) {
		return nil, inputErrorf("pyn: FICurve: population %q has %d neurons, want one per current (%d)", p.Name, p.N, len(currents))
	}
	p.DisableRecurrent()
	net := NewNetwork(p)
	if err := net.Err(); err != nil {
		return nil, err
	}
	stims := make([]Stim, len(currents))
	for i, c := range currents {
		stims[i] = Stim{Amp: c, Neurons: []int{i}}
	}
	r, err := net.Simulate(Sim{Name: "f–I curve of " + p.Name, T: T, Dt: o.Dt, Seed: o.Seed, NoSTDP: true,
		IExt: map[string][]Stim{p.Name: stims}})
	if err != nil {
		return nil, err
	}
	pr := r.Pop(p.Name)
	if pr == nil {
		return nil, inputErrorf("pyn: FICurve: population %q missing from the result", p.Name)
	}
	counts := make([]float64, len(currents))
	for k, id := range pr.Spikes.ID {
		if pr.Spikes.T[k] >= r.Start+o.Skip && int(id) < len(counts) {
			counts[id]++
		}
	}
	fi := &FI{Pop: p.Name, Model: p.Model(), I: append([]float64(nil), currents...), Rate: make([]float64, len(currents))}
	for i := range counts {
		fi.Rate[i] = counts[i] / ((r.T - o.Skip) / 1000)
	}
	fi.Figure, err = fi.draw()
	if err != nil {
		return nil, err
	}
	return fi, nil
}

// draw plots rate against current, points joined in current order.
func (fi *FI) draw() (*Figure, error) {
	pl := newPanel(fmt.Sprintf("%s (%s)", fi.Pop, fi.Model), "current", "rate (Hz)")
	pl.Y.Min = 0
	xy := make(plotter.XYs, len(fi.I))
	for i := range xy {
		xy[i] = plotter.XY{X: fi.I[i], Y: fi.Rate[i]}
	}
	sorted := append(plotter.XYs(nil), xy...)
	for i := 1; i < len(sorted); i++ { // insertion sort: a few points
		for j := i; j > 0 && sorted[j].X < sorted[j-1].X; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	if _, err := addLine(pl, sorted, colorOf(0), 1.2); err != nil {
		return nil, err
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: colorOf(0), Radius: 2.5, Shape: draw.CircleGlyph{}}
	pl.Add(s)
	f := NewFigure(1, 1)
	f.Title = "f–I curve"
	f.rowHeight = vg.Length(360.0/DefaultDPI) * vg.Inch
	f.Set(0, 0, pl)
	return f, nil
}
