package pyn

// Built-in neuron models written in the equation language. Each gives
// the same spikes as the hand-written model with the same integrator
// (tested on the published protocols), so they are starting points for
// variants: copy the text, change a line.

// IzhikevichEquations is the Izhikevich (2003) model of p as Equations,
// integrated as Izhikevich's published code does (MethodSequentialEuler:
// v first, then u with the new v). Its parameters are a, b, c, d, v0,
// u0 and vpeak; u starts at u0 when p.HasU0, else at b·v0.
func IzhikevichEquations(p IzhikevichParams) Equations {
	k1, k0 := "5", "140"
	if p.Variant == IzhClass1 {
		k1, k0 = "4.1", "108"
	}
	du := "a*(b*v - u)"
	if p.Variant == IzhAccommodation {
		du = "a*(b*(v + 65))"
	}
	u0 := "b*v0"
	if p.HasU0 {
		u0 = "u0"
	}
	vpeak := p.VPeak
	if vpeak == 0 {
		vpeak = 30
	}
	return Equations{
		Eqs: "dv/dt = 0.04*v**2 + " + k1 + "*v + " + k0 + " - u + I : mV\n" +
			"du/dt = " + du + " : 1",
		Threshold: "v >= vpeak",
		Reset:     "v = c\nu += d",
		Method:    MethodSequentialEuler,
		Params:    map[string]float64{"a": p.A, "b": p.B, "c": p.C, "d": p.D, "v0": p.V0, "u0": p.U0, "vpeak": vpeak},
		Init:      map[string]string{"v": "v0", "u": u0},
	}
}

// AdExEquations is the AdEx model of p (Brette & Gerstner 2005) as
// Equations with MethodRK4, the method of the built-in model; the
// exponent is capped at 40 as there. Parameters: C, gL, EL, VT, DeltaT,
// a, tauw, b, Vr, Vcut, TRef, V0, W0 (defaults filled as NewAdEx does).
// It needs DeltaT > 0 (the built-in also accepts 0: a LIF with
// adaptation). During the refractory period v is held at its reset value
// and w keeps evolving by RK4 (the built-in relaxes w exactly there).
func AdExEquations(p AdExParams) Equations {
	vcut := p.VCut
	if vcut == 0 {
		vcut = p.VT + 5*p.DeltaT
	}
	v0 := p.V0
	if v0 == 0 {
		v0 = p.EL
	}
	return Equations{
		Eqs: "dv/dt = (-gL*(v - EL) + gL*DeltaT*exp(min((v - VT)/DeltaT, 40)) - w + I)/C : mV (unless refractory)\n" +
			"dw/dt = (a*(v - EL) - w)/tauw : pA",
		Threshold:  "v >= Vcut",
		Reset:      "v = Vr; w += b",
		Refractory: "TRef",
		Method:     MethodRK4,
		Params: map[string]float64{"C": p.C, "gL": p.GL, "EL": p.EL, "VT": p.VT, "DeltaT": p.DeltaT,
			"a": p.A, "tauw": p.TauW, "b": p.B, "Vr": p.Vr, "Vcut": vcut, "TRef": p.TRef, "V0": v0, "W0": p.W0},
		Init: map[string]string{"v": "V0", "w": "W0"},
	}
}

// LIFEquations is the current-based LIF neuron of p as Equations. With
// p.Integrator LIFEuler it is stepped by MethodEuler, written as the
// built-in computes it (multiplications by 1/τm and 1/C); otherwise by
// MethodExponentialEuler, which for this linear equation is the exact
// step of LIFExact up to rounding.
func LIFEquations(p LIFParams) Equations {
	v0 := p.V0
	if v0 == 0 {
		v0 = p.EL
	}
	m := MethodExponentialEuler
	if p.Integrator == LIFEuler {
		m = MethodEuler
	}
	return Equations{
		Eqs:        "dv/dt = (EL - v)*(1/TauM) + I*(1/C) : mV (unless refractory)",
		Threshold:  "v >= VTh",
		Reset:      "v = VReset",
		Refractory: "TRef",
		Method:     m,
		Params: map[string]float64{"C": p.C, "TauM": p.TauM, "EL": p.EL, "VTh": p.VTh,
			"VReset": p.VReset, "TRef": p.TRef, "V0": v0},
		Init: map[string]string{"v": "V0"},
	}
}

