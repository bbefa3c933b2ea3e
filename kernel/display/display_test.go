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
	SetPublisher(func(d Data, update bool) {
		got = append(got, fmt.Sprint(update, " ", d.Data[MIMEText], " ", d.Transient["display_id"]))
	})
	defer SetPublisher(nil)
	Display(htmlV{})
	Display(42)
	DisplayID("x", Text("a"))
	Update("x", Text("b"))
	want := []string{"false <HTML> <nil>", "false 42 <nil>", "false a x", "true b x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("published %q, want %q", got, want)
	}
	SetPublisher(nil)
	Display("discarded") // must not panic
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
	SetPublisher(func(d Data, update bool) {
		fmt.Println(update, d.Data["text/plain"], d.Transient["display_id"])
	})
	defer SetPublisher(nil)
	DisplayID("progress", Text("10%"))
	Update("progress", Text("100%"))
	// Output:
	// false 10% progress
	// true 100% progress
}
