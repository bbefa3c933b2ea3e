package notebooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pyn-go/pyn/notebook"
)

// strip rewrites every notebook in its canonical stored form (outputs and
// execution counts removed, pyn kernel metadata, stable key order and
// indentation) instead of failing when one differs:
//
//	go test ./notebooks -run TestStored -strip
var strip = flag.Bool("strip", false, "rewrite the notebooks with outputs stripped")

// notebookTimeout bounds one notebook's run. The tutorials take seconds;
// the bound only turns a hang into a failure.
const notebookTimeout = 5 * time.Minute

// tutorials lists the notebooks of this directory in order.
func tutorials(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	// The tutorials 01 to 11: 01-08 pyN's, 09 SONATA, 10 equations, 11 gophernotes style.
	if len(files) < 11 {
		t.Fatalf("found %d notebooks %v, want the tutorials 01 to 11 at least", len(files), files)
	}
	return files
}

// canonical returns the stored form of a notebook: nbformat 4 with outputs
// and execution counts removed and the pyn kernel named in the metadata,
// encoded as Jupyter writes files (one-space indentation, sorted keys,
// multi-line sources as lists of lines, no HTML escaping).
func canonical(data []byte) ([]byte, error) {
	var nb map[string]any
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, err
	}
	if v, _ := nb["nbformat"].(float64); v != 4 {
		return nil, fmt.Errorf("nbformat %v, want 4", nb["nbformat"])
	}
	cells, _ := nb["cells"].([]any)
	for i, c := range cells {
		cell, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("cell %d is not an object", i+1)
		}
		if cell["cell_type"] == "code" {
			cell["outputs"] = []any{}
			cell["execution_count"] = nil
		}
		if _, ok := cell["metadata"]; !ok {
			cell["metadata"] = map[string]any{}
		}
		if s, ok := cell["source"].(string); ok {
			cell["source"] = splitLines(s)
		}
	}
	md, _ := nb["metadata"].(map[string]any)
	if md == nil {
		md = map[string]any{}
		nb["metadata"] = md
	}
	md["kernelspec"] = map[string]any{"name": "pyn", "display_name": "Go (pyn)", "language": "go"}
	md["language_info"] = map[string]any{"name": "go", "file_extension": ".go", "mimetype": "text/x-go"}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// splitLines splits s into lines that keep their newline, nbformat's list
