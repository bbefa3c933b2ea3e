package kernel

import (
	"encoding/json"
	"fmt"
)

// DefaultMaxCodeBytes is the default bound on a request's code
// (Options.MaxCodeBytes): 16 MiB, a thousand times a long notebook cell.
const DefaultMaxCodeBytes = 16 << 20

// emptyKeyWarning is logged and shown in the banner when the connection
// file has no key: anyone who can reach the ports can then run code.
const emptyKeyWarning = "WARNING: the connection file has an empty key, so messages are not signed: " +
	"any process that can reach the kernel's ports can run code as this user"

// setLimits applies the wire and request limits of opts, registers the
// guarded transport the sockets listen through, and warns about an empty
// key.
func (k *Kernel) setLimits(opts Options) error {
	maxFrame, maxMsg := opts.MaxFrameBytes, opts.MaxMessageBytes
	if maxFrame <= 0 {
		maxFrame = DefaultMaxFrameBytes
	}
	if maxMsg <= 0 {
		maxMsg = DefaultMaxMessageBytes
	}
	k.maxCode = opts.MaxCodeBytes
	if k.maxCode <= 0 {
		k.maxCode = DefaultMaxCodeBytes
	}
	prot := "tcp"
	if k.conn.Transport == "ipc" {
		prot = "unix"
	}
	scheme, err := registerGuarded(prot, uint64(maxFrame), uint64(maxMsg), func(err error) { k.logf("%v", err) })
	if err != nil {
		return fmt.Errorf("kernel: registering the guarded transport: %w", err)
	}
	k.scheme = scheme
	if k.conn.Key == "" {
		k.logf("%s", emptyKeyWarning)
	}
	return nil
}

// refusedReply is the reply to an editor request refused for its size.
type refusedReply struct {
	Status string `json:"status"`
	errorFields
}

// refuseLarge answers a request whose code is too large with an error
// reply and reports whether it did.
func (k *Kernel) refuseLarge(m *Message, request, reply string) bool {
	msg, big := k.tooLarge(m.Content, request)
	if big {
		k.reply(k.shell, m, reply, refusedReply{Status: statusError, errorFields: errorFields{Ename: "TooLarge", Evalue: msg, Traceback: []string{msg}}})
	}
	return big
}

// kernelInfo is the content of kernel_info_reply, with a warning in the
// banner when messages are not signed.
func (k *Kernel) kernelInfo() kernelInfoReply {
	info := kernelInfo()
	if k.conn.Key == "" {
		info.Banner = emptyKeyWarning + "\n" + info.Banner
	}
	return info
}

// tooLarge reports whether the raw content of a request that carries code
// exceeds the code limit, and if so the error message to answer with.
// Checked before the content is decoded: decoding copies the code again.
func (k *Kernel) tooLarge(content json.RawMessage, what string) (string, bool) {
	// The content holds the code plus a few short fields; JSON escapes
	// can only make it longer than the code.
	const slack = 4 << 10
	if len(content) <= k.maxCode+slack {
		return "", false
	}
	msg := fmt.Sprintf("kernel: %s of %d bytes refused: the limit on a request's code is %d bytes (%v)",
		what, len(content), k.maxCode, ErrTooLarge)
	k.logf("%s", msg)
	return msg, true
}
