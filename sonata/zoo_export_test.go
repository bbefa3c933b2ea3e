package sonata

import (
	"os"
	"testing"
)

func TestZooExportForManualRun(t *testing.T) {
	dir := os.Getenv("SONATA_ZOO_OUT")
	if dir == "" {
		t.Skip()
	}
	net, sim := zoo(t)
	sim.NoSTDP = os.Getenv("SONATA_ZOO_NOSTDP") != ""
	must(t, Export(net, sim, dir))
}

func TestThalamoExportForManualRun(t *testing.T) {
	dir := os.Getenv("SONATA_THAL_OUT")
	if dir == "" {
		t.Skip()
	}
	net, sim := thalamocortical()
	must(t, Export(net, sim, dir))
}
