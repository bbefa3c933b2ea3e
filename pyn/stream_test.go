package pyn

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// streamNet is the pyN README's thalamocortical tutorial (two Izhikevich
// populations, reciprocal connections), the network of TestSimSaveData.
func streamNet(t *testing.T) *Network {
	thal := NewIzhikevich("thalamus", 100, TonicSpiking)
	cortex := NewIzhikevich("cortex", 50, PhasicBursting)
	net := NewNetwork(thal, cortex)
	if err := net.Connect("thalamus", "cortex", Conn{}); err != nil {
		t.Fatal(err)
	}
	if err := net.Connect("cortex", "thalamus", Conn{Delay: 2.25, Std: 0.25}); err != nil {
		t.Fatal(err)
	}
	return net
}

// streamSim records whole populations, a probe at an interval and the
// same property twice (two files of one name stem), no neuron at all,
// with noise.
func streamSim(dir string, stream bool) Sim {
	return Sim{Name: "stream test", T: 100, Dt: 0.25, SaveData: dir, Stream: stream, Seed: 7,
		IExt:   map[string][]Stim{"thalamus": {{Start: 10, Amp: 20, Std: 3}}},
		Record: []string{"v", "I_ext"},
		Probes: []Probe{{Pop: "cortex", Var: "u", Neurons: []int{3, 7}, Every: 1}, {Pop: "cortex", Var: "v", Neurons: []int{0}, Every: 0.75},
			{Pop: "thalamus", Var: "I_ext", Neurons: []int{}}}} // no neurons: an empty array
}

// onlyFolder returns the one experiment folder in dir.
func onlyFolder(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("%s holds %d entries (%v), want one experiment folder", dir, len(ents), err)
	}
	return filepath.Join(dir, ents[0].Name())
}

// TestStreamSameAsSaved runs the same network with and without Stream
// (buffers small enough to cross many chunk boundaries): the loaded
// experiments must be identical bit for bit, the streamed result must
// hold no samples and say where they are, and plots must refuse it.
func TestStreamSameAsSaved(t *testing.T) {
	defer func(n int) { streamBufBytes = n }(streamBufBytes)
	for _, buf := range []int{1, 1000, 4 << 20} {
		t.Run(fmt.Sprint(buf), func(t *testing.T) {
			streamBufBytes = buf
			dirA, dirB := t.TempDir(), t.TempDir()
			ra, err := streamNet(t).Simulate(streamSim(dirA, false))
			if err != nil {
				t.Fatal(err)
			}
			rb, err := streamNet(t).Simulate(streamSim(dirB, true))
			if err != nil {
				t.Fatal(err)
			}
			folder := onlyFolder(t, dirB)
			if !reflect.DeepEqual(ra.Pops[0].Spikes, rb.Pops[0].Spikes) {
				t.Errorf("streaming changed the spikes")
			}
			ntr := 0
			for _, p := range rb.Pops {
				for _, tr := range p.Traces {
					ntr++
					if tr.Data != nil || tr.T != nil || filepath.Dir(tr.File) != folder {
						t.Errorf("streamed %s/%s: Data %d, T %d, File %q; want none in memory, a file in %s", p.Name, tr.Var, len(tr.Data), len(tr.T), tr.File, folder)
					}
				}
			}
			if ntr != 7 {
				t.Errorf("%d streamed traces, want 7", ntr)
			}
			la, err := Load(onlyFolder(t, dirA))
			if err != nil {
				t.Fatal(err)
			}
			lb, err := Load(folder)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(la.Pops, lb.Pops) {
				t.Errorf("streamed and saved experiments differ")
			}
			for _, p := range ra.Pops {
				for _, tr := range p.Traces {
					if len(tr.Data) == 0 {
						tr.Data = nil // Load gives nil for an empty array
					}
				}
			}
			if !reflect.DeepEqual(la.Pops, ra.Pops) {
				t.Errorf("the saved experiment differs from the in-memory result")
			}
			_, err = ShowData(rb)
			if err == nil || !strings.Contains(err.Error(), "Load") || !strings.Contains(err.Error(), folder) {
				t.Errorf("ShowData of a streamed result: %v, want an error telling to Load %s", err, folder)
			}
			// Save of a streamed result elsewhere copies the files.
			other, err := Save(rb, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			lc, err := Load(other)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(la.Pops, lc.Pops) {
				t.Errorf("a streamed result saved elsewhere differs")
			}
		})
	}
}

// TestStreamCancelled cancels a streamed run: the folder is completed with
// the samples taken so far and the headers give their true number. The
// loop checks the context every 16 steps (simulate.go), so a context
// cancelled beforehand stops the run after 16 steps.
func TestStreamCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := streamSim(dir, true)
	s.Context = ctx
	res, err := streamNet(t).Simulate(s)
	if err == nil || res == nil || res.Complete {
		t.Fatalf("cancelled run: err %v, complete %v", err, res != nil && res.Complete)
	}
	got, err := Load(onlyFolder(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if got.Complete || got.T != 16*0.25 {
		t.Errorf("loaded: complete %v, T %v ms; want false, 4 ms", got.Complete, got.T)
	}
	// 16 steps: every step for v and I_ext, every 4th for u (Every 1 ms
	// at dt 0.25), every 3rd for the 0.75 ms probe (steps 0, 3, …, 15).
	want := map[string]int{"v": 16, "I_ext": 16, "u": 4, "v/1": 6}
	for _, p := range got.Pops {
		for _, tr := range p.Traces {
			key := tr.Var
			if len(tr.Neurons) == 1 {
				key += "/1"
			}
			if len(tr.T) != want[key] || len(tr.Data) != want[key]*len(tr.Neurons) {
				t.Errorf("%s/%s: %d samples, %d values; want %d samples", p.Name, key, len(tr.T), len(tr.Data), want[key])
			}
		}
	}
}

// TestStreamMemory records v of 10 000 neurons for 2000 steps, 160 MB of
// history, with Stream: the heap must stay far below the history (the
// buffers are 4 MB per file).
func TestStreamMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 160 MB")
	}
	const n, steps = 10000, 2000
	dir := t.TempDir()
	pop := NewIzhikevich("exc", n, RegularSpiking)
	pop.DisableRecurrent() // a large recurrent network would measure its synapses, not the recording
	net := NewNetwork(pop)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var mu sync.Mutex
	peak := base
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapAlloc)
			mu.Unlock()
		}
	}()
	res, err := net.Simulate(Sim{Name: "memory", T: steps * 0.1, Dt: 0.1, SaveData: dir, Stream: true, Record: []string{"v"},
		IExt: map[string][]Stim{"exc": {{Amp: 10, Std: 2}}}})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	history := uint64(n * steps * 8)
	grown := peak - min(peak, base)
	t.Logf("history %d MB, heap grew by %.1f MB at most", history>>20, float64(grown)/(1<<20))
	if grown > 40<<20 {
		t.Errorf("heap grew by %d MB while streaming %d MB of history; want under 40 MB", grown>>20, history>>20)
	}
	st, err := os.Stat(res.Pops[0].Traces[0].File)
	if err != nil || st.Size() != int64(history)+npyHeaderLen {
		t.Errorf("streamed file: %v, %d bytes; want %d", err, st.Size(), int64(history)+npyHeaderLen)
	}
}

