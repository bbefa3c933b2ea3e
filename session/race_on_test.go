//go:build race

package session

// raceDetector is true in tests built with -race. After an interrupt the
// session waits, by watching the goroutine dump, for the interpreter's
// abandoned evaluation goroutine to end before evaluating again; the race
// detector cannot see that ordering and reports a race on the
// interpreter's frame, so the tests that evaluate after an interrupt skip.
const raceDetector = true
