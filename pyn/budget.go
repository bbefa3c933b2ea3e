package pyn

import (
	"fmt"
	"math"
	"math/bits"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// This file is pyn's memory budget: every allocation whose size comes from
// user input (a population's N, a connection rule, a recording, a rate
// bin, a figure's pixels) is estimated first and refused with ErrTooLarge,
// naming the input, the bytes needed and the bytes available, instead of
// letting the Go runtime die with "out of memory" and no message.

// MemoryInfo describes the memory a pyn request may use. Each limit is in
// bytes; 0 means the limit is unknown or absent on this system.
type MemoryInfo struct {
	// Physical is the machine's memory (Linux: MemTotal of /proc/meminfo).
	Physical int64
	// Free is the memory the system can give without swapping (Linux:
	// MemAvailable of /proc/meminfo), read at each call.
	Free int64
	// Cgroup is the memory limit of the process's control group (cgroup
	// v2 memory.max, or v1 memory.limit_in_bytes).
	Cgroup int64
	// AddressSpace is the soft RLIMIT_AS of the process (ulimit -v).
	AddressSpace int64
	// GoLimit is the Go runtime's soft memory limit (GOMEMLIMIT or
	// debug.SetMemoryLimit).
	GoLimit int64
	// Budget is the limit set by SetMemoryBudget.
	Budget int64
	// InUse is the memory the Go runtime holds now.
	InUse int64
	// Limit is the smallest of the limits above, and Available is
	// Limit − InUse, or Free when that is smaller; Source names the
	// binding one.
	Limit, Available int64
	Source           string
}

// budgetOverride is SetMemoryBudget's value, bytes; 0 means none.
var budgetOverride atomic.Int64

// SetMemoryBudget caps the memory pyn lets its requests use, in bytes,
// below what the system allows (useful on a shared machine); 0 removes
// the cap. It returns the previous cap.
func SetMemoryBudget(bytes int64) int64 {
	if bytes < 0 {
		bytes = 0
	}
	return budgetOverride.Swap(bytes)
}

var (
	sysLimitsOnce sync.Once
	sysLimits     MemoryInfo // Physical, Cgroup, AddressSpace
)

// The system's limits are read once, the first time they are needed: a
// millisecond of /proc and /sys reading that the program's first model
// should not wait for, so it starts at load time in the background.
func init() {
	go sysLimitsOnce.Do(func() { sysLimits = systemMemory() })
}

// smallRequest is the size, in bytes, up to which checkBytes does not
// read the system's free memory (see memoryLimits).
const smallRequest = 4 << 20

// Memory reports the limits pyn checks allocations against and how much
// of the smallest is still available.
func Memory() MemoryInfo {
	m := memoryLimits()
	if m.Free = freeMemory(); m.Free > 0 && m.Free < m.Available {
		m.Available, m.Source = m.Free, "free memory"
	}
	return m
}

// memoryLimits is Memory without the free memory of the system (Free is
// 0, and Available is Limit − InUse).
func memoryLimits() MemoryInfo {
	sysLimitsOnce.Do(func() { sysLimits = systemMemory() })
	m := sysLimits
	if g := debug.SetMemoryLimit(-1); g > 0 && g < math.MaxInt64 {
		m.GoLimit = g
	}
	m.Budget = budgetOverride.Load()
	m.InUse = goMemoryInUse()
	m.Limit, m.Source = math.MaxInt64, "no known limit"
	for _, l := range []struct {
		v    int64
		name string
	}{{m.Physical, "physical memory"}, {m.Cgroup, "cgroup memory limit"}, {m.AddressSpace, "RLIMIT_AS"},
		{m.GoLimit, "GOMEMLIMIT"}, {m.Budget, "SetMemoryBudget"}} {
		if l.v > 0 && l.v < m.Limit {
			m.Limit, m.Source = l.v, l.name
		}
	}
	if m.Limit == math.MaxInt64 {
		// No limit known (a system without /proc): what a slice index
		// can address is the only bound.
		m.Limit = math.MaxInt
	}
	m.Available = m.Limit - m.InUse
	if m.Available < 0 {
		m.Available = 0
	}
	return m
}

// goMemoryInUse is the memory the Go runtime has mapped and not released.
func goMemoryInUse() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	var total, released uint64
	if s[0].Value.Kind() == metrics.KindUint64 {
		total = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		released = s[1].Value.Uint64()
	}
	if released > total {
		return 0
	}
	return int64(total - released)
}

// sizeOf is count × size in bytes, saturating at MaxInt64 (also for a
// negative count, which callers refuse separately).
func sizeOf(count, size int64) int64 {
	if count < 0 || size < 0 {
		return math.MaxInt64
	}
	hi, lo := bits.Mul64(uint64(count), uint64(size))
	if hi != 0 || lo > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(lo)
}

// addSizes adds byte counts, saturating at MaxInt64.
func addSizes(xs ...int64) int64 {
	var t int64
	for _, x := range xs {
		if x < 0 || t > math.MaxInt64-x {
			return math.MaxInt64
		}
		t += x
	}
	return t
}

// checkAlloc refuses to allocate count elements of size bytes for what (a
// phrase naming the user's input) when they would not fit in the memory
// available, or in a Go slice on this architecture.
func checkAlloc(what string, count, size int64) error {
	if count < 0 {
		return inputErrorf("pyn: %s: negative size %d", what, count)
	}
	return checkBytes(what, sizeOf(count, size), count)
}

// checkBytes is checkAlloc for a total already in bytes; count is the
// number of elements of the largest single slice (0 if unknown).
func checkBytes(what string, bytes, count int64) error {
	if count > math.MaxInt || bytes > math.MaxInt {
		return newError(ErrTooLarge, "pyn: %s needs %s, more than the address space of a %d-bit program makes available", what, fmtBytes(bytes), bits.UintSize)
	}
	if bytes <= smallRequest {
		// Reading the free memory (/proc/meminfo) costs tens of
		// microseconds, more than a small allocation is worth: a small
		// request is checked against the limits and the memory in use.
		if l := memoryLimits(); bytes <= l.Available {
			return nil
		}
	}
	m := Memory()
	if bytes > m.Available {
		return newError(ErrTooLarge, "pyn: %s needs %s but only %s is available (%s %s, %s in use)",
			what, fmtBytes(bytes), fmtBytes(m.Available), m.Source, fmtBytes(m.Limit), fmtBytes(m.InUse))
	}
	return nil
}

// fmtBytes prints a byte count for people: "3.2 GB".
func fmtBytes(b int64) string {
	if b == math.MaxInt64 {
		return "more than 9.2 EB"
	}
	x := float64(b)
	for _, u := range []string{"B", "kB", "MB", "GB", "TB", "PB"} {
		if x < 1000 {
			if u == "B" {
				return fmt.Sprintf("%d B", b)
			}
			return fmt.Sprintf("%.3g %s", x, u)
		}
		x /= 1000
	}
	return fmt.Sprintf("%.3g EB", x)
}
