package notebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Notebook is a Jupyter notebook in nbformat 4.
type Notebook struct {
	Cells    []*Cell
	Metadata map[string]any
	// Format and Minor are the nbformat version numbers; Format is always 4.
	Format, Minor int
}

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Cell is one cell of a notebook.
type Cell struct {
	ID          string // cell id (nbformat 4.5); Write fills in missing ones
	Type        string // Code, Markdown or Raw
	Source      string
	Metadata    map[string]any
	Attachments map[string]any // markdown and raw cells only
	// ExecutionCount is the cell's execution count; 0 means it has not
	// been executed (null in the file). Code cells only.
	ExecutionCount int
	Outputs        []*Output // code cells only
}

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	ErrorOutput   = "error"
)

// Output is one output of a code cell.
type Output struct {
	Type string // Stream, DisplayData, ExecuteResult or ErrorOutput

	Name string // Stream: "stdout" or "stderr"
	Text string // Stream: the text

	// Data maps MIME types to values (DisplayData, ExecuteResult). Text
	// types hold strings; image/png holds base64 text (or []byte, encoded
	// on Write); JSON types hold any JSON value.
	Data     map[string]any
	Metadata map[string]any
	// ExecutionCount is the count of the cell that produced an ExecuteResult.
	ExecutionCount int

	EName, EValue string   // ErrorOutput: error name and message
	Traceback     []string // ErrorOutput: lines of the traceback
}

// ReadFile reads the notebook in file path.
func ReadFile(path string) (*Notebook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	defer f.Close()
	nb, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("notebook: %s: %w", path, err)
	}
	return nb, nil
}

// multiline is nbformat's multi-line string: a JSON string or a list of
// strings to be concatenated (Jupyter writes one string per line).
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return fmt.Errorf("want a string or a list of strings, got %.40s", b)
	}
	*m = multiline(strings.Join(ss, ""))
	return nil
}

