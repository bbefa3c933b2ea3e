package pyn

import (
	"fmt"
	"testing"
)

// TestEnumStrings checks every exported enum's String: each constant
// prints as its Go name, and a value outside the enum as Type(n).
func TestEnumStrings(t *testing.T) {
	for _, test := range []struct {
		v    fmt.Stringer
		want string
	}{
		{FixedProb, "FixedProb"},
		{AllToAll, "AllToAll"},
		{OneToOne, "OneToOne"},
		{FixedInDegree, "FixedInDegree"},
		{FromArrays, "FromArrays"},
		{Rule(5), "Rule(5)"},
		{Rule(-1), "Rule(-1)"},
		{Alpha, "Alpha"},
		{Exponential, "Exponential"},
		{Delta, "Delta"},
		{CondExp, "CondExp"},
		{SynapseKind(4), "SynapseKind(4)"},
		{IzhStandard, "IzhStandard"},
		{IzhClass1, "IzhClass1"},
		{IzhAccommodation, "IzhAccommodation"},
		{IzhVariant(3), "IzhVariant(3)"},
		{HHRK4, "HHRK4"},
		{HHExponentialEuler, "HHExponentialEuler"},
		{HHIntegrator(2), "HHIntegrator(2)"},
		{HHSquid, "HHSquid"},
		{HHTraub, "HHTraub"},
		{HHKinetics(2), "HHKinetics(2)"},
		{LIFExact, "LIFExact"},
		{LIFEuler, "LIFEuler"},
		{LIFIntegrator(2), "LIFIntegrator(2)"},
		{LawUniform, "LawUniform"},
		{LawNormal, "LawNormal"},
		{LawConst, "LawConst"},
		{DistLaw(3), "DistLaw(3)"},
	} {
		if got := test.v.String(); got != test.want {
			t.Errorf("%T(%d).String() = %q, want %q", test.v, test.v, got, test.want)
		}
		// fmt uses String too (a notebook's Println of a Conn).
		if got := fmt.Sprint(test.v); got != test.want {
			t.Errorf("fmt.Sprint(%T) = %q, want %q", test.v, got, test.want)
		}
	}
}
