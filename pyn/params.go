package pyn

// IzhikevichParams are the parameters of the Izhikevich (2003) model
//
//	v' = 0.04v² + 5v + 140 − u + I      (Variant changes this line)
//	u' = a(bv − u)
//	if v ≥ 30 mV: v ← c, u ← u + d
//
// Every field is used as given, zeros included (d = 0 for Class 2).
type IzhikevichParams struct {
	A  float64 // time scale of u, 1/ms
	B  float64 // sensitivity of u to v
	C  float64 // reset potential, mV
	D  float64 // reset increment of u
	V0 float64 // initial membrane potential, mV
	// U0 is the initial recovery variable; it is used only when HasU0 is
	// true, otherwise u starts at B·V0 (as in pyN).
	U0    float64
	HasU0 bool
	// Variant selects one of the equation variants Izhikevich (2004, Fig. 1)
	// used for some behaviours; the zero value is the standard model.
	Variant IzhVariant
	// VPeak is the spike cut-off, mV; 0 means 30 mV.
	VPeak float64
}

// IzhVariant selects the form of the Izhikevich equations.
type IzhVariant int

// The equation variants of Izhikevich (2004), Fig. 1 (published code figure1.m).
const (
	// IzhStandard: v' = 0.04v² + 5v + 140 − u + I, u' = a(bv − u).
	IzhStandard IzhVariant = iota
	// IzhClass1: v' = 0.04v² + 4.1v + 108 − u + I (class 1 excitability, integrator panels).
	IzhClass1
	// IzhAccommodation: u' = a(b(v + 65)) (accommodation panel).
	IzhAccommodation
)

// AdExParams are the parameters of the adaptive exponential
// integrate-and-fire model (Brette & Gerstner 2005)
//
//	C V' = −gL(V − EL) + gL ΔT exp((V − VT)/ΔT) − w + I
//	τw w' = a(V − EL) − w
//	if V ≥ Vcut: V ← Vr, w ← w + b, then refractory for TRef
type AdExParams struct {
	C      float64 // membrane capacitance, pF
	GL     float64 // leak conductance, nS
	EL     float64 // leak reversal potential, mV
	VT     float64 // threshold slope factor's potential (soft threshold), mV
	DeltaT float64 // slope factor, mV
	A      float64 // subthreshold adaptation, nS
	TauW   float64 // adaptation time constant, ms
	B      float64 // spike-triggered adaptation, pA
	Vr     float64 // reset potential, mV
	VCut   float64 // spike cut-off, mV; 0 means VT + 5·DeltaT
	TRef   float64 // absolute refractory period, ms
	V0     float64 // initial V, mV; 0 means EL
	W0     float64 // initial w, pA
}

// HHParams are the parameters of the Hodgkin–Huxley (1952) squid axon
// model, with rest near −65 mV. Every field is used as given (a zero
// conductance blocks that channel); start from HHSquidAxon, or from
// HHTraubMiles for the cortical kinetics of Brette et al. (2007)'s
// benchmark 3.
type HHParams struct {
	C   float64 // membrane capacitance, µF/cm²
	GNa float64 // sodium conductance, mS/cm²
	GK  float64 // potassium conductance, mS/cm²
	GL  float64 // leak conductance, mS/cm²
	ENa float64 // mV
	EK  float64 // mV
	EL  float64 // mV
	V0  float64 // initial V, mV; gates start at their steady state at V0
	// Kinetics selects the rate functions; the zero value is the squid
	// axon's (Hodgkin & Huxley 1952).
	Kinetics HHKinetics
	// VT shifts the Traub–Miles rate functions, mV (−63 in the
	// benchmark); unused by the squid kinetics.
	VT float64
	// Integrator selects the numerical method; the zero value is RK4.
	Integrator HHIntegrator
}

// HHIntegrator selects how the HH equations are integrated.
type HHIntegrator int

// HH integrators.
const (
	// HHRK4: classical fourth-order Runge–Kutta; accurate at dt =
	// 0.01–0.05 ms, unstable for large steps.
	HHRK4 HHIntegrator = iota
	// HHExponentialEuler: each variable relaxes exactly towards its
	// instantaneous steady state (V with its total conductance, each gate
	// with α + β), all from the state at the start of the step. First
	// order but stable at any dt; it is Brian 2's "exponential_euler",
	// used by the COBAHH benchmark at dt = 0.1 ms.
	HHExponentialEuler
)

