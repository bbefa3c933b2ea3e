package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// The MIME types of gophernotes' display package, by the same names.
const (
	MIMETypeHTML       = "text/html"
	MIMETypeJavaScript = "application/javascript"
	MIMETypeJPEG       = "image/jpeg"
	MIMETypeJSON       = "application/json"
	MIMETypeLatex      = "text/latex"
	MIMETypeMarkdown   = "text/markdown"
	MIMETypePNG        = "image/png"
	MIMETypePDF        = "application/pdf"
	MIMETypeSVG        = "image/svg+xml"
	MIMETypeText       = "text/plain"
)

// wire returns v as it travels in a bundle: a []byte becomes its base64
// string, which is how Jupyter carries binary representations.
func wire(v any) any {
	if b, ok := v.([]byte); ok {
		return base64.StdEncoding.EncodeToString(b)
	}
	return v
}

// wireMap returns m with every []byte value base64-encoded, or m itself
// when it holds none.
func wireMap(m MIMEMap) MIMEMap {
	var out MIMEMap
	for k, v := range m {
		if _, ok := v.([]byte); ok {
			if out == nil {
				out = make(MIMEMap, len(m))
				for k2, v2 := range m {
					out[k2] = v2
				}
			}
			out[k] = wire(v)
		}
	}
	if out == nil {
		return m
	}
	return out
}

// textOf is the text/plain fallback of a representation: the text itself
// for strings, a short description for binary data.
func textOf(mimeType string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return fmt.Sprintf("<%s, %d bytes>", mimeType, len(x))
	}
	return fmt.Sprint(v)
}

// MakeData returns a bundle holding data under mimeType, plus a text/plain
// fallback (data itself when it is text, a short description when binary).
func MakeData(mimeType string, data any) Data {
	d := Data{Data: MIMEMap{mimeType: wire(data)}, Metadata: MIMEMap{}}
	if mimeType != MIMETypeText {
		d.Data[MIMETypeText] = textOf(mimeType, data)
	}
	return d
}

// MakeData3 returns a bundle holding data under mimeType and plaintext as
// its text/plain fallback.
func MakeData3(mimeType string, plaintext string, data any) Data {
	return Data{Data: MIMEMap{MIMETypeText: plaintext, mimeType: wire(data)}, Metadata: MIMEMap{}}
}

// MIME returns the bundle of the given data and metadata maps. data holds
// at least one representation, keyed by its MIME type.
func MIME(data, metadata MIMEMap) Data {
	d := Data{Data: wireMap(data), Metadata: metadata}
	if d.Data == nil {
		d.Data = MIMEMap{}
	}
	if d.Metadata == nil {
		d.Metadata = MIMEMap{}
	}
	return d
}

// Bytes returns a bundle of binary data under mimeType; an empty mimeType
// is detected from the content (see Sniff).
func Bytes(mimeType string, b []byte) Data {
	if mimeType == "" {
		mimeType = Sniff(b)
	}
	switch mimeType {
	case MIMETypePNG:
		return PNG(b)
	case MIMETypeText, MIMETypeHTML, MIMETypeSVG, MIMETypeMarkdown, MIMETypeLatex, MIMETypeJavaScript:
		return String(mimeType, string(b))
	}
	return MakeData3(mimeType, mimeType, b)
}

// String returns a bundle of text s under mimeType; an empty mimeType is
// detected from the content (see Sniff).
func String(mimeType string, s string) Data {
	if mimeType == "" {
		mimeType = Sniff([]byte(s))
	}
	if mimeType == MIMETypeText {
		return Text(s)
	}
	return MakeData3(mimeType, s, s)
}

// Reader returns a bundle of everything read from r, as Bytes does. A read
// error panics, as in gophernotes; in a cell that is the cell's error.
func Reader(mimeType string, r io.Reader) Data {
	b, err := io.ReadAll(r)
	if err != nil {
		panic(fmt.Errorf("display: Reader: %w", err))
	}
	return Bytes(mimeType, b)
}

// WriterTo returns a bundle of everything w writes, as Bytes does. A write
// error panics, as in gophernotes; in a cell that is the cell's error.
func WriterTo(mimeType string, w io.WriterTo) Data {
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		panic(fmt.Errorf("display: WriterTo: %w", err))
	}
	return Bytes(mimeType, buf.Bytes())
}

// File returns a bundle of the file at path, as Bytes does. A read error
// panics with the error naming the file, as in gophernotes; in a cell that
// is the cell's error.
func File(mimeType string, path string) Data {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(fmt.Errorf("display: File: %w", err))
	}
	return Bytes(mimeType, b)
}

// Any returns a bundle of data under mimeType. A value with a rich form
// (a Data, or one of the …er interfaces) is rendered by it; a string,
// []byte, io.Reader or io.WriterTo is taken as the content; anything else
// is stored as is (a JSON value, say). An empty mimeType is detected.
func Any(mimeType string, data any) Data {
	if d, ok := Render(data); ok {
		return d
	}
	switch x := data.(type) {
	case string:
		return String(mimeType, x)
	case []byte:
		return Bytes(mimeType, x)
	case io.Reader:
		return Reader(mimeType, x)
	case io.WriterTo:
		return WriterTo(mimeType, x)
	}
	if mimeType == "" {
		return Text(fmt.Sprint(data))
	}
	return MakeData(mimeType, data)
}

// Auto is Any with the MIME type detected from the content.
func Auto(data any) Data { return Any("", data) }

// JavaScript returns an application/javascript bundle, which the front end
// runs (Jupyter Notebook runs it; JupyterLab does not, for safety).
func JavaScript(javascript string) Data { return MakeData3(MIMETypeJavaScript, javascript, javascript) }

// Latex returns a text/latex bundle of inline math: the source between
// single dollars, with the bare source as the text fallback.
func Latex(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, "$"+strings.Trim(latex, "$")+"$")
}

// Math returns a text/latex bundle of display math: the source between
// double dollars, with the bare source as the text fallback.
func Math(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, "$$"+strings.Trim(latex, "$")+"$$")
}

// PDF returns an application/pdf bundle of an encoded PDF document.
func PDF(pdf []byte) Data { return MakeData3(MIMETypePDF, "<PDF document>", pdf) }

// Sniff returns the MIME type of content: PNG, JPEG, GIF and PDF by their
// magic bytes, SVG and HTML by their opening tags, text/plain for other
// valid UTF-8 and application/octet-stream for the rest.
func Sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return MIMETypePNG
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return MIMETypeJPEG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return MIMETypePDF
	}
	head := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	switch {
	case strings.HasPrefix(head, "<svg"), strings.HasPrefix(head, "<?xml") && strings.Contains(head, "<svg"):
		return MIMETypeSVG
	case strings.HasPrefix(head, "<!doctype html"), strings.HasPrefix(head, "<html"),
		strings.HasPrefix(head, "<") && len(head) > 1 && (head[1] >= 'a' && head[1] <= 'z'):
		return MIMETypeHTML
	case utf8.Valid(b):
		return MIMETypeText
	}
	return "application/octet-stream"
}
