package session

// The live progress display of long simulations, fed through internal/cell.

import (
	"fmt"
	"html"
	"sync"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/internal/cell"
	"github.com/pyn-go/pyn/pyn"
)

// Progress display: a simulation that runs longer than progressDelay
// shows a live bar (a display with an id, updated in place), which turns
// into a one-line summary when the run ends.
const (
	progressDelay = time.Second
	progressEvery = 250 * time.Millisecond
)

type progressState struct {
	mu      sync.Mutex
	id      string // display id of the current run; "" between runs
	shown   bool
	last    pyn.Progress
	lastPub time.Time
	n       int
}

func (s *Session) progressFunc(st *execState) func(cell.Progress) {
	return func(p cell.Progress) { s.onProgress(st, pyn.Progress(p)) }
}

func (s *Session) onProgress(st *execState, p pyn.Progress) {
	ps := &st.progress
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.id != "" && (p.Wall < ps.last.Wall || p.Fraction < ps.last.Fraction) {
		s.endRun(ps) // a new Simulate call started
	}
	if ps.id == "" {
		ps.n++
		ps.id = fmt.Sprintf("pyn-progress-%d-%d", time.Now().UnixNano(), ps.n)
		ps.shown = false
	}
	ps.last = p
	if p.Fraction >= 1 {
		s.endRun(ps)
		return
	}
	if p.Wall < progressDelay {
		return
	}
	now := time.Now()
	switch {
	case !ps.shown:
		ps.shown = true
		ps.lastPub = now
		s.publish(progressBar(ps.id, p), false)
	case now.Sub(ps.lastPub) >= progressEvery:
		ps.lastPub = now
		s.publish(progressBar(ps.id, p), true)
	}
}

// endRun replaces a shown bar by its summary and forgets the run.
func (s *Session) endRun(ps *progressState) {
	if ps.shown {
		s.publish(progressSummary(ps.id, ps.last), true)
	}
	ps.id, ps.shown = "", false
}

// finishProgress ends a run still shown when the cell ends (an
// interrupted or failed simulation).
func (s *Session) finishProgress(st *execState) {
	ps := &st.progress
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.id != "" {
		s.endRun(ps)
	}
}

func progressBar(id string, p pyn.Progress) display.Data {
	total := 0.0
	if p.Fraction > 0 {
		total = p.T / p.Fraction
	}
	txt := fmt.Sprintf("pyn: simulating %3.0f%% (%.6g of %.6g ms, %s)", 100*p.Fraction, p.T, total, p.Wall.Round(100*time.Millisecond))
	h := fmt.Sprintf(`<div><progress value="%.4f" max="1" style="width:20em"></progress> %s</div>`, p.Fraction, html.EscapeString(txt[len("pyn: "):]))
	return withID(display.Data{Data: map[string]any{display.MIMEText: txt, display.MIMEHTML: h}, Metadata: map[string]any{}}, id)
}

func progressSummary(id string, p pyn.Progress) display.Data {
	var txt string
	if p.Fraction >= 1 {
		txt = fmt.Sprintf("pyn: simulated %.6g ms in %s", p.T, p.Wall.Round(time.Millisecond))
	} else {
		txt = fmt.Sprintf("pyn: stopped at %.6g ms (%.0f%%) after %s", p.T, 100*p.Fraction, p.Wall.Round(time.Millisecond))
	}
	return withID(display.Text(txt), id)
}

func withID(d display.Data, id string) display.Data {
	d.Transient = map[string]any{"display_id": id}
	return d
}
