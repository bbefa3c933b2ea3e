package pyn_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pyn-go/pyn/pyn"
)

// A streamed run keeps no trace in memory: Trace.File names the .npy file
// the samples went to, and Load reads the experiment folder back.
func ExampleSim_stream() {
	dir, err := os.MkdirTemp("", "pyn-stream")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	cells := pyn.NewIzhikevich("cells", 1000, pyn.RegularSpiking)
	cells.DisableRecurrent()
	net := pyn.NewNetwork(cells)
	res, err := net.Simulate(pyn.Sim{Name: "streamed", T: 50, Dt: 0.1, SaveData: dir, Stream: true,
		Record: []string{"v"}, IExt: map[string][]pyn.Stim{"cells": {{Amp: 10}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := res.Pops[0].Traces[0]
	fmt.Println("in memory:", len(tr.Data), "samples; file:", filepath.Base(tr.File))
	loaded, err := pyn.Load(filepath.Dir(tr.File))
	if err != nil {
		fmt.Println(err)
		return
	}
	v := loaded.Pops[0].Traces[0]
	fmt.Printf("loaded: %d times × %d neurons, v(0) = %g mV\n", len(v.T), len(v.Neurons), v.At(0, 0))
	// Output:
	// in memory: 0 samples; file: 0_cells_v.npy
	// loaded: 500 times × 1000 neurons, v(0) = -65 mV
}
