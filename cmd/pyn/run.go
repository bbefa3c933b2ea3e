package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pyn-go/pyn/notebook"
	"github.com/pyn-go/pyn/session"
)

func init() {
	register(&command{
		Name:  "run",
		Usage: "run [--out DIR] [--keep-going] [--timeout D] FILE|DIR...",
		Short: "run Go scripts and notebooks, writing figures and executed notebooks",
		Run:   runCmd,
	})
	commandFlags["run"] = func(fs *flag.FlagSet) { runFlags(fs) }
}

type runOptions struct {
	out       string
	keepGoing bool
	timeout   time.Duration
}

func runFlags(fs *flag.FlagSet) *runOptions {
	o := &runOptions{}
	fs.StringVar(&o.out, "out", "pyn-out", "write figures and executed notebooks into `DIR`")
	fs.BoolVar(&o.keepGoing, "keep-going", false, "after an error, run the remaining cells and files (the exit status is still 1)")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop a notebook cell or a script that runs longer than `D`, as an error (0: no limit)")
	return o
}

func runCmd(args []string) error {
	fs := newFlagSet("run")
	opts := runFlags(fs)
	names, err := parseFlagsAndNames(fs, args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return &usageError{msg: "no files to run"}
	}
	files, err := expandFiles(names)
	if err != nil {
		return err
	}
	// Ctrl-C cancels the running cell or script (and a running
	// simulation); a second Ctrl-C kills the process as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()

	var failed []string
	for _, f := range files {
		var err error
		if strings.HasSuffix(f, ".ipynb") {
			err = runNotebook(ctx, f, opts)
		} else {
			err = runScript(ctx, f, opts.out, opts.timeout)
		}
		if err == nil {
			continue
		}
		if !opts.keepGoing || ctx.Err() != nil || len(files) == 1 {
			return err
		}
		// Keep going: report this file's error now, a summary at the end.
		fmt.Fprintln(stderr, err)
		failed = append(failed, f)
	}
	if len(failed) > 0 {
		return fmt.Errorf("pyn: %d of %d files failed: %s", len(failed), len(files), strings.Join(failed, ", "))
	}
	return nil
}

// expandFiles checks the arguments of pyn run and replaces each directory
// with its notebooks in name order.
func expandFiles(names []string) ([]string, error) {
	var files []string
	for _, name := range names {
		fi, err := os.Stat(name)
		if err != nil {
			return nil, fmt.Errorf("pyn: %w", err)
		}
		if fi.IsDir() {
			nbs, err := filepath.Glob(filepath.Join(name, "*.ipynb"))
			if err != nil {
				return nil, fmt.Errorf("pyn: %s: %w", name, err)
			}
			if len(nbs) == 0 {
				return nil, fmt.Errorf("pyn: %s: no .ipynb notebooks in the directory", name)
			}
			sort.Strings(nbs)
			files = append(files, nbs...)
			continue
		}
		switch filepath.Ext(name) {
		case ".go", ".ipynb":
			files = append(files, name)
		default:
			return nil, fmt.Errorf("pyn: %s: not a Go script (.go) or a notebook (.ipynb)", name)
		}
	}
	// Each file writes into out/<name>: two files with one name would
	// overwrite each other's results.
	byName := map[string]string{}
	for _, f := range files {
		n := notebook.Name(f)
		if other, dup := byName[n]; dup && other != f {
			return nil, fmt.Errorf("pyn: %s and %s would both write their results as %q; rename one", other, f, n)
		}
		byName[n] = f
	}
	return files, nil
}

