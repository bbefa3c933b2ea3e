package kernel

import (
	"bytes"
	"context"
	"encoding/base64"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// syncBuffer is a log that tests read while the kernel writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type harness struct {
	k      *Kernel
	c      *testClient
	fake   *fakeExec
	log    *syncBuffer
	served chan bool // receives Serve's restart flag when it returns
}

const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

// start runs a kernel with a fake executor on free ports and connects a
// test client.
func start(t *testing.T) *harness {
	t.Helper()
	return startWith(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"})
}

func startWith(t *testing.T, ci ConnectionInfo) *harness {
	t.Helper()
	h := &harness{fake: &fakeExec{}, log: &syncBuffer{}, served: make(chan bool, 1)}
	k, err := New(ci, Options{Log: h.log, NewExecutor: func(o session.Options) (Executor, error) {
		h.fake.opts = o
		return h.fake, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	h.k = k
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		restart, _ := k.Serve(ctx)
		h.served <- restart
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.served:
		case <-time.After(5 * time.Second):
			t.Error("kernel did not stop within 5 s")
		}
	})
	h.c = dialClient(t, k.Connection())
	return h
}

func TestKernelInfo(t *testing.T) {
	h := start(t)
	for _, ch := range []struct {
		name string
		s    zmq4.Socket
		c    chan *Message
	}{{"shell", h.c.shell, h.c.shellC}, {"control", h.c.control, h.c.controlC}} {
		t.Run(ch.name, func(t *testing.T) {
			id := h.c.send(ch.s, "kernel_info_request", map[string]any{})
			rep := h.c.reply(ch.c, id, 5*time.Second)
			if rep.Header.MsgType != "kernel_info_reply" {
				t.Fatalf("reply type %q", rep.Header.MsgType)
			}
			c := content(rep)
			li := c["language_info"].(map[string]any)
			// Expected values: issue 6 and the protocol 5.3 kernel_info spec.
			for k, want := range map[string]any{"status": "ok", "protocol_version": "5.3", "implementation": "pyn"} {
				if c[k] != want {
					t.Errorf("%s = %v, want %v", k, c[k], want)
				}
			}
			for k, want := range map[string]any{"name": "go", "mimetype": "text/x-go", "file_extension": ".go",
				"pygments_lexer": "go", "codemirror_mode": "go"} {
				if li[k] != want {
					t.Errorf("language_info.%s = %v, want %v", k, li[k], want)
				}
			}
			if c["banner"] == "" || len(c["help_links"].([]any)) == 0 {
				t.Errorf("banner %q, help_links %v", c["banner"], c["help_links"])
			}
			if rep.Header.Version != "5.3" || rep.Header.Session == "" || rep.Header.MsgID == "" {
				t.Errorf("header %+v", rep.Header)
			}
		})
	}
}

func TestExecute(t *testing.T) {
	h := start(t)
	for _, test := range []struct {
		name   string
		code   string
		status string
		types  []string // iopub message types between busy/input and idle
		check  func(t *testing.T, out []*Message)
	}{
		{"stdout", "print hello, world", "ok", []string{"stream"}, func(t *testing.T, out []*Message) {
			c := content(out[2])
			if c["name"] != "stdout" || c["text"] != "hello, world\n" {
				t.Errorf("stream %v", c)
			}
		}},
		{"order", "print a\neprint b\nprint c", "ok", []string{"stream", "stream", "stream"}, func(t *testing.T, out []*Message) {
			var got []string
			for _, m := range out[2:5] {
				c := content(m)
				got = append(got, c["name"].(string)+":"+c["text"].(string))
			}
			if want := "stdout:a\n stderr:b\n stdout:c\n"; strings.Join(got, " ") != want {
				t.Errorf("streams %q, want %q", strings.Join(got, " "), want)
			}
		}},
		{"value", "print x\nvalue 42", "ok", []string{"stream", "execute_result"}, func(t *testing.T, out []*Message) {
			c := content(out[3])
			if c["data"].(map[string]any)["text/plain"] != "42" || c["execution_count"] == nil {
				t.Errorf("execute_result %v", c)
			}
		}},
		{"display", "display", "ok", []string{"display_data"}, func(t *testing.T, out []*Message) {
			c := content(out[2])
			b64, _ := c["data"].(map[string]any)["image/png"].(string)
			b, err := base64.StdEncoding.DecodeString(b64)
			if err != nil || !bytes.Equal(b, tinyPNG) {
				t.Errorf("image/png does not decode to the PNG displayed: %v", err)
			}
		}},
		{"progress", "progress 2", "ok", []string{"display_data", "update_display_data", "update_display_data"}, func(t *testing.T, out []*Message) {
			for _, m := range out[2:5] {
				if id := content(m)["transient"].(map[string]any)["display_id"]; id != "progress-1" {
					t.Errorf("%s display_id %v", m.Header.MsgType, id)
				}
			}
		}},
		{"update of an unseen id", "update-only", "ok", []string{"display_data"}, nil},
		{"clear", "print x\nclear", "ok", []string{"stream", "clear_output"}, func(t *testing.T, out []*Message) {
			if c := content(out[3]); c["wait"] != false {
				t.Errorf("clear_output %v, want wait false", c)
			}
		}},
		{"clear wait", "display\nclear wait\ndisplay", "ok", []string{"display_data", "clear_output", "display_data"}, func(t *testing.T, out []*Message) {
			if c := content(out[3]); c["wait"] != true {
				t.Errorf("clear_output %v, want wait true", c)
			}
		}},
		{"error", "print before\nerror undefined: x", "error", []string{"stream", "error"}, func(t *testing.T, out []*Message) {
			c := content(out[3])
			if c["ename"] != "CompileError" || c["evalue"] != "undefined: x" || len(c["traceback"].([]any)) == 0 {
				t.Errorf("error %v", c)
			}
		}},
		{"panic", "panic boom", "error", []string{"error"}, func(t *testing.T, out []*Message) {
			if c := content(out[2]); c["ename"] != "Panic" || c["evalue"] != "boom" {
				t.Errorf("error %v", c)
			}
		}},
		{"after panic", "value alive", "ok", []string{"execute_result"}, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			rep, out := h.c.execute(test.code, nil)
			if st := content(rep)["status"]; st != test.status {
				t.Errorf("reply status %v, want %v (%v)", st, test.status, content(rep))
			}
			want := append(append([]string{"status:busy", "execute_input"}, test.types...), "status:idle")
			if got := types(out); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("iopub %v, want %v", got, want)
			}
			if c := content(out[1]); c["code"] != test.code {
				t.Errorf("execute_input code %q", c["code"])
			}
			if test.check != nil {
				test.check(t, out)
			}
		})
	}
}

