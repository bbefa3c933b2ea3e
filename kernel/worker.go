package kernel

// The supervisor side of the interpreter worker: an Executor that runs
// cells in a child process (RunWorker) and survives its death.
//
// Some Go failures cannot be recovered in the process they happen in: a
// stack overflow, a failed allocation, concurrent map writes, a panic on a
// goroutine that compiled code started (a time.AfterFunc callback). The
// kernel process keeps the sockets and the heartbeat; the interpreter runs
// in a worker. When the worker dies, the cell in flight fails with an
// error naming the cause, a line on the cell's stderr says that the
// interpreter restarted and its state is lost, and a fresh worker is
// started at once. A worker that dies between cells is reported in the
// kernel log and at the start of the next cell.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// Default worker limits (WorkerOptions).
const (
	DefaultWorkerMaxStack = 32 << 20 // bytes per goroutine stack
	// DefaultInterruptGrace is how long a worker may take to stop after
	// an interrupt before it is killed and restarted.
	DefaultInterruptGrace = 5 * time.Second
)

// WorkerOptions configures the worker processes of NewWorkerExecutor.
type WorkerOptions struct {
	// Path and Args start a worker: a program that calls RunWorker (pyn's
	// hidden "worker" command). Env is added to the kernel's environment.
	Path string
	Args []string
	Env  []string
	// MaxStackBytes caps each goroutine's stack in the worker. Zero means
	// DefaultWorkerMaxStack; negative leaves Go's default (1 GB).
	MaxStackBytes int64
	// MemoryBytes caps the worker's address space (Linux) and sets its
	// soft memory limit to 90 % of it. Zero means the physical memory or
	// the cgroup's limit, whichever is smaller; negative means no limit.
	MemoryBytes int64
	// InterruptGrace is how long a cell may run on after an interrupt
	// before the worker is killed and restarted. Zero means
	// DefaultInterruptGrace.
	InterruptGrace time.Duration
	// Log receives the worker's own diagnostics and what it prints
	// outside cells. nil discards.
	Log io.Writer
}

// NewWorkerExecutor returns an Options.NewExecutor that runs cells in
// worker processes.
func NewWorkerExecutor(wo WorkerOptions) func(session.Options) (Executor, error) {
	return func(so session.Options) (Executor, error) {
		w := &Worker{wo: wo, so: so}
		if w.wo.Log == nil {
			w.wo.Log = io.Discard
		}
		if w.wo.MaxStackBytes == 0 {
			w.wo.MaxStackBytes = DefaultWorkerMaxStack
		}
		if w.wo.MemoryBytes == 0 {
			w.wo.MemoryBytes = availableMemory()
		}
		if w.wo.InterruptGrace <= 0 {
			w.wo.InterruptGrace = DefaultInterruptGrace
		}
		for _, wr := range []*io.Writer{&w.so.Stdout, &w.so.Stderr} {
			if *wr == nil {
				*wr = io.Discard
			}
		}
		if _, err := w.proc(); err != nil {
			return nil, err
		}
		return w, nil
	}
}

// Worker is an Executor whose interpreter runs in a child process.
type Worker struct {
	wo WorkerOptions
	so session.Options

	startMu sync.Mutex // one start at a time
	mu      sync.Mutex
	cur     *workerProc // nil after a death, until restarted
	active  bool        // a request is in flight
	notice  string      // a death between cells, told at the next cell
	ids     atomic.Uint64
	restart time.Duration // time the last start took
}

// workerProc is one worker process.
type workerProc struct {
	cmd     *exec.Cmd
	req     *os.File
	fw      *frameWriter
	replies chan workerEvent
	dead    chan struct{} // closed once the process is gone and diagnosed
	death   death
	crash   bytes.Buffer // the runtime's report (bounded)
}

// maxCrashReport bounds what is kept of a crash report: the cause is in
// its first lines.
const maxCrashReport = 64 << 10

// RestartTime returns how long the last start of a worker took, from
// starting the process to its interpreter being ready.
func (w *Worker) RestartTime() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.restart
}

// proc returns the running worker, starting one if there is none.
func (w *Worker) proc() (*workerProc, error) {
	w.startMu.Lock()
	defer w.startMu.Unlock()
	w.mu.Lock()
	p := w.cur
	w.mu.Unlock()
	if p != nil {
		select {
		case <-p.dead:
		default:
			return p, nil
		}
	}
	p, err := w.start()
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.cur = p
	w.mu.Unlock()
	return p, nil
}

