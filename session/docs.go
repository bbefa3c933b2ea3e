package session

// The generator of docs_gen.go, the doc table behind Inspect.

//go:generate go run ./internal/gendoc -o docs_gen.go github.com/pyn-go/pyn/pyn=../pyn github.com/pyn-go/pyn/display=../display github.com/pyn-go/pyn/sonata=../sonata
