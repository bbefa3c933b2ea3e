//go:build race

package notebook

// raceEnabled reports a build with the race detector.
const raceEnabled = true
