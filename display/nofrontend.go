package display

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// Outside any front end (a compiled program run from a shell) a displayed
// output is not dropped: a text-only bundle is printed to standard output,
// and a rich one is saved to a file in the temporary directory, whose name
// is printed to standard error, so that the user knows where it went.

// richOrder is the order in which the representation saved to a file is
// chosen: the most faithful first.
var richOrder = []struct{ mime, ext string }{
	{MIMETypePNG, ".png"}, {MIMETypeJPEG, ".jpg"}, {MIMETypeSVG, ".svg"}, {MIMETypePDF, ".pdf"},
	{MIMETypeHTML, ".html"}, {MIMETypeMarkdown, ".md"}, {MIMETypeLatex, ".tex"},
	{MIMETypeJavaScript, ".js"}, {MIMETypeJSON, ".json"},
}

var noFrontEndMu sync.Mutex

// noFrontEnd prints or saves d, as described above.
func noFrontEnd(d Data) error {
	noFrontEndMu.Lock()
	defer noFrontEndMu.Unlock()
	for _, r := range richOrder {
		v, ok := d.Data[r.mime]
		if !ok {
			continue
		}
		b, err := payload(r.mime, v)
		if err != nil {
			return fmt.Errorf("display: no notebook front end, and the %s output cannot be saved: %w", r.mime, err)
		}
		f, err := os.CreateTemp("", "pyn-display-*"+r.ext)
		if err != nil {
			return fmt.Errorf("display: no notebook front end, and the %s output cannot be saved: %w", r.mime, err)
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("display: no notebook front end, and the %s output cannot be saved: %w", r.mime, err)
		}
		fmt.Fprintf(os.Stderr, "display: no notebook front end: %s output saved to %s\n", r.mime, f.Name())
		return nil
	}
	if t, ok := d.Data[MIMETypeText]; ok {
		fmt.Fprintln(os.Stdout, t)
	}
	return nil
}

// payload returns the bytes of a representation: base64 strings of binary
// types decoded, JSON values encoded, text as it is.
func payload(mime string, v any) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		switch mime {
		case MIMETypePNG, MIMETypeJPEG, MIMETypePDF:
			return base64.StdEncoding.DecodeString(x)
		}
		return []byte(x), nil
	}
	return json.MarshalIndent(v, "", "  ")
}
