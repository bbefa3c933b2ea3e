package main

import (
	"fmt"
	"os"

	"github.com/pyn-go/pyn/kernel"
)

// workerEnv marks a process started as the kernel's interpreter worker;
// a test binary, which cannot take the worker command, checks it.
const workerEnv = "PYN_WORKER"

func init() {
	register(&command{
		Name:   "worker",
		Usage:  "worker",
		Short:  "run cells for a kernel (started by pyn kernel, not by hand)",
		Run:    func([]string) error { os.Exit(runWorker()); return nil },
		Hidden: true,
	})
}

// runWorker serves the kernel's worker protocol and returns the exit
// status.
func runWorker() int {
	if os.Getenv(workerEnv) != "1" {
		fmt.Fprintln(os.Stderr, "pyn: worker is started by pyn kernel, not by hand")
		return 2
	}
	if err := kernel.RunWorker(); err != nil {
		fmt.Fprintln(os.Stderr, "pyn worker:", err)
		return 1
	}
	return 0
}
