package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// testClient is a minimal Jupyter client over real zmq4 sockets: a DEALER
// for shell and for control, a SUB for iopub and a REQ for heartbeat, as
// jupyter_client connects them.
type testClient struct {
	t       testing.TB
	signer  *signer
	ids     *ids
	session string
	ctx     context.Context
	cancel  context.CancelFunc

	shell, control, iopub, hb zmq4.Socket
	shellC, controlC, iopubC  chan *Message

	mu   sync.Mutex
	seen map[string]bool // msg_ids of the kernel's messages, on all sockets
}

func dialClient(t testing.TB, ci ConnectionInfo) *testClient {
	t.Helper()
	c := &testClient{t: t, signer: newSigner(ci.Key), ids: newIDs(), session: uuid(), seen: map[string]bool{}}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	id := randomHex(4)
	c.shell = zmq4.NewDealer(c.ctx, zmq4.WithID(zmq4.SocketIdentity("shell-"+id)))
	c.control = zmq4.NewDealer(c.ctx, zmq4.WithID(zmq4.SocketIdentity("control-"+id)))
	c.iopub = zmq4.NewSub(c.ctx)
	c.hb = zmq4.NewReq(c.ctx)
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.iopub, ci.IOPubPort}, {c.hb, ci.HBPort}} {
		if err := d.s.Dial(ci.endpoint(d.port)); err != nil {
			t.Fatalf("dial %d: %v", d.port, err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	c.shellC = c.pump(c.shell, 64)
	c.controlC = c.pump(c.control, 16)
	c.iopubC = c.pump(c.iopub, 1<<16)
	t.Cleanup(c.close)
	c.waitForIOPub()
	return c
}

func (c *testClient) close() {
	c.cancel()
	for _, s := range []zmq4.Socket{c.shell, c.control, c.iopub, c.hb} {
		s.Close()
	}
}

// pump decodes the messages of s into a channel.
func (c *testClient) pump(s zmq4.Socket, n int) chan *Message {
	ch := make(chan *Message, n)
	go func() {
		for {
			raw, err := s.Recv()
			if err != nil {
				if c.ctx.Err() != nil {
					return
				}
				continue
			}
			m, err := c.signer.decode(raw.Frames)
			if err != nil {
				c.t.Errorf("client: kernel sent an invalid message: %v", err)
				continue
			}
			// The protocol asks for a unique msg_id on every message.
			c.mu.Lock()
			dup := c.seen[m.Header.MsgID]
			c.seen[m.Header.MsgID] = true
			c.mu.Unlock()
			if dup || m.Header.MsgID == "" {
				c.t.Errorf("client: kernel sent %s with a missing or repeated msg_id %q", m.Header.MsgType, m.Header.MsgID)
			}
			select {
			case ch <- m:
			case <-c.ctx.Done():
				return
			}
		}
	}()
	return ch
}

// waitForIOPub sends kernel_info requests until the subscription is live
// (a status message arrives), as jupyter_client's wait_for_ready does: a
// PUB socket drops what it publishes before the subscriber has joined.
func (c *testClient) waitForIOPub() {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellC, id, 5*time.Second)
		select {
		case <-c.iopubC:
			c.drainIOPub()
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
	c.t.Fatal("client: iopub never delivered a message")
}

func (c *testClient) drainIOPub() {
	for {
		select {
		case <-c.iopubC:
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}

// send sends a request and returns its msg_id.
func (c *testClient) send(s zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	h := Header{MsgID: c.ids.next(), Session: c.session, Username: "test", Date: now(), MsgType: msgType, Version: ProtocolVersion}
	frames, err := c.signer.encode(nil, h, nil, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("client: send %s: %v", msgType, err)
	}
	return h.MsgID
}

func parentID(m *Message) string {
	var h Header
	json.Unmarshal(m.Parent, &h)
	return h.MsgID
}

// reply waits for the reply to request id on ch.
func (c *testClient) reply(ch chan *Message, id string, timeout time.Duration) *Message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-ch:
			if parentID(m) == id {
				return m
			}
		case <-deadline:
			c.t.Fatalf("client: no reply to %s within %v", id, timeout)
			return nil
		}
	}
}

// outputs returns the iopub messages with parent id, from busy to idle.
func (c *testClient) outputs(id string, timeout time.Duration) []*Message {
	c.t.Helper()
	var out []*Message
	deadline := time.After(timeout)
	for {
		select {
		case m := <-c.iopubC:
			if parentID(m) != id {
				continue
			}
			out = append(out, m)
			if m.Header.MsgType == "status" && content(m)["execution_state"] == "idle" {
				return out
			}
		case <-deadline:
			c.t.Fatalf("client: no idle status for %s within %v (got %d messages)", id, timeout, len(out))
			return nil
		}
	}
}

// execute runs code and returns the reply and the iopub messages.
func (c *testClient) execute(code string, extra map[string]any) (*Message, []*Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.send(c.shell, "execute_request", req)
	rep := c.reply(c.shellC, id, 30*time.Second)
	return rep, c.outputs(id, 30*time.Second)
}

func content(m *Message) map[string]any {
	var v map[string]any
	if err := json.Unmarshal(m.Content, &v); err != nil {
		panic(fmt.Sprintf("content of %s: %v", m.Header.MsgType, err))
	}
	return v
}

// types lists the msg_types of msgs.
func types(msgs []*Message) []string {
	var s []string
	for _, m := range msgs {
		t := m.Header.MsgType
		if t == "status" {
			t += ":" + content(m)["execution_state"].(string)
		}
		s = append(s, t)
	}
	return s
}
