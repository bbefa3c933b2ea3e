package kernel

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/pyn-go/pyn/session"
)

// TestRealSession drives the kernel with the real interpreter session
// (New's default executor) over real sockets: output, values, errors,
// rich displays, and the interrupt of a long pyn simulation.
func TestRealSession(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter and simulates")
	}
	log := &syncBuffer{}
	k, err := New(ConnectionInfo{IP: "127.0.0.1", Key: testKey}, Options{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		k.Serve(ctx)
		close(served)
	}()
	defer func() {
		cancel()
		<-served
	}()
	c := dialClient(t, k.Connection())

	for _, test := range []struct {
		code   string
		status string
		types  string
		text   string // expected in the first output's text or text/plain
	}{
		{`fmt.Println("hello, world")`, "ok", "stream", "hello, world\n"},
		{"x := 20\nx + 22", "ok", "execute_result", "42"},
		{`display.Display(display.HTML("<b>pyn</b>"))`, "ok", "display_data", "<HTML>"},
		{"y := undefinedName", "error", "error", ""},
		{`panic("boom")`, "error", "error", ""},
		{"x", "ok", "execute_result", "20"},
		// Issue 6: a panic in a goroutine the cell started, or in pyn's
		// compiled code, is the cell's error and never kills the kernel.
		{"import \"sync\"\nvar wg sync.WaitGroup\nwg.Add(1)\ngo func() { defer wg.Done(); panic(\"in a goroutine\") }()\nwg.Wait()\nwaited := true", "error", "error", ""},
		{"var nilNet *pyn.Network\nnilNet.Connect(\"a\", \"b\", pyn.Conn{})", "error", "error", ""},
		{"x + 1", "ok", "execute_result", "21"},
		{`display.Display("a"); display.ClearOutput(true); display.Display("b")`, "ok",
			"display_data clear_output display_data", "a"},
	} {
		rep, out := c.execute(test.code, nil)
		if st := content(rep)["status"]; st != test.status {
			t.Errorf("%q: status %v (%v)", test.code, st, content(rep))
		}
		got := types(out)
		if strings.Join(got[2:len(got)-1], " ") != test.types {
			t.Errorf("%q: iopub %v, want %s", test.code, got, test.types)
			continue
		}
		if test.text == "" {
			continue
		}
		cont := content(out[2])
		text, _ := cont["text"].(string)
		if d, ok := cont["data"].(map[string]any); ok {
			text, _ = d["text/plain"].(string)
		}
		if text != test.text {
			t.Errorf("%q: output %q, want %q", test.code, text, test.text)
		}
	}

	// display.ClearOutput reaches the client with its wait flag.
	for _, wait := range []bool{false, true} {
		_, out := c.execute(fmt.Sprintf("display.ClearOutput(%v)", wait), nil)
		if got := types(out); len(got) != 4 || got[2] != "clear_output" || content(out[2])["wait"] != wait {
			t.Errorf("ClearOutput(%v): iopub %v", wait, got)
		}
	}

	if raceDetector {
		t.Log("skipping the interrupt of a real simulation under the race detector")
		return
	}
	rep, _ := c.execute(`big := pyn.NewIzhikevich("big", 1000, pyn.RegularSpiking)
net := pyn.NewNetwork(big)
err := net.Connect("big", "big", pyn.Conn{P: 0.1})
kept := 7`, nil)
	if content(rep)["status"] != "ok" {
		t.Fatalf("setup: %v", content(rep))
	}
	id := c.send(c.shell, "execute_request", map[string]any{"code": `res, err := net.Simulate(pyn.Sim{T: 1e6, Dt: 0.1, IExt: map[string][]pyn.Stim{"big": {{Amp: 5, Std: 3}}}})`})
	time.Sleep(time.Second)
	t0 := time.Now()
	c.send(c.control, "interrupt_request", map[string]any{})
	rep = c.reply(c.shellC, id, 10*time.Second)
	d := time.Since(t0)
	// Issue 6: an interrupt stops a running Simulate within half a second.
	if d > 500*time.Millisecond || content(rep)["status"] != "error" {
		t.Errorf("Simulate interrupted: reply %v after %v, want an error within 0.5 s", content(rep), d)
	}
	t.Logf("Simulate stopped %v after the interrupt_request: %s", d, content(rep)["ename"])
	c.outputs(id, 10*time.Second)
	rep, out := c.execute("kept", nil)
	if got := types(out); len(got) != 4 || got[2] != "execute_result" {
		for _, m := range out {
			if m.Header.MsgType == "stream" {
				t.Logf("stream: %s", content(m)["text"])
			}
		}
		t.Fatalf("kept after the interrupt: reply %v, iopub %v", content(rep), got)
	}
	if v := content(out[2])["data"].(map[string]any)["text/plain"]; v != "7" {
		t.Errorf("kept = %v after the interrupt, want 7", v)
	}
}

// TestLogOutsideCells: the kernel's own diagnostics, written while a cell
// runs, must not appear in the cell's output. The session redirects
// descriptor 2 into the cell, so a log on os.Stderr would; the default
// log is session.ProcessStderr, which bypasses that capture.
func TestLogOutsideCells(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter")
	}
	k, err := New(ConnectionInfo{IP: "127.0.0.1", Key: testKey}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if k.log != session.ProcessStderr() {
		t.Errorf("default log is %v, want session.ProcessStderr()", k.log)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		k.Serve(ctx)
		close(served)
	}()
	defer func() {
		cancel()
		<-served
	}()
	c := dialClient(t, k.Connection())
	id := c.send(c.shell, "execute_request", map[string]any{"code": "import \"time\"\ntime.Sleep(800 * time.Millisecond)\nfmt.Println(\"done\")"})
	time.Sleep(300 * time.Millisecond)
	// Both are logged while the cell sleeps: an unknown control request
	// and a message signed with the wrong key.
	c.send(c.control, "usage_request", map[string]any{})
	forger := newSigner("not-the-key")
	h := Header{MsgID: uuid(), Session: "forger", Username: "x", Date: now(), MsgType: "kernel_info_request", Version: ProtocolVersion}
	frames, _ := forger.encode(nil, h, nil, nil, map[string]any{})
	if err := c.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		t.Fatal(err)
	}
	if st := content(c.reply(c.shellC, id, 10*time.Second))["status"]; st != "ok" {
		t.Errorf("cell status %v", st)
	}
	var text strings.Builder
	for _, m := range c.outputs(id, 10*time.Second) {
		if m.Header.MsgType == "stream" {
			text.WriteString(content(m)["text"].(string))
		}
	}
	if text.String() != "done\n" {
		t.Errorf("cell output %q, want only %q (kernel diagnostics leaked into the cell?)", text.String(), "done\n")
	}
}