func TestExecutionCountAndSilent(t *testing.T) {
	h := start(t)
	rep, _ := h.c.execute("value a", nil)
	n := content(rep)["execution_count"].(float64)
	rep, out := h.c.execute("print quiet\nvalue b", map[string]any{"silent": true})
	if got := types(out); strings.Join(got, " ") != "status:busy status:idle" {
		t.Errorf("silent cell published %v", got)
	}
	if c := content(rep)["execution_count"].(float64); c != n {
		t.Errorf("silent cell changed execution_count %v -> %v", n, c)
	}
	h.c.execute("value c", map[string]any{"store_history": false})
	rep, out = h.c.execute("value d", nil)
	if c := content(rep)["execution_count"].(float64); c != n+1 {
		t.Errorf("execution_count %v, want %v (store_history false must not count)", c, n+1)
	}
	if c := content(out[1])["execution_count"].(float64); c != n+1 {
		t.Errorf("execute_input execution_count %v", c)
	}
}

func TestUserExpressions(t *testing.T) {
	h := start(t)
	rep, _ := h.c.execute("print x", map[string]any{"user_expressions": map[string]any{"a": "value 7", "b": "error no"}})
	ue := content(rep)["user_expressions"].(map[string]any)
	a := ue["a"].(map[string]any)
	if a["status"] != "ok" || a["data"].(map[string]any)["text/plain"] != "7" {
		t.Errorf("user expression a = %v", a)
	}
	if b := ue["b"].(map[string]any); b["status"] != "error" || b["ename"] != "CompileError" {
		t.Errorf("user expression b = %v", b)
	}
}