type rawNotebook struct {
	Cells         []rawCell      `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

type rawCell struct {
	ID             string         `json:"id"`
	CellType       string         `json:"cell_type"`
	Metadata       map[string]any `json:"metadata"`
	Source         multiline      `json:"source"`
	Attachments    map[string]any `json:"attachments"`
	ExecutionCount *int           `json:"execution_count"`
	Outputs        []rawOutput    `json:"outputs"`
}

type rawOutput struct {
	OutputType     string                     `json:"output_type"`
	Name           string                     `json:"name"`
	Text           multiline                  `json:"text"`
	Data           map[string]json.RawMessage `json:"data"`
	Metadata       map[string]any             `json:"metadata"`
	ExecutionCount *int                       `json:"execution_count"`
	EName          string                     `json:"ename"`
	EValue         string                     `json:"evalue"`
	Traceback      []string                   `json:"traceback"`
}

// Read reads a notebook in nbformat 4. It checks the version and the cell
// types; it does not check everything the nbformat schema does.
func Read(r io.Reader) (*Notebook, error) {
	nb, err := read(r)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	return nb, nil
}

// read is Read without the package prefix on errors, which ReadFile
// replaces by one naming the file.
func read(r io.Reader) (*Notebook, error) {
	var raw rawNotebook
	dec := json.NewDecoder(r)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	if raw.NBFormat != 4 {
		return nil, fmt.Errorf("nbformat %d is not supported (need 4)", raw.NBFormat)
	}
	nb := &Notebook{Metadata: raw.Metadata, Format: raw.NBFormat, Minor: raw.NBFormatMinor}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	for i, rc := range raw.Cells {
		c := &Cell{
			ID:          rc.ID,
			Type:        rc.CellType,
			Source:      string(rc.Source),
			Metadata:    rc.Metadata,
			Attachments: rc.Attachments,
		}
		switch c.Type {
		case Code, Markdown, Raw:
		default:
			return nil, fmt.Errorf("cell %d: unknown cell type %q", i+1, c.Type)
		}
		if rc.ExecutionCount != nil {
			c.ExecutionCount = *rc.ExecutionCount
		}
		for j, ro := range rc.Outputs {
			o, err := readOutput(ro)
			if err != nil {
				return nil, fmt.Errorf("cell %d, output %d: %w", i+1, j+1, err)
			}
			c.Outputs = append(c.Outputs, o)
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

func readOutput(ro rawOutput) (*Output, error) {
	o := &Output{
		Type:      ro.OutputType,
		Name:      ro.Name,
		Text:      string(ro.Text),
		Metadata:  ro.Metadata,
		EName:     ro.EName,
		EValue:    ro.EValue,
		Traceback: ro.Traceback,
	}
	switch o.Type {
	case Stream, DisplayData, ExecuteResult, ErrorOutput:
	default:
		return nil, fmt.Errorf("unknown output type %q", o.Type)
	}
	if ro.ExecutionCount != nil {
		o.ExecutionCount = *ro.ExecutionCount
	}
	if ro.Data != nil {
		o.Data = make(map[string]any, len(ro.Data))
		for mime, v := range ro.Data {
			if isJSONMime(mime) {
				var x any
				if err := json.Unmarshal(v, &x); err != nil {
					return nil, fmt.Errorf("%s: %w", mime, err)
				}
				o.Data[mime] = x
				continue
			}
			var m multiline
			if err := json.Unmarshal(v, &m); err != nil {
				return nil, fmt.Errorf("%s: %w", mime, err)
			}
			o.Data[mime] = string(m)
		}
	}
	return o, nil
}

// jsonMime matches the MIME types whose values nbformat stores as JSON
// rather than as text (the schema's mimebundle pattern).
var jsonMime = regexp.MustCompile(`^application/(.*\+)?json$`)

func isJSONMime(mime string) bool { return jsonMime.MatchString(mime) }

// validID is the pattern of a cell id in nbformat 4.5.
var validID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Write writes nb in nbformat 4 as Jupyter does: one-space indentation,
// keys in order, text split into lines. Cells without a valid id, or with
// one already used, get a fresh id, and the minor version is raised to 5
// (the first with cell ids) when it is lower.
func (nb *Notebook) Write(w io.Writer) error {
	if nb.Minor < 5 {
		nb.Minor = 5
	}
	seen := map[string]bool{}
	for i, c := range nb.Cells {
		if !validID.MatchString(c.ID) || seen[c.ID] {
			c.ID = freshID(i, seen)
		}
		seen[c.ID] = true
	}
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		m, err := c.jsonMap()
		if err != nil {
			return fmt.Errorf("notebook: cell %d: %w", i+1, err)
		}
		cells[i] = m
	}
	meta := nb.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	doc := map[string]any{
		"cells":          cells,
		"metadata":       meta,
		"nbformat":       4,
		"nbformat_minor": nb.Minor,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <, > and & readable in HTML outputs
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteFile writes nb to the file path.
func (nb *Notebook) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	return nil
}

// freshID returns an id for cell i not in seen. Ids are derived from the
// position so that running a notebook twice gives the same file.
func freshID(i int, seen map[string]bool) string {
	id := fmt.Sprintf("cell-%d", i+1)
	for k := 2; seen[id]; k++ {
		id = fmt.Sprintf("cell-%d-%d", i+1, k)
	}
	return id
}

// lines splits s into lines that keep their "\n", as Jupyter stores
// multi-line strings.
func lines(s string) []string {
	out := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func (c *Cell) jsonMap() (map[string]any, error) {
	m := map[string]any{
		"id":        c.ID,
		"cell_type": c.Type,
		"metadata":  orEmpty(c.Metadata),
		"source":    lines(c.Source),
	}
	switch c.Type {
	case Code:
		if c.ExecutionCount > 0 {
			m["execution_count"] = c.ExecutionCount
		} else {
			m["execution_count"] = nil
		}
		outs := make([]any, len(c.Outputs))
		for i, o := range c.Outputs {
			om, err := o.jsonMap()
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", i+1, err)
			}
			outs[i] = om
		}
		m["outputs"] = outs
	case Markdown, Raw:
		if len(c.Attachments) > 0 {
			m["attachments"] = c.Attachments
		}
	default:
		return nil, fmt.Errorf("unknown cell type %q", c.Type)
	}
	return m, nil
}

func (o *Output) jsonMap() (map[string]any, error) {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case Stream:
		name := o.Name
		if name == "" {
			name = "stdout"
		}
		m["name"] = name
		m["text"] = lines(o.Text)
	case DisplayData, ExecuteResult:
		data, err := mimeBundle(o.Data)
		if err != nil {
			return nil, err
		}
		m["data"] = data
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == ExecuteResult {
			if o.ExecutionCount > 0 {
				m["execution_count"] = o.ExecutionCount
			} else {
				m["execution_count"] = nil
			}
		}
	case ErrorOutput:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	default:
		return nil, fmt.Errorf("unknown output type %q", o.Type)
	}
	return m, nil
}

// mimeBundle converts a display's data to what nbformat stores: JSON
// types as they are, binary data as base64 text, other text split into
// lines. Base64 stays one string with a final newline, as Jupyter writes it.
func mimeBundle(data map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(data))
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, mime := range keys {
		v := data[mime]
		if isJSONMime(mime) {
			out[mime] = v
			continue
		}
		switch x := v.(type) {
		case []byte:
			out[mime] = base64.StdEncoding.EncodeToString(x) + "\n"
		case string:
			if isBinaryMime(mime) {
				out[mime] = x
			} else {
				out[mime] = lines(x)
			}
		case []string:
			out[mime] = x
		default:
			return nil, fmt.Errorf("%s: value of type %T is neither text nor bytes", mime, v)
		}
	}
	return out, nil
}

// isBinaryMime reports whether values of mime are base64 text of binary
// data (images other than SVG, PDF): they are stored as one string.
func isBinaryMime(mime string) bool {
	return (strings.HasPrefix(mime, "image/") && mime != "image/svg+xml") || mime == "application/pdf"
}
