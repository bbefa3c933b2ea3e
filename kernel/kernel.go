package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/go-zeromq/zmq4"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/pyn"
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
	k.pub.publish("status", nil, map[string]any{"execution_state": "starting"})
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

// header returns a fresh header for a message the kernel sends.
func (k *Kernel) header(msgType string) Header {
	return Header{
		MsgID:    k.ids.next(),
		Session:  k.session,
		Username: "kernel",
		Date:     now(),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// recv reads and verifies the next message of a ROUTER socket. It returns
// nil, false when the socket is closed.
func (k *Kernel) recv(s zmq4.Socket, name string) (*Message, bool) {
	for {
		raw, err := s.Recv()
		if err != nil {
			select {
			case <-k.ctx.Done():
				return nil, false
			default:
			}
			k.logf("%s: receiving: %v", name, err)
			if errors.Is(err, context.Canceled) || errors.Is(err, net.ErrClosed) {
				return nil, false
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := k.signer.decode(raw.Frames)
		if err != nil {
			// Never act on an unsigned message: whoever sent it may not
			// hold the key, and a message executes code.
			k.logf("%s: rejected message: %v", name, err)
			continue
		}
		return m, true
	}
}

// reply sends a reply to req on socket s, after any pending stream text:
// a client that reads the reply first has then already been sent all
// the output of the request.
func (k *Kernel) reply(s zmq4.Socket, req *Message, msgType string, content any) {
	k.pub.flush()
	frames, err := k.signer.encode(req.Identities, k.header(msgType), req.RawHeader, nil, content)
	if err != nil {
		k.logf("dropping %s: %v", msgType, err)
		return
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.logf("sending %s: %v", msgType, err)
	}
}

func (k *Kernel) status(req *Message, state string) {
	k.pub.publish("status", req.RawHeader, map[string]any{"execution_state": state})
}

func (k *Kernel) shellReader() {
	defer close(k.shellQ)
	for {
		m, ok := k.recv(k.shell, "shell")
		if !ok {
			return
		}
		select {
		case k.shellQ <- m:
		case <-k.ctx.Done():
			return
		}
	}
}

func (k *Kernel) shellWorker() {
	for m := range k.shellQ {
		select {
		case <-k.done:
			return
		default:
		}
		k.handleShell(m)
	}
}

func (k *Kernel) controlLoop() {
	for {
		m, ok := k.recv(k.control, "control")
		if !ok {
			return
		}
		switch m.Header.MsgType {
		case "interrupt_request":
			k.Interrupt()
			k.reply(k.control, m, "interrupt_reply", map[string]any{"status": "ok"})
		case "shutdown_request":
			k.handleShutdown(k.control, m)
		case "kernel_info_request":
			k.reply(k.control, m, "kernel_info_reply", k.kernelInfo())
		default:
			k.ignore("control", m.Header.MsgType)
		}
	}
}

// stdinLoop drains the stdin socket: cells cannot read input, so the
// kernel never sends input_request and ignores what arrives.
func (k *Kernel) stdinLoop() {
	for {
		if _, ok := k.recv(k.stdin, "stdin"); !ok {
			return
		}
	}
}

// heartbeat echoes every ping, so that the client knows the process is
// alive even while a cell computes.
func (k *Kernel) heartbeat() {
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := k.hb.Send(m); err != nil && k.ctx.Err() != nil {
			return
		}
	}
}

func (k *Kernel) handleShutdown(s zmq4.Socket, m *Message) {
	var req struct {
		Restart bool `json:"restart"`
	}
	json.Unmarshal(m.Content, &req)
	content := map[string]any{"status": "ok", "restart": req.Restart}
	k.reply(s, m, "shutdown_reply", content)
	k.pub.publish("shutdown_reply", m.RawHeader, content)
	k.shutdown(req.Restart)
}

func (k *Kernel) handleShell(m *Message) {
	k.status(m, "busy")
	defer k.status(m, "idle")
	switch t := m.Header.MsgType; t {
	case "execute_request":
		k.handleExecute(m)
	case "kernel_info_request":
		k.reply(k.shell, m, "kernel_info_reply", k.kernelInfo())
	case "complete_request":
		k.handleComplete(m)
	case "inspect_request":
		k.handleInspect(m)
	case "is_complete_request":
		k.handleIsComplete(m)
	case "history_request":
		var req historyRequest
		json.Unmarshal(m.Content, &req)
		k.reply(k.shell, m, "history_reply", map[string]any{"status": "ok", "history": k.hist.query(req)})
	case "comm_info_request":
		k.reply(k.shell, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "connect_request":
		k.reply(k.shell, m, "connect_reply", map[string]any{
			"shell_port": k.conn.ShellPort, "iopub_port": k.conn.IOPubPort, "stdin_port": k.conn.StdinPort,
			"control_port": k.conn.ControlPort, "hb_port": k.conn.HBPort})
	case "shutdown_request":
		k.handleShutdown(k.shell, m)
	case "comm_open":
		// No comm targets exist: the protocol asks to close a comm
		// opened for an unknown target at once.
		var req struct {
			CommID string `json:"comm_id"`
		}
		json.Unmarshal(m.Content, &req)
		k.pub.publish("comm_close", m.RawHeader, map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close":
		// Messages for comms that do not exist are ignored.
	default:
		k.ignore("shell", t)
	}
}

// ignore logs an unknown message type, once per socket and type: some
// front-end extensions poll with requests this kernel does not serve.
func (k *Kernel) ignore(socket, msgType string) {
	key := socket + "/" + msgType
	k.mu.Lock()
	if k.ignored == nil {
		k.ignored = map[string]bool{}
	}
	seen := k.ignored[key]
	k.ignored[key] = true
	k.mu.Unlock()
	if !seen {
		k.logf("%s: ignoring %q requests", socket, msgType)
	}
}

// kernelInfo is the content of kernel_info_reply, with a warning in the
// banner when messages are not signed.
func (k *Kernel) kernelInfo() map[string]any {
	info := kernelInfo()
	if k.conn.Key == "" {
		info["banner"] = emptyKeyWarning + "\n" + info["banner"].(string)
	}
	return info
}

// kernelInfo is the content of kernel_info_reply.
func kernelInfo() map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "pyn",
		"implementation_version": pyn.Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            goVersion,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": fmt.Sprintf("pyn %s: spiking neural networks in interpreted Go (Go %s)\n"+
			"pyn, fmt, math and display are imported; `?name` shows documentation; interrupt stops a running simulation.",
			pyn.Version, goVersion),
		"debugger": false,
		"help_links": []map[string]string{
			{"text": "pyn documentation", "url": "https://github.com/pyn-go/pyn/tree/main/docs"},
			{"text": "pyn in Jupyter", "url": "https://github.com/pyn-go/pyn/blob/main/docs/kernel.md"},
			{"text": "Go language specification", "url": "https://go.dev/ref/spec"},
		},
	}
}

// executeRequest is the content of an execute_request. The booleans that
// default to true are pointers so that absence can be told from false.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// pagerRe matches a cell that asks for documentation: `?name` or `name?`.
var pagerRe = regexp.MustCompile(`^\s*(?:\?\s*([\pL_][\pL\pN_.]*)|([\pL_][\pL\pN_.]*)\s*\?)\s*$`)

func (k *Kernel) handleExecute(m *Message) {
	if msg, big := k.tooLarge(m.Content, "execute_request"); big {
		k.logf("%s", msg)
		k.pub.publish("error", m.RawHeader, map[string]any{"ename": "TooLarge", "evalue": msg, "traceback": []string{msg}})
		k.reply(k.shell, m, "execute_reply", errorContent("TooLarge", msg, nil, k.count))
		return
	}
	var req executeRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.reply(k.shell, m, "execute_reply", errorContent("BadRequest", "kernel: execute_request: "+err.Error(), nil, k.count))
		return
	}
	store := !req.Silent && (req.StoreHistory == nil || *req.StoreHistory)
	stopOnError := req.StopOnError == nil || *req.StopOnError
	if store {
		k.count++
	}
	count := k.count
	k.pub.setParent(m.RawHeader, req.Silent)
	defer k.pub.setParent(m.RawHeader, false)
	if !req.Silent {
		k.pub.publish("execute_input", m.RawHeader, map[string]any{"code": req.Code, "execution_count": count})
	}

	if sub := pagerRe.FindStringSubmatch(req.Code); sub != nil {
		name := sub[1] + sub[2]
		text, found := k.safeInspect(name, len(name))
		if !found {
			text = "no documentation found for " + name
		}
		if store {
			k.hist.add(histEntry{line: count, input: req.Code})
		}
		k.reply(k.shell, m, "execute_reply", map[string]any{
			"status": "ok", "execution_count": count, "user_expressions": map[string]any{},
			"payload": []any{map[string]any{"source": "page", "data": map[string]any{"text/plain": text}, "start": 0}},
		})
		return
	}

	out, err := k.run(req.Code)
	entry := histEntry{line: count, input: req.Code}
	if err != nil {
		ename, evalue, tb := describeError(err)
		if !req.Silent {
			k.pub.publish("error", m.RawHeader, map[string]any{"ename": ename, "evalue": evalue, "traceback": tb})
		}
		if store {
			k.hist.add(entry)
		}
		// The requests to abort are those queued before this reply
		// leaves: a client that waits for the reply and then sends the
		// next cell must see that cell run.
		var queued []*Message
		if stopOnError {
			queued = k.takeQueued()
		}
		k.reply(k.shell, m, "execute_reply", errorContent(ename, evalue, tb, count))
		k.abort(queued)
		return
	}
	if out != nil && out.Value != nil {
		d := bundle(*out.Value)
		if t, ok := d.Data[display.MIMEText].(string); ok {
			entry.output = t
		}
		if !req.Silent {
			k.pub.publish("execute_result", m.RawHeader, map[string]any{
				"execution_count": count, "data": d.Data, "metadata": d.Metadata})
		}
	}
	if store {
		k.hist.add(entry)
	}
	k.reply(k.shell, m, "execute_reply", map[string]any{
		"status": "ok", "execution_count": count, "payload": []any{},
		"user_expressions": k.userExpressions(req.UserExpressions),
	})
}

// run executes code with a context that Interrupt cancels, turning a
// panic that escapes the executor into an error.
func (k *Kernel) run(code string) (out *session.Outcome, err error) {
	ctx, cancel := context.WithCancel(k.ctx)
	k.mu.Lock()
	k.cellCancel = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cellCancel = nil
		k.mu.Unlock()
		cancel()
		if r := recover(); r != nil {
			// The session recovers the cell's own panics; one that gets
			// here comes from the executor itself. The full stack is for
			// the kernel log, the cell gets the message.
			k.logf("recovered from a panic while executing a cell: %v\n%s", r, debug.Stack())
			out, err = nil, &session.Error{Name: "Panic", Value: fmt.Sprint(r),
				Traceback: []string{fmt.Sprintf("panic: %v", r), "(recovered by the kernel; its stack is in the kernel log)"}}
		}
	}()
	return k.exec.Exec(ctx, code)
}

