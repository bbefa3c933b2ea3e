package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pynBin is the pyn binary built once for the tests that run it.
var pynBin string

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		// A kernel started by a test (kernelCmd) runs its interpreter
		// worker as this test binary.
		os.Exit(runWorker())
	}
	dir, err := os.MkdirTemp("", "pyn-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pynBin = filepath.Join(dir, "pyn")
	gobin := "go" // go test puts its own GOROOT/bin first on PATH
	if out, err := exec.Command(gobin, "build", "-o", pynBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building pyn: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary did.
type result struct {
	code           int
	stdout, stderr string
}

// runPyn runs the built binary with args in dir and returns its exit status
// and output.
func runPyn(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(pynBin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("pyn %s: %v", strings.Join(args, " "), err)
	}
	return result{code, out.String(), errb.String()}
}

// abs returns the absolute path of a file in testdata.
func abs(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// skipOrFail skips a test that needs a missing tool, unless CI is set:
// there the tool must be present.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (required when CI is set)", why)
	}
	t.Skip(why)
}

// validate checks path against the nbformat 4 schema with Debian's
// python3-nbformat, the reference implementation Jupyter itself uses.
func validate(t *testing.T, path string) {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		skipOrFail(t, "no "+py)
		return
	}
	if err := exec.Command(py, "-c", "import nbformat").Run(); err != nil {
		skipOrFail(t, "python3-nbformat is not installed")
		return
	}
	script := "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))"
	if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("nbformat rejects %s: %v\n%s", path, err, out)
	}
}

// TestExitStatus checks the exit statuses pyn promises: 0 on success, 1
// when a command fails, 2 for a usage mistake, and where each message goes.
func TestExitStatus(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"notes.txt", "a/same.go", "b/same.ipynb"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, test := range []struct {
		args         []string
		code         int
		stdout, errs string // substrings expected on stdout and stderr
	}{
		{nil, 2, "", "usage: pyn <command>"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"help"}, 0, "repl ", ""},
		{[]string{"--help"}, 0, "run ", ""},
		{[]string{"help", "run"}, 0, "-keep-going", ""},
		{[]string{"help", "nope"}, 2, "", `unknown command "nope"`},
		{[]string{"version"}, 0, "pyn 0.1.0 go", ""},
		{[]string{"version", "extra"}, 2, "", "version takes no arguments"},
		{[]string{"run"}, 2, "", "no files to run"},
		{[]string{"run", "--bogus", "x.go"}, 2, "", "flag provided but not defined: -bogus"},
		{[]string{"run", "-h"}, 0, "", "usage: pyn run"},
		{[]string{"repl", "--out"}, 2, "", "flag needs an argument"},
		{[]string{"run", "missing.go"}, 1, "", "pyn: stat missing.go: no such file"},
		{[]string{"run", "notes.txt"}, 1, "", "pyn: notes.txt: not a Go script (.go) or a notebook (.ipynb)"},
		{[]string{"run", "."}, 1, "", "pyn: .: no .ipynb notebooks in the directory"},
		{[]string{"run", "a/same.go", "b/same.ipynb"}, 1, "", `pyn: a/same.go and b/same.ipynb would both write their results as "same"`},
	} {
		r := runPyn(t, dir, test.args...)
		if r.code != test.code || !strings.Contains(r.stdout, test.stdout) || !strings.Contains(r.stderr, test.errs) {
			t.Errorf("pyn %s: status %d, stdout %q, stderr %q; want status %d, stdout with %q, stderr with %q",
				strings.Join(test.args, " "), r.code, r.stdout, r.stderr, test.code, test.stdout, test.errs)
		}
	}
}
