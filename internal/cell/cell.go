// Package cell carries the inputs that a front end sets around each cell it
// runs: the context that an interrupt cancels, the progress callback of long
// simulations and the sink that displays are published to.
//
// They are process-wide because compiled code called from interpreted code
// (pyn.Network.Simulate, display.Display) has no other way to reach them. They
// are internal so that no user cell can set them: only the interpreter session
// does, around each cell, and resets them after it.
package cell

import (
	"context"
	"sync"
	"time"
)

// Progress reports how far a running simulation is.
type Progress struct {
	Fraction float64       // 0…1
	T        float64       // simulated time reached, ms
	Wall     time.Duration // wall time since the simulation started
}

// Output is one rich output: a Jupyter MIME bundle with its metadata and
// transient fields (display_id), and whether it updates an earlier one.
type Output struct {
	Data      map[string]any
	Metadata  map[string]any
	Transient map[string]any
	Update    bool
}

// Env is what a front end provides to the code of one cell. A nil field
// means none: no interrupt, no progress, no display sink.
type Env struct {
	Context  context.Context
	Progress func(Progress)
	Publish  func(Output)
}

var (
	mu  sync.Mutex
	env Env
)

// Set installs e for the cell about to run; Set(Env{}) clears it.
func Set(e Env) {
	mu.Lock()
	env = e
	mu.Unlock()
}

// Get returns the environment of the running cell.
func Get() Env {
	mu.Lock()
	defer mu.Unlock()
	return env
}

// extraRender renders values that package display does not know (it
// imports only the standard library): the interpreter session installs
// one for gonum/plot's *plot.Plot.
var extraRender func(v any) (Output, bool)

// SetRender installs f as the renderer of values package display does
// not know; it is process-wide, set once at start-up.
func SetRender(f func(v any) (Output, bool)) {
	mu.Lock()
	extraRender = f
	mu.Unlock()
}

// Render renders v with the renderer SetRender installed, if any.
func Render(v any) (Output, bool) {
	mu.Lock()
	f := extraRender
	mu.Unlock()
	if f == nil {
		return Output{}, false
	}
	return f(v)
}
