package notebook

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// validate checks path against the nbformat 4 schema with Debian's
// python3-nbformat, the reference implementation Jupyter itself uses.
func validate(t *testing.T, path string) {
	t.Helper()
	const py = "/usr/bin/python3"
	script := "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))"
	if _, err := os.Stat(py); err != nil {
		skipOrFail(t, "no "+py)
		return
	}
	if err := exec.Command(py, "-c", "import nbformat").Run(); err != nil {
		skipOrFail(t, "python3-nbformat is not installed")
		return
	}
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat rejects %s: %v\n%s", path, err, out)
	}
}

// skipOrFail skips a test that needs a missing tool, unless CI is set:
// there the tool must be present.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (required when CI is set)", why)
	}
	t.Skip(why)
}

func TestLines(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"a\n\nb\n", []string{"a\n", "\n", "b\n"}},
	} {
		if got := lines(test.in); !reflect.DeepEqual(got, test.want) {
			t.Errorf("lines(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name, in, want string
	}{
		{"not json", "{", "not a notebook"},
		{"nbformat 3", `{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}`, "nbformat 3 is not supported"},
		{"bad cell type", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "slide", "source": ""}]}`, `cell 1: unknown cell type "slide"`},
		{"bad source", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 7}]}`, "want a string or a list of strings"},
	} {
		_, err := Read(strings.NewReader(test.in))
		if err == nil || !strings.Contains(err.Error(), test.want) || !strings.HasPrefix(err.Error(), "notebook: ") {
			t.Errorf("%s: got error %v, want one containing %q", test.name, err, test.want)
		}
	}
}

// TestRoundTrip reads a notebook, writes it and reads it back: the cells
// survive, ids are added and the minor version becomes 5.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	nb, err := ReadFile("testdata/hello.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"raw text <b>&</b>"`) {
		t.Errorf("HTML characters were escaped:\n%s", buf.String())
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Minor != 5 {
		t.Errorf("minor version %d, want 5 (cell ids)", back.Minor)
	}
	if len(back.Cells) != len(nb.Cells) {
		t.Fatalf("%d cells, want %d", len(back.Cells), len(nb.Cells))
	}
	for i, c := range back.Cells {
		if c.ID == "" || c.Source != nb.Cells[i].Source || c.Type != nb.Cells[i].Type {
			t.Errorf("cell %d: got %+v, want %+v", i+1, c, nb.Cells[i])
		}
	}
	path := filepath.Join(t.TempDir(), "round.ipynb")
	if err := back.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	validate(t, path)
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRecorder drives the recorder as the session does: printing,
// displays (one updated later by display id) and a cell value; the
// outputs come out in order and the images as numbered files.
func TestRecorder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	figs := &figureWriter{Figures: Figures{Dir: dir}}
	rec := &recorder{figs: figs, byID: map[string]*Output{}}
	c := &Cell{Type: Code}
	rec.start(c)
	out := streamWriter{rec, "stdout"}
	errw := streamWriter{rec, "stderr"}
	out.Write([]byte("a"))
	out.Write([]byte("b\n"))
	errw.Write([]byte("warn\n"))
	pic := pngBytes(t)
	rec.display(display.Data{Data: map[string]any{"image/png": pic, "text/plain": "<figure>"}}, false)
	rec.display(display.Data{
		Data:      map[string]any{"text/plain": "0%"},
		Transient: map[string]any{"display_id": "progress"},
	}, false)
	rec.display(display.Data{
		Data:      map[string]any{"text/plain": "100%"},
		Transient: map[string]any{"display_id": "progress"},
	}, true)
	svg := map[string]any{"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'/>"}
	rec.display(display.Data{Data: svg}, false)
	// Outcome.Displays repeats what was displayed live: not shown twice.
	rec.finish(&session.Outcome{
		Value:    &display.Data{Data: map[string]any{"text/plain": "42"}},
		Displays: []display.Data{{Data: svg}},
	}, 1)

	var got []string
	for _, o := range c.Outputs {
		s := o.Type + ":" + o.Name + o.Text
		if o.Data != nil {
			s += "[" + strings.Join(sortedKeys(o.Data), ",") + "]"
			if tp, ok := o.Data["text/plain"].(string); ok {
				s += tp
			}
		}
		got = append(got, s)
	}
	want := []string{
		"stream:stdoutab\n",
		"stream:stderrwarn\n",
		"display_data:[image/png,text/plain]<figure>",
		"display_data:[text/plain]100%",
		"display_data:[image/svg+xml]",
		"execute_result:[text/plain]42",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outputs:\n got %q\nwant %q", got, want)
	}
	if want := []string{filepath.Join(dir, "fig01.png"), filepath.Join(dir, "fig02.svg")}; !reflect.DeepEqual(figs.Paths, want) {
		t.Errorf("figures %q, want %q", figs.Paths, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "fig01.png")); err != nil || !bytes.Equal(b, pic) {
		t.Errorf("fig01.png holds %d bytes (err %v), want the %d bytes displayed", len(b), err, len(pic))
	}
	if figs.err != nil {
		t.Error(figs.err)
	}
	// The executed cell must be valid nbformat, []byte images included.
	c.ExecutionCount = 1
	nb := &Notebook{Cells: []*Cell{c}, Format: 4}
	path := filepath.Join(dir, "rec.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	validate(t, path)
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if img, ext, err := Image(back.Cells[0].Outputs[2].Data); err != nil || ext != ".png" || !bytes.Equal(img, pic) {
		t.Errorf("image read back: %d bytes %q %v, want the %d bytes written", len(img), ext, err, len(pic))
	}
}

func sortedKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func TestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rep, err := Run(context.Background(), "testdata/hello.ipynb", Options{OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Out != filepath.Join(dir, "hello.ipynb") || rep.Cells != 2 {
		t.Errorf("report %+v: want out %s and 2 code cells run (the empty one is skipped)", rep, filepath.Join(dir, "hello.ipynb"))
	}
	validate(t, rep.Out)
	nb, err := ReadFile(rep.Out)
	if err != nil {
		t.Fatal(err)
	}
	c := nb.Cells[1]
	if c.ExecutionCount != 1 || len(c.Outputs) != 1 || c.Outputs[0].Text != "x is 42\n" {
		t.Errorf("cell 2: count %d, outputs %+v; want count 1 and the stream %q", c.ExecutionCount, c.Outputs, "x is 42\n")
	}
	if c := nb.Cells[2]; c.ExecutionCount != 0 || len(c.Outputs) != 0 {
		t.Errorf("empty cell 3 was executed: %+v", c)
	}
	c = nb.Cells[3]
	if c.ExecutionCount != 2 || len(c.Outputs) != 1 || c.Outputs[0].Type != ExecuteResult ||
		c.Outputs[0].ExecutionCount != 2 || c.Outputs[0].Data["text/plain"] != "84" {
		t.Errorf("cell 4: count %d, outputs %+v; want an execute_result 84 with count 2", c.ExecutionCount, c.Outputs)
	}
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	if ks["name"] != "pyn" || ks["display_name"] != "Go (pyn)" || nb.Metadata["title"] != "hello" {
		t.Errorf("metadata %v: want the pyn kernelspec and the input's title kept", nb.Metadata)
	}
}

func TestRunError(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name      string
		keepGoing bool
		after     bool // the cell after the error ran
	}{
		{"stop", false, false},
		{"keep going", true, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			rep, err := Run(context.Background(), "testdata/fail.ipynb", Options{OutDir: dir, KeepGoing: test.keepGoing})
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("got error %v, want a *CellError", err)
			}
			// Cell 3 of fail.ipynb uses undefinedName on its line 2.
			if ce.Cell != 3 || ce.Line != 2 || !strings.Contains(err.Error(), "testdata/fail.ipynb: cell 3, line 2") ||
				!strings.Contains(err.Error(), "undefinedName") {
				t.Errorf("error %q (cell %d line %d): want cell 3, line 2, naming undefinedName", err, ce.Cell, ce.Line)
			}
			if len(rep.Errors) != 1 {
				t.Errorf("%d errors reported, want 1", len(rep.Errors))
			}
			validate(t, rep.Out)
			nb, err := ReadFile(rep.Out)
			if err != nil {
				t.Fatal(err)
			}
			if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].Text != "before\n" {
				t.Errorf("cell 1 outputs %+v: want the new stream only", o)
			}
			if o := nb.Cells[2].Outputs; len(o) == 0 || o[len(o)-1].Type != ErrorOutput || !strings.Contains(o[len(o)-1].EValue, "undefinedName") {
				t.Errorf("cell 3 outputs %+v: want an error output naming undefinedName", o)
			}
			ran := len(nb.Cells[3].Outputs) == 1 && nb.Cells[3].Outputs[0].Text == "after\n"
			if ran != test.after {
				t.Errorf("cell 4 outputs %+v: ran = %v, want %v", nb.Cells[3].Outputs, ran, test.after)
			}
		})
	}
}

