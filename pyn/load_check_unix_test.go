//go:build unix

package pyn

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadFIFO: an array file that is a FIFO with no writer would block a
// plain open forever; Load refuses it at once.
func TestLoadFIFO(t *testing.T) {
	dir, err := Save(savedFixture(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"0_exc_spikes_t.npy", experimentFile} {
		p := filepath.Join(dir, name)
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip(err)
		}
		_, err = Load(dir)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), name+" is not a regular file") {
			t.Errorf("Load with %s a FIFO: err = %v, want ErrCorrupt naming it", name, err)
		}
	}
}
