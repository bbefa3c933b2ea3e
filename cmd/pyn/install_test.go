package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInstall(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", filepath.Join(tmp, "user"))
	t.Setenv("VIRTUAL_ENV", filepath.Join(tmp, "venv"))
	t.Setenv("CONDA_PREFIX", "")
	for _, test := range []struct {
		name string
		args []string
		dir  string // where kernels/pyn must appear
	}{
		// Locations from jupyter_core.paths: the user data dir
		// ($JUPYTER_DATA_DIR), PREFIX/share/jupyter, sys.prefix/share/jupyter.
		{"default is user", nil, filepath.Join(tmp, "user")},
		{"user", []string{"--user"}, filepath.Join(tmp, "user")},
		{"prefix", []string{"--prefix", filepath.Join(tmp, "prefix")}, filepath.Join(tmp, "prefix", "share", "jupyter")},
		{"sys-prefix", []string{"--sys-prefix"}, filepath.Join(tmp, "venv", "share", "jupyter")},
	} {
		t.Run(test.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			stdout, stderr = &out, &errOut // the test binary draws a go run warning
			defer func() { stdout, stderr = os.Stdout, os.Stderr }()
			if err := installCmd(test.args); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(test.dir, "kernels", "pyn")
			if !strings.Contains(out.String(), dir) {
				t.Errorf("output %q does not name %s", out.String(), dir)
			}
			b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
			if err != nil {
				t.Fatal(err)
			}
			var spec kernelSpec
			if err := json.Unmarshal(b, &spec); err != nil {
				t.Fatal(err)
			}
			exe, _ := os.Executable()
			if r, err := filepath.EvalSymlinks(exe); err == nil {
				exe = r
			}
			want := []string{exe, "kernel", "--connection-file", "{connection_file}"}
			if strings.Join(spec.Argv, " ") != strings.Join(want, " ") || spec.DisplayName != "Go (pyn)" ||
				spec.Language != "go" || spec.InterruptMode != "message" {
				t.Errorf("kernel.json %+v", spec)
			}
			for _, size := range []int{32, 64} {
				f, err := os.Open(filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size)))
				if err != nil {
					t.Fatal(err)
				}
				cfg, err := png.DecodeConfig(f)
				f.Close()
				if err != nil || cfg.Width != size || cfg.Height != size {
					t.Errorf("logo %d: %+v %v", size, cfg, err)
				}
			}
		})
	}
}

func TestInstallUsage(t *testing.T) {
	stderr = &bytes.Buffer{}
	defer func() { stderr = os.Stderr }()
	for _, args := range [][]string{
		{"--user", "--sys-prefix"},
		{"--prefix", "x", "--user"},
		{"extra"},
	} {
		var ue *usageError
		if err := installCmd(args); !errors.As(err, &ue) {
			t.Errorf("install %v: %v, want a usage error", args, err)
		}
	}
}

func TestKernelUsage(t *testing.T) {
	stderr = &bytes.Buffer{}
	defer func() { stderr = os.Stderr }()
	var ue *usageError
	if err := kernelCmd(nil); !errors.As(err, &ue) {
		t.Errorf("kernel without a connection file: %v, want a usage error", err)
	}
	err := kernelCmd([]string{"-f", filepath.Join(t.TempDir(), "missing.json")})
	if err == nil || !strings.Contains(err.Error(), "connection file") {
		t.Errorf("kernel -f missing.json: %v", err)
	}
}

func TestLogo(t *testing.T) {
	img := logo(64)
	// The disc is opaque at the centre and transparent in the corners;
	// the trace's spike is white near the top of the centre column.
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("corner alpha %d, want 0", a)
	}
	if _, _, _, a := img.At(32, 48).RGBA(); a != 0xffff {
		t.Errorf("centre alpha %d, want opaque", a)
	}
	if r, g, b, _ := img.At(33, 20).RGBA(); r < 0xe000 || g < 0xe000 || b < 0xe000 {
		t.Errorf("spike pixel (%x %x %x), want white", r, g, b)
	}
}
