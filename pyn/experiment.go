package pyn

import (
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
)

// This file is the layout of experiment.json, which Save writes and Load
// reads: the JSON document types, the float encoding that keeps NaN and
// ±Inf, and the names under which enum values are stored.

// jf is a float64 that survives JSON: NaN and ±Inf are written as the
// strings "NaN", "Inf" and "-Inf"; finite values in the shortest form
// that reads back exactly.
type jf float64

func (x jf) MarshalJSON() ([]byte, error) {
	f := float64(x)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"Inf"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

func (x *jf) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*x = jf(math.NaN())
		return nil
	case `"Inf"`, `"+Inf"`:
		*x = jf(math.Inf(1))
		return nil
	case `"-Inf"`:
		*x = jf(math.Inf(-1))
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*x = jf(f)
	return nil
}

func jfs(x []float64) []jf {
	if x == nil {
		return nil
	}
	out := make([]jf, len(x))
	for i, v := range x {
		out[i] = jf(v)
	}
	return out
}

func floats(x []jf) []float64 {
	if x == nil {
		return nil
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// The layout of experiment.json.
type (
	jsonExperiment struct {
		Format        string                `json:"format"`
		FormatVersion int                   `json:"format_version"`
		PynVersion    string                `json:"pyn_version"`
		Saved         string                `json:"saved"` // RFC 3339, UTC
		Name          string                `json:"name"`
		Start         jf                    `json:"start_ms"`
		T             jf                    `json:"t_ms"`
		Dt            jf                    `json:"dt_ms"`
		Seed          uint64                `json:"seed"`
		STDP          bool                  `json:"stdp"`
		WallNS        int64                 `json:"wall_ns"`
		WallS         float64               `json:"wall_s"`
		Complete      bool                  `json:"complete"` // the run finished (not cancelled)
		Pops          []jsonPop             `json:"populations"`
		Conns         []jsonConn            `json:"connections"`
		Stims         map[string][]jsonStim `json:"stimuli"`
		Notes         string                `json:"notes"`
	}
	jsonPop struct {
		Name  string `json:"name"`
		Model string `json:"model"`
		N     int    `json:"n"`
		// Params holds the parameters that are the same for every neuron;
		// ParamFiles names a float64 .npy file (one value per neuron) for
		// each of the others.
		Params     map[string]jf     `json:"params"`
		ParamFiles map[string]string `json:"params_per_neuron"`
		Spikes     jsonSpikes        `json:"spikes"`
		Recorded   []jsonTrace       `json:"recorded"`
		// Equations is the text of an equation model, absent for the
		// built-in models.
		Equations *jsonEquations `json:"equations,omitempty"`
	}
	// jsonEquations is Equations (the text of NewModel).
	jsonEquations struct {
		Eqs        string            `json:"eqs"`
		Threshold  string            `json:"threshold"`
		Reset      string            `json:"reset"`
		Refractory string            `json:"refractory"`
		Params     map[string]jf     `json:"params"`
		Init       map[string]string `json:"init"`
		Method     string            `json:"method"`
		V          string            `json:"v"`
	}
	// jsonSynModel is SynapseEquations (the text of NewSynapseModel).
	jsonSynModel struct {
		Eqs    string            `json:"eqs"`
		OnPre  string            `json:"on_pre"`
		OnPost string            `json:"on_post"`
		Params map[string]jf     `json:"params"`
		Init   map[string]string `json:"init"`
	}
	jsonSpikes struct {
		Count     int    `json:"count"`
		TimesFile string `json:"times_file"` // float64, ms
		IDsFile   string `json:"ids_file"`   // int32
	}
	jsonTrace struct {
		Var string `json:"var"`
		// Neurons lists the recorded neurons; null means all, 0…n−1.
		Neurons   []int  `json:"neurons"`
		Samples   int    `json:"samples"`
		DType     string `json:"dtype"`
		Shape     [2]int `json:"shape"`
		Order     string `json:"order"`
		File      string `json:"file"`
		TimesFile string `json:"times_file"`
		Bytes     int64  `json:"bytes"`
	}
	jsonConn struct {
		Pre      string      `json:"pre"`
		Post     string      `json:"post"`
		Rule     string      `json:"rule"`
		Synapses int         `json:"synapses"`
		Plastic  bool        `json:"plastic"`
		Options  jsonOptions `json:"options"`
		// Weights lists the synapses at the end of the run (Sim.KeepWeights), or null.
		Weights *jsonWeights `json:"weights"`
	}
	jsonWeights struct {
		Count     int    `json:"count"`
		PreFile   string `json:"pre_file"`   // int32, presynaptic neuron of each synapse
		PostFile  string `json:"post_file"`  // int32, postsynaptic neuron
		WFile     string `json:"w_file"`     // float64, weight
		DelayFile string `json:"delay_file"` // float64, ms
	}
	jsonOptions struct {
		Rule       string    `json:"rule"`
		P          jf        `json:"p"`
		K          int       `json:"k"`
		Weight     jsonDist  `json:"weight"`
		Scale      jf        `json:"scale"`
		Inhibitory bool      `json:"inhibitory"`
		Delay      jf        `json:"delay_ms"`
		Std        jf        `json:"delay_std_ms"`
		Autapses   bool      `json:"autapses"`
		Synapse    jsonSyn   `json:"synapse"`
		STDP       *jsonSTDP `json:"stdp"`
		Seed       uint64    `json:"seed"`
		// Model is the text of the synapse model (Conn.Model), if any.
		Model *jsonSynModel `json:"synapse_model,omitempty"`
		// Synapse lists of FromArrays connections, as .npy files.
		PreFile     string `json:"pre_file,omitempty"`
		PostFile    string `json:"post_file,omitempty"`
		WeightsFile string `json:"weights_file,omitempty"`
		DelaysFile  string `json:"delays_file,omitempty"`
		// Initial conductances (Conn.G0), as a .npy file.
		G0File string `json:"g0_file,omitempty"`
	}
	jsonDist struct {
		Law string `json:"law"`
		A   jf     `json:"a"`
		B   jf     `json:"b"`
	}
	jsonSyn struct {
		Kind string `json:"kind"`
		Tau  jf     `json:"tau_ms"`
		E    jf     `json:"e_mv"`
	}
	jsonSTDP struct {
		Off      bool `json:"off"`
		APlus    jf   `json:"a_plus"`
		AMinus   jf   `json:"a_minus"`
		TauPlus  jf   `json:"tau_plus_ms"`
		TauMinus jf   `json:"tau_minus_ms"`
		WMin     jf   `json:"w_min"`
		WMax     jf   `json:"w_max"`
	}
	jsonStim struct {
		Start    jf    `json:"start_ms"`
		Stop     jf    `json:"stop_ms"`
		Amp      jf    `json:"amp"`
		Neurons  []int `json:"neurons"`
		Std      jf    `json:"std"`
		Every    jf    `json:"every_ms"`
		Series   []jf  `json:"series"`
		SeriesDt jf    `json:"series_dt_ms"`
	}
)

// methodNames are the integrators' names (Method.String), as stored.
var methodNames = []string{"auto", "euler", "sequential-euler", "exponential-euler", "rk4"}

func jfMap(m map[string]float64) map[string]jf {
	if m == nil {
		return nil
	}
	out := make(map[string]jf, len(m))
	for k, v := range m {
		out[k] = jf(v)
	}
	return out
}

func floatMap(m map[string]jf) map[string]float64 {
	if m == nil {
		return nil
	}
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = float64(v)
	}
	return out
}

func toJSONEquations(e *Equations) *jsonEquations {
	if e == nil {
		return nil
	}
	return &jsonEquations{Eqs: e.Eqs, Threshold: e.Threshold, Reset: e.Reset, Refractory: e.Refractory,
		Params: jfMap(e.Params), Init: maps.Clone(e.Init), Method: enumName(methodNames, int(e.Method), "Method"), V: e.V}
}

func toJSONSynModel(m *SynapseModel) *jsonSynModel {
	if m == nil {
		return nil
	}
	s := m.Equations()
	return &jsonSynModel{Eqs: s.Eqs, OnPre: s.OnPre, OnPost: s.OnPost, Params: jfMap(s.Params), Init: s.Init}
}

var (
	ruleNames    = []string{"FixedProb", "AllToAll", "OneToOne", "FixedInDegree", "FromArrays"}
	lawNames     = []string{"Uniform", "Normal", "Const"}
	synapseNames = []string{"Alpha", "Exponential", "Delta", "CondExp"}
)

// enumName names value i of a small enum, or "Name(i)" for unknown values.
func enumName(names []string, i int, kind string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", kind, i)
}

// enumValue parses what enumName wrote.
func enumValue(names []string, s, kind string) (int, error) {
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	if strings.HasPrefix(s, kind+"(") && strings.HasSuffix(s, ")") {
		if i, err := strconv.Atoi(s[len(kind)+1 : len(s)-1]); err == nil {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q", strings.ToLower(kind), s)
}
