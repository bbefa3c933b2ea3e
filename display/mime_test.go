package display

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

type (
	simpleV struct{}
	jsV     struct{}
	latexV  struct{}
	pdfV    struct{}
)

func (simpleV) SimpleRender() MIMEMap {
	return MIMEMap{"text/html": "<i>s</i>", "image/png": tinyPNG()}
}
func (jsV) JavaScript() string { return "console.log(1)" }
func (latexV) Latex() string   { return `\alpha` }
func (pdfV) PDF() []byte       { return []byte("%PDF-1.4\n") }

// TestConstructors checks every gophernotes constructor: the MIME types of
// its bundle and its text/plain fallback (the behaviour documented for
// gophernotes v0.7.5's display package, except binary data as base64).
func TestConstructors(t *testing.T) {
	dir := t.TempDir()
	pngFile := filepath.Join(dir, "x.png")
	if err := os.WriteFile(pngFile, tinyPNG(), 0o644); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString
	for _, test := range []struct {
		name  string
		d     Data
		mimes string // sorted, comma-separated
		text  string // the text/plain fallback; "" = not checked
		rich  any    // the rich representation; nil = not checked
	}{
		{"HTML", HTML("<b>x</b>"), "text/html,text/plain", "<HTML>", "<b>x</b>"},
		{"Markdown", Markdown("*m*"), "text/markdown,text/plain", "*m*", "*m*"},
		{"SVG", SVG("<svg/>"), "image/svg+xml,text/plain", "", "<svg/>"},
		{"PNG", PNG(tinyPNG()), "image/png,text/plain", "", b64(tinyPNG())},
		{"JPEG", JPEG([]byte{0xff, 0xd8, 0xff}), "image/jpeg,text/plain", "", b64([]byte{0xff, 0xd8, 0xff})},
		{"JSON", JSON(map[string]any{"a": 1}), "application/json,text/plain", "", map[string]any{"a": 1}},
		{"JavaScript", JavaScript("alert(1)"), "application/javascript,text/plain", "alert(1)", "alert(1)"},
		{"Latex", Latex(`$x^2$`), "text/latex,text/plain", "$x^2$", "$x^2$"},
		{"Math", Math(`x^2`), "text/latex,text/plain", "x^2", "$$x^2$$"},
		{"PDF", PDF([]byte("%PDF-1.4")), "application/pdf,text/plain", "<PDF document>", b64([]byte("%PDF-1.4"))},
		{"MakeData", MakeData("text/csv", "a,b"), "text/csv,text/plain", "a,b", "a,b"},
		{"MakeData bytes", MakeData("image/gif", []byte("GIF89a")), "image/gif,text/plain", "<image/gif, 6 bytes>", b64([]byte("GIF89a"))},
		{"MakeData text", MakeData(MIMETypeText, "t"), "text/plain", "t", nil},
		{"MakeData3", MakeData3("text/csv", "a table", "a,b"), "text/csv,text/plain", "a table", "a,b"},
		{"MIME", MIME(MIMEMap{"text/html": "<p/>", "text/plain": "p"}, nil), "text/html,text/plain", "p", "<p/>"},
		{"Bytes sniffed PNG", Bytes("", tinyPNG()), "image/png,text/plain", "", b64(tinyPNG())},
		{"Bytes PDF", Bytes("", []byte("%PDF-1.7 x")), "application/pdf,text/plain", "", nil},
		{"Bytes given", Bytes("application/x-foo", []byte{1, 2}), "application/x-foo,text/plain", "application/x-foo", b64([]byte{1, 2})},
		{"String sniffed HTML", String("", "<p>hi</p>"), "text/html,text/plain", "<p>hi</p>", "<p>hi</p>"},
		{"String sniffed SVG", String("", `<?xml version="1.0"?><svg></svg>`), "image/svg+xml,text/plain", "", nil},
		{"String plain", String("", "hello"), "text/plain", "hello", nil},
		{"Reader", Reader("", strings.NewReader("<b>r</b>")), "text/html,text/plain", "", "<b>r</b>"},
		{"WriterTo", WriterTo(MIMETypeSVG, bytes.NewBufferString("<svg/>")), "image/svg+xml,text/plain", "", "<svg/>"},
		{"File", File("", pngFile), "image/png,text/plain", "", b64(tinyPNG())},
		{"Any string", Any(MIMETypeMarkdown, "# t"), "text/markdown,text/plain", "# t", "# t"},
		{"Any renderer", Any("", htmlV{}), "text/html,text/plain", "", "<b>h</b>"},
		{"Any JSON value", Any(MIMETypeJSON, []int{1, 2}), "application/json,text/plain", "[1 2]", nil},
		{"Auto bytes", Auto(tinyPNG()), "image/png,text/plain", "", nil},
		{"Auto text", Auto("plain words"), "text/plain", "plain words", nil},
		{"Auto value", Auto(42), "text/plain", "42", nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			k := keys(test.d)
			sort.Strings(k)
			if got := strings.Join(k, ","); got != test.mimes {
				t.Errorf("MIME types %s, want %s", got, test.mimes)
			}
			if test.text != "" && test.d.Data[MIMETypeText] != test.text {
				t.Errorf("text/plain %q, want %q", test.d.Data[MIMETypeText], test.text)
			}
			if test.rich != nil {
				var rich any
				for m, v := range test.d.Data {
					if m != MIMETypeText {
						rich = v
					}
				}
				if !reflect.DeepEqual(rich, test.rich) {
					t.Errorf("representation %v, want %v", rich, test.rich)
				}
			}
			if test.d.Metadata == nil {
				t.Errorf("nil metadata (Jupyter requires an object)")
			}
		})
	}
}

