// Package session turns chunks of Go source into results with the yaegi
// interpreter. It is shared by `pyn run`, the REPL, the notebook runner and
// the Jupyter kernel, and holds no Jupyter types.
package session
