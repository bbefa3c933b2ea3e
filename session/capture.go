package session

// Capture of file descriptors 1 and 2 while a cell runs, so that what
// compiled code prints reaches the cell's writers in order.

import (
	"bytes"
	"io"
	"os"
	"sync"
	"time"
)

// sentinel marks a synchronisation point in a captured stream; it cannot
// appear in text output by accident in practice (NUL bytes around a tag).
var sentinel = []byte("\x00pyn-session-sync\x00")

// stream copies what is written to one redirected file descriptor to a
// destination writer, in order.
type stream struct {
	fd    int      // the redirected descriptor (1 or 2)
	saved int      // duplicate of the original descriptor
	w     *os.File // write end of the pipe; writes here are in order with writes to fd
	r     *os.File
	dest  io.Writer
	own   *os.File // dest when it is the original descriptor, closed at the end
	done  chan struct{}

	syncMu sync.Mutex
	synced chan struct{}
}

// capture redirects the process's stdout and stderr while a cell runs.
type capture struct {
	out, err *stream
}

// destFor returns the writer that receives the captured bytes of fd: dest
// itself, unless dest is the process's own descriptor, which would loop
// through the pipe; then a file on the saved duplicate.
func (st *stream) destFor(dest io.Writer) io.Writer {
	if dest == nil {
		return io.Discard
	}
	if f, ok := dest.(*os.File); ok && f.Fd() == uintptr(st.fd) {
		st.own = os.NewFile(uintptr(st.saved), f.Name())
		return st.own
	}
	return dest
}

// run copies the pipe to the destination until EOF, cutting out sentinels
// and signalling each one.
func (st *stream) run() {
	defer close(st.done)
	buf := make([]byte, 32<<10)
	var pend []byte
	for {
		n, err := st.r.Read(buf)
		pend = append(pend, buf[:n]...)
		for {
			i := bytes.Index(pend, sentinel)
			if i < 0 {
				break
			}
			st.write(pend[:i])
			pend = pend[i+len(sentinel):]
			select {
			case st.synced <- struct{}{}:
			default:
			}
		}
		// Hold back a tail that may be the start of a sentinel.
		k := 0
		for j := len(sentinel) - 1; j > 0; j-- {
			if len(pend) >= j && bytes.Equal(pend[len(pend)-j:], sentinel[:j]) {
				k = j
				break
			}
		}
		st.write(pend[:len(pend)-k])
		pend = append([]byte(nil), pend[len(pend)-k:]...)
		if err != nil {
			st.write(pend)
			return
		}
	}
}

func (st *stream) write(b []byte) {
	if len(b) > 0 {
		st.dest.Write(b) //nolint:errcheck // a failing destination must not stop the copy
	}
}

// sync returns once every byte written to the stream before the call has
// been delivered to the destination (or after a second, if the pipe is
// stuck).
func (st *stream) sync() {
	st.syncMu.Lock()
	defer st.syncMu.Unlock()
	select { // drop a stale signal
	case <-st.synced:
	default:
	}
	if _, err := st.w.Write(sentinel); err != nil {
		return
	}
	select {
	case <-st.synced:
	case <-time.After(time.Second):
	}
}

// sync delivers all text written so far on both streams.
func (c *capture) sync() {
	if c == nil {
		return
	}
	c.out.sync()
	c.err.sync()
}

// stop restores the descriptors and waits until all captured text has
// been delivered.
func (c *capture) stop() {
	if c == nil {
		return
	}
	for _, st := range []*stream{c.out, c.err} {
		restoreFD(st.saved, st.fd)
		st.w.Close()
	}
	for _, st := range []*stream{c.out, c.err} {
		select {
		case <-st.done:
		case <-time.After(2 * time.Second):
			// A grandchild process may keep the pipe open; give up on the
			// rest rather than hang the cell.
		}
		st.r.Close()
		if st.own != nil {
			st.own.Close()
		} else {
			closeFD(st.saved)
		}
	}
}

// startCapture redirects descriptors 1 and 2 into pipes copied to stdout
// and stderr. It fails on platforms without dup2-like calls; the session
// then captures only the interpreter's own output.
func startCapture(stdout, stderr io.Writer) (*capture, error) {
	out, err := redirect(1, stdout)
	if err != nil {
		return nil, err
	}
	errs, err := redirect(2, stderr)
	if err != nil {
		restoreFD(out.saved, out.fd)
		out.w.Close()
		<-out.done
		out.r.Close()
		return nil, err
	}
	return &capture{out: out, err: errs}, nil
}

// ProcessStderr returns a writer to the process's standard error that
// bypasses the capture of running cells. A host (the Jupyter kernel) logs
// its own diagnostics there: written to os.Stderr while a cell runs, they
// would become part of the cell's output.
func ProcessStderr() io.Writer { return processStderr }
