package kernel

// The contents of the messages the kernel reads and sends, one type per
// message (or per shape several messages share), with the field names of
// the Jupyter messaging protocol, version 5.3
// (https://jupyter-client.readthedocs.io/en/stable/messaging.html). The
// handlers build these values; nothing on the wire is an untyped map
// except MIME bundles and metadata, which are open-ended by definition.

// Message types.
const (
	msgStatus            = "status"
	msgStream            = "stream"
	msgExecuteInput      = "execute_input"
	msgExecuteResult     = "execute_result"
	msgError             = "error"
	msgDisplayData       = "display_data"
	msgUpdateDisplayData = "update_display_data"
	msgClearOutput       = "clear_output"
	msgCommClose         = "comm_close"

	msgExecuteRequest    = "execute_request"
	msgExecuteReply      = "execute_reply"
	msgKernelInfoRequest = "kernel_info_request"
	msgKernelInfoReply   = "kernel_info_reply"
	msgCompleteRequest   = "complete_request"
	msgCompleteReply     = "complete_reply"
	msgInspectRequest    = "inspect_request"
	msgInspectReply      = "inspect_reply"
	msgIsCompleteRequest = "is_complete_request"
	msgIsCompleteReply   = "is_complete_reply"
	msgHistoryRequest    = "history_request"
	msgHistoryReply      = "history_reply"
	msgCommInfoRequest   = "comm_info_request"
	msgCommInfoReply     = "comm_info_reply"
	msgConnectRequest    = "connect_request"
	msgConnectReply      = "connect_reply"
	msgShutdownRequest   = "shutdown_request"
	msgShutdownReply     = "shutdown_reply"
	msgInterruptRequest  = "interrupt_request"
	msgInterruptReply    = "interrupt_reply"
	msgCommOpen          = "comm_open"
	msgCommMsg           = "comm_msg"
)

// Reply statuses.
const (
	statusOK      = "ok"
	statusError   = "error"
	statusAborted = "aborted"
)

// ---- Requests ----

// executeRequest is the content of an execute_request. The booleans that
// default to true are pointers so that absence can be told from false.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// cursorRequest is the content of complete_request, inspect_request and
// is_complete_request (which has no cursor). CursorPos counts Unicode code
// points; nil means the end of the code.
type cursorRequest struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// historyRequest is the content of a history_request.
type historyRequest struct {
	Output  bool   `json:"output"`
	Raw     bool   `json:"raw"`
	Access  string `json:"hist_access_type"`
	Session int    `json:"session"`
	Start   int    `json:"start"`
	Stop    int    `json:"stop"`
	N       int    `json:"n"`
	Pattern string `json:"pattern"`
	Unique  bool   `json:"unique"`
}

// shutdownRequest is the content of a shutdown_request.
type shutdownRequest struct {
	Restart bool `json:"restart"`
}

// commOpen is the content of a comm_open.
type commOpen struct {
	CommID     string `json:"comm_id"`
	TargetName string `json:"target_name"`
}

// ---- Replies (shell and control) ----

// errorFields are the fields that describe a failure: in an error reply,
// an error output on iopub and a failed user expression.
type errorFields struct {
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// mimeBundle is a rich value: data keyed by MIME type, and its metadata.
type mimeBundle struct {
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// executeReply is the content of an execute_reply. Status is ok, error
// (then the error fields are present) or aborted.
type executeReply struct {
	Status          string                    `json:"status"`
	ExecutionCount  int                       `json:"execution_count"`
	UserExpressions map[string]userExpression `json:"user_expressions"`
	Payload         []pagePayload             `json:"payload"`
	*errorFields
}

// userExpression is the result of one user expression of an
// execute_request: status ok with a bundle, or error with its fields.
type userExpression struct {
	Status string `json:"status"`
	*mimeBundle
	*errorFields
}

// pagePayload is the execute_reply payload that shows text in the pager.
type pagePayload struct {
	Source string         `json:"source"` // "page"
	Data   map[string]any `json:"data"`
	Start  int            `json:"start"`
}

// kernelInfoReply is the content of a kernel_info_reply.
type kernelInfoReply struct {
	Status                string       `json:"status"`
	ProtocolVersion       string       `json:"protocol_version"`
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          languageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	Debugger              bool         `json:"debugger"`
	HelpLinks             []helpLink   `json:"help_links"`
}

// languageInfo describes the kernel's language in kernel_info_reply.
type languageInfo struct {
	Name              string `json:"name"`
	Version           string `json:"version"`
	Mimetype          string `json:"mimetype"`
	FileExtension     string `json:"file_extension"`
	PygmentsLexer     string `json:"pygments_lexer"`
	CodemirrorMode    string `json:"codemirror_mode"`
	NbconvertExporter string `json:"nbconvert_exporter"`
}

// helpLink is one entry of kernel_info_reply's help menu.
type helpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// completeReply is the content of a complete_reply; the cursor positions
// count Unicode code points.
type completeReply struct {
	Status      string         `json:"status"`
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

// inspectReply is the content of an inspect_reply.
type inspectReply struct {
	Status   string         `json:"status"`
	Found    bool           `json:"found"`
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// isCompleteReply is the content of an is_complete_reply: status is
// complete, incomplete (with the indent of the next line), invalid or
// unknown.
type isCompleteReply struct {
	Status string  `json:"status"`
	Indent *string `json:"indent,omitempty"`
}

// historyReply is the content of a history_reply: entries are
// [session, line, input] or [session, line, [input, output]].
type historyReply struct {
	Status  string `json:"status"`
	History []any  `json:"history"`
}

// commInfoReply is the content of a comm_info_reply.
type commInfoReply struct {
	Status string         `json:"status"`
	Comms  map[string]any `json:"comms"`
}

// connectReply is the content of a connect_reply: the bound ports.
type connectReply struct {
	ShellPort   int `json:"shell_port"`
	IOPubPort   int `json:"iopub_port"`
	StdinPort   int `json:"stdin_port"`
	ControlPort int `json:"control_port"`
	HBPort      int `json:"hb_port"`
}

// shutdownReply is the content of a shutdown_reply (also published on
// iopub).
type shutdownReply struct {
	Status  string `json:"status"`
	Restart bool   `json:"restart"`
}

// interruptReply is the content of an interrupt_reply.
type interruptReply struct {
	Status string `json:"status"`
}

// ---- IOPub ----

// statusContent is the content of a status message: starting, busy or
// idle.
type statusContent struct {
	ExecutionState string `json:"execution_state"`
}

// streamContent is the content of a stream message: name is stdout or
// stderr.
type streamContent struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// executeInput is the content of an execute_input.
type executeInput struct {
	Code           string `json:"code"`
	ExecutionCount int    `json:"execution_count"`
}

// executeResult is the content of an execute_result.
type executeResult struct {
	ExecutionCount int            `json:"execution_count"`
	Data           map[string]any `json:"data"`
	Metadata       map[string]any `json:"metadata"`
}

// displayData is the content of display_data and update_display_data;
// transient holds the display_id.
type displayData struct {
	Data      map[string]any `json:"data"`
	Metadata  map[string]any `json:"metadata"`
	Transient map[string]any `json:"transient"`
}

// clearOutput is the content of a clear_output.
type clearOutput struct {
	Wait bool `json:"wait"`
}

// commClose is the content of a comm_close.
type commClose struct {
	CommID string         `json:"comm_id"`
	Data   map[string]any `json:"data"`
}
