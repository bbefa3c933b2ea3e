package kernel

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSign(t *testing.T) {
	parts := [][]byte{[]byte(`{"msg_id":"1"}`), []byte("{}"), []byte("{}"), []byte(`{"code":"1+1"}`)}
	// Expected digest computed independently with Python's hmac module:
	// hmac.new(key, digestmod=hashlib.sha256) updated with the four parts,
	// as jupyter_client.session.Session.sign does.
	const want = "571f54ca20ac469366661f0eb466e6d650eee65ae12436bc786b76a5eb890b86"
	if got := string(newSigner(testKey).sign(parts...)); got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
	if got := newSigner("").sign(parts...); got != nil {
		t.Errorf("empty key signs %q, want no signature", got)
	}
}

func TestDecode(t *testing.T) {
	s := newSigner(testKey)
	good, err := s.encode([][]byte{[]byte("peer")}, Header{MsgID: "m1", MsgType: "execute_request", Version: "5.3"}, nil, nil, map[string]any{"code": "1"})
	if err != nil {
		t.Fatal(err)
	}
	tamper := func(i int, b string) [][]byte {
		f := append([][]byte(nil), good...)
		f[i] = []byte(b)
		return f
	}
	for _, test := range []struct {
		name   string
		frames [][]byte
		err    error
	}{
		{"good", good, nil},
		{"content changed", tamper(6, `{"code":"2"}`), ErrBadSignature},
		{"signature missing", tamper(2, ""), ErrBadSignature},
		{"signature wrong", tamper(2, strings.Repeat("0", 64)), ErrBadSignature},
		{"no delimiter", [][]byte{[]byte("a"), []byte("b")}, ErrMalformed},
		{"too few parts", good[:5], ErrMalformed},
	} {
		t.Run(test.name, func(t *testing.T) {
			m, err := s.decode(test.frames)
			if !errors.Is(err, test.err) {
				t.Fatalf("err %v, want %v", err, test.err)
			}
			if err == nil && (m.Header.MsgID != "m1" || string(m.Identities[0]) != "peer" || string(m.Content) != `{"code":"1"}`) {
				t.Errorf("decoded %+v", m)
			}
		})
	}
	// Unsigned messages are accepted only when the key is empty.
	open := newSigner("")
	frames, _ := open.encode(nil, Header{MsgID: "x", MsgType: "kernel_info_request"}, nil, nil, map[string]any{})
	if _, err := open.decode(frames); err != nil {
		t.Errorf("empty key: %v", err)
	}
	if _, err := s.decode(frames); !errors.Is(err, ErrBadSignature) {
		t.Errorf("keyed kernel accepted an unsigned message: %v", err)
	}
}

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	for _, test := range []struct {
		name, json, err string
	}{
		{"ok", `{"transport":"tcp","ip":"127.0.0.1","shell_port":5001,"iopub_port":5002,"stdin_port":5003,"control_port":5004,"hb_port":5005,"key":"k","signature_scheme":"hmac-sha256","kernel_name":"pyn"}`, ""},
		{"defaults", `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}`, ""},
		{"bad scheme", `{"signature_scheme":"hmac-md5"}`, `signature scheme "hmac-md5" is not supported`},
		{"bad transport", `{"transport":"udp"}`, `transport "udp" is not supported`},
		{"bad port", `{"shell_port":70000}`, "shell_port 70000 is out of range"},
		{"not json", `{`, "unexpected end of JSON input"},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := filepath.Join(dir, test.name+".json")
			os.WriteFile(p, []byte(test.json), 0o600)
			ci, err := ReadConnectionFile(p)
			if test.err != "" {
				if err == nil || !strings.Contains(err.Error(), test.err) || !strings.HasPrefix(err.Error(), "kernel: ") {
					t.Fatalf("err %v, want one containing %q", err, test.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ci.Transport != "tcp" || ci.IP != "127.0.0.1" || ci.SignatureScheme != "hmac-sha256" {
				t.Errorf("%+v", ci)
			}
		})
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestEndpoint(t *testing.T) {
	for _, test := range []struct {
		ci   ConnectionInfo
		want string
	}{
		{ConnectionInfo{Transport: "tcp", IP: "127.0.0.1"}, "tcp://127.0.0.1:5555"},
		{ConnectionInfo{Transport: "tcp", IP: "*"}, "tcp://0.0.0.0:5555"},
		{ConnectionInfo{Transport: "ipc", IP: "/tmp/kernel-1"}, "ipc:///tmp/kernel-1-5555"},
	} {
		if got := test.ci.endpoint(5555); got != test.want {
			t.Errorf("%+v: %s, want %s", test.ci, got, test.want)
		}
	}
}

// TestStreamUTF8 writes multi-byte characters one byte at a time, as a
// pipe read may split them, and checks that every stream message is valid
// UTF-8 and that the text arrives whole and in order.
func TestStreamUTF8(t *testing.T) {
	h := start(t)
	const n = 12000 // 12000 × 18 bytes > 3 × streamMax
	_, out := h.c.execute(fmt.Sprintf("bytewise %d", n), nil)
	var sb strings.Builder
	streams := 0
	for _, m := range out {
		if m.Header.MsgType != "stream" {
			continue
		}
		streams++
		text := content(m)["text"].(string)
		if strings.ContainsRune(text, utf8.RuneError) {
			t.Fatalf("stream message %d holds a broken character", streams)
		}
		sb.WriteString(text)
	}
	if want := strings.Repeat(bytewiseText, n); sb.String() != want {
		t.Errorf("got %d bytes in %d messages, want %d bytes", sb.Len(), streams, len(want))
	}
	if streams < 3 {
		t.Errorf("%d stream messages: the text was not split, so splitting was not tested", streams)
	}
}
