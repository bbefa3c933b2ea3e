package pyn

// The 20 behaviours of Izhikevich (2004), Fig. 1, as parameter presets.
//
// Values are those of Izhikevich's published code for the figure
// (figure1.m, izhikevich.org/publications/figure1.m; Izhikevich E.M.
// (2004) Which model to use for cortical spiking neurons? IEEE Trans.
// Neural Netw. 15:1063–1070, doi:10.1109/TNN.2004.832719). pyN's README
// table lists the same rows; where it differs from the published code the
// published code wins, because only it reproduces the figure:
//
//	TonicBursting             b = 0.2 (pyN: 0.25)
//	PhasicBursting            v0 = −64 (pyN: −70)
//	MixedMode                 d = 4, v0 = −70 (pyN: d = 6, v0 = −60)
//	InhibitionInducedSpiking  a = −0.02 (pyN: 0.02)
//	InhibitionInducedBursting d = −2 (pyN: missing)
//	Class1Excitable, Integrator  IzhClass1 equation (pyN: standard)
//	Accommodation             IzhAccommodation equation, u0 = −16
//
// Behaviours gives each preset with its published stimulus protocol.
var (
	TonicSpiking              = IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70}
	PhasicSpiking             = IzhikevichParams{A: 0.02, B: 0.25, C: -65, D: 6, V0: -64}
	TonicBursting             = IzhikevichParams{A: 0.02, B: 0.2, C: -50, D: 2, V0: -70}
	PhasicBursting            = IzhikevichParams{A: 0.02, B: 0.25, C: -55, D: 0.05, V0: -64}
	MixedMode                 = IzhikevichParams{A: 0.02, B: 0.2, C: -55, D: 4, V0: -70}
	SpikeFrequencyAdaptation  = IzhikevichParams{A: 0.01, B: 0.2, C: -65, D: 8, V0: -70}
	Class1Excitable           = IzhikevichParams{A: 0.02, B: -0.1, C: -55, D: 6, V0: -60, Variant: IzhClass1}
	Class2Excitable           = IzhikevichParams{A: 0.2, B: 0.26, C: -65, D: 0, V0: -64}
	SpikeLatency              = IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 6, V0: -70}
	SubthresholdOscillations  = IzhikevichParams{A: 0.05, B: 0.26, C: -60, D: 0, V0: -62}
	Resonator                 = IzhikevichParams{A: 0.1, B: 0.26, C: -60, D: -1, V0: -62}
	Integrator                = IzhikevichParams{A: 0.02, B: -0.1, C: -55, D: 6, V0: -60, Variant: IzhClass1}
	ReboundSpike              = IzhikevichParams{A: 0.03, B: 0.25, C: -60, D: 4, V0: -64}
	ReboundBurst              = IzhikevichParams{A: 0.03, B: 0.25, C: -52, D: 0, V0: -64}
	ThresholdVariability      = IzhikevichParams{A: 0.03, B: 0.25, C: -60, D: 4, V0: -64}
	Bistability               = IzhikevichParams{A: 0.1, B: 0.26, C: -60, D: 0, V0: -61}
	DAP                       = IzhikevichParams{A: 1, B: 0.2, C: -60, D: -21, V0: -70}
	Accommodation             = IzhikevichParams{A: 0.02, B: 1, C: -55, D: 4, V0: -65, U0: -16, HasU0: true, Variant: IzhAccommodation}
	InhibitionInducedSpiking  = IzhikevichParams{A: -0.02, B: -1, C: -60, D: 8, V0: -63.8}
	InhibitionInducedBursting = IzhikevichParams{A: -0.026, B: -1, C: -45, D: -2, V0: -63.8}
)

// Cortical cell classes of Izhikevich (2003), Fig. 2 (Simple model of
// spiking neurons, IEEE Trans. Neural Netw. 14:1569–1572,
// doi:10.1109/TNN.2003.820440), with the resting start v0 = −65 mV.
var (
	RegularSpiking        = IzhikevichParams{A: 0.02, B: 0.2, C: -65, D: 8, V0: -65}
	IntrinsicallyBursting = IzhikevichParams{A: 0.02, B: 0.2, C: -55, D: 4, V0: -65}
	Chattering            = IzhikevichParams{A: 0.02, B: 0.2, C: -50, D: 2, V0: -65}
	FastSpiking           = IzhikevichParams{A: 0.1, B: 0.2, C: -65, D: 2, V0: -65}
	LowThresholdSpiking   = IzhikevichParams{A: 0.02, B: 0.25, C: -65, D: 2, V0: -65}
	ThalamoCortical       = IzhikevichParams{A: 0.02, B: 0.25, C: -65, D: 0.05, V0: -65}
	ResonatorRZ           = IzhikevichParams{A: 0.1, B: 0.26, C: -65, D: 2, V0: -65}
)

