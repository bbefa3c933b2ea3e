package pyn

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// withBudget caps pyn's memory at b bytes for the test, so that the
// refusals below do not depend on the machine's memory. It first returns
// the memory earlier tests left mapped to the system: the budget counts
// what the process holds, and the runtime gives freed memory back only
// gradually (on a loaded machine, after the next test has started).
func withBudget(t *testing.T, b int64) {
	debug.FreeOSMemory()
	prev := SetMemoryBudget(b)
	t.Cleanup(func() { SetMemoryBudget(prev) })
}

// TestMemory checks that the system limits are read where the system has
// them (Linux: /proc/meminfo's MemTotal is always there).
func TestMemory(t *testing.T) {
	m := Memory()
	if runtime.GOOS == "linux" && (m.Physical <= 0 || m.Free <= 0) {
		t.Errorf("Memory() = %+v: no physical or free memory read from /proc/meminfo", m)
	}
	if m.Available <= 0 || m.Available > m.Limit || m.InUse <= 0 {
		t.Errorf("Memory() = %+v: want 0 < Available ≤ Limit and InUse > 0", m)
	}
	withBudget(t, 1<<30)
	if m := Memory(); m.Limit != 1<<30 || m.Source != "SetMemoryBudget" {
		t.Errorf("with SetMemoryBudget(1 GiB): Limit = %d (%s)", m.Limit, m.Source)
	}
}

// TestMemoryBudgetRefusals: each input of issue 15's class 1 that used to
// kill the process with Go's fatal "out of memory" is refused with
// ErrTooLarge naming the input and the bytes.
func TestMemoryBudgetRefusals(t *testing.T) {
	withBudget(t, 2<<30)
	r := smallResult(t)
	bigN := int(min(1e12, math.MaxInt)) // 1e12 where int holds it
	for _, test := range []struct {
		name string
		run  func() error
		want string // in the message
	}{
		{"N typed 1e12 instead of 1e3", func() error {
			_, err := NewNetwork(NewIzhikevich("big", bigN, RegularSpiking)).Simulate(Sim{T: 1})
			return err
		}, fmt.Sprintf("N = %d neurons", bigN)},
		{"FixedProb of 2e9 synapses", func() error {
			a, b := NewPoisson("a", 100000, 1), NewLIF("b", 100000, LIFParams{C: 250, TauM: 10, VTh: -50, VReset: -65, EL: -65})
			b.DisableRecurrent()
			n := NewNetwork(a, b)
			if err := n.Connect("a", "b", Conn{Rule: FixedProb, P: 0.2}); err != nil {
				return err
			}
			_, err := n.Simulate(Sim{T: 1})
			return err
		}, `connection "a" → "b" (about 2e+09 synapses)`},
		{"rate with a 1e-9 ms bin", func() error { _, _, err := PopulationRate(r, r.Pops[0].Name, 1e-9, 0); return err }, "1e-09 ms bins"},
		{"ISI histogram of 2e9 bins", func() error { _, err := ISIHistogram(r, ISIOptions{Bins: 2e9}); return err }, "2000000000 bins"},
		{"200000 × 200000 pixel figure", func() error {
			f, err := Raster(r, RasterOptions{})
			if err != nil {
				return err
			}
			f.SetPixels(200000, 200000)
			if f.PNG() != nil {
				return nil
			}
			return f.Err()
		}, "200000 × 200000 pixels"},
		{"1e5 × 1e5 figure grid", func() error { return NewFigure(1e5, 1e5).Set(0, 0, nil) }, "grid of 100000 × 100000 panels"},
		{"recording v of 1e6 neurons for 1e6 steps", func() error {
			p := NewIzhikevich("p", 1e6, RegularSpiking)
			p.DisableRecurrent()
			_, err := NewNetwork(p).Simulate(Sim{T: 1e6 * 0.125, Record: []string{"v"}})
			return err
		}, `recording "v" of "p"`},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := test.run()
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, test.want) || !strings.Contains(msg, "available") {
				t.Errorf("error %q does not name the input (%q) and what is available", msg, test.want)
			}
		})
	}
}

// TestStreamDiskBudget: a stream that would write more than the disk
// holds (8 TB here) is refused before anything is written.
func TestStreamDiskBudget(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("free disk space is read with statfs on Linux only")
	}
	dir := t.TempDir()
	if free, ok := freeDisk(dir); !ok || free > 4e12 {
		t.Skipf("the test disk has %d bytes free, more than the stream would write", free)
	}
	p := NewIzhikevich("p", 1000, RegularSpiking)
	p.DisableRecurrent()
	// 1000 neurons × 1e9 steps × 8 bytes = 8 TB.
	_, err := NewNetwork(p).Simulate(Sim{T: 1e9 * 0.125, Record: []string{"v"}, SaveData: dir, Stream: true})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "8.01 TB") || !strings.Contains(err.Error(), "free") {
		t.Fatalf("err = %v, want ErrTooLarge naming 8 TB and the free disk", err)
	}
}

// TestNetworkBudget checks the estimate against closed forms: a 1000-neuron
// Izhikevich population with its default recurrent connection (p = 0.1)
// is budgeted p·N² = 100000 synapses of 8 bytes (the self-pairs, 0.1 %,
// are not subtracted: the estimate errs high) and a row index of N+1
// int64.
func TestNetworkBudget(t *testing.T) {
	n := NewNetwork(NewIzhikevich("p", 1000, RegularSpiking))
	b, err := n.Budget(Sim{T: 100, Record: []string{"v"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(100000*8 + 1001*8); b.Synapses != want {
		t.Errorf("Synapses = %d bytes, want %d", b.Synapses, want)
	}
	// v of 1000 neurons at 800 steps plus the sample times.
	if want := int64(800*1000*8 + 800*8); b.Recordings < want {
		t.Errorf("Recordings = %d bytes, want ≥ %d", b.Recordings, want)
	}
	if b.Total != b.Params+b.State+b.Synapses+b.Buffers+b.Recordings {
		t.Errorf("Total %d is not the sum of %+v", b.Total, b)
	}
	if _, err := n.Budget(Sim{T: math.NaN()}); !errors.Is(err, ErrBadInput) {
		t.Errorf("Budget of a NaN duration: err = %v, want ErrBadInput", err)
	}
	// A network whose estimate fits runs.
	if _, err := n.Simulate(Sim{T: 10}); err != nil {
		t.Fatal(err)
	}
}

// smallResult is a short run with spikes, for the plot checks.
func smallResult(t *testing.T) *Result {
	t.Helper()
	r, err := NewNetwork(NewIzhikevich("rs", 20, RegularSpiking)).Simulate(Sim{T: 100, IExt: map[string][]Stim{"rs": {{Amp: 10}}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
