package pyn

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// TestGolden compares each figure kind with its golden image
// (testdata/*_golden.png); run with -regen after an intended change and
// look at the new images before committing them.
func TestGolden(t *testing.T) {
	for _, test := range []struct {
		name string
		ex   func()
		file string
	}{
		{"ShowData", ExampleShowData, "showdata.png"},
		{"ShowDataOne", ExampleShowData_oneNeuron, "showdata_one.png"},
		{"Raster", ExampleRaster, "raster.png"},
		{"Rate", ExampleRate, "rate.png"},
		{"Traces", ExampleTraces, "traces.png"},
		{"ISI", ExampleISIHistogram, "isi.png"},
		{"WeightMatrix", ExampleWeightMatrix, "weights.png"},
		{"WeightsBeforeAfter", ExampleWeightsBeforeAfter, "weights_stdp.png"},
		{"WeightHistogram", ExampleWeightHistogram, "weight_hist.png"},
		{"Gallery", ExampleGallery, "gallery.png"},
		{"Figure", ExampleNewFigure, "figure.png"},
		{"FI", ExampleFI, "fi.png"},
	} {
		t.Run(test.name, func(t *testing.T) {
			cmpimg.CheckPlot(test.ex, t, test.file)
		})
	}
}

// TestFigureFormats renders one figure in every format and size option.
func TestFigureFormats(t *testing.T) {
	f, err := ISIHistogram(networkFixture(), ISIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 900 {
		t.Errorf("default PNG is %d px wide, want 900", b.Dx())
	}
	f.DPI = 192
	img, _ = png.Decode(bytes.NewReader(f.PNG()))
	if b := img.Bounds(); b.Dx() != 1800 {
		t.Errorf("PNG at 192 DPI is %d px wide, want 1800 (same physical size)", b.Dx())
	}
	f.DPI = 0
	f.SetPixels(640, 480)
	img, _ = png.Decode(bytes.NewReader(f.PNG()))
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 480 {
		t.Errorf("SetPixels(640, 480) gives %v", b)
	}
	if svg := f.SVG(); !strings.HasPrefix(svg, "<?xml") || !strings.Contains(svg, "<svg") {
		t.Errorf("SVG output starts %.40q", svg)
	}
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg", ".pdf", ".PNG"} {
		p := filepath.Join(dir, "fig"+ext)
		if err := f.Save(p); err != nil {
			t.Errorf("Save(%s): %v", p, err)
			continue
		}
		if st, err := os.Stat(p); err != nil || st.Size() < 1000 {
			t.Errorf("Save(%s) wrote %v bytes (%v)", p, st, err)
		}
	}
	for _, test := range []struct{ path, want string }{
		{filepath.Join(dir, "fig.jpg"), `unknown extension ".jpg"`},
		{filepath.Join(dir, "fig"), "unknown extension"},
		{filepath.Join(dir, "missing", "fig.png"), filepath.Join(dir, "missing", "fig.png")},
	} {
		if err := f.Save(test.path); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("Save(%s) = %v, want an error with %q", test.path, err, test.want)
		}
	}
	f.SetPixels(20, 20)
	if png := f.PNG(); png != nil || f.Err() == nil || !strings.Contains(f.Err().Error(), "too small") {
		t.Errorf("a 20 px figure of 3 panels: PNG %d bytes, Err %v", len(png), f.Err())
	}
}

// TestPlotErrors checks that bad input gives errors naming the culprit.
func TestPlotErrors(t *testing.T) {
	r := networkFixture()
	empty := &Result{Name: "void"}
	for _, test := range []struct {
		name string
		f    func() (*Figure, error)
		want string
	}{
		{"nil result", func() (*Figure, error) { return ShowData(nil) }, "nil result"},
		{"empty result", func() (*Figure, error) { return ShowData(empty) }, `result "void" is empty`},
		{"raster unknown pop", func() (*Figure, error) { return Raster(r, RasterOptions{Pops: []string{"ghost"}}) }, `no population "ghost" (it has "exc", "inh", "input")`},
		{"traces not recorded", func() (*Figure, error) { return Traces(r, "inh", TraceOptions{Var: "u"}) }, `property "u" of population "inh" was not recorded in result "Fixture network" (recorded: "v")`},
		{"traces nothing recorded", func() (*Figure, error) { return Voltage(r, "input", nil) }, "nothing was recorded"},
		{"traces bad neuron", func() (*Figure, error) { return Voltage(r, "exc", []int{40}) }, `neuron 40 of population "exc" has no recorded "v" (recorded neurons: 0–39)`},
		{"traces too many", func() (*Figure, error) { return Voltage(r, "exc", make([]int, 13)) }, "at most 12 neurons"},
		{"rate bad bin", func() (*Figure, error) { return Rate(r, RateOptions{Bin: -1}) }, "rate bin -1 ms"},
		{"rate NaN smooth", func() (*Figure, error) { return Rate(r, RateOptions{Smooth: math.NaN()}) }, "σ = NaN"},
		{"isi bins", func() (*Figure, error) { return ISIHistogram(r, ISIOptions{Bins: -3}) }, "-3 bins"},
		{"weights nil", func() (*Figure, error) { return WeightMatrix(nil) }, "nil weights"},
		{"weights empty", func() (*Figure, error) { return WeightMatrix(&Weights{Pre: "a", Post: "b"}) }, "a → b: the connection has no synapses"},
		{"weights ragged", func() (*Figure, error) {
			return WeightHistogram(&Weights{Pre: "a", Post: "b", W: []float64{1}, PreIdx: []int32{0}}, nil)
		}, "1 pre, 0 post indices for 1 weights"},
		{"gallery empty", func() (*Figure, error) { return Gallery(nil) }, "at least one result"},
		{"gallery no v", func() (*Figure, error) {
			return Gallery([]*Result{{Name: "x", Pops: []PopResult{{Name: "p", N: 1}}}})
		}, `Gallery result 0: property "v" of population "p" was not recorded`},
		{"bad trace shape", func() (*Figure, error) {
			return ShowData(&Result{Name: "bad", T: 1, Pops: []PopResult{{Name: "p", N: 2, Traces: []*Trace{{Pop: "p", Var: "v", Neurons: []int{0, 1}, T: []float64{0, 1}, Data: []float64{1}}}}}})
		}, `trace "v" of population "p" has 1 samples, want 2 times × 2 neurons`},
	} {
		t.Run(test.name, func(t *testing.T) {
			f, err := test.f()
			if err == nil {
				t.Fatalf("no error; figure %v", f)
			}
			if !strings.HasPrefix(err.Error(), "pyn: ") || !strings.Contains(err.Error(), test.want) {
				t.Errorf("error %q, want one starting with pyn: and containing %q", err, test.want)
			}
		})
	}
}

