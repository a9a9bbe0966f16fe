package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestAuditConformance(t *testing.T) {
	runConformance(t, 5, "libxt_AUDIT.t")
}

func TestAuditBuild(t *testing.T) {
	ctx := ruleCtx("filter", "INPUT", 0)
	checkBuilds(t, xt.KindTarget, "AUDIT", ctx, []buildCase{
		{[]string{"--type", "ACCEPT"}, &xt.Audit{Type: xt.AuditAccept}, " --type accept"},
		{[]string{"--ty", "Drop"}, &xt.Audit{Type: xt.AuditDrop}, " --type drop"},
		{[]string{"--type=reject"}, &xt.Audit{Type: xt.AuditReject}, " --type reject"},
	})
	checkTargetInvalid(t, "AUDIT", ctx, nil, []string{"--type", ""}, []string{"--type", "rej"},
		[]string{"--type", "drop", "--type", "drop"}, []string{"!", "--type", "drop"})
	// Types the kernel refuses decode, and print as iptables does.
	v := decode(xt.KindTarget, "AUDIT", 0, []byte{3, 0, 0, 0, 0, 0, 0, 0})
	a, ok := v.(*xt.Audit)
	if !ok || a.Type != 3 || string(a.AppendSave(nil)) != "" {
		t.Fatalf("decoded %#v", v)
	}
	spec, _ := xt.SpecOf(xt.FamilyIPv4, a)
	if err := spec.CheckKernel(ctx, a); err == nil {
		t.Error("type 3 passes the kernel checks")
	}
	if s := a.Type.String(); s != "type(3)" {
		t.Errorf("String() = %q", s)
	}
}

func TestAuditPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Audit{}, numeric: " AUDIT accept"},
		{ext: &xt.Audit{Type: xt.AuditDrop}, numeric: " AUDIT drop"},
		{ext: &xt.Audit{Type: xt.AuditReject}, numeric: " AUDIT reject"},
		{ext: &xt.Audit{Type: 7}, numeric: " AUDIT "},
	})
}

func FuzzDecodeAudit(f *testing.F) {
	addSeeds(f, 0, []byte{1, 0, 0, 0, 0, 0, 0, 0}, []byte{200})
	fuzzDecode(f, xt.KindTarget, "AUDIT", 0)
}
