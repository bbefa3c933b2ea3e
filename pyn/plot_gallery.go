package pyn

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// GalleryCols is the number of panel columns of Gallery, as in
// Izhikevich (2004), Fig. 1 (5 rows × 4 columns for its 20 behaviours).
const GalleryCols = 4

// Gallery draws one small panel per result in the layout of Izhikevich
// (2004), Fig. 1: the membrane potential "v" of the first recorded neuron
// of the first population, with the stimulus "I_ext" in a thin strip under
// it, and the result's name as the panel title, lettered (A), (B), …
// Axes are left out as in the original; each panel keeps its own time
// and voltage scale. A result without "I_ext" leaves its strip empty.
// Names that start with "(" (as those of Behaviours do) keep their own
// letter. The figure has no title; set Figure.Title to add one.
//
// GalleryOf(Behaviours()) simulates and draws the published figure.
//
// Reference: E. M. Izhikevich (2004), Which model to use for cortical
// spiking neurons? IEEE Trans. Neural Netw. 15(5):1063–1070,
// doi:10.1109/TNN.2004.832719.
func Gallery(rs []*Result) (*Figure, error) {
	if len(rs) == 0 {
		return nil, inputErrorf("pyn: Gallery needs at least one result, got none")
	}
	cols := min(GalleryCols, len(rs))
	prows := (len(rs) + cols - 1) / cols
	f := NewFigure(2*prows, cols)
	h := make([]float64, 2*prows)
	for i := range h {
		h[i] = 3
		if i%2 == 1 {
			h[i] = 1
		}
	}
	f.SetRowHeights(h)
	f.rowHeight = vg.Length(80.0/DefaultDPI) * vg.Inch
	for i, r := range rs {
		if r == nil {
			return nil, inputErrorf("pyn: Gallery result %d is nil", i)
		}
		if err := checkResult(r); err != nil {
			return nil, inputErrorf("pyn: Gallery result %d: %w", i, unwrapPyn(err))
		}
		p := &r.Pops[0]
		tv, err := findTrace(r, p, "v")
		if err != nil {
			return nil, inputErrorf("pyn: Gallery result %d: %w", i, unwrapPyn(err))
		}
		if err := checkTrace(tv); err != nil {
			return nil, err
		}
		if len(tv.Neurons) == 0 {
			return nil, inputErrorf("pyn: Gallery result %d (%q): \"v\" was recorded for no neuron", i, r.Name)
		}
		row, col := 2*(i/cols), i%cols
		title := r.Name
		if !strings.HasPrefix(title, "(") { // Behaviours names are lettered already
			title = fmt.Sprintf("(%s) %s", panelLetter(i), title)
		}
		pv := galleryPanel(title, r)
		if _, err := addLine(pv, traceXYs(tv, 0), colorOf(0), 0.8); err != nil {
			return nil, err
		}
		f.Set(row, col, pv)
		if ti := p.Trace("I_ext"); ti != nil && checkTrace(ti) == nil && len(ti.Neurons) > 0 {
			pi := galleryPanel("", r)
			k := 0
			for j, n := range ti.Neurons {
				if n == tv.Neurons[0] {
					k = j
				}
			}
			if _, err := addLine(pi, traceXYs(ti, k), grey, 0.8); err != nil {
				return nil, err
			}
			// Keep a flat stimulus off the panel edges.
			pad(pi)
			f.Set(row+1, col, pi)
		}
	}
	return f, nil
}

// galleryPanel is an axis-less panel on the run's time interval.
func galleryPanel(title string, r *Result) *plot.Plot {
	p := newPanel(title, "", "")
	p.Title.TextStyle.Font.Size = 8
	p.Title.Padding = 1
	timeAxis(p, r)
	p.HideAxes()
	return p
}

// pad widens the y range of p by 15% on each side (1 unit if flat).
func pad(p *plot.Plot) {
	lo, hi := p.Y.Min, p.Y.Max
	d := hi - lo
	if d <= 0 {
		d = 1
	}
	p.Y.Min, p.Y.Max = lo-0.15*d, hi+0.15*d
}

// panelLetter returns "A"…"Z", then "AA", "AB", …
func panelLetter(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return panelLetter(i/26-1) + panelLetter(i%26)
}

// GalleryOf simulates each behaviour (one neuron, its published
// parameters, step size and stimulus, "v" and "I_ext" recorded) and draws
// them with Gallery. GalleryOf(Behaviours()) redraws Izhikevich (2004),
// Fig. 1.
func GalleryOf(bs []Behaviour) (*Figure, error) {
	if len(bs) == 0 {
		return nil, inputErrorf("pyn: GalleryOf needs at least one behaviour, got none")
	}
	rs := make([]*Result, 0, len(bs))
	for _, b := range bs {
		p := NewIzhikevich(b.Name, 1, b.Params)
		p.DisableRecurrent()
		r, err := NewNetwork(p).Simulate(Sim{Name: b.Name, T: b.T, Dt: b.Dt,
			IExt: map[string][]Stim{b.Name: b.Stim}, Record: []string{"v", "I_ext"}})
		if err != nil {
			return nil, inputErrorf("pyn: GalleryOf: behaviour %q: %w", b.Name, unwrapPyn(err))
		}
		rs = append(rs, r)
	}
	f, err := Gallery(rs)
	if err != nil {
		return nil, err
	}
	f.Title = "Izhikevich (2004), Fig. 1: neuro-computational features"
	return f, nil
}
