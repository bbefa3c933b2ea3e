package kernel

// The in-memory history of executed cells behind history_request.

import (
	"regexp"
	"strings"
	"sync"
)

// historySession is the session number this kernel reports for its own
// cells. History lives in memory for the life of the process, so there is
// only ever the current session.
const historySession = 1

// histEntry is one executed cell.
type histEntry struct {
	line   int    // execution count
	input  string // the cell's code
	output string // text/plain of its execute_result, "" if none
}

// history records executed cells for history_request.
type history struct {
	mu      sync.Mutex
	entries []histEntry
}

// maxHistory bounds the memory history may use: older entries are
// dropped (a load of a million quick cells must not grow without bound).
const maxHistory = 10000

func (h *history) add(e histEntry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.entries) >= maxHistory {
		h.entries = append(h.entries[:0], h.entries[len(h.entries)-maxHistory/2:]...)
	}
	h.entries = append(h.entries, e)
}

// query answers a history request with IPython's semantics: tail gives the
// last n cells; range gives lines start ≤ line < stop of a session (0 or a
// negative offset mean the current one, the only one kept); search gives
// the last n cells whose input matches a glob pattern, with unique keeping
// only the latest of equal inputs.
func (h *history) query(r historyRequest) []any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var sel []histEntry
	switch r.Access {
	case "tail":
		sel = h.entries
		if r.N > 0 && len(sel) > r.N {
			sel = sel[len(sel)-r.N:]
		}
	case "range":
		if r.Session > 0 && r.Session != historySession {
			break
		}
		for _, e := range h.entries {
			if e.line >= r.Start && (r.Stop <= 0 || e.line < r.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		re := globRegexp(r.Pattern)
		seen := map[string]bool{}
		for i := len(h.entries) - 1; i >= 0; i-- {
			e := h.entries[i]
			if !re.MatchString(e.input) {
				continue
			}
			if r.Unique && seen[e.input] {
				continue
			}
			seen[e.input] = true
			sel = append([]histEntry{e}, sel...)
			if r.N > 0 && len(sel) == r.N {
				break
			}
		}
	}
	out := make([]any, 0, len(sel))
	for _, e := range sel {
		if r.Output {
			var o any
			if e.output != "" {
				o = e.output
			}
			out = append(out, []any{historySession, e.line, []any{e.input, o}})
		} else {
			out = append(out, []any{historySession, e.line, e.input})
		}
	}
	return out
}

// globRegexp compiles a shell glob as IPython's history search reads it:
// * matches any text (newlines and slashes too), ? any one character, and
// an empty pattern matches everything.
func globRegexp(glob string) *regexp.Regexp {
	if glob == "" {
		glob = "*"
	}
	q := regexp.QuoteMeta(glob)
	q = strings.ReplaceAll(q, `\*`, ".*")
	q = strings.ReplaceAll(q, `\?`, ".")
	return regexp.MustCompile(`(?s)^` + q + `$`)
}
