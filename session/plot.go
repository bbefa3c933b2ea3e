package session

// gonum/plot's *plot.Plot has no display method of its own; the session
// renders it as PNG, so that a plot is shown when it is a cell's value or
// is passed to display.Display or Display(display.Auto(p)).

import (
	"bytes"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
)

// Plot size when shown: 6 × 4 inches, at 96 dots per inch, gonum/plot's
// default resolution for PNG.
const (
	plotWidth  = 6 * vg.Inch
	plotHeight = 4 * vg.Inch
)

func init() { cell.SetRender(renderPlot) }

// renderPlot renders a *plot.Plot as a PNG bundle.
func renderPlot(v any) (cell.Output, bool) {
	p, ok := v.(*plot.Plot)
	if !ok || p == nil {
		return cell.Output{}, false
	}
	w, err := p.WriterTo(plotWidth, plotHeight, "png")
	if err != nil {
		return cell.Output{}, false
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return cell.Output{}, false
	}
	d := display.PNG(buf.Bytes())
	d.Data[display.MIMEText] = "<gonum plot>"
	return cell.Output{Data: d.Data, Metadata: d.Metadata}, true
}
