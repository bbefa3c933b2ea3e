package pyn

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// Streaming (Sim.Stream)
//
// A streamed run creates its experiment folder (marked INCOMPLETE) before
// the first step and writes every recorded trace to its .npy file while
// the run goes on, through a fixed buffer per trace. The array header is
// written first with room to spare and rewritten in place with the true
// shape when the run ends (finished or cancelled), so a streamed file has
// the same layout as a saved one and numpy reads it. The final save then
// adds the spikes and experiment.json to the same folder and removes the
// marker; a crash leaves the marker (and the temporary files) behind.

// streamBufBytes is the buffer of one streamed array: writes go to disk
// in chunks of this size (or one sample row, if a row is larger). Tests
// lower it to cross many chunk boundaries.
var streamBufBytes = 4 << 20

// npyHeaderLen is the fixed length of a streamed .npy header: room for
// any shape of two 64-bit sizes, and a multiple of 64 as NumPy aligns it.
const npyHeaderLen = 128

// stream is the set of open streamed files of one run.
type stream struct {
	dir    string // the experiment folder
	marker string
	files  []*npyStream
	err    error // the first write error; it stops the run
}

// npyStream writes one float64 array of shape (rows, cols), or (rows,)
// when flat, row by row.
type npyStream struct {
	s    *stream
	name string // final file name in s.dir
	tmp  string // its temporary name while it is written
	f    writer
	buf  []byte
	rows int64
	cols int
	flat bool
}

// traceFiles names the files of the j-th trace of population i: the data
// and its sample times. Save and the stream use the same names.
func traceFiles(i int, p *PopResult, j int) (data, times string) {
	tr := p.Traces[j]
	name := fmt.Sprintf("%d_%s_%s", i, sanitize(p.Name), sanitize(tr.Var))
	if j > 0 && hasVar(p.Traces[:j], tr.Var) {
		name += fmt.Sprintf("_%d", j) // a property recorded twice (two probes)
	}
	return name + ".npy", name + "_t.npy"
}

// openStream creates the experiment folder of a streamed run (named as
// Save names it) and the files of its monitors, named as Save will
// name the traces of res. It returns nil when s does not ask for
// streaming.
func openStream(s *Sim, res *Result, mons []*monitor, nsteps int64) (*stream, error) {
	if !s.Stream {
		return nil, nil
	}
	folder, marker, err := startFolder(s.SaveData, res.Name)
	if err != nil {
		return nil, err
	}
	st := &stream{dir: folder, marker: marker}
	// Simulate attaches the traces after the run; the names depend on
	// the order, so it is replayed here on a scratch copy.
	pops := make([]PopResult, len(res.Pops))
	for i := range pops {
		pops[i].Name = res.Pops[i].Name
	}
	for _, m := range mons {
		i := m.pop.idx
		pops[i].Traces = append(pops[i].Traces, m.tr)
		data, times := traceFiles(i, &pops[i], len(pops[i].Traces)-1)
		rows := (nsteps + m.every - 1) / m.every
		m.data = st.open(data, rows, len(m.tr.Neurons), false)
		m.times = st.open(times, rows, 1, true)
		m.tr.File = filepath.Join(folder, data)
		m.tr.timesFile = filepath.Join(folder, times)
		if st.err != nil {
			break
		}
	}
	if st.err != nil {
		st.abort()
		return nil, fmt.Errorf("pyn: streaming experiment %q to %s: %w (the folder is left marked incomplete)", res.Name, folder, st.err)
	}
	return st, nil
}

// open creates the temporary file of one array of at most rows rows and
// writes a placeholder header.
func (s *stream) open(name string, rows int64, cols int, flat bool) *npyStream {
	if s.err != nil {
		return nil
	}
	f, err := createFile(s.dir, "."+name+".tmp*")
	if err != nil {
		s.err = fmt.Errorf("writing %s: %w", filepath.Join(s.dir, name), err)
		return nil
	}
	w := &npyStream{s: s, name: name, tmp: f.Name(), f: f, cols: cols, flat: flat}
	s.files = append(s.files, w)
	row := 8 * max(cols, 1)
	size := max(int64(row), min(int64(streamBufBytes)/int64(row)*int64(row), rows*int64(row)))
	w.buf = make([]byte, 0, size)
	w.write(npyHeader(0, cols, flat))
	return w
}

