//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestKernelExitsWithParent: a kernel whose Jupyter (JPY_PARENT_PID) is
// gone stops by itself instead of lingering as an orphan.
func TestKernelExitsWithParent(t *testing.T) {
	parent := exec.Command("true")
	if err := parent.Run(); err != nil {
		t.Skip("cannot start a short-lived process:", err)
	}
	t.Setenv("JPY_PARENT_PID", strconv.Itoa(parent.Process.Pid)) // exited and reaped
	conn := filepath.Join(t.TempDir(), "kernel.json")
	// Port 0: the kernel binds free ports.
	os.WriteFile(conn, []byte(`{"transport":"tcp","ip":"127.0.0.1","key":"k","signature_scheme":"hmac-sha256"}`), 0o600)
	done := make(chan error, 1)
	go func() { done <- kernelCmd([]string{"--connection-file", conn}) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("kernel still running 10 s after its parent exited")
	}
}
