package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyn-go/pyn/notebook"
)

// checkImage fails unless path holds a decodable PNG (.png) or an SVG
// document (.svg).
func checkImage(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch filepath.Ext(path) {
	case ".png":
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	case ".svg":
		if !bytes.Contains(b[:min(len(b), 512)], []byte("<svg")) {
			t.Errorf("%s does not start an SVG document: %.80q", path, b)
		}
	default:
		t.Errorf("%s: not a .png or .svg figure", path)
	}
}

// checkPNG fails unless path holds a decodable PNG of the given size.
func checkPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Errorf("%s is %v, want %dx%d", path, got, w, h)
	}
}

// TestRunScript runs Go scripts, a main package and plain statements:
// what they print, the figures they display (written and their paths
// printed), and the errors of scripts that fail.
func TestRunScript(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.go")
	// Plain statements with an import, a declaration and a trailing
	// expression whose value is an image.
	src := "import \"image\"\n\nfunc square(n int) int { return n * n }\n\nfmt.Println(\"square\", square(4))\nimage.NewGray(image.Rect(0, 0, 3, 2))\n"
	if err := os.WriteFile(plain, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.go")
	if err := os.WriteFile(broken, []byte("fmt.Println(\"ok\")\nx := undefinedThing + 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	endless := filepath.Join(dir, "endless.go")
	if err := os.WriteFile(endless, []byte("fmt.Println(\"looping\")\nfor {\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(dir, "lib.go")
	if err := os.WriteFile(lib, []byte("package lib\n\nfunc F() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name   string
		args   []string
		code   int
		stdout string // exact
		errs   string // substring of stderr
		figs   map[string][2]int
	}{
		{
			name:   "main package",
			args:   []string{"run", abs(t, "scripts/figures.go")},
			stdout: "drawing\nfigure: pyn-out/figures/fig01.png\nfigure: pyn-out/figures/fig02.png\na caption\n",
			figs:   map[string][2]int{"pyn-out/figures/fig01.png": {8, 6}, "pyn-out/figures/fig02.png": {4, 4}},
		},
		{
			name:   "plain statements, --out after the file",
			args:   []string{"run", plain, "--out", "figs"},
			stdout: "square 16\nfigure: figs/plain/fig01.png\n",
			figs:   map[string][2]int{"figs/plain/fig01.png": {3, 2}},
		},
		{
			name:   "compile error",
			args:   []string{"run", broken},
			code:   1,
			stdout: "",
			errs:   broken + ":2:6: ",
		},
		{
			name:   "panic",
			args:   []string{"run", abs(t, "scripts/panics.go")},
			code:   1,
			stdout: "before\n",
			errs:   "assignment to entry in nil map",
		},
		{
			name:   "timeout",
			args:   []string{"run", "--timeout", "200ms", endless},
			code:   1,
			stdout: "looping\n",
			errs:   "endless.go: timed out after 200ms",
		},
		{
			name: "not a main package",
			args: []string{"run", lib},
			code: 1,
			errs: "lib.go: package lib: a script is a main package or plain statements",
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			wd := t.TempDir()
			r := runPyn(t, wd, test.args...)
			if r.code != test.code || r.stdout != test.stdout || !strings.Contains(r.stderr, test.errs) {
				t.Errorf("status %d, stdout %q, stderr %q;\nwant status %d, stdout %q, stderr with %q",
					r.code, r.stdout, r.stderr, test.code, test.stdout, test.errs)
			}
			for f, size := range test.figs {
				checkPNG(t, filepath.Join(wd, f), size[0], size[1])
			}
		})
	}
}

// TestRunNotebooks runs a directory of notebooks with the default output
// directory, as the README's main command does, and checks the executed
// notebook (valid nbformat, outputs in place) and its figure file.
func TestRunNotebooks(t *testing.T) {
	t.Parallel()
	wd := t.TempDir()
	r := runPyn(t, wd, "run", abs(t, "notebooks"))
	if r.code != 0 {
		t.Fatalf("status %d, stderr %q", r.code, r.stderr)
	}
	out := filepath.Join(wd, "pyn-out", "01-figure.ipynb")
	fig := filepath.Join("pyn-out", "01-figure", "fig01.png")
	if !strings.Contains(r.stdout, "01-figure.ipynb: 2 cells, 1 figure,") || !strings.Contains(r.stdout, fig) {
		t.Errorf("stdout %q: want a summary line and the figure's path %s", r.stdout, fig)
	}
	validate(t, out)
	checkPNG(t, filepath.Join(wd, fig), 8, 6)
	nb, err := notebook.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range nb.Cells[1:] {
		for _, o := range c.Outputs {
			kinds = append(kinds, o.Type)
		}
	}
	want := "stream display_data execute_result"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("outputs %q, want %q", got, want)
	}
	if o := nb.Cells[1].Outputs; len(o) == 2 {
		if _, ok := o[1].Data["image/png"].(string); !ok || o[1].Data["text/plain"] == nil {
			t.Errorf("display_data %v: want image/png (base64) and text/plain", o[1].Data)
		}
	}
	if v := nb.Cells[2].Outputs; len(v) == 1 && v[0].Data["text/plain"] != "42" {
		t.Errorf("value of the last cell %v, want 42 (6 rows × 7)", v[0].Data["text/plain"])
	}
}

// TestRunKeepGoing runs a directory whose first notebook fails in its
// second cell: without --keep-going pyn stops there; with it, the rest
// runs. Both exit with status 1.
func TestRunKeepGoing(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name      string
		args      []string
		ranAfter  bool // the third cell of a-fail and b-ok ran
		wantErrIn string
	}{
		{"stop", []string{"run", "--out", "out"}, false, "a-fail.ipynb: cell 2, line 1:"},
		{"keep going", []string{"run", "--keep-going", "--out", "out"}, true, "1 of 2 files failed"},
	} {
		t.Run(test.name, func(t *testing.T) {
			wd := t.TempDir()
			r := runPyn(t, wd, append(test.args, abs(t, "failing"))...)
			if r.code != 1 || !strings.Contains(r.stderr, test.wantErrIn) || !strings.Contains(r.stderr, "zero") {
				t.Fatalf("status %d, stderr %q: want 1 and an error naming the cell and zero, with %q", r.code, r.stderr, test.wantErrIn)
			}
			a := filepath.Join(wd, "out", "a-fail.ipynb")
			validate(t, a)
			nb, err := notebook.ReadFile(a)
			if err != nil {
				t.Fatal(err)
			}
			if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].Type != notebook.ErrorOutput {
				t.Errorf("cell 2 outputs %+v: want one error output", o)
			}
			ran := len(nb.Cells[2].Outputs) == 1 && nb.Cells[2].Outputs[0].Text == "n is 1\n"
			_, err = os.Stat(filepath.Join(wd, "out", "b-ok.ipynb"))
			if ran != test.ranAfter || (err == nil) != test.ranAfter {
				t.Errorf("cell 3 ran: %v, b-ok.ipynb written: %v; want both %v", ran, err == nil, test.ranAfter)
			}
		})
	}
}

// TestRunInterrupt sends SIGINT (Ctrl-C) to pyn run during an endless
// loop: the script stops, pyn says so and exits with status 1.
func TestRunInterrupt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "loop.go")
	if err := os.WriteFile(script, []byte("fmt.Println(\"looping\")\nfor {\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pynBin, "run", script)
	cmd.Dir = dir
	// Standard output goes to a file, read while pyn runs; a buffer
	// would be written by exec's copying goroutine at the same time.
	outPath := filepath.Join(dir, "stdout")
	outFile, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer outFile.Close()
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = outFile, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Wait until the loop runs, then interrupt it.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(outPath); bytes.Contains(b, []byte("looping")) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("pyn run ended with %v, stderr %q: want status 1 and an interruption message", err, errb.String())
		}
		t.Logf("stopped %v after SIGINT", time.Since(start))
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("pyn run did not stop within 10 s of SIGINT")
	}
}

