//go:build !amd64 || purego

package pyn

import "unsafe"

// prefetchRange is a no-op where no prefetch instruction is wired up.
func prefetchRange(p unsafe.Pointer, n uintptr) {}