func TestInterrupt(t *testing.T) {
	h := start(t)
	h.c.execute("incr", nil)
	id := h.c.send(h.c.shell, "execute_request", map[string]any{"code": "sleep 60000", "silent": false, "stop_on_error": true})
	time.Sleep(300 * time.Millisecond)
	// Heartbeat and control are answered while the cell runs.
	if err := h.c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
		t.Fatal(err)
	}
	if m, err := h.c.hb.Recv(); err != nil || string(m.Bytes()) != "ping" {
		t.Fatalf("heartbeat during a cell: %q %v", m.Bytes(), err)
	}
	t0 := time.Now()
	iid := h.c.send(h.c.control, "interrupt_request", map[string]any{})
	if rep := h.c.reply(h.c.controlC, iid, 2*time.Second); content(rep)["status"] != "ok" {
		t.Errorf("interrupt_reply %v", content(rep))
	}
	rep := h.c.reply(h.c.shellC, id, 5*time.Second)
	// Issue 6: a running cell stops within half a second of the interrupt.
	if d := time.Since(t0); d > 500*time.Millisecond {
		t.Errorf("cell stopped %v after the interrupt, want < 0.5 s", d)
	}
	if c := content(rep); c["status"] != "error" || c["ename"] != "Interrupted" {
		t.Errorf("interrupted reply %v", c)
	}
	h.c.outputs(id, 5*time.Second)
	// State survives: the counter goes on from 1.
	_, out := h.c.execute("incr", nil)
	if v := content(out[2])["data"].(map[string]any)["text/plain"]; v != "2" {
		t.Errorf("counter after interrupt = %v, want 2", v)
	}

	// Signal mode: Kernel.Interrupt is what SIGINT calls.
	id = h.c.send(h.c.shell, "execute_request", map[string]any{"code": "sleep 60000"})
	time.Sleep(200 * time.Millisecond)
	t0 = time.Now()
	h.k.Interrupt()
	rep = h.c.reply(h.c.shellC, id, 5*time.Second)
	if d := time.Since(t0); d > 500*time.Millisecond || content(rep)["ename"] != "Interrupted" {
		t.Errorf("Interrupt: reply %v after %v", content(rep), d)
	}
}

func TestBadSignatureRejected(t *testing.T) {
	h := start(t)
	for _, test := range []struct {
		name string
		key  string // signing key of the forger; "" sends no signature
	}{
		{"wrong key", "not-the-key"},
		{"missing signature", ""},
	} {
		t.Run(test.name, func(t *testing.T) {
			forger := newSigner(test.key)
			hd := Header{MsgID: uuid(), Session: "forger", Username: "x", Date: now(), MsgType: "execute_request", Version: ProtocolVersion}
			frames, _ := forger.encode(nil, hd, nil, nil, map[string]any{"code": "print pwned"})
			if err := h.c.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
				t.Fatal(err)
			}
			select {
			case m := <-h.c.shellC:
				t.Fatalf("kernel answered a forged message with %s", m.Header.MsgType)
			case <-time.After(500 * time.Millisecond):
			}
			for _, c := range h.fake.cells() {
				if strings.Contains(c, "pwned") {
					t.Fatal("forged cell was executed")
				}
			}
			if !strings.Contains(h.log.String(), "bad or missing message signature") {
				t.Errorf("rejection not logged; log:\n%s", h.log.String())
			}
		})
	}
	// The kernel still serves signed requests.
	if rep, _ := h.c.execute("value ok", nil); content(rep)["status"] != "ok" {
		t.Errorf("after forgeries: %v", content(rep))
	}
}

func TestStopOnError(t *testing.T) {
	h := start(t)
	for _, test := range []struct {
		stop       bool
		wantSecond string
	}{{true, "aborted"}, {false, "ok"}} {
		before := len(h.fake.cells())
		// The first cell fails only after the next two are queued.
		id1 := h.c.send(h.c.shell, "execute_request", map[string]any{"code": "sleep 300\nerror bad", "stop_on_error": test.stop})
		id2 := h.c.send(h.c.shell, "execute_request", map[string]any{"code": "value second"})
		id3 := h.c.send(h.c.shell, "execute_request", map[string]any{"code": "value third"})
		if st := content(h.c.reply(h.c.shellC, id1, 5*time.Second))["status"]; st != "error" {
			t.Errorf("stop_on_error=%v: first status %v", test.stop, st)
		}
		for _, id := range []string{id2, id3} {
			if st := content(h.c.reply(h.c.shellC, id, 5*time.Second))["status"]; st != test.wantSecond {
				t.Errorf("stop_on_error=%v: queued cell status %v, want %v", test.stop, st, test.wantSecond)
			}
		}
		ran := len(h.fake.cells()) - before
		if want := map[bool]int{true: 1, false: 3}[test.stop]; ran != want {
			t.Errorf("stop_on_error=%v: %d cells ran, want %d", test.stop, ran, want)
		}
		// After the aborts the kernel executes again.
		if rep, _ := h.c.execute("value again", nil); content(rep)["status"] != "ok" {
			t.Errorf("after abort: %v", content(rep))
		}
	}
}

