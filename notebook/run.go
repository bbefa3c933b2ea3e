package notebook

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// Options control Run.
type Options struct {
	// OutDir receives the executed notebook, OutDir/<name>.ipynb, and its
	// figures, OutDir/<name>/figNN.png. Empty means the current directory.
	OutDir string
	// KeepGoing runs the remaining cells after a cell fails instead of
	// stopping the notebook there.
	KeepGoing bool
	// CellTimeout stops a cell that runs longer, as an error of that cell
	// (nbconvert's timeout); 0 means no limit.
	CellTimeout time.Duration
}

// Report says what Run did.
type Report struct {
	Path    string        // the notebook run
	Out     string        // the executed notebook written
	Cells   int           // code cells executed
	Figures []string      // figure files written, in order
	Errors  []*CellError  // cells that failed, in order
	Wall    time.Duration // time spent running cells
}

// CellError is the failure of one cell.
type CellError struct {
	Notebook  string // notebook path
	Cell      int    // 1-based position of the cell among all cells, as Jupyter shows them
	Line, Col int    // position in the cell, 1-based; 0 when unknown
	Err       error  // the session's error (often a *session.Error)
}

func (e *CellError) Error() string {
	where := fmt.Sprintf("%s: cell %d", e.Notebook, e.Cell)
	if e.Line > 0 {
		where += fmt.Sprintf(", line %d", e.Line)
		if e.Col > 0 {
			where += fmt.Sprintf(":%d", e.Col)
		}
	}
	return where + ": " + errText(e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// errText is the message of a cell's error: the session's name and value
// of the error, or the error's text.
func errText(err error) string {
	var se *session.Error
	if errors.As(err, &se) {
		if se.Name == "" {
			return se.Value
		}
		return se.Name + ": " + se.Value
	}
	return err.Error()
}

// Name returns the name of a notebook file without directory and
// extension: the name of its outputs.
func Name(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// Run executes the notebook in file path: its code cells run in order in
// one fresh interpreter session, and the executed notebook (the input with
// the new outputs; the input file is not modified) is written with its
// figures into opts.OutDir.
//
// When a cell fails, the notebook is written with the error as that cell's
// output and Run returns the report and a *CellError; with KeepGoing, the
// remaining cells run first and the error returned is the first one. A
// cancelled ctx stops the notebook whatever KeepGoing says.
func Run(ctx context.Context, path string, opts Options) (*Report, error) {
	nb, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := Name(path)
	dir := opts.OutDir
	if dir == "" {
		dir = "."
	}
	rep := &Report{Path: path, Out: filepath.Join(dir, name+".ipynb")}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rep, fmt.Errorf("notebook: %w", err)
	}
	figs := &figureWriter{Figures: Figures{Dir: filepath.Join(dir, name)}}
	if err := figs.Clean(); err != nil {
		return rep, err
	}
	runErr := execute(ctx, nb, path, opts, figs, rep)
	rep.Figures = figs.Paths
	if figs.err != nil && runErr == nil {
		runErr = figs.err
	}
	setMetadata(nb)
	if err := nb.WriteFile(rep.Out); err != nil {
		return rep, err
	}
	return rep, runErr
}

// setMetadata marks the notebook as one of the pyn kernel, so that Jupyter
// reopens it with that kernel and knows its language.
func setMetadata(nb *Notebook) {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["kernelspec"] = map[string]any{
		"name":         "pyn",
		"display_name": "Go (pyn)",
		"language":     "go",
	}
	// The same language_info as the kernel's kernel_info_reply, so that a
	// notebook run headless and one run in Jupyter carry the same metadata.
	nb.Metadata["language_info"] = map[string]any{
		"name":               "go",
		"version":            strings.TrimPrefix(runtime.Version(), "go"),
		"mimetype":           "text/x-go",
		"file_extension":     ".go",
		"pygments_lexer":     "go",
		"codemirror_mode":    "go",
		"nbconvert_exporter": "script",
	}
}

// execute runs the code cells of nb in one session, replacing their
// outputs. Cells after a failure (without keepGoing) are left with no
// outputs, so that the file shows only this run.
func execute(ctx context.Context, nb *Notebook, path string, opts Options, figs *figureWriter, rep *Report) error {
	rec := &recorder{figs: figs, byID: map[string]*Output{}}
	s, err := session.New(session.Options{
		Stdout:  streamWriter{rec, "stdout"},
		Stderr:  streamWriter{rec, "stderr"},
		Display: rec.display,
	})
	if err != nil {
		return fmt.Errorf("notebook: %s: %w", path, err)
	}
	start := time.Now()
	defer func() { rep.Wall = time.Since(start) }()
	var first error
	stopped := false
	count := 0
	for i, c := range nb.Cells {
		if c.Type != Code {
			continue
		}
		c.Outputs = nil
		c.ExecutionCount = 0
		if stopped || strings.TrimSpace(c.Source) == "" {
			// Jupyter does not execute empty cells either.
			continue
		}
		count++
		c.ExecutionCount = count
		rep.Cells++
		rec.start(c)
		out, err := execCell(ctx, s, c.Source, opts.CellTimeout)
		rec.finish(out, count)
		if err == nil {
			continue
		}
		ce := &CellError{Notebook: path, Cell: i + 1, Err: err}
		var se *session.Error
		if errors.As(err, &se) {
			ce.Line, ce.Col = se.Line, se.Col
		}
		rec.fail(err)
		rep.Errors = append(rep.Errors, ce)
		if first == nil {
			first = ce
		}
		if ctx.Err() != nil || !opts.KeepGoing {
			stopped = true
		}
	}
	return first
}

// ErrCellTimeout is the error of a cell stopped by Options.CellTimeout.
var ErrCellTimeout = errors.New("notebook: cell timed out")

// execCell runs one cell, stopping it after timeout when that is positive.
func execCell(ctx context.Context, s *session.Session, code string, timeout time.Duration) (*session.Outcome, error) {
	if timeout <= 0 {
		return s.Exec(ctx, code)
	}
	cctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrCellTimeout)
	defer cancel()
	out, err := s.Exec(cctx, code)
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(cctx), ErrCellTimeout) {
		err = fmt.Errorf("%w after %v", ErrCellTimeout, timeout)
	}
	return out, err
}

