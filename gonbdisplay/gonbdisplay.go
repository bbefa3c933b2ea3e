package gonbdisplay

import (
	"encoding/base64"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
)

func init() {
	if gonbui.IsNotebook {
		cell.Set(cell.Env{Publish: publish})
	}
}

// IsNotebook reports whether the program runs under gonb.
func IsNotebook() bool { return gonbui.IsNotebook }

// Display shows v's rendering (see package display): a figure, a bundle
// built with display.HTML, …, or any value as text.
func Display(v any) { display.Display(v) }

// Show shows v, the first result of a function that returns a value and
// an error, so that a figure takes one line:
//
//	gonbdisplay.Show(pyn.ShowData(res))
//
// When err is not nil it is shown instead, and returned.
func Show(v any, err error) error {
	if err != nil {
		display.Display(display.Text("error: " + err.Error()))
		return err
	}
	display.Display(v)
	return nil
}

// binary lists the MIME types whose bundle values are base64 strings; gonb
// takes them as raw bytes.
var binary = map[string]bool{display.MIMETypePNG: true, display.MIMETypeJPEG: true, display.MIMETypePDF: true}

// publish sends one output to gonb. Metadata is left out: gonb carries it
// with encoding/gob, which refuses the nested maps of image metadata.
// Clearing is not offered by gonb's protocol and is ignored.
func publish(o cell.Output) {
	if _, clear := display.IsClear(display.Data{Transient: o.Transient}); clear {
		return
	}
	data := make(map[protocol.MIMEType]any, len(o.Data))
	for k, v := range o.Data {
		if s, ok := v.(string); ok && binary[k] {
			b, err := base64.StdEncoding.DecodeString(s)
			if err == nil {
				v = b
			}
		}
		switch v.(type) {
		case string, []byte:
		default:
			continue // gob carries only registered types; the text fallback stays
		}
		data[protocol.MIMEType(k)] = v
	}
	dd := &protocol.DisplayData{Data: data}
	if id, ok := o.Transient["display_id"].(string); ok {
		dd.DisplayID = id
	}
	gonbui.SendData(dd)
}
