// Package sonata exports pyn networks to SONATA, the circuit format of the
// Allen Institute and the Blue Brain Project, and imports them back, so
// that a network built in pyn runs unchanged on an engine that scales to
// clusters: PyNN reads SONATA and runs it on NEURON (under MPI), NEST or
// Brian. docs/scale.md says when to do so, what the format keeps and
// loses, and the commands.
//
// # Layout of an export
//
//	circuit_config.json       the circuit: manifest ($BASE_DIR is "."), node and edge files
//	simulation_config.json    run (tstop, dt, seed), inputs, reports, output; "pyn": the run as pyn gave it
//	node_sets.json            one node set per population, one per stimulus on some neurons
//	network/nodes.h5          /nodes/<population>/{node_id, node_type_id, node_group_id, node_group_index}
//	                          /nodes/<population>/0/dynamics_params/<PyNN parameter>  (per neuron, when not uniform)
//	                          /nodes/<population>/0/pyn/<pyn parameter>               (pyn's own values, exact)
//	network/node_types.csv    one row per population: model_type, model_template "pyNN:<cell type>", uniform parameters
//	network/edges.h5          /edges/<pre>-><post>/{source_node_id, target_node_id, edge_type_id, edge_group_id, edge_group_index}
//	                          /edges/<pre>-><post>/<g>/{syn_weight, delay, dynamics_params/delay}, g = 0 excitatory, 1 inhibitory
//	network/edge_types.csv    model_template "pyNN:StaticSynapse" or "pyNN:STDPMechanism", receptor_type, plasticity
//	inputs/<k>_<pop>_spikes.h5 spike times of a SpikeSource: /spikes/{gids, timestamps} and /spikes/<pop>/{node_ids, timestamps}
//	output/                   where the engine writes spikes.h5 and the reports
//	run_pynn.py               runs the circuit with PyNN's SONATA reader: [mpirun -np N] python3 run_pynn.py neuron|nest
//
// Node ids are 0…N−1 within each population (SONATA's ids are per
// population); every connection is one edge population whose edges keep
// pyn's synapse order. Run an engine from the export's folder: paths are
// relative to it.
//
// # Models and units
//
// Each population maps to the PyNN standard cell type that has its
// equations; parameters are converted to PyNN's units (ms, mV, nF, µS,
// nA):
//
//	pyn model                synapses onto it   PyNN cell type             conversions
//	LIF                      Exponential        IF_curr_exp                C pF → cm nF (÷1000); weights pA → nA (÷1000)
//	LIF                      Alpha              IF_curr_alpha              as above (both peak at w at t = τ)
//	LIF                      CondExp            IF_cond_exp                weights nS → µS (÷1000)
//	Izhikevich (standard)    Delta              Izhikevich                 weights mV (a jump of v); I → nA ÷1000 (PyNN's cell has 1 pF)
//	AdEx                     CondExp            EIF_cond_exp_isfa_ista     tau_m = C/gL; b pA → nA; w0 pA → nA
//	HodgkinHuxley (Traub)    CondExp            HH_cond_exp                densities × 20 000 µm² (the benchmark's area): µF/cm² → nF, mS/cm² → µS, µA/cm² → nA (×0.2)
//	Poisson                                     SpikeSourcePoisson         rate Hz, start 0, duration T
//	SpikeSource                                 SpikeSourceArray (virtual) spike times in an input file
//
// A population with no incoming synapse is a current LIF (IF_curr_exp).
// Synaptic time constants and reversal potentials become the cell's
// tau_syn_E/I and e_rev_E/I: a PyNN cell has one of each per receptor, so
// the connections onto a population may use one (τ, E) per receptor
// (conductance synapses: the higher E is excitatory).
//
// Signs: PyNN wants inhibitory current weights negative and conductances
// positive. A current synapse of weight w < 0 goes to the inhibitory
// receptor with its sign kept (group 1 of its edge population); a
// conductance synapse goes to the receptor of its (τ, E). Delays are in
// ms, as pyn rounds them to whole steps of Sim.Dt (at least one step).
//
// STDP (pair-based, additive, all-to-all pairing) is written as PyNN's
// STDPMechanism with SpikePairRule(tau_plus, tau_minus, A_plus, A_minus)
// and AdditiveWeightDependence(w_min, w_max), where PyNN's A± are
// dimensionless (Δw = w_max·A±) and A− is a magnitude: A_plus = APlus/WMax,
// A_minus = −AMinus/WMax. Sim.NoSTDP exports static synapses. PyNN 0.10.1's
// SONATA reader cannot build an STDPMechanism (docs/scale.md), so
// plastic circuits need another reader.
//
// Stimuli become SONATA current clamps (amp nA, delay = Start, duration =
// Stop − Start, Stop 0 meaning T); initial values (v0, u0, V0, W0) are
// written as v_init, u_init, w_init per node, which run_pynn.py applies
// (PyNN's reader keeps them as annotations only).
//
// # Refused
//
// Export refuses, with an error wrapping ErrUnsupported and naming the
// part, everything with no SONATA or PyNN equivalent, and writes nothing:
// Izhikevich neurons with alpha, exponential or conductance synapses (the
// pyN default), the Izhikevich 2004 variants and a spike cut-off other than
// 30 mV, LIF with delta synapses, squid-axon Hodgkin–Huxley, AdEx or HH
// with current synapses, two synapse shapes or two time constants on one
// receptor of a population, negative conductances, initial conductances
// (Conn.G0), STDP on negative weights, noise and waveform stimuli
// (Stim.Std, Stim.Series), Sim.Probes, and recordings other than v, u
// (Izhikevich) and w (AdEx), equation models (pyn.NewModel) and equation
// synapse models (Conn.Model): user-written equations have no standard
// SONATA/PyNN cell or synapse type. Run-time options with no model content
// (SaveData, Stream, KeepWeights, Context, Progress) are not exported.
//
// # Import
//
// Import reads an export back exactly (pyn's own values are stored beside
// PyNN's), and reads circuits written by PyNN's export_to_sonata through
// the table above; virtual nodes with a rate are Poisson sources (PyNN
// writes every spike source as a virtual node).
//
// # HDF5
//
// HDF5 goes through the HDF5 C library itself (Debian: libhdf5-dev, found
// with pkg-config), called from a small cgo layer of this package
// (h5.go). gonum.org/v1/hdf5 was evaluated and not taken: its last
// version dates from 2021, its Dataset.Read reads with the file's type as
// the memory type (no conversion, and no check of the buffer's length), so
// the i2 and i4 ids that h5py and PyNN write would be read into int64
// slices as garbage or past their end; no pure-Go HDF5 library available
// here writes files that h5py reads. Package pyn stays free of cgo: only
// this package needs it, and a build with CGO_ENABLED=0 or the nohdf5 tag
// compiles a version whose Export and Import check everything and then
// return an error saying HDF5 is missing.
package sonata
