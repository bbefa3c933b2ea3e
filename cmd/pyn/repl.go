package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/peterh/liner"

	"github.com/pyn-go/pyn/pyn"
	"github.com/pyn-go/pyn/session"
)

func init() {
	register(&command{
		Name:  "repl",
		Usage: "repl [--out DIR]",
		Short: "start an interactive prompt",
		Run:   replCmd,
	})
	commandFlags["repl"] = func(fs *flag.FlagSet) { replFlags(fs) }
}

func replFlags(fs *flag.FlagSet) *string {
	return fs.String("out", "pyn-out", "write figures into `DIR`/repl")
}

const replHelp = `Enter Go: statements, declarations and imports, in any order; pyn, fmt and
math need no import. The value of a trailing expression is printed; figures
are written as files and their paths printed. An entry whose braces or
parentheses are open continues on the next line. Tab completes names
(package members, fields and methods, the session's variables).

  :help    this help
  :reset   forget everything: start a fresh interpreter
  :quit    leave (as does Ctrl-D on an empty line)

The special lines of notebook cells work here too: %cd DIR, %help (lists
them and the packages), %go111module on|off, and $ CMD ARGS (a shell
command). Display(display.HTML(…)) and display.* are predeclared.

Ctrl-C stops the running code (a running simulation returns what it has)
and returns to the prompt; at the prompt it discards the entry. A second
Ctrl-C while code is still stopping quits pyn.
`

// historyPath is the file of the REPL's history, in the user's cache
// directory so that it survives between sessions but is not config.
func historyPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "pyn", "repl_history"), nil
}

// repl is the state of one interactive session.
type repl struct {
	line *liner.State
	s    *session.Session

	out   *termOutput
	hist  string          // history file; "" when there is no cache directory
	entry strings.Builder // the lines of a continued entry so far

	// cancel stops the running entry, nil at the prompt; entries counts
	// the entries run. Both are guarded by cmu.
	cmu     sync.Mutex
	cancel  context.CancelFunc
	entries int
}

func replCmd(args []string) error {
	fs := newFlagSet("repl")
	out := replFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{msg: "repl takes no arguments"}
	}
	r := &repl{out: newTermOutput(stdout, filepath.Join(*out, "repl"))}
	// Keep the figures of earlier sessions: number after them.
	if err := r.out.figs.Continue(); err != nil {
		return err
	}
	s, err := session.New(session.Options{
		Stdout:  stdout,
		Stderr:  stderr,
		Display: r.out.display,
	})
	if err != nil {
		return err
	}
	r.s = s

	// SIGINT arrives only while code runs: at the prompt liner reads
	// Ctrl-C as a key. The first one cancels the entry; a second one, if
	// the entry has not stopped yet, quits.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go r.interrupts(sigs)

	r.line = liner.NewLiner()
	defer r.line.Close()
	r.line.SetCtrlCAborts(true)
	r.line.SetWordCompleter(r.complete)
	if hist, err := historyPath(); err == nil {
		r.hist = hist
		if f, err := os.Open(hist); err == nil {
			r.line.ReadHistory(f)
			f.Close()
		}
		defer r.saveHistory()
	}

	fmt.Fprintf(stdout, "pyn %s (%s): Go with pyn. :help for help, Ctrl-D to quit.\n", pyn.Version, runtime.Version())
	entry := &r.entry
	indent := ""
	for {
		prompt := ">>> "
		if entry.Len() > 0 {
			prompt = "... "
		}
		text, err := r.line.PromptWithSuggestion(prompt, indent, -1)
		indent = ""
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			entry.Reset()
			continue
		case errors.Is(err, io.EOF):
			if entry.Len() > 0 {
				// Ctrl-D in a continued entry discards it, like Ctrl-C.
				fmt.Fprintln(stdout)
				entry.Reset()
				continue
			}
			fmt.Fprintln(stdout)
			return nil
		case err != nil:
			return fmt.Errorf("pyn: reading input: %w", err)
		}
		if strings.TrimSpace(text) != "" {
			r.line.AppendHistory(text)
		}
		if entry.Len() == 0 && strings.HasPrefix(strings.TrimSpace(text), ":") {
			if done := r.meta(strings.TrimSpace(text)); done {
				return nil
			}
			continue
		}
		entry.WriteString(text)
		entry.WriteByte('\n')
		code := entry.String()
		if strings.TrimSpace(code) == "" {
			entry.Reset()
			continue
		}
		status, ind := r.s.IsComplete(code)
		if status == "incomplete" {
			// liner shows tabs poorly: suggest spaces.
			indent = strings.ReplaceAll(ind, "\t", "    ")
			continue
		}
		entry.Reset()
		r.exec(code)
	}
}

