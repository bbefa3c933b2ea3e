//go:build unix

package pyn

import "syscall"

// openNoFollow opens without blocking on a FIFO or device and without
// following a symbolic link.
const openNoFollow = syscall.O_NONBLOCK | syscall.O_NOFOLLOW
