//go:build amd64 && !purego

package pyn

import "unsafe"

// prefetchRange asks the processor to start loading the n bytes at p into
// the cache (PREFETCHT0 per 64-byte line; a hint: it never faults).
//
//go:noescape
func prefetchRange(p unsafe.Pointer, n uintptr)
