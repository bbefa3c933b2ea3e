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
