package pyn

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoad writes its two inputs over a saved experiment's
// experiment.json and its first spike-time array, then loads the folder:
// Load must return a Result or an error of its kinds (ErrCorrupt,
// ErrTooLarge), never panic, hang or exhaust memory. The kept corpus is
// testdata/fuzz/FuzzLoad; CI runs the fuzzer briefly:
//
//	go test ./pyn -run '^$' -fuzz FuzzLoad -fuzztime 20s -fuzzminimizetime 5s
func FuzzLoad(f *testing.F) {
	src := f.TempDir()
	saved, err := Save(savedFixture(), src)
	if err != nil {
		f.Fatal(err)
	}
	js, _ := os.ReadFile(filepath.Join(saved, experimentFile))
	arr, _ := os.ReadFile(filepath.Join(saved, "0_exc_spikes_t.npy"))
	f.Add(js, arr)
	f.Add(js, []byte("\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}"))
	// An equation model and a synapse model, so that the fuzzer reaches
	// the parser of their texts.
	var doc map[string]any
	if err := json.Unmarshal(js, &doc); err != nil {
		f.Fatal(err)
	}
	pop := doc["populations"].([]any)[0].(map[string]any)
	pop["model"] = "Equations"
	pop["equations"] = map[string]any{"eqs": "dv/dt = (a - v)/(b*ms) + xi : mV\nx = -(v**2) : 1", "threshold": "v > c*mV",
		"reset": "v = d; v += 1*mV", "refractory": "2*ms", "params": map[string]any{"a": 1, "b": "Inf"}, "init": map[string]any{"v": "a*mV"}, "method": "euler"}
	doc["connections"].([]any)[0].(map[string]any)["options"].(map[string]any)["synapse_model"] = map[string]any{
		"eqs": "dx/dt = (1 - x)/tau : 1 (event-driven)", "on_pre": "I_post += w*x; x -= 0.5*x", "params": map[string]any{"tau": 100}}
	eqjs, err := json.Marshal(doc)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(eqjs, arr)
	// The hostile folders of TestLoadHostileFolders, as seeds.
	for _, doc := range []string{
		`{"format":"pyn-experiment","format_version":1,"dt_ms":0.1,"populations":[{"name":"exc","n":-1}]}`,
		`{"format":"pyn-experiment","format_version":1,"dt_ms":"NaN","populations":[{"name":"exc","n":40}]}`,
		`{"format":"pyn-experiment","format_version":1,"dt_ms":0.5,"populations":[{"name":"exc","n":40,"spikes":{"count":1099511627776,"times_file":"0_exc_spikes_t.npy","ids_file":"0_exc_spikes_id.npy"}}]}`,
		`{"format":"pyn-experiment","format_version":1,"dt_ms":0.5,"populations":[{"name":"exc","n":40,"recorded":[{"var":"v","samples":1152921504606846976,"dtype":"float64","shape":[1152921504606846976,40],"file":"0_exc_v.npy","times_file":"0_exc_v_t.npy"}]}]}`,
		`{"format":"pyn-experiment","format_version":1,"dt_ms":0.5,"populations":[{"name":"exc","n":40,"recorded":[{"var":"v","neurons":[0,4000],"samples":400,"dtype":"float64","shape":[400,2],"file":"0_exc_v.npy","times_file":"0_exc_v_t.npy"}]}]}`,
	} {
		f.Add([]byte(doc), arr)
	}
	// Each worker process loads from its own copy, of which only the two
	// fuzzed files change.
	dir := saved
	f.Fuzz(func(t *testing.T, js, arr []byte) {
		prev := SetMemoryBudget(64 << 20)
		defer SetMemoryBudget(prev)
		for name, b := range map[string][]byte{experimentFile: js, "0_exc_spikes_t.npy": arr} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		r, err := Load(dir)
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("Load took %v", d) // bounded work: a hang, not a speed check
		}
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Load error of no pyn kind: %v", err)
			}
			return
		}
		if r == nil {
			t.Fatal("Load returned neither a Result nor an error")
		}
		// What loads must make sense to the code that reads it.
		for _, p := range r.Pops {
			for _, id := range p.Spikes.ID {
				if id < 0 || int(id) >= p.N {
					t.Fatalf("population %q of %d neurons holds a spike of neuron %d", p.Name, p.N, id)
				}
			}
			if len(p.Spikes.ID) != len(p.Spikes.T) {
				t.Fatalf("population %q: %d spike ids, %d times", p.Name, len(p.Spikes.ID), len(p.Spikes.T))
			}
		}
	})
}
