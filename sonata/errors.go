package sonata

import (
	"errors"
	"fmt"

	"github.com/pyn-go/pyn/pyn"
)

// ErrUnsupported is wrapped by every error about a part of a network or
// run that SONATA and PyNN cannot express (it also wraps
// pyn.ErrBadInput). Export refuses such a network rather than drop the
// part silently.
var ErrUnsupported = errors.New("sonata: no SONATA/PyNN equivalent")

// kindError is an error message with the kinds it wraps.
type kindError struct {
	msg   string
	kinds []error
}

func (e *kindError) Error() string   { return e.msg }
func (e *kindError) Unwrap() []error { return e.kinds }

// refusef reports something with no SONATA/PyNN equivalent.
func refusef(format string, args ...interface{}) error {
	return &kindError{msg: "sonata: " + fmt.Sprintf(format, args...), kinds: []error{ErrUnsupported, pyn.ErrBadInput}}
}

// badf reports a bad argument.
func badf(format string, args ...interface{}) error {
	return &kindError{msg: "sonata: " + fmt.Sprintf(format, args...), kinds: []error{pyn.ErrBadInput}}
}

// corruptf reports a circuit that cannot be read back.
func corruptf(format string, args ...interface{}) error {
	return &kindError{msg: "sonata: " + fmt.Sprintf(format, args...), kinds: []error{pyn.ErrCorrupt}}
}

// errNoHDF5 is returned where a file would be written or read by a build
// without HDF5 (cgo off, or the nohdf5 tag).
var errNoHDF5 = errors.New("sonata: this build of pyn has no HDF5 support (it needs cgo and libhdf5: build with CGO_ENABLED=1 and without the nohdf5 tag)")
