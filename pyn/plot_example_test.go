package pyn

import (
	"fmt"
	"log"
	"math"

	"gonum.org/v1/plot/plotter"
)

// The examples draw hand-built results (plot_fixture_test.go) so that
// their images, kept as testdata/*_golden.png, do not change when the
// simulator's numerics do. TestGolden compares them pixel for pixel;
// go test -run TestGolden -regen rewrites the goldens.

func ExampleShowData() {
	r := networkFixture() // 40 RS + 10 FS Izhikevich neurons and 30 Poisson inputs, 200 ms
	fig, err := ShowData(r)
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/showdata.png"); err != nil {
		log.Fatal(err)
	}
	w, h := fig.Pixels()
	fmt.Printf("%d rows × %d columns, %d × %d px\n", fig.Rows(), fig.Cols(), w, h)
	// Output: 4 rows × 3 columns, 900 × 712 px
}

func ExampleShowData_oneNeuron() {
	r := &Result{Name: "Single neuron exhibiting tonic spiking", T: 100, Dt: 0.25, Complete: true,
		Pops: []PopResult{izhFixture("Charly the Neuron", 1, 0.02, 0.2, -65, 6, 14, 14, 100, 0.25)}}
	fig, err := ShowData(r)
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/showdata_one.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Plot(0, 0).Title.Text)
	fmt.Println(fig.Plot(3, 0).Title.Text)
	// Output:
	// Charly the Neuron – v
	// Charly the Neuron – spikes (4, 40 Hz per neuron)
}

func ExampleRaster() {
	fig, err := Raster(networkFixture(), RasterOptions{Rate: true})
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/raster.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Plot(1, 0).Title.Text)
	// Output: population rate (5 ms bins)
}

func ExampleRate() {
	r := networkFixture()
	fig, err := Rate(r, RateOptions{Smooth: 5})
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/rate.png"); err != nil {
		log.Fatal(err)
	}
	// The numbers behind the curve: 126 Poisson spikes of 30 inputs in
	// 200 ms make 21 Hz on average.
	_, hz, _ := PopulationRate(r, "input", 200, 0)
	fmt.Printf("%.1f Hz\n", hz[0])
	// Output: 21.0 Hz
}

func ExampleTraces() {
	fig, err := Traces(networkFixture(), "exc", TraceOptions{Var: "v", Neurons: []int{0, 20, 39}})
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/traces.png"); err != nil {
		log.Fatal(err)
	}
	for i := 0; i < fig.Rows(); i++ {
		fmt.Println(fig.Plot(i, 0).Title.Text)
	}
	// Output:
	// exc – v of neuron 0 (0 spikes)
	// exc – v of neuron 20 (4 spikes)
	// exc – v of neuron 39 (7 spikes)
}

func ExampleISIHistogram() {
	fig, err := ISIHistogram(networkFixture(), ISIOptions{Pops: []string{"exc", "input"}})
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/isi.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Plot(0, 1).Title.Text)
	// Output: input – ISI (n = 96, mean 35.6 ms, CV 0.86)
}

func ExampleWeightMatrix() {
	w, _ := weightsFixture()
	fig, err := WeightMatrix(w)
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/weights.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Plot(0, 0).Title.Text)
	// Output: input → exc: 297 synapses
}

func ExampleWeightsBeforeAfter() {
	before, after := weightsFixture()
	fig, err := WeightsBeforeAfter(before, after)
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/weights_stdp.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Title)
	// Output: weights input → exc
}

func ExampleWeightHistogram() {
	before, after := weightsFixture()
	fig, err := WeightHistogram(before, after)
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/weight_hist.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Plot(0, 0).Title.Text)
	// Output: weight distribution (297 synapses)
}

func ExampleGallery() {
	fig, err := Gallery(galleryFixture(20))
	if err != nil {
		log.Fatal(err)
	}
	fig.Title = "Izhikevich (2004) neuro-computational features"
	if err := fig.Save("testdata/gallery.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Plot(8, 3).Title.Text)
	// Output: (T) phasic spiking
}

// A Figure is a grid of gonum/plot panels: build your own, aligned like
// pyn's, and render it as PNG, SVG or PDF.
func ExampleNewFigure() {
	fig := NewFigure(2, 1)
	fig.Title = "Two panels"
	fig.SetRowHeights([]float64{2, 1})
	for row := 0; row < 2; row++ {
		p := newPanel(fmt.Sprintf("panel %d", row), "x", "y")
		xy := make(plotter.XYs, 50)
		for i := range xy {
			xy[i] = plotter.XY{X: float64(i), Y: float64(i*i) * float64(row*999+1)}
		}
		addLine(p, xy, colorOf(row), 1)
		fig.Set(row, 0, p)
	}
	fig.SetPixels(600, 400)
	if err := fig.Save("testdata/figure.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fig.Pixels())
	// Output: 600 400
}

func ExampleFI() {
	// An f–I curve drawn from known numbers: the closed-form rate of the
	// LIFStandard neuron (see TestFICurveLIF).
	p := LIFStandard
	fi := &FI{Pop: "lif", Model: "LIF"}
	for I := 0.0; I <= 1000; I += 50 {
		rate := 0.0
		if vinf := p.EL + I*p.TauM/p.C; vinf > p.VTh {
			rate = 1000 / (p.TRef + p.TauM*math.Log((vinf-p.VReset)/(vinf-p.VTh)))
		}
		fi.I = append(fi.I, I)
		fi.Rate = append(fi.Rate, rate)
	}
	fig, err := fi.draw()
	if err != nil {
		log.Fatal(err)
	}
	if err := fig.Save("testdata/fi.png"); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.1f Hz at %g pA\n", fi.Rate[len(fi.Rate)-1], fi.I[len(fi.I)-1])
	// Output: 149.3 Hz at 1000 pA
}
