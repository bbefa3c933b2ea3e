//go:build !linux

package kernel

import "syscall"

// workerSysProcAttr: outside Linux the worker stays in the kernel's
// process group and is not killed with it (it ends when its request pipe
// closes).
func workerSysProcAttr() *syscall.SysProcAttr { return nil }

// availableMemory is unknown outside Linux: no address-space limit.
func availableMemory() int64 { return 0 }

// limitAddressSpace does nothing outside Linux; the soft memory limit
// still applies.
func limitAddressSpace(bytes int64) {}