// start starts a worker process and waits until its interpreter is ready.
func (w *Worker) start() (*workerProc, error) {
	t0 := time.Now()
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	crashR, crashW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		evR.Close()
		evW.Close()
		return nil, err
	}
	cmd := exec.Command(w.wo.Path, w.wo.Args...)
	cmd.Env = append(append(os.Environ(), w.wo.Env...),
		envWorkerMaxStack+"="+strconv.FormatInt(max(w.wo.MaxStackBytes, 0), 10),
		envWorkerMemory+"="+strconv.FormatInt(max(w.wo.MemoryBytes, 0), 10))
	cmd.ExtraFiles = []*os.File{reqR, evW, crashW}
	cmd.Stdin = nil
	cmd.Stdout = w.wo.Log
	cmd.Stderr = w.wo.Log
	cmd.SysProcAttr = workerSysProcAttr()
	err = cmd.Start()
	reqR.Close()
	evW.Close()
	crashW.Close()
	if err != nil {
		reqW.Close()
		evR.Close()
		crashR.Close()
		return nil, fmt.Errorf("kernel: starting the interpreter worker: %w", err)
	}
	p := &workerProc{cmd: cmd, req: reqW, fw: &frameWriter{w: reqW},
		replies: make(chan workerEvent, 1), dead: make(chan struct{})}
	ready := make(chan workerEvent, 1)
	crashDone := make(chan struct{})
	go func() {
		defer close(crashDone)
		io.Copy(&limitedBuffer{b: &p.crash, n: maxCrashReport}, crashR)
		crashR.Close()
	}()
	go w.readEvents(p, evR, ready)
	go func() {
		// The event pipe closes when the process ends; Wait then
		// collects its status, and the crash report is complete.
		cmd.Wait()
		<-crashDone
		reqW.Close()
		p.death = diagnose(p.crash.Bytes(), cmd.ProcessState)
		if p.death.Name == DeathStackOverflow && !strings.Contains(p.death.Cause, "-byte limit") && w.wo.MaxStackBytes > 0 {
			p.death.Cause = fmt.Sprintf("stack overflow: a goroutine's stack exceeded the %d-byte limit (runaway recursion?)", w.wo.MaxStackBytes)
		}
		close(p.dead)
		w.died(p)
	}()
	select {
	case ev := <-ready:
		if ev.Failure != "" {
			cmd.Process.Kill()
			return nil, fmt.Errorf("kernel: the interpreter worker failed to start: %s", ev.Failure)
		}
	case <-p.dead:
		return nil, fmt.Errorf("kernel: the interpreter worker died while starting: %s", p.death.Cause)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		return nil, errors.New("kernel: the interpreter worker did not start within 60 s")
	}
	w.mu.Lock()
	w.restart = time.Since(t0)
	w.mu.Unlock()
	return p, nil
}

// limitedBuffer keeps the first n bytes written to it and drops the rest.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// readEvents delivers the worker's events: outputs to the session
// options' writers and display function, replies to p.replies.
func (w *Worker) readEvents(p *workerProc, r *os.File, ready chan<- workerEvent) {
	defer r.Close()
	for {
		var ev workerEvent
		if err := readFrame(r, &ev); err != nil {
			if !errors.Is(err, io.EOF) {
				fmt.Fprintf(w.wo.Log, "pyn kernel: worker: %v\n", err)
				p.cmd.Process.Kill()
			}
			return
		}
		switch ev.Kind {
		case evReady:
			ready <- ev
		case evStdout, evStderr:
			dst := w.so.Stdout
			if ev.Kind == evStderr {
				dst = w.so.Stderr
			}
			if !w.inFlight() {
				// Printed by a goroutine after its cell ended: the log
				// keeps it, and the next cell shows it.
				fmt.Fprintf(w.wo.Log, "pyn kernel: worker output between cells: %s", ev.Text)
				w.addNotice(string(ev.Text))
				continue
			}
			dst.Write(ev.Text)
		case evDisplay:
			if !w.inFlight() {
				fmt.Fprintf(w.wo.Log, "pyn kernel: worker display between cells dropped\n")
				continue
			}
			if w.so.Display != nil && ev.Display != nil {
				w.so.Display(*ev.Display, ev.Update)
			}
		case evDone:
			p.replies <- ev
		}
	}
}

func (w *Worker) inFlight() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.active
}

// addNotice queues text for the start of the next cell's stderr (at most
// 8 KB of it).
func (w *Worker) addNotice(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.notice) < 8<<10 {
		w.notice += s
	}
}

// died handles the end of p. A death during a request is told by the
// request; one between cells is logged, queued for the next cell, and a
// new worker is started at once, so that the next cell waits for nothing.
func (w *Worker) died(p *workerProc) {
	w.mu.Lock()
	current := w.cur == p
	if current {
		w.cur = nil
	}
	active := w.active
	w.mu.Unlock()
	if !current {
		return // replaced on purpose (Reset) or already handled
	}
	fmt.Fprintf(w.wo.Log, "pyn kernel: the interpreter worker died: %s\n", p.death.Cause)
	for _, l := range p.death.Report {
		fmt.Fprintf(w.wo.Log, "pyn kernel:   %s\n", l)
	}
	if active {
		return
	}
	w.addNotice(fmt.Sprintf("pyn: the interpreter process died after the previous cell: %s. "+
		"It was restarted: all variables, imports and definitions of earlier cells are lost; run those cells again.\n", p.death.Cause))
	if _, err := w.proc(); err != nil {
		fmt.Fprintf(w.wo.Log, "pyn kernel: restarting the interpreter worker: %v\n", err)
	}
}