// complete returns Tab completions for the identifier before the cursor
// (pos counts runes), asking the session with the whole entry so far as
// context.
func (r *repl) complete(line string, pos int) (head string, matches []string, tail string) {
	rs := []rune(line)
	if pos > len(rs) {
		pos = len(rs)
	}
	cur := len(string(rs[:pos]))
	prev := r.entry.String()
	matches, start, end := r.s.Complete(prev+line, len(prev)+cur)
	start, end = start-len(prev), end-len(prev)
	if start < 0 || end > len(line) || start > end {
		return line[:cur], nil, line[cur:]
	}
	return line[:start], matches, line[end:]
}

// meta runs a REPL command (":help", …) and reports whether to quit.
func (r *repl) meta(cmd string) bool {
	switch cmd {
	case ":quit", ":q", ":exit":
		return true
	case ":help", ":h", ":?":
		io.WriteString(stdout, replHelp) //nolint:errcheck // the terminal
	case ":reset":
		if err := r.s.Reset(); err != nil {
			fmt.Fprintln(stderr, "pyn:", err)
		} else {
			fmt.Fprintln(stdout, "fresh interpreter: every name is forgotten")
		}
	default:
		fmt.Fprintf(stderr, "pyn: unknown command %s (:help lists them)\n", cmd)
	}
	return false
}

// exec runs one complete entry and prints its value or error.
func (r *repl) exec(code string) {
	ctx, cancel := context.WithCancel(context.Background())
	r.cmu.Lock()
	r.cancel = cancel
	r.entries++
	r.cmu.Unlock()
	out, err := r.s.Exec(ctx, code)
	r.cmu.Lock()
	r.cancel = nil
	r.cmu.Unlock()
	interrupted := ctx.Err() != nil
	cancel()
	r.out.flush()
	if err := r.out.takeErr(); err != nil {
		fmt.Fprintln(stderr, "pyn:", err)
	}
	switch {
	case interrupted:
		fmt.Fprintln(stderr, "interrupted")
	case err != nil:
		var se *session.Error
		if errors.As(err, &se) {
			printSessionError(se)
		} else {
			fmt.Fprintln(stderr, "pyn:", err)
		}
	case out != nil && out.Value != nil:
		r.out.display(*out.Value, false)
	}
}

// printSessionError prints a cell error: its traceback when it has
// several lines (a panic), else line:col and the message.
func printSessionError(se *session.Error) {
	if len(se.Traceback) > 1 {
		for _, l := range se.Traceback {
			fmt.Fprintln(stderr, l)
		}
		return
	}
	msg := se.Value
	if se.Name != "" {
		msg = se.Name + ": " + msg
	}
	if se.Line > 0 {
		msg = fmt.Sprintf("%d:%d: %s", se.Line, se.Col, msg)
	}
	fmt.Fprintln(stderr, msg)
}

// interrupts cancels the running entry on SIGINT, and quits when a
// second one comes while the same entry is still running.
func (r *repl) interrupts(sigs <-chan os.Signal) {
	cancelled := 0 // the entry already cancelled once
	for range sigs {
		r.cmu.Lock()
		cancel, n := r.cancel, r.entries
		r.cmu.Unlock()
		switch {
		case cancel == nil:
			// Between entries: nothing to stop.
		case n == cancelled:
			fmt.Fprintln(stderr, "\npyn: the running code does not stop; quitting")
			r.saveHistory()
			r.line.Close()
			os.Exit(130)
		default:
			cancelled = n
			cancel()
		}
	}
}

// saveHistory writes the history file; failing to is not worth an error
// on the way out.
func (r *repl) saveHistory() {
	if r.hist == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(r.hist), 0o755); err != nil {
		return
	}
	f, err := os.Create(r.hist)
	if err != nil {
		return
	}
	defer f.Close()
	r.line.WriteHistory(f)
}
