package pyn

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sbinet/npyio/npy"
)

// Load reads an experiment folder written by Save and returns its result;
// plots and Save work on it as on a fresh one. It refuses a folder whose
// save did not finish and checks every array against experiment.json
// (type, shape, spike counts), naming the file at fault.
func Load(dir string) (*Result, error) {
	r, err := load(dir)
	if err != nil {
		return nil, corrupt(err)
	}
	return r, nil
}

func load(dir string) (*Result, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("pyn: loading experiment: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("pyn: loading experiment: %s is not a folder (pass the experiment folder Save returned)", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, incompleteFile)); err == nil {
		return nil, fmt.Errorf("pyn: loading experiment: %s is incomplete: its save did not finish (it still holds %s)", dir, incompleteFile)
	}
	raw, err := readInFolder(dir, experimentFile)
	if errors.Is(err, os.ErrNotExist) {
		msg := fmt.Sprintf("pyn: loading experiment: %s has no %s: it is not an experiment folder, or its save did not finish", dir, experimentFile)
		if subs := experimentFolders(dir); len(subs) > 0 {
			msg += fmt.Sprintf("; it holds %d experiment folders, the latest is %s", len(subs), filepath.Join(dir, subs[len(subs)-1]))
		}
		return nil, errors.New(msg)
	}
	if err != nil {
		return nil, fmt.Errorf("pyn: loading experiment: %w", err)
	}
	var doc jsonExperiment
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("pyn: loading experiment: %s is corrupt: %v", filepath.Join(dir, experimentFile), err)
	}
	if doc.Format != ExperimentFormat {
		return nil, fmt.Errorf("pyn: loading experiment: %s has format %q, want %q", filepath.Join(dir, experimentFile), doc.Format, ExperimentFormat)
	}
	if doc.FormatVersion < 1 || doc.FormatVersion > FormatVersion {
		return nil, fmt.Errorf("pyn: loading experiment: %s has format version %d; this pyn (%s) reads versions 1 to %d", filepath.Join(dir, experimentFile), doc.FormatVersion, Version, FormatVersion)
	}
	if err := checkDoc(dir, &doc); err != nil {
		return nil, fmt.Errorf("pyn: loading experiment: %w", err)
	}
	l := loader{dir: dir}
	r := &Result{Name: doc.Name, Start: float64(doc.Start), T: float64(doc.T), Dt: float64(doc.Dt),
		Seed: doc.Seed, STDP: doc.STDP, Wall: time.Duration(doc.WallNS), Complete: doc.Complete}
	for _, jp := range doc.Pops {
		p := PopResult{Name: jp.Name, N: jp.N, Model: jp.Model}
		if jp.Params != nil || jp.ParamFiles != nil {
			p.Params = map[string][]float64{}
			for k, v := range jp.Params {
				p.Params[k] = make([]float64, p.N)
				for i := range p.Params[k] {
					p.Params[k][i] = float64(v)
				}
			}
			for k, file := range jp.ParamFiles {
				p.Params[k] = l.any64(file)
			}
		}
		if jp.Equations != nil && l.err == nil {
			e, err := fromJSONEquations(jp.Equations, jp.Model, p.Params, p.N)
			if err != nil {
				l.err = fmt.Errorf("%s: population %q: equations: %v", filepath.Join(dir, experimentFile), p.Name, err)
			}
			p.Equations = e
		}
		p.Spikes.T = l.f64(jp.Spikes.TimesFile, []int{jp.Spikes.Count})
		p.Spikes.ID = l.i32(jp.Spikes.IDsFile, []int{jp.Spikes.Count})
		if l.err == nil {
			for i, id := range p.Spikes.ID {
				if id < 0 || int(id) >= p.N {
					l.err = fmt.Errorf("%s: spike %d is from neuron %d, outside population %q of %d neurons", l.path(jp.Spikes.IDsFile), i, id, p.Name, p.N)
					break
				}
			}
		}
		for _, jt := range jp.Recorded {
			tr := &Trace{Pop: p.Name, Var: jt.Var, Neurons: jt.Neurons}
			if tr.Neurons == nil {
				tr.Neurons = make([]int, p.N)
				for i := range tr.Neurons {
					tr.Neurons[i] = i
				}
			}
			if l.err == nil && (jt.Shape[0] != jt.Samples || jt.Shape[1] != len(tr.Neurons) || jt.DType != "float64") {
				l.err = fmt.Errorf("%s: experiment.json describes %q of %q as %s %v for %d samples of %d neurons", dir, jt.Var, p.Name, jt.DType, jt.Shape, jt.Samples, len(tr.Neurons))
			}
			shape := []int{jt.Shape[0], jt.Shape[1]}
			if jt.Shape[0] == 0 || jt.Shape[1] == 0 {
				shape = []int{0} // empty traces are stored flat (see Save)
			}
			tr.Data = l.f64(jt.File, shape)
			tr.T = l.f64(jt.TimesFile, []int{jt.Samples})
			p.Traces = append(p.Traces, tr)
		}
		r.Pops = append(r.Pops, p)
	}
	for _, jc := range doc.Conns {
		c, err := l.conn(jc)
		if err != nil && l.err == nil {
			l.err = fmt.Errorf("%s: connection %s → %s: %v", filepath.Join(dir, experimentFile), jc.Pre, jc.Post, err)
		}
		if l.err == nil && jc.Weights != nil {
			l.err = checkSynapseEnds(l.path(jc.Weights.PreFile), l.path(jc.Weights.PostFile), c.Weights, r.Pop(jc.Pre).N, r.Pop(jc.Post).N)
		}
		r.Conns = append(r.Conns, c)
	}
	if len(doc.Stims) > 0 {
		r.Stims = map[string][]Stim{}
		for pop, js := range doc.Stims {
			var ss []Stim
			for _, s := range js {
				ss = append(ss, Stim{Start: float64(s.Start), Stop: float64(s.Stop), Amp: float64(s.Amp),
					Neurons: s.Neurons, Std: float64(s.Std), Every: float64(s.Every), Series: floats(s.Series), SeriesDt: float64(s.SeriesDt)})
			}
			r.Stims[pop] = ss
		}
	}
	if l.err != nil {
		return nil, fmt.Errorf("pyn: loading experiment: %w", l.err)
	}
	return r, nil
}

