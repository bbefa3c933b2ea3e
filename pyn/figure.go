package pyn

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DefaultDPI is the resolution of PNG output when Figure.DPI is zero.
const DefaultDPI = 96

// DefaultFigureWidth is the width of a figure whose Width is zero: about
// 900 pixels at DefaultDPI, a comfortable notebook cell.
const DefaultFigureWidth = 900.0 / DefaultDPI * vg.Inch

// Figure is a grid of gonum/plot panels with an optional title. It renders
// itself: PNG and SVG return the image (so a notebook shows it inline) and
// Save writes .png, .svg or .pdf files.
//
// Panels are aligned: every panel of a column has its data area at the
// same horizontal position and width, every panel of a row at the same
// vertical position and height, whatever the width of their tick labels.
// Rows and columns may have different relative sizes (SetRowHeights,
// SetColWidths), so a raster can carry a thin rate strip under it.
//
// Plot functions build a Figure; Plot gives access to each panel's
// *plot.Plot for changes before rendering (axis limits, labels, extra
// plotters).
type Figure struct {
	// Title is drawn centred above the grid; empty means no title.
	Title string
	// Width and Height are the size of the figure. Zero Width means
	// DefaultFigureWidth; zero Height means a height chosen for the grid.
	// SetPixels sets both from a size in pixels at the figure's DPI.
	Width, Height vg.Length
	// DPI is the resolution of PNG output; 0 means DefaultDPI. It does not
	// change the physical size, so a larger DPI gives a sharper,
	// larger PNG.
	DPI float64

	rows, cols int
	cells      []*plot.Plot // row-major; nil cells stay blank
	rowW, colW []float64
	rowHeight  vg.Length // default height of one row, used when Height is 0
	err        error     // last rendering error
	gridErr    error     // the grid could not be allocated (NewFigure)
}

// NewFigure returns an empty figure with a grid of rows × cols panels.
// Fill it with Set. Non-positive sizes give a 1 × 1 grid.
func NewFigure(rows, cols int) *Figure {
	if rows < 1 {
		rows = 1
	}
	if cols < 1 {
		cols = 1
	}
	// A grid too large for memory keeps its error: Set, Render, PNG and
	// SVG report it.
	cells := sizeOf(int64(rows), int64(cols))
	if err := checkAlloc(fmt.Sprintf("figure grid of %d × %d panels", rows, cols), cells, 8); err != nil {
		return &Figure{rows: rows, cols: cols, gridErr: err, err: err}
	}
	return &Figure{rows: rows, cols: cols, cells: make([]*plot.Plot, rows*cols)}
}

// Rows returns the number of rows of the grid.
func (f *Figure) Rows() int {
	if f == nil {
		return 0
	}
	return f.rows
}

// Cols returns the number of columns of the grid.
func (f *Figure) Cols() int {
	if f == nil {
		return 0
	}
	return f.cols
}

// Plot returns the panel at row, col (from 0, top left), or nil when the
// cell is empty or out of range.
func (f *Figure) Plot(row, col int) *plot.Plot {
	if f == nil || f.gridErr != nil || row < 0 || row >= f.rows || col < 0 || col >= f.cols {
		return nil
	}
	return f.cells[row*f.cols+col]
}

// Set puts p in the cell at row, col; nil empties the cell.
func (f *Figure) Set(row, col int, p *plot.Plot) error {
	if f == nil {
		return errNilFigure
	}
	if f.gridErr != nil {
		return f.gridErr
	}
	if row < 0 || row >= f.rows || col < 0 || col >= f.cols {
		return inputErrorf("pyn: figure cell (%d, %d) is outside its %d × %d grid", row, col, f.rows, f.cols)
	}
	f.cells[row*f.cols+col] = p
	return nil
}

// SetRowHeights sets the relative heights of the rows (len Rows, each > 0).
func (f *Figure) SetRowHeights(h []float64) error {
	if f == nil {
		return errNilFigure
	}
	if err := checkSizes("row heights", h, f.rows); err != nil {
		return err
	}
	f.rowW = append([]float64(nil), h...)
	return nil
}

// SetColWidths sets the relative widths of the columns (len Cols, each > 0).
func (f *Figure) SetColWidths(w []float64) error {
	if f == nil {
		return errNilFigure
	}
	if err := checkSizes("column widths", w, f.cols); err != nil {
		return err
	}
	f.colW = append([]float64(nil), w...)
	return nil
}

func checkSizes(what string, w []float64, n int) error {
	if len(w) != n {
		return inputErrorf("pyn: figure has %d %s, got %d values", n, strings.Fields(what)[0]+"s", len(w))
	}
	for i, x := range w {
		if !(x > 0) || math.IsInf(x, 0) {
			return inputErrorf("pyn: figure %s[%d] = %g, want a positive number", what, i, x)
		}
	}
	return nil
}