// userExpressions evaluates the expressions a client asked for after a
// successful cell, each as its own silent cell.
func (k *Kernel) userExpressions(exprs map[string]string) map[string]any {
	res := map[string]any{}
	for name, expr := range exprs {
		out, err := k.run(expr)
		if err != nil {
			ename, evalue, tb := describeError(err)
			res[name] = map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": tb}
			continue
		}
		d := display.Text("")
		if out != nil && out.Value != nil {
			d = bundle(*out.Value)
		}
		res[name] = map[string]any{"status": "ok", "data": d.Data, "metadata": d.Metadata}
	}
	return res
}

// takeQueued removes and returns the requests waiting in the shell queue.
func (k *Kernel) takeQueued() []*Message {
	var q []*Message
	for {
		select {
		case m, ok := <-k.shellQ:
			if !ok {
				return q
			}
			q = append(q, m)
		default:
			return q
		}
	}
}

// abort answers the execute requests among msgs with status "aborted",
// as stop_on_error asks after a failed cell, and serves the other
// requests normally, in order.
func (k *Kernel) abort(msgs []*Message) {
	for _, m := range msgs {
		if m.Header.MsgType != "execute_request" {
			k.handleShell(m)
			continue
		}
		k.status(m, "busy")
		k.reply(k.shell, m, "execute_reply", map[string]any{
			"status": "aborted", "execution_count": k.count, "user_expressions": map[string]any{}, "payload": []any{}})
		k.status(m, "idle")
	}
}

