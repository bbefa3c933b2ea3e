// Package layout holds no code: its test pins the module's dependency
// direction, so that a change that makes an import point up fails CI.
//
// The layers, top to bottom (a package imports only packages in lower
// layers, the standard library and its own internal packages):
//
//	cmd/pyn, notebooks           commands and the notebooks' tests
//	kernel, notebook             the Jupyter kernel; the headless notebook runner
//	session                      the interpreter session every front end uses
//	symbols                      yaegi symbol tables of pyn, display and gonum/plot
//	pyn, display                 the simulator; the API cells use to display
//	internal/cell                the per-cell context, progress and display sink
//
// Besides the layers: display and internal/cell import only the standard
// library (display also internal/cell); internal/cell is imported by pyn,
// display and session only (tests aside); only kernel talks ZeroMQ; the
// interpreter (yaegi) stays in symbols and session; pyn has no cgo.
package layout
