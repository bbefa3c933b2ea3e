package kernel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pyn-go/pyn/kernel"
	"github.com/pyn-go/pyn/session"
)

// Jupyter writes a connection file and starts the kernel with its path.
func ExampleReadConnectionFile() {
	dir, _ := os.MkdirTemp("", "pyn-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "kernel-1.json")
	os.WriteFile(path, []byte(`{"transport": "tcp", "ip": "127.0.0.1",
		"shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
		"key": "8c1b7c5e-3c9e-4f0e-9f0a-2f6d1d2c4b11", "signature_scheme": "hmac-sha256", "kernel_name": "pyn"}`), 0o600)
	ci, err := kernel.ReadConnectionFile(path)
	fmt.Println(ci.Transport, ci.IP, ci.ShellPort, ci.HBPort, ci.SignatureScheme, err)
	// Output: tcp 127.0.0.1 53794 53798 hmac-sha256 <nil>
}

// A kernel serving the interpreter session until ctx is cancelled (pyn
// kernel cancels it on SIGTERM) or a client asks for shutdown. Port 0
// binds a free port; Connection reports which.
func ExampleNew() {
	k, err := kernel.New(kernel.ConnectionInfo{IP: "127.0.0.1", Key: "secret"}, kernel.Options{
		NewExecutor: func(o session.Options) (kernel.Executor, error) { return session.New(o) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ci := k.Connection()
	fmt.Println(ci.Transport, ci.ShellPort > 0, ci.IOPubPort > 0, ci.HBPort > 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stop at once: this example has no client
	restart, err := k.Serve(ctx)
	fmt.Println(restart, err)
	// Output:
	// tcp true true true
	// false <nil>
}