func TestShellRequests(t *testing.T) {
	h := start(t)
	for _, test := range []struct {
		name    string
		msgType string
		content map[string]any
		want    map[string]any
	}{
		// cursor_pos counts code points: "é" is one, so "é pri" has the
		// cursor 5 after the word start 2.
		{"complete", "complete_request", map[string]any{"code": "é pri", "cursor_pos": 5},
			map[string]any{"status": "ok", "matches": []any{"print"}, "cursor_start": 2.0, "cursor_end": 5.0}},
		{"inspect found", "inspect_request", map[string]any{"code": "print", "cursor_pos": 3, "detail_level": 0},
			map[string]any{"status": "ok", "found": true}},
		{"inspect missing", "inspect_request", map[string]any{"code": "zzz", "cursor_pos": 1, "detail_level": 0},
			map[string]any{"status": "ok", "found": false}},
		{"is_complete", "is_complete_request", map[string]any{"code": "print a"}, map[string]any{"status": "complete"}},
		{"is_complete incomplete", "is_complete_request", map[string]any{"code": "print a\\"}, map[string]any{"status": "incomplete", "indent": "  "}},
		{"is_complete invalid", "is_complete_request", map[string]any{"code": "error"}, map[string]any{"status": "invalid"}},
		{"is_complete pager", "is_complete_request", map[string]any{"code": "?print"}, map[string]any{"status": "complete"}},
		{"comm_info", "comm_info_request", map[string]any{}, map[string]any{"status": "ok", "comms": map[string]any{}}},
		{"history", "history_request", map[string]any{"output": false, "raw": true, "hist_access_type": "tail", "n": 5},
			map[string]any{"status": "ok", "history": []any{}}},
	} {
		t.Run(test.name, func(t *testing.T) {
			id := h.c.send(h.c.shell, test.msgType, test.content)
			rep := h.c.reply(h.c.shellC, id, 5*time.Second)
			if want := strings.Replace(test.msgType, "_request", "_reply", 1); rep.Header.MsgType != want {
				t.Errorf("reply type %s, want %s", rep.Header.MsgType, want)
			}
			got := content(rep)
			for k, v := range test.want {
				if !equalJSON(got[k], v) {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
			// Every shell request is wrapped in busy/idle.
			if got := types(h.c.outputs(id, 5*time.Second)); strings.Join(got, " ") != "status:busy status:idle" {
				t.Errorf("iopub %v", got)
			}
		})
	}
}

func equalJSON(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k := range x {
			if !equalJSON(x[k], y[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestHistoryAndPager(t *testing.T) {
	h := start(t)
	h.c.execute("value one", nil)
	h.c.execute("value two", nil)
	h.c.execute("value one", nil)
	rep, _ := h.c.execute("?print", nil)
	pl := content(rep)["payload"].([]any)
	if len(pl) != 1 || pl[0].(map[string]any)["source"] != "page" ||
		pl[0].(map[string]any)["data"].(map[string]any)["text/plain"] != "print TEXT writes TEXT to stdout" {
		t.Errorf("pager payload %v", pl)
	}
	for _, test := range []struct {
		name string
		req  map[string]any
		want int
	}{
		// Semantics from IPython's HistoryManager: tail = last n, range =
		// start ≤ line < stop, search = glob, unique drops repeats.
		{"tail", map[string]any{"hist_access_type": "tail", "n": 2}, 2},
		{"range", map[string]any{"hist_access_type": "range", "session": 0, "start": 1, "stop": 3}, 2},
		{"search", map[string]any{"hist_access_type": "search", "pattern": "value o*"}, 2},
		{"search unique", map[string]any{"hist_access_type": "search", "pattern": "value *", "unique": true}, 2},
		{"search n", map[string]any{"hist_access_type": "search", "pattern": "*", "n": 3}, 3},
	} {
		t.Run(test.name, func(t *testing.T) {
			test.req["output"], test.req["raw"] = true, true
			id := h.c.send(h.c.shell, "history_request", test.req)
			hist := content(h.c.reply(h.c.shellC, id, 5*time.Second))["history"].([]any)
			if len(hist) != test.want {
				t.Fatalf("%d entries, want %d: %v", len(hist), test.want, hist)
			}
			e := hist[0].([]any)
			if e[0].(float64) != historySession || len(e[2].([]any)) != 2 {
				t.Errorf("entry %v", e)
			}
		})
	}
}

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		h := start(t)
		id := h.c.send(h.c.control, "shutdown_request", map[string]any{"restart": restart})
		rep := h.c.reply(h.c.controlC, id, 5*time.Second)
		if c := content(rep); c["status"] != "ok" || c["restart"] != restart {
			t.Errorf("shutdown_reply %v", c)
		}
		select {
		case got := <-h.served:
			if got != restart {
				t.Errorf("Serve returned restart=%v, want %v", got, restart)
			}
			h.served <- got // for the cleanup
		case <-time.After(5 * time.Second):
			t.Fatal("Serve did not return after shutdown_request")
		}
	}
}

// TestIPCTransport serves over Unix domain sockets, which Jupyter uses
// when the connection file says "transport": "ipc".
func TestIPCTransport(t *testing.T) {
	dir, err := os.MkdirTemp("", "pyn-ipc")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	h := startWith(t, ConnectionInfo{Transport: "ipc", IP: filepath.Join(dir, "kernel"), Key: testKey,
		ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5})
	rep, out := h.c.execute("print over ipc\nvalue 1", nil)
	if content(rep)["status"] != "ok" || strings.Join(types(out), " ") != "status:busy execute_input stream execute_result status:idle" {
		t.Errorf("reply %v, iopub %v", content(rep), types(out))
	}
}

// TestUnencodableOutput: an output JSON cannot carry (NaN) is reported in
// the cell instead of vanishing.
func TestUnencodableOutput(t *testing.T) {
	h := start(t)
	id := h.c.send(h.c.shell, "execute_request", map[string]any{"code": "sleep 200"})
	time.Sleep(50 * time.Millisecond)
	h.fake.opts.Display(display.JSON(map[string]any{"x": math.NaN()}), false)
	h.c.reply(h.c.shellC, id, 5*time.Second)
	out := h.c.outputs(id, 5*time.Second)
	if got := strings.Join(types(out), " "); got != "status:busy execute_input stream status:idle" {
		t.Fatalf("iopub %v", got)
	}
	if c := content(out[2]); c["name"] != "stderr" || !strings.Contains(c["text"].(string), "cannot send this display_data") {
		t.Errorf("stream %v", c)
	}
}

func TestCloseUnserved(t *testing.T) {
	k, err := New(ConnectionInfo{IP: "127.0.0.1"}, Options{NewExecutor: func(o session.Options) (Executor, error) { return &fakeExec{opts: o}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	port := k.Connection().ShellPort
	k.Close()
	// The port is free again.
	k2, err := New(ConnectionInfo{IP: "127.0.0.1", ShellPort: port}, Options{NewExecutor: func(o session.Options) (Executor, error) { return &fakeExec{opts: o}, nil }})
	if err != nil {
		t.Fatalf("port %d still bound after Close: %v", port, err)
	}
	k2.Close()
}

func TestCommOpenClosed(t *testing.T) {
	h := start(t)
	id := h.c.send(h.c.shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	out := h.c.outputs(id, 5*time.Second)
	if got := strings.Join(types(out), " "); got != "status:busy comm_close status:idle" {
		t.Fatalf("iopub %v", got)
	}
	if c := content(out[1]); c["comm_id"] != "c1" {
		t.Errorf("comm_close %v", c)
	}
}

// TestNewPortTaken: a port in use is an error naming the socket, and the
// sockets bound before it are released.
func TestNewPortTaken(t *testing.T) {
	newFake := func(o session.Options) (Executor, error) { return &fakeExec{opts: o}, nil }
	k, err := New(ConnectionInfo{IP: "127.0.0.1"}, Options{NewExecutor: newFake})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	_, err = New(ConnectionInfo{IP: "127.0.0.1", IOPubPort: k.Connection().IOPubPort}, Options{NewExecutor: newFake})
	if err == nil || !strings.Contains(err.Error(), "kernel: binding iopub socket") {
		t.Errorf("second kernel on the same iopub port: %v", err)
	}
}

// TestUnknownRequests are ignored, logged once, and leave the kernel
// serving.
func TestUnknownRequests(t *testing.T) {
	h := start(t)
	for i := 0; i < 3; i++ {
		h.c.send(h.c.control, "usage_request", map[string]any{})
		h.c.send(h.c.shell, "frobnicate_request", map[string]any{})
	}
	if rep, _ := h.c.execute("value ok", nil); content(rep)["status"] != "ok" {
		t.Fatal(content(rep))
	}
	// Control is served in order: once this is answered, so were the
	// usage requests.
	h.c.reply(h.c.controlC, h.c.send(h.c.control, "kernel_info_request", map[string]any{}), 5*time.Second)
	log := h.log.String()
	if n := strings.Count(log, `ignoring "usage_request"`); n != 1 {
		t.Errorf("usage_request logged %d times, want 1:\n%s", n, log)
	}
	if n := strings.Count(log, `ignoring "frobnicate_request"`); n != 1 {
		t.Errorf("frobnicate_request logged %d times, want 1:\n%s", n, log)
	}
}
