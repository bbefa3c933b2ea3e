package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyn-go/pyn/display"
)

func pngData(t *testing.T, w, h int) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return map[string]any{"image/png": base64.StdEncoding.EncodeToString(buf.Bytes()), "text/plain": "<PNG image>"}
}

// TestTermOutput checks how displays read in a terminal: text printed,
// images written as files with their paths printed, a display updated in
// place (a progress bar) printed once and its last state printed by flush,
// and an updated figure rewritten in its own file.
func TestTermOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var buf bytes.Buffer
	o := newTermOutput(&buf, dir)
	id := func(s string) map[string]any { return map[string]any{"display_id": s} }

	o.display(display.Text("hello"), false)
	o.display(display.Data{Data: map[string]any{"text/plain": "10%"}, Transient: id("bar")}, false)
	o.display(display.Data{Data: map[string]any{"text/plain": "50%"}, Transient: id("bar")}, true)
	o.display(display.Data{Data: map[string]any{"text/plain": "done"}, Transient: id("bar")}, true)
	o.display(display.Data{Data: pngData(t, 3, 2), Transient: id("fig")}, false)
	o.display(display.Data{Data: pngData(t, 5, 4), Transient: id("fig")}, true)
	o.flush()
	o.flush() // nothing held any more

	fig := filepath.Join(dir, "fig01.png")
	want := "hello\n10%\nfigure: " + fig + "\ndone\n"
	if buf.String() != want {
		t.Errorf("printed %q, want %q", buf.String(), want)
	}
	checkPNG(t, fig, 5, 4) // the update replaced the 3×2 image
	if _, err := os.Stat(filepath.Join(dir, "fig02.png")); err == nil {
		t.Error("the update of a figure wrote a second file")
	}
	if err := o.takeErr(); err != nil {
		t.Error(err)
	}
}
