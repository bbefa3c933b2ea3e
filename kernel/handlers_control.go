package kernel

// Handlers of the control socket: interrupt, shutdown (also accepted on
// shell) and kernel_info, answered even while a cell runs.

import (
	"encoding/json"

	"github.com/go-zeromq/zmq4"
)

func (k *Kernel) controlLoop() {
	for {
		m, ok := k.recv(k.control, "control")
		if !ok {
			return
		}
		switch m.Header.MsgType {
		case msgInterruptRequest:
			k.Interrupt()
			k.reply(k.control, m, msgInterruptReply, interruptReply{Status: statusOK})
		case msgShutdownRequest:
			k.handleShutdown(k.control, m)
		case msgKernelInfoRequest:
			k.reply(k.control, m, msgKernelInfoReply, k.kernelInfo())
		default:
			k.ignore("control", m.Header.MsgType)
		}
	}
}

func (k *Kernel) handleShutdown(s zmq4.Socket, m *Message) {
	var req shutdownRequest
	json.Unmarshal(m.Content, &req)
	content := shutdownReply{Status: statusOK, Restart: req.Restart}
	k.reply(s, m, msgShutdownReply, content)
	k.pub.publish(msgShutdownReply, m.RawHeader, content)
	k.shutdown(req.Restart)
}
