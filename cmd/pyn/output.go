package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/notebook"
)

// updateEvery is how often a display updated in place (a simulation's
// progress bar) is printed again in a terminal, which cannot redraw it.
const updateEvery = 5 * time.Second

// termOutput shows what code displays where there is no notebook: in a
// terminal or a log. Images become numbered files whose paths are printed;
// other displays print their text form. Updates of a display are printed
// at most every updateEvery; the last one held back is printed by flush,
// so the final state (a simulation's summary) is always shown.
type termOutput struct {
	mu   sync.Mutex
	w    io.Writer
	figs notebook.Figures
	err  error // first error writing a figure

	lastPrint map[string]time.Time    // display id → when last printed
	held      map[string]display.Data // display id → update not yet printed
	heldOrder []string
	figByID   map[string]string // display id → its figure file
}

func newTermOutput(w io.Writer, figDir string) *termOutput {
	return &termOutput{
		w:         w,
		figs:      notebook.Figures{Dir: figDir},
		lastPrint: map[string]time.Time{},
		held:      map[string]display.Data{},
		figByID:   map[string]string{},
	}
}

func (o *termOutput) display(d display.Data, update bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	id, _ := d.Transient["display_id"].(string)
	if update && id != "" {
		if path, ok := o.figByID[id]; ok {
			// A figure updated in place: rewrite its file.
			path, err := o.figs.Replace(path, d.Data)
			o.fail(err)
			o.figByID[id] = path
			return
		}
		if time.Since(o.lastPrint[id]) < updateEvery {
			if _, ok := o.held[id]; !ok {
				o.heldOrder = append(o.heldOrder, id)
			}
			o.held[id] = d
			return
		}
		delete(o.held, id)
	}
	o.print(d, id)
}

// print shows d; the caller holds o.mu.
func (o *termOutput) print(d display.Data, id string) {
	path, err := o.figs.Add(d.Data)
	switch {
	case err != nil:
		o.fail(err)
	case path != "":
		fmt.Fprintf(o.w, "figure: %s\n", path)
		if id != "" {
			o.figByID[id] = path
		}
	default:
		if t, ok := d.Data[display.MIMEText].(string); ok {
			fmt.Fprintln(o.w, strings.TrimRight(t, "\n"))
		}
	}
	if id != "" {
		o.lastPrint[id] = time.Now()
	}
}

// flush prints the updates held back, in the order they first came.
func (o *termOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range o.heldOrder {
		if d, ok := o.held[id]; ok {
			o.print(d, id)
			delete(o.held, id)
		}
	}
	o.heldOrder = o.heldOrder[:0]
}

func (o *termOutput) fail(err error) {
	if err != nil && o.err == nil {
		o.err = err
	}
}

// takeErr returns and forgets the first figure-writing error.
func (o *termOutput) takeErr() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.err
	o.err = nil
	return err
}
