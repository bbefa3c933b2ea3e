package pyn

// Stubs of the API written in other files; each is replaced by its real
// implementation.

// Behaviour is one panel of Izhikevich (2004), Fig. 1: a named behaviour
// with its parameters and its published stimulus protocol.
type Behaviour struct {
	Name   string
	Params IzhikevichParams
	T, Dt  float64 // ms: duration and the panel's published step size
	Stim   []Stim  // the protocol, for neuron 0
}

// Behaviours returns the 20 panels of Izhikevich (2004), Fig. 1, in figure order.
func Behaviours() []Behaviour { return nil }
