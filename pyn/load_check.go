package pyn

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// This file is what Load trusts a folder with: nothing. It opens only
// regular files inside the folder (no links out of it, no FIFOs or
// devices that would block or never end), reads no more than their size,
// checks each count of experiment.json against its files with arithmetic
// that cannot overflow, and refuses values a Result cannot hold, naming
// the file and the field.

// maxNpyHeader bounds the header of an .npy file (pyn writes 128 bytes;
// NumPy pads to a multiple of 64).
const maxNpyHeader = 1 << 16

// openInFolder opens file name of folder dir for reading. It refuses a
// name with a path separator, a symbolic link, and anything but a regular
// file, and checks that the file opened is the one inspected.
func openInFolder(dir, name string) (*os.File, int64, error) {
	path := filepath.Join(dir, name)
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") {
		return nil, 0, fmt.Errorf("%s: bad file name %q (files must be inside the experiment folder)", filepath.Join(dir, experimentFile), name)
	}
	lst, err := os.Lstat(path)
	if err != nil {
		return nil, 0, err
	}
	if !lst.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%s is not a regular file (%v): Load reads only regular files inside the experiment folder", path, lst.Mode().Type())
	}
	// Non-blocking and not following links, so that a file swapped for a
	// FIFO or a link after the check neither blocks nor leads outside.
	f, err := os.OpenFile(path, os.O_RDONLY|openNoFollow, 0)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() || !os.SameFile(lst, st) {
		f.Close()
		return nil, 0, fmt.Errorf("%s changed while it was opened: Load reads only regular files inside the experiment folder", path)
	}
	return f, st.Size(), nil
}

// readInFolder reads a whole regular file of dir, within the memory budget.
func readInFolder(dir, name string) ([]byte, error) {
	f, size, err := openInFolder(dir, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkAlloc(filepath.Join(dir, name), size, 1); err != nil {
		return nil, err
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, name), err)
	}
	return b, nil
}

// checkNpyPrefix reads the magic string and header length of an .npy
// file of size bytes and checks that the header fits in the file, then
// rewinds it. npyio would otherwise allocate the length the file claims.
func checkNpyPrefix(f *os.File, path string, size int64) error {
	var p [12]byte
	n, _ := io.ReadFull(f, p[:])
	if n < 10 || string(p[:6]) != "\x93NUMPY" {
		return fmt.Errorf("%s is not a valid .npy file: no NumPy magic string", path)
	}
	var prefix, hlen int64
	switch p[6] {
	case 1:
		prefix, hlen = 10, int64(binary.LittleEndian.Uint16(p[8:10]))
	case 2, 3:
		if n < 12 {
			return fmt.Errorf("%s is not a valid .npy file: truncated header", path)
		}
		prefix, hlen = 12, int64(binary.LittleEndian.Uint32(p[8:12]))
	default:
		return fmt.Errorf("%s is not a valid .npy file: unknown format version %d", path, p[6])
	}
	if hlen > maxNpyHeader || prefix+hlen > size {
		return fmt.Errorf("%s is not a valid .npy file: its header claims %d bytes, the file has %d", path, hlen, size)
	}
	_, err := f.Seek(0, io.SeekStart)
	return err
}

// numelSafe is the element count of shape, or false when a dimension is
// negative or the bytes of that many float64 do not fit in an int.
func numelSafe(shape []int) (int, bool) {
	n := int64(1)
	for _, s := range shape {
		if s < 0 {
			return 0, false
		}
		if n = sizeOf(n, int64(s)); n > math.MaxInt/8 {
			return 0, false
		}
	}
	return int(n), true
}