func runNotebook(ctx context.Context, path string, opts *runOptions) error {
	rep, err := notebook.Run(ctx, path, notebook.Options{OutDir: opts.out, KeepGoing: opts.keepGoing, CellTimeout: opts.timeout})
	if rep == nil {
		return err
	}
	status := "ok"
	if len(rep.Errors) > 0 {
		status = fmt.Sprintf("%d failed", len(rep.Errors))
	}
	fmt.Fprintf(stdout, "%s: %s, %s, %.1fs, %s -> %s\n",
		path, plural(rep.Cells, "cell"), plural(len(rep.Figures), "figure"), rep.Wall.Seconds(), status, rep.Out)
	for _, f := range rep.Figures {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	switch n := len(rep.Errors); {
	case n == 0:
		return err // nil, or a failure to write the notebook or a figure
	case n == 1:
		return fmt.Errorf("pyn: %v (the executed notebook, with the error, is %s)", rep.Errors[0], rep.Out)
	default:
		// Only --keep-going gets here: show every failed cell in order.
		for _, e := range rep.Errors {
			fmt.Fprintln(stderr, "pyn:", e)
		}
		return fmt.Errorf("pyn: %s: %d cells failed (the executed notebook, with the errors, is %s)", path, n, rep.Out)
	}
}

// plural returns "1 cell", "2 cells".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// checkScript rejects a file with a package clause other than main: a
// script is a main package (the session runs its main function) or plain
// statements and declarations, like a notebook cell.
func checkScript(path string, src []byte) error {
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly)
	if err != nil {
		// No package clause (or a broken one): plain statements; the
		// session reports any syntax error with its line.
		return nil
	}
	if f.Name.Name != "main" {
		return fmt.Errorf("pyn: %s: package %s: a script is a main package or plain statements", path, f.Name.Name)
	}
	return nil
}

// runScript runs the Go script in path in a fresh session. Its output goes
// to stdout and stderr, its figures to out/<script name>/.
func runScript(ctx context.Context, path, out string, timeout time.Duration) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("pyn: %w", err)
	}
	if err := checkScript(path, src); err != nil {
		return err
	}
	so := newTermOutput(stdout, filepath.Join(out, notebook.Name(path)))
	if err := so.figs.Clean(); err != nil {
		return err
	}
	// The session passes the script's output to the process's own stdout
	// and stderr; figure lines written to stdout while the script runs go
	// through the same capture, so they keep their place in the output.
	s, err := session.New(session.Options{
		Stdout:  stdout,
		Stderr:  stderr,
		Display: so.display,
	})
	if err != nil {
		return fmt.Errorf("pyn: %s: %w", path, err)
	}
	start := time.Now()
	sctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeoutCause(ctx, timeout, notebook.ErrCellTimeout)
		defer cancel()
	}
	if err := execScript(sctx, s, so, path, string(src)); err != nil {
		if ctx.Err() == nil && errors.Is(context.Cause(sctx), notebook.ErrCellTimeout) {
			return fmt.Errorf("pyn: %s: timed out after %v", path, timeout)
		}
		return err
	}
	if err := so.takeErr(); err != nil {
		return fmt.Errorf("pyn: %s: %w", path, err)
	}
	fmt.Fprintf(stderr, "%s: done in %.1fs\n", path, time.Since(start).Seconds())
	return nil
}

func execScript(ctx context.Context, s *session.Session, so *termOutput, path, code string) error {
	res, err := s.Exec(ctx, code)
	so.flush()
	if err != nil {
		return scriptError(path, err)
	}
	if res == nil {
		return nil
	}
	// res.Displays were already shown, live, through Options.Display.
	if res.Value != nil && len(res.Value.Data) > 0 {
		so.display(*res.Value, false)
	}
	return nil
}

// scriptError formats a session error as file:line:col: message, printing
// a traceback of several lines first on stderr.
func scriptError(path string, err error) error {
	var se *session.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("pyn: %s: %w", path, err)
	}
	if len(se.Traceback) > 1 {
		for _, l := range se.Traceback {
			fmt.Fprintln(stderr, l)
		}
	}
	where := path
	if se.Line > 0 {
		where += fmt.Sprintf(":%d", se.Line)
		if se.Col > 0 {
			where += fmt.Sprintf(":%d", se.Col)
		}
	}
	msg := se.Value
	if se.Name != "" {
		msg = se.Name + ": " + msg
	}
	return fmt.Errorf("pyn: %s: %s", where, msg)
}
