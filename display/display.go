package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"

	"github.com/pyn-go/pyn/internal/cell"
)

// Short names of the MIME types used in bundles; mime.go has the full
// gophernotes set (MIMETypeHTML, …).
const (
	MIMEText     = MIMETypeText
	MIMEHTML     = MIMETypeHTML
	MIMEMarkdown = MIMETypeMarkdown
	MIMESVG      = MIMETypeSVG
	MIMEPNG      = MIMETypePNG
	MIMEJPEG     = MIMETypeJPEG
	MIMEJSON     = MIMETypeJSON
)

// MIMEMap maps MIME types to representations: strings for text formats,
// base64 strings for binary ones (a []byte is base64-encoded when the
// bundle is sent), any JSON value for application/json. It is an alias, so
// a library can build one without importing this package.
type MIMEMap = map[string]any

// BundledMIMEData is the older gophernotes name of MIMEMap.
type BundledMIMEData = MIMEMap

// Data is a Jupyter MIME bundle: keys like "text/plain", "text/html",
// "text/markdown", "image/svg+xml", "image/png" (base64 string),
// "image/jpeg" (base64 string), "application/json" (any JSON value).
type Data struct {
	Data      MIMEMap `json:"data"`
	Metadata  MIMEMap `json:"metadata"`
	Transient MIMEMap `json:"transient,omitempty"` // e.g. {"display_id": "…"}
}

// Render returns d itself, so that a bundle built with HTML, PNG, … is
// shown when it is a cell's trailing expression.
func (d Data) Render() Data { return d }

// String returns the bundle's text/plain fallback, so that printing a
// bundle with fmt shows something readable.
func (d Data) String() string {
	if s, ok := d.Data[MIMEText].(string); ok {
		return s
	}
	return "display.Data"
}

// Structural interfaces: a value needs only the method, never an import of
// this package, to be rendered. They are aliases so that any type with the
// method satisfies them, also across the interpreter boundary. They are
// gophernotes' set, with the same names and method signatures.
type (
	// Renderer builds its complete bundle.
	Renderer = interface{ Render() Data }
	// SimpleRenderer builds the MIME map of its bundle, without metadata.
	SimpleRenderer = interface{ SimpleRender() MIMEMap }
	// HTMLer renders as text/html.
	HTMLer = interface{ HTML() string }
	// JavaScripter renders as application/javascript.
	JavaScripter = interface{ JavaScript() string }
	// Markdowner renders as text/markdown.
	Markdowner = interface{ Markdown() string }
	// Latexer renders as text/latex.
	Latexer = interface{ Latex() string }
	// SVGer renders as image/svg+xml.
	SVGer = interface{ SVG() string }
	// PNGer renders as image/png from the encoded bytes.
	PNGer = interface{ PNG() []byte }
	// JPEGer renders as image/jpeg from the encoded bytes.
	JPEGer = interface{ JPEG() []byte }
	// PDFer renders as application/pdf from the encoded bytes.
	PDFer = interface{ PDF() []byte }
	// JSONer renders as application/json.
	JSONer = interface{ JSON() map[string]any }
)

// bundle returns a Data holding one representation plus a text fallback.
func bundle(mime string, v any, text string) Data {
	d := Data{Data: map[string]any{mime: v}, Metadata: map[string]any{}}
	if mime != MIMEText {
		d.Data[MIMEText] = text
	}
	return d
}

// Text returns a text/plain bundle.
func Text(s string) Data { return bundle(MIMEText, s, s) }

// HTML returns a text/html bundle.
func HTML(s string) Data { return bundle(MIMEHTML, s, "<HTML>") }

// Markdown returns a text/markdown bundle; the text fallback is the source.
func Markdown(s string) Data { return bundle(MIMEMarkdown, s, s) }

// SVG returns an image/svg+xml bundle.
func SVG(s string) Data { return bundle(MIMESVG, s, "<SVG image>") }

// PNG returns an image/png bundle from encoded PNG bytes, carrying the
// image's width and height as metadata when the header is readable.
func PNG(b []byte) Data {
	d := bundle(MIMEPNG, base64.StdEncoding.EncodeToString(b), "<PNG image>")
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err == nil {
		d.Metadata[MIMEPNG] = map[string]any{"width": cfg.Width, "height": cfg.Height}
	}
	return d
}

// JPEG returns an image/jpeg bundle from encoded JPEG bytes.
func JPEG(b []byte) Data {
	return bundle(MIMEJPEG, base64.StdEncoding.EncodeToString(b), "<JPEG image>")
}

// JSON returns an application/json bundle; json must be encodable by
// encoding/json. The text fallback is json formatted with %v.
func JSON(json map[string]any) Data { return bundle(MIMEJSON, json, fmt.Sprintf("%v", json)) }

// Image returns an image/png bundle of img, encoded losslessly. A nil
// image or an encoding failure gives a text/plain bundle that says why.
func Image(img image.Image) Data {
	if img == nil {
		return Text("display: nil image")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Text("display: encoding image: " + err.Error())
	}
	return PNG(buf.Bytes())
}

