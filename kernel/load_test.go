package kernel

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Load tests (issue 6): many quick cells, a flood of text, a large image.
// No message may be lost, nothing may deadlock, memory must stay bounded.

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

func TestLoadQuickCells(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	h := start(t)
	run := func(n, from int) {
		for i := 0; i < n; i++ {
			rep, out := h.c.execute(fmt.Sprintf("value %d", from+i), nil)
			if content(rep)["status"] != "ok" || len(out) != 4 {
				t.Fatalf("cell %d: reply %v, iopub %v", from+i, content(rep), types(out))
			}
			if v := content(out[2])["data"].(map[string]any)["text/plain"]; v != fmt.Sprint(from+i) {
				t.Fatalf("cell %d: result %v", from+i, v)
			}
		}
	}
	run(100, 0)
	before := heapMB()
	t0 := time.Now()
	run(900, 100)
	d := time.Since(t0)
	grow := heapMB() - before
	t.Logf("900 cells one after another in %v (%.2f ms per cell); heap grew %.2f MB", d, float64(d.Microseconds())/900e3, grow)
	if grow > 8 {
		t.Errorf("heap grew %.1f MB over 900 cells", grow)
	}

	// Pipelined: 1000 requests sent before reading any reply.
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = h.c.send(h.c.shell, "execute_request", map[string]any{"code": fmt.Sprintf("value p%d", i)})
	}
	for i, id := range ids {
		rep := h.c.reply(h.c.shellC, id, 30*time.Second)
		if content(rep)["status"] != "ok" {
			t.Fatalf("pipelined cell %d: %v", i, content(rep))
		}
	}
	for i, id := range ids {
		out := h.c.outputs(id, 30*time.Second)
		if v := content(out[2])["data"].(map[string]any)["text/plain"]; v != fmt.Sprintf("p%d", i) {
			t.Fatalf("pipelined cell %d: result %v", i, v)
		}
	}
}

func TestLoadManyLines(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	h := start(t)
	const n = 100000
	t0 := time.Now()
	rep, out := h.c.execute(fmt.Sprintf("lines %d", n), nil)
	if content(rep)["status"] != "ok" {
		t.Fatal(content(rep))
	}
	var sb strings.Builder
	streams := 0
	for _, m := range out {
		if m.Header.MsgType == "stream" {
			streams++
			sb.WriteString(content(m)["text"].(string))
		}
	}
	lines := strings.Split(strings.TrimSuffix(sb.String(), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("got %d lines, want %d", len(lines), n)
	}
	for i, l := range lines {
		if l != fmt.Sprintf("line %d", i) {
			t.Fatalf("line %d is %q: lost or reordered output", i, l)
		}
	}
	t.Logf("%d lines (%d bytes) in %d stream messages, %v", n, sb.Len(), streams, time.Since(t0))
	// Batching: 64 KiB per message at most, and far fewer messages than lines.
	if streams > sb.Len()/(streamMax/2)+10 {
		t.Errorf("%d stream messages for %d bytes: batching is not working", streams, sb.Len())
	}
}

func TestLoadLargeImage(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	h := start(t)
	const size = 10 << 20
	before := heapMB()
	for round := 0; round < 3; round++ {
		t0 := time.Now()
		rep, out := h.c.execute(fmt.Sprintf("image %d", size), nil)
		if content(rep)["status"] != "ok" || len(out) != 4 || out[2].Header.MsgType != "display_data" {
			t.Fatalf("reply %v, iopub %v", content(rep), types(out))
		}
		b64 := content(out[2])["data"].(map[string]any)["image/png"].(string)
		b, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(b) != size || b[12345] != byte(12345*7%256) {
			t.Fatalf("image: %d bytes, err %v", len(b), err)
		}
		t.Logf("round %d: 10 MiB image (%d bytes of base64) in %v", round, len(b64), time.Since(t0))
	}
	out, _ := h.c.execute("value after", nil)
	if content(out)["status"] != "ok" {
		t.Error("kernel unusable after large images")
	}
	if grow := heapMB() - before; grow > 64 {
		t.Errorf("heap grew %.1f MB after three 10 MiB images", grow)
	}
}
