package kernel

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// The ZeroMQ library allocates a frame's body as soon as it has read the
// frame's length, before any key is checked: a 20-byte header announcing
// a terabyte would make the kernel die of a fatal out-of-memory error.
// The kernel therefore listens through its own transport, whose
// connections read the ZMTP 3 stream alongside the library and fail the
// read that would deliver an oversized length, so the library never sees
// it and drops the connection.

// Default wire limits (Options.MaxFrameBytes, Options.MaxMessageBytes).
const (
	DefaultMaxFrameBytes   = 256 << 20 // one frame
	DefaultMaxMessageBytes = 512 << 20 // all frames of one multipart message
)

// ErrTooLarge reports a frame or message beyond the kernel's wire limits,
// or a request whose content exceeds what the kernel accepts.
var ErrTooLarge = errors.New("kernel: message too large")

// ZMTP 3 framing: a 64-byte greeting, then frames of one flags byte, a
// one- or eight-byte length and the body (rfc.zeromq.org/spec/23).
const (
	zmtpGreetingLen = 64
	zmtpMore        = 0x01
	zmtpLong        = 0x02
	zmtpCommand     = 0x04
)

// frameGuard follows a ZMTP stream byte by byte and reports a length
// beyond the limits.
type frameGuard struct {
	maxFrame, maxMsg uint64

	greeting int  // greeting bytes still to skip
	state    int  // guardFlags, guardSize or guardBody
	flags    byte // flags of the current frame
	sizeLen  int  // length bytes of the current frame (1 or 8)
	sizeBuf  [8]byte
	sizeHave int
	body     uint64 // body bytes still to skip
	msgTotal uint64 // bytes of the message's frames so far
}

const (
	guardFlags = iota
	guardSize
	guardBody
)

func newFrameGuard(maxFrame, maxMsg uint64) *frameGuard {
	return &frameGuard{maxFrame: maxFrame, maxMsg: maxMsg, greeting: zmtpGreetingLen}
}

// feed follows the bytes p and returns an error wrapping ErrTooLarge at
// the first length beyond the limits.
func (g *frameGuard) feed(p []byte) error {
	for len(p) > 0 {
		if g.greeting > 0 {
			n := min(g.greeting, len(p))
			g.greeting -= n
			p = p[n:]
			continue
		}
		switch g.state {
		case guardFlags:
			g.flags = p[0]
			p = p[1:]
			g.sizeLen, g.sizeHave = 1, 0
			if g.flags&zmtpLong != 0 {
				g.sizeLen = 8
			}
			g.state = guardSize
		case guardSize:
			n := min(g.sizeLen-g.sizeHave, len(p))
			copy(g.sizeBuf[g.sizeHave:], p[:n])
			g.sizeHave += n
			p = p[n:]
			if g.sizeHave < g.sizeLen {
				continue
			}
			var size uint64
			for _, b := range g.sizeBuf[:g.sizeLen] {
				size = size<<8 | uint64(b)
			}
			if size > g.maxFrame {
				return fmt.Errorf("%w: a frame announces %d bytes, the limit is %d", ErrTooLarge, size, g.maxFrame)
			}
			if g.flags&zmtpCommand == 0 {
				g.msgTotal += size
				if g.msgTotal > g.maxMsg {
					return fmt.Errorf("%w: a message's frames announce %d bytes, the limit is %d", ErrTooLarge, g.msgTotal, g.maxMsg)
				}
			}
			g.body = size
			g.state = guardBody
			if size == 0 {
				g.endFrame()
			}
		case guardBody:
			n := uint64(len(p))
			if n > g.body {
				n = g.body
			}
			g.body -= n
			p = p[n:]
			if g.body == 0 {
				g.endFrame()
			}
		}
	}
	return nil
}

func (g *frameGuard) endFrame() {
	if g.flags&zmtpCommand == 0 && g.flags&zmtpMore == 0 {
		g.msgTotal = 0
	}
	g.state = guardFlags
}

// guardedConn is a connection whose reads pass through a frameGuard.
type guardedConn struct {
	net.Conn
	guard  *frameGuard
	report func(error)
	failed error
}

func (c *guardedConn) Read(p []byte) (int, error) {
	if c.failed != nil {
		return 0, c.failed
	}
	n, err := c.Conn.Read(p)
	if gerr := c.guard.feed(p[:n]); gerr != nil {
		c.failed = gerr
		c.report(fmt.Errorf("connection from %s closed: %w", c.RemoteAddr(), gerr))
		c.Conn.Close()
		return 0, gerr
	}
	return n, err
}

// guardedListener wraps the connections it accepts in guardedConns.
type guardedListener struct {
	net.Listener
	maxFrame, maxMsg uint64
	report           func(error)
}

func (l *guardedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &guardedConn{Conn: c, guard: newFrameGuard(l.maxFrame, l.maxMsg), report: l.report}, nil
}

// guardedTransport is a zmq4 transport over tcp or unix sockets whose
// listeners guard the frames they receive.
type guardedTransport struct {
	base             transport.Transport
	prot             string
	maxFrame, maxMsg uint64
	report           func(error)
}

func (t guardedTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return t.base.Dial(ctx, d, addr)
}

func (t guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := t.base.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &guardedListener{Listener: l, maxFrame: t.maxFrame, maxMsg: t.maxMsg, report: t.report}, nil
}

func (t guardedTransport) Addr(ep string) (string, error) { return t.base.Addr(ep) }

var (
	transportMu sync.Mutex
	transportN  atomic.Uint64
)

// registerGuarded registers a guarded transport over prot ("tcp" or
// "unix") with these limits and returns its scheme for endpoints. zmq4's
// transports are global and cannot be removed; each kernel registers its
// own (a few bytes), since limits and log differ between kernels.
func registerGuarded(prot string, maxFrame, maxMsg uint64, report func(error)) (string, error) {
	transportMu.Lock()
	defer transportMu.Unlock()
	name := fmt.Sprintf("pyn%d-%s", transportN.Add(1), prot)
	err := zmq4.RegisterTransport(name, guardedTransport{base: transport.New(prot), prot: prot,
		maxFrame: maxFrame, maxMsg: maxMsg, report: report})
	return name, err
}