// HHKinetics selects the gating rate functions of the HH model.
type HHKinetics int

// Rate functions of the HH model.
const (
	// HHSquid: Hodgkin & Huxley (1952), shifted to rest at −65 mV.
	HHSquid HHKinetics = iota
	// HHTraub: Traub & Miles (1991) as used by Brette et al. (2007),
	// benchmark 3 (COBAHH), with threshold shift VT.
	HHTraub
)

// LIFParams are the parameters of the current-based leaky
// integrate-and-fire neuron
//
//	C V' = −(C/τm)(V − EL) + I  [+ Σ g(E − V) with CondExp synapses]
//	if V ≥ VTh: V ← VReset, refractory for TRef
type LIFParams struct {
	C      float64 // membrane capacitance, pF
	TauM   float64 // membrane time constant, ms
	EL     float64 // resting potential, mV
	VTh    float64 // threshold, mV
	VReset float64 // reset potential, mV
	TRef   float64 // refractory period, ms
	V0     float64 // initial V, mV; 0 means EL
	// Integrator selects the numerical method; the zero value is the
	// exact exponential step, LIFExact.
	Integrator LIFIntegrator
}

// LIFIntegrator selects how the LIF equation is integrated between
// spikes.
type LIFIntegrator int

// LIF integrators.
const (
	// LIFExact: the exact solution for the input (current and
	// conductances) held constant over the step, V relaxing towards
	// its steady state with e^(−dt/τ). Exact for any dt; with
	// conductances it costs one exponential per neuron and step.
	LIFExact LIFIntegrator = iota
	// LIFEuler: forward Euler of C V' = −gL(V − EL) + I + Σ g(E − V)
	// from the state at the start of the step, gL = C/τm. First order;
	// accurate when dt is well below the effective time constant
	// C/(gL + Σg), and unstable when dt exceeds twice it. It is Brian 2's
	// "euler", used by the COBA benchmark at dt = 0.1 ms.
	LIFEuler
)

// Dist is a law for drawing values (weights, delays, parameter spreads).
// The zero value is Uniform(0, 1), pyN's weight law.
type Dist struct {
	Law DistLaw
	A   float64 // Uniform: low;  Normal: mean;  Const: the value
	B   float64 // Uniform: high; Normal: standard deviation
}

// DistLaw names a distribution.
type DistLaw int

// Distribution laws.
const (
	LawUniform DistLaw = iota // uniform on [A, B); the zero Dist is U[0,1)
	LawNormal                 // normal with mean A and standard deviation B
	LawConst                  // always A
)

// Uniform is the uniform law on [lo, hi).
func Uniform(lo, hi float64) Dist { return Dist{Law: LawUniform, A: lo, B: hi} }

// Normal is the normal law with the given mean and standard deviation.
func Normal(mean, std float64) Dist { return Dist{Law: LawNormal, A: mean, B: std} }

// Const is the constant law.
func Const(x float64) Dist { return Dist{Law: LawConst, A: x} }

// String returns the variant's name, e.g. "IzhClass1", or "IzhVariant(n)".
func (v IzhVariant) String() string {
	return enumName([]string{"IzhStandard", "IzhClass1", "IzhAccommodation"}, int(v), "IzhVariant")
}

// String returns the integrator's name, e.g. "HHRK4", or "HHIntegrator(n)".
func (m HHIntegrator) String() string {
	return enumName([]string{"HHRK4", "HHExponentialEuler"}, int(m), "HHIntegrator")
}

// String returns the kinetics' name, e.g. "HHTraub", or "HHKinetics(n)".
func (k HHKinetics) String() string {
	return enumName([]string{"HHSquid", "HHTraub"}, int(k), "HHKinetics")
}

// String returns the integrator's name, e.g. "LIFEuler", or
// "LIFIntegrator(n)".
func (m LIFIntegrator) String() string {
	return enumName([]string{"LIFExact", "LIFEuler"}, int(m), "LIFIntegrator")
}

// String returns the law's name, e.g. "LawNormal", or "DistLaw(n)".
func (l DistLaw) String() string {
	return enumName([]string{"LawUniform", "LawNormal", "LawConst"}, int(l), "DistLaw")
}