// AdExBrette2005 is the regular-spiking cell of Brette & Gerstner (2005),
// Adaptive exponential integrate-and-fire model as an effective
// description of neuronal activity, J. Neurophysiol. 94:3637–3642,
// doi:10.1152/jn.00686.2005 (their Table 1, fitted to a detailed model of
// a regular-spiking pyramidal cell): C = 281 pF, gL = 30 nS,
// EL = −70.6 mV, VT = −50.4 mV, ΔT = 2 mV, τw = 144 ms, a = 4 nS,
// b = 0.0805 nA, reset to EL.
var AdExBrette2005 = AdExParams{C: 281, GL: 30, EL: -70.6, VT: -50.4, DeltaT: 2,
	A: 4, TauW: 144, B: 80.5, Vr: -70.6}

// The eight firing patterns of Naud, Marcille, Clopath & Gerstner (2008),
// Firing patterns in the adaptive exponential integrate-and-fire model,
// Biol. Cybern. 99:335–347, doi:10.1007/s00422-008-0264-7, Table 1 (all
// with VT = −50 mV, ΔT = 2 mV). AdExPatterns pairs each with the step
// current of the table.
var (
	AdExTonic                  = AdExParams{C: 200, GL: 10, EL: -70, VT: -50, DeltaT: 2, A: 2, TauW: 30, B: 0, Vr: -58}
	AdExAdapting               = AdExParams{C: 200, GL: 12, EL: -70, VT: -50, DeltaT: 2, A: 2, TauW: 300, B: 60, Vr: -58}
	AdExInitialBurst           = AdExParams{C: 130, GL: 18, EL: -58, VT: -50, DeltaT: 2, A: 4, TauW: 150, B: 120, Vr: -50}
	AdExRegularBursting        = AdExParams{C: 200, GL: 10, EL: -58, VT: -50, DeltaT: 2, A: 2, TauW: 120, B: 100, Vr: -46}
	AdExDelayedAccelerating    = AdExParams{C: 200, GL: 12, EL: -70, VT: -50, DeltaT: 2, A: -10, TauW: 300, B: 0, Vr: -58}
	AdExDelayedRegularBursting = AdExParams{C: 100, GL: 10, EL: -65, VT: -50, DeltaT: 2, A: -10, TauW: 90, B: 30, Vr: -47}
	AdExTransient              = AdExParams{C: 100, GL: 10, EL: -65, VT: -50, DeltaT: 2, A: 10, TauW: 90, B: 100, Vr: -47}
	AdExIrregular              = AdExParams{C: 100, GL: 12, EL: -60, VT: -50, DeltaT: 2, A: -11, TauW: 130, B: 30, Vr: -48}
)

// HHSquidAxon is the squid giant axon of Hodgkin & Huxley (1952), A
// quantitative description of membrane current and its application to
// conduction and excitation in nerve, J. Physiol. 117:500–544,
// doi:10.1113/jphysiol.1952.sp004764, in the modern sign convention with
// rest at −65 mV (as in Dayan & Abbott 2001 and Gerstner et al. 2014):
// C = 1 µF/cm², gNa = 120, gK = 36, gL = 0.3 mS/cm², ENa = 50, EK = −77,
// EL = −54.387 mV (the leak reversal that makes −65 mV the resting
// potential).
var HHSquidAxon = HHParams{C: 1, GNa: 120, GK: 36, GL: 0.3, ENa: 50, EK: -77, EL: -54.387, V0: -65}

// LIFStandard is the current-based LIF neuron with NEST's iaf_psc_*
// defaults (NEST Simulator documentation, iaf_psc_alpha): C = 250 pF,
// τm = 10 ms, EL = VReset = −70 mV, VTh = −55 mV, TRef = 2 ms. Its
// rheobase is (VTh − EL)·C/τm = 375 pA.
var LIFStandard = LIFParams{C: 250, TauM: 10, EL: -70, VTh: -55, VReset: -70, TRef: 2}

// HHTraubMiles is the cortical Hodgkin–Huxley-type neuron of Brette et
// al. (2007), Simulation of networks of spiking neurons: a review of tools
// and strategies, J. Comput. Neurosci. 23:349–398,
// doi:10.1007/s10827-007-0038-6, benchmark 3 (COBAHH), with the Traub &
// Miles (1991) kinetics: C = 1 µF/cm², gNa = 100, gK = 30, gL = 0.05
// mS/cm², ENa = 50, EK = −90, EL = −60 mV, VT = −63 mV. The benchmark's
// 20 000 µm² membrane turns these into 200 pF, 20 µS, 6 µS and 10 nS, so
// its synaptic weights of 6 and 67 nS are 0.03 and 0.335 mS/cm² here.
var HHTraubMiles = HHParams{C: 1, GNa: 100, GK: 30, GL: 0.05, ENa: 50, EK: -90, EL: -60, V0: -60,
	Kinetics: HHTraub, VT: -63}
