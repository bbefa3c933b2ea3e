// The display package from interpreted code.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/display"
)

func main() {
	d := display.RenderOrText("plain")
	fmt.Println(d.Data["text/plain"])
	d, ok := display.Render(display.HTML("<b>x</b>"))
	fmt.Println(ok, d.Data["text/html"])
	_, ok = display.Render(42)
	fmt.Println(ok)
}

// Output:
// plain
// true <b>x</b>
// false
