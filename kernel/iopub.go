package kernel

// The iopub publisher: one ordered stream of outputs, with the cell's text
// batched into few stream messages.

import (
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-zeromq/zmq4"
)

// Stream batching: text written by a cell is collected and sent as one
// stream message when it has waited streamDelay, when it reaches
// streamMax bytes, when the other stream is written, or before any other
// iopub message. This keeps a cell that prints 100 000 lines to a few
// dozen messages without delaying a lone print noticeably.
const (
	streamDelay = 30 * time.Millisecond
	streamMax   = 64 << 10
)

// iopub publishes on the PUB socket. One mutex orders all messages, so
// stream text and rich outputs reach the client in the order they were
// produced.
type iopub struct {
	k    *Kernel
	sock zmq4.Socket

	mu     sync.Mutex
	parent []byte // raw header of the request being served
	quiet  bool   // drop outputs (silent execution)
	name   string // stream of the pending text
	buf    []byte // pending text
	timer  *time.Timer
}

// setParent makes later outputs children of parent (a raw header),
// flushing text that belongs to the previous one.
func (p *iopub) setParent(parent []byte, quiet bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flushLocked()
	p.parent = parent
	p.quiet = quiet
}

// publish sends one message with the given parent (the current parent
// when nil), after any pending stream text.
func (p *iopub) publish(msgType string, parent []byte, content any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flushLocked()
	if parent == nil {
		parent = p.parent
	}
	p.sendLocked(msgType, parent, content)
}

// output publishes a cell output (display data and the like): dropped when
// the cell runs silently.
func (p *iopub) output(msgType string, content any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quiet {
		return
	}
	p.flushLocked()
	p.sendLocked(msgType, p.parent, content)
}

func (p *iopub) sendLocked(msgType string, parent []byte, content any) {
	frames, err := p.k.signer.encode([][]byte{[]byte(msgType)}, p.k.header(msgType), parent, nil, content)
	if err != nil {
		// Say so in the cell rather than lose an output without a trace
		// (a value JSON cannot encode, such as NaN in application/json).
		p.k.logf("dropping %s: %v", msgType, err)
		if msgType == msgStream {
			return
		}
		text := streamContent{Name: "stderr", Text: "pyn kernel: cannot send this " + msgType + ": " + err.Error() + "\n"}
		if frames, err = p.k.signer.encode([][]byte{[]byte(msgStream)}, p.k.header(msgStream), parent, nil, text); err != nil {
			return
		}
	}
	if err := p.sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		p.k.logf("iopub: sending %s: %v", msgType, err)
	}
}

// write adds text to stream name ("stdout" or "stderr").
func (p *iopub) write(name string, b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quiet || len(b) == 0 {
		return
	}
	if p.name != name {
		p.flushLocked()
		p.name = name
	}
	p.buf = append(p.buf, b...)
	if len(p.buf) >= streamMax {
		p.flushText(false)
		return
	}
	if p.timer == nil {
		p.timer = time.AfterFunc(streamDelay, p.timerFlush)
	}
}

// flush sends all pending text.
func (p *iopub) flush() {
	p.mu.Lock()
	p.flushLocked()
	p.mu.Unlock()
}

// timerFlush sends pending text when its delay has passed.
func (p *iopub) timerFlush() {
	p.mu.Lock()
	p.timer = nil
	p.flushText(false)
	p.mu.Unlock()
}

func (p *iopub) flushLocked() { p.flushText(true) }

// flushText sends pending text. Unless all is set, an incomplete UTF-8
// character at the end stays pending for the write that completes it; all
// is set before any other message, which must not overtake text.
func (p *iopub) flushText(all bool) {
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if len(p.buf) == 0 {
		return
	}
	// Send whole UTF-8 characters only: a character split between two
	// writes waits for its end (if it never comes, flushBroken sends the
	// at most 3 held-back bytes).
	n := len(p.buf)
	for back := 1; !all && back <= 3 && back <= n; back++ {
		c := p.buf[n-back]
		if c < 0x80 {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(p.buf[n-back:]) {
				n -= back
			}
			break
		}
	}
	if n == 0 {
		if p.timer == nil {
			p.timer = time.AfterFunc(streamDelay, p.flushBroken)
		}
		return
	}
	text := string(p.buf[:n])
	p.sendLocked(msgStream, p.parent, streamContent{Name: p.name, Text: text})
	rest := copy(p.buf, p.buf[n:])
	p.buf = p.buf[:rest]
	if cap(p.buf) > 4*streamMax {
		p.buf = append([]byte(nil), p.buf...)
	}
	if rest > 0 && p.timer == nil {
		p.timer = time.AfterFunc(streamDelay, p.flushBroken)
	}
}

// flushBroken sends held-back bytes of an incomplete character that never
// completed.
func (p *iopub) flushBroken() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer = nil
	if len(p.buf) > 0 {
		p.sendLocked(msgStream, p.parent, streamContent{Name: p.name, Text: string(p.buf)})
		p.buf = p.buf[:0]
	}
}

// streamWriter is the io.Writer the executor writes a stream to.
type streamWriter struct {
	p    *iopub
	name string
}

func (w streamWriter) Write(b []byte) (int, error) {
	w.p.write(w.name, b)
	return len(b), nil
}
