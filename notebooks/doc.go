// Package notebooks holds pyn's tutorial notebooks and their tests.
//
// The notebooks are Jupyter files (nbformat 4) whose code cells are Go,
// run by the pyn kernel in Jupyter or headless by `pyn run notebooks`:
//
//	01-single-neuron         Charly the neuron: pyN's tutorial step by step
//	02-recurrent-network     recurrent excitation, over-saturation and its cures
//	03-thalamocortical-loop  two populations, delays, stimuli on both
//	04-stdp                  weights before/after, the measured learning window
//	05-izhikevich-gallery    the 20 behaviours of Izhikevich (2004), Fig. 1
//	06-adex                  AdEx firing patterns and the Brette–Gerstner cell
//	07-hodgkin-huxley        action potential, gates, f–I curve, rheobase
//	08-large-networks        Izhikevich (2003) network, 100 000 neurons, interrupts
//	10-your-own-model        QIF, an Izhikevich variant, a depressing synapse, as equations
//
// Each notebook ends with a cell that checks its own science and panics
// when a result is wrong, so the tests (headless runner and, when Jupyter
// is installed or CI is set, `jupyter nbconvert --execute` with the pyn
// kernel) fail on a notebook that runs but shows nonsense.
//
// The headless test also hashes every spike and every recorded trace of
// every simulation a notebook runs and compares them with
// testdata/<notebook>.golden, so that a change to pyn that alters a
// tutorial's numbers fails; a deliberate change rewrites the files with
//
//	go test ./notebooks -run TestNotebooksHeadless -update
//
// Notebooks are stored without outputs. After editing one in Jupyter,
// restore the stored form with
//
//	go test ./notebooks -run TestStored -strip
package notebooks
