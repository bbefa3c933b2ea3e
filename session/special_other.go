//go:build !unix

package session

import "os/exec"

// setProcessGroup leaves cmd as it is: the interrupt kills the command
// itself (exec.CommandContext's default).
func setProcessGroup(*exec.Cmd) {}
