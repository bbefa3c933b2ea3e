//go:build !linux

package pyn

import "unsafe"

// adviseHugePages is a no-op where transparent huge pages are not known.
func adviseHugePages(p unsafe.Pointer, n uintptr) {}
