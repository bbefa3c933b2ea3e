package pyn

import (
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Shared pieces of the plot functions: panel style, colours, checks of
// the result, decimation of long traces and a fast spike-dot plotter.

// popColors are the colours of populations and neurons, in order: a
// qualitative palette with good contrast on white (the "tab10" hues).
var popColors = []color.RGBA{
	{31, 119, 180, 255},
	{214, 39, 40, 255},
	{44, 160, 44, 255},
	{255, 127, 14, 255},
	{148, 103, 189, 255},
	{140, 86, 75, 255},
	{227, 119, 194, 255},
	{127, 127, 127, 255},
	{188, 189, 34, 255},
	{23, 190, 207, 255},
}

// grey draws separators and secondary lines.
var grey = color.RGBA{160, 160, 160, 255}

func colorOf(i int) color.RGBA { return popColors[i%len(popColors)] }

// newPanel returns a plot with pyn's compact panel style.
func newPanel(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 10
	p.Title.Padding = 3
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 9
		a.Tick.Label.Font.Size = 8
		a.Padding = 2
		a.Tick.Marker = cleanTicks{}
	}
	p.Legend.TextStyle.Font = font.From(p.Legend.TextStyle.Font, 8)
	p.Legend.Top = true
	return p
}

// timeAxis sets the x axis to the simulated interval of r.
func timeAxis(p *plot.Plot, r *Result) {
	p.X.Min = r.Start
	p.X.Max = r.Start + r.T
	if !(p.X.Max > p.X.Min) {
		p.X.Max = p.X.Min + 1
	}
}

// maxLinePoints bounds the points drawn per line. Longer traces are
// reduced to the minimum and maximum of each of maxLinePoints/2 buckets,
// which keeps every spike peak and trough visible at screen resolution.
const maxLinePoints = 2400

// traceXYs returns the time course of the k-th recorded neuron of tr, decimated.
func traceXYs(tr *Trace, k int) plotter.XYs {
	n := len(tr.T)
	nn := len(tr.Neurons)
	if n <= maxLinePoints {
		xy := make(plotter.XYs, n)
		for i := range xy {
			xy[i] = plotter.XY{X: tr.T[i], Y: tr.Data[i*nn+k]}
		}
		return xy
	}
	buckets := maxLinePoints / 2
	xy := make(plotter.XYs, 0, maxLinePoints)
	for b := 0; b < buckets; b++ {
		lo, hi := b*n/buckets, (b+1)*n/buckets
		if lo >= hi {
			continue
		}
		imin, imax := lo, lo
		for i := lo; i < hi; i++ {
			v := tr.Data[i*nn+k]
			if v < tr.Data[imin*nn+k] {
				imin = i
			}
			if v > tr.Data[imax*nn+k] {
				imax = i
			}
		}
		a, c := imin, imax
		if a > c {
			a, c = c, a
		}
		xy = append(xy, plotter.XY{X: tr.T[a], Y: tr.Data[a*nn+k]})
		if c != a {
			xy = append(xy, plotter.XY{X: tr.T[c], Y: tr.Data[c*nn+k]})
		}
	}
	return xy
}

// cleanXYs drops non-finite points, which gonum/plot rejects.
func cleanXYs(xy plotter.XYs) plotter.XYs {
	out := xy[:0]
	for _, p := range xy {
		if !math.IsNaN(p.X) && !math.IsNaN(p.Y) && !math.IsInf(p.X, 0) && !math.IsInf(p.Y, 0) {
			out = append(out, p)
		}
	}
	return out
}

