package pyn

import (
	"errors"
	"fmt"
	"math"
)

// The kinds of error pyn returns. Every error from pyn wraps one of them,
// so callers can tell them apart with errors.Is whatever the message:
//
//	if errors.Is(err, pyn.ErrBadInput) { ... }
//
// and errors.As(err, &e) with e of type *pyn.Error gives the culprit.
// Errors of the operating system (a file that cannot be written) and of a
// cancelled context are wrapped too: errors.Is(err, context.Canceled) and
// errors.Is(err, fs.ErrPermission) see through pyn's message.
var (
	// ErrBadInput: an argument, parameter or option is out of its domain
	// (a negative N, a NaN weight, dt ≤ 0, a stimulus that ends before it
	// starts, a figure without data).
	ErrBadInput = errors.New("pyn: bad input")
	// ErrNotFound: a name refers to nothing (an unknown population,
	// variable or parameter).
	ErrNotFound = errors.New("pyn: not found")
	// ErrNil: a nil network, population, result or figure was passed.
	ErrNil = errors.New("pyn: nil value")
	// ErrTooLarge: the request cannot be represented or would need more
	// memory or disk than is allowed.
	ErrTooLarge = errors.New("pyn: too large")
	// ErrDiverged: a simulation's state became non-finite; the Result up
	// to that step is returned with the error.
	ErrDiverged = errors.New("pyn: simulation diverged")
	// ErrCorrupt: a saved experiment cannot be read back (bad format,
	// inconsistent counts, an incomplete save).
	ErrCorrupt = errors.New("pyn: corrupt experiment")
)

// Error is a pyn error with its culprit. Error() is the full message;
// the fields repeat what it names, for programs. Unset fields are empty
// strings, −1 (Neuron) and NaN (Value, T).
type Error struct {
	Kind   error   // one of the Err* values above
	Op     string  // the call or option: "Simulate", "Connect", "Probes[2]", …
	Pop    string  // population name
	Neuron int     // neuron index within Pop
	Param  string  // parameter, variable or field name
	Value  float64 // the offending value
	T      float64 // simulated time, ms (run-time errors)

	msg   string
	cause error
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns the kind and the cause, so that errors.Is and errors.As
// walk both chains.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.cause}
}

// newError formats the message as fmt.Errorf does (a %w verb makes its
// operand the cause) and tags it with kind.
func newError(kind error, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Neuron: -1, Value: math.NaN(), T: math.NaN(), msg: err.Error(), cause: errors.Unwrap(err)}
}

// inputErrorf is newError(ErrBadInput, …), the common case.
func inputErrorf(format string, args ...any) *Error { return newError(ErrBadInput, format, args...) }

// notFoundf is newError(ErrNotFound, …).
func notFoundf(format string, args ...any) *Error { return newError(ErrNotFound, format, args...) }

func (e *Error) pop(name string) *Error { e.Pop = name; return e }
func (e *Error) neuron(i int) *Error    { e.Neuron = i; return e }
func (e *Error) at(t float64) *Error    { e.T = t; return e }
func (e *Error) param(name string, v float64) *Error {
	e.Param, e.Value = name, v
	return e
}

// corrupt tags an error of Load as ErrCorrupt, keeping its message and
// its cause (an os error stays visible to errors.Is).
func corrupt(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: ErrCorrupt, Neuron: -1, Value: math.NaN(), T: math.NaN(), msg: err.Error(), cause: errors.Unwrap(err)}
}
