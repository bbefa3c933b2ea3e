// Streaming recorded traces to disk (Sim.Stream) from interpreted code:
// the result keeps no samples, plots ask for Load, Load reads them back.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyn-go/pyn/pyn"
)

func main() {
	dir, err := os.MkdirTemp("", "pyn-stream-script")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	cells := pyn.NewIzhikevich("cells", 20, pyn.TonicSpiking)
	cells.DisableRecurrent()
	net := pyn.NewNetwork(cells)
	res, err := net.Simulate(pyn.Sim{Name: "streamed", T: 20, Dt: 0.5, SaveData: dir, Stream: true,
		Record: []string{"v"}, IExt: map[string][]pyn.Stim{"cells": {{Amp: 10}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := res.Pops[0].Traces[0]
	fmt.Println(len(tr.Data), filepath.Base(tr.File))
	_, err = pyn.ShowData(res)
	fmt.Println(err != nil && strings.Contains(err.Error(), "pyn.Load"))
	back, err := pyn.Load(filepath.Dir(tr.File))
	if err != nil {
		fmt.Println(err)
		return
	}
	v := back.Pops[0].Traces[0]
	fmt.Println(len(v.T), len(v.Neurons), len(v.Data))
}

// Output:
// 0 0_cells_v.npy
// true
// 40 20 800
