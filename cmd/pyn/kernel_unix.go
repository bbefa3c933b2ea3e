//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// processAlive reports whether process pid exists (signal 0 checks
// without sending anything).
func processAlive(pid int) bool {
	return syscall.Kill(pid, 0) != syscall.ESRCH
}

// notifyDump asks for SIGQUIT, on which the kernel writes a goroutine dump
// to its log and goes on.
func notifyDump(c chan<- os.Signal) { signal.Notify(c, syscall.SIGQUIT) }

func isDumpSignal(s os.Signal) bool { return s == syscall.SIGQUIT }
