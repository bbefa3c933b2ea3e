package session

import (
	"context"
	"fmt"
	"strings"
)

func contextBackground() context.Context { return context.Background() }

// Inspect returns the documentation of the identifier at cursor: for pyn
// and display symbols their doc comment and declaration, for other
// package members and session values their type.
func (s *Session) Inspect(code string, cursor int) (text string, found bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	qual, word, _, _ := identAt(code, cursor)
	if word == "" {
		return "", false
	}
	if qual != "" {
		if path, ok := s.imports[qual]; ok {
			if doc, ok := docFor(path, word); ok {
				return doc, true
			}
			if v, ok := packageSymbols(path)[word]; ok {
				return fmt.Sprintf("%s.%s: %s", qual, word, describe(v.Type())), true
			}
			return "", false
		}
	}
	if path, ok := s.imports[word]; ok && qual == "" {
		if doc, ok := docFor(path, ""); ok {
			return doc, true
		}
		return fmt.Sprintf("package %s // import %q", word, path), true
	}
	name := word
	if qual != "" {
		name = qual + "." + word
	}
	if (qual == "" && s.globals[word]) || (qual != "" && s.globals[qual]) {
		if v, err := s.evalRaw(contextBackground(), name); err == nil && v.IsValid() {
			return fmt.Sprintf("%s: %s", name, describe(v.Type())), true
		}
	}
	return "", false
}

func describe(t interface{ String() string }) string {
	s := t.String()
	s = strings.TrimPrefix(s, "*")
	return t.String()
}
