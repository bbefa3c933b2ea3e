package pyn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// savedFixture is networkFixture with every field Save writes set, NaN
// and ±Inf parameters and a FromArrays connection included.
func savedFixture() *Result {
	r := networkFixture()
	r.Start = 100
	r.Wall = 1234567 * time.Nanosecond
	r.STDP = true
	r.Pops[0].Params["vpeak"] = []float64{math.Inf(1)}
	r.Pops[0].Params["odd"] = []float64{math.NaN(), math.Inf(-1), -0.5}
	// A probe of every 4th neuron, every other sample, recorded twice.
	src := r.Pops[0].Trace("v")
	probe := &Trace{Pop: "exc", Var: "v", Neurons: []int{0, 4, 8, 12}}
	for i := 0; i < len(src.T); i += 2 {
		probe.T = append(probe.T, src.T[i])
		for _, n := range probe.Neurons {
			probe.Data = append(probe.Data, src.At(i, n))
		}
	}
	r.Pops[0].Traces = append(r.Pops[0].Traces, probe)
	// An empty trace.
	r.Pops[1].Traces = append(r.Pops[1].Traces, &Trace{Pop: "inh", Var: "psc", Neurons: []int{0, 1}})
	r.Conns = append(r.Conns, ConnResult{Pre: "input", Post: "inh", Rule: "FromArrays", Synapses: 3,
		Conn: Conn{Rule: FromArrays, Pre: []int{0, 1, 2}, Post: []int{2, 1, 0}, Weights: []float64{0.5, 0.25, math.NaN()},
			G0: []float64{0.1, -0.2, 3}, Synapse: Synapse{Kind: CondExp, Tau: 2, E: -80}, STDP: &STDP{APlus: 0.02, WMax: 2}, Inhibitory: true, Seed: 9}})
	r.Conns[1].Weights = &Weights{Pre: "exc", Post: "inh", PreIdx: []int32{0, 3, 39}, PostIdx: []int32{9, 0, 4},
		W: []float64{0.1, 0.25, 0.5}, Delay: []float64{0.5, 1, 1.5}}
	r.Conns[2].Weights = &Weights{Pre: "input", Post: "inh"} // kept, but no synapses
	r.Stims["inh"] = []Stim{{Start: 5, Stop: 50, Amp: 1.5, Neurons: []int{1, 3}, Std: 0.5, Every: 1},
		{Start: 60, Series: []float64{0, 1, 2, 1}, SeriesDt: 10}}
	return r
}

// equalResults compares results, treating nil and empty slices as equal
// and NaN as equal to NaN.
func equalResults(t *testing.T, got, want *Result) {
	t.Helper()
	g, _ := json.Marshal(normalize(reflect.ValueOf(got)))
	w, _ := json.Marshal(normalize(reflect.ValueOf(want)))
	if string(g) != string(w) {
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		lo := max(0, i-300)
		t.Errorf("loaded result differs from saved one at byte %d:\n got …%.400s\nwant …%.400s", i, g[lo:], w[lo:])
	}
}

// normalize turns a value into JSON-able data where nil and empty slices
// coincide and non-finite floats become strings.
func normalize(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return normalize(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				m[v.Type().Field(i).Name] = normalize(v.Field(i))
			}
		}
		return m
	case reflect.Slice:
		out := []any{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, normalize(v.Index(i)))
		}
		return out
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[fmt.Sprint(k.Interface())] = normalize(v.MapIndex(k))
		}
		return m
	case reflect.Float64:
		return fmt.Sprintf("%v", v.Float()) // exact: %v prints the shortest round-trip form
	case reflect.Int32:
		return v.Int()
	}
	return v.Interface()
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	r := savedFixture()
	path, err := Save(r, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, "_fixture_network") {
		t.Errorf("Save made %s, want a folder of %s ending in _fixture_network", path, dir)
	}
	if _, err := os.Stat(filepath.Join(path, incompleteFile)); !os.IsNotExist(err) {
		t.Errorf("%s left after a successful save", incompleteFile)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	equalResults(t, got, r)
	// Plots work on loaded results.
	f, err := ShowData(got)
	if err != nil {
		t.Fatal(err)
	}
	if png := f.PNG(); len(png) == 0 {
		t.Fatalf("ShowData of a loaded result: %v", f.Err())
	}
	// Saving again never overwrites: a second folder with a suffix (same second) or a later time.
	path2, err := Save(r, dir)
	if err != nil {
		t.Fatal(err)
	}
	if path2 == path {
		t.Fatalf("second Save reused %s", path)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("%d entries in %s after two saves, want 2", len(ents), dir)
	}
}

