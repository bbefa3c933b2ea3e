package kernel

// The pipe protocol between the kernel process and its interpreter worker
// process (see worker.go). Each message is a 4-byte big-endian length and
// that many bytes of JSON. Requests travel on the worker's descriptor 3,
// events on its descriptor 4; the worker's standard output and error stay
// what cells print to (captured and sent as stream events while a cell
// runs), and descriptor 5 receives the Go runtime's fatal error report.

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// maxWorkerFrame bounds one protocol message: a cell's outputs come in
// many small events, and a figure is a few megabytes.
const maxWorkerFrame = 1 << 30

// Request operations.
const (
	opExec       = "exec"
	opComplete   = "complete"
	opInspect    = "inspect"
	opIsComplete = "is_complete"
	opInterrupt  = "interrupt" // cancels the running exec; has no reply
)

// workerRequest is a request to the worker.
type workerRequest struct {
	ID     uint64 `json:"id"`
	Op     string `json:"op"`
	Code   string `json:"code,omitempty"`
	Cursor int    `json:"cursor,omitempty"` // byte offset
}

// Event kinds.
const (
	evReady   = "ready"   // the interpreter is up (or failed: Err)
	evStdout  = "stdout"  // text a cell printed
	evStderr  = "stderr"  // text a cell wrote to standard error
	evDisplay = "display" // a rich output
	evDone    = "done"    // the reply to request ID
)

// workerEvent is what the worker sends: outputs while a cell runs, and
// one done event per request.
type workerEvent struct {
	Kind    string        `json:"kind"`
	ID      uint64        `json:"id,omitempty"`
	Text    []byte        `json:"text,omitempty"` // bytes: a write may end inside a UTF-8 sequence
	Display *display.Data `json:"display,omitempty"`
	Update  bool          `json:"update,omitempty"`

	// exec
	Outcome   *session.Outcome `json:"outcome,omitempty"`
	Err       *session.Error   `json:"err,omitempty"`       // a cell's error
	Cancelled bool             `json:"cancelled,omitempty"` // the cell was interrupted
	Failure   string           `json:"failure,omitempty"`   // any other error
	// complete, inspect, is_complete
	Matches    []string `json:"matches,omitempty"`
	Start, End int      `json:",omitempty"`
	Doc        string   `json:"doc,omitempty"`
	Found      bool     `json:"found,omitempty"`
	Status     string   `json:"status,omitempty"`
	Indent     string   `json:"indent,omitempty"`
}

// frameWriter writes protocol messages; safe for concurrent use.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (fw *frameWriter) send(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(b) > maxWorkerFrame {
		return fmt.Errorf("kernel: worker message of %d bytes exceeds %d", len(b), maxWorkerFrame)
	}
	buf := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(buf, uint32(len(b)))
	copy(buf[4:], b)
	fw.mu.Lock()
	defer fw.mu.Unlock()
	_, err = fw.w.Write(buf)
	return err
}

// readFrame reads one protocol message into v. The length is checked
// before anything is read.
func readFrame(r io.Reader, v any) error {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxWorkerFrame {
		return fmt.Errorf("kernel: worker message announces %d bytes, the limit is %d", n, maxWorkerFrame)
	}
	// Read what arrives rather than allocate what is announced.
	b, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil || len(b) < int(n) {
		return fmt.Errorf("kernel: truncated worker message (%d of %d bytes): %v", len(b), n, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("kernel: bad worker message: %w", err)
	}
	return nil
}
