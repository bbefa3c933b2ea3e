//go:build race

package kernel

// raceDetector is true in tests built with -race. Evaluating in a session
// after an interrupt is ordered by watching the interpreter's goroutines,
// which the race detector cannot see (see the session package's tests):
// the tests that evaluate after interrupting a real session skip that part.
const raceDetector = true
