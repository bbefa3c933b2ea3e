package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZ(t *testing.T) {
	data, _ := os.ReadFile(os.Getenv("NB"))
	var nb struct {
		Cells []struct {
			Type   string   `json:"cell_type"`
			Source []string `json:"source"`
		} `json:"cells"`
	}
	json.Unmarshal(data, &nb)
	var out strings.Builder
	s := newSession(t, Options{Stdout: &out, Stderr: &out})
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		out.Reset()
		if strings.Contains(os.Getenv("SKIP"), fmt.Sprintf(",%d,", i+1)) {
			continue
		}
		src := strings.Join(c.Source, "")
		_, err := s.Exec(context.Background(), src)
		fmt.Printf("cell %d: %v\n%s", i+1, err, out.String())
		var e *Error
		if errors.As(err, &e) {
			fmt.Println(strings.Join(e.Traceback, "\n"))
		}
	}
}
