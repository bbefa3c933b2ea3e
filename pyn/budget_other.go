//go:build !linux

package pyn

// systemMemory knows no system limits off Linux: only the Go memory limit,
// SetMemoryBudget and what a slice can address bound a request there.
func systemMemory() MemoryInfo { return MemoryInfo{} }

// freeDisk is unknown off Linux.
func freeDisk(path string) (int64, bool) { return 0, false }

// freeMemory is unknown off Linux.
func freeMemory() int64 { return 0 }