// experimentFolders lists the sub-folders of dir holding experiment.json, sorted.
func experimentFolders(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), experimentFile)); err == nil {
				out = append(out, e.Name())
			}
		}
	}
	sort.Strings(out)
	return out
}

// loader reads the arrays of one folder, keeping the first error.
type loader struct {
	dir string
	err error
}

func (l *loader) path(name string) string { return filepath.Join(l.dir, name) }

// open opens array file name, checks its dtype, shape and size, and
// returns its reader.
func (l *loader) open(name, dtype string, shape []int) (rd *npy.Reader, c io.Closer) {
	if l.err != nil {
		return nil, nil
	}
	f, size, err := openInFolder(l.dir, name)
	if err != nil {
		l.err = fmt.Errorf("missing array: %w", err)
		return nil, nil
	}
	if err := checkNpyPrefix(f, l.path(name), size); err != nil {
		f.Close()
		l.err = err
		return nil, nil
	}
	// npyio reads element by element and takes a short file for zeros, so
	// the file size is checked against the header: header + data exactly.
	cr := &countReader{r: bufio.NewReaderSize(f, 1<<16)}
	defer func() {
		if e := recover(); e != nil { // npyio panics on some malformed headers
			f.Close()
			rd, c = nil, nil
			l.err = fmt.Errorf("%s is not a valid .npy file: %v", l.path(name), e)
		}
	}()
	rd, err = npy.NewReader(cr)
	if err != nil {
		f.Close()
		l.err = fmt.Errorf("%s is not a valid .npy file: %v", l.path(name), err)
		return nil, nil
	}
	h := rd.Header.Descr
	if h.Type != dtype || !sameShape(h.Shape, shape) || h.Fortran {
		f.Close()
		l.err = fmt.Errorf("%s holds %s %v, experiment.json says %s %v", l.path(name), h.Type, h.Shape, dtype, shape)
		return nil, nil
	}
	item := int64(8)
	if dtype == "<i4" {
		item = 4
	}
	count, ok := numelSafe(shape)
	if !ok {
		f.Close()
		l.err = fmt.Errorf("%s: shape %v has more elements than an array can hold", l.path(name), shape)
		return nil, nil
	}
	if want := addSizes(cr.n, sizeOf(item, int64(count))); size != want {
		f.Close()
		l.err = fmt.Errorf("%s is truncated or corrupt: %d bytes, want %d", l.path(name), size, want)
		return nil, nil
	}
	if err := checkAlloc(l.path(name), int64(count), item); err != nil {
		f.Close()
		l.err = err
		return nil, nil
	}
	return rd, f
}

