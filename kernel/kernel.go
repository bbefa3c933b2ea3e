package kernel

// The Kernel type, its options and the Executor it drives: binding the
// sockets, serving until shutdown, interrupting and closing.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/pyn-go/pyn/session"
)

// Executor runs cells. *session.Session implements it; tests use fakes.
// The kernel calls it from one goroutine at a time.
type Executor interface {
	// Exec runs one cell. It returns a *session.Error for a compile error
	// or a panic, and ctx.Err() when ctx was cancelled (an interrupt).
	Exec(ctx context.Context, code string) (*session.Outcome, error)
	// Complete returns completions for the text before cursor (a byte
	// offset) and the byte range of code they replace.
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns the documentation of the symbol at cursor.
	Inspect(code string, cursor int) (text string, found bool)
	// IsComplete reports "complete", "incomplete" (with the indent of the
	// next line), "invalid" or "unknown".
	IsComplete(code string) (status, indent string)
	// Reset forgets all state.
	Reset() error
}

// Options configures a Kernel. The zero value serves an interpreter
// session and logs to standard error.
type Options struct {
	// Log receives diagnostics: rejected messages, socket errors. nil
	// means session.ProcessStderr(), the process's standard error as it
	// was before any cell ran: the interpreter session redirects
	// descriptor 2 into the running cell's output, so a message written
	// to os.Stderr while a cell runs would end up in the notebook.
	Log io.Writer
	// NewExecutor builds the executor. Its argument routes the cell's
	// standard output and error to stream messages and its displays to
	// display_data messages. nil means session.New.
	NewExecutor func(session.Options) (Executor, error)
	// MaxFrameBytes and MaxMessageBytes bound what a peer may send: one
	// ZeroMQ frame, and all frames of one message, in bytes. A
	// connection announcing more is closed before anything is allocated
	// (see framelimit.go). Zero means DefaultMaxFrameBytes and
	// DefaultMaxMessageBytes.
	MaxFrameBytes, MaxMessageBytes int64
	// MaxCodeBytes bounds the code of an execute_request, and of the
	// other requests that carry code, in bytes; a larger request is
	// answered with an error. Zero means DefaultMaxCodeBytes.
	MaxCodeBytes int
}

// Kernel is a running Jupyter kernel.
type Kernel struct {
	conn    ConnectionInfo
	log     io.Writer
	signer  *signer
	ids     *ids
	session string
	exec    Executor

	shell, control, stdin, iopubSock, hb zmq4.Socket
	pub                                  *iopub

	ctx    context.Context // cancelled at shutdown
	cancel context.CancelFunc
	shellQ chan *Message
	done   chan struct{} // closed by shutdown
	once   sync.Once

	mu         sync.Mutex
	cellCancel context.CancelFunc // cancels the running cell; nil when idle
	restart    bool
	shownIDs   map[string]bool // display ids published so far
	ignored    map[string]bool // unknown message types already logged

	scheme  string // the guarded transport the sockets listen through
	maxCode int    // Options.MaxCodeBytes with its default

	serving atomic.Bool
	count   int // execution count, touched by the shell goroutine only
	hist    history
}

