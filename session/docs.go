package session

//go:generate go run ./internal/gendoc -o docs_gen.go github.com/pyn-go/pyn/pyn=../pyn github.com/pyn-go/pyn/display=../display github.com/pyn-go/pyn/sonata=../sonata
