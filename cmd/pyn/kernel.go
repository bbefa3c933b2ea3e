package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/pyn-go/pyn/kernel"
	"github.com/pyn-go/pyn/session"
)

func init() {
	register(&command{
		Name:  "kernel",
		Usage: "kernel --connection-file FILE",
		Short: "serve as a Jupyter kernel (started by Jupyter, not by hand)",
		Run:   kernelCmd,
	})
	commandFlags["kernel"] = func(fs *flag.FlagSet) { kernelFlags(fs) }
}

func kernelFlags(fs *flag.FlagSet) *string {
	file := new(string)
	fs.StringVar(file, "connection-file", "", "read the sockets and key from the Jupyter connection `FILE`")
	fs.StringVar(file, "f", "", "short for --connection-file `FILE`")
	return file
}

func kernelCmd(args []string) error {
	fs := newFlagSet("kernel")
	file := kernelFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		return &usageError{msg: "kernel needs --connection-file FILE and no other arguments"}
	}
	ci, err := kernel.ReadConnectionFile(*file)
	if err != nil {
		return err
	}
	// The kernel's own diagnostics go to the process's standard error as
	// it was before any cell ran: descriptor 2 is redirected into the
	// running cell's output, and they must not end up in a notebook.
	log := session.ProcessStderr()
	if f, ok := log.(*os.File); ok && f != os.Stderr {
		// A fatal runtime error (out of memory, a crash in compiled
		// code) is printed on descriptor 2, which a running cell has
		// redirected into its output: print it where Jupyter's terminal
		// shows it too, so that a dead kernel says why.
		debug.SetCrashOutput(f, debug.CrashOptions{})
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("kernel: finding the pyn executable for the interpreter worker: %w", err)
	}
	// Cells run in a worker process (pyn worker): a fatal Go error there
	// (stack overflow, out of memory, concurrent map writes) restarts the
	// worker and is told to the cell, while this process keeps the
	// sockets and the heartbeat.
	wo := kernel.WorkerOptions{Path: exe, Args: []string{"worker"}, Env: []string{workerEnv + "=1"}, Log: log}
	if v := os.Getenv("PYN_WORKER_MEMORY_LIMIT"); v != "" {
		// Bytes of address space for the worker; -1: no limit.
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n == 0 {
			return fmt.Errorf("kernel: PYN_WORKER_MEMORY_LIMIT=%q is not a number of bytes (or -1 for no limit)", v)
		}
		wo.MemoryBytes = n
	}
	k, err := kernel.New(ci, kernel.Options{Log: log, NewExecutor: kernel.NewWorkerExecutor(wo)})
	if err != nil {
		return err
	}
	// Signal mode: a SIGINT interrupts the running cell, as Jupyter sends
	// it to kernels whose spec asks for interrupt_mode "signal". SIGTERM
	// and SIGHUP stop the kernel.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	notifyDump(sigs)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for s := range sigs {
			if s == os.Interrupt {
				k.Interrupt()
				continue
			}
			if isDumpSignal(s) {
				// Where a kernel hangs, for its log: the default dump
				// would go to a cell's output, or nowhere.
				fmt.Fprintln(log, "pyn kernel: goroutine dump on request:")
				pprof.Lookup("goroutine").WriteTo(log, 2)
				continue
			}
			cancel()
			return
		}
	}()
	go watchParent(cancel)
	_, err = k.Serve(ctx)
	return err
}

// watchParent stops the kernel when the Jupyter process that started it
// is gone (killed without shutting its kernels down), so that no orphan
// kernel lingers. Jupyter names itself in JPY_PARENT_PID, as ipykernel
// expects.
func watchParent(stop func()) {
	pid, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil || pid <= 1 {
		return
	}
	for range time.Tick(2 * time.Second) {
		if !processAlive(pid) {
			stop()
			return
		}
	}
}
