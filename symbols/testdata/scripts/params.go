// Parameter structs, distributions and constants through the interpreter.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

func main() {
	d := pyn.Uniform(0.02, 0.1)
	fmt.Println(d.Law == pyn.LawUniform, d.A, d.B)
	fmt.Println(pyn.Normal(1, 2).Law == pyn.LawNormal, pyn.Const(3).A)
	pop := pyn.NewIzhikevich("exc", 4, pyn.TonicSpiking)
	if err := pop.SetParam("a", []float64{0.02, 0.02, 0.1, 0.1}); err != nil {
		fmt.Println(err)
	}
	a, err := pop.Param("a")
	fmt.Println(a, err)
	_, err = pop.Param("nope")
	fmt.Println(err != nil)
	c := pyn.Conn{Rule: pyn.FixedProb, P: 0.1, Weight: pyn.Const(0.5), Synapse: pyn.Synapse{Kind: pyn.Exponential, Tau: 5}}
	fmt.Println(c.Rule == pyn.FixedProb, c.Synapse.Kind == pyn.Exponential)
	fmt.Println(pyn.Version != "")
}

// Output:
// true 0.02 0.1
// true 3
// [0.02 0.02 0.1 0.1] <nil>
// true
// true true
// true