// addLine adds a line of colour c and width w to p; empty data adds nothing.
func addLine(p *plot.Plot, xy plotter.XYs, c color.Color, w vg.Length) (*plotter.Line, error) {
	xy = cleanXYs(xy)
	if len(xy) == 0 {
		return nil, nil
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = w
	p.Add(l)
	return l, nil
}

// sampleNeurons picks at most max of n indices, evenly spread, first and
// last included.
func sampleNeurons(n, max int) []int {
	if n <= max {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, max)
	for i := range idx {
		idx[i] = int(math.Round(float64(i) * float64(n-1) / float64(max-1)))
	}
	return idx
}

// dots is a plotter that draws one small square per spike. It skips
// points that fall on an already drawn device position, so a raster of a
// million spikes stays fast to draw and small as SVG.
type dots struct {
	X, Y  []float64
	Color color.Color
	Size  vg.Length // side of a square, points
	// Bar, when positive, draws each spike as a vertical bar this tall in
	// y data units (a classic raster tick), Size wide.
	Bar float64
	// data range, fixed by the caller so that empty rasters keep their axes
	XMin, XMax, YMin, YMax float64
}

func (d *dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.SetColor(d.Color)
	s := d.Size
	if s <= 0 {
		s = 1.5
	}
	// Device grid of half a square: points closer than that overlap anyway.
	q := float64(s) / 2
	seen := make(map[[2]int32]struct{}, len(d.X))
	var path vg.Path
	n := 0
	for i := range d.X {
		x, y := trX(d.X[i]), trY(d.Y[i])
		if !c.Contains(vg.Point{X: x, Y: y}) {
			continue
		}
		key := [2]int32{int32(float64(x) / q), int32(float64(y) / q)}
		if _, ok := seen[key]; ok {
			continue
		}
		seen[key] = struct{}{}
		lo, hi := y-s/2, y+s/2
		if d.Bar > 0 {
			lo, hi = trY(d.Y[i]-d.Bar/2), trY(d.Y[i]+d.Bar/2)
		}
		path.Move(vg.Point{X: x - s/2, Y: lo})
		path.Line(vg.Point{X: x + s/2, Y: lo})
		path.Line(vg.Point{X: x + s/2, Y: hi})
		path.Line(vg.Point{X: x - s/2, Y: hi})
		path.Close()
		n++
		if n%4096 == 0 { // keep paths short for the rasterizer
			c.Fill(path)
			path = path[:0]
		}
	}
	if len(path) > 0 {
		c.Fill(path)
	}
}

func (d *dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	return d.XMin, d.XMax, d.YMin, d.YMax
}

// barHeight is the spike bar height for a raster of n rows: bars for
// small rasters, where squares would be lost in tall rows; none for large
// ones, where rows are thinner than a dot.
func barHeight(n int) float64 {
	if n <= 20 {
		return 0.8
	}
	return 0
}

// dotSize picks a dot size for a raster of n neurons.
func dotSize(n int) vg.Length {
	switch {
	case n <= 20:
		return 1.5
	case n <= 200:
		return 2
	default:
		return 1.2
	}
}

// rasterTicks labels population blocks of a stacked raster by name.
type rasterTicks struct {
	names  []string
	starts []float64 // first row of each block
	sizes  []float64
}

func (t rasterTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for i, n := range t.names {
		ticks = append(ticks, plot.Tick{Value: t.starts[i] + t.sizes[i]/2, Label: n})
		ticks = append(ticks, plot.Tick{Value: t.starts[i] - 0.5})
	}
	return ticks
}

// meanStd returns the mean and sample standard deviation of x.
func meanStd(x []float64) (mean, std float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, v := range x {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(x)-1))
}

// popISIs returns the inter-spike intervals of every neuron of p, pooled.
func popISIs(p *PopResult) []float64 {
	last := make(map[int32]float64)
	var out []float64
	// Spikes are in time order; sort defensively when they are not (hand-built results).
	idx := make([]int, len(p.Spikes.T))
	for i := range idx {
		idx[i] = i
	}
	if !sort.SliceIsSorted(idx, func(a, b int) bool { return p.Spikes.T[idx[a]] < p.Spikes.T[idx[b]] }) {
		sort.SliceStable(idx, func(a, b int) bool { return p.Spikes.T[idx[a]] < p.Spikes.T[idx[b]] })
	}
	for _, i := range idx {
		id := p.Spikes.ID[i]
		t := p.Spikes.T[i]
		if prev, ok := last[id]; ok {
			out = append(out, t-prev)
		}
		last[id] = t
	}
	return out
}

// cleanTicks is gonum/plot's default ticker with labels in the shortest
// form ("25", not "25.00").
type cleanTicks struct{}

func (cleanTicks) Ticks(min, max float64) []plot.Tick {
	if !(max-min > 0) || math.IsInf(max-min, 0) {
		return nil // a degenerate range; DefaultTicks would not return
	}
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			v, _ := strconv.ParseFloat(strconv.FormatFloat(ts[i].Value, 'g', 10, 64), 64)
			ts[i].Label = strconv.FormatFloat(v, 'g', -1, 64)
		}
	}
	return ts
}
