//go:build unix

package session

import (
	"os/exec"
	"syscall"
)

// setProcessGroup makes cmd the leader of a new process group and its
// cancellation kill the whole group, so that an interrupt also stops
// what the command started (a pipeline, a script's children).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
