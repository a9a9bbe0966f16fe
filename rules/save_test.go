package rules_test

import (
	"bytes"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// WriteSave writes exactly what AppendSave appends.
func TestWriteSaveMatchesAppendSave(t *testing.T) {
	tabs, err := rules.ParseRestore(bytes.NewReader(genRuleset(10000)), &rules.RestoreOptions{Counters: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, counters := range []bool{false, true} {
		var w bytes.Buffer
		if err := tabs[0].Table.WriteSave(&w, counters); err != nil {
			t.Fatal(err)
		}
		if want := tabs[0].Table.AppendSave(nil, counters); !bytes.Equal(w.Bytes(), want) {
			t.Fatalf("counters=%v: WriteSave differs from AppendSave", counters)
		}
	}
}
