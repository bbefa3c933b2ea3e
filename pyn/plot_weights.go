package pyn

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// maxMatrixSide bounds the side of a drawn weight matrix; larger
// connections are shown as block means.
const maxMatrixSide = 1000

// WeightMatrix draws the weights of one connection as a heat map:
// postsynaptic neuron on x, presynaptic neuron on y, white where there is
// no synapse. Parallel synapses between one pair add up. Connections with
// more than 1000 neurons on a side are drawn as means over square blocks
// (said in the title).
func WeightMatrix(w *Weights) (*Figure, error) {
	if err := checkWeights(w, "weights"); err != nil {
		return nil, err
	}
	lo, hi := weightRange([]*Weights{w})
	cm := weightColors(lo, hi)
	pl, err := matrixPanel(w, fmt.Sprintf("%s → %s: %d synapses", w.Pre, w.Post, len(w.W)), cm)
	if err != nil {
		return nil, err
	}
	f := NewFigure(1, 2)
	f.Title = "weights " + w.Pre + " → " + w.Post
	f.rowHeight = vg.Length(520.0/DefaultDPI) * vg.Inch
	f.Set(0, 0, pl)
	f.Set(0, 1, colorBarPanel(cm))
	f.SetColWidths([]float64{14, 1})
	return f, nil
}

// WeightsBeforeAfter compares two copies of the same connection, for
// example before and after a run with STDP: both heat maps on one colour
// scale, and under them the two weight histograms overlaid and each
// synapse's weight after against its weight before (synapses matched by
// position, as Network.Weights lists them in a fixed order).
func WeightsBeforeAfter(before, after *Weights) (*Figure, error) {
	if err := checkWeights(before, "weights before"); err != nil {
		return nil, err
	}
	if err := checkWeights(after, "weights after"); err != nil {
		return nil, err
	}
	lo, hi := weightRange([]*Weights{before, after})
	cm := weightColors(lo, hi)
	pb, err := matrixPanel(before, "before", cm)
	if err != nil {
		return nil, err
	}
	pa, err := matrixPanel(after, "after", cm)
	if err != nil {
		return nil, err
	}
	ph, err := weightHistPanel(before, after)
	if err != nil {
		return nil, err
	}
	ps, err := weightScatterPanel(before, after, lo, hi)
	if err != nil {
		return nil, err
	}
	f := NewFigure(2, 3)
	f.Title = "weights " + after.Pre + " → " + after.Post
	f.Set(1, 1, ps)
	f.rowHeight = vg.Length(330.0/DefaultDPI) * vg.Inch
	f.Set(0, 0, pb)
	f.Set(0, 1, pa)
	f.Set(0, 2, colorBarPanel(cm))
	f.Set(1, 0, ph)
	f.SetColWidths([]float64{7, 7, 1})
	f.SetRowHeights([]float64{3, 2})
	return f, nil
}

// WeightHistogram draws the distribution of weights of a connection;
// with after non-nil, the "before" and "after" histograms are overlaid on
// the same bins.
func WeightHistogram(before, after *Weights) (*Figure, error) {
	if err := checkWeights(before, "weights"); err != nil {
		return nil, err
	}
	if after != nil {
		if err := checkWeights(after, "weights after"); err != nil {
			return nil, err
		}
	}
	pl, err := weightHistPanel(before, after)
	if err != nil {
		return nil, err
	}
	f := NewFigure(1, 1)
	f.Title = "weights " + before.Pre + " → " + before.Post
	f.rowHeight = vg.Length(320.0/DefaultDPI) * vg.Inch
	f.Set(0, 0, pl)
	return f, nil
}

func checkWeights(w *Weights, what string) error {
	if w == nil {
		return newError(ErrNil, "pyn: nil %s", what)
	}
	if len(w.PreIdx) != len(w.W) || len(w.PostIdx) != len(w.W) {
		return inputErrorf("pyn: %s %s → %s: %d pre, %d post indices for %d weights", what, w.Pre, w.Post, len(w.PreIdx), len(w.PostIdx), len(w.W))
	}
	if len(w.W) == 0 {
		return inputErrorf("pyn: %s %s → %s: the connection has no synapses", what, w.Pre, w.Post)
	}
	for i := range w.W {
		if w.PreIdx[i] < 0 || w.PostIdx[i] < 0 {
			return inputErrorf("pyn: %s %s → %s: synapse %d has a negative neuron index", what, w.Pre, w.Post, i)
		}
	}
	return nil
}