// countReader counts the bytes read through it. Its reads are full (as
// io.ReadFull) because npyio reads each element with one Read call and
// would take a short read from a buffer boundary for a whole element.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := io.ReadFull(c.r, p)
	c.n += int64(n)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	return n, err
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// f64 reads a float64 array of the given shape; nil when empty.
func (l *loader) f64(name string, shape []int) []float64 {
	return readArray[float64](l, name, "<f8", shape)
}

// i32 reads an int32 array of the given shape; nil when empty.
func (l *loader) i32(name string, shape []int) []int32 {
	return readArray[int32](l, name, "<i4", shape)
}

// readArray reads array name, checking its dtype, shape and length; nil
// when empty or on error (then l.err names the file).
func readArray[T float64 | int32](l *loader, name, dtype string, shape []int) []T {
	rd, c := l.open(name, dtype, shape)
	if rd == nil {
		return nil
	}
	defer c.Close()
	var x []T
	if err := rd.Read(&x); err != nil {
		l.err = fmt.Errorf("%s is truncated or corrupt: %v", l.path(name), err)
		return nil
	}
	if len(x) != numel(shape) {
		l.err = fmt.Errorf("%s holds %d values, want %d", l.path(name), len(x), numel(shape))
		return nil
	}
	if len(x) == 0 {
		return nil
	}
	return x
}

func numel(shape []int) int {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return n
}

// conn rebuilds a ConnResult from its description.
func (l *loader) conn(jc jsonConn) (ConnResult, error) {
	o := jc.Options
	c := ConnResult{Pre: jc.Pre, Post: jc.Post, Rule: jc.Rule, Synapses: jc.Synapses, Plastic: jc.Plastic}
	rule, err := enumValue(ruleNames, o.Rule, "Rule")
	if err != nil {
		return c, err
	}
	law, err := enumValue(lawNames, o.Weight.Law, "Law")
	if err != nil {
		return c, err
	}
	kind, err := enumValue(synapseNames, o.Synapse.Kind, "Synapse")
	if err != nil {
		return c, err
	}
	c.Conn = Conn{Rule: Rule(rule), P: float64(o.P), K: o.K,
		Weight: Dist{Law: DistLaw(law), A: float64(o.Weight.A), B: float64(o.Weight.B)},
		Scale:  float64(o.Scale), Inhibitory: o.Inhibitory, Delay: float64(o.Delay), Std: float64(o.Std),
		Autapses: o.Autapses, Synapse: Synapse{Kind: SynapseKind(kind), Tau: float64(o.Synapse.Tau), E: float64(o.Synapse.E)},
		Seed: o.Seed}
	if o.Model != nil {
		m, err := NewSynapseModel(SynapseEquations{Eqs: o.Model.Eqs, OnPre: o.Model.OnPre, OnPost: o.Model.OnPost,
			Params: floatMap(o.Model.Params), Init: o.Model.Init})
		if err != nil {
			return c, fmt.Errorf("synapse_model: %v", err)
		}
		if err := m.check(SynapseKind(kind)); err != nil {
			return c, fmt.Errorf("synapse_model: %v", err)
		}
		c.Conn.Model = m
	}
	if s := o.STDP; s != nil {
		c.Conn.STDP = &STDP{Off: s.Off, APlus: float64(s.APlus), AMinus: float64(s.AMinus), TauPlus: float64(s.TauPlus),
			TauMinus: float64(s.TauMinus), WMin: float64(s.WMin), WMax: float64(s.WMax)}
	}
	if jw := jc.Weights; jw != nil {
		c.Weights = &Weights{Pre: jc.Pre, Post: jc.Post,
			PreIdx:  l.i32(jw.PreFile, []int{jw.Count}),
			PostIdx: l.i32(jw.PostFile, []int{jw.Count}),
			W:       l.f64(jw.WFile, []int{jw.Count}),
			Delay:   l.vec64(jw.DelayFile)}
	}
	c.Conn.Pre = l.ints(o.PreFile)
	c.Conn.Post = l.ints(o.PostFile)
	c.Conn.Weights = l.any64(o.WeightsFile)
	c.Conn.Delays = l.any64(o.DelaysFile)
	c.Conn.G0 = l.any64(o.G0File)
	return c, nil
}

