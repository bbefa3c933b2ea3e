package notebooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browserResult is what testdata/browser.py reports.
type browserResult struct {
	Steps              []string         `json:"steps"`
	Kernel             string           `json:"kernel"`
	CodeCells          int              `json:"code_cells"`
	Unrun              int              `json:"unrun"`
	ErrorOutputs       int              `json:"error_outputs"`
	Images             int              `json:"images"`
	ImageSizes         [][2]int         `json:"image_sizes"`
	Pages              int              `json:"pages"`
	CompletionText     string           `json:"completion_text"`
	CompletionOptions  []string         `json:"completion_options"`
	BusyAfter5s        bool             `json:"busy_after_5s"`
	InterruptSeconds   float64          `json:"interrupt_seconds"`
	InterruptedOutputs []map[string]any `json:"interrupted_outputs"`
	AfterInterrupt     []map[string]any `json:"after_interrupt"`
}

// TestBrowser runs notebook 01 in Debian's Jupyter Notebook with the pyn
// kernel in headless Chromium, driven by Selenium as a user would (Run
// All from the menu, Tab, the interrupt button), and checks what the
// browser showed: inline figures (in the page and in the screenshots),
// no error area, Tab completion, a minutes-long simulation stopped by the
// interrupt button, and the session's variables alive afterwards.
func TestBrowser(t *testing.T) {
	for _, tool := range []string{"/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/jupyter-notebook"} {
		if !isFile(tool) {
			needTool(t, tool+" (Debian: chromium chromium-driver jupyter-notebook)")
		}
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import selenium").Run(); err != nil {
		needTool(t, "selenium for /usr/bin/python3 (Debian: python3-selenium)")
	}
	env := installKernel(t)
	nbdir := t.TempDir()
	src, err := os.ReadFile("01-single-neuron.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nbdir, "01-single-neuron.ipynb"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if d := os.Getenv("PYN_BROWSER_OUT"); d != "" {
		out = d // keep the screenshots to look at
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", filepath.Join("testdata", "browser.py"), nbdir, "01-single-neuron.ipynb", out)
	cmd.Env = env
	o, err := cmd.CombinedOutput()
	t.Logf("browser.py:\n%s", o)
	var r browserResult
	if b, rerr := os.ReadFile(filepath.Join(out, "result.json")); rerr == nil {
		json.Unmarshal(b, &r) //nolint:errcheck // checked field by field below
	}
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(out, "jupyter.log"))
		t.Fatalf("browser.py: %v\njupyter log:\n%s", err, tail(log, 3000))
	}

	if r.Kernel != "pyn" {
		t.Errorf("kernel %q, want pyn", r.Kernel)
	}
	if r.CodeCells == 0 || r.Unrun != 0 {
		t.Errorf("%d of %d code cells did not run", r.Unrun, r.CodeCells)
	}
	if r.ErrorOutputs != 0 {
		t.Errorf("Run All left %d error outputs", r.ErrorOutputs)
	}
	// Notebook 01 draws four figures with pyn.ShowData.
	if r.Images < 4 {
		t.Errorf("%d inline images, want at least 4", r.Images)
	}
	for i, s := range r.ImageSizes {
		if s[0] < 100 || s[1] < 100 {
			t.Errorf("image %d is %d×%d pixels: not a figure", i, s[0], s[1])
		}
	}
	checkFigureShot(t, filepath.Join(out, "figure.png"))
	for i := 0; i < r.Pages; i++ {
		checkNoErrorArea(t, filepath.Join(out, fmt.Sprintf("page-%02d.png", i)))
	}

	// Tab after "charly.Na" completes the population's Name method.
	completed := strings.Contains(r.CompletionText, "charly.Name")
	for _, o := range r.CompletionOptions {
		completed = completed || strings.HasPrefix(o, "Name")
	}
	if !completed {
		t.Errorf("Tab after charly.Na: text %q, options %q", r.CompletionText, r.CompletionOptions)
	}

	if !r.BusyAfter5s {
		t.Error("the long simulation was not running 5 s after it started")
	}
	// The interrupt stops a running Simulate within half a second
	// (docs/kernel.md); the browser round trip adds its own latency, so
	// only a hang fails here.
	if r.InterruptSeconds <= 0 || r.InterruptSeconds > 20 {
		t.Errorf("interrupt took %v s", r.InterruptSeconds)
	}
	if !hasError(r.InterruptedOutputs, "interrupt") {
		t.Errorf("the interrupted cell shows %v, want an error saying it was interrupted", r.InterruptedOutputs)
	}
	if txt := outputsText(r.AfterInterrupt); strings.Contains(txt, "still running") {
		t.Errorf("the interrupted simulation kept running: %q", txt)
	}
	// len(tutorial) is 5 spikes (notebook 01), so survivor is 500.
	if txt := outputsText(r.AfterInterrupt); !strings.Contains(txt, "survived: 500 [12.75 16.75 31.25 59 86.5]") {
		t.Errorf("after the interrupt the variables read %q", txt)
	}
}

func outputsText(outs []map[string]any) string {
	var b strings.Builder
	for _, o := range outs {
		b.WriteString(joinText(o["text"]))
		if d, ok := o["data"].(map[string]any); ok {
			b.WriteString(joinText(d["text/plain"]))
		}
	}
	return b.String()
}

func hasError(outs []map[string]any, word string) bool {
	for _, o := range outs {
		if o["output_type"] == "error" && strings.Contains(strings.ToLower(fmt.Sprint(o["ename"], o["evalue"])), word) {
			return true
		}
	}
	return false
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return img
}

// checkFigureShot checks that the screenshot of the first inline image
// shows a figure: a sizeable picture with both ink and background, not a
// blank or broken-image box.
func checkFigureShot(t *testing.T, path string) {
	img := readPNG(t, path)
	b := img.Bounds()
	if b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("%s is %v: too small for a figure", path, b)
	}
	var dark, light int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (r + g + bl) / 3 >> 8
			switch {
			case l < 100:
				dark++
			case l > 200:
				light++
			}
		}
	}
	n := b.Dx() * b.Dy()
	if dark < n/200 || light < n/4 {
		t.Errorf("%s: %d dark and %d light pixels of %d: not a drawn figure", path, dark, light, n)
	}
}

// checkNoErrorArea checks a page screenshot for the pink background
// (#fdd) that the classic notebook gives error and stderr output areas.
func checkNoErrorArea(t *testing.T, path string) {
	img := readPNG(t, path)
	b := img.Bounds()
	pink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == 0xff && g>>8 == 0xdd && bl>>8 == 0xdd {
				pink++
			}
		}
	}
	if pink > 200 {
		t.Errorf("%s shows an error area (%d pixels of #fdd)", path, pink)
	}
}
