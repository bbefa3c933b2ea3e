package pyn

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadHostileFolders: every damaged folder of issue 15's class 2 is
// refused with ErrCorrupt, naming the file and the field, within a
// bounded time and without a large allocation (the budget is 256 MiB).
func TestLoadHostileFolders(t *testing.T) {
	withBudget(t, 256<<20)
	r := savedFixture()
	pop0 := func(m map[string]any) map[string]any { return m["populations"].([]any)[0].(map[string]any) }
	outside := t.TempDir()
	for _, test := range []struct {
		name   string
		damage func(dir string)
		want   []string
	}{
		{"negative n", func(d string) { editJSON(d, func(m map[string]any) { pop0(m)["n"] = -5 }) },
			[]string{"experiment.json", "populations[0].n = -5"}},
		{"huge n", func(d string) { editJSON(d, func(m map[string]any) { pop0(m)["n"] = 1e15 }) },
			[]string{"experiment.json", "populations[0].n = 1000000000000000"}},
		{"n that fits int32 but not the budget (ErrTooLarge)", func(d string) {
			editJSON(d, func(m map[string]any) { pop0(m)["n"] = math.MaxInt32 })
		}, []string{"experiment.json", "populations[0].n = 2147483647", "available"}},
		{"trace shape whose element count overflows", func(d string) {
			editJSON(d, func(m map[string]any) {
				tr := pop0(m)["recorded"].([]any)[0].(map[string]any)
				big := json.Number("1152921504606846976")        // 2⁶⁰, also where int is 32 bits
				tr["samples"], tr["shape"] = big, []any{big, 40} // 2⁶⁰·40·8 bytes wraps int64
			})
		}, []string{"experiment.json", "recorded[0].shape", "more elements"}},
		{"spike count larger than its file", func(d string) {
			editJSON(d, func(m map[string]any) { pop0(m)["spikes"].(map[string]any)["count"] = json.Number("1099511627776") })
		}, []string{"0_exc_spikes_t.npy"}},
		{"trace naming neurons that do not exist", func(d string) {
			editJSON(d, func(m map[string]any) {
				pop0(m)["recorded"].([]any)[3].(map[string]any)["neurons"] = []any{0, 4, 8, 4000}
			})
		}, []string{"experiment.json", "recorded[3].neurons[3] = 4000", `"exc" has neurons 0…39`}},
		{"NaN dt", func(d string) { editJSON(d, func(m map[string]any) { m["dt_ms"] = "NaN" }) },
			[]string{"experiment.json", "dt_ms = NaN"}},
		{"zero dt", func(d string) { editJSON(d, func(m map[string]any) { m["dt_ms"] = 0 }) },
			[]string{"experiment.json", "dt_ms = 0"}},
		{"experiment.json linked to an endless device", func(d string) {
			p := filepath.Join(d, experimentFile)
			os.Remove(p)
			if err := os.Symlink("/dev/zero", p); err != nil {
				t.Skip(err)
			}
		}, []string{"experiment.json is not a regular file"}},
		{"symlink out of the folder", func(d string) {
			p := filepath.Join(d, "0_exc_spikes_t.npy")
			b, _ := os.ReadFile(p)
			q := filepath.Join(outside, "times.npy")
			os.WriteFile(q, b, 0o644)
			os.Remove(p)
			if err := os.Symlink(q, p); err != nil {
				t.Skip(err)
			}
		}, []string{"0_exc_spikes_t.npy is not a regular file"}},
		{"array file named with a path", func(d string) {
			editJSON(d, func(m map[string]any) { pop0(m)["spikes"].(map[string]any)["times_file"] = "../x.npy" })
		}, []string{"experiment.json", `bad file name "../x.npy"`}},
		{"npy header claiming 4 GB", func(d string) {
			os.WriteFile(filepath.Join(d, "0_exc_spikes_t.npy"), []byte("\x93NUMPY\x02\x00\xff\xff\xff\xff{'descr'"), 0o644)
		}, []string{"0_exc_spikes_t.npy", "header claims 4294967295 bytes"}},
		{"synapse onto a neuron that does not exist", func(d string) {
			bad := savedFixture()
			bad.Conns[1].Weights.PostIdx = []int32{9, 0, 400}
			d2, err := Save(bad, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(filepath.Join(d2, "conn1_w_post.npy"))
			os.WriteFile(filepath.Join(d, "conn1_w_post.npy"), b, 0o644)
		}, []string{"conn1_w_post.npy", "onto neuron 400", `"inh" of 10 neurons`}},
		{"stimulus of a neuron that does not exist", func(d string) {
			editJSON(d, func(m map[string]any) {
				m["stimuli"].(map[string]any)["inh"].([]any)[0].(map[string]any)["neurons"] = []any{1, 99}
			})
		}, []string{"experiment.json", `stimuli["inh"][0].neurons[1] = 99`}},
		{"connection to an unknown population", func(d string) {
			editJSON(d, func(m map[string]any) { m["connections"].([]any)[0].(map[string]any)["post"] = "ghost" })
		}, []string{"experiment.json", `connections[0] names population "ghost"`}},
	} {
		t.Run(test.name, func(t *testing.T) {
			dir, err := Save(r, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			test.damage(dir)
			start := time.Now()
			_, err = Load(dir)
			kind := ErrCorrupt
			if strings.HasSuffix(test.name, "(ErrTooLarge)") {
				kind = ErrTooLarge
			}
			if !errors.Is(err, kind) {
				t.Fatalf("Load: err = %v, want %v", err, kind)
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Load took %v", d) // a hang, not a speed check
			}
		})
	}
}
