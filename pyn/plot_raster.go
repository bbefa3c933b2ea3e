package pyn

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// RasterOptions are the options of Raster. The zero value draws every
// population without a rate strip.
type RasterOptions struct {
	// Pops lists the populations to draw, bottom to top; nil means all.
	Pops []string
	// Rate adds a strip under the raster with each population's firing
	// rate (see PopulationRate), binned with Bin and smoothed with Smooth.
	Rate   bool
	Bin    float64 // ms; 0 means 5 ms
	Smooth float64 // ms, Gaussian σ; 0 means no smoothing
}

// Raster draws the spikes of several populations in one panel, each
// population a block of rows in its own colour, labelled by name on the
// y axis. With Rate set a strip of population rates runs underneath, on
// the same time axis.
func Raster(r *Result, o RasterOptions) (*Figure, error) {
	if err := checkResult(r); err != nil {
		return nil, err
	}
	idx, err := selectPops(r, o.Pops)
	if err != nil {
		return nil, err
	}
	pl := newPanel("", "time (ms)", "")
	timeAxis(pl, r)
	var ticks rasterTicks
	offset := 0.0
	total := 0
	for _, i := range idx {
		total += r.Pops[i].N
	}
	for j, i := range idx {
		p := &r.Pops[i]
		if err := checkSpikes(p); err != nil {
			return nil, err
		}
		y := make([]float64, len(p.Spikes.ID))
		for k, id := range p.Spikes.ID {
			y[k] = offset + float64(id)
		}
		pl.Add(&dots{X: p.Spikes.T, Y: y, Color: colorOf(j), Size: dotSize(total), Bar: barHeight(total),
			XMin: pl.X.Min, XMax: pl.X.Max, YMin: -0.5, YMax: offset + float64(p.N) - 0.5})
		ticks.names = append(ticks.names, p.Name)
		ticks.starts = append(ticks.starts, offset)
		ticks.sizes = append(ticks.sizes, float64(p.N))
		offset += float64(p.N)
	}
	pl.Y.Tick.Marker = ticks
	pl.Y.Min, pl.Y.Max = -0.5, math.Max(offset-0.5, 0.5)
	// Thin separators between population blocks.
	for _, s := range ticks.starts[1:] {
		if _, err := addLine(pl, plotter.XYs{{X: pl.X.Min, Y: s - 0.5}, {X: pl.X.Max, Y: s - 0.5}}, grey, 0.5); err != nil {
			return nil, err
		}
	}
	f := NewFigure(1, 1)
	f.Title = r.Name
	f.rowHeight = vg.Length(420.0/DefaultDPI) * vg.Inch
	if !o.Rate {
		f.Set(0, 0, pl)
		return f, nil
	}
	pl.X.Label.Text = ""
	rp, err := ratePanel(r, idx, o.Bin, o.Smooth)
	if err != nil {
		return nil, err
	}
	f = NewFigure(2, 1)
	f.Title = r.Name
	f.rowHeight = vg.Length(260.0/DefaultDPI) * vg.Inch
	f.Set(0, 0, pl)
	f.Set(1, 0, rp)
	f.SetRowHeights([]float64{3, 1})
	return f, nil
}

// RateOptions are the options of Rate.
type RateOptions struct {
	Pops   []string // populations to draw; nil means all
	Bin    float64  // ms; 0 means 5 ms
	Smooth float64  // ms, Gaussian σ; 0 means plain bins
}

// Rate draws the firing rate of populations over time, in Hz per neuron,
// one line per population (see PopulationRate).
func Rate(r *Result, o RateOptions) (*Figure, error) {
	if err := checkResult(r); err != nil {
		return nil, err
	}
	idx, err := selectPops(r, o.Pops)
	if err != nil {
		return nil, err
	}
	pl, err := ratePanel(r, idx, o.Bin, o.Smooth)
	if err != nil {
		return nil, err
	}
	f := NewFigure(1, 1)
	f.Title = r.Name
	f.rowHeight = vg.Length(320.0/DefaultDPI) * vg.Inch
	f.Set(0, 0, pl)
	return f, nil
}

