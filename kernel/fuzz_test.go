package kernel

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecode feeds the kernel's message decoding arbitrary frames (the
// input split at NUL bytes), keyed and signed when sign is set so that the
// JSON decoding behind the signature check is reached too. Decoding must
// return a message or an error of its documented kinds, never panic; a
// decoded message has a msg_type; a second copy of a signed message is a
// replay. The ZMTP frame guard follows the same bytes as a stream. The
// kept corpus is in testdata/fuzz/FuzzDecode; CI runs the fuzzer briefly.
func FuzzDecode(f *testing.F) {
	s := newSigner("")
	for _, seed := range []struct {
		h, p, md, c string
	}{
		{`{"msg_id":"1","msg_type":"execute_request","version":"5.3"}`, `{}`, `{}`, `{"code":"1+1"}`},
		{`{"msg_id":"2","msg_type":"kernel_info_request"}`, `{}`, ``, `{}`},
		{`{"msg_type":""}`, `{}`, `{}`, `{}`},
		{`[]`, `{}`, `{"a":[1,2,{"b":null}]}`, `{}`},
		{`{"msg_id":"3","msg_type":"x"}`, `{}`, `nul`, `{}`},
	} {
		frames, _ := s.encode([][]byte{[]byte("peer")}, Header{}, nil, nil, nil)
		frames[3], frames[4], frames[5], frames[6] = []byte(seed.h), []byte(seed.p), []byte(seed.md), []byte(seed.c)
		f.Add(bytes.Join(frames, []byte{0}), true)
		f.Add(bytes.Join(frames, []byte{0}), false)
	}
	f.Add(append(zmtpGreeting(), longFrame(zmtpCommand, 1<<40)...), false)
	f.Fuzz(func(t *testing.T, data []byte, sign bool) {
		frames := bytes.Split(data, []byte{0})
		key := ""
		if sign {
			key = testKey
		}
		s := newSigner(key)
		if sign {
			// Sign the four parts after the delimiter, if there are.
			for i := range frames {
				if bytes.Equal(frames[i], delimiter) && len(frames) >= i+6 {
					frames[i+1] = s.sign(frames[i+2], frames[i+3], frames[i+4], frames[i+5])
					break
				}
			}
		}
		m, err := s.decode(frames)
		switch {
		case err == nil:
			if m.Header.MsgType == "" {
				t.Fatalf("decoded a message without msg_type: %+v", m)
			}
			if sign {
				if _, err := s.decode(frames); !errors.Is(err, ErrReplayed) {
					t.Fatalf("second copy of a signed message: %v, want ErrReplayed", err)
				}
			}
		case errors.Is(err, ErrMalformed), errors.Is(err, ErrBadSignature):
		default:
			t.Fatalf("error of an undocumented kind: %v", err)
		}
		g := newFrameGuard(1<<20, 1<<21)
		if err := g.feed(data); err != nil && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("frame guard: %v", err)
		}
	})
}

// FuzzWorkerFrame feeds the kernel's reader of worker events arbitrary
// bytes: it must return an event or an error, never panic or allocate
// what a length prefix announces beyond the limit.
func FuzzWorkerFrame(f *testing.F) {
	var buf bytes.Buffer
	fw := &frameWriter{w: &buf}
	fw.send(workerEvent{Kind: evDone, ID: 3, Matches: []string{"Println"}, Start: 4, End: 10})
	fw.send(workerEvent{Kind: evStdout, Text: []byte("héllo\xff")})
	f.Add(buf.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0, 0, 0, 2, '{', '}'})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for {
			var ev workerEvent
			if err := readFrame(r, &ev); err != nil {
				return
			}
		}
	})
}