// TestREADMECommand runs the README's main command, pyn run notebooks,
// on the tutorial notebooks (from a scratch directory, so that the default
// ./pyn-out lands there): every notebook must run, and its executed copy
// pass nbformat validation. The notebooks' own tests check their science;
// this one checks the command a new user types first. Skipped with -short.
func TestREADMECommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every tutorial notebook")
	}
	t.Parallel()
	nbdir, err := filepath.Abs(filepath.Join("..", "..", "notebooks"))
	if err != nil {
		t.Fatal(err)
	}
	nbs, err := filepath.Glob(filepath.Join(nbdir, "*.ipynb"))
	if err != nil || len(nbs) == 0 {
		t.Fatalf("no notebooks in %s (%v)", nbdir, err)
	}
	wd := t.TempDir()
	r := runPyn(t, wd, "run", nbdir)
	if r.code != 0 {
		t.Fatalf("pyn run notebooks: status %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, nb := range nbs {
		out := filepath.Join(wd, "pyn-out", filepath.Base(nb))
		validate(t, out)
	}
	if figs, _ := filepath.Glob(filepath.Join(wd, "pyn-out", "*", "fig*.png")); len(figs) < len(nbs) {
		t.Errorf("%d PNG figures for %d notebooks; each tutorial draws at least one", len(figs), len(nbs))
	}
}