func errorContent(ename, evalue string, tb []string, count int) map[string]any {
	if tb == nil {
		tb = []string{}
	}
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": tb,
		"execution_count": count, "user_expressions": map[string]any{}, "payload": []any{}}
}

// describeError turns an execution error into the protocol's ename,
// evalue and traceback.
func describeError(err error) (ename, evalue string, tb []string) {
	var se *session.Error
	switch {
	case errors.As(err, &se):
		ename, evalue, tb = se.Name, se.Value, se.Traceback
		if ename == "" {
			ename = "Error"
		}
		if len(tb) == 0 {
			msg := evalue
			if se.Line > 0 {
				msg = fmt.Sprintf("%d:%d: %s", se.Line, se.Col, evalue)
			}
			tb = []string{ename + ": " + msg}
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		ename, evalue = "Interrupted", "the cell was interrupted"
		tb = []string{"Interrupted: the cell was interrupted; the session keeps its variables"}
	default:
		ename, evalue = "Error", err.Error()
		tb = []string{evalue}
	}
	return ename, evalue, tb
}

// bundle returns d with non-nil maps, as the protocol requires objects.
func bundle(d display.Data) display.Data {
	if d.Data == nil {
		d.Data = map[string]any{}
	}
	if d.Metadata == nil {
		d.Metadata = map[string]any{}
	}
	return d
}

// display publishes a rich output of the running cell. A bundle with a
// display_id in its transient part can be updated later; a bundle whose
// display.ClearOutput published (display.IsClear) clears the cell's output
// instead.
func (k *Kernel) display(d display.Data, update bool) {
	// Displays may come from any goroutine of a cell; none may take the
	// process down.
	defer func() {
		if r := recover(); r != nil {
			k.logf("display: recovered from panic: %v", r)
		}
	}()
	if wait, ok := display.IsClear(d); ok {
		k.pub.output("clear_output", map[string]any{"wait": wait})
		return
	}
	d = bundle(d)
	content := map[string]any{"data": d.Data, "metadata": d.Metadata}
	transient := d.Transient
	if transient == nil {
		transient = map[string]any{}
	}
	content["transient"] = transient
	id, hasID := transient["display_id"].(string)
	if hasID {
		// An update of an id never shown would show nothing: the first
		// output of an id is always a display_data.
		k.mu.Lock()
		if k.shownIDs == nil || len(k.shownIDs) > 10000 {
			k.shownIDs = map[string]bool{}
		}
		seen := k.shownIDs[id]
		k.shownIDs[id] = true
		k.mu.Unlock()
		if update && seen {
			k.pub.output("update_display_data", content)
			return
		}
	}
	k.pub.output("display_data", content)
}

// runeToByte converts a cursor position in Unicode code points (the
// protocol's unit since 5.2) to a byte offset in s.
func runeToByte(s string, pos int) int {
	if pos < 0 {
		return 0
	}
	i := 0
	for n := 0; n < pos && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// byteToRune converts a byte offset in s to code points.
func byteToRune(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	if off < 0 {
		off = 0
	}
	return utf8.RuneCountInString(s[:off])
}

type cursorRequest struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// cursor returns the byte offset of the request's cursor (the end of the
// code when absent).
func (r cursorRequest) cursor() int {
	if r.CursorPos == nil {
		return len(r.Code)
	}
	return runeToByte(r.Code, *r.CursorPos)
}

func (k *Kernel) handleComplete(m *Message) {
	var req cursorRequest
	if msg, big := k.tooLarge(m.Content, "complete_request"); big {
		k.logf("%s", msg)
		k.reply(k.shell, m, "complete_reply", map[string]any{"status": "error", "ename": "TooLarge", "evalue": msg, "traceback": []string{msg}})
		return
	}
	json.Unmarshal(m.Content, &req)
	cur := req.cursor()
	matches, start, end := []string{}, cur, cur
	func() {
		defer func() {
			if r := recover(); r != nil {
				k.logf("complete: recovered from panic: %v", r)
			}
		}()
		ms, s, e := k.exec.Complete(req.Code, cur)
		if ms != nil {
			matches, start, end = ms, s, e
		}
	}()
	k.reply(k.shell, m, "complete_reply", map[string]any{
		"status": "ok", "matches": matches,
		"cursor_start": byteToRune(req.Code, start), "cursor_end": byteToRune(req.Code, end),
		"metadata": map[string]any{},
	})
}

func (k *Kernel) safeInspect(code string, cursor int) (text string, found bool) {
	defer func() {
		if r := recover(); r != nil {
			k.logf("inspect: recovered from panic: %v", r)
			text, found = "", false
		}
	}()
	return k.exec.Inspect(code, cursor)
}

func (k *Kernel) handleInspect(m *Message) {
	var req cursorRequest
	if msg, big := k.tooLarge(m.Content, "inspect_request"); big {
		k.logf("%s", msg)
		k.reply(k.shell, m, "inspect_reply", map[string]any{"status": "error", "ename": "TooLarge", "evalue": msg, "traceback": []string{msg}})
		return
	}
	json.Unmarshal(m.Content, &req)
	text, found := k.safeInspect(req.Code, req.cursor())
	data := map[string]any{}
	if found {
		data["text/plain"] = text
	}
	k.reply(k.shell, m, "inspect_reply", map[string]any{
		"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
}

func (k *Kernel) handleIsComplete(m *Message) {
	var req cursorRequest
	if msg, big := k.tooLarge(m.Content, "is_complete_request"); big {
		k.logf("%s", msg)
		k.reply(k.shell, m, "is_complete_reply", map[string]any{"status": "error", "ename": "TooLarge", "evalue": msg, "traceback": []string{msg}})
		return
	}
	json.Unmarshal(m.Content, &req)
	status, indent := "unknown", ""
	if pagerRe.MatchString(req.Code) {
		// `?name` is the kernel's own syntax, not Go.
		k.reply(k.shell, m, "is_complete_reply", map[string]any{"status": "complete"})
		return
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				k.logf("is_complete: recovered from panic: %v", r)
			}
		}()
		status, indent = k.exec.IsComplete(req.Code)
	}()
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	k.reply(k.shell, m, "is_complete_reply", content)
}