// SetPixels sets Width and Height so that the PNG is w × h pixels at the
// figure's DPI.
func (f *Figure) SetPixels(w, h int) {
	if f == nil {
		return
	}
	dpi := f.dpi()
	f.Width = vg.Length(float64(w)/dpi) * vg.Inch
	f.Height = vg.Length(float64(h)/dpi) * vg.Inch
}

// Pixels returns the size of the PNG, in pixels.
func (f *Figure) Pixels() (w, h int) {
	if f == nil {
		return 0, 0
	}
	fw, fh := f.size()
	dpi := f.dpi()
	return int(float64(fw/vg.Inch)*dpi + 0.5), int(float64(fh/vg.Inch)*dpi + 0.5)
}

// checkPixels refuses a PNG whose pixels (4 bytes each) do not fit in
// memory, or whose sides do not fit in an int.
func (f *Figure) checkPixels() error {
	fw, fh := f.size()
	dpi := f.dpi()
	w, h := float64(fw/vg.Inch)*dpi+0.5, float64(fh/vg.Inch)*dpi+0.5
	if !(w < 1<<31) || !(h < 1<<31) {
		return newError(ErrTooLarge, "pyn: figure %q is %.3g × %.3g pixels, more than an image can hold; make Width, Height or DPI smaller", f.Title, w, h)
	}
	return checkAlloc(fmt.Sprintf("figure %q of %d × %d pixels", f.Title, int64(w), int64(h)), sizeOf(int64(w), int64(h)), 4)
}

func (f *Figure) dpi() float64 {
	if f.DPI > 0 && !math.IsInf(f.DPI, 0) {
		return f.DPI
	}
	return DefaultDPI
}

// size returns the figure's width and height with defaults applied.
func (f *Figure) size() (w, h vg.Length) {
	w, h = f.Width, f.Height
	if !(w > 0) {
		w = DefaultFigureWidth
	}
	if !(h > 0) {
		rh := f.rowHeight
		if !(rh > 0) {
			rh = 200.0 / DefaultDPI * vg.Inch
		}
		h = rh * vg.Length(f.rows)
		if f.Title != "" {
			h += titleHeight
		}
	}
	return w, h
}

// errNilFigure is the error of a method called on a nil *Figure: the
// usual cause is a plot function's error that was not checked.
var errNilFigure = newError(ErrNil, "pyn: nil figure (a plot function returned an error)")

// Err returns the error of the last PNG or SVG call, or nil. PNG and SVG
// cannot return errors themselves (they implement the display
// conventions of notebook kernels); Save and Render do.
func (f *Figure) Err() error {
	if f == nil {
		return errNilFigure
	}
	return f.err
}

// PNG renders the figure as a PNG image; nil on failure (see Err).
func (f *Figure) PNG() []byte {
	if f == nil {
		return nil
	}
	var b bytes.Buffer
	f.err = f.Render(&b, "png")
	if f.err != nil {
		return nil
	}
	return b.Bytes()
}

// SVG renders the figure as an SVG document; "" on failure (see Err).
func (f *Figure) SVG() string {
	if f == nil {
		return ""
	}
	var b bytes.Buffer
	f.err = f.Render(&b, "svg")
	if f.err != nil {
		return ""
	}
	return b.String()
}

// Save writes the figure to path, in the format named by its extension:
// .png, .svg or .pdf. The file is written completely or not at all.
func (f *Figure) Save(path string) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	switch format {
	case "png", "svg", "pdf":
	default:
		return inputErrorf("pyn: saving figure to %s: unknown extension %q (want .png, .svg or .pdf)", path, filepath.Ext(path))
	}
	var b bytes.Buffer
	if err := f.Render(&b, format); err != nil {
		return inputErrorf("pyn: saving figure to %s: %w", path, err)
	}
	if err := writeFileAtomic(path, b.Bytes()); err != nil {
		return inputErrorf("pyn: saving figure: %w", err)
	}
	return nil
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it into place, so that a failure never leaves a truncated file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err == nil {
		// CreateTemp makes private files; a figure is an ordinary one.
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// Render writes the figure to w in format "png", "svg" or "pdf".
func (f *Figure) Render(w io.Writer, format string) (err error) {
	if f == nil {
		return errNilFigure
	}
	if w == nil {
		return inputErrorf("pyn: rendering figure %q: nil writer", f.Title)
	}
	if f.gridErr != nil {
		return f.gridErr
	}
	fw, fh := f.size()
	var c vg.CanvasWriterTo
	switch strings.ToLower(format) {
	case "png":
		if err := f.checkPixels(); err != nil {
			return err
		}
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(fw, fh), vgimg.UseDPI(int(f.dpi()+0.5)))}
	case "svg":
		c = vgsvg.New(fw, fh)
	case "pdf":
		c = vgpdf.New(fw, fh)
	default:
		return inputErrorf("pyn: unknown figure format %q (want png, svg or pdf)", format)
	}
	if err := f.Draw(draw.New(c)); err != nil {
		return err
	}
	_, err = c.WriteTo(w)
	return err
}

// titleHeight is the room reserved for a figure title.
const titleHeight = 24

