//go:build !race

package pyn

// raceEnabled reports a build with the race detector, whose runtime
// allocates on its own: allocation counts mean nothing there.
const raceEnabled = false
