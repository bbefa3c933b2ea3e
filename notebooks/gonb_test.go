package notebooks_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goTool finds a Go tool installed with go install: on PATH, else in
// GOBIN or GOPATH/bin.
func goTool(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, v := range []string{"GOBIN", "GOPATH"} {
		out, err := exec.Command("go", "env", v).Output()
		dir := strings.TrimSpace(string(out))
		if err != nil || dir == "" {
			continue
		}
		if v == "GOPATH" {
			dir = filepath.Join(strings.Split(dir, string(os.PathListSeparator))[0], "bin")
		}
		if p := filepath.Join(dir, name); isFile(p) {
			return p
		}
	}
	return ""
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// TestGonbNotebook executes gonb/pyn-in-gonb.ipynb with the real gonb
// kernel under jupyter nbconvert: pyn is used there as a compiled library,
// and its figure must reach the notebook as image/png through
// gonbdisplay. The gonb kernel spec is written into a temporary Jupyter
// path, so the machine's kernels are left alone.
func TestGonbNotebook(t *testing.T) {
	jup := jupyterCmd()
	if jup == "" {
		needTool(t, "jupyter (Debian: jupyter-nbconvert, python3-nbclient, jupyter-client)")
	}
	gonb, goimports := goTool("gonb"), goTool("goimports")
	if gonb == "" || goimports == "" {
		needTool(t, "gonb and goimports (go install github.com/janpfeifer/gonb@v0.11.1 golang.org/x/tools/cmd/goimports@v0.53.0)")
	}
	dir := t.TempDir()
	spec := filepath.Join(dir, "jupyter", "kernels", "gonb")
	if err := os.MkdirAll(spec, 0o755); err != nil {
		t.Fatal(err)
	}
	k, _ := json.Marshal(map[string]any{
		"argv":         []string{gonb, "--kernel", "{connection_file}"},
		"display_name": "Go (gonb)", "language": "go", "interrupt_mode": "message",
	})
	if err := os.WriteFile(filepath.Join(spec, "kernel.json"), k, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pyn-in-gonb.ipynb")
	ctx, cancel := context.WithTimeout(context.Background(), notebookTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, jup, "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=gonb", "--ExecutePreprocessor.timeout=600",
		"--output", out, filepath.Join("gonb", "pyn-in-gonb.ipynb"))
	// gonb runs goimports and go from PATH.
	path := filepath.Dir(goimports) + string(os.PathListSeparator) + os.Getenv("PATH")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+filepath.Join(dir, "jupyter"), "PATH="+path)
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jupyter nbconvert with gonb: %v\n%s", err, tail(o, 3000))
	}
	var png, spikes bool
	for i, c := range readExecuted(t, out) {
		for _, e := range c.errors {
			t.Errorf("cell %d: %s", i+1, e)
		}
		for _, m := range c.mimes {
			png = png || m == "image/png"
		}
		spikes = spikes || strings.Contains(c.text, "spike times (ms): [12.75 16.75 31.25 59 86.5]")
	}
	if !png {
		t.Error("no image/png output: pyn's figure did not reach gonb")
	}
	// Izhikevich's published code for Fig. 1A (as in notebook 01).
	if !spikes {
		t.Error("the spike times of notebook 01 are not in the output")
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
