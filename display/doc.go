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
// expression or is displayed, in this priority order (first match wins):
//
//  1. Renderer       (Render() Data): the value builds its own bundle, e.g. Data itself
//  2. SimpleRenderer (SimpleRender() MIMEMap): its own MIME map, no metadata
//  3. HTMLer         (HTML() string)         → text/html
//  4. JavaScripter   (JavaScript() string)   → application/javascript
//  5. Markdowner     (Markdown() string)     → text/markdown
//  6. Latexer        (Latex() string)        → text/latex
//  7. PNGer          (PNG() []byte)          → image/png
//  8. JPEGer         (JPEG() []byte)         → image/jpeg
//  9. SVGer          (SVG() string)          → image/svg+xml
//  10. PDFer         (PDF() []byte)          → application/pdf
//  11. JSONer        (JSON() map[string]any) → application/json
//  12. image.Image                           → image/png (encoded here)
//
// This is Jupyter's own display order (script and HTML, then Markdown and
// LaTeX, then images, then data) with one exception: raster images come
// before SVG. A figure offering both (pyn's Figure) is shown as PNG,
// because an SVG raster plot of many spikes grows to megabytes and slows
// the browser, and PNG is what notebook viewers and converters handle
// everywhere. A value that should show as SVG implements only SVG, or
// Render. Every bundle also carries a text/plain fallback, which front
// ends without rich display show instead: the value's String method when
// it has one, else a short placeholder.
//
// # gophernotes
//
// The package offers gophernotes' display API (v0.7.5) under the same
// names, types and signatures: the Data bundle and its MIMEMap, the
// MIMEType… constants, the constructors Any, Auto, Bytes, File, HTML,
// Image, JPEG, JSON, JavaScript, Latex, Markdown, Math, MIME, PDF, PNG,
// Reader, String, SVG, WriterTo, MakeData and MakeData3, and the …er
// interfaces above. Notebook cells also have gophernotes' predeclared
// Display(Data) error, which calls Publish. One difference: binary
// representations are stored as base64 strings, as Jupyter sends them,
// rather than as []byte (a []byte given to MakeData or MIME is converted).
//
// # Without a front end
//
// Compiled code run outside any notebook (go run, a test) has nobody to
// show its outputs to. A text-only output is then printed to standard
// output; a rich one is saved to a file in the temporary directory, and
// its name is printed to standard error. Under gonb, importing package
// gonbdisplay sends outputs to gonb instead.
package display
