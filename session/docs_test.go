package session

import (
	"strings"
	"testing"

	"github.com/pyn-go/pyn/symbols"
)

// TestDocTable checks the generated documentation covers every symbol the
// interpreter exports for pyn and display; a failure means: run
// go generate ./session.
func TestDocTable(t *testing.T) {
	for key, path := range map[string]string{
		"github.com/pyn-go/pyn/pyn/pyn":         "github.com/pyn-go/pyn/pyn",
		"github.com/pyn-go/pyn/display/display": "github.com/pyn-go/pyn/display",
	} {
		for name := range symbols.Symbols[key] {
			if strings.HasPrefix(name, "_") {
				continue // interface wrappers
			}
			if _, ok := docTable[path+"."+name]; !ok {
				t.Errorf("no documentation for %s.%s: run go generate ./session", path, name)
			}
		}
	}
}
