// Package display builds Jupyter MIME bundles and publishes them as rich
// outputs of the running cell.
//
// It is imported by compiled code (the interpreter session, pyn's plots do
// not need it: they only implement the structural interfaces below) and by
// interpreted code, through the interpreter's symbol tables. It therefore
// has no dependency on pyn or on any Jupyter type, and its API avoids
// generics and variadic interface parameters, which the interpreter cannot
// call reliably.
//
// A value is rendered automatically when it is a cell's trailing
// expression, in this priority order (first match wins):
//
//  1. Renderer   (Render() Data): the value builds its own bundle, e.g. Data itself
//  2. HTMLer     (HTML() string)         → text/html
//  3. Markdowner (Markdown() string)     → text/markdown
//  4. PNGer      (PNG() []byte)          → image/png
//  5. JPEGer     (JPEG() []byte)         → image/jpeg
//  6. SVGer      (SVG() string)          → image/svg+xml
//  7. JSONer     (JSON() map[string]any) → application/json
//  8. image.Image                        → image/png (encoded here)
//
// HTML comes before images so that a value offering both (a summary table
// with an embedded figure) shows its richest form. Raster images come
// before SVG: a figure offering both (pyn's Figure) is shown as PNG,
// because an SVG raster plot of many spikes grows to megabytes and slows
// the browser, and PNG is what notebook viewers and converters handle
// everywhere. A value that should show as SVG implements only SVG, or
// Render. Every bundle also carries a text/plain fallback, which front
// ends without rich display show instead: the value's String method when
// it has one, else a short placeholder.
//
// The names follow gophernotes' display package where they exist (HTML,
// Markdown, SVG, PNG, JPEG, JSON, Image, Data, the …er interfaces), so its
// users feel at home.
package display
