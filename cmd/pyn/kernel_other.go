//go:build !unix

package main

import (
	"io"
	"os"
)

// kernelLog is standard error: outside Unix the session does not redirect
// file descriptors.
func kernelLog() io.Writer { return os.Stderr }

// processAlive cannot tell portably outside Unix; the kernel then relies
// on Jupyter to stop it.
func processAlive(pid int) bool { return true }

func notifyDump(c chan<- os.Signal) {}

func isDumpSignal(s os.Signal) bool { return false }
