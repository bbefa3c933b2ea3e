package gonbdisplay

import (
	"bytes"
	"encoding/gob"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/pyn-go/pyn/display"
)

// TestUnderGonb runs the test binary again as gonb runs a cell, with
// GONB_PIPE naming a file, and decodes what gonb's own client library
// wrote there: a figure shown with Show arrives as image/png bytes, a
// display.HTML bundle as text/html.
func TestUnderGonb(t *testing.T) {
	if os.Getenv("PYN_GONB_CHILD") == "1" {
		img := image.NewGray(image.Rect(0, 0, 4, 3))
		if err := Show(img, nil); err != nil {
			t.Fatal(err)
		}
		display.Display(display.HTML("<b>hi</b>"))
		if err := Show(nil, errors.New("no such population")); err == nil {
			t.Fatal("Show dropped the error")
		}
		return
	}
	dir := t.TempDir()
	out, back := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, f := range []string{out, back} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestUnderGonb$")
	cmd.Env = append(os.Environ(), "PYN_GONB_CHILD=1", protocol.GONB_PIPE_ENV+"="+out, protocol.GONB_PIPE_BACK_ENV+"="+back)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := gob.NewDecoder(f)
	var got []protocol.DisplayData
	for {
		var d protocol.DisplayData
		if err := dec.Decode(&d); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		got = append(got, d)
	}
	if len(got) != 3 {
		t.Fatalf("gonb received %d outputs, want 3", len(got))
	}
	b, ok := got[0].Data[protocol.MIMEImagePNG].([]byte)
	if !ok {
		t.Fatalf("first output %v has no PNG bytes", got[0].Data)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 4 || cfg.Height != 3 {
		t.Errorf("PNG sent: %v, %+v, want a 4×3 image", err, cfg)
	}
	if h := got[1].Data[protocol.MIMETextHTML]; h != "<b>hi</b>" {
		t.Errorf("HTML sent: %v", h)
	}
	if s := got[2].Data[protocol.MIMETextPlain]; s != "error: no such population" {
		t.Errorf("error shown as %v", s)
	}
}

// TestOutsideGonb checks that without gonb nothing is routed to it.
func TestOutsideGonb(t *testing.T) {
	if os.Getenv(protocol.GONB_PIPE_ENV) == "" && IsNotebook() {
		t.Fatal("IsNotebook without GONB_PIPE")
	}
}