func TestNewFolderCollisions(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 25, 20, 10, 5, 0, time.UTC)
	var got []string
	for i := 0; i < 3; i++ {
		p, err := newFolder(dir, now, "Single neuron: tonic/spiking!")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(p))
	}
	want := []string{"20261125T201005Z_single_neuron_tonic_spiking",
		"20261125T201005Z_single_neuron_tonic_spiking-2", "20261125T201005Z_single_neuron_tonic_spiking-3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("folders %q, want %q", got, want)
	}
}

func TestSanitize(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"Charly the Neuron", "charly_the_neuron"},
		{"", "experiment"},
		{"../../etc", "etc"},
		{"thalamo–cortical (v2)", "thalamo_cortical_v2"},
		{"ééé", "experiment"},
		{strings.Repeat("a", 100), strings.Repeat("a", 48)},
	} {
		if got := sanitize(test.in); got != test.want {
			t.Errorf("sanitize(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

// TestSaveNumpy reads every saved array with NumPy, the promise to users
// without pyn: dtype and shape as experiment.json says, and the same
// sums as the Go values.
func TestSaveNumpy(t *testing.T) {
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s with numpy not available: %v", py, err)
		}
		t.Fatalf("CI is set but %s cannot import numpy: %v", py, err)
	}
	r := savedFixture()
	path, err := Save(r, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	checkNumpy(t, r, path, 4) // pre, post, weights and G0 of the FromArrays connection
}

// checkNumpy reads the experiment r saved in path with NumPy and compares
// dtypes, shapes and sums with r; optArrays counts the arrays of the
// connections' options (Conn.Pre, Post, Weights, Delays, G0).
func checkNumpy(t *testing.T, r *Result, path string, optArrays int) {
	t.Helper()
	const py = "/usr/bin/python3"
	script := `
import json, sys, os, numpy as np
d = sys.argv[1]
e = json.load(open(os.path.join(d, "experiment.json")))
n = 0
for p in e["populations"]:
    t = np.load(os.path.join(d, p["spikes"]["times_file"]))
    i = np.load(os.path.join(d, p["spikes"]["ids_file"]))
    assert t.dtype == np.float64 and i.dtype == np.int32, (t.dtype, i.dtype)
    assert t.shape == (p["spikes"]["count"],) == i.shape
    print("%s spikes %d %.17g %d" % (p["name"], len(t), t.sum(), i.sum()))
    n += 2
    for r in p["recorded"]:
        a = np.load(os.path.join(d, r["file"])).reshape(r["shape"])
        tt = np.load(os.path.join(d, r["times_file"]))
        assert a.dtype == np.dtype(r["dtype"]), a.dtype
        assert a.shape == tuple(r["shape"]) and tt.shape == (r["samples"],)
        print("%s %s %s %.17g" % (p["name"], r["var"], a.shape, a.sum()))
        n += 2
    for k, f in p["params_per_neuron"].items():
        a = np.load(os.path.join(d, f))
        assert a.dtype == np.float64 and a.ndim == 1, (f, a.dtype)
        n += 1
for c in e["connections"]:
    for k in ("pre_file", "post_file", "weights_file", "delays_file", "g0_file"):
        if k in c["options"]:
            np.load(os.path.join(d, c["options"][k])); n += 1
    if c["weights"]:
        w = c["weights"]
        for k, dt in (("pre_file", np.int32), ("post_file", np.int32), ("w_file", np.float64), ("delay_file", np.float64)):
            a = np.load(os.path.join(d, w[k]))
            assert a.dtype == dt and a.shape == (w["count"],), (k, a.dtype, a.shape)
            n += 1
print("arrays", n)
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy could not read %s: %v\n%s", path, err, out)
	}
	var want strings.Builder
	n := 0
	for _, p := range r.Pops {
		ts, ids := 0.0, int64(0)
		for i := range p.Spikes.T {
			ts += p.Spikes.T[i]
			ids += int64(p.Spikes.ID[i])
		}
		fmt.Fprintf(&want, "%s spikes %d %.17g %d\n", p.Name, len(p.Spikes.T), ts, ids)
		n += 2
		for _, v := range p.Params {
			if !sameForAll(v, p.N) {
				n++
			}
		}
		for _, tr := range p.Traces {
			s := 0.0
			for _, x := range tr.Data {
				s += x
			}
			fmt.Fprintf(&want, "%s %s (%d, %d) %.17g\n", p.Name, tr.Var, len(tr.T), len(tr.Neurons), s)
			n += 2
		}
	}
	n += optArrays
	for _, c := range r.Conns {
		if c.Weights != nil {
			n += 4 // kept final weights: pre, post, w, delay
		}
	}
	fmt.Fprintf(&want, "arrays %d\n", n)
	if !sameSums(string(out), want.String()) {
		t.Errorf("numpy read:\n%s\nwant:\n%s", out, want.String())
	}
}

// sameSums compares the two listings line by line; sums may differ in
// the last bits (NumPy sums pairwise, Go in order), so numbers are
// compared to 1e-9 relative.
func sameSums(got, want string) bool {
	g := strings.Fields(got)
	w := strings.Fields(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if g[i] == w[i] {
			continue
		}
		var a, b float64
		if _, err := fmt.Sscan(g[i], &a); err != nil {
			return false
		}
		if _, err := fmt.Sscan(w[i], &b); err != nil {
			return false
		}
		if math.Abs(a-b) > 1e-9*math.Max(1, math.Abs(b)) {
			return false
		}
	}
	return true
}

// fullDisk is a file that accepts limit bytes, then fails as a full disk does.
type fullDisk struct {
	*os.File
	limit int
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		n, _ := f.File.Write(p[:f.limit])
		f.limit = 0
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	f.limit -= len(p)
	return f.File.Write(p)
}

func TestSaveErrors(t *testing.T) {
	good := savedFixture()
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, test := range []struct {
		name string
		r    *Result
		dir  string
		want []string // substrings of the error
	}{
		{"nil result", nil, t.TempDir(), []string{"pyn: not saving", "nil result"}},
		{"empty result", &Result{Name: "nothing"}, t.TempDir(), []string{`result "nothing" is empty`}},
		{"bad trace", &Result{Name: "bad", Pops: []PopResult{{Name: "p", N: 1, Traces: []*Trace{{Var: "v", Pop: "p", Neurons: []int{0}, T: []float64{1}}}}}},
			t.TempDir(), []string{`trace "v" of population "p" has 0 samples`}},
		{"dir is a file", good, filepath.Join(file, "sub"), []string{"cannot create directory", file}},
	} {
		t.Run(test.name, func(t *testing.T) {
			path, err := Save(test.r, test.dir)
			if err == nil {
				t.Fatalf("Save succeeded: %s", path)
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !strings.HasPrefix(err.Error(), "pyn: ") {
				t.Errorf("error %q lacks the pyn: prefix", err)
			}
		})
	}
}

func TestSaveUnwritableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	_, err := Save(savedFixture(), dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Save into read-only %s: %v", dir, err)
	}
}

// TestSaveDiskFull fills the disk after a number of bytes, at several
// points of the save: the error names the folder and the file, the folder
// stays marked incomplete, Load refuses it, no temporary file is left and
// an experiment saved earlier is untouched.
func TestSaveDiskFull(t *testing.T) {
	dir := t.TempDir()
	r := savedFixture()
	first, err := Save(r, dir)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, first)
	defer func(f func(string, string) (writer, error)) { createFile = f }(createFile)
	for _, limit := range []int{0, 100, 5000, 60000, 200000} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			left := limit
			createFile = func(d, pattern string) (writer, error) {
				f, err := os.CreateTemp(d, pattern)
				if err != nil {
					return nil, err
				}
				fd := &fullDisk{File: f, limit: left}
				return &budget{fullDisk: fd, left: &left}, nil
			}
			path, err := Save(r, dir)
			if err == nil {
				t.Fatalf("Save with %d bytes of disk succeeded", limit)
			}
			if !strings.Contains(err.Error(), "no space left") || !strings.Contains(err.Error(), path) || path == "" {
				t.Errorf("error %q should say the disk is full and name %q", err, path)
			}
			if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "incomplete") {
				t.Errorf("Load of a failed save: %v, want an incomplete error", err)
			}
			ents, _ := os.ReadDir(path)
			for _, e := range ents {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("temporary file %s left in %s", e.Name(), path)
				}
			}
		})
	}
	if after := snapshot(t, first); !reflect.DeepEqual(before, after) {
		t.Errorf("an earlier experiment changed during failed saves")
	}
}

// budget shares one byte budget among all files of a save.
type budget struct {
	*fullDisk
	left *int
}

func (b *budget) Write(p []byte) (int, error) {
	b.fullDisk.limit = *b.left
	n, err := b.fullDisk.Write(p)
	*b.left -= n
	return n, err
}

func snapshot(t *testing.T, dir string) map[string]string {
	m := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		m[e.Name()] = string(b)
	}
	return m
}

// TestLoadErrors damages a saved experiment in different ways; each
// error names the path at fault.
func TestLoadErrors(t *testing.T) {
	r := savedFixture()
	for _, test := range []struct {
		name   string
		damage func(dir string) string // returns the folder to load
		want   []string
	}{
		{"missing folder", func(d string) string { return filepath.Join(d, "nope") }, []string{"nope", "no such file"}},
		{"parent folder", func(d string) string { return filepath.Dir(d) }, []string{"no experiment.json", "latest is"}},
		{"incomplete marker", func(d string) string {
			os.WriteFile(filepath.Join(d, incompleteFile), nil, 0o644)
			return d
		}, []string{"incomplete"}},
		{"no json", func(d string) string { os.Remove(filepath.Join(d, experimentFile)); return d }, []string{"no experiment.json"}},
		{"corrupt json", func(d string) string {
			os.WriteFile(filepath.Join(d, experimentFile), []byte(`{"format": "pyn-exp`), 0o644)
			return d
		}, []string{"experiment.json is corrupt"}},
		{"future version", func(d string) string {
			editJSON(d, func(m map[string]any) { m["format_version"] = 99 })
			return d
		}, []string{"format version 99"}},
		{"missing array", func(d string) string { os.Remove(filepath.Join(d, "0_exc_v.npy")); return d }, []string{"0_exc_v.npy"}},
		{"truncated array", func(d string) string {
			p := filepath.Join(d, "0_exc_u.npy")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
			return d
		}, []string{"0_exc_u.npy", "truncated"}},
		{"garbage array", func(d string) string {
			os.WriteFile(filepath.Join(d, "1_inh_spikes_t.npy"), []byte("hello"), 0o644)
			return d
		}, []string{"1_inh_spikes_t.npy", "not a valid .npy"}},
		{"wrong shape", func(d string) string {
			editJSON(d, func(m map[string]any) {
				m["populations"].([]any)[2].(map[string]any)["spikes"].(map[string]any)["count"] = 5
			})
			return d
		}, []string{"2_input_spikes_t.npy", "[5]"}},
		{"bad spike id", func(d string) string {
			editJSON(d, func(m map[string]any) {
				p := m["populations"].([]any)[0].(map[string]any)
				p["n"], p["recorded"] = 3, []any{} // the traces would name neurons ≥ 3 first
			})
			return d
		}, []string{"0_exc_spikes_id.npy", "outside population"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir, err := Save(r, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			path := test.damage(dir)
			_, err = Load(path)
			if err == nil {
				t.Fatalf("Load of damaged %s succeeded", path)
			}
			for _, w := range append(test.want, "pyn: loading experiment") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func editJSON(dir string, edit func(map[string]any)) {
	p := filepath.Join(dir, experimentFile)
	b, _ := os.ReadFile(p)
	var m map[string]any
	json.Unmarshal(b, &m)
	edit(m)
	b, _ = json.Marshal(m)
	os.WriteFile(p, b, 0o644)
}

// TestSaveConcurrent saves one cancelled run eight times at once into one
// directory: os.Mkdir hands each save its own folder, all load back, and
// the run's incomplete flag survives.
func TestSaveConcurrent(t *testing.T) {
	dir := t.TempDir()
	r := networkFixture()
	r.Complete = false
	paths := make(chan string, 8)
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			p, err := Save(r, dir)
			paths <- p
			errs <- err
		}()
	}
	seen := map[string]bool{}
	for i := 0; i < 8; i++ {
		p, err := <-paths, <-errs
		if err != nil {
			t.Fatal(err)
		}
		if seen[p] {
			t.Errorf("two saves share %s", p)
		}
		seen[p] = true
		got, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if got.Complete {
			t.Errorf("%s: a cancelled run loads as complete", p)
		}
	}
}
