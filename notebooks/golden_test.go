package notebooks_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pyn-go/pyn/internal/cell"
	"github.com/pyn-go/pyn/pyn"
)

// update rewrites testdata/<notebook>.golden from this build instead of
// comparing (TestNotebooksHeadless):
//
//	go test ./notebooks -run TestNotebooksHeadless -update
var update = flag.Bool("update", false, "rewrite the notebooks' golden result hashes")

// simulations collects, while one notebook runs, a line per Simulate call
// of its cells: a SHA-256 over every spike and every recorded sample as
// IEEE bits, with the counts and the run's name. Refactoring pyn must
// leave the lines of every tutorial unchanged; a deliberate change of
// numerics rewrites them with -update and says why in its commit.
//
// A run cut short by its context stops after a wall-time-dependent number
// of steps, so it is listed without a hash, and so is every later run of
// the same network (it continues from that state).
type simulations struct {
	mu      sync.Mutex
	lines   []string
	tainted map[any]bool
}

// collect installs the hook that sees every Simulate call until the test
// ends.
func collect(t *testing.T) *simulations {
	s := &simulations{tainted: map[any]bool{}}
	t.Cleanup(cell.OnResult(s.add))
	return s
}

func (s *simulations) add(network, result any) {
	r, ok := result.(*pyn.Result)
	if !ok || r == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !r.Complete:
		s.tainted[network] = true
		s.lines = append(s.lines, fmt.Sprintf("-  interrupted (stops at a wall-time-dependent step)  %q", r.Name))
	case s.tainted[network]:
		s.lines = append(s.lines, fmt.Sprintf("-  continues an interrupted run  %q", r.Name))
	default:
		h, spikes, samples := hashResult(r)
		s.lines = append(s.lines, fmt.Sprintf("%s  %d spikes  %d samples  %q", h, spikes, samples, r.Name))
	}
}

// check compares the lines with testdata/<name>.golden, or rewrites it
// with -update.
func (s *simulations) check(t *testing.T, name string) {
	t.Helper()
	s.mu.Lock()
	got := strings.Join(s.lines, "\n") + "\n"
	s.mu.Unlock()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with go test ./notebooks -run TestNotebooksHeadless -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s: simulation %d differs from %s:\n got  %s\n want %s", name, i+1, path, g, w)
			}
		}
	}
}

// hashResult hashes every spike (time, neuron) and every recorded sample
// (times, then values) of r, population by population and trace by
// trace, as IEEE bits: equal hashes mean bit-identical results.
func hashResult(r *pyn.Result) (sum string, spikes, samples int) {
	h := sha256.New()
	for _, p := range r.Pops {
		fmt.Fprintf(h, "pop %s %d\n", p.Name, p.N)
		for i, t := range p.Spikes.T {
			putFloat(h, t)
			putFloat(h, float64(p.Spikes.ID[i]))
		}
		spikes += len(p.Spikes.T)
		for _, tr := range p.Traces {
			fmt.Fprintf(h, "trace %s %v %s\n", tr.Var, tr.Neurons, tr.File)
			for _, x := range tr.T {
				putFloat(h, x)
			}
			for _, x := range tr.Data {
				putFloat(h, x)
			}
			samples += len(tr.Data)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), spikes, samples
}

func putFloat(h hash.Hash, x float64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
	h.Write(b[:])
}