// recorder turns what the session reports while a cell runs into the
// cell's outputs, in order. The session may call it from other goroutines
// (code the user started, compiled pyn code printing), hence the mutex.
type recorder struct {
	mu   sync.Mutex
	cell *Cell
	figs *figureWriter
	// byID finds the output showing a display id, for updates.
	byID map[string]*Output
	// clearWait is set by display.ClearOutput(true): the cell's outputs
	// are cleared just before its next output, as Jupyter does.
	clearWait bool
}

// clearLocked drops the cell's outputs (figure files already written stay).
func (r *recorder) clearLocked() {
	r.cell.Outputs = nil
	clear(r.byID)
	r.clearWait = false
}

func (r *recorder) start(c *Cell) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cell = c
	r.clearWait = false
}

type streamWriter struct {
	r    *recorder
	name string
}

// Write appends p to the cell's last output when it is the same stream,
// so that a cell's printing reads as one block, as in Jupyter.
func (w streamWriter) Write(p []byte) (int, error) {
	w.r.mu.Lock()
	defer w.r.mu.Unlock()
	c := w.r.cell
	if c == nil {
		return len(p), nil
	}
	if w.r.clearWait {
		w.r.clearLocked()
	}
	if n := len(c.Outputs); n > 0 && c.Outputs[n-1].Type == Stream && c.Outputs[n-1].Name == w.name {
		c.Outputs[n-1].Text += string(p)
		return len(p), nil
	}
	c.Outputs = append(c.Outputs, &Output{Type: Stream, Name: w.name, Text: string(p)})
	return len(p), nil
}

func displayID(d display.Data) string {
	id, _ := d.Transient["display_id"].(string)
	return id
}

// display records a display_data output, or with update replaces the
// data of the earlier output with the same display id. A bundle made by
// display.ClearOutput clears the cell's outputs, at once or (wait) just
// before the next output.
func (r *recorder) display(d display.Data, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wait, ok := display.IsClear(d); ok {
		if r.cell == nil {
			return
		}
		if wait {
			r.clearWait = true
		} else {
			r.clearLocked()
		}
		return
	}
	r.addLocked(d, update, DisplayData, 0)
}

func (r *recorder) addLocked(d display.Data, update bool, typ string, count int) {
	if r.cell == nil {
		return
	}
	id := displayID(d)
	if update {
		if o := r.byID[id]; id != "" && o != nil {
			o.Data, o.Metadata = d.Data, d.Metadata
			r.figs.update(o)
		}
		// An update of a display never shown is dropped, as Jupyter does.
		return
	}
	if r.clearWait {
		r.clearLocked()
	}
	o := &Output{Type: typ, Data: d.Data, Metadata: d.Metadata, ExecutionCount: count}
	r.figs.add(o)
	r.cell.Outputs = append(r.cell.Outputs, o)
	if id != "" {
		r.byID[id] = o
	}
}

// finish records the value of the cell's trailing expression. The
// Outcome's Displays are not recorded: the session has already sent each
// of them to Options.Display as it was published.
func (r *recorder) finish(out *session.Outcome, count int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if out != nil && out.Value != nil && len(out.Value.Data) > 0 {
		r.addLocked(*out.Value, false, ExecuteResult, count)
	}
}

// fail records err as the cell's error output.
func (r *recorder) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o := &Output{Type: ErrorOutput}
	var se *session.Error
	switch {
	case errors.As(err, &se):
		o.EName, o.EValue, o.Traceback = se.Name, se.Value, se.Traceback
		if o.EName == "" {
			o.EName = "Error"
		}
	case errors.Is(err, ErrCellTimeout):
		o.EName, o.EValue = "Timeout", err.Error()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		o.EName, o.EValue = "Interrupted", err.Error()
	default:
		o.EName, o.EValue = "Error", err.Error()
	}
	if len(o.Traceback) == 0 {
		o.Traceback = []string{o.EName + ": " + o.EValue}
	}
	r.cell.Outputs = append(r.cell.Outputs, o)
}

// figureWriter writes the images of a notebook's outputs as files and
// remembers which output has which file, for display updates.
type figureWriter struct {
	Figures
	file map[*Output]string
	err  error // first write error
}

func (w *figureWriter) add(o *Output) {
	path, err := w.Add(o.Data)
	if err != nil {
		w.fail(err)
		return
	}
	if path != "" {
		if w.file == nil {
			w.file = map[*Output]string{}
		}
		w.file[o] = path
	}
}

// update rewrites the file of an updated display, or adds one when the
// display had no image before.
func (w *figureWriter) update(o *Output) {
	path, ok := w.file[o]
	if !ok {
		w.add(o)
		return
	}
	path, err := w.Replace(path, o.Data)
	w.fail(err)
	w.file[o] = path
}

func (w *figureWriter) fail(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}