// npyHeader returns the fixed-length .npy (version 1.0) header of a
// little-endian float64 array of shape (rows, cols), or (rows,) when
// flat. An empty matrix is stored flat, (0,), as Save stores it.
func npyHeader(rows int64, cols int, flat bool) []byte {
	shape := fmt.Sprintf("(%d, %d)", rows, cols)
	switch {
	case flat:
		shape = fmt.Sprintf("(%d,)", rows)
	case rows == 0 || cols == 0:
		shape = "(0,)"
	}
	dict := "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }"
	h := make([]byte, npyHeaderLen)
	copy(h, "\x93NUMPY\x01\x00")
	binary.LittleEndian.PutUint16(h[8:], npyHeaderLen-10)
	n := copy(h[10:], dict)
	for i := 10 + n; i < npyHeaderLen-1; i++ {
		h[i] = ' '
	}
	h[npyHeaderLen-1] = '\n'
	return h
}

// write writes p through the file, keeping the first error.
func (w *npyStream) write(p []byte) {
	if w.s.err != nil {
		return
	}
	if _, err := w.f.Write(p); err != nil {
		w.s.err = fmt.Errorf("writing %s: %w", filepath.Join(w.s.dir, w.name), err)
	}
}

// flush writes the buffered rows.
func (w *npyStream) flush() {
	if len(w.buf) > 0 {
		w.write(w.buf)
		w.buf = w.buf[:0]
	}
}

// room makes space for one more row in the buffer.
func (w *npyStream) room(n int) {
	if len(w.buf)+n > cap(w.buf) {
		w.flush()
	}
}

func (w *npyStream) put(x float64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(x))
}

// streamSample appends one sample row of monitor m, taken at time t, to
// its files' buffers.
func (m *monitor) streamSample(t float64) {
	if m.data.s.err != nil {
		return
	}
	m.times.room(8)
	m.times.put(t)
	m.times.rows++
	d := m.data
	d.room(8 * d.cols)
	if m.neurons == nil {
		for _, x := range m.src[:m.pop.n] {
			d.put(x)
		}
	} else {
		for _, i := range m.neurons {
			d.put(m.src[i])
		}
	}
	d.rows++
}

// failed returns the first write error of the stream (nil for no stream).
func (s *stream) failed() error {
	if s == nil || s.err == nil {
		return nil
	}
	return fmt.Errorf("pyn: streaming to %s: %w (the run was stopped; the folder is left marked incomplete)", s.dir, s.err)
}

// finish writes the buffered rows, rewrites every header with the true
// shape and moves the files to their names. The traces keep no samples.
func (s *stream) finish(mons []*monitor) {
	for _, w := range s.files {
		w.flush()
	}
	for _, w := range s.files {
		if s.err != nil {
			break
		}
		path := filepath.Join(s.dir, w.name)
		wa, ok := w.f.(io.WriterAt)
		if !ok {
			s.err = fmt.Errorf("writing %s: the file cannot be rewritten in place", path)
			break
		}
		_, err := wa.WriteAt(npyHeader(w.rows, w.cols, w.flat), 0)
		if err == nil {
			err = w.f.Sync()
		}
		if cerr := w.f.Close(); err == nil {
			err = cerr
		}
		w.f = nil
		if err == nil {
			err = os.Chmod(w.tmp, 0o644)
		}
		if err == nil {
			err = os.Rename(w.tmp, path)
		}
		if err != nil {
			os.Remove(w.tmp)
			s.err = fmt.Errorf("writing %s: %w", path, err)
		}
		w.buf = nil
	}
	for _, m := range mons {
		if m.data != nil {
			m.tr.samples = int(m.data.rows)
		}
	}
	if s.err != nil {
		s.abort()
	}
}

// abort closes and removes the temporary files still open; the folder
// keeps its INCOMPLETE marker.
func (s *stream) abort() {
	for _, w := range s.files {
		if w.f != nil {
			w.f.Close()
			os.Remove(w.tmp)
			w.f = nil
		}
		w.buf = nil
	}
}

// complete finishes a streamed run: the stream files first, then the rest
// of the experiment (Save's steps) in the same folder.
func (s *stream) complete(res *Result, mons []*monitor) error {
	s.finish(mons)
	if s.err != nil {
		return fmt.Errorf("pyn: streaming experiment %q to %s: %w (the folder is left marked incomplete)", res.Name, s.dir, s.err)
	}
	return saveInto(res, s.dir, s.marker)
}

// errStreamed is the error of a plot or a check on a streamed trace.
func errStreamed(tr *Trace) error {
	dir := filepath.Dir(tr.File)
	return fmt.Errorf("pyn: trace %q of population %q was streamed to %s during the run and is not in memory; load the experiment to use it: pyn.Load(%q)", tr.Var, tr.Pop, tr.File, dir)
}

// isStreamed reports whether tr's samples are on disk only.
func (tr *Trace) isStreamed() bool { return tr.File != "" && tr.Data == nil && tr.T == nil }
