package pyn

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sbinet/npyio/npy"
	"gonum.org/v1/gonum/mat"
)

// Saved experiments
//
// Save writes one folder per experiment:
//
//	<dir>/20261125T201005Z_single_neuron/
//	    experiment.json          what was run and where each array is
//	    0_exc_spikes_t.npy       spike times, ms, float64, shape (spikes,)
//	    0_exc_spikes_id.npy      spiking neuron, int32, shape (spikes,)
//	    0_exc_v.npy              trace, float64, shape (samples, neurons), time-major
//	    0_exc_v_t.npy            its sample times, ms, float64, shape (samples,)
//	    conn1_pre.npy …          synapse lists of FromArrays connections
//
// Every array is a NumPy .npy file: numpy.load reads it with no pyn
// installed. A recorded property costs 8 bytes × neurons × samples, in
// memory while the run lasts and on disk: v of 1000 neurons at dt =
// 0.1 ms for 1 s is 1000 × 10000 × 8 B = 80 MB. Spikes cost 12 bytes each.
// Sim.Stream writes the traces to the same files during the run instead
// of keeping them in memory (see stream.go).

// ExperimentFormat names the layout of experiment.json; FormatVersion is
// raised when it changes incompatibly.
const (
	ExperimentFormat = "pyn-experiment"
	FormatVersion    = 1
)

// Names of the files of a saved experiment.
const (
	experimentFile = "experiment.json"
	// incompleteFile exists while a save is in progress; a folder that
	// still has it after a crash is refused by Load.
	incompleteFile = "INCOMPLETE"
)

// writer is what Save writes a file through; tests replace createFile to
// simulate a full disk.
type writer interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// createFile creates a new temporary file in dir.
var createFile = func(dir, pattern string) (writer, error) { return os.CreateTemp(dir, pattern) }

// Save writes r into a new sub-folder of dir (created if needed; "" is the
// current directory) and returns the folder's path. The folder name sorts
// by time: the UTC time of the save and the sanitized experiment name,
// with "-2", "-3", … added if the name is taken. Save never overwrites anything.
//
// Each file is written to a temporary name and renamed when complete, and
// the folder holds a file INCOMPLETE until the last file is in place, so
// a crash leaves a folder that Load refuses rather than a truncated
// array. On error the returned path names the incomplete folder, if one
// was made.
//
// Memory and disk: each recorded property takes 8 bytes × neurons ×
// samples (see the Sim.Record and Sim.Probes options to record fewer
// neurons, less often, and Sim.Stream to keep them on disk only);
// spikes take 12 bytes each. A result whose traces were streamed (Trace.File
// set) is saved by copying their files.
func Save(r *Result, dir string) (string, error) {
	if err := checkResult(r); err != nil {
		return "", fmt.Errorf("pyn: not saving: %w", unwrapPyn(err))
	}
	for i := range r.Pops {
		p := &r.Pops[i]
		if err := checkSpikes(p); err != nil {
			return "", err
		}
		for _, tr := range p.Traces {
			if tr.isStreamed() {
				continue // copied from its file (see describe)
			}
			if err := checkTrace(tr); err != nil {
				return "", err
			}
		}
	}
	folder, marker, err := startFolder(dir, r.Name)
	if err != nil {
		return "", err
	}
	return folder, saveInto(r, folder, marker)
}

// startFolder creates the new folder of an experiment in dir (see Save)
// and marks it incomplete; it returns the folder and the marker's path.
func startFolder(dir, name string) (folder, marker string, err error) {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("pyn: saving experiment %q: cannot create directory %s: %w", name, dir, err)
	}
	folder, err = newFolder(dir, time.Now().UTC(), name)
	if err != nil {
		return "", "", err
	}
	// The marker is written directly: an empty marker still marks the
	// folder, and only if it cannot be created at all is the (still
	// empty) folder removed again.
	marker = filepath.Join(folder, incompleteFile)
	if err := os.WriteFile(marker, []byte("pyn is writing this experiment; if this file stays, the save did not finish.\n"), 0o644); err != nil {
		if _, serr := os.Stat(marker); serr != nil {
			os.Remove(folder)
			return "", "", fmt.Errorf("pyn: saving experiment %q: %w", name, err)
		}
	}
	return folder, marker, nil
}

// saveInto writes the arrays of r and then experiment.json into folder,
// made by startFolder, and removes the marker when all is written.
func saveInto(r *Result, folder, marker string) error {
	s := saver{dir: folder}
	doc := s.describe(r)
	if s.err == nil {
		s.write(experimentFile, func(w io.Writer) error {
			e := json.NewEncoder(w)
			e.SetIndent("", "  ")
			return e.Encode(doc)
		})
	}
	if s.err == nil {
		if err := os.Remove(marker); err != nil {
			s.err = err
		}
		syncDir(folder)
	}
	if s.err != nil {
		return fmt.Errorf("pyn: saving experiment %q to %s: %w (the folder is left marked incomplete)", r.Name, folder, s.err)
	}
	return nil
}

