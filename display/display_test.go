package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"sort"
	"testing"

	"github.com/pyn-go/pyn/internal/cell"
)

type (
	htmlV     struct{}
	mdV       struct{}
	svgV      struct{}
	pngV      struct{}
	jpegV     struct{}
	jsonV     struct{}
	allV      struct{}
	vectorV   struct{ svgV }
	panicV    struct{}
	rendererV struct{}
)

func (htmlV) HTML() string         { return "<b>h</b>" }
func (mdV) Markdown() string       { return "*m*" }
func (svgV) SVG() string           { return "<svg/>" }
func (pngV) PNG() []byte           { return tinyPNG() }
func (jpegV) JPEG() []byte         { return []byte{0xff, 0xd8} }
func (jsonV) JSON() map[string]any { return map[string]any{"a": 1} }
func (allV) HTML() string          { return "<b>all</b>" }
func (allV) SVG() string           { return "<svg/>" }
func (allV) PNG() []byte           { return tinyPNG() }
func (panicV) HTML() string        { panic("broken") }
func (rendererV) Render() Data     { return Markdown("custom") }
func (rendererV) HTML() string     { return "not used" }

func tinyPNG() []byte {
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.White)
	var b bytes.Buffer
	png.Encode(&b, img) //nolint:errcheck
	return b.Bytes()
}

func keys(d Data) []string {
	var k []string
	for m := range d.Data {
		k = append(k, m)
	}
	sort.Strings(k)
	return k
}

// TestRender checks the documented priority order (package doc).
func TestRender(t *testing.T) {
	for _, test := range []struct {
		name string
		v    any
		ok   bool
		mime string // the rich MIME type chosen
	}{
		{"nil", nil, false, ""},
		{"int", 3, false, ""},
		{"string", "s", false, ""},
		{"html", htmlV{}, true, MIMEHTML},
		{"markdown", mdV{}, true, MIMEMarkdown},
		{"svg", svgV{}, true, MIMESVG},
		{"png", pngV{}, true, MIMEPNG},
		{"jpeg", jpegV{}, true, MIMEJPEG},
		{"json", jsonV{}, true, MIMEJSON},
		{"image", image.NewRGBA(image.Rect(0, 0, 2, 2)), true, MIMEPNG},
		{"html before images", allV{}, true, MIMEHTML},
		{"svg only", vectorV{}, true, MIMESVG},
		{"renderer first", rendererV{}, true, MIMEMarkdown},
		{"bundle", HTML("<i>x</i>"), true, MIMEHTML},
		{"panicking method", panicV{}, false, ""},
	} {
		d, ok := Render(test.v)
		if ok != test.ok {
			t.Errorf("%s: ok = %v, want %v", test.name, ok, test.ok)
			continue
		}
		if !ok {
			continue
		}
		if _, has := d.Data[test.mime]; !has {
			t.Errorf("%s: bundle %v lacks %s", test.name, keys(d), test.mime)
		}
		if _, has := d.Data[MIMEText]; !has {
			t.Errorf("%s: bundle %v lacks the text/plain fallback", test.name, keys(d))
		}
		if len(d.Data) != 2 {
			t.Errorf("%s: bundle %v, want one rich type and text/plain", test.name, keys(d))
		}
		if d.Metadata == nil {
			t.Errorf("%s: nil metadata (Jupyter requires an object)", test.name)
		}
	}
}

func TestPNGMetadata(t *testing.T) {
	d := PNG(tinyPNG())
	if got := d.Metadata[MIMEPNG]; !reflect.DeepEqual(got, map[string]any{"width": 3, "height": 2}) {
		t.Errorf("metadata %v", got)
	}
	raw, err := base64.StdEncoding.DecodeString(d.Data[MIMEPNG].(string))
	if err != nil || !bytes.Equal(raw, tinyPNG()) {
		t.Errorf("payload is not the base64 of the PNG: %v", err)
	}
}

func TestPublish(t *testing.T) {
	var got []string
	setSink(func(d Data, update bool) {
		got = append(got, fmt.Sprint(update, " ", d.Data[MIMEText], " ", d.Transient["display_id"]))
	})
	defer setSink(nil)
	Display(htmlV{})
	Display(42)
	DisplayID("x", Text("a"))
	Update("x", Text("b"))
	want := []string{"false <HTML> <nil>", "false 42 <nil>", "false a x", "true b x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("published %q, want %q", got, want)
	}
	setSink(nil)
	Display("discarded") // must not panic
}

// TestClearOutput checks the bundle ClearOutput publishes and that
// IsClear recognises it (and only it), with the wait flag of the
// protocol's clear_output message.
func TestClearOutput(t *testing.T) {
	var got []Data
	setSink(func(d Data, update bool) {
		if update {
			t.Errorf("ClearOutput published an update")
		}
		got = append(got, d)
	})
	defer setSink(nil)
	ClearOutput(false)
	ClearOutput(true)
	if len(got) != 2 {
		t.Fatalf("published %d bundles, want 2", len(got))
	}
	for i, want := range []bool{false, true} {
		wait, ok := IsClear(got[i])
		if !ok || wait != want {
			t.Errorf("IsClear(ClearOutput(%v)) = %v, %v", want, wait, ok)
		}
		if len(got[i].Data) != 0 {
			t.Errorf("clear bundle carries data %v", got[i].Data)
		}
	}
	for _, test := range []struct {
		name       string
		d          Data
		wait, isIt bool
	}{
		{"text", Text("x"), false, false},
		{"display id", withID(Text("x"), "id"), false, false},
		{"zero", Data{}, false, false},
		{"hand-made true", Data{Transient: map[string]any{"clear_output": true}}, false, true},
		{"hand-made wait", Data{Transient: map[string]any{"clear_output": "wait"}}, true, true},
	} {
		if wait, ok := IsClear(test.d); wait != test.wait || ok != test.isIt {
			t.Errorf("%s: IsClear = %v, %v, want %v, %v", test.name, wait, ok, test.wait, test.isIt)
		}
	}
	setSink(nil)
	ClearOutput(true) // discarded; must not panic
}

func ExampleClearOutput() {
	setSink(func(d Data, update bool) {
		wait, ok := IsClear(d)
		fmt.Println("clear:", ok, "wait:", wait)
	})
	defer setSink(nil)
	ClearOutput(true)
	// Output:
	// clear: true wait: true
}

func ExampleRender() {
	d, ok := Render(HTML("<b>pyn</b>"))
	fmt.Println(ok, d.Data["text/html"])
	_, ok = Render(42)
	fmt.Println(ok)
	// Output:
	// true <b>pyn</b>
	// false
}

func ExampleDisplayID() {
	setSink(func(d Data, update bool) {
		fmt.Println(update, d.Data["text/plain"], d.Transient["display_id"])
	})
	defer setSink(nil)
	DisplayID("progress", Text("10%"))
	Update("progress", Text("100%"))
	// Output:
	// false 10% progress
	// true 100% progress
}

// setSink installs f as the display sink, as the interpreter session does
// around each cell; nil removes it.
func setSink(f func(d Data, update bool)) {
	if f == nil {
		cell.Set(cell.Env{})
		return
	}
	cell.Set(cell.Env{Publish: func(o cell.Output) {
		f(Data{Data: o.Data, Metadata: o.Metadata, Transient: o.Transient}, o.Update)
	}})
}