// TestFiguresCleanContinue checks the two ways a run treats the figures
// already in its directory: pyn run removes them (Clean), the REPL numbers
// after them (Continue). Other files are never touched.
func TestFiguresCleanContinue(t *testing.T) {
	t.Parallel()
	pic := map[string]any{"image/png": pngBytes(t)}
	for _, test := range []struct {
		name      string
		prepare   func(f *Figures) error
		wantFiles []string // in the directory afterwards
		wantPath  string   // of the next figure
	}{
		{"clean", (*Figures).Clean, []string{"fig01.png", "notes.txt"}, "fig01.png"},
		{"continue", (*Figures).Continue, []string{"fig01.png", "fig02.svg", "fig03.png", "fig12.jpg", "fig13.png", "notes.txt"}, "fig13.png"},
	} {
		dir := t.TempDir()
		for _, n := range []string{"fig01.png", "fig02.svg", "fig03.png", "fig12.jpg", "notes.txt"} {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		f := &Figures{Dir: dir}
		if err := test.prepare(f); err != nil {
			t.Fatalf("%s: %v", test.name, err)
		}
		path, err := f.Add(pic)
		if err != nil || path != filepath.Join(dir, test.wantPath) {
			t.Errorf("%s: next figure %q (%v), want %s", test.name, path, err, test.wantPath)
		}
		ents, _ := os.ReadDir(dir)
		var got []string
		for _, e := range ents {
			got = append(got, e.Name())
		}
		if !reflect.DeepEqual(got, test.wantFiles) {
			t.Errorf("%s: files %q, want %q", test.name, got, test.wantFiles)
		}
	}
	// Neither minds a directory that does not exist yet.
	f := &Figures{Dir: filepath.Join(t.TempDir(), "new")}
	if err := f.Clean(); err != nil {
		t.Error(err)
	}
	if err := f.Continue(); err != nil {
		t.Error(err)
	}
}

// TestRunCellTimeout stops an endless cell with CellTimeout: the cell
// fails with ErrCellTimeout and a "Timeout" error output, and the session
// stays usable for the next cell (KeepGoing).
func TestRunCellTimeout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	start := time.Now()
	// After an interrupted cell the session waits for the interpreter's
	// goroutine to end by watching it, which the race detector cannot see
	// as synchronisation: under it, the cell after the timeout is not run.
	keepGoing := !raceEnabled
	rep, err := Run(context.Background(), "testdata/endless.ipynb", Options{OutDir: dir, KeepGoing: keepGoing, CellTimeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrCellTimeout) || !strings.Contains(err.Error(), "cell 1") {
		t.Fatalf("error %v, want ErrCellTimeout in cell 1", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the run took %v with a 200ms cell timeout", d)
	}
	validate(t, rep.Out)
	nb, err := ReadFile(rep.Out)
	if err != nil {
		t.Fatal(err)
	}
	if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].EName != "Timeout" {
		t.Errorf("cell 1 outputs %+v: want one Timeout error", o)
	}
	if o := nb.Cells[1].Outputs; keepGoing && (len(o) != 1 || o[0].Text != "after\n") {
		for _, x := range o {
			t.Logf("%s %s %s", x.Type, x.Name, x.Text)
		}
		t.Errorf("cell 2 outputs %+v: want the stream after", o)
	}
}

// display.ClearOutput clears the cell's outputs at once, or with wait just
// before the next output (Jupyter's clear_output semantics).
func TestRecorderClearOutput(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name string
		run  func(out streamWriter, clr func(wait bool))
		want []string
	}{
		{"now", func(out streamWriter, clr func(bool)) { out.Write([]byte("a")); clr(false); out.Write([]byte("b")) }, []string{"b"}},
		{"wait", func(out streamWriter, clr func(bool)) { out.Write([]byte("a")); clr(true); out.Write([]byte("b")) }, []string{"b"}},
		{"wait, nothing after", func(out streamWriter, clr func(bool)) { out.Write([]byte("a")); clr(true) }, []string{"a"}},
		{"now, nothing after", func(out streamWriter, clr func(bool)) { out.Write([]byte("a")); clr(false) }, nil},
	} {
		rec := &recorder{figs: &figureWriter{Figures: Figures{Dir: t.TempDir()}}, byID: map[string]*Output{}}
		c := &Cell{Type: Code}
		rec.start(c)
		clr := func(wait bool) {
			// The bundle display.ClearOutput publishes.
			rec.display(display.Data{Data: map[string]any{}, Transient: map[string]any{"clear_output": map[string]any{"wait": wait}}}, false)
		}
		test.run(streamWriter{rec, "stdout"}, clr)
		var got []string
		for _, o := range c.Outputs {
			got = append(got, o.Text)
		}
		if !reflect.DeepEqual(got, test.want) {
			t.Errorf("%s: outputs %q, want %q", test.name, got, test.want)
		}
	}
}
