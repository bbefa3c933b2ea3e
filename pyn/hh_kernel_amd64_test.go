//go:build amd64 && !purego

package pyn

import (
	"testing"
	"unsafe"
)

// TestHHKernLayout checks the offsets hh_kernel_amd64.s assumes.
func TestHHKernLayout(t *testing.T) {
	var k hhKern
	for _, f := range []struct {
		name      string
		got, want uintptr
	}{
		{"cur", unsafe.Offsetof(k.cur), 96}, {"grp", unsafe.Offsetof(k.grp), 120},
		{"n", unsafe.Offsetof(k.n), 128}, {"flags", unsafe.Offsetof(k.flags), 136},
		{"k", unsafe.Offsetof(k.k), 144}, {"s", unsafe.Offsetof(k.s), 144 + 32*hhKConsts},
		{"(end)", unsafe.Sizeof(k), 144 + 32*hhKConsts + 32*22},
	} {
		if f.got != f.want {
			t.Errorf("offset of hhKern.%s = %d, the kernel assumes %d", f.name, f.got, f.want)
		}
	}
}
