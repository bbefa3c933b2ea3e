package symbols

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// expectation returns the text after the "// Output:" or "// Error:"
// comment that ends a script, with the comment markers removed.
func expectation(t *testing.T, src string) (kind, want string) {
	t.Helper()
	for _, k := range []string{"Output", "Error"} {
		i := strings.LastIndex(src, "\n// "+k+":")
		if i < 0 {
			continue
		}
		var lines []string
		for _, l := range strings.Split(src[i+1:], "\n")[1:] {
			l = strings.TrimPrefix(l, "//")
			lines = append(lines, strings.TrimPrefix(l, " "))
		}
		return k, strings.TrimSpace(strings.Join(lines, "\n"))
	}
	t.Fatal("script has no // Output: or // Error: comment")
	return "", ""
}

// TestScripts runs every script of testdata/scripts in a fresh
// interpreter with the standard library and Symbols, and compares what it
// prints (or its error) with the comment at its end, like yaegi's own
// _test files. It catches missing or unusable symbols and interpreter
// divergence.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".go"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			kind, want := expectation(t, string(src))
			var out bytes.Buffer
			i := interp.New(interp.Options{Stdout: &out, Stderr: &out})
			if err := i.Use(stdlib.Symbols); err != nil {
				t.Fatal(err)
			}
			if err := i.Use(Symbols); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			_, err = i.EvalWithContext(ctx, string(src))
			switch kind {
			case "Output":
				if err != nil {
					t.Fatalf("error: %v\noutput so far:\n%s", err, out.String())
				}
				if got := strings.TrimSpace(out.String()); got != want {
					t.Errorf("output\n%s\nwant\n%s", got, want)
				}
			case "Error":
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v, want one containing %q", err, want)
				}
			}
		})
	}
}

// TestScriptsCompiled builds the same scripts with the Go toolchain and
// checks that compiled and interpreted runs print the same text (the
// expected output is therefore what the compiler makes of the program).
func TestScriptsCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every script")
	}
	files, _ := filepath.Glob("testdata/scripts/*.go")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		kind, want := expectation(t, string(src))
		if kind != "Output" {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".go"), func(t *testing.T) {
			out, err := exec.Command("go", "run", file).CombinedOutput()
			if err != nil {
				t.Fatalf("go run: %v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != want {
				t.Errorf("compiled output\n%s\nwant\n%s", got, want)
			}
		})
	}
}
