package symbols

import "reflect"

//go:generate go tool yaegi extract -name symbols github.com/pyn-go/pyn/pyn
//go:generate go tool yaegi extract -name symbols github.com/pyn-go/pyn/display
//go:generate go tool yaegi extract -name symbols github.com/pyn-go/pyn/sonata
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/plotter
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/plotutil
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/vg
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/vg/draw
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/palette
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/palette/moreland
//go:generate go tool yaegi extract -name symbols gonum.org/v1/plot/font

// Symbols holds the exported symbols of pyn, the display package and the
// gonum/plot packages, keyed by "import/path/name" then by symbol name, in
// the form yaegi's interp.Use expects. The generated files fill it in
// their init functions.
var Symbols = map[string]map[string]reflect.Value{}