// weightRange returns the finite range of the weights of ws.
func weightRange(ws []*Weights) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, w := range ws {
		for _, x := range w.W {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if math.IsInf(lo, 0) {
		return 0, 1
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	return lo, hi
}

// weightColors picks a diverging blue–red map centred on 0 for signed
// weights and a perceptually ordered dark-blue-to-yellow map (the
// endpoints of matplotlib's viridis) otherwise.
func weightColors(lo, hi float64) palette.ColorMap {
	if lo < 0 && hi > 0 {
		m := math.Max(-lo, hi)
		cm := moreland.SmoothBlueRed()
		cm.SetMin(-m)
		cm.SetMax(m)
		return cm
	}
	cm, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{68, 1, 84, 255}, color.NRGBA{49, 104, 142, 255},
		color.NRGBA{53, 183, 121, 255}, color.NRGBA{253, 231, 37, 255}})
	if err != nil { // cannot happen: the control colours are ordered by luminance
		cm = moreland.ExtendedBlackBody()
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	return cm
}

// matrixPanel draws the weights of w as an image.
func matrixPanel(w *Weights, title string, cm palette.ColorMap) (*plot.Plot, error) {
	nPre, nPost := 0, 0
	for i := range w.W {
		nPre = max(nPre, int(w.PreIdx[i])+1)
		nPost = max(nPost, int(w.PostIdx[i])+1)
	}
	block := 1
	for nPre/block > maxMatrixSide || nPost/block > maxMatrixSide {
		block++
	}
	rows, cols := (nPre+block-1)/block, (nPost+block-1)/block
	sum := make([]float64, rows*cols)
	cnt := make([]int, rows*cols)
	for i, x := range w.W {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		k := (int(w.PreIdx[i])/block)*cols + int(w.PostIdx[i])/block
		sum[k] += x
		cnt[k]++
	}
	// Upscale small matrices by whole pixels so that cells stay sharp
	// squares when the image is scaled to the panel.
	up := max(1, 600/max(rows, cols))
	img := image.NewNRGBA(image.Rect(0, 0, cols*up, rows*up))
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			k := r*cols + c
			col := color.Color(color.White)
			if cnt[k] > 0 {
				v := sum[k]
				if block > 1 {
					v /= float64(cnt[k])
				}
				v = math.Max(cm.Min(), math.Min(cm.Max(), v))
				if cc, err := cm.At(v); err == nil {
					col = cc
				}
			}
			for dy := 0; dy < up; dy++ { // image rows run downwards, pre index upwards
				for dx := 0; dx < up; dx++ {
					img.Set(c*up+dx, (rows-1-r)*up+dy, col)
				}
			}
		}
	}
	if block > 1 {
		title += fmt.Sprintf(" (means over %d×%d blocks)", block, block)
	}
	pl := newPanel(title, "postsynaptic neuron ("+w.Post+")", "presynaptic neuron ("+w.Pre+")")
	pl.Add(plotter.NewImage(img, -0.5, -0.5, float64(cols*block)-0.5, float64(rows*block)-0.5))
	return pl, nil
}

// colorBarPanel draws the colour scale of cm.
func colorBarPanel(cm palette.ColorMap) *plot.Plot {
	pl := newPanel("", "", "")
	pl.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	pl.HideX()
	pl.Y.Label.Text = "weight"
	return pl
}

// weightHistPanel overlays the weight histograms of before and after (nil).
func weightHistPanel(before, after *Weights) (*plot.Plot, error) {
	ws := []*Weights{before}
	names := []string{"before"}
	if after != nil {
		ws = append(ws, after)
		names = append(names, "after")
	}
	lo, hi := weightRange(ws)
	const bins = 40
	title := fmt.Sprintf("weight distribution (%d synapses)", len(before.W))
	pl := newPanel(title, "weight", "synapses")
	pl.Y.Min = 0
	for j, w := range ws {
		xy := plotter.XYs{{X: lo, Y: 0}, {X: hi, Y: 0}} // same bins for both
		for _, x := range w.W {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				xy = append(xy, plotter.XY{X: x, Y: 1})
			}
		}
		h, err := plotter.NewHistogram(xy, bins)
		if err != nil {
			return nil, inputErrorf("pyn: weight histogram %s → %s: %w", w.Pre, w.Post, err)
		}
		c := colorOf(j)
		h.FillColor = color.NRGBA{c.R, c.G, c.B, 110}
		h.LineStyle.Color = c
		h.LineStyle.Width = 0.8
		pl.Add(h)
		if len(ws) > 1 {
			pl.Legend.Add(names[j], h)
		}
	}
	return pl, nil
}

// weightScatterPanel plots each synapse's weight after against before.
func weightScatterPanel(before, after *Weights, lo, hi float64) (*plot.Plot, error) {
	n := min(len(before.W), len(after.W))
	title := "after vs before"
	if len(before.W) != len(after.W) {
		title += fmt.Sprintf(" (first %d synapses)", n)
	}
	pl := newPanel(title, "weight before", "weight after")
	x := make([]float64, 0, n)
	y := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		x = append(x, before.W[i])
		y = append(y, after.W[i])
	}
	pad := 0.02 * (hi - lo)
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = lo-pad, hi+pad, lo-pad, hi+pad
	if _, err := addLine(pl, plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}}, grey, 0.8); err != nil {
		return nil, err
	}
	c := colorOf(1)
	pl.Add(&dots{X: x, Y: y, Color: color.NRGBA{c.R, c.G, c.B, 160}, Size: 2,
		XMin: lo - pad, XMax: hi + pad, YMin: lo - pad, YMax: hi + pad})
	return pl, nil
}
