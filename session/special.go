package session

// Special lines: gophernotes' cell commands that are not Go. A line whose
// first non-blank character is % or $ (outside a raw string or a block
// comment) is one; the cell's special lines run first, in order, then its
// Go code, whose line numbers stay those of the cell.

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pyn-go/pyn/symbols"
)

// ErrSpecial names the error of a special line: an unknown %command, a
// bad argument, or a shell command that failed.
const ErrSpecial = "SpecialLineError"

// specialNames is the list the errors and %help name.
const specialNames = "%cd, %help, %go111module and $ (a shell command)"

// special is one special line of a cell.
type special struct {
	line int    // 1-based line in the cell
	text string // the line without leading blanks
}

// splitSpecial returns the cell's special lines and its Go code with those
// lines blanked, so that positions in the Go code are still the cell's.
func splitSpecial(code string) ([]special, string) {
	if !strings.ContainsAny(code, "%$") {
		return nil, code
	}
	inside := multiLineTokens(code)
	var sp []special
	lines := strings.SplitAfter(code, "\n")
	off := 0
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "$")) && !inside(off) {
			sp = append(sp, special{line: i + 1, text: strings.TrimRight(t, "\r\n")})
			if strings.HasSuffix(l, "\n") {
				lines[i] = "\n"
			} else {
				lines[i] = ""
			}
		}
		off += len(l)
	}
	if len(sp) == 0 {
		return nil, code
	}
	return sp, strings.Join(lines, "")
}

// multiLineTokens returns a function that reports whether the line
// starting at byte offset off begins inside a raw string or a block
// comment, where a % or $ is text, not a command.
func multiLineTokens(code string) func(off int) bool {
	type span struct{ a, b int }
	var spans []span
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var sc scanner.Scanner
	sc.Init(file, []byte(code), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if (tok == token.STRING || tok == token.COMMENT) && strings.Contains(lit, "\n") {
			a := file.Offset(pos)
			spans = append(spans, span{a, a + len(lit)})
		}
	}
	return func(off int) bool {
		for _, s := range spans {
			if off > s.a && off < s.b {
				return true
			}
		}
		return false
	}
}

// runSpecial runs one special line, writing its output to the cell's
// standard output.
func (s *Session) runSpecial(ctx context.Context, sp special) error {
	fail := func(format string, a ...any) error {
		v := fmt.Sprintf(format, a...)
		return &Error{Name: ErrSpecial, Value: v, Line: sp.line, Col: 1,
			Traceback: []string{fmt.Sprintf("%d:1: %s", sp.line, v)}}
	}
	if strings.HasPrefix(sp.text, "$") {
		return s.shell(ctx, sp, strings.TrimSpace(sp.text[1:]), fail)
	}
	name, arg, _ := strings.Cut(sp.text, " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "%cd":
		if arg == "" {
			wd, err := os.Getwd()
			if err != nil {
				return fail("%%cd: %v", err)
			}
			fmt.Fprintln(s.out, wd)
			return nil
		}
		if arg == "~" || strings.HasPrefix(arg, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				arg = filepath.Join(home, arg[1:])
			}
		}
		if err := os.Chdir(arg); err != nil {
			return fail("%%cd: %v", unwrapPath(err))
		}
		return nil // silent, as the shell's cd; %cd alone prints where
	case "%help":
		fmt.Fprint(s.out, helpText())
		return nil
	case "%go111module":
		switch arg {
		case "on", "off":
			fmt.Fprintf(s.out, "%%go111module %s: nothing to do; pyn's interpreter has its packages built in, so module mode does not apply (%%help lists them)\n", arg)
			return nil
		}
		return fail("%%go111module takes on or off, not %q", arg)
	}
	return fail("unknown special line %s: pyn knows %s", name, specialNames)
}

// unwrapPath drops the operation of a *PathError ("chdir x: no such file
// or directory" reads "x: no such file or directory").
func unwrapPath(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// shell runs a $ line with the system shell in the working directory,
// its output streamed into the cell as it comes. An interrupt kills the
// command and everything it started.
func (s *Session) shell(ctx context.Context, sp special, line string, fail func(string, ...any) error) error {
	if line == "" {
		return fail("$ needs a command, as in $ ls -l")
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", line)
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = s.out, s.errw
	setProcessGroup(cmd)
	cmd.WaitDelay = time.Second // a backgrounded child holding the pipes cannot hang the cell
	err := cmd.Run()
	if ctx.Err() != nil {
		return cancelled{ctx.Err()}
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return fail("$ %s: %v", line, ee.ProcessState)
	case err != nil:
		return fail("$ %s: %v", line, err)
	}
	return nil
}

// helpText lists the special lines, the predeclared names and the
// packages a cell can import.
func helpText() string {
	var b strings.Builder
	b.WriteString(`Special lines (a line starting with % or $; they run before the cell's Go code):
  %cd [DIR]          change the working directory (no DIR: print it)
  %help              this help
  %go111module on|off accepted for gophernotes notebooks; nothing to do here
  $ CMD ARGS         run a shell command; its output streams into the cell,
                     the interrupt stops it, a failure shows its exit status
`)
	var pre []string
	for name, path := range preImported {
		pre = append(pre, fmt.Sprintf("%s (%s)", name, path))
	}
	sort.Strings(pre)
	b.WriteString("\nImported in every cell: " + strings.Join(pre, ", ") + ".\n")
	b.WriteString("Predeclared: Display(display.Data) error, as in gophernotes.\n")
	var pkgs []string
	for k := range symbols.Symbols {
		if i := strings.LastIndex(k, "/"); i > 0 {
			pkgs = append(pkgs, k[:i])
		}
	}
	sort.Strings(pkgs)
	b.WriteString("Importable besides the standard library: " + strings.Join(pkgs, ", ") + ".\n")
	return b.String()
}