// Render returns the rich rendering of v and true, following the priority
// order in the package documentation, or false when v has no rich form
// (the caller then shows it as text). A method that panics makes Render
// report false rather than crash the caller.
func Render(v any) (d Data, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			d, ok = Data{}, false
		}
	}()
	switch x := v.(type) {
	case nil:
		return Data{}, false
	case Renderer:
		d = x.Render()
	case SimpleRenderer:
		d = MIME(x.SimpleRender(), nil)
	case HTMLer:
		d = HTML(x.HTML())
	case JavaScripter:
		d = JavaScript(x.JavaScript())
	case Markdowner:
		d = Markdown(x.Markdown())
	case Latexer:
		d = Latex(x.Latex())
	case PNGer:
		d = PNG(x.PNG())
	case JPEGer:
		d = JPEG(x.JPEG())
	case SVGer:
		d = SVG(x.SVG())
	case PDFer:
		d = PDF(x.PDF())
	case JSONer:
		d = JSON(x.JSON())
	case image.Image:
		d = Image(x)
	default:
		o, ok := cell.Render(v) // gonum/plot's *plot.Plot, through the session
		if !ok {
			return Data{}, false
		}
		d = Data{Data: o.Data, Metadata: o.Metadata}
	}
	if d.Data == nil {
		d.Data = map[string]any{}
	}
	if d.Metadata == nil {
		d.Metadata = map[string]any{}
	}
	d.Data = wireMap(d.Data)
	if st, ok := v.(fmt.Stringer); ok {
		_, own := v.(Renderer)
		_, simple := v.(SimpleRenderer)
		if !own && !simple {
			// A better text fallback than the placeholder, for front ends
			// that show only text.
			d.Data[MIMEText] = st.String()
		}
	}
	if _, has := d.Data[MIMEText]; !has {
		d.Data[MIMEText] = fmt.Sprintf("<%T>", v)
	}
	return d, true
}

// RenderOrText returns Render(v) when v has a rich form, otherwise a
// text/plain bundle of v formatted with %v.
func RenderOrText(v any) Data {
	if d, ok := Render(v); ok {
		return d
	}
	return Text(fmt.Sprintf("%v", v))
}

// publish sends d to the running cell's display sink, which the
// interpreter session installs around each cell (and the gonbdisplay
// package under gonb). With no sink (compiled code outside any front end)
// the output goes where noFrontEnd says.
func publish(d Data, update bool) {
	if f := cell.Get().Publish; f != nil {
		f(cell.Output{Data: d.Data, Metadata: d.Metadata, Transient: d.Transient, Update: update})
		return
	}
	if _, clear := IsClear(d); !clear {
		noFrontEnd(d)
	}
}

// Publish publishes the bundle d as it is, as a display_data output of the
// running cell. It is what the predeclared Display of notebook cells
// calls. The error is that of saving the output to a file when no front
// end is there to show it.
func Publish(d Data) error {
	if d.Data == nil {
		d.Data = MIMEMap{}
	}
	if d.Metadata == nil {
		d.Metadata = MIMEMap{}
	}
	d.Data = wireMap(d.Data)
	if f := cell.Get().Publish; f != nil {
		f(cell.Output{Data: d.Data, Metadata: d.Metadata, Transient: d.Transient})
		return nil
	}
	if _, clear := IsClear(d); clear {
		return nil
	}
	return noFrontEnd(d)
}

// Display publishes v's rendering (or v formatted with %v as text/plain)
// as a display_data output of the running cell.
func Display(v any) { publish(RenderOrText(v), false) }

// DisplayID publishes v like Display, tagged with a display id so that a
// later Update(id, …) replaces it in place.
func DisplayID(id string, v any) { publish(withID(RenderOrText(v), id), false) }

// Update replaces the output published earlier with DisplayID(id, …) by
// v's rendering (Jupyter's update_display_data).
func Update(id string, v any) { publish(withID(RenderOrText(v), id), true) }

// withID returns a copy of d whose transient display_id is id.
func withID(d Data, id string) Data {
	t := make(map[string]any, len(d.Transient)+1)
	for k, v := range d.Transient {
		t[k] = v
	}
	t["display_id"] = id
	d.Transient = t
	return d
}

// clearKey is the transient key of a bundle that asks to clear the cell's
// output instead of showing something. Its value holds the protocol's
// clear_output content, {"wait": bool}.
const clearKey = "clear_output"

// ClearOutput clears the output of the running cell, as IPython's
// clear_output does. With wait, the output is cleared only when the next
// output arrives, which avoids flicker when a cell redraws a figure in a
// loop:
//
//	for i := 0; i < 10; i++ {
//		display.ClearOutput(true)
//		display.Display(fig)
//	}
//
// Front ends without a notion of clearing (a script run) ignore it.
func ClearOutput(wait bool) { publish(clearBundle(wait), false) }

// clearBundle returns the bundle that ClearOutput publishes: no data, and
// the clear request in the transient part, which is never shown.
func clearBundle(wait bool) Data {
	return Data{Data: map[string]any{}, Metadata: map[string]any{},
		Transient: map[string]any{clearKey: map[string]any{"wait": wait}}}
}

// IsClear reports whether d is a request to clear the cell's output made
// by ClearOutput, and its wait flag. Hosts that publish outputs (the
// Jupyter kernel, the notebook runner) call it on every published bundle:
// such a bundle is not an output to show.
func IsClear(d Data) (wait, ok bool) {
	v, ok := d.Transient[clearKey]
	if !ok {
		return false, false
	}
	switch c := v.(type) {
	case map[string]any:
		wait, _ = c["wait"].(bool)
	case bool:
		// {"clear_output": true} written by hand: clear at once.
	case string:
		wait = c == "wait"
	}
	return wait, true
}
