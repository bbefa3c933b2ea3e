package kernel

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// zmtpGreeting is a valid ZMTP 3.0 greeting with the NULL mechanism
// (rfc.zeromq.org/spec/23: signature, version, mechanism, as-server,
// filler; 64 bytes).
func zmtpGreeting() []byte {
	g := make([]byte, 64)
	g[0], g[9] = 0xff, 0x7f
	g[10], g[11] = 3, 0
	copy(g[12:], "NULL")
	return g
}

// longFrame is the header of a long frame with the given flags announcing
// size bytes.
func longFrame(flags byte, size uint64) []byte {
	h := make([]byte, 9)
	h[0] = flags | zmtpLong
	binary.BigEndian.PutUint64(h[1:], size)
	return h
}

func TestFrameGuard(t *testing.T) {
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	short := func(flags byte, body string) []byte { return append([]byte{flags, byte(len(body))}, body...) }
	for _, test := range []struct {
		name string
		in   []byte
		bad  bool
	}{
		{"greeting only", zmtpGreeting(), false},
		{"small frames", cat(zmtpGreeting(), short(zmtpCommand, "READY"), short(zmtpMore, "id"), short(0, "body")), false},
		{"terabyte command before the handshake", cat(zmtpGreeting(), longFrame(zmtpCommand, 1<<40)), true},
		{"terabyte message frame", cat(zmtpGreeting(), short(zmtpCommand, "READY"), longFrame(0, 1<<40)), true},
		{"largest frame allowed", cat(zmtpGreeting(), longFrame(0, 1000)), false},
		{"one byte over", cat(zmtpGreeting(), longFrame(0, 1001)), true},
		// 4 frames of 1000 bytes in one message exceed 3000 in total.
		{"message over its limit", cat(zmtpGreeting(), longFrame(zmtpMore, 1000), make([]byte, 1000),
			longFrame(zmtpMore, 1000), make([]byte, 1000), longFrame(zmtpMore, 1000), make([]byte, 1000), longFrame(0, 1000)), true},
		{"messages under the limit each", cat(zmtpGreeting(), longFrame(zmtpMore, 1000), make([]byte, 1000),
			longFrame(0, 1000), make([]byte, 1000), longFrame(zmtpMore, 1000), make([]byte, 1000), longFrame(0, 1000)), false},
	} {
		t.Run(test.name, func(t *testing.T) {
			// Fed whole and byte by byte: the verdict must not depend on
			// how reads split the stream.
			for _, step := range []int{len(test.in), 1, 7} {
				g := newFrameGuard(1000, 3000)
				var err error
				for i := 0; i < len(test.in) && err == nil; i += step {
					err = g.feed(test.in[i:min(i+step, len(test.in))])
				}
				if (err != nil) != test.bad || err != nil && !errors.Is(err, ErrTooLarge) {
					t.Errorf("step %d: err %v, want too large: %v", step, err, test.bad)
				}
			}
		})
	}
}

// TestHugeFrameHeader sends the kernel's shell port, over raw TCP, a
// greeting and a 9-byte frame header announcing a terabyte, before any
// key is checked. The ZeroMQ library would allocate the terabyte (a fatal
// out-of-memory that kills the process); the guard closes the connection
// and the kernel answers the next client.
func TestHugeFrameHeader(t *testing.T) {
	h := start(t)
	ci := h.k.Connection()
	for _, port := range []int{ci.ShellPort, ci.ControlPort, ci.HBPort, ci.IOPubPort, ci.StdinPort} {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatal(err)
		}
		c.Write(zmtpGreeting())
		c.Write(longFrame(zmtpCommand, 1<<40))
		// The kernel closes the connection: the read ends (after the
		// kernel's own greeting bytes) with EOF or a reset.
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 256)
		for {
			if _, err := c.Read(buf); err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					t.Errorf("port %d: connection still open 5 s after a 1 TB frame header", port)
				}
				break
			}
		}
		c.Close()
	}
	rep, _ := h.c.execute("print still here", nil)
	if content(rep)["status"] != "ok" {
		t.Errorf("after the oversized frames: %v", content(rep))
	}
	if log := h.log.String(); !strings.Contains(log, "a frame announces 1099511627776 bytes") {
		t.Errorf("log does not report the oversized frame:\n%s", log)
	}
}

// TestReplayedMessage sends one signed execute_request three times, byte
// for byte: it runs once, the copies are refused and logged.
func TestReplayedMessage(t *testing.T) {
	h := start(t)
	hd := Header{MsgID: h.c.ids.next(), Session: h.c.session, Username: "test", Date: now(), MsgType: "execute_request", Version: ProtocolVersion}
	frames, err := h.c.signer.encode(nil, hd, nil, nil, map[string]any{"code": "incr\nvalue once", "silent": false})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := h.c.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
			t.Fatal(err)
		}
	}
	h.c.reply(h.c.shellC, hd.MsgID, 5*time.Second)
	// A fresh request after the copies: its reply proves they were read.
	h.c.execute("print after", nil)
	h.fake.mu.Lock()
	n := h.fake.counter
	h.fake.mu.Unlock()
	if n != 1 {
		t.Errorf("the replayed cell ran %d times, want 1", n)
	}
	if got := strings.Count(h.log.String(), ErrReplayed.Error()); got != 2 {
		t.Errorf("log reports %d replays, want 2:\n%s", got, h.log.String())
	}
}

func TestEmptyKeyWarning(t *testing.T) {
	h := startWith(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: ""})
	id := h.c.send(h.c.shell, "kernel_info_request", map[string]any{})
	banner, _ := content(h.c.reply(h.c.shellC, id, 5*time.Second))["banner"].(string)
	if !strings.HasPrefix(banner, emptyKeyWarning) {
		t.Errorf("banner does not start with the warning: %q", banner)
	}
	if !strings.Contains(h.log.String(), emptyKeyWarning) {
		t.Errorf("log lacks the warning:\n%s", h.log.String())
	}
	// A kernel with a key says nothing of the kind.
	h2 := start(t)
	id = h2.c.send(h2.c.shell, "kernel_info_request", map[string]any{})
	if banner, _ := content(h2.c.reply(h2.c.shellC, id, 5*time.Second))["banner"].(string); strings.Contains(banner, "WARNING") {
		t.Errorf("keyed kernel warns: %q", banner)
	}
}

// TestHugeCell sends a signed 200 MB cell: it is answered with an error
// naming the limit, without running or being parsed, and the kernel
// goes on.
func TestHugeCell(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 200 MB")
	}
	h := start(t)
	code := "print x\n" + strings.Repeat("// padding padding padding padding\n", 200<<20/35)
	rep, out := h.c.execute(code, nil)
	c := content(rep)
	if c["status"] != "error" || c["ename"] != "TooLarge" || !strings.Contains(c["evalue"].(string), "limit on a request's code is 16777216 bytes") {
		t.Errorf("reply %v", c["evalue"])
	}
	if got := strings.Join(types(out), " "); !strings.Contains(got, "error") {
		t.Errorf("iopub %s", got)
	}
	h.fake.mu.Lock()
	for _, c := range h.fake.ran {
		if len(c) > DefaultMaxCodeBytes {
			t.Errorf("a cell of %d bytes was executed", len(c))
		}
	}
	h.fake.mu.Unlock()
	if rep, _ := h.c.execute("print after", nil); content(rep)["status"] != "ok" {
		t.Errorf("after the huge cell: %v", content(rep))
	}
}