// Figure layout constants, in points.
const (
	figPad  = 4 // outer margin
	cellPad = 6 // between panels
)

// Draw draws the figure on dc. gonum/plot panics on some degenerate data;
// such a panic comes back as an error.
func (f *Figure) Draw(dc draw.Canvas) (err error) {
	if f == nil {
		return errNilFigure
	}
	defer func() {
		if r := recover(); r != nil {
			err = inputErrorf("pyn: drawing figure %q: %v", f.Title, r)
		}
	}()
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	area := draw.Crop(dc, figPad, -figPad, figPad, -figPad)
	if f.Title != "" {
		sty := text.Style{
			Color:   color.Black,
			Font:    font.From(plot.DefaultFont, 14),
			XAlign:  draw.XCenter,
			YAlign:  draw.YTop,
			Handler: plot.DefaultTextHandler,
		}
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: area.Max.Y}, f.Title)
		area = draw.Crop(area, 0, 0, 0, -titleHeight)
	}
	return f.layout(area)
}

// layout places the panels in area so that data areas line up along rows
// and columns, then draws them.
func (f *Figure) layout(area draw.Canvas) error {
	W := float64(area.Max.X - area.Min.X)
	H := float64(area.Max.Y - area.Min.Y)
	// Margins each panel needs around its data area (axes, labels, title),
	// measured on a tile of the average size.
	tile := area
	tile.Max.X = tile.Min.X + vg.Length(W/float64(f.cols))
	tile.Max.Y = tile.Min.Y + vg.Length(H/float64(f.rows))
	type margins struct{ l, r, b, t float64 }
	m := make([]margins, len(f.cells))
	colL := make([]float64, f.cols)
	colR := make([]float64, f.cols)
	rowB := make([]float64, f.rows)
	rowT := make([]float64, f.rows)
	for i, p := range f.cells {
		if p == nil {
			continue
		}
		fixRange(&p.X)
		fixRange(&p.Y)
		d := p.DataCanvas(tile)
		mm := margins{
			l: float64(d.Min.X - tile.Min.X), r: float64(tile.Max.X - d.Max.X),
			b: float64(d.Min.Y - tile.Min.Y), t: float64(tile.Max.Y - d.Max.Y),
		}
		m[i] = mm
		r, c := i/f.cols, i%f.cols
		colL[c] = math.Max(colL[c], mm.l)
		colR[c] = math.Max(colR[c], mm.r)
		rowB[r] = math.Max(rowB[r], mm.b)
		rowT[r] = math.Max(rowT[r], mm.t)
	}
	availW := W - cellPad*float64(f.cols-1)
	for c := range colL {
		availW -= colL[c] + colR[c]
	}
	availH := H - cellPad*float64(f.rows-1)
	for r := range rowB {
		availH -= rowB[r] + rowT[r]
	}
	if availW <= 0 || availH <= 0 {
		return inputErrorf("pyn: figure %q is too small for its %d × %d panels; make Width or Height larger", f.Title, f.rows, f.cols)
	}
	dw := shares(availW, f.colW, f.cols)
	dh := shares(availH, f.rowW, f.rows)

	x0 := make([]float64, f.cols) // left edge of each column's data area
	x := float64(area.Min.X)
	for c := range x0 {
		x0[c] = x + colL[c]
		x = x0[c] + dw[c] + colR[c] + cellPad
	}
	y1 := make([]float64, f.rows) // top edge of each row's data area
	y := float64(area.Max.Y)
	for r := range y1 {
		y1[r] = y - rowT[r]
		y = y1[r] - dh[r] - rowB[r] - cellPad
	}
	for i, p := range f.cells {
		if p == nil {
			continue
		}
		r, c := i/f.cols, i%f.cols
		cell := area
		cell.Min.X = vg.Length(x0[c] - m[i].l)
		cell.Max.X = vg.Length(x0[c] + dw[c] + m[i].r)
		cell.Max.Y = vg.Length(y1[r] + m[i].t)
		cell.Min.Y = vg.Length(y1[r] - dh[r] - m[i].b)
		p.Draw(cell)
	}
	return nil
}

// shares splits total into n parts in proportion to w (equal when w is nil).
func shares(total float64, w []float64, n int) []float64 {
	out := make([]float64, n)
	sum := 0.0
	for i := range out {
		out[i] = 1
		if len(w) == n {
			out[i] = w[i]
		}
		sum += out[i]
	}
	for i := range out {
		out[i] *= total / sum
	}
	return out
}

// fixRange gives an axis without data (gonum/plot leaves it at
// ±MaxFloat64, where tick search never ends) the range [0, 1], and a
// single-valued one a unit range around its value.
func fixRange(a *plot.Axis) {
	lo, hi := a.Min, a.Max
	if math.IsNaN(lo) || math.IsNaN(hi) || math.Abs(lo) > 1e300 || math.Abs(hi) > 1e300 || lo > hi {
		a.Min, a.Max = 0, 1
		return
	}
	if lo == hi {
		a.Min, a.Max = lo-0.5, hi+0.5
	}
}