// call sends q and waits for its reply. ctx cancels an exec: the worker
// is asked to interrupt it, and killed if it does not stop within
// InterruptGrace. When the worker dies, call returns its death.
func (w *Worker) call(ctx context.Context, q workerRequest) (workerEvent, *death) {
	p, err := w.proc()
	if err != nil {
		return workerEvent{Failure: err.Error()}, nil
	}
	q.ID = w.ids.Add(1)
	w.mu.Lock()
	w.active = true
	notice := w.notice
	w.notice = ""
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.active = false
		w.mu.Unlock()
	}()
	if notice != "" && q.Op == opExec {
		io.WriteString(w.so.Stderr, notice)
	}
	if err := p.fw.send(q); err != nil {
		<-p.dead
		return workerEvent{}, &p.death
	}
	var kill <-chan time.Time
	done := ctx.Done()
	for {
		select {
		case ev := <-p.replies:
			if ev.ID == q.ID {
				return ev, nil
			}
		case <-done:
			done = nil
			p.fw.send(workerRequest{ID: q.ID, Op: opInterrupt})
			kill = time.After(w.wo.InterruptGrace)
		case <-kill:
			fmt.Fprintf(w.wo.Log, "pyn kernel: the cell did not stop within %v of the interrupt: killing the interpreter worker\n", w.wo.InterruptGrace)
			p.cmd.Process.Kill()
			<-p.dead
			d := p.death
			d.Name, d.Cause = "Interrupted", fmt.Sprintf("the cell did not stop within %v of the interrupt, so the interpreter process was killed", w.wo.InterruptGrace)
			return workerEvent{}, &d
		case <-p.dead:
			// Replies sent just before the end still count.
			select {
			case ev := <-p.replies:
				if ev.ID == q.ID {
					return ev, nil
				}
			default:
			}
			return workerEvent{}, &p.death
		}
	}
}

// lost turns a worker's death during a cell into the cell's error, after
// restarting the worker and saying so on the cell's stderr.
func (w *Worker) lost(d *death) error {
	_, err := w.proc()
	restarted := "It was restarted in " + w.RestartTime().Round(time.Millisecond).String()
	if err != nil {
		restarted = "Restarting it failed: " + err.Error()
	}
	fmt.Fprintf(w.so.Stderr, "pyn: the interpreter process died: %s. %s: all variables, imports and definitions "+
		"of earlier cells are lost; run those cells again.\n", d.Cause, restarted)
	tb := []string{d.Name + ": " + d.Cause,
		"The interpreter process died; the kernel restarted it and the state of earlier cells is lost."}
	if len(d.Report) > 0 {
		tb = append(tb, "The Go runtime reported:")
		tb = append(tb, d.Report...)
	}
	return &session.Error{Name: d.Name, Value: d.Cause + " (the interpreter restarted: state lost)", Traceback: tb}
}

// Exec runs one cell in the worker.
func (w *Worker) Exec(ctx context.Context, code string) (*session.Outcome, error) {
	ev, d := w.call(ctx, workerRequest{Op: opExec, Code: code})
	if d != nil {
		return &session.Outcome{Displays: []display.Data{}}, w.lost(d)
	}
	switch {
	case ev.Err != nil:
		return ev.Outcome, ev.Err
	case ev.Cancelled:
		return ev.Outcome, context.Canceled
	case ev.Failure != "":
		return ev.Outcome, errors.New(ev.Failure)
	}
	return ev.Outcome, nil
}

// Complete returns completions from the worker (none if it dies).
func (w *Worker) Complete(code string, cursor int) ([]string, int, int) {
	ev, d := w.call(context.Background(), workerRequest{Op: opComplete, Code: code, Cursor: cursor})
	if d != nil {
		w.proc()
		return nil, cursor, cursor
	}
	return ev.Matches, ev.Start, ev.End
}

// Inspect returns documentation from the worker.
func (w *Worker) Inspect(code string, cursor int) (string, bool) {
	ev, d := w.call(context.Background(), workerRequest{Op: opInspect, Code: code, Cursor: cursor})
	if d != nil {
		w.proc()
		return "", false
	}
	return ev.Doc, ev.Found
}

// IsComplete asks the worker whether code is a complete cell.
func (w *Worker) IsComplete(code string) (string, string) {
	ev, d := w.call(context.Background(), workerRequest{Op: opIsComplete, Code: code})
	if d != nil || ev.Status == "" {
		w.proc()
		return "unknown", ""
	}
	return ev.Status, ev.Indent
}

// Reset replaces the worker with a fresh one.
func (w *Worker) Reset() error {
	w.mu.Lock()
	p := w.cur
	w.cur = nil
	w.mu.Unlock()
	if p != nil {
		p.req.Close()
		p.cmd.Process.Kill()
		<-p.dead
	}
	_, err := w.proc()
	return err
}

// Close stops the worker.
func (w *Worker) Close() error {
	w.mu.Lock()
	p := w.cur
	w.cur = nil
	w.mu.Unlock()
	if p != nil {
		p.req.Close() // the worker ends when its request pipe does
		select {
		case <-p.dead:
		case <-time.After(2 * time.Second):
			p.cmd.Process.Kill()
			<-p.dead
		}
	}
	return nil
}
