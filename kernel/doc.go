// Package kernel serves pyn as a Jupyter kernel: it speaks the Jupyter
// messaging protocol (version 5.3) over ZeroMQ sockets and runs cells with
// an Executor, normally an interpreter session (package session).
//
// # Sockets and threads
//
// Jupyter starts the kernel with a connection file naming five endpoints
// and an HMAC key (see ReadConnectionFile). The kernel binds shell,
// control and stdin as ROUTER sockets, iopub as PUB and heartbeat as REP.
// Each socket is read by its own goroutine, so that heartbeat and control
// (interrupt, shutdown, kernel_info) are answered while a cell runs. Shell
// requests are handled one at a time, in arrival order, by a single
// goroutine: the executor is never called concurrently.
//
// # Signatures
//
// Every message is signed with HMAC-SHA256 over its header, parent header,
// metadata and content, keyed with the connection file's key. A message
// whose signature is missing or wrong is logged and dropped, never
// executed, and so is a second copy of a signed message (ErrReplayed; the
// last 65536 signatures are remembered, as jupyter_client does). An empty
// key disables signing, as the protocol specifies; the kernel then warns
// in its log and its banner.
//
// # Limits on the wire
//
// The sockets listen through a transport of the kernel's own (framelimit.go)
// that follows the ZMTP framing as the ZeroMQ library reads it and closes
// a connection whose frame or message announces more than
// Options.MaxFrameBytes or MaxMessageBytes, before the library allocates
// it and before any key is checked. A request whose code exceeds
// Options.MaxCodeBytes is answered with a TooLarge error, unparsed.
//
// # Worker process
//
// NewWorkerExecutor runs the interpreter in a child process (RunWorker)
// that speaks a pipe protocol (worker_proto.go). Go cannot recover from a
// stack overflow, a failed allocation, concurrent map writes or a panic on
// a goroutine nobody recovers; in the worker these end the worker, not the
// kernel: the cell in flight fails with an error naming the cause (read
// from the runtime's report, fatal.go), the cell's stderr says that the
// interpreter restarted and its state is lost, and a new worker starts at
// once. Worker goroutine stacks are capped (DefaultWorkerMaxStack), and
// on Linux so is its address space (physical memory or the cgroup limit).
//
// The log (Options.Log) defaults to session.ProcessStderr, the process's
// standard error as it was before any cell ran: while a cell runs the
// session redirects descriptor 2 into the cell's output, and the kernel's
// own diagnostics must not end up in a notebook.
//
// # Execution
//
// An execute_request publishes, all with the request as parent: status
// busy, execute_input, the cell's outputs as they happen (stream,
// display_data, update_display_data), then execute_result for a trailing
// value or error for a failure, then the execute_reply, then status idle.
// Text output is batched into few stream messages; pending text is always
// flushed before any other iopub message, so outputs keep their order.
// After a failed cell with stop_on_error, execute requests already queued
// are answered with status "aborted" without running.
//
// # Interrupts
//
// An interrupt_request on the control socket (interrupt_mode "message") or
// a SIGINT (signal mode, see Kernel.Interrupt) cancels the running cell's
// context. A running pyn simulation watches that context and returns
// early with what it has; the session and its variables survive.
//
// # Displays
//
// The executor publishes rich outputs through session.Options.Display. A
// bundle with a display_id in its transient part is sent as display_data
// the first time and as update_display_data when the executor updates it
// (a simulation's progress bar). The bundle of display.ClearOutput(wait)
// (see display.IsClear) becomes a clear_output message with that wait
// flag. An
// output that JSON cannot carry is reported on the cell's stderr.
//
// # Pager, history and comms
//
// A cell that is only `?name` or `name?` shows name's documentation in the
// pager (an execute_reply payload), like IPython. The history of executed
// cells of this kernel process answers history_request (tail, range and
// search access). There are no comm targets: a comm_open is answered with
// comm_close, and comm_info lists no comms.
package kernel
