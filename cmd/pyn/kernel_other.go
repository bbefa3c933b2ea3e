//go:build !unix

package main

import "os"

// processAlive cannot tell portably outside Unix; the kernel then relies
// on Jupyter to stop it.
func processAlive(pid int) bool { return true }

func notifyDump(c chan<- os.Signal) {}

func isDumpSignal(s os.Signal) bool { return false }
