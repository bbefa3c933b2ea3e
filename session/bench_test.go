package session

import (
	"context"
	"testing"
)

// BenchmarkNew measures starting a session (symbol tables and prelude).
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecStatement measures a quick cell without a value: the
// per-cell overhead (splitting, capture set-up, evaluation).
func BenchmarkExecStatement(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := s.Exec(ctx, "x := 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecValue measures a quick cell with a trailing value (the
// rendering probes the value's display methods).
func BenchmarkExecValue(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := s.Exec(ctx, "x := 1\nx + 1"); err != nil {
			b.Fatal(err)
		}
	}
}
