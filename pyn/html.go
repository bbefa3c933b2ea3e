package pyn

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// HTML summaries: compact tables that notebook kernels show for a
// population, a network or a result (the HTMLer display convention).
// Styles are inline so that they survive notebook sanitizers.

const (
	htmlTable = `<table style="border-collapse:collapse;font-family:sans-serif;font-size:12px;margin:2px 0">`
	htmlTh    = `<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #999;font-weight:600">`
	htmlTd    = `<td style="text-align:left;padding:2px 8px;border-bottom:1px solid #e4e4e4">`
	htmlTdNum = `<td style="text-align:right;padding:2px 8px;border-bottom:1px solid #e4e4e4;font-variant-numeric:tabular-nums">`
	htmlHead  = `<div style="font-family:sans-serif;font-size:13px;margin:4px 0 2px 0">`
	htmlErr   = `<div style="font-family:sans-serif;font-size:12px;color:#b00020">`
)

// htmlRow writes one table row; cells starting with a digit, sign or
// dash are right-aligned as numbers. Cells are escaped.
func htmlRow(b *strings.Builder, th bool, cells ...string) {
	b.WriteString("<tr>")
	for _, c := range cells {
		switch {
		case th:
			b.WriteString(htmlTh)
		case isNumeric(c):
			b.WriteString(htmlTdNum)
		default:
			b.WriteString(htmlTd)
		}
		b.WriteString(html.EscapeString(c))
		if th {
			b.WriteString("</th>")
		} else {
			b.WriteString("</td>")
		}
	}
	b.WriteString("</tr>")
}

func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'
}

// HTML returns a summary of the population: name, model, size and its
// parameters (one value, or the range when they differ per neuron).
func (p *Population) HTML() string {
	if p == nil {
		return htmlErr + "nil population</div>"
	}
	var b strings.Builder
	b.WriteString(htmlHead)
	fmt.Fprintf(&b, "<b>%s</b> — %s, %d neuron%s</div>", html.EscapeString(p.Name), html.EscapeString(orDash(p.Model())), p.N, plural(p.N))
	if p.err != nil {
		b.WriteString(htmlErr + html.EscapeString(p.err.Error()) + "</div>")
	}
	if p.m != nil {
		names := p.m.paramNames()
		if len(names) > 0 {
			b.WriteString(htmlTable)
			htmlRow(&b, true, "parameter", "value")
			for _, n := range names {
				v, ok := p.m.param(n)
				if !ok {
					continue
				}
				htmlRow(&b, false, n, valuesSummary(v))
			}
			b.WriteString("</table>")
		}
	}
	return b.String()
}