// unwrapPyn strips the "pyn: " prefix of an inner error for nesting.
func unwrapPyn(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "pyn: "))
}

// newFolder creates a new, uniquely named folder in dir. os.Mkdir fails
// if the name exists, so two concurrent saves never share a folder.
func newFolder(dir string, now time.Time, name string) (string, error) {
	base := now.Format("20060102T150405Z") + "_" + sanitize(name)
	for i := 1; i <= 10000; i++ {
		p := filepath.Join(dir, base)
		if i > 1 {
			p += "-" + strconv.Itoa(i)
		}
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("pyn: saving experiment %q: cannot create folder in %s: %w", name, dir, err)
		}
	}
	return "", fmt.Errorf("pyn: saving experiment %q: 10000 folders named %s already exist in %s", name, base, dir)
}

// sanitize turns an experiment or population name into a portable file
// name part: letters and digits kept, everything else one underscore.
func sanitize(name string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(name) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			b.WriteRune(c)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	s := strings.TrimRight(b.String(), "_")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "_")
	}
	if s == "" {
		s = "experiment"
	}
	return s
}

// saver writes the files of one experiment folder, keeping the first error.
type saver struct {
	dir string
	err error
}

// write writes file name atomically: to a temporary file first, synced,
// then renamed.
func (s *saver) write(name string, fill func(w io.Writer) error) {
	if s.err != nil {
		return
	}
	path := filepath.Join(s.dir, name)
	f, err := createFile(s.dir, "."+name+".tmp*")
	if err != nil {
		s.err = fmt.Errorf("writing %s: %w", path, err)
		return
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// CreateTemp makes private files; saved data is shared like any other.
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		s.err = fmt.Errorf("writing %s: %w", path, err)
	}
}

// npy writes an array file and returns its name.
func (s *saver) npy(name string, val any) string {
	s.write(name, func(w io.Writer) error { return npy.Write(w, val) })
	return name
}

