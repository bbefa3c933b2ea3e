package sonata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The JSON files of an exported circuit. Paths are relative to the
// circuit's folder ($BASE_DIR is "."): run PyNN or NEST from that folder.

type circuitConfig struct {
	TargetSimulator string            `json:"target_simulator"`
	Manifest        map[string]string `json:"manifest"`
	Components      map[string]string `json:"components"`
	Networks        struct {
		Nodes []nodesEntry `json:"nodes"`
		Edges []edgesEntry `json:"edges"`
	} `json:"networks"`
	Pyn *pynCircuit `json:"pyn,omitempty"`
}

type nodesEntry struct {
	NodesFile     string `json:"nodes_file"`
	NodeTypesFile string `json:"node_types_file"`
}

type edgesEntry struct {
	EdgesFile     string `json:"edges_file"`
	EdgeTypesFile string `json:"edge_types_file"`
}

// pynCircuit is what only pyn reads back: the format version and the
// population order.
type pynCircuit struct {
	Format      int      `json:"format"`
	Populations []string `json:"populations"`
	// Seed is Network.Seed, as a decimal string (JSON numbers hold 53 bits).
	Seed string `json:"network_seed"`
}

type simConfig struct {
	Manifest        map[string]string      `json:"manifest"`
	TargetSimulator string                 `json:"target_simulator"`
	Network         string                 `json:"network"`
	Run             runConfig              `json:"run"`
	Conditions      map[string]interface{} `json:"conditions"`
	Inputs          map[string]inputConfig `json:"inputs"`
	Output          outputConfig           `json:"output"`
	Reports         map[string]report      `json:"reports"`
	NodeSetsFile    string                 `json:"node_sets_file"`
	Pyn             *pynSim                `json:"pyn,omitempty"`
}

type runConfig struct {
	TStop float64 `json:"tstop"` // ms
	Dt    float64 `json:"dt"`    // ms
	// Seed is Sim.Seed (an engine may use it for its own generators).
	Seed uint64 `json:"seed"`
}

// inputConfig is one SONATA input: spikes of virtual nodes from an HDF5
// file, or a current clamp (amp in nA, delay and duration in ms).
type inputConfig struct {
	InputType string   `json:"input_type"`
	Module    string   `json:"module"`
	NodeSet   string   `json:"node_set"`
	InputFile string   `json:"input_file,omitempty"`
	Amp       *float64 `json:"amp,omitempty"`
	Delay     *float64 `json:"delay,omitempty"`
	Duration  *float64 `json:"duration,omitempty"`
}

type outputConfig struct {
	OutputDir       string `json:"output_dir"`
	SpikesFile      string `json:"spikes_file"`
	SpikesSortOrder string `json:"spikes_sort_order"`
}

type report struct {
	Cells        string `json:"cells"`
	VariableName string `json:"variable_name"`
	Module       string `json:"module"`
	Sections     string `json:"sections"`
	FileName     string `json:"file_name"`
}

// pynSim is the run as pyn gave it, for an exact round trip.
type pynSim struct {
	Name   string              `json:"name"`
	T      float64             `json:"T"`
	Dt     float64             `json:"dt"`
	Seed   string              `json:"seed"`
	NoSTDP bool                `json:"no_stdp"`
	Record []string            `json:"record,omitempty"`
	Stims  map[string][]pynStm `json:"stimuli,omitempty"`
}

type pynStm struct {
	Start   float64 `json:"start"`
	Stop    float64 `json:"stop"`
	Amp     float64 `json:"amp"`
	Neurons []int   `json:"neurons"`
}

// nodeSet is a SONATA basic node set.
type nodeSet struct {
	Population string `json:"population"`
	NodeID     []int  `json:"node_id,omitempty"`
}

// writeTypes writes a SONATA types table: space-separated, quoted where
// needed, one row per type; missing cells are NONE (PyNN's convention).
func writeTypes(path string, cols []string, rows []map[string]string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ' '
	if err := w.Write(cols); err != nil {
		return err
	}
	for _, r := range rows {
		rec := make([]string, len(cols))
		for i, c := range cols {
			v, ok := r[c]
			if !ok || v == "" {
				v = "NONE"
			}
			rec[i] = v
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// readTypes reads a types table into rows keyed by column.
func readTypes(path string) ([]map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, corruptf("cannot read %s: %v", filepath.Base(path), err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ' '
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, corruptf("%s: %v", filepath.Base(path), err)
	}
	if len(recs) == 0 {
		return nil, corruptf("%s is empty", filepath.Base(path))
	}
	head := recs[0]
	var out []map[string]string
	for k, rec := range recs[1:] {
		if len(rec) != len(head) {
			return nil, corruptf("%s: row %d has %d cells, the header %d", filepath.Base(path), k+1, len(rec), len(head))
		}
		m := map[string]string{}
		for i, c := range head {
			m[c] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}

// resolve substitutes the manifest's $VARIABLES in a config path.
func resolve(manifest map[string]string, s string) (string, error) {
	for depth := 0; strings.Contains(s, "$") && depth < 8; depth++ {
		i := strings.IndexByte(s, '$')
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		key := s[i:j]
		v, ok := manifest[key]
		if !ok {
			v, ok = manifest[key[1:]]
		}
		if !ok {
			return "", corruptf("path %q uses %s, which the manifest does not define", s, key)
		}
		s = s[:i] + v + s[j:]
	}
	if strings.Contains(s, "$") {
		return "", corruptf("path %q: manifest variables nest too deep", s)
	}
	return s, nil
}

func fmtFloat(x float64) string { return fmt.Sprint(x) }
