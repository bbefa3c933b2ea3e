package kernel

// The execute_request handler: running a cell, publishing its input,
// outputs, result or error, the reply, user expressions, aborting queued
// requests after an error, and the executor's live displays.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"

	"github.com/pyn-go/pyn/display"
	"github.com/pyn-go/pyn/session"
)

// pagerRe matches a cell that asks for documentation: `?name` or `name?`.
var pagerRe = regexp.MustCompile(`^\s*(?:\?\s*([\pL_][\pL\pN_.]*)|([\pL_][\pL\pN_.]*)\s*\?)\s*$`)

func (k *Kernel) handleExecute(m *Message) {
	if msg, big := k.tooLarge(m.Content, msgExecuteRequest); big {
		k.pub.publish(msgError, m.RawHeader, errorFields{Ename: "TooLarge", Evalue: msg, Traceback: []string{msg}})
		k.reply(k.shell, m, msgExecuteReply, errorReply("TooLarge", msg, []string{msg}, k.count))
		return
	}
	var req executeRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.reply(k.shell, m, msgExecuteReply, errorReply("BadRequest", "kernel: execute_request: "+err.Error(), nil, k.count))
		return
	}
	store := !req.Silent && (req.StoreHistory == nil || *req.StoreHistory)
	stopOnError := req.StopOnError == nil || *req.StopOnError
	if store {
		k.count++
	}
	count := k.count
	k.pub.setParent(m.RawHeader, req.Silent)
	defer k.pub.setParent(m.RawHeader, false)
	if !req.Silent {
		k.pub.publish(msgExecuteInput, m.RawHeader, executeInput{Code: req.Code, ExecutionCount: count})
	}

	if sub := pagerRe.FindStringSubmatch(req.Code); sub != nil {
		name := sub[1] + sub[2]
		text, found := k.safeInspect(name, len(name))
		if !found {
			text = "no documentation found for " + name
		}
		if store {
			k.hist.add(histEntry{line: count, input: req.Code})
		}
		k.reply(k.shell, m, msgExecuteReply, executeReply{
			Status: statusOK, ExecutionCount: count, UserExpressions: map[string]userExpression{},
			Payload: []pagePayload{{Source: "page", Data: map[string]any{display.MIMEText: text}, Start: 0}},
		})
		return
	}

	out, err := k.run(req.Code)
	entry := histEntry{line: count, input: req.Code}
	if err != nil {
		ename, evalue, tb := describeError(err)
		if !req.Silent {
			k.pub.publish(msgError, m.RawHeader, errorFields{Ename: ename, Evalue: evalue, Traceback: nonNil(tb)})
		}
		if store {
			k.hist.add(entry)
		}
		// The requests to abort are those queued before this reply
		// leaves: a client that waits for the reply and then sends the
		// next cell must see that cell run.
		var queued []*Message
		if stopOnError {
			queued = k.takeQueued()
		}
		k.reply(k.shell, m, msgExecuteReply, errorReply(ename, evalue, tb, count))
		k.abort(queued)
		return
	}
	if out != nil && out.Value != nil {
		d := bundle(*out.Value)
		if t, ok := d.Data[display.MIMEText].(string); ok {
			entry.output = t
		}
		if !req.Silent {
			k.pub.publish(msgExecuteResult, m.RawHeader, executeResult{
				ExecutionCount: count, Data: d.Data, Metadata: d.Metadata})
		}
	}
	if store {
		k.hist.add(entry)
	}
	k.reply(k.shell, m, msgExecuteReply, executeReply{
		Status: statusOK, ExecutionCount: count, Payload: []pagePayload{},
		UserExpressions: k.userExpressions(req.UserExpressions),
	})
}

// run executes code with a context that Interrupt cancels, turning a
// panic that escapes the executor into an error.
func (k *Kernel) run(code string) (out *session.Outcome, err error) {
	ctx, cancel := context.WithCancel(k.ctx)
	k.mu.Lock()
	k.cellCancel = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cellCancel = nil
		k.mu.Unlock()
		cancel()
		if r := recover(); r != nil {
			// The session recovers the cell's own panics; one that gets
			// here comes from the executor itself. The full stack is for
			// the kernel log, the cell gets the message.
			k.logf("recovered from a panic while executing a cell: %v\n%s", r, debug.Stack())
			out, err = nil, &session.Error{Name: "Panic", Value: fmt.Sprint(r),
				Traceback: []string{fmt.Sprintf("panic: %v", r), "(recovered by the kernel; its stack is in the kernel log)"}}
		}
	}()
	return k.exec.Exec(ctx, code)
}

