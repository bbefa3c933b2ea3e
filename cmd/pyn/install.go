package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

func init() {
	register(&command{
		Name:  "install",
		Usage: "install [--user | --prefix DIR | --sys-prefix]",
		Short: "install the pyn kernel spec for Jupyter",
		Run:   installCmd,
	})
	commandFlags["install"] = func(fs *flag.FlagSet) { installFlags(fs) }
}

type installOptions struct {
	user      bool
	prefix    string
	sysPrefix bool
}

func installFlags(fs *flag.FlagSet) *installOptions {
	o := &installOptions{}
	fs.BoolVar(&o.user, "user", false, "install for the current user (the default)")
	fs.StringVar(&o.prefix, "prefix", "", "install under `DIR`/share/jupyter/kernels")
	fs.BoolVar(&o.sysPrefix, "sys-prefix", false, "install into the active Python environment (virtualenv, conda or the python3 on PATH)")
	return o
}

// kernelSpec is Jupyter's kernel.json.
type kernelSpec struct {
	Argv          []string       `json:"argv"`
	DisplayName   string         `json:"display_name"`
	Language      string         `json:"language"`
	InterruptMode string         `json:"interrupt_mode"`
	Metadata      map[string]any `json:"metadata"`
}

func installCmd(args []string) error {
	fs := newFlagSet("install")
	o := installFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{msg: "install takes no arguments"}
	}
	n := 0
	for _, set := range []bool{o.user, o.prefix != "", o.sysPrefix} {
		if set {
			n++
		}
	}
	if n > 1 {
		return &usageError{msg: "use at most one of --user, --prefix and --sys-prefix"}
	}
	var root string // the jupyter data directory that gets kernels/pyn
	switch {
	case o.prefix != "":
		abs, err := filepath.Abs(o.prefix)
		if err != nil {
			return fmt.Errorf("pyn install: prefix %s: %w", o.prefix, err)
		}
		root = filepath.Join(abs, "share", "jupyter")
	case o.sysPrefix:
		p, err := pythonPrefix()
		if err != nil {
			return err
		}
		root = filepath.Join(p, "share", "jupyter")
	default:
		d, err := userDataDir()
		if err != nil {
			return err
		}
		root = d
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("pyn install: finding the pyn binary: %w", err)
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		fmt.Fprintf(stderr, "pyn install: warning: %s is a temporary binary of go run; install pyn with go install and run that instead\n", exe)
	}
	dir := filepath.Join(root, "kernels", "pyn")
	if err := writeKernelSpec(dir, exe); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Installed the pyn kernel spec in %s\n", dir)
	return nil
}

// writeKernelSpec writes kernel.json and the logos into dir.
func writeKernelSpec(dir, exe string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("pyn install: %w", err)
	}
	spec := kernelSpec{
		Argv:          []string{exe, "kernel", "--connection-file", "{connection_file}"},
		DisplayName:   "Go (pyn)",
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{},
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return err
	}
	files := map[string][]byte{"kernel.json": append(b, '\n')}
	for _, size := range []int{32, 64} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, logo(size)); err != nil {
			return fmt.Errorf("pyn install: encoding the logo: %w", err)
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = buf.Bytes()
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("pyn install: %w", err)
		}
	}
	return nil
}

// userDataDir is Jupyter's per-user data directory, as jupyter_core
// computes it: $JUPYTER_DATA_DIR, else ~/Library/Jupyter on macOS,
// %APPDATA%\jupyter on Windows, $XDG_DATA_HOME/jupyter or
// ~/.local/share/jupyter elsewhere.
func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter"), nil
		}
	case "darwin":
		if err == nil {
			return filepath.Join(home, "Library", "Jupyter"), nil
		}
	default:
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			return filepath.Join(x, "jupyter"), nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("pyn install: no home directory for --user: %w", err)
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// pythonPrefix is the prefix of the active Python environment, where
// Jupyter of that environment looks for kernels (its sys.prefix).
func pythonPrefix() (string, error) {
	for _, v := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(v); p != "" {
			return p, nil
		}
	}
	for _, py := range []string{"python3", "python"} {
		out, err := exec.Command(py, "-c", "import sys; print(sys.prefix)").Output()
		if err == nil {
			if p := strings.TrimSpace(string(out)); p != "" {
				return p, nil
			}
		}
	}
	return "", errors.New("pyn install: --sys-prefix: no active Python environment (no VIRTUAL_ENV, CONDA_PREFIX or python3 on PATH)")
}

// logo draws pyn's kernel logo at size×size: a membrane potential trace
// with one spike, white on a Go-blue disc, anti-aliased by 4×4
// supersampling.
func logo(size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x00, 0xad, 0xd8, 0xff}
	const ss = 4
	s := float64(size)
	// The trace in unit coordinates (y down): rest, slow rise, spike,
	// undershoot, recovery.
	pts := [][2]float64{{0.12, 0.62}, {0.36, 0.60}, {0.46, 0.52}, {0.52, 0.16}, {0.58, 0.78}, {0.66, 0.68}, {0.88, 0.62}}
	width := 0.075
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var disc, line int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / s
					y := (float64(py) + (float64(sy)+0.5)/ss) / s
					if math.Hypot(x-0.5, y-0.5) <= 0.48 {
						disc++
						if distToPolyline(x, y, pts) <= width/2 {
							line++
						}
					}
				}
			}
			if disc == 0 {
				continue
			}
			f := float64(line) / float64(disc)
			c := color.NRGBA{
				R: uint8(float64(blue.R)*(1-f) + 255*f),
				G: uint8(float64(blue.G)*(1-f) + 255*f),
				B: uint8(float64(blue.B)*(1-f) + 255*f),
				A: uint8(255 * disc / (ss * ss)),
			}
			img.SetNRGBA(px, py, c)
		}
	}
	return img
}

func distToPolyline(x, y float64, pts [][2]float64) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(pts); i++ {
		ax, ay, bx, by := pts[i][0], pts[i][1], pts[i+1][0], pts[i+1][1]
		dx, dy := bx-ax, by-ay
		t := ((x-ax)*dx + (y-ay)*dy) / (dx*dx + dy*dy)
		t = math.Max(0, math.Min(1, t))
		best = math.Min(best, math.Hypot(x-ax-t*dx, y-ay-t*dy))
	}
	return best
}