func ratePanel(r *Result, idx []int, bin, smooth float64) (*plot.Plot, error) {
	title := "population rate"
	if smooth > 0 {
		title += fmt.Sprintf(" (Gaussian σ = %g ms)", smooth)
	} else {
		b := bin
		if b <= 0 {
			b = 5
		}
		title += fmt.Sprintf(" (%g ms bins)", b)
	}
	pl := newPanel(title, "time (ms)", "rate (Hz)")
	timeAxis(pl, r)
	pl.Y.Min = 0
	for j, i := range idx {
		p := &r.Pops[i]
		t, hz, err := PopulationRate(r, p.Name, bin, smooth)
		if err != nil {
			return nil, err
		}
		xy := make(plotter.XYs, len(t))
		for k := range t {
			xy[k] = plotter.XY{X: t[k], Y: hz[k]}
		}
		l, err := addLine(pl, xy, colorOf(j), 1.2)
		if err != nil {
			return nil, err
		}
		if l != nil && len(idx) > 1 {
			pl.Legend.Add(p.Name, l)
		}
	}
	return pl, nil
}

// PopulationRate returns the firing rate of population pop over the run:
// spikes per neuron per second, counted in bins of bin ms (0 means 5 ms)
// and, when smooth > 0, convolved with a Gaussian of standard deviation
// smooth ms (normalised inside the run, so the edges are not pulled
// down). t holds the bin centres in ms.
func PopulationRate(r *Result, pop string, bin, smooth float64) (t, hz []float64, err error) {
	if err := checkResult(r); err != nil {
		return nil, nil, err
	}
	p, _, err := findPop(r, pop)
	if err != nil {
		return nil, nil, err
	}
	if err := checkSpikes(p); err != nil {
		return nil, nil, err
	}
	if bin == 0 {
		bin = 5
		if smooth > 0 && smooth/2 < bin {
			bin = math.Max(smooth/2, r.Dt) // fine bins under the kernel
		}
	}
	if !(bin > 0) || math.IsInf(bin, 0) {
		return nil, nil, inputErrorf("pyn: rate bin %g ms, want a positive duration", bin)
	}
	if smooth < 0 || math.IsNaN(smooth) || math.IsInf(smooth, 0) {
		return nil, nil, inputErrorf("pyn: rate smoothing σ = %g ms, want ≥ 0", smooth)
	}
	if !(r.T > 0) {
		return nil, nil, inputErrorf("pyn: %s has duration %g ms; no rate to compute", resultName(r), r.T)
	}
	nbf := math.Ceil(r.T/bin - 1e-9)
	if !(nbf < 1<<62) {
		nbf = 1 << 62
	}
	if err := checkAlloc(fmt.Sprintf("rate with %g ms bins over %g ms (%.3g bins)", bin, r.T, nbf), int64(nbf), 24); err != nil {
		return nil, nil, err
	}
	nb := int(nbf)
	if nb < 1 {
		nb = 1
	}
	counts := make([]float64, nb)
	for _, st := range p.Spikes.T {
		b := int((st - r.Start) / bin)
		if b == nb && st <= r.Start+r.T {
			b = nb - 1 // a spike at the very end
		}
		if b >= 0 && b < nb {
			counts[b]++
		}
	}
	n := float64(p.N)
	if n < 1 {
		n = 1
	}
	t = make([]float64, nb)
	hz = make([]float64, nb)
	for b := range counts {
		t[b] = r.Start + (float64(b)+0.5)*bin
		hz[b] = counts[b] / n / (bin / 1000)
	}
	if smooth > 0 {
		hz = gaussSmooth(hz, smooth/bin)
	}
	return t, hz, nil
}

// gaussSmooth convolves x with a Gaussian of σ bins truncated at 4σ,
// dividing by the kernel mass inside the data at each point.
func gaussSmooth(x []float64, sigma float64) []float64 {
	// A kernel wider than the data adds only points outside it.
	h := len(x)
	if w := math.Ceil(4 * sigma); w < float64(h) {
		h = int(w)
	}
	k := make([]float64, 2*h+1)
	for i := range k {
		d := float64(i - h)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
	}
	out := make([]float64, len(x))
	for i := range x {
		s, w := 0.0, 0.0
		for j := -h; j <= h; j++ {
			if i+j < 0 || i+j >= len(x) {
				continue
			}
			s += float64(k[j+h] * x[i+j]) // float64(): no FMA, the same figure on every build
			w += k[j+h]
		}
		out[i] = s / w
	}
	return out
}
