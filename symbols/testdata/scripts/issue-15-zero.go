// pyn.Zero asks for 0 in a field whose zero value means a default, from
// the interpreter as from compiled code: an AdEx cut-off at 0 mV.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

func main() {
	p := pyn.AdExTonic
	p.VCut = pyn.Zero
	p.Integrator = pyn.AdExEuler
	pop := pyn.NewAdEx("a", 1, p)
	vcut, err := pop.Param("Vcut")
	if err != nil {
		panic(err)
	}
	def, _ := pyn.NewAdEx("b", 1, pyn.AdExTonic).Param("Vcut")
	fmt.Println(vcut[0], def[0])
}

// Output:
// 0 -40
