package sonata

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// h5py (the HDF5 reader of the Python world, over the same C library)
// reads an export back: the SONATA magic and version, every node
// population with its ids, and every edge with its endpoints, weight and
// delay.
func TestH5pyReadsExport(t *testing.T) {
	if out, err := exec.Command(python, "-c", "import h5py").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: %s cannot import h5py (python3-h5py): %v\n%s", python, err, out)
		}
		t.Skipf("%s cannot import h5py: %v", python, err)
	}
	net, sim := zoo(t)
	dir := filepath.Join(t.TempDir(), "zoo")
	must(t, Export(net, sim, dir))
	script := `
import h5py, json, sys
d = sys.argv[1]
out = {"nodes": {}, "edges": {}}
with h5py.File(d + "/network/nodes.h5", "r") as f:
    out["magic"] = int(f.attrs["magic"])
    out["version"] = [int(x) for x in f.attrs["version"]]
    for name, g in f["nodes"].items():
        out["nodes"][name] = {"n": int(g["node_id"].shape[0]), "max_id": int(g["node_id"][()].max())}
with h5py.File(d + "/network/edges.h5", "r") as f:
    for name, g in f["edges"].items():
        w, dl = 0.0, 0.0
        for grp in ("0", "1"):
            if grp in g:
                w += float(g[grp]["syn_weight"][()].sum())
                dl += float(g[grp]["delay"][()].sum())
        out["edges"][name] = {"n": int(g["source_node_id"].shape[0]), "pre": g["source_node_id"].attrs["node_population"],
                              "post": g["target_node_id"].attrs["node_population"], "w": w, "delay": dl}
print(json.dumps(out))
`
	b, err := exec.Command(python, "-c", script, dir).Output()
	if err != nil {
		t.Fatalf("h5py: %v", err)
	}
	var got struct {
		Magic   int   `json:"magic"`
		Version []int `json:"version"`
		Nodes   map[string]struct {
			N     int `json:"n"`
			MaxID int `json:"max_id"`
		} `json:"nodes"`
		Edges map[string]struct {
			N     int     `json:"n"`
			Pre   string  `json:"pre"`
			Post  string  `json:"post"`
			W     float64 `json:"w"`
			Delay float64 `json:"delay"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	// SONATA's magic number 0x0A7A and format version (0, 1).
	if got.Magic != 0x0A7A || len(got.Version) != 2 || got.Version[1] != 1 {
		t.Errorf("magic %#x version %v, want 0xa7a [0 1]", got.Magic, got.Version)
	}
	for _, p := range net.Populations() {
		n, ok := got.Nodes[p.Name]
		if !ok || n.N != p.N || n.MaxID != p.N-1 {
			t.Errorf("h5py sees population %q as %+v, want %d nodes with ids 0…%d", p.Name, n, p.N, p.N-1)
		}
	}
	c, err := describe(net, sim)
	must(t, err)
	for _, e := range c.edges {
		g, ok := got.Edges[e.name]
		if !ok {
			t.Errorf("h5py does not see edge population %q", e.name)
			continue
		}
		var w float64
		for _, x := range e.weight {
			w += x
		}
		if g.Pre != e.conn.Pre || g.Post != e.conn.Post || g.N != len(e.weight) || math.Abs(g.W-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("edge population %q: h5py sees %d edges of total weight %v, want %d and %v", e.name, g.N, g.W, len(e.weight), w)
		}
	}
}
