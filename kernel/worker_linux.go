package kernel

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// workerSysProcAttr puts the worker in its own process group, so that a
// SIGINT Jupyter sends the kernel's group does not kill it (the kernel
// forwards interrupts as messages), and has the system kill it when the
// kernel process dies.
func workerSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// availableMemory returns the physical memory, or the cgroup's memory
// limit when that is smaller, in bytes; 0 when unknown.
func availableMemory() int64 {
	var si syscall.Sysinfo_t
	var phys int64
	if syscall.Sysinfo(&si) == nil {
		phys = int64(si.Totalram) * int64(si.Unit)
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (phys == 0 || n < phys) {
			phys = n
		}
		break
	}
	return phys
}

// limitAddressSpace sets RLIMIT_AS: an allocation beyond it fails at
// once, and the Go runtime reports "out of memory".
func limitAddressSpace(bytes int64) {
	lim := &syscall.Rlimit{Cur: uint64(bytes), Max: uint64(bytes)}
	var old syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_AS, &old) == nil && old.Max < lim.Max {
		lim.Cur, lim.Max = old.Max, old.Max
	}
	syscall.Setrlimit(syscall.RLIMIT_AS, lim) //nolint:errcheck // best effort: the soft limit stays
}