// TestStreamNumpy reads a streamed experiment with NumPy: shapes as
// experiment.json says and the same bytes as Load gives.
func TestStreamNumpy(t *testing.T) {
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s with numpy not available: %v", py, err)
		}
		t.Fatalf("CI is set but %s cannot import numpy: %v", py, err)
	}
	dir := t.TempDir()
	if _, err := streamNet(t).Simulate(streamSim(dir, true)); err != nil {
		t.Fatal(err)
	}
	folder := onlyFolder(t, dir)
	script := `
import json, sys, os, hashlib, numpy as np
d = sys.argv[1]
e = json.load(open(os.path.join(d, "experiment.json")))
for p in e["populations"]:
    for r in p["recorded"]:
        a = np.load(os.path.join(d, r["file"])).reshape(r["shape"]) # empty arrays are stored flat
        tt = np.load(os.path.join(d, r["times_file"]))
        assert a.dtype == np.float64 and a.shape == tuple(r["shape"]), (r["file"], a.dtype, a.shape, r["shape"])
        assert tt.shape == (r["samples"],), (r["times_file"], tt.shape)
        print(p["name"], r["var"], a.shape, hashlib.sha256(a.astype("<f8").tobytes()).hexdigest(), hashlib.sha256(tt.astype("<f8").tobytes()).hexdigest())
`
	out, err := exec.Command(py, "-c", script, folder).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy could not read %s: %v\n%s", folder, err, out)
	}
	got, err := Load(folder)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, p := range got.Pops {
		for _, tr := range p.Traces {
			fmt.Fprintf(&want, "%s %s (%d, %d) %s %s\n", p.Name, tr.Var, len(tr.T), len(tr.Neurons), sha(tr.Data), sha(tr.T))
		}
	}
	if string(out) != want.String() {
		t.Errorf("numpy read\n%s\nLoad read\n%s", out, want.String())
	}
}