// valuesSummary prints one value, or "lo … hi (per neuron)".
func valuesSummary(v []float64) string {
	if len(v) == 0 {
		return "–"
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	if lo == hi || len(v) == 1 {
		return fmt.Sprintf("%.6g", v[0])
	}
	return fmt.Sprintf("%.4g … %.4g (per neuron)", lo, hi)
}

// HTML returns a summary of the network: its populations (name, model,
// N) and its connections (pre → post, rule, synapses). It only reads the
// network: connections not drawn yet (before the first Simulate, Weights
// or Connections) show the number their rule fixes, or for FixedProb the
// expected number, marked as not drawn.
func (n *Network) HTML() string {
	if n == nil {
		return htmlErr + "nil network</div>"
	}
	var b strings.Builder
	pops := n.pops
	total := 0
	for _, p := range pops {
		total += p.N
	}
	b.WriteString(htmlHead)
	fmt.Fprintf(&b, "<b>Network</b> — %d population%s, %d neuron%s</div>", len(pops), plural(len(pops)), total, plural(total))
	if err := n.Err(); err != nil {
		b.WriteString(htmlErr + html.EscapeString(err.Error()) + "</div>")
	}
	if len(pops) > 0 {
		b.WriteString(htmlTable)
		htmlRow(&b, true, "population", "model", "N")
		for _, p := range pops {
			htmlRow(&b, false, p.Name, orDash(p.Model()), fmt.Sprint(p.N))
		}
		b.WriteString("</table>")
	}
	specs := n.specs()
	var drawn []*projection // the built connections, when they are the current ones
	if n.rt != nil && sameKeys(n.rt.keys, specs) {
		drawn = n.rt.projs
	}
	if len(specs) > 0 {
		b.WriteString(htmlTable)
		htmlRow(&b, true, "connection", "rule", "synapses")
		for i, cs := range specs {
			rule := cs.c.Rule.String()
			if cs.c.Inhibitory {
				rule += ", inhibitory"
			}
			count := "–"
			if drawn != nil {
				count = fmt.Sprint(drawn[i].nsyn)
			} else if pre, post := n.Population(cs.pre), n.Population(cs.post); pre != nil && post != nil {
				count = cs.plannedSynapses(pre.N, post.N)
			}
			htmlRow(&b, false, cs.pre+" → "+cs.post, rule, count)
		}
		b.WriteString("</table>")
	}
	return b.String()
}

// plannedSynapses describes the number of synapses of a connection that
// is not drawn yet: exact when the rule fixes it, the expectation for
// FixedProb.
func (cs *connSpec) plannedSynapses(npre, npost int) string {
	c := &cs.c
	self := cs.pre == cs.post && !c.Autapses
	switch c.Rule {
	case AllToAll:
		pairs := int64(npre) * int64(npost)
		if self {
			pairs -= int64(npre)
		}
		return fmt.Sprint(pairs)
	case OneToOne:
		return fmt.Sprint(npre)
	case FixedInDegree:
		return fmt.Sprint(int64(c.K) * int64(npost))
	case FromArrays:
		return fmt.Sprint(len(c.Pre))
	case FixedProb:
		p := c.P
		if p == 0 {
			p = defaultP
		}
		pairs := float64(npre) * float64(npost)
		if self {
			pairs -= float64(npre)
		}
		return fmt.Sprintf("≈ %.0f (not drawn yet)", p*pairs)
	}
	return "–"
}

// HTML returns a summary of the result: duration, step, wall time, and per
// population the spike count, mean rate and recorded properties.
func (r *Result) HTML() string {
	if r == nil {
		return htmlErr + "nil result</div>"
	}
	var b strings.Builder
	name := r.Name
	if name == "" {
		name = "Result"
	}
	b.WriteString(htmlHead)
	fmt.Fprintf(&b, "<b>%s</b> — %g ms", html.EscapeString(name), r.T)
	if r.Start != 0 {
		fmt.Fprintf(&b, " (from %g ms)", r.Start)
	}
	fmt.Fprintf(&b, ", dt %g ms, wall time %s", r.Dt, r.Wall.Round(time.Microsecond))
	if r.STDP {
		b.WriteString(", STDP on")
	}
	if !r.Complete {
		b.WriteString(`, <span style="color:#b00020">incomplete</span>`)
	}
	b.WriteString("</div>")
	if len(r.Pops) > 0 {
		b.WriteString(htmlTable)
		htmlRow(&b, true, "population", "model", "N", "spikes", "mean rate (Hz)", "recorded")
		for _, p := range r.Pops {
			rate := "–"
			if p.N > 0 && r.T > 0 {
				rate = fmt.Sprintf("%.3g", float64(len(p.Spikes.T))/float64(p.N)/(r.T/1000))
			}
			var rec []string
			for _, tr := range p.Traces {
				if tr == nil {
					continue
				}
				if tr.isStreamed() { // Sim.Stream: the samples are in tr.File
					rec = append(rec, fmt.Sprintf("%s (%d×%d, on disk)", tr.Var, tr.samples, len(tr.Neurons)))
					continue
				}
				rec = append(rec, fmt.Sprintf("%s (%d×%d)", tr.Var, len(tr.T), len(tr.Neurons)))
			}
			htmlRow(&b, false, p.Name, orDash(p.Model), fmt.Sprint(p.N), fmt.Sprint(len(p.Spikes.T)), rate, orDash(strings.Join(rec, ", ")))
		}
		b.WriteString("</table>")
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
