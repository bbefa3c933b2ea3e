package session

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

func TestSmoke(t *testing.T) {
	var out, errb bytes.Buffer
	s, err := New(Options{Stdout: &out, Stderr: &errb})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{
		"x := 5\nfmt.Println(\"x is\", x)\nx*2",
		"import \"fmt\"\nfunc sq(a int) int { return a*a }\ntype P struct{A int}\nsq(x)",
		"func two() (int, error) { return 3, fmt.Errorf(\"boom\") }\ntwo()",
		"func two2() (int, error) { return 3, nil }\ntwo2()",
		"fmt.Println(\"a\")\n  y := undefinedThing()",
		"panic(\"oops\")",
		"func f() { var a []int; _ = a[3] }\nf()",
		"type H struct{ s string }\nfunc (h H) HTML() string { return \"<b>\"+h.s+\"</b>\" }\nH{\"hi\"}",
		"display.HTML(\"<i>x</i>\")",
		"pyn.Uniform(1, 2)",
		"for i := 0; i < 2; i++ { fmt.Print(i) }\nfmt.Println()",
		"package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"in main\") }",
		"fmt.Println(\"after\")",
		"import \"os\"\nfmt.Fprintln(os.Stdout, \"direct\")",
		"x := 1\n var z = 3",
		"z",
	} {
		out.Reset()
		errb.Reset()
		o, err := s.Exec(context.Background(), c)
		v := "<nil>"
		if o != nil && o.Value != nil {
			v = fmt.Sprint(o.Value.Data)
		}
		var tb []string
		if e, ok := err.(*Error); ok {
			tb = e.Traceback
		}
		t.Logf("CELL %q\n out=%q err=%q\n value=%s\n error=%v %q", c, out.String(), errb.String(), v, err, tb)
	}
}
