package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyn-go/pyn/display"
)

// A cells file is a sequence of sections "-- name --" on their own line:
// each "-- cell --" starts a cell run by the same session, and the
// sections after it state what the cell must produce:
//
//	-- stdout --    exact text printed (both interpreted and compiled output)
//	-- stderr --    exact text printed on stderr
//	-- value --     canon(Outcome.Value), or its start when ending in "…";
//	                without it the cell must have no value
//	-- displays --  canon of each display, one per line
//	-- error --     "Name line:col substring" (line:col may be "-" when unknown)
//
// A cell without an error section must succeed. Sections end at the next
// section; a trailing newline of a section is not significant.
type cellCase struct {
	src      string
	sections map[string]string
	line     int // line of the cell in the file, for messages
}

func parseCells(t *testing.T, data string) []*cellCase {
	var cells []*cellCase
	var cur *cellCase
	var name string
	var buf []string
	end := func() {
		if cur == nil || name == "" {
			return
		}
		text := strings.Join(buf, "\n")
		if name == "cell" {
			cur.src = text
		} else {
			cur.sections[name] = strings.TrimSuffix(text, "\n")
		}
	}
	for i, l := range strings.Split(data, "\n") {
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") {
			end()
			name = strings.TrimSuffix(strings.TrimPrefix(l, "-- "), " --")
			buf = nil
			if name == "cell" {
				cur = &cellCase{sections: map[string]string{}, line: i + 2}
				cells = append(cells, cur)
			} else if cur == nil {
				t.Fatalf("line %d: section %q before the first cell", i+1, name)
			}
			continue
		}
		if name != "" {
			buf = append(buf, l)
		}
	}
	end()
	return cells
}

// canon is a short, stable description of a bundle for the test files.
func canon(d display.Data) string {
	for _, m := range []string{display.MIMEHTML, display.MIMETypeJavaScript, display.MIMEMarkdown, display.MIMETypeLatex, display.MIMESVG, display.MIMEJSON} {
		if v, ok := d.Data[m]; ok {
			return fmt.Sprintf("%s: %v", m, v)
		}
	}
	for _, m := range []string{display.MIMEPNG, display.MIMEJPEG, display.MIMETypePDF} {
		if _, ok := d.Data[m]; ok {
			return m
		}
	}
	s, _ := d.Data[display.MIMEText].(string)
	return s
}

func TestCells(t *testing.T) {
	files, err := filepath.Glob("testdata/cells/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cell files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			s, err := New(Options{Stdout: &stdout, Stderr: &stderr})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range parseCells(t, string(data)) {
				stdout.Reset()
				stderr.Reset()
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				out, err := s.Exec(ctx, c.src)
				cancel()
				where := fmt.Sprintf("%s:%d", file, c.line)
				if want, ok := c.sections["error"]; ok {
					checkError(t, where, err, want)
				} else if err != nil {
					t.Errorf("%s: unexpected error %v (%#v)", where, err, err)
					continue
				}
				if want, ok := c.sections["stdout"]; ok && strings.TrimSuffix(stdout.String(), "\n") != want {
					t.Errorf("%s: stdout\n got %q\nwant %q", where, stdout.String(), want)
				}
				if want, ok := c.sections["stderr"]; ok && strings.TrimSuffix(stderr.String(), "\n") != want {
					t.Errorf("%s: stderr\n got %q\nwant %q", where, stderr.String(), want)
				}
				if out == nil {
					continue
				}
				want, ok := c.sections["value"]
				switch {
				case ok && out.Value == nil:
					t.Errorf("%s: no value, want %q", where, want)
				case ok && strings.HasSuffix(want, "…") && strings.HasPrefix(canon(*out.Value), strings.TrimSuffix(want, "…")):
				case ok && canon(*out.Value) != want:
					t.Errorf("%s: value\n got %q\nwant %q", where, canon(*out.Value), want)
				case !ok && out.Value != nil && err == nil:
					t.Errorf("%s: unexpected value %q", where, canon(*out.Value))
				}
				if want, ok := c.sections["displays"]; ok {
					var got []string
					for _, d := range out.Displays {
						got = append(got, canon(d))
					}
					if strings.Join(got, "\n") != want {
						t.Errorf("%s: displays\n got %q\nwant %q", where, got, want)
					}
				}
			}
		})
	}
}

func checkError(t *testing.T, where string, err error, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error %v (%T), want *Error %q", where, err, err, want)
		return
	}
	f := strings.SplitN(want, " ", 3)
	for len(f) < 3 {
		f = append(f, "")
	}
	if e.Name != f[0] {
		t.Errorf("%s: error name %q (%v), want %q", where, e.Name, e, f[0])
	}
	if f[1] != "-" && fmt.Sprintf("%d:%d", e.Line, e.Col) != f[1] {
		t.Errorf("%s: error position %d:%d (%v), want %s", where, e.Line, e.Col, e, f[1])
	}
	if !strings.Contains(e.Value, f[2]) {
		t.Errorf("%s: error %q does not contain %q", where, e.Value, f[2])
	}
}
