package kernel

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
	"github.com/pyn-go/pyn/session"
)

// fakeExec is an Executor that runs a tiny command language, one command
// per line, so that the protocol can be tested without an interpreter:
//
//	print TEXT     write TEXT and a newline to stdout
//	eprint TEXT    write TEXT and a newline to stderr
//	lines N        print N numbered lines
//	bytewise N     print N copies of bytewiseText one byte at a time
//	value TEXT     end with a text/plain value
//	html TEXT      end with a text/html value
//	display        publish a small PNG as display_data
//	image N        publish an image/png of N bytes
//	progress N     publish a display with an id, then N updates of it
//	update-only    update a display id never shown
//	clear [wait]   clear the output with display.ClearOutput
//	error MSG      fail with a compile error
//	panic MSG      panic
//	sleep MS       wait MS milliseconds or until interrupted
//	incr           add one to a counter that survives cells
type fakeExec struct {
	opts session.Options

	mu      sync.Mutex
	ran     []string // cells executed
	counter int
}

func (f *fakeExec) Exec(ctx context.Context, code string) (*session.Outcome, error) {
	f.mu.Lock()
	f.ran = append(f.ran, code)
	f.mu.Unlock()
	out := &session.Outcome{}
	for i, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		n, _ := strconv.Atoi(arg)
		switch cmd {
		case "":
		case "print":
			fmt.Fprintln(f.opts.Stdout, arg)
		case "bytewise":
			b := []byte(strings.Repeat(bytewiseText, n))
			for j := range b {
				f.opts.Stdout.Write(b[j : j+1])
			}
		case "eprint":
			fmt.Fprintln(f.opts.Stderr, arg)
		case "lines":
			for j := 0; j < n; j++ {
				fmt.Fprintf(f.opts.Stdout, "line %d\n", j)
			}
		case "value":
			d := display.Text(arg)
			out.Value = &d
		case "html":
			d := display.HTML(arg)
			out.Value = &d
		case "display":
			f.opts.Display(display.PNG(tinyPNG), false)
		case "image":
			b := make([]byte, n)
			for j := range b {
				b[j] = byte(j * 7)
			}
			f.opts.Display(display.PNG(b), false)
		case "progress":
			d := display.Text("0%")
			d.Transient = map[string]any{"display_id": "progress-1"}
			f.opts.Display(d, false)
			for j := 1; j <= n; j++ {
				d := display.Text(fmt.Sprintf("%d%%", 100*j/n))
				d.Transient = map[string]any{"display_id": "progress-1"}
				f.opts.Display(d, true)
			}
		case "update-only":
			d := display.Text("late")
			d.Transient = map[string]any{"display_id": "never-shown"}
			f.opts.Display(d, true)
		case "clear":
			// As the session does for a cell: display's functions publish
			// to the cell's Display.
			cell.Set(cell.Env{Publish: func(o cell.Output) {
				f.opts.Display(display.Data{Data: o.Data, Metadata: o.Metadata, Transient: o.Transient}, o.Update)
			}})
			display.ClearOutput(arg == "wait")
			cell.Set(cell.Env{})
		case "error":
			return nil, &session.Error{Name: "CompileError", Value: arg, Line: i + 1, Col: 1}
		case "panic":
			panic(arg)
		case "sleep":
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(n) * time.Millisecond):
			}
		case "incr":
			f.mu.Lock()
			f.counter++
			c := f.counter
			f.mu.Unlock()
			d := display.Text(strconv.Itoa(c))
			out.Value = &d
		default:
			return nil, &session.Error{Name: "CompileError", Value: "unknown command " + cmd, Line: i + 1, Col: 1}
		}
	}
	return out, nil
}

// Complete offers the commands that start with the word before cursor.
func (f *fakeExec) Complete(code string, cursor int) ([]string, int, int) {
	start := strings.LastIndexAny(code[:cursor], " \n") + 1
	var m []string
	for _, c := range []string{"print", "eprint", "lines", "value", "display", "panic", "progress"} {
		if strings.HasPrefix(c, code[start:cursor]) {
			m = append(m, c)
		}
	}
	return m, start, cursor
}

func (f *fakeExec) Inspect(code string, cursor int) (string, bool) {
	if strings.Contains(code, "print") {
		return "print TEXT writes TEXT to stdout", true
	}
	return "", false
}

func (f *fakeExec) IsComplete(code string) (string, string) {
	switch {
	case strings.HasSuffix(code, "\\"):
		return "incomplete", "  "
	case strings.HasPrefix(code, "error"):
		return "invalid", ""
	}
	return "complete", ""
}

func (f *fakeExec) Reset() error {
	f.mu.Lock()
	f.counter = 0
	f.mu.Unlock()
	return nil
}

func (f *fakeExec) cells() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ran...)
}

// bytewiseText is written byte by byte by the bytewise command: 2-, 3- and
// 4-byte UTF-8 characters.
const bytewiseText = "é€😀 spikes\n"

// tinyPNG is a valid 2×2 PNG.
var tinyPNG = func() []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2)))
	return buf.Bytes()
}()
