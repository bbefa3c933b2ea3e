package cell

import "sync/atomic"

// This file lets a test see every simulation that cells run: pyn reports
// the network and the result of each Simulate call here, and a test that
// runs whole notebooks (notebooks/notebooks_test.go) installs a hook to
// hash them. Without a hook a report costs one atomic load.

var resultHook atomic.Pointer[func(network, result any)]

// OnResult installs f to receive the network and the result of every
// later Simulate call that returns a result, complete or not, on the
// calling goroutine of Simulate. It returns a function that restores the
// previous hook.
func OnResult(f func(network, result any)) (restore func()) {
	var p *func(network, result any)
	if f != nil {
		p = &f
	}
	old := resultHook.Swap(p)
	return func() { resultHook.Store(old) }
}

// Result reports one Simulate call's network and result to the hook, if
// one is installed.
func Result(network, result any) {
	if f := resultHook.Load(); f != nil {
		(*f)(network, result)
	}
}
