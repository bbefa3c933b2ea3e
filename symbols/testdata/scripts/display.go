// The display package from interpreted code.
package main

import (
	"fmt"

	"github.com/pyn-go/pyn/display"
)

func main() {
	var got []string
	display.SetPublisher(func(d display.Data, update bool) {
		got = append(got, fmt.Sprint(update, " ", d.Data["text/plain"], " ", d.Transient["display_id"]))
	})
	display.Display("plain")
	display.DisplayID("p", display.Text("0%"))
	display.Update("p", display.Text("100%"))
	display.SetPublisher(nil)
	for _, g := range got {
		fmt.Println(g)
	}
	d, ok := display.Render(display.HTML("<b>x</b>"))
	fmt.Println(ok, d.Data["text/html"])
	_, ok = display.Render(42)
	fmt.Println(ok)
}

// Output:
// false plain <nil>
// false 0% p
// true 100% p
// true <b>x</b>
// false