// matrix writes a time-major trace as a (samples, neurons) array.
func (s *saver) matrix(name string, data []float64, rows, cols int) string {
	if rows == 0 || cols == 0 {
		// mat.Dense cannot be empty; an empty trace is stored flat and
		// its shape is given in experiment.json.
		return s.npy(name, []float64{})
	}
	return s.npy(name, mat.NewDense(rows, cols, data))
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// describe writes the arrays of r and returns the document that lists them.
func (s *saver) describe(r *Result) *jsonExperiment {
	doc := &jsonExperiment{
		Format: ExperimentFormat, FormatVersion: FormatVersion, PynVersion: Version,
		Saved: time.Now().UTC().Format(time.RFC3339), Name: r.Name,
		Start: jf(r.Start), T: jf(r.T), Dt: jf(r.Dt), Seed: r.Seed, STDP: r.STDP,
		WallNS: int64(r.Wall), WallS: r.Wall.Seconds(), Complete: r.Complete,
		Stims: map[string][]jsonStim{},
		Notes: "Arrays are NumPy .npy files. Traces are (samples, neurons) float64, time-major; " +
			"neurons null means every neuron of the population. Times in ms.",
	}
	for i := range r.Pops {
		p := &r.Pops[i]
		pre := fmt.Sprintf("%d_%s_", i, sanitize(p.Name))
		jp := jsonPop{Name: p.Name, Model: p.Model, N: p.N, Params: map[string]jf{}, ParamFiles: map[string]string{},
			Equations: toJSONEquations(p.Equations)}
		for j, k := range sortedKeys(p.Params) {
			v := p.Params[k]
			if sameForAll(v, p.N) {
				jp.Params[k] = jf(v[0])
			} else { // the index keeps names that sanitize alike apart
				jp.ParamFiles[k] = s.npy(fmt.Sprintf("%sparam%d_%s.npy", pre, j, sanitize(k)), nonNilF(v))
			}
		}
		jp.Spikes = jsonSpikes{Count: len(p.Spikes.T),
			TimesFile: s.npy(pre+"spikes_t.npy", nonNilF(p.Spikes.T)),
			IDsFile:   s.npy(pre+"spikes_id.npy", nonNilI32(p.Spikes.ID))}
		for j, tr := range p.Traces {
			data, times := traceFiles(i, p, j)
			ns := len(tr.T)
			if tr.isStreamed() {
				ns = tr.samples
			}
			jt := jsonTrace{Var: tr.Var, Samples: ns, DType: "float64",
				Shape: [2]int{ns, len(tr.Neurons)}, Order: "time-major",
				Bytes: 8 * int64(ns) * int64(len(tr.Neurons))}
			if !allNeurons(tr.Neurons, p.N) {
				jt.Neurons = append([]int{}, tr.Neurons...)
			}
			switch {
			case tr.isStreamed() && tr.File == filepath.Join(s.dir, data):
				// Streamed into this folder during the run: in place.
				jt.File, jt.TimesFile = data, times
			case tr.isStreamed():
				jt.File = s.copyStreamed(data, tr.File)
				jt.TimesFile = s.copyStreamed(times, tr.timesFile)
			default:
				jt.File = s.matrix(data, tr.Data, len(tr.T), len(tr.Neurons))
				jt.TimesFile = s.npy(times, nonNilF(tr.T))
			}
			jp.Recorded = append(jp.Recorded, jt)
		}
		if jp.Recorded == nil {
			jp.Recorded = []jsonTrace{}
		}
		doc.Pops = append(doc.Pops, jp)
	}
	doc.Conns = []jsonConn{}
	for i, c := range r.Conns {
		o := c.Conn
		jo := jsonOptions{Rule: enumName(ruleNames, int(o.Rule), "Rule"), P: jf(o.P), K: o.K,
			Weight: jsonDist{Law: enumName(lawNames, int(o.Weight.Law), "Law"), A: jf(o.Weight.A), B: jf(o.Weight.B)},
			Scale:  jf(o.Scale), Inhibitory: o.Inhibitory, Delay: jf(o.Delay), Std: jf(o.Std), Autapses: o.Autapses,
			Synapse: jsonSyn{Kind: enumName(synapseNames, int(o.Synapse.Kind), "Synapse"), Tau: jf(o.Synapse.Tau), E: jf(o.Synapse.E)},
			Seed:    o.Seed, Model: toJSONSynModel(o.Model)}
		if st := o.STDP; st != nil {
			jo.STDP = &jsonSTDP{Off: st.Off, APlus: jf(st.APlus), AMinus: jf(st.AMinus), TauPlus: jf(st.TauPlus),
				TauMinus: jf(st.TauMinus), WMin: jf(st.WMin), WMax: jf(st.WMax)}
		}
		cp := fmt.Sprintf("conn%d_", i)
		if o.Pre != nil {
			jo.PreFile = s.npy(cp+"pre.npy", toI32(o.Pre))
		}
		if o.Post != nil {
			jo.PostFile = s.npy(cp+"post.npy", toI32(o.Post))
		}
		if o.Weights != nil {
			jo.WeightsFile = s.npy(cp+"weights.npy", o.Weights)
		}
		if o.Delays != nil {
			jo.DelaysFile = s.npy(cp+"delays.npy", o.Delays)
		}
		if o.G0 != nil {
			jo.G0File = s.npy(cp+"g0.npy", o.G0)
		}
		jc := jsonConn{Pre: c.Pre, Post: c.Post, Rule: c.Rule, Synapses: c.Synapses, Plastic: c.Plastic, Options: jo}
		if w := c.Weights; w != nil {
			jc.Weights = &jsonWeights{Count: len(w.W),
				PreFile:   s.npy(cp+"w_pre.npy", nonNilI32(w.PreIdx)),
				PostFile:  s.npy(cp+"w_post.npy", nonNilI32(w.PostIdx)),
				WFile:     s.npy(cp+"w.npy", nonNilF(w.W)),
				DelayFile: s.npy(cp+"w_delay.npy", nonNilF(w.Delay))}
		}
		doc.Conns = append(doc.Conns, jc)
	}
	for pop, ss := range r.Stims {
		var js []jsonStim
		for _, st := range ss {
			js = append(js, jsonStim{Start: jf(st.Start), Stop: jf(st.Stop), Amp: jf(st.Amp),
				Neurons: st.Neurons, Std: jf(st.Std), Every: jf(st.Every), Series: jfs(st.Series), SeriesDt: jf(st.SeriesDt)})
		}
		doc.Stims[pop] = js
	}
	return doc
}

// sameForAll reports whether v holds n > 0 equal values (so that one number
// in experiment.json restores it exactly).
func sameForAll(v []float64, n int) bool {
	if n <= 0 || len(v) != n {
		return false
	}
	for _, x := range v {
		if x != v[0] || math.IsNaN(x) {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string][]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func hasVar(ts []*Trace, v string) bool {
	for _, t := range ts {
		if t.Var == v {
			return true
		}
	}
	return false
}

// allNeurons reports whether ns is 0, 1, …, n−1.
func allNeurons(ns []int, n int) bool {
	if len(ns) != n || n == 0 {
		return false
	}
	for i, x := range ns {
		if x != i {
			return false
		}
	}
	return true
}

func nonNilF(x []float64) []float64 {
	if x == nil {
		return []float64{}
	}
	return x
}

func nonNilI32(x []int32) []int32 {
	if x == nil {
		return []int32{}
	}
	return x
}

// toI32 converts neuron indices for storage; NumPy's int64 would do as
// well, but int32 matches the spike ids.
func toI32(x []int) []int32 {
	out := make([]int32, len(x))
	for i, v := range x {
		out[i] = int32(v)
	}
	return out
}

// copyStreamed copies a streamed array file into the folder being saved
// (Save of a streamed result to another place).
func (s *saver) copyStreamed(name, from string) string {
	s.write(name, func(w io.Writer) error {
		f, err := os.Open(from)
		if err != nil {
			return fmt.Errorf("the streamed trace is gone: %w", err)
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	return name
}
