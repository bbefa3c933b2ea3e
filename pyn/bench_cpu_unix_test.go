//go:build unix

package pyn

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) the process has used. On
// a shared machine it measures the work done better than wall time.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
