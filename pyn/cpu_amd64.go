//go:build amd64 && !purego

package pyn

import "golang.org/x/sys/cpu"

// hasAVX2 selects the AVX2 kernels (the CPU and the OS support the 256-bit
// registers).
var hasAVX2 = cpu.X86.HasAVX2

// hasAVX512 selects the AVX-512 kernels (F and DQ, with the OS saving the
// 512-bit state), which give the AVX2 kernels' bits eight lanes at a time.
var hasAVX512 = hasAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ
