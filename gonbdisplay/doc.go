// Package gonbdisplay shows pyn's figures and display outputs in gonb, the
// Jupyter kernel that compiles each cell as a Go program.
//
// Importing it is enough for display.Display, display.Publish and the
// figures of pyn to reach gonb's front end: when the program runs under
// gonb (gonb sets the GONB_PIPE environment variable), its init routes
// every output to gonb's display channel. Outside gonb it does nothing,
// and outputs go where package display says (printed, or saved to a file
// whose name is printed).
//
// A figure is one line:
//
//	gonbdisplay.Show(pyn.ShowData(res))
//
// Package pyn does not import this package, nor gonb: only programs that
// run under gonb need them.
package gonbdisplay
