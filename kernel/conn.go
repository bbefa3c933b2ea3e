package kernel

// The connection file: where the kernel listens and how it signs.

import (
	"encoding/json"
	"fmt"
	"os"
)

// ConnectionInfo is the content of a Jupyter connection file: where the
// kernel listens and how messages are signed.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" or "ipc"
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and checks the connection file at path.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var ci ConnectionInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return ci, fmt.Errorf("kernel: reading connection file: %w", err)
	}
	if err := json.Unmarshal(b, &ci); err != nil {
		return ci, fmt.Errorf("kernel: connection file %s: %w", path, err)
	}
	if err := ci.check(); err != nil {
		return ci, fmt.Errorf("kernel: connection file %s: %w", path, err)
	}
	return ci, nil
}

// check fills defaults and rejects what the kernel cannot serve.
func (ci *ConnectionInfo) check() error {
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.IP == "" {
		ci.IP = "127.0.0.1"
	}
	if ci.SignatureScheme == "" {
		ci.SignatureScheme = "hmac-sha256"
	}
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return fmt.Errorf("transport %q is not supported (want tcp or ipc)", ci.Transport)
	}
	if ci.SignatureScheme != "hmac-sha256" {
		return fmt.Errorf("signature scheme %q is not supported (want hmac-sha256)", ci.SignatureScheme)
	}
	for _, p := range []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"control_port", ci.ControlPort}, {"stdin_port", ci.StdinPort},
		{"iopub_port", ci.IOPubPort}, {"hb_port", ci.HBPort}} {
		if p.port < 0 || p.port > 65535 {
			return fmt.Errorf("%s %d is out of range", p.name, p.port)
		}
		if p.port == 0 && ci.Transport == "ipc" {
			return fmt.Errorf("%s must be set for the ipc transport", p.name)
		}
	}
	return nil
}

// endpoint returns the ZeroMQ endpoint for port. Port 0 on tcp binds a
// free port, which Kernel.Connection then reports.
func (ci *ConnectionInfo) endpoint(port int) string {
	return ci.endpointVia("", port)
}

// endpointVia is endpoint with the transport scheme replaced by scheme
// (a registered guarded transport, see framelimit.go) unless it is "".
func (ci *ConnectionInfo) endpointVia(scheme string, port int) string {
	if ci.Transport == "ipc" {
		if scheme == "" {
			scheme = "ipc"
		}
		return fmt.Sprintf("%s://%s-%d", scheme, ci.IP, port)
	}
	if scheme == "" {
		scheme = "tcp"
	}
	ip := ci.IP
	if ip == "*" {
		ip = "0.0.0.0"
	}
	return fmt.Sprintf("%s://%s:%d", scheme, ip, port)
}