// checkDoc checks the fields of experiment.json that size or index
// something, before anything is allocated from them.
func checkDoc(dir string, doc *jsonExperiment) error {
	file := filepath.Join(dir, experimentFile)
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%s: %s %s", file, field, fmt.Sprintf(format, args...))
	}
	if dt := float64(doc.Dt); !finite(dt) || dt <= 0 {
		return bad("dt_ms", "= %v: want a finite step > 0 ms", dt)
	}
	if t := float64(doc.T); !finite(t) || t < 0 {
		return bad("t_ms", "= %v: want a finite duration ≥ 0 ms", t)
	}
	if s := float64(doc.Start); !finite(s) || s < 0 {
		return bad("start_ms", "= %v: want a finite time ≥ 0 ms", s)
	}
	n := map[string]int{}
	for k, p := range doc.Pops {
		f := fmt.Sprintf("populations[%d]", k)
		if _, dup := n[p.Name]; dup {
			return bad(f+".name", "%q: two populations have this name", p.Name)
		}
		if p.N < 1 || int64(p.N) > maxNeurons {
			return bad(f+".n", "= %d: want 1…%d neurons", p.N, maxNeurons)
		}
		n[p.Name] = p.N
		// Uniform parameters and the neuron list of a full trace are
		// made N long; spike times and samples are bounded by their files.
		if err := checkAlloc(fmt.Sprintf("%s: %s.n = %d", file, f, p.N), int64(p.N), 8*int64(len(p.Params)+len(p.Recorded)+1)); err != nil {
			return err
		}
		if p.Spikes.Count < 0 {
			return bad(f+".spikes.count", "= %d is negative", p.Spikes.Count)
		}
		for j, tr := range p.Recorded {
			g := fmt.Sprintf("%s.recorded[%d]", f, j)
			if tr.Samples < 0 || tr.Shape[0] < 0 || tr.Shape[1] < 0 {
				return bad(g, "has samples = %d and shape %v: want counts ≥ 0", tr.Samples, tr.Shape)
			}
			if _, ok := numelSafe(tr.Shape[:]); !ok {
				return bad(g+".shape", "%v has more elements than an array can hold", tr.Shape)
			}
			for m, i := range tr.Neurons {
				if i < 0 || i >= p.N {
					return bad(fmt.Sprintf("%s.neurons[%d]", g, m), "= %d: population %q has neurons 0…%d", i, p.Name, p.N-1)
				}
			}
		}
	}
	for k, c := range doc.Conns {
		f := fmt.Sprintf("connections[%d]", k)
		for _, end := range []string{c.Pre, c.Post} {
			if _, ok := n[end]; !ok {
				return bad(f, "names population %q, which the experiment does not have", end)
			}
		}
		if c.Synapses < 0 {
			return bad(f+".synapses", "= %d is negative", c.Synapses)
		}
		if w := c.Weights; w != nil && w.Count < 0 {
			return bad(f+".weights.count", "= %d is negative", w.Count)
		}
	}
	for pop, list := range doc.Stims {
		np, ok := n[pop]
		if !ok {
			return bad("stimuli", "name population %q, which the experiment does not have", pop)
		}
		for k, s := range list {
			f := fmt.Sprintf("stimuli[%q][%d]", pop, k)
			for m, i := range s.Neurons {
				if i < 0 || i >= np {
					return bad(fmt.Sprintf("%s.neurons[%d]", f, m), "= %d: population %q has neurons 0…%d", i, pop, np-1)
				}
			}
		}
	}
	return nil
}

// checkSynapseEnds checks that the synapses read for a connection join
// neurons that exist.
func checkSynapseEnds(preFile, postFile string, w *Weights, npre, npost int) error {
	if w == nil {
		return nil
	}
	for k, i := range w.PreIdx {
		if i < 0 || int(i) >= npre {
			return fmt.Errorf("%s: synapse %d is from neuron %d, outside %q of %d neurons", preFile, k, i, w.Pre, npre)
		}
	}
	for k, j := range w.PostIdx {
		if j < 0 || int(j) >= npost {
			return fmt.Errorf("%s: synapse %d is onto neuron %d, outside %q of %d neurons", postFile, k, j, w.Post, npost)
		}
	}
	return nil
}
