package session

// Descriptor redirection on Linux.

import (
	"io"
	"os"
	"syscall"
)

// redirect points fd at the write end of a new pipe and starts copying the
// pipe to dest. The pipe is blocking: a non-blocking descriptor 1 would
// make large writes through os.Stdout fail with EAGAIN.
func redirect(fd int, dest io.Writer) (*stream, error) {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return nil, err
	}
	saved, err := syscall.Dup(fd)
	if err != nil {
		syscall.Close(p[0])
		syscall.Close(p[1])
		return nil, err
	}
	syscall.CloseOnExec(saved)
	if err := syscall.Dup3(p[1], fd, 0); err != nil {
		syscall.Close(p[0])
		syscall.Close(p[1])
		syscall.Close(saved)
		return nil, err
	}
	st := &stream{
		fd: fd, saved: saved,
		r:      os.NewFile(uintptr(p[0]), "capture-r"),
		w:      os.NewFile(uintptr(p[1]), "capture-w"),
		done:   make(chan struct{}),
		synced: make(chan struct{}, 1),
	}
	st.dest = st.destFor(dest)
	go st.run()
	return st, nil
}

func restoreFD(saved, fd int) { syscall.Dup3(saved, fd, 0) } //nolint:errcheck // nothing better to do

func closeFD(fd int) { syscall.Close(fd) } //nolint:errcheck

// processStderr is a duplicate of descriptor 2 made before any capture.
var processStderr = func() *os.File {
	fd, err := syscall.Dup(2)
	if err != nil {
		return os.Stderr
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "stderr")
}()
