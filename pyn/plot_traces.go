package pyn

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TraceOptions are the options of Traces.
type TraceOptions struct {
	// Var is the recorded property; "" means "v".
	Var string
	// Neurons lists the neurons to draw (population indices), one panel
	// each, top to bottom; nil means the first recorded ones, up to
	// MaxTracePanels.
	Neurons []int
	// NoSpikes turns off the spike marks drawn above each trace.
	NoSpikes bool
}

// MaxTracePanels is the largest number of neurons Traces draws.
const MaxTracePanels = 12

// Traces draws one recorded property of chosen neurons of population pop,
// one panel per neuron on a shared time axis. Each spike of the neuron is
// marked by a tick above its trace, so spikes show even when the recorded
// voltage never reaches its peak (the reset happens in the same step).
func Traces(r *Result, pop string, o TraceOptions) (*Figure, error) {
	if err := checkResult(r); err != nil {
		return nil, err
	}
	p, _, err := findPop(r, pop)
	if err != nil {
		return nil, err
	}
	v := o.Var
	if v == "" {
		v = "v"
	}
	tr, err := findTrace(r, p, v)
	if err != nil {
		return nil, err
	}
	if err := checkTrace(tr); err != nil {
		return nil, err
	}
	if err := checkSpikes(p); err != nil {
		return nil, err
	}
	col := make(map[int]int, len(tr.Neurons)) // neuron → column of the trace
	for k, n := range tr.Neurons {
		col[n] = k
	}
	neurons := o.Neurons
	if len(neurons) == 0 {
		neurons = tr.Neurons
		if len(neurons) > MaxTracePanels {
			neurons = neurons[:MaxTracePanels]
		}
	}
	if len(neurons) > MaxTracePanels {
		return nil, inputErrorf("pyn: Traces draws at most %d neurons, got %d; ShowData samples large populations", MaxTracePanels, len(neurons))
	}
	for _, n := range neurons {
		if _, ok := col[n]; !ok {
			return nil, inputErrorf("pyn: neuron %d of population %q has no recorded %q (recorded neurons: %s)", n, p.Name, v, intRanges(tr.Neurons))
		}
	}
	// Spike times per neuron.
	spikes := map[int][]float64{}
	for i, id := range p.Spikes.ID {
		spikes[int(id)] = append(spikes[int(id)], p.Spikes.T[i])
	}
	f := NewFigure(len(neurons), 1)
	f.Title = r.Name
	f.rowHeight = vg.Length(math.Max(110, 420/float64(len(neurons)))/DefaultDPI) * vg.Inch
	for row, n := range neurons {
		title := fmt.Sprintf("%s – %s of neuron %d", p.Name, v, n)
		if !o.NoSpikes {
			title += fmt.Sprintf(" (%d spikes)", len(spikes[n]))
		}
		xl := ""
		if row == len(neurons)-1 {
			xl = "time (ms)"
		}
		pl := newPanel(title, xl, v)
		timeAxis(pl, r)
		xy := cleanXYs(traceXYs(tr, col[n]))
		if _, err := addLine(pl, xy, colorOf(0), 1); err != nil {
			return nil, err
		}
		if !o.NoSpikes && len(spikes[n]) > 0 {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, q := range xy {
				lo, hi = math.Min(lo, q.Y), math.Max(hi, q.Y)
			}
			if math.IsInf(lo, 0) {
				lo, hi = 0, 1
			}
			top := hi + 0.08*math.Max(hi-lo, 1)
			marks := make(plotter.XYs, len(spikes[n]))
			for i, t := range spikes[n] {
				marks[i] = plotter.XY{X: t, Y: top}
			}
			s, err := plotter.NewScatter(marks)
			if err != nil {
				return nil, err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: colorOf(1), Radius: 3, Shape: draw.PyramidGlyph{}}
			pl.Add(s)
		}
		f.Set(row, 0, pl)
	}
	return f, nil
}

// Voltage draws the membrane potential "v" of chosen neurons of pop with
// their spikes marked (Traces with Var "v").
func Voltage(r *Result, pop string, neurons []int) (*Figure, error) {
	return Traces(r, pop, TraceOptions{Var: "v", Neurons: neurons})
}

// intRanges formats sorted-or-not indices compactly: "0–9, 12, 20–29".
func intRanges(x []int) string {
	if len(x) == 0 {
		return "none"
	}
	s := append([]int(nil), x...)
	sort.Ints(s)
	var parts []string
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprint(s[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", s[i], s[j]))
		}
		i = j + 1
	}
	if len(parts) > 8 {
		parts = append(parts[:8], "…")
	}
	return strings.Join(parts, ", ")
}
