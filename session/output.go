package session

// Outputs of the running cell: the interpreter's switchable stdout and
// stderr, and the rich display outputs published through internal/cell.

import (
	"io"
	"sync"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
)

// switchWriter is the interpreter's stdout or stderr: it forwards to the
// capture pipe while a cell runs and to the destination otherwise.
type switchWriter struct {
	mu     sync.Mutex
	w      io.Writer
	filter func(line []byte) bool // true: the line is consumed
}

func (sw *switchWriter) Write(p []byte) (int, error) {
	if sw.filter != nil && sw.filter(p) {
		return len(p), nil
	}
	sw.mu.Lock()
	w := sw.w
	sw.mu.Unlock()
	if _, err := w.Write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (sw *switchWriter) set(w io.Writer) {
	sw.mu.Lock()
	sw.w = w
	sw.mu.Unlock()
}

// publishOutput is the cell's display sink (internal/cell), through which
// display.Display and friends reach the session.
func (s *Session) publishOutput(o cell.Output) {
	s.publish(display.Data{Data: o.Data, Metadata: o.Metadata, Transient: o.Transient}, o.Update)
}

// publish sends a rich output of the running cell.
func (s *Session) publish(d display.Data, update bool) {
	s.cmu.Lock()
	st := s.cur
	s.cmu.Unlock()
	if st == nil {
		return
	}
	st.publishMu.Lock()
	defer st.publishMu.Unlock()
	st.cap.sync() // text printed before the display comes before it
	if wait, ok := display.IsClear(d); ok {
		// A clear request is not an output: it empties Displays, at once
		// or when the next display arrives, as Jupyter clears the cell.
		st.clearWait = wait
		if !wait {
			st.displays = nil
		}
		if s.opts.Display != nil {
			s.opts.Display(d, false)
		}
		return
	}
	if st.clearWait && !update {
		st.displays, st.clearWait = nil, false
	}
	id, _ := d.Transient["display_id"].(string)
	replaced := false
	if update && id != "" {
		for i := range st.displays {
			if old, _ := st.displays[i].Transient["display_id"].(string); old == id {
				st.displays[i] = d
				replaced = true
			}
		}
	}
	if !update || !replaced && id == "" {
		st.displays = append(st.displays, d)
	}
	if s.opts.Display != nil {
		s.opts.Display(d, update)
	}
}
