package pyn

import (
	"fmt"
)

// Network holds populations by name and the connections between them.
//
// Connections are stored per connection, grouped by presynaptic neuron and
// delay: each synapse is a 4-byte target index and a 4-byte float32
// weight (7 significant digits), so a static synapse costs about 8 bytes.
// Spikes are delivered event by event into per-delay ring buffers of the
// target population; the cost of a step is O(neurons + spikes × fan-out).
type Network struct {
	// Seed seeds connectivity (which synapses exist, their weights and
	// delays). Connections are drawn when first needed (Simulate, Weights);
	// the same Seed gives the same network. 0 is a fixed default seed.
	Seed uint64

	pops  []*Population
	err   error       // first error from NewNetwork
	conns []*connSpec // explicit connections, in the order made
	rt    *netRuntime // simulation state, built at the first Simulate
	step  int64       // steps simulated since t = 0
}

// NewNetwork returns a network holding pops. A problem with one of them
// (a duplicate name, a bad parameter) is reported by Err and by every later
// Connect and Simulate.
func NewNetwork(pops ...*Population) *Network {
	n := &Network{}
	for _, p := range pops {
		if err := n.Add(p); err != nil && n.err == nil {
			n.err = err
		}
	}
	return n
}

// errNilNet is the error of a method called on a nil *Network.
var errNilNet = newError(ErrNil, "pyn: nil network (make one with NewNetwork)")

// Err reports the first error met while building the network.
func (n *Network) Err() error {
	if n == nil {
		return errNilNet
	}
	return n.err
}

// Add adds a population. Its name must be new in the network.
// A population that failed to build (see Population.Err) is added, so
// that later calls name it, and its error is returned.
func (n *Network) Add(p *Population) error {
	if n == nil {
		return errNilNet
	}
	if p == nil {
		return inputErrorf("pyn: Add: nil population")
	}
	if p.Name == "" {
		// Connect, Sim.IExt, Probes and the saved files refer to
		// populations by name: an empty one cannot be referred to.
		return inputErrorf("pyn: Add: population (%s, N = %d) has an empty name", p.Model(), p.N)
	}
	if n.Population(p.Name) != nil {
		return inputErrorf("pyn: Add: duplicate population name %q", p.Name)
	}
	if n.step > 0 {
		return inputErrorf("pyn: Add %q: the network has already run; call Reset first", p.Name)
	}
	n.pops = append(n.pops, p)
	return p.Err()
}

// Connect connects population pre to population post. The zero Conn is
// pyN's default: fixed probability 0.1, weights U[0,1), alpha PSC with
// τ = 5 ms, one-step delay. Connecting a population to itself replaces its
// default recurrent connection.
// Synapses are drawn later, at the first Simulate (or Weights call), from
// Network.Seed; Connect checks everything that can be checked now and
// returns an error naming the connection and the culprit.
func (n *Network) Connect(pre, post string, c Conn) error {
	if n == nil {
		return errNilNet
	}
	if n.err != nil {
		return n.err
	}
	if c.G0 != nil {
		c.G0 = append([]float64(nil), c.G0...) // the caller may reuse its slice
	}
	cs := &connSpec{pre: pre, post: post, c: c, stream: uint64(len(n.conns)), key: fmt.Sprintf("c%d", len(n.conns))}
	if err := cs.check(n.Population(pre), n.Population(post)); err != nil {
		return err
	}
	if n.step > 0 {
		return cs.errorf("the network has already run; call Reset first")
	}
	n.conns = append(n.conns, cs)
	return nil
}

// Population returns the population called name, or nil.
func (n *Network) Population(name string) *Population {
	if n == nil {
		return nil
	}
	for _, p := range n.pops {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Populations returns the populations in the order they were added.
func (n *Network) Populations() []*Population {
	if n == nil {
		return nil
	}
	return append([]*Population(nil), n.pops...)
}