// ints reads an optional 1-D int32 array of any length as []int.
func (l *loader) ints(name string) []int {
	if name == "" || l.err != nil {
		return nil
	}
	n, ok := l.len1(name)
	if !ok {
		return nil
	}
	x := l.i32(name, []int{n})
	out := make([]int, len(x))
	for i, v := range x {
		out[i] = int(v)
	}
	return out
}

// any64 reads an optional 1-D float64 array of any length.
func (l *loader) any64(name string) []float64 {
	if name == "" || l.err != nil {
		return nil
	}
	n, ok := l.len1(name)
	if !ok {
		return nil
	}
	x := l.f64(name, []int{n})
	if x == nil {
		x = []float64{}
	}
	return x
}

// len1 returns the length of a 1-D array file.
func (l *loader) len1(name string) (int, bool) {
	f, size, err := openInFolder(l.dir, name)
	if err != nil {
		l.err = fmt.Errorf("missing array: %w", err)
		return 0, false
	}
	defer f.Close()
	if err := checkNpyPrefix(f, l.path(name), size); err != nil {
		l.err = err
		return 0, false
	}
	defer func() {
		if e := recover(); e != nil {
			l.err = fmt.Errorf("%s is not a valid .npy file: %v", l.path(name), e)
		}
	}()
	rd, err := npy.NewReader(f)
	if err != nil {
		l.err = fmt.Errorf("%s is not a valid .npy file: %v", l.path(name), err)
		return 0, false
	}
	if len(rd.Header.Descr.Shape) != 1 || rd.Header.Descr.Shape[0] < 0 {
		l.err = fmt.Errorf("%s has shape %v, want a 1-D array", l.path(name), rd.Header.Descr.Shape)
		return 0, false
	}
	return rd.Header.Descr.Shape[0], true
}

// vec64 reads a 1-D float64 array of any length; nil when empty.
func (l *loader) vec64(name string) []float64 {
	if l.err != nil {
		return nil
	}
	n, ok := l.len1(name)
	if !ok {
		return nil
	}
	return l.f64(name, []int{n})
}

// fromJSONEquations rebuilds the text of an equation model and checks it
// as NewModel would, and against the population's stored parameters:
// every parameter of the model and nothing else, one value per neuron.
func fromJSONEquations(j *jsonEquations, model string, params map[string][]float64, n int) (*Equations, error) {
	if model != "Equations" {
		return nil, fmt.Errorf("a population of model %q holds equations (only model \"Equations\" does)", model)
	}
	method, err := enumValue(methodNames, j.Method, "Method")
	if err != nil {
		return nil, err
	}
	e := &Equations{Eqs: j.Eqs, Threshold: j.Threshold, Reset: j.Reset, Refractory: j.Refractory,
		Params: floatMap(j.Params), Init: j.Init, Method: Method(method), V: j.V}
	em, err := compileEquations(*e)
	if err != nil {
		return nil, err
	}
	for _, k := range em.sc.params {
		if v, ok := params[k]; !ok || len(v) != n {
			return nil, fmt.Errorf("parameter %q of the equations has %d stored values for %d neurons", k, len(v), n)
		}
	}
	for k := range params {
		if em.sc.paramIndex(k) < 0 {
			return nil, fmt.Errorf("stored parameter %q is not a parameter of the equations (%s)", k, strings.Join(em.sc.params, ", "))
		}
	}
	return e, nil
}
