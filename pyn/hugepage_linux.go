//go:build linux

package pyn

import (
	"syscall"
	"unsafe"
)

// adviseHugePages asks the kernel to back a large synapse table with
// transparent huge pages. Spike delivery reads one run of synapses per
// spike at a random place in tables of up to gigabytes; with 4 KiB pages
// nearly every run also misses the TLB. Failure is harmless and ignored.
func adviseHugePages(p unsafe.Pointer, n uintptr) {
	const huge = 2 << 20
	if n < 4*huge {
		return
	}
	start := (uintptr(p) + huge - 1) &^ (huge - 1)
	end := (uintptr(p) + n) &^ (huge - 1)
	if end <= start {
		return
	}
	const madvHugepage = 14
	syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugepage)
}
