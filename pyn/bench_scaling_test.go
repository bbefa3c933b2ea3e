package pyn

import (
	"fmt"
	"testing"
)

// scalingSizes are the network sizes of BenchmarkScaling.
var scalingSizes = []int{1000, 10000, 100000, 1000000}

// BenchmarkScaling runs the Sparse100k workload (Izhikevich network, 100
// synapses per neuron on average, 1 s at dt 0.25 ms per op) at N = 10³ …
// 10⁶ neurons with one and two threads; the network of each size is built
// once, outside the timer, and shared by its two sub-benchmarks. The
// figure of docs/benchmarks.md is drawn from its output:
//
//	go test ./pyn -run XXX -bench Scaling -benchtime 1x -count 3 -cpu 2 | tee docs/img/scaling.txt
//	go test ./pyn -run TestDocsScaling -docs
func BenchmarkScaling(b *testing.B) {
	for _, n := range scalingSizes {
		var net *Network
		var sim Sim
		for _, k := range []int{1, 2} {
			b.Run(fmt.Sprintf("N=%d/threads=%d", n, k), func(b *testing.B) {
				if net == nil {
					net, sim = izhNetwork(b, n, 100, false, 1000)
					if _, err := net.Simulate(Sim{T: 0.25, Dt: 0.25, NoSTDP: true}); err != nil { // builds the synapses
						b.Fatal(err)
					}
				}
				s := sim
				s.Threads = k
				runBench(b, net, s, float64(n)*4000)
				bytes, syn, err := net.SynapseBytes()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(bytes)/float64(syn), "B/synapse")
			})
		}
	}
}