// TestShowDataLarge checks the promises for big populations: traces are
// sampled (and the title says so), long runs are decimated, and a
// hand-built population without samples still draws.
func TestShowDataLarge(t *testing.T) {
	n, steps, spikes := 1000, 20000, 200000
	if testing.Short() {
		steps, spikes = 5000, 20000
	}
	tr := &Trace{Pop: "big", Var: "v", Neurons: make([]int, n), T: make([]float64, steps), Data: make([]float64, n*steps)}
	for k := range tr.Neurons {
		tr.Neurons[k] = k
	}
	for i := range tr.T {
		tr.T[i] = float64(i) * 0.1
		for k := 0; k < n; k++ {
			tr.Data[i*n+k] = math.Sin(float64(i+k) / 100)
		}
	}
	var sp Spikes
	for i := 0; i < spikes; i++ {
		sp.T = append(sp.T, float64(i)*0.01)
		sp.ID = append(sp.ID, int32(i*7919%n))
	}
	r := &Result{Name: "big", T: 2000, Dt: 0.1, Pops: []PopResult{{Name: "big", N: n, Spikes: sp, Traces: []*Trace{tr}},
		{Name: "silent", N: 5, Traces: []*Trace{{Pop: "silent", Var: "v", Neurons: []int{0}}}}}}
	f, err := ShowData(r)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Plot(0, 0).Title.Text, "big – v (5 of 1000 neurons)"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got := len(traceXYs(tr, 0)); got > maxLinePoints {
		t.Errorf("a %d-sample trace is drawn with %d points, want ≤ %d", steps, got, maxLinePoints)
	}
	svg := f.SVG()
	if svg == "" {
		t.Fatal(f.Err())
	}
	// 200000 spikes on ≈ 600 × 100 pt of raster: deduplication keeps the SVG small.
	if len(svg) > 8<<20 {
		t.Errorf("SVG of %d spikes is %d bytes", spikes, len(svg))
	}
}

// TestGalleryOf redraws Izhikevich (2004), Fig. 1 from Behaviours: 20
// panels, each with a voltage and a stimulus strip, lettered A to T.
func TestGalleryOf(t *testing.T) {
	f, err := GalleryOf(Behaviours())
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows() != 10 || f.Cols() != 4 {
		t.Fatalf("grid %d × %d, want 10 × 4", f.Rows(), f.Cols())
	}
	for i := 0; i < 20; i++ {
		v, stim := f.Plot(2*(i/4), i%4), f.Plot(2*(i/4)+1, i%4)
		if v == nil || stim == nil {
			t.Fatalf("panel %d lacks its voltage or stimulus plot", i)
		}
		if want := "(" + panelLetter(i) + ")"; !strings.HasPrefix(v.Title.Text, want) {
			t.Errorf("panel %d titled %q, want it to start with %q", i, v.Title.Text, want)
		}
	}
	if _, err := GalleryOf(nil); err == nil {
		t.Error("GalleryOf(nil) succeeded")
	}
	bad := Behaviours()[:1]
	bad[0].Dt = -1
	if _, err := GalleryOf(bad); err == nil || !strings.Contains(err.Error(), bad[0].Name) {
		t.Errorf("GalleryOf with dt = -1: %v, want an error naming %q", err, bad[0].Name)
	}
}

// TestNilFigure: a figure left nil by a failed plot call renders as
// nothing instead of panicking in the notebook.
func TestNilFigure(t *testing.T) {
	var f *Figure
	if f.PNG() != nil || f.SVG() != "" || f.Err() == nil || f.Save(filepath.Join(t.TempDir(), "x.png")) == nil {
		t.Error("nil figure rendered or saved without error")
	}
}

func TestFigureGridErrors(t *testing.T) {
	f := NewFigure(2, 3)
	for _, test := range []struct {
		err  error
		want string
	}{
		{f.SetRowHeights([]float64{1}), "figure has 2 rows, got 1 values"},
		{f.SetColWidths([]float64{1, 0, 1}), "column widths[1] = 0, want a positive number"},
		{f.SetRowHeights([]float64{1, math.Inf(1)}), "row heights[1] = +Inf"},
		{f.Set(2, 0, nil), "cell (2, 0) is outside its 2 × 3 grid"},
	} {
		if test.err == nil || !strings.Contains(test.err.Error(), test.want) {
			t.Errorf("error %v, want %q", test.err, test.want)
		}
	}
	if f.Plot(5, 5) != nil || NewFigure(0, -1).Rows() != 1 {
		t.Error("out-of-range cells or sizes not handled")
	}
	if png := f.PNG(); png == nil { // an empty grid draws as a blank figure
		t.Error(f.Err())
	}
}