// QIFEquations is the quadratic integrate-and-fire neuron (Latham et al.
// 2000; Ermentrout & Kopell 1986's θ-neuron in voltage form),
//
//	τ v' = k (v − vr)(v − vc) + R I
//
// with spike at vpeak and reset to vreset, integrated by RK4. Parameter
// values are in the Params map: tau (ms), k (1/mV), vr, vc, vpeak,
// vreset (mV), R (GΩ = mV/pA).
func QIFEquations(tau, k, vr, vc, vpeak, vreset, R float64) Equations {
	return Equations{
		Eqs:       "dv/dt = (k*(v - vr)*(v - vc) + R*I)/tau : mV",
		Threshold: "v >= vpeak",
		Reset:     "v = vreset",
		Method:    MethodRK4,
		Params: map[string]float64{"tau": tau, "k": k, "vr": vr, "vc": vc, "vpeak": vpeak,
			"vreset": vreset, "R": R},
		Init: map[string]string{"v": "vr"},
	}
}

// TsodyksMarkram is short-term synaptic plasticity after Tsodyks,
// Pawelzik & Markram (1998), Neural networks with dynamic synapses,
// Neural Comput. 10:821–835, doi:10.1162/089976698300017502, written in
// the equation language: x is the fraction of resources available, u the
// utilisation; at each presynaptic spike u jumps by U·(1 − u), the
// synapse sends w·u·x, and x loses u·x. Between spikes x recovers to 1
// with τd and u decays to 0 with τf (both ms). For a regular train of
// period T the steady state is
//
//	u⁺ = U / (1 − (1 − U)·e^(−T/τf))
//	x⁻ = (1 − e^(−T/τd)) / (1 − (1 − u⁺)·e^(−T/τd))
//
// and each spike sends w·u⁺·x⁻. Small τf gives a depressing synapse, large
// τf and small U a facilitating one. It sends a current (I_post): use it
// with a current Synapse kind.
func TsodyksMarkram(U, tauD, tauF float64) SynapseEquations {
	return SynapseEquations{
		Eqs: "dx/dt = (1 - x)/tau_d : 1 (event-driven)\n" +
			"du/dt = -u/tau_f : 1 (event-driven)",
		OnPre: "u += U*(1 - u)\n" +
			"I_post += w*u*x\n" +
			"x -= u*x",
		Params: map[string]float64{"U": U, "tau_d": tauD, "tau_f": tauF},
		Init:   map[string]string{"x": "1"},
	}
}

// TripletSTDP is the triplet rule of Pfister & Gerstner (2006), Triplets
// of spikes in a model of spike timing-dependent plasticity, J. Neurosci.
// 26:9673–9682, doi:10.1523/JNEUROSCI.1425-06.2006, with all-to-all
// interactions (their Eqs. 1–4), written in the equation language: two
// presynaptic traces r1 (τ+), r2 (τx) and two postsynaptic traces o1
// (τ−), o2 (τy), each jumping by 1 at a spike of its neuron. A
// presynaptic spike sends w and then depresses w by o1·(A2− + A3−·r2),
// a postsynaptic spike potentiates it by r1·(A2+ + A3+·o2), with the
// traces read before their own jump; w stays in [wmin, wmax]. The
// parameters are those of the minimal all-to-all model fitted to the
// visual-cortex data of Sjöström et al. (2001) (Pfister & Gerstner 2006,
// Table 4): A2+ = 0, A3+ = 6.5·10⁻³, A2− = 7.1·10⁻³, A3− = 0,
// τ+ = 16.8 ms, τ− = 33.7 ms, τy = 114 ms (τx unused, set to 101 ms,
// the table's full all-to-all value), with w in [0, 1]. Over the
// paper's pairing protocol it gives Δw within 2 s.e.m. of the data of
// Sjöström et al. (2001) (docs/equations.md has the numbers).
func TripletSTDP() SynapseEquations {
	return SynapseEquations{
		Eqs: "dr1/dt = -r1/tau_plus : 1 (event-driven)\n" +
			"dr2/dt = -r2/tau_x : 1 (event-driven)\n" +
			"do1/dt = -o1/tau_minus : 1 (event-driven)\n" +
			"do2/dt = -o2/tau_y : 1 (event-driven)",
		OnPre: "I_post += w\n" +
			"w = clip(w - o1*(A2m + A3m*r2), wmin, wmax)\n" +
			"r1 += 1\n" +
			"r2 += 1",
		OnPost: "w = clip(w + r1*(A2p + A3p*o2), wmin, wmax)\n" +
			"o1 += 1\n" +
			"o2 += 1",
		Params: map[string]float64{"tau_plus": 16.8, "tau_minus": 33.7, "tau_x": 101, "tau_y": 114,
			"A2p": 0, "A3p": 6.5e-3, "A2m": 7.1e-3, "A3m": 0, "wmin": 0, "wmax": 1},
	}
}
