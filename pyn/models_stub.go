package pyn

// Constructors; the models are written in their own files.

// NewIzhikevich returns a population of n Izhikevich neurons.
func NewIzhikevich(name string, n int, p IzhikevichParams) *Population {
	return &Population{Name: name, N: n, err: errNotImplemented}
}

// NewAdEx returns a population of n AdEx neurons.
func NewAdEx(name string, n int, p AdExParams) *Population {
	return &Population{Name: name, N: n, err: errNotImplemented}
}

// NewHodgkinHuxley returns a population of n Hodgkin–Huxley neurons.
func NewHodgkinHuxley(name string, n int, p HHParams) *Population {
	return &Population{Name: name, N: n, err: errNotImplemented}
}

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

// TonicSpiking is the first row of pyN's parameter table.
var TonicSpiking = IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70}
