package notebook

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Figures writes the images that code displays as numbered files,
// Dir/fig01.png, Dir/fig02.svg, … Pyn run and the REPL use it too, so
// figures are named the same way everywhere.
type Figures struct {
	Dir   string   // created when the first figure is written
	Paths []string // files written, in order

	n int // figures numbered so far, Continue's offset included
}

// figName matches the names of the files Figures writes.
var figName = regexp.MustCompile(`^fig([0-9]{2,})\.(png|jpg|svg)$`)

// Clean removes the figure files a previous run left in Dir, so that a
// run that displays fewer figures leaves none of the old ones behind.
// Other files are kept.
func (f *Figures) Clean() error {
	names, err := f.existing()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := os.Remove(filepath.Join(f.Dir, name)); err != nil {
			return fmt.Errorf("notebook: %w", err)
		}
	}
	return nil
}

// Continue numbers new figures after those already in Dir, so that an
// interactive session keeps the figures of the previous ones.
func (f *Figures) Continue() error {
	names, err := f.existing()
	if err != nil {
		return err
	}
	for _, name := range names {
		if k, err := strconv.Atoi(figName.FindStringSubmatch(name)[1]); err == nil && k > f.n {
			f.n = k
		}
	}
	return nil
}

// existing lists the figure files in Dir (none if Dir does not exist).
func (f *Figures) existing() ([]string, error) {
	ents, err := os.ReadDir(f.Dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("notebook: %w", err)
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && figName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// Image returns the image in a display's data and its file extension:
// the PNG when there is one, else the JPEG, else the SVG, else nil. PNG and
// JPEG data may be bytes or base64 text (as in a notebook file).
func Image(data map[string]any) ([]byte, string, error) {
	for _, f := range []struct{ mime, ext string }{{"image/png", ".png"}, {"image/jpeg", ".jpg"}} {
		switch x := data[f.mime].(type) {
		case []byte:
			return x, f.ext, nil
		case string:
			b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(x), ""))
			if err != nil {
				return nil, "", fmt.Errorf("notebook: %s is not base64: %w", f.mime, err)
			}
			return b, f.ext, nil
		}
	}
	if v, ok := data["image/svg+xml"]; ok {
		switch x := v.(type) {
		case []byte:
			return x, ".svg", nil
		case string:
			return []byte(x), ".svg", nil
		}
	}
	return nil, "", nil
}

// Add writes the image in data, if any, as the next numbered file and
// returns its path ("" when data holds no image).
func (f *Figures) Add(data map[string]any) (string, error) {
	img, ext, err := Image(data)
	if err != nil || img == nil {
		return "", err
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return "", fmt.Errorf("notebook: %w", err)
	}
	path := filepath.Join(f.Dir, fmt.Sprintf("fig%02d%s", f.n+1, ext))
	if err := os.WriteFile(path, img, 0o644); err != nil {
		return "", fmt.Errorf("notebook: %w", err)
	}
	f.n++
	f.Paths = append(f.Paths, path)
	return path, nil
}

// Replace rewrites the figure at path (one Add returned) with the image in
// data, keeping its number; the extension follows the new image's format.
// It returns the figure's path.
func (f *Figures) Replace(path string, data map[string]any) (string, error) {
	img, ext, err := Image(data)
	if err != nil || img == nil {
		return path, err
	}
	if filepath.Ext(path) != ext {
		old := path
		path = strings.TrimSuffix(path, filepath.Ext(path)) + ext
		for i := range f.Paths {
			if f.Paths[i] == old {
				f.Paths[i] = path
			}
		}
		if err := os.Remove(old); err != nil {
			return path, fmt.Errorf("notebook: %w", err)
		}
	}
	if err := os.WriteFile(path, img, 0o644); err != nil {
		return path, fmt.Errorf("notebook: %w", err)
	}
	return path, nil
}
