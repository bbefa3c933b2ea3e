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

func TestOnResult(t *testing.T) {
	Result("no hook", 0) // no hook: nothing happens
	var got []any
	restore := OnResult(func(n, r any) { got = append(got, n, r) })
	Result("net", 1)
	inner := OnResult(nil)
	Result("unseen", 2)
	inner()
	Result("net", 3)
	restore()
	Result("after", 4)
	if len(got) != 4 || got[0] != "net" || got[1] != 1 || got[3] != 3 {
		t.Fatalf("hook saw %v, want [net 1 net 3]", got)
	}
}
