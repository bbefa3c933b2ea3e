package pyn

// Constructors; the models are written in their own files.

// NewLIF returns a population of n current-based LIF neurons.
func NewLIF(name string, n int, p LIFParams) *Population {
	return &Population{Name: name, N: n, err: errNotImplemented}
}

// NewPoisson returns n independent Poisson spike sources firing at rate Hz.
func NewPoisson(name string, n int, rate float64) *Population {
	return &Population{Name: name, N: n, err: errNotImplemented}
}

// NewSpikeSource returns one source per entry of times, each emitting
// spikes at the given times (ms).
func NewSpikeSource(name string, times [][]float64) *Population {
	return &Population{Name: name, N: len(times), err: errNotImplemented}
}