// New binds the kernel's sockets as conn describes and builds its
// executor. Serve then answers requests. A tcp port of 0 binds a free
// port; Connection reports the ports chosen.
func New(conn ConnectionInfo, opts Options) (_ *Kernel, err error) {
	if err := conn.check(); err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	k := &Kernel{
		conn:    conn,
		log:     opts.Log,
		signer:  newSigner(conn.Key),
		ids:     newIDs(),
		session: uuid(),
		shellQ:  make(chan *Message, 256),
		done:    make(chan struct{}),
	}
	if k.log == nil {
		k.log = session.ProcessStderr()
	}
	k.ctx, k.cancel = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			k.closeSockets()
			k.cancel()
		}
	}()
	if err := k.setLimits(opts); err != nil {
		return nil, err
	}
	bind := func(s zmq4.Socket, port *int, name string) error {
		if err := s.Listen(k.conn.endpointVia(k.scheme, *port)); err != nil {
			return fmt.Errorf("kernel: binding %s socket to %s: %w", name, k.conn.endpoint(*port), err)
		}
		if a, ok := s.Addr().(*net.TCPAddr); ok {
			*port = a.Port
		}
		return nil
	}
	k.shell = zmq4.NewRouter(k.ctx)
	k.control = zmq4.NewRouter(k.ctx)
	k.stdin = zmq4.NewRouter(k.ctx)
	k.iopubSock = zmq4.NewPub(k.ctx)
	k.hb = zmq4.NewRep(k.ctx)
	for _, b := range []struct {
		s    zmq4.Socket
		port *int
		name string
	}{
		{k.shell, &k.conn.ShellPort, "shell"},
		{k.control, &k.conn.ControlPort, "control"},
		{k.stdin, &k.conn.StdinPort, "stdin"},
		{k.iopubSock, &k.conn.IOPubPort, "iopub"},
		{k.hb, &k.conn.HBPort, "heartbeat"},
	} {
		if err := bind(b.s, b.port, b.name); err != nil {
			return nil, err
		}
	}
	k.pub = &iopub{k: k, sock: k.iopubSock}
	newExec := opts.NewExecutor
	if newExec == nil {
		newExec = func(o session.Options) (Executor, error) { return session.New(o) }
	}
	k.exec, err = newExec(session.Options{
		Stdout:  streamWriter{k.pub, "stdout"},
		Stderr:  streamWriter{k.pub, "stderr"},
		Display: k.display,
	})
	if err != nil {
		return nil, fmt.Errorf("kernel: starting the interpreter: %w", err)
	}
	return k, nil
}

// Connection returns the connection information with the ports actually
// bound.
func (k *Kernel) Connection() ConnectionInfo { return k.conn }

// Serve answers requests until a shutdown_request arrives or ctx is done.
// It reports whether the client asked for a restart (the process should
// then exit; Jupyter starts a new one).
func (k *Kernel) Serve(ctx context.Context) (restart bool, err error) {
	if !k.serving.CompareAndSwap(false, true) {
		return false, errors.New("kernel: Serve called twice")
	}
	var wg sync.WaitGroup
	loops := []func(){k.shellReader, k.shellWorker, k.controlLoop, k.stdinLoop, k.heartbeat}
	for _, f := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	k.pub.publish(msgStatus, nil, statusContent{ExecutionState: "starting"})
	select {
	case <-ctx.Done():
		k.shutdown(false)
	case <-k.done:
	}
	k.pub.flush()
	// The PUB socket sends from its own queue: give the last messages
	// (the shutdown reply, the final idle) a moment to leave.
	time.Sleep(100 * time.Millisecond)
	k.cancel()
	k.closeSockets()
	waitTimeout(&wg, 2*time.Second)
	if c, ok := k.exec.(io.Closer); ok {
		c.Close() // a worker process ends with its kernel
	}
	k.mu.Lock()
	restart = k.restart
	k.mu.Unlock()
	return restart, nil
}

// waitTimeout waits for wg, but not longer than d: a socket reader stuck
// in a library call must not keep the process from exiting.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) {
	c := make(chan struct{})
	go func() { wg.Wait(); close(c) }()
	select {
	case <-c:
	case <-time.After(d):
	}
}

// Interrupt cancels the running cell, if any. It is what an
// interrupt_request does, and what a SIGINT should do.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cellCancel != nil {
		k.cellCancel()
	}
}

// Close stops the kernel without waiting for a shutdown request: Serve
// returns, and a kernel that never served closes its sockets.
func (k *Kernel) Close() error {
	k.shutdown(false)
	if !k.serving.Load() {
		k.cancel()
		k.closeSockets()
	}
	return nil
}

func (k *Kernel) shutdown(restart bool) {
	k.once.Do(func() {
		k.mu.Lock()
		k.restart = restart
		if k.cellCancel != nil {
			k.cellCancel()
		}
		k.mu.Unlock()
		close(k.done)
	})
}

func (k *Kernel) closeSockets() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopubSock, k.hb} {
		if s != nil {
			s.Close()
		}
	}
}

func (k *Kernel) logf(format string, args ...any) {
	fmt.Fprintf(k.log, "pyn kernel: "+format+"\n", args...)
}
