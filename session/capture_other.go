//go:build !linux

package session

// No descriptor redirection outside Linux: only interpreted output is captured.

import (
	"errors"
	"io"
	"os"
)

func redirect(fd int, dest io.Writer) (*stream, error) {
	return nil, errors.New("session: capturing descriptors is not supported on this platform")
}

func restoreFD(saved, fd int) {}

func closeFD(fd int) {}

var processStderr = os.Stderr