// sha hashes the little-endian float64 bytes of x, as NumPy's tobytes
// gives them, so that the comparison is bit for bit.
func sha(x []float64) string {
	b := make([]byte, 0, 8*len(x))
	for _, v := range x {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// TestStreamDiskFull fills the disk at several points of a streamed run
// (the failing writer of TestSaveDiskFull): when the files are opened,
// during the run and in the final save. The error names the file and the
// folder stays marked incomplete, with no temporary file left.
func TestStreamDiskFull(t *testing.T) {
	defer func(f func(string, string) (writer, error)) { createFile = f }(createFile)
	defer func(n int) { streamBufBytes = n }(streamBufBytes)
	streamBufBytes = 4096
	for _, test := range []struct {
		limit int
		when  string // what the error says about the moment
	}{
		{0, "streaming experiment"},    // the first header
		{200, "streaming experiment"},  // the second header
		{30000, "the run was stopped"}, // a chunk during the run (12 headers are 1536 bytes)
		{1 << 30, "experiment.json"},   // the final save
	} {
		limit := test.limit
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			dir := t.TempDir()
			left := limit
			createFile = func(d, pattern string) (writer, error) {
				f, err := os.CreateTemp(d, pattern)
				if err != nil {
					return nil, err
				}
				if strings.HasPrefix(pattern, ".experiment.json") && limit == 1<<30 {
					left = 10 // the streamed files fit, experiment.json does not
				}
				return &budget{fullDisk: &fullDisk{File: f, limit: left}, left: &left}, nil
			}
			_, err := streamNet(t).Simulate(streamSim(dir, true))
			if err == nil {
				t.Fatalf("streamed run with %d bytes of disk succeeded", limit)
			}
			folder := onlyFolder(t, dir)
			if !strings.Contains(err.Error(), "no space left") || !strings.Contains(err.Error(), folder) || !strings.Contains(err.Error(), ".npy") && !strings.Contains(err.Error(), ".json") {
				t.Errorf("error %q should say the disk is full and name the file in %s", err, folder)
			}
			if !strings.Contains(err.Error(), test.when) {
				t.Errorf("error %q should say %q", err, test.when)
			}
			if _, err := Load(folder); err == nil || !strings.Contains(err.Error(), "incomplete") {
				t.Errorf("Load of a failed streamed run: %v, want an incomplete error", err)
			}
			ents, _ := os.ReadDir(folder)
			for _, e := range ents {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("temporary file %s left in %s", e.Name(), folder)
				}
			}
		})
	}
}

// TestStreamMidRun looks at the folder while the run writes a chunk (from
// inside the file writer): it is marked INCOMPLETE, Load refuses it, and
// the arrays exist only under temporary names. This is what a crash at
// that moment leaves behind.
func TestStreamMidRun(t *testing.T) {
	defer func(f func(string, string) (writer, error)) { createFile = f }(createFile)
	defer func(n int) { streamBufBytes = n }(streamBufBytes)
	streamBufBytes = 4096
	dir := t.TempDir()
	checked := false
	createFile = func(d, pattern string) (writer, error) {
		f, err := os.CreateTemp(d, pattern)
		if err != nil {
			return nil, err
		}
		return &spy{File: f, hook: func(n int) {
			if checked || n <= npyHeaderLen {
				return // headers and the final save
			}
			checked = true
			if _, err := Load(d); err == nil || !strings.Contains(err.Error(), "incomplete") {
				t.Errorf("Load during a streamed run: %v, want an incomplete error", err)
			}
			ents, _ := os.ReadDir(d)
			for _, e := range ents {
				if strings.HasSuffix(e.Name(), ".npy") {
					t.Errorf("%s is in place before the run ended", e.Name())
				}
			}
		}}, nil
	}
	if _, err := streamNet(t).Simulate(streamSim(dir, true)); err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("no chunk was written during the run")
	}
	if _, err := Load(onlyFolder(t, dir)); err != nil {
		t.Errorf("after the run: %v", err)
	}
}

// spy calls hook before each write.
type spy struct {
	*os.File
	hook func(n int)
}

func (s *spy) Write(p []byte) (int, error) {
	s.hook(len(p))
	return s.File.Write(p)
}

// TestStreamNeedsSaveData: Stream without a folder is refused up front.
func TestStreamNeedsSaveData(t *testing.T) {
	_, err := streamNet(t).Simulate(Sim{T: 10, Stream: true, Record: []string{"v"}})
	if err == nil || !strings.Contains(err.Error(), "SaveData") {
		t.Errorf("Stream without SaveData: %v, want an error naming SaveData", err)
	}
}