// form of a multi-line string.
func splitLines(s string) []any {
	out := []any{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// cellText joins a cell's source.
func cellText(cell map[string]any) string { return joinText(cell["source"]) }

// TestCanonical checks the stored form that -strip writes, on small
// notebooks written the ways Jupyter and editors write them.
func TestCanonical(t *testing.T) {
	const stored = `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "a1",
   "metadata": {},
   "outputs": [],
   "source": [
    "x := 1\n",
    "x"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Go (pyn)",
   "language": "go",
   "name": "pyn"
  },
  "language_info": {
   "file_extension": ".go",
   "mimetype": "text/x-go",
   "name": "go"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`
	cases := []struct {
		name, in, err string
	}{
		{"already stored", stored, ""},
		{"outputs and count removed", `{"cells": [{"cell_type": "code", "execution_count": 3, "id": "a1", "metadata": {},
			"outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}], "source": ["x := 1\n", "x"]}],
			"metadata": {"kernelspec": {"name": "pyn", "display_name": "Go (pyn)", "language": "go"}}, "nbformat": 4, "nbformat_minor": 5}`, ""},
		{"source as one string, metadata filled in", `{"cells": [{"cell_type": "code", "id": "a1",
			"source": "x := 1\nx", "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, ""},
		{"nbformat 3 refused", `{"worksheets": [], "metadata": {}, "nbformat": 3, "nbformat_minor": 0}`, "nbformat 3, want 4"},
		{"not JSON", `{"cells": [`, "unexpected end of JSON input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := canonical([]byte(c.in))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != stored {
				t.Errorf("got\n%s\nwant\n%s", got, stored)
			}
		})
	}
}

// TestStoredNotebooks checks what is kept in git: every tutorial is a valid
// nbformat 4 notebook stored stripped of outputs in canonical form, opens
// with a markdown cell
// stating its goal and ends with a code cell that checks its science by
// panicking when a result is wrong (issue 7).
func TestStoredNotebooks(t *testing.T) {
	for _, path := range tutorials(t) {
		t.Run(notebook.Name(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := canonical(data)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if !bytes.Equal(data, want) {
				if *strip {
					if err := os.WriteFile(path, want, 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					t.Errorf("%s is not in stored form (outputs present or formatting differs); run go test ./notebooks -run TestStored -strip", path)
				}
			}
			var nb struct {
				Cells []map[string]any `json:"cells"`
			}
			if err := json.Unmarshal(want, &nb); err != nil {
				t.Fatal(err)
			}
			if len(nb.Cells) < 3 {
				t.Fatalf("%s: %d cells", path, len(nb.Cells))
			}
			first, last := nb.Cells[0], nb.Cells[len(nb.Cells)-1]
			if first["cell_type"] != "markdown" || !strings.HasPrefix(cellText(first), "# ") || !strings.Contains(cellText(first), "**Goal:**") {
				t.Errorf("%s: the first cell must be markdown with a title and a **Goal:**", path)
			}
			if text := cellText(last); last["cell_type"] != "code" || !strings.Contains(text, "panic(") || !strings.Contains(text, `fmt.Println("ok: `) {
				t.Errorf("%s: the last cell must be code that checks the science (panic on failure, print \"ok: …\")", path)
			}
			ids := map[string]bool{}
			for i, c := range nb.Cells {
				id, _ := c["id"].(string)
				if id == "" || ids[id] {
					t.Errorf("%s: cell %d has a missing or duplicate id %q", path, i+1, id)
				}
				ids[id] = true
			}
			validate(t, path) // last: it skips when python3-nbformat is missing
		})
	}
}

// executedCell is what one code cell of an executed notebook produced: the
// text of its stream and result outputs, the MIME types of its rich
// outputs and its error outputs.
type executedCell struct {
	text   string
	mimes  []string
	errors []string
}

// readExecuted reads an executed notebook, one executedCell per code cell.
func readExecuted(t *testing.T, path string) []executedCell {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string `json:"cell_type"`
			Outputs  []struct {
				OutputType string         `json:"output_type"`
				Text       any            `json:"text"`
				Data       map[string]any `json:"data"`
				EName      string         `json:"ename"`
				EValue     string         `json:"evalue"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []executedCell
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		var ec executedCell
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "stream":
				ec.text += joinText(o.Text)
			case "error":
				ec.errors = append(ec.errors, o.EName+": "+o.EValue)
			default:
				for m := range o.Data {
					ec.mimes = append(ec.mimes, m)
				}
				ec.text += joinText(o.Data["text/plain"])
			}
		}
		out = append(out, ec)
	}
	return out
}

// joinText joins an nbformat multi-line string, stored as one string or
// as a list of lines.
func joinText(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []any:
		var b strings.Builder
		for _, l := range s {
			str, _ := l.(string)
			b.WriteString(str)
		}
		return b.String()
	}
	return ""
}

// checkExecuted fails unless the executed notebook has no error output,
// shows at least one figure as image/png (what nbformat viewers and the
// issue's contract expect), and its last cell printed its "ok: …" verdict.
func checkExecuted(t *testing.T, path string) {
	t.Helper()
	cells := readExecuted(t, path)
	if len(cells) == 0 {
		t.Fatalf("%s: no code cells", path)
	}
	images := 0
	for i, c := range cells {
		for _, e := range c.errors {
			t.Errorf("%s: code cell %d: %s", path, i+1, e)
		}
		for _, m := range c.mimes {
			if m == "image/png" {
				images++
			}
		}
	}
	if images == 0 {
		t.Errorf("%s: no image/png output", path)
	}
	if last := cells[len(cells)-1].text; !strings.Contains(last, "ok: ") {
		t.Errorf("%s: the checking cell did not print its verdict; it printed %q", path, last)
	}
}

// validate checks an executed notebook against the nbformat schema with
// Debian's python3-nbformat, the reference implementation Jupyter uses to
// open files.
func validate(t *testing.T, path string) {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		needTool(t, "python3 (Debian's, for nbformat validation)")
		return
	}
	cmd := exec.Command(py, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		if bytes.Contains(out, []byte("No module named")) {
			needTool(t, "python3-nbformat: "+string(out))
			return
		}
		t.Errorf("%s fails nbformat validation: %v\n%s", path, err, out)
	}
}

// needTool skips when a tool is missing, unless CI is set: then the
// missing tool is a failure (the CI machine must have it).
func needTool(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing", what)
	}
	t.Skipf("%s is missing (set CI to make this a failure)", what)
}

// TestNotebooksHeadless runs every tutorial through the headless runner
// (the one behind `pyn run`), as a user without Jupyter would, and fails
// on any cell error. Each notebook's last cell checks its own science, so
// this is also the tutorials' science test. It also hashes every spike
// and trace of every simulation the notebook runs and compares them with
// testdata/<notebook>.golden (golden_test.go), so that refactoring pyn
// leaves the tutorials' results bit-identical.
func TestNotebooksHeadless(t *testing.T) {
	out := t.TempDir()
	for _, path := range tutorials(t) {
		t.Run(notebook.Name(path), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), notebookTimeout)
			defer cancel()
			sims := collect(t) // every simulation's spikes and traces, hashed (golden_test.go)
			rep, err := notebook.Run(ctx, path, notebook.Options{OutDir: out})
			if err != nil {
				t.Fatalf("%v", err)
			}
			sims.check(t, notebook.Name(path))
			t.Logf("%s: %d cells, %d figures in %v", path, rep.Cells, len(rep.Figures), rep.Wall.Round(time.Millisecond))
			if len(rep.Figures) == 0 {
				t.Errorf("%s wrote no figure", path)
			}
			for _, f := range rep.Figures {
				if st, err := os.Stat(f); err != nil || st.Size() == 0 {
					t.Errorf("figure %s missing or empty", f)
				}
			}
			checkExecuted(t, rep.Out)
			validate(t, rep.Out)
		})
	}
}

// jupyterCmd returns Debian's jupyter launcher, or "" if there is none.
func jupyterCmd() string {
	if _, err := os.Stat("/usr/bin/jupyter"); err == nil {
		return "/usr/bin/jupyter"
	}
	if p, err := exec.LookPath("jupyter"); err == nil {
		return p
	}
	return ""
}

// installKernel builds the pyn command and installs the pyn kernel into a
// fresh prefix; it returns the environment under which Jupyter finds that
// kernel (and only the machine's others).
func installKernel(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "pyn")
	build := exec.Command("go", "build", "-o", bin, "github.com/pyn-go/pyn/cmd/pyn")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building pyn: %v\n%s", err, out)
	}
	prefix := filepath.Join(dir, "prefix")
	install := exec.Command(bin, "install", "--prefix", prefix)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("pyn install --prefix: %v\n%s", err, out)
	}
	// Jupyter looks for kernels in <data dir>/kernels; find the kernel
	// spec the install wrote rather than assume its layout.
	var spec string
	filepath.WalkDir(prefix, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "kernel.json" && filepath.Base(filepath.Dir(p)) == "pyn" {
			spec = p
		}
		return nil
	})
	if spec == "" {
		t.Fatalf("pyn install --prefix %s wrote no kernels/pyn/kernel.json", prefix)
	}
	data := filepath.Dir(filepath.Dir(filepath.Dir(spec)))
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+data,
		"JUPYTER_DATA_DIR="+filepath.Join(home, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(home, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(home, "config"),
		"IPYTHONDIR="+filepath.Join(home, "ipython"),
	)
	return env
}

// TestNotebooksJupyter runs every tutorial through the real Jupyter client,
// `jupyter nbconvert --execute`, with the pyn kernel installed into a
// temporary prefix: the path a Jupyter user takes. It runs when CI is set
// (then Jupyter must be there) or when jupyter is installed.
func TestNotebooksJupyter(t *testing.T) {
	jup := jupyterCmd()
	if jup == "" {
		needTool(t, "jupyter (Debian: jupyter-nbconvert, python3-nbclient, jupyter-client)")
	}
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: the Jupyter run executes every notebook a second time")
	}
	env := installKernel(t)
	out := t.TempDir()
	for _, path := range tutorials(t) {
		t.Run(notebook.Name(path), func(t *testing.T) {
			abs, err := filepath.Abs(path)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), notebookTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, jup, "nbconvert", "--to", "notebook", "--execute",
				"--ExecutePreprocessor.kernel_name=pyn",
				fmt.Sprintf("--ExecutePreprocessor.timeout=%d", int(notebookTimeout.Seconds())),
				"--output-dir", out, abs)
			cmd.Env = env
			cmd.Dir = out
			start := time.Now()
			o, err := cmd.CombinedOutput()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Fatalf("jupyter nbconvert %s: timed out after %v\n%s", path, notebookTimeout, o)
			}
			if err != nil {
				t.Fatalf("jupyter nbconvert %s: %v\n%s", path, err, o)
			}
			t.Logf("%s: executed by Jupyter in %v", path, time.Since(start).Round(time.Millisecond))
			executed := filepath.Join(out, filepath.Base(path))
			checkExecuted(t, executed)
			validate(t, executed)
		})
	}
}
