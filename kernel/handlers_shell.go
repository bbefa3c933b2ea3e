package kernel

// Handlers of the shell socket: the dispatch of requests by type, and the
// small requests (kernel_info, history, comm_info, connect, comms); execute
// and the editor requests have files of their own.

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"

	"github.com/pyn-go/pyn/pyn"
)

// handleShell serves one shell request between a busy and an idle status.
func (k *Kernel) handleShell(m *Message) {
	k.status(m, "busy")
	defer k.status(m, "idle")
	switch t := m.Header.MsgType; t {
	case msgExecuteRequest:
		k.handleExecute(m)
	case msgKernelInfoRequest:
		k.reply(k.shell, m, msgKernelInfoReply, k.kernelInfo())
	case msgCompleteRequest:
		k.handleComplete(m)
	case msgInspectRequest:
		k.handleInspect(m)
	case msgIsCompleteRequest:
		k.handleIsComplete(m)
	case msgHistoryRequest:
		var req historyRequest
		json.Unmarshal(m.Content, &req)
		k.reply(k.shell, m, msgHistoryReply, historyReply{Status: statusOK, History: k.hist.query(req)})
	case msgCommInfoRequest:
		k.reply(k.shell, m, msgCommInfoReply, commInfoReply{Status: statusOK, Comms: map[string]any{}})
	case msgConnectRequest:
		k.reply(k.shell, m, msgConnectReply, connectReply{
			ShellPort: k.conn.ShellPort, IOPubPort: k.conn.IOPubPort, StdinPort: k.conn.StdinPort,
			ControlPort: k.conn.ControlPort, HBPort: k.conn.HBPort})
	case msgShutdownRequest:
		k.handleShutdown(k.shell, m)
	case msgCommOpen:
		// No comm targets exist: the protocol asks to close a comm
		// opened for an unknown target at once.
		var req commOpen
		json.Unmarshal(m.Content, &req)
		k.pub.publish(msgCommClose, m.RawHeader, commClose{CommID: req.CommID, Data: map[string]any{}})
	case msgCommMsg, msgCommClose:
		// Messages for comms that do not exist are ignored.
	default:
		k.ignore("shell", t)
	}
}

// ignore logs an unknown message type, once per socket and type: some
// front-end extensions poll with requests this kernel does not serve.
func (k *Kernel) ignore(socket, msgType string) {
	key := socket + "/" + msgType
	k.mu.Lock()
	if k.ignored == nil {
		k.ignored = map[string]bool{}
	}
	seen := k.ignored[key]
	k.ignored[key] = true
	k.mu.Unlock()
	if !seen {
		k.logf("%s: ignoring %q requests", socket, msgType)
	}
}

// kernelInfo is the content of kernel_info_reply.
func kernelInfo() kernelInfoReply {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return kernelInfoReply{
		Status:                statusOK,
		ProtocolVersion:       ProtocolVersion,
		Implementation:        "pyn",
		ImplementationVersion: pyn.Version,
		LanguageInfo: languageInfo{
			Name:              "go",
			Version:           goVersion,
			Mimetype:          "text/x-go",
			FileExtension:     ".go",
			PygmentsLexer:     "go",
			CodemirrorMode:    "go",
			NbconvertExporter: "script",
		},
		Banner: fmt.Sprintf("pyn %s: spiking neural networks in interpreted Go (Go %s)\n"+
			"pyn, fmt, math and display are imported; `?name` shows documentation; interrupt stops a running simulation.",
			pyn.Version, goVersion),
		Debugger: false,
		HelpLinks: []helpLink{
			{Text: "pyn documentation", URL: "https://github.com/pyn-go/pyn/tree/main/docs"},
			{Text: "pyn in Jupyter", URL: "https://github.com/pyn-go/pyn/blob/main/docs/kernel.md"},
			{Text: "Go language specification", URL: "https://go.dev/ref/spec"},
		},
	}
}