// userExpressions evaluates the expressions a client asked for after a
// successful cell, each as its own silent cell.
func (k *Kernel) userExpressions(exprs map[string]string) map[string]userExpression {
	res := map[string]userExpression{}
	for name, expr := range exprs {
		out, err := k.run(expr)
		if err != nil {
			ename, evalue, tb := describeError(err)
			res[name] = userExpression{Status: statusError, errorFields: &errorFields{Ename: ename, Evalue: evalue, Traceback: nonNil(tb)}}
			continue
		}
		d := display.Text("")
		if out != nil && out.Value != nil {
			d = bundle(*out.Value)
		}
		res[name] = userExpression{Status: statusOK, mimeBundle: &mimeBundle{Data: d.Data, Metadata: d.Metadata}}
	}
	return res
}

// takeQueued removes and returns the requests waiting in the shell queue.
func (k *Kernel) takeQueued() []*Message {
	var q []*Message
	for {
		select {
		case m, ok := <-k.shellQ:
			if !ok {
				return q
			}
			q = append(q, m)
		default:
			return q
		}
	}
}

// abort answers the execute requests among msgs with status "aborted",
// as stop_on_error asks after a failed cell, and serves the other
// requests normally, in order.
func (k *Kernel) abort(msgs []*Message) {
	for _, m := range msgs {
		if m.Header.MsgType != msgExecuteRequest {
			k.handleShell(m)
			continue
		}
		k.status(m, "busy")
		k.reply(k.shell, m, msgExecuteReply, executeReply{
			Status: statusAborted, ExecutionCount: k.count, UserExpressions: map[string]userExpression{}, Payload: []pagePayload{}})
		k.status(m, "idle")
	}
}

// errorReply is the execute_reply of a failed cell.
func errorReply(ename, evalue string, tb []string, count int) executeReply {
	return executeReply{Status: statusError, ExecutionCount: count,
		UserExpressions: map[string]userExpression{}, Payload: []pagePayload{},
		errorFields: &errorFields{Ename: ename, Evalue: evalue, Traceback: nonNil(tb)}}
}

// nonNil returns tb, or an empty slice for nil: the protocol wants a list.
func nonNil(tb []string) []string {
	if tb == nil {
		return []string{}
	}
	return tb
}

// describeError turns an execution error into the protocol's ename,
// evalue and traceback.
func describeError(err error) (ename, evalue string, tb []string) {
	var se *session.Error
	switch {
	case errors.As(err, &se):
		ename, evalue, tb = se.Name, se.Value, se.Traceback
		if ename == "" {
			ename = "Error"
		}
		if len(tb) == 0 {
			msg := evalue
			if se.Line > 0 {
				msg = fmt.Sprintf("%d:%d: %s", se.Line, se.Col, evalue)
			}
			tb = []string{ename + ": " + msg}
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		ename, evalue = "Interrupted", "the cell was interrupted"
		tb = []string{"Interrupted: the cell was interrupted; the session keeps its variables"}
	default:
		ename, evalue = "Error", err.Error()
		tb = []string{evalue}
	}
	return ename, evalue, tb
}

// bundle returns d with non-nil maps, as the protocol requires objects.
func bundle(d display.Data) display.Data {
	if d.Data == nil {
		d.Data = map[string]any{}
	}
	if d.Metadata == nil {
		d.Metadata = map[string]any{}
	}
	return d
}

// display publishes a rich output of the running cell. A bundle with a
// display_id in its transient part can be updated later; a bundle whose
// display.ClearOutput published (display.IsClear) clears the cell's output
// instead.
func (k *Kernel) display(d display.Data, update bool) {
	// Displays may come from any goroutine of a cell; none may take the
	// process down.
	defer func() {
		if r := recover(); r != nil {
			k.logf("display: recovered from panic: %v", r)
		}
	}()
	if wait, ok := display.IsClear(d); ok {
		k.pub.output(msgClearOutput, clearOutput{Wait: wait})
		return
	}
	d = bundle(d)
	content := displayData{Data: d.Data, Metadata: d.Metadata, Transient: d.Transient}
	if content.Transient == nil {
		content.Transient = map[string]any{}
	}
	id, hasID := content.Transient["display_id"].(string)
	if hasID {
		// An update of an id never shown would show nothing: the first
		// output of an id is always a display_data.
		k.mu.Lock()
		if k.shownIDs == nil || len(k.shownIDs) > 10000 {
			k.shownIDs = map[string]bool{}
		}
		seen := k.shownIDs[id]
		k.shownIDs[id] = true
		k.mu.Unlock()
		if update && seen {
			k.pub.output(msgUpdateDisplayData, content)
			return
		}
	}
	k.pub.output(msgDisplayData, content)
}