// TestFilePanics checks that a missing file is reported by name (a
// panic, as in gophernotes, which a cell reports as its error).
func TestFilePanics(t *testing.T) {
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !strings.Contains(err.Error(), "no-such-file.png") {
			t.Errorf("recovered %v, want an error naming the file", r)
		}
	}()
	File("", "no-such-file.png")
}

// TestRenderInterfaces checks the interfaces added for gophernotes.
func TestRenderInterfaces(t *testing.T) {
	for _, test := range []struct {
		name  string
		v     any
		mimes string
	}{
		{"SimpleRenderer", simpleV{}, "image/png,text/html,text/plain"},
		{"JavaScripter", jsV{}, "application/javascript,text/plain"},
		{"Latexer", latexV{}, "text/latex,text/plain"},
		{"PDFer", pdfV{}, "application/pdf,text/plain"},
	} {
		d, ok := Render(test.v)
		if !ok {
			t.Errorf("%s: not rendered", test.name)
			continue
		}
		k := keys(d)
		sort.Strings(k)
		if got := strings.Join(k, ","); got != test.mimes {
			t.Errorf("%s: MIME types %s, want %s", test.name, got, test.mimes)
		}
		for m, v := range d.Data {
			if _, raw := v.([]byte); raw {
				t.Errorf("%s: %s left as []byte, want base64", test.name, m)
			}
		}
	}
}

// TestNoFrontEnd checks that with no sink a rich output is saved to a file
// that holds the decoded image, not dropped.
func TestNoFrontEnd(t *testing.T) {
	setSink(nil)
	t.Setenv("TMPDIR", t.TempDir())
	if err := Publish(PNG(tinyPNG())); err != nil {
		t.Fatal(err)
	}
	m, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "pyn-display-*.png"))
	if len(m) != 1 {
		t.Fatalf("saved files %v, want one PNG", m)
	}
	b, err := os.ReadFile(m[0])
	if err != nil || !bytes.Equal(b, tinyPNG()) {
		t.Errorf("saved file is not the PNG (%v)", err)
	}
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]string{
		"\x89PNG\r\n\x1a\nxx": MIMETypePNG, "\xff\xd8\xff\xe0": MIMETypeJPEG, "GIF89a..": "image/gif",
		"%PDF-1.5": MIMETypePDF, "  <svg xmlns='x'/>": MIMETypeSVG, "<!DOCTYPE html><html>": MIMETypeHTML,
		"<div>x</div>": MIMETypeHTML, "3 < 4": MIMETypeText, "\xff\xfe\x00": "application/octet-stream", "": MIMETypeText,
	} {
		if got := Sniff([]byte(in)); got != want {
			t.Errorf("Sniff(%q) = %s, want %s", in, got, want)
		}
	}
}
