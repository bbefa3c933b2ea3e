//go:build !linux

package pyn

import "time"

// threadCPU is not measured on this platform.
func threadCPU() time.Duration { return 0 }
