package pyn_test

import (
	"bufio"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/pyn-go/pyn/pyn"
)

// scalingPoint is the median of one BenchmarkScaling sub-benchmark.
type scalingPoint struct {
	n       int
	threads int
	wall    float64 // s per simulated second
	cpu     float64 // CPU s per simulated second
}

// readScaling reads `go test -bench Scaling` output and returns the
// median wall and CPU time of each (N, threads) pair, sorted by N.
func readScaling(path string) ([]scalingPoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type key struct{ n, k int }
	wall, cpu := map[key][]float64{}, map[key][]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "BenchmarkScaling/") {
			continue
		}
		var k key
		name := strings.TrimPrefix(fields[0], "BenchmarkScaling/")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the -cpu suffix
		}
		if _, err := fmt.Sscanf(name, "N=%d/threads=%d", &k.n, &k.k); err != nil {
			return nil, fmt.Errorf("%s: %q: %v", path, fields[0], err)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			x, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %q: %v", path, fields[i], err)
			}
			switch fields[i+1] {
			case "ns/op":
				wall[k] = append(wall[k], x/1e9)
			case "cpu-s/op":
				cpu[k] = append(cpu[k], x)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var pts []scalingPoint
	for k, w := range wall {
		sort.Float64s(w)
		c := cpu[k]
		sort.Float64s(c)
		p := scalingPoint{n: k.n, threads: k.k, wall: stat.Quantile(0.5, stat.Empirical, w, nil)}
		if len(c) > 0 {
			p.cpu = stat.Quantile(0.5, stat.Empirical, c, nil)
		}
		pts = append(pts, p)
	}
	sort.Slice(pts, func(i, j int) bool {
		if pts[i].n != pts[j].n {
			return pts[i].n < pts[j].n
		}
		return pts[i].threads < pts[j].threads
	})
	return pts, nil
}

// TestDocsScaling draws docs/img/scaling.png, the scaling figure of
// docs/benchmarks.md, from the recorded BenchmarkScaling output
// docs/img/scaling.txt. Run it with -docs; without, it only checks that
// the recorded output parses and covers every size at one and two threads.
func TestDocsScaling(t *testing.T) {
	src := filepath.Join("..", "docs", "img", "scaling.txt")
	pts, err := readScaling(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[int]plotter.XYs{}
	for _, p := range pts {
		lines[p.threads] = append(lines[p.threads], plotter.XY{X: float64(p.n), Y: p.wall})
	}
	for _, k := range []int{1, 2} {
		if len(lines[k]) != 4 {
			t.Fatalf("%s: %d sizes at threads=%d, want N = 10³ … 10⁶", src, len(lines[k]), k)
		}
	}
	if !*docsFlag {
		return
	}
	p := plot.New()
	p.Title.Text = "Izhikevich network, 100 synapses/neuron, 1 s at dt 0.25 ms"
	p.X.Label.Text = "neurons N"
	p.Y.Label.Text = "wall time per simulated second (s)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	style := map[int]color.Color{1: color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 255}, 2: color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 255}}
	for _, k := range []int{1, 2} {
		l, s, err := plotter.NewLinePoints(lines[k])
		if err != nil {
			t.Fatal(err)
		}
		l.Color, s.Color = style[k], style[k]
		s.Shape = draw.CircleGlyph{}
		s.Radius = vg.Points(3)
		p.Add(l, s)
		p.Legend.Add(fmt.Sprintf("pyn, %d thread%s", k, map[bool]string{true: "s"}[k > 1]), l, s)
	}
	// A line proportional to N through the one-thread point at N = 10⁵.
	ref := lines[1][2]
	var lin plotter.XYs
	for _, q := range lines[1] {
		lin = append(lin, plotter.XY{X: q.X, Y: ref.Y * q.X / ref.X})
	}
	l, err := plotter.NewLine(lin)
	if err != nil {
		t.Fatal(err)
	}
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	l.Color = color.Gray{Y: 0x80}
	p.Add(l)
	p.Legend.Add("proportional to N", l)
	f := pyn.NewFigure(1, 1)
	if err := f.Set(0, 0, p); err != nil {
		t.Fatal(err)
	}
	f.SetPixels(800, 560)
	if err := f.Save(filepath.Join("..", "docs", "img", "scaling.png")); err != nil {
		t.Fatal(err)
	}
}
