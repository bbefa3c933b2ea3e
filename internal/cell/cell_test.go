package cell

import (
	"context"
	"testing"
)

func TestSetGet(t *testing.T) {
	if e := Get(); e.Context != nil || e.Progress != nil || e.Publish != nil {
		t.Fatalf("initial Env = %+v, want zero", e)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []Output
	Set(Env{Context: ctx, Publish: func(o Output) { got = append(got, o) }})
	e := Get()
	if e.Context != ctx {
		t.Fatal("Get did not return the context set")
	}
	e.Publish(Output{Update: true})
	if len(got) != 1 || !got[0].Update {
		t.Fatalf("published %+v", got)
	}
	Set(Env{})
	if e := Get(); e.Context != nil || e.Publish != nil {
		t.Fatalf("after Set(Env{}): %+v", e)
	}
}
