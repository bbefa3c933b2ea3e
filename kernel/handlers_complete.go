package kernel

// Handlers of the editor's requests: complete, inspect and is_complete,
// with the conversion between the protocol's code-point cursor and byte
// offsets.

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/pyn-go/pyn/display"
)

// runeToByte converts a cursor position in Unicode code points (the
// protocol's unit since 5.2) to a byte offset in s.
func runeToByte(s string, pos int) int {
	if pos < 0 {
		return 0
	}
	i := 0
	for n := 0; n < pos && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// byteToRune converts a byte offset in s to code points.
func byteToRune(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	if off < 0 {
		off = 0
	}
	return utf8.RuneCountInString(s[:off])
}

// cursor returns the byte offset of the request's cursor (the end of the
// code when absent).
func (r cursorRequest) cursor() int {
	if r.CursorPos == nil {
		return len(r.Code)
	}
	return runeToByte(r.Code, *r.CursorPos)
}

func (k *Kernel) handleComplete(m *Message) {
	if k.refuseLarge(m, msgCompleteRequest, msgCompleteReply) {
		return
	}
	var req cursorRequest
	json.Unmarshal(m.Content, &req)
	cur := req.cursor()
	matches, start, end := []string{}, cur, cur
	func() {
		defer func() {
			if r := recover(); r != nil {
				k.logf("complete: recovered from panic: %v", r)
			}
		}()
		ms, s, e := k.exec.Complete(req.Code, cur)
		if ms != nil {
			matches, start, end = ms, s, e
		}
	}()
	k.reply(k.shell, m, msgCompleteReply, completeReply{
		Status: statusOK, Matches: matches,
		CursorStart: byteToRune(req.Code, start), CursorEnd: byteToRune(req.Code, end),
		Metadata: map[string]any{},
	})
}

func (k *Kernel) safeInspect(code string, cursor int) (text string, found bool) {
	defer func() {
		if r := recover(); r != nil {
			k.logf("inspect: recovered from panic: %v", r)
			text, found = "", false
		}
	}()
	return k.exec.Inspect(code, cursor)
}

func (k *Kernel) handleInspect(m *Message) {
	if k.refuseLarge(m, msgInspectRequest, msgInspectReply) {
		return
	}
	var req cursorRequest
	json.Unmarshal(m.Content, &req)
	text, found := k.safeInspect(req.Code, req.cursor())
	data := map[string]any{}
	if found {
		data[display.MIMEText] = text
	}
	k.reply(k.shell, m, msgInspectReply, inspectReply{
		Status: statusOK, Found: found, Data: data, Metadata: map[string]any{}})
}

func (k *Kernel) handleIsComplete(m *Message) {
	if k.refuseLarge(m, msgIsCompleteRequest, msgIsCompleteReply) {
		return
	}
	var req cursorRequest
	json.Unmarshal(m.Content, &req)
	status, indent := "unknown", ""
	if pagerRe.MatchString(req.Code) {
		// `?name` is the kernel's own syntax, not Go.
		k.reply(k.shell, m, msgIsCompleteReply, isCompleteReply{Status: "complete"})
		return
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				k.logf("is_complete: recovered from panic: %v", r)
			}
		}()
		status, indent = k.exec.IsComplete(req.Code)
	}()
	content := isCompleteReply{Status: status}
	if status == "incomplete" {
		content.Indent = &indent
	}
	k.reply(k.shell, m, msgIsCompleteReply, content)
}
