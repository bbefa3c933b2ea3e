package pyn

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// ISIOptions are the options of ISIHistogram.
type ISIOptions struct {
	Pops []string // populations, one panel each; nil means all that spiked
	Bins int      // number of bins; 0 means 40
	Max  float64  // ms, right edge; 0 means the longest interval
}

// ISIHistogram draws the distribution of inter-spike intervals of each
// population, pooled over its neurons, one panel per population. Titles
// give the number of intervals, their mean and their coefficient of
// variation (CV = SD/mean: about 0 for a clock, 1 for a Poisson process).
func ISIHistogram(r *Result, o ISIOptions) (*Figure, error) {
	if err := checkResult(r); err != nil {
		return nil, err
	}
	idx, err := selectPops(r, o.Pops)
	if err != nil {
		return nil, err
	}
	bins := o.Bins
	if bins == 0 {
		bins = 40
	}
	if bins < 1 {
		return nil, inputErrorf("pyn: ISI histogram with %d bins, want at least 1", bins)
	}
	// plotter.Histogram keeps a bin of three float64 per bin.
	if err := checkAlloc(fmt.Sprintf("ISI histogram with %d bins", bins), int64(bins), 24*int64(len(idx))); err != nil {
		return nil, err
	}
	if o.Max < 0 || math.IsNaN(o.Max) {
		return nil, inputErrorf("pyn: ISI histogram Max = %g ms, want ≥ 0", o.Max)
	}
	f := NewFigure(1, len(idx))
	f.Title = r.Name
	f.rowHeight = vg.Length(300.0/DefaultDPI) * vg.Inch
	for c, i := range idx {
		p := &r.Pops[i]
		if err := checkSpikes(p); err != nil {
			return nil, err
		}
		d := popISIs(p)
		mean, sd := meanStd(d)
		title := fmt.Sprintf("%s – ISI (no intervals)", p.Name)
		if len(d) > 0 {
			title = fmt.Sprintf("%s – ISI (n = %d, mean %.3g ms, CV %.2f)", p.Name, len(d), mean, sd/mean)
		}
		pl := newPanel(title, "interval (ms)", "count")
		pl.X.Min, pl.Y.Min = 0, 0
		hi := o.Max
		if hi == 0 {
			for _, x := range d {
				hi = math.Max(hi, x)
			}
		}
		if hi <= 0 {
			hi = 1
		}
		pl.X.Max = hi
		pl.Y.Max = 1
		var in plotter.Values
		for _, x := range d {
			if x <= hi {
				in = append(in, x)
			}
		}
		if out := len(d) - len(in); out > 0 {
			pl.Title.Text += fmt.Sprintf("\n%d intervals > %g ms not shown", out, hi)
		}
		if len(in) > 0 {
			// Bin over [0, hi] by adding the range ends as zero-weight points.
			xy := make(plotter.XYs, 0, len(in)+2)
			xy = append(xy, plotter.XY{X: 0, Y: 0}, plotter.XY{X: hi, Y: 0})
			for _, x := range in {
				xy = append(xy, plotter.XY{X: x, Y: 1})
			}
			h, err := plotter.NewHistogram(xy, bins)
			if err != nil {
				return nil, inputErrorf("pyn: ISI histogram of population %q: %w", p.Name, err)
			}
			h.FillColor = colorOf(c)
			h.LineStyle.Width = 0.5
			h.LineStyle.Color = colorOf(c)
			pl.Add(h)
		}
		f.Set(0, c, pl)
	}
	return f, nil
}
