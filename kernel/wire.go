package kernel

// The wire format: message framing, headers, HMAC-SHA256 signing and
// verification, and message ids.

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"sync/atomic"
	"time"
)

// ProtocolVersion is the version of the Jupyter messaging protocol the
// kernel speaks.
const ProtocolVersion = "5.3"

// delimiter separates routing identities from the signed message parts.
var delimiter = []byte("<IDS|MSG>")

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message as it travels on a socket.
type Message struct {
	Identities [][]byte // ROUTER routing prefix, echoed in replies
	Header     Header
	// RawHeader is the header exactly as received; replies carry it as
	// their parent header so that fields this kernel does not know about
	// survive the round trip.
	RawHeader []byte
	Parent    json.RawMessage // parent header as received ({} when none)
	Metadata  map[string]any
	Content   json.RawMessage
	Buffers   [][]byte
}

// signer signs and verifies messages with HMAC-SHA256.
type signer struct {
	mu  sync.Mutex
	mac hash.Hash // nil when the key is empty: signing disabled

	// seen holds the signatures of the last replayWindow messages
	// received, oldest first in order: a message replayed byte for byte
	// (a captured execute_request sent again) is refused, as
	// jupyter_client refuses a duplicate signature.
	seenMu    sync.Mutex
	seen      map[string]struct{}
	seenOrder []string
	seenNext  int
}

// replayWindow is how many received signatures are remembered, as many as
// jupyter_client's Session.digest_history_size.
const replayWindow = 1 << 16

// fresh records sig and reports whether it was not seen before.
func (s *signer) fresh(sig []byte) bool {
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	k := string(sig)
	if _, dup := s.seen[k]; dup {
		return false
	}
	if s.seen == nil {
		s.seen = make(map[string]struct{})
	}
	if len(s.seenOrder) < replayWindow {
		s.seenOrder = append(s.seenOrder, k)
	} else {
		delete(s.seen, s.seenOrder[s.seenNext])
		s.seenOrder[s.seenNext] = k
		s.seenNext = (s.seenNext + 1) % replayWindow
	}
	s.seen[k] = struct{}{}
	return true
}

func newSigner(key string) *signer {
	s := &signer{}
	if key != "" {
		s.mac = hmac.New(sha256.New, []byte(key))
	}
	return s
}

// sign returns the hex signature of the four signed parts, or "" when
// signing is disabled.
func (s *signer) sign(parts ...[]byte) []byte {
	if s.mac == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mac.Reset()
	for _, p := range parts {
		s.mac.Write(p)
	}
	sum := s.mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Errors of message decoding.
var (
	// ErrBadSignature reports a message whose signature is missing or
	// does not match its content: it may not come from the client that
	// holds the connection file's key.
	ErrBadSignature = errors.New("kernel: bad or missing message signature")
	// ErrMalformed reports frames that do not form a Jupyter message.
	ErrMalformed = errors.New("kernel: malformed message")
	// ErrReplayed reports a correctly signed message whose signature the
	// kernel has already received: a copy of an earlier message, sent
	// again by someone who captured it.
	ErrReplayed = errors.New("kernel: replayed message (duplicate signature)")
)

// decode parses the frames of a received message and verifies its
// signature.
func (s *signer) decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) || len(frames) < i+6 {
		return nil, fmt.Errorf("%w: %d frames, no delimiter or too few parts", ErrMalformed, len(frames))
	}
	m := &Message{Identities: frames[:i]}
	sig := frames[i+1]
	h, p, md, c := frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if s.mac != nil {
		want := s.sign(h, p, md, c)
		if len(sig) == 0 || !hmac.Equal(sig, want) {
			return nil, ErrBadSignature
		}
		if !s.fresh(sig) {
			return nil, ErrReplayed
		}
	}
	if err := json.Unmarshal(h, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header has no msg_type", ErrMalformed)
	}
	m.RawHeader = h
	m.Parent = p
	if len(md) > 0 {
		if err := json.Unmarshal(md, &m.Metadata); err != nil {
			return nil, fmt.Errorf("%w: metadata: %v", ErrMalformed, err)
		}
	}
	m.Content = c
	m.Buffers = frames[i+6:]
	return m, nil
}

// encode returns the frames of a message with the given parts, signed.
// parent is a raw header ({} when nil); content is marshalled to JSON.
func (s *signer) encode(ids [][]byte, h Header, parent []byte, metadata map[string]any, content any) ([][]byte, error) {
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	if len(parent) == 0 {
		parent = []byte("{}")
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	mb, err := json.Marshal(metadata)
	if err != nil {
		return nil, err
	}
	cb, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("kernel: encoding %s content: %w", h.MsgType, err)
	}
	frames := make([][]byte, 0, len(ids)+6)
	frames = append(frames, ids...)
	frames = append(frames, delimiter, s.sign(hb, parent, mb, cb), hb, parent, mb, cb)
	return frames, nil
}

// ids makes message and session ids: random, so that no two kernels
// collide, with a counter so that no two messages of one kernel collide.
type ids struct {
	prefix string
	n      atomic.Uint64
}

func newIDs() *ids {
	return &ids{prefix: randomHex(8)}
}

func (g *ids) next() string {
	return fmt.Sprintf("%s-%d", g.prefix, g.n.Add(1))
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never returns an error since Go 1.24 (it crashes instead)
	return hex.EncodeToString(b)
}

// uuid returns a random version 4 UUID string.
func uuid() string {
	b := make([]byte, 16)
	rand.Read(b) // never returns an error since Go 1.24
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// now formats the current time as the protocol's ISO 8601 date.
func now() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}
