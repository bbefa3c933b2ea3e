package kernel

import (
	"context"
	"strings"
	"testing"
	"time"
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
