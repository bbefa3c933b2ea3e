// Package notebook reads, runs and writes Jupyter notebooks without
// Jupyter.
//
// Read and Write handle nbformat 4 files: multi-line strings as lists of
// lines, cell ids (nbformat 4.5), the four output types. Run executes a
// notebook headless: its code cells run in order through one interpreter
// session (package session), and the executed notebook is written with
// what each cell printed (stream outputs), displayed (display_data, images
// as base64 PNG next to a text/plain form) and evaluated to
// (execute_result), or the error it raised (error outputs with name,
// value and traceback). Every figure is also written as a file,
// <notebook>/figNN.png, so that a run leaves pictures one can look at
// without opening Jupyter.
//
// The executed notebook is marked as one of the pyn kernel (kernelspec
// "pyn", language Go), so Jupyter reopens it with that kernel.
package notebook
