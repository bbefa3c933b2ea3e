// A connection to an unknown population is an error that names it.
package main

import "github.com/pyn-go/pyn/pyn"

func main() {
	net := pyn.NewNetwork(pyn.NewIzhikevich("a", 2, pyn.TonicSpiking))
	if err := net.Connect("a", "ghost", pyn.Conn{Rule: pyn.AllToAll}); err != nil {
		panic(err)
	}
}

// Error:
// ghost
