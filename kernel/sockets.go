package kernel

// The sockets' loops: reading and verifying requests, queueing shell
// requests for the one worker that serves them, sending replies, the
// heartbeat echo, and draining stdin.

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/go-zeromq/zmq4"
)

// header returns a fresh header for a message the kernel sends.
func (k *Kernel) header(msgType string) Header {
	return Header{
		MsgID:    k.ids.next(),
		Session:  k.session,
		Username: "kernel",
		Date:     now(),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// recv reads and verifies the next message of a ROUTER socket. It returns
// nil, false when the socket is closed.
func (k *Kernel) recv(s zmq4.Socket, name string) (*Message, bool) {
	for {
		raw, err := s.Recv()
		if err != nil {
			select {
			case <-k.ctx.Done():
				return nil, false
			default:
			}
			k.logf("%s: receiving: %v", name, err)
			if errors.Is(err, context.Canceled) || errors.Is(err, net.ErrClosed) {
				return nil, false
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := k.signer.decode(raw.Frames)
		if err != nil {
			// Never act on an unsigned message: whoever sent it may not
			// hold the key, and a message executes code.
			k.logf("%s: rejected message: %v", name, err)
			continue
		}
		return m, true
	}
}

// reply sends a reply to req on socket s, after any pending stream text:
// a client that reads the reply first has then already been sent all
// the output of the request.
func (k *Kernel) reply(s zmq4.Socket, req *Message, msgType string, content any) {
	k.pub.flush()
	frames, err := k.signer.encode(req.Identities, k.header(msgType), req.RawHeader, nil, content)
	if err != nil {
		k.logf("dropping %s: %v", msgType, err)
		return
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.logf("sending %s: %v", msgType, err)
	}
}

func (k *Kernel) status(req *Message, state string) {
	k.pub.publish(msgStatus, req.RawHeader, statusContent{ExecutionState: state})
}

func (k *Kernel) shellReader() {
	defer close(k.shellQ)
	for {
		m, ok := k.recv(k.shell, "shell")
		if !ok {
			return
		}
		select {
		case k.shellQ <- m:
		case <-k.ctx.Done():
			return
		}
	}
}

func (k *Kernel) shellWorker() {
	for m := range k.shellQ {
		select {
		case <-k.done:
			return
		default:
		}
		k.handleShell(m)
	}
}

// stdinLoop drains the stdin socket: cells cannot read input, so the
// kernel never sends input_request and ignores what arrives.
func (k *Kernel) stdinLoop() {
	for {
		if _, ok := k.recv(k.stdin, "stdin"); !ok {
			return
		}
	}
}

// heartbeat echoes every ping, so that the client knows the process is
// alive even while a cell computes.
func (k *Kernel) heartbeat() {
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := k.hb.Send(m); err != nil && k.ctx.Err() != nil {
			return
		}
	}
}
