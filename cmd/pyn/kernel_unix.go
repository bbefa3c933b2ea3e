//go:build unix

package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"
)

// kernelLog returns a writer to the process's standard error that stays
// there while cells run: the interpreter session redirects file
// descriptors 1 and 2 into the running cell's output, and the kernel's own
// diagnostics must not end up in a notebook.
func kernelLog() io.Writer {
	fd, err := syscall.Dup(2)
	if err != nil {
		return os.Stderr
	}
	return os.NewFile(uintptr(fd), "stderr")
}

// processAlive reports whether process pid exists (signal 0 checks
// without sending anything).
func processAlive(pid int) bool {
	return syscall.Kill(pid, 0) != syscall.ESRCH
}

// notifyDump asks for SIGQUIT, on which the kernel writes a goroutine dump
// to its log and goes on.
func notifyDump(c chan<- os.Signal) { signal.Notify(c, syscall.SIGQUIT) }

func isDumpSignal(s os.Signal) bool { return s == syscall.SIGQUIT }
