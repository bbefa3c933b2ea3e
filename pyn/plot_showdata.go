package pyn

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// ShowDataMaxTraces is the number of neurons ShowData draws per panel; a
// population with more recorded neurons is shown by an evenly spread
// sample of this many, and the panel title says so.
const ShowDataMaxTraces = 5

// ShowData draws pyN's overview of a result: a grid with one column per
// population and one row per recorded property ("v", "u", …) plus a spike
// raster row at the bottom. Time in ms runs along x; panels are titled
// "population – property" and the experiment name is the figure title.
// Properties a population did not record leave their cell blank.
//
// Large populations stay readable: at most ShowDataMaxTraces neurons are
// drawn per trace panel (named in the title) and the raster draws one dot
// per spike.
func ShowData(r *Result) (*Figure, error) {
	if err := checkResult(r); err != nil {
		return nil, err
	}
	// Rows: properties in order of first appearance, then spikes.
	var vars []string
	seen := map[string]bool{}
	for i := range r.Pops {
		if err := checkSpikes(&r.Pops[i]); err != nil {
			return nil, err
		}
		for _, tr := range r.Pops[i].Traces {
			if err := checkTrace(tr); err != nil {
				return nil, err
			}
			if !seen[tr.Var] {
				seen[tr.Var] = true
				vars = append(vars, tr.Var)
			}
		}
	}
	f := NewFigure(len(vars)+1, len(r.Pops))
	f.Title = r.Name
	if f.Title == "" {
		f.Title = "pyn experiment"
	}
	f.rowHeight = vg.Length(170.0/DefaultDPI) * vg.Inch
	for c := range r.Pops {
		p := &r.Pops[c]
		for row, v := range vars {
			tr := p.Trace(v)
			if tr == nil {
				continue
			}
			pl, err := tracePanel(r, p, tr)
			if err != nil {
				return nil, err
			}
			f.Set(row, c, pl)
		}
		pl, err := rasterPanel(r, p, colorOf(c))
		if err != nil {
			return nil, err
		}
		f.Set(len(vars), c, pl)
	}
	return f, nil
}

// tracePanel draws a trace of one population: every recorded neuron, or a
// sample of ShowDataMaxTraces of them.
func tracePanel(r *Result, p *PopResult, tr *Trace) (*plot.Plot, error) {
	ks := sampleNeurons(len(tr.Neurons), ShowDataMaxTraces)
	title := fmt.Sprintf("%s – %s", p.Name, tr.Var)
	switch {
	case len(tr.Neurons) == 1:
		if p.N > 1 {
			title += fmt.Sprintf(" (neuron %d)", tr.Neurons[0])
		}
	case len(ks) < len(tr.Neurons):
		title += fmt.Sprintf(" (%d of %d neurons)", len(ks), len(tr.Neurons))
	}
	pl := newPanel(title, "time (ms)", tr.Var)
	timeAxis(pl, r)
	for j, k := range ks {
		if _, err := addLine(pl, traceXYs(tr, k), colorOf(j), 1); err != nil {
			return nil, inputErrorf("pyn: plotting %q of population %q: %w", tr.Var, p.Name, err)
		}
	}
	return pl, nil
}

// rasterPanel draws the spikes of one population, neuron index on y.
func rasterPanel(r *Result, p *PopResult, c color.Color) (*plot.Plot, error) {
	n := len(p.Spikes.T)
	title := fmt.Sprintf("%s – spikes (%d", p.Name, n)
	if r.T > 0 && p.N > 0 {
		title += fmt.Sprintf(", %.3g Hz per neuron", float64(n)/float64(p.N)/(r.T/1000))
	}
	title += ")"
	pl := newPanel(title, "time (ms)", "neuron")
	timeAxis(pl, r)
	y := make([]float64, n)
	for i, id := range p.Spikes.ID {
		y[i] = float64(id)
	}
	top := float64(p.N) - 0.5
	if p.N < 1 {
		top = 0.5
	}
	pl.Add(&dots{X: p.Spikes.T, Y: y, Color: c, Size: dotSize(p.N), Bar: barHeight(p.N),
		XMin: pl.X.Min, XMax: pl.X.Max, YMin: -0.5, YMax: top})
	if p.N <= 10 {
		pl.Y.Tick.Marker = integerTicks{}
	}
	return pl, nil
}

// integerTicks puts a tick on every integer of a small range.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	var t []plot.Tick
	for v := int(min); float64(v) <= max; v++ {
		if float64(v) >= min {
			t = append(t, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
		}
	}
	return t
}
