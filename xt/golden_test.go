package xt_test

import (
	"encoding/hex"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The fixtures in testdata/golden were captured from the real
// iptables-legacy 1.8.9 with internal/tools/xtcapture; the command sits
// above each block. Every block is checked three ways:
//   - the kernel payload decodes into a typed value (not Unknown);
//   - building the extension from the rule's own options gives the same
//     bytes iptables sent;
//   - the value's save text is what iptables-legacy-save printed.
// A block with "error:" must fail to build.

func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(filepath.Base(c.file)+":"+strconv.Itoa(c.line), func(t *testing.T) {
			r, err := parseRule("filter", "", c.args)
			if err != nil {
				t.Fatalf("fixture %v: %v", c.args, err)
			}
			if c.sets != nil {
				r.ctx.IPSets = c.sets
			}
			exts, buildErr := r.build()
			if errors.Is(buildErr, errNotImplemented) {
				t.Fatalf("%s\n%v", c.cmd, buildErr)
			}
			if c.err != "" {
				if buildErr == nil {
					t.Fatalf("%s\niptables refused it (%s) but it built", c.cmd, c.err)
				}
				return
			}
			if buildErr != nil {
				t.Fatalf("%s\nbuild: %v", c.cmd, buildErr)
			}
			built := map[string]xt.Extension{}
			for i, e := range exts {
				if e != nil {
					built[r.segs[i].kind.String()+" "+e.Name()] = e
				}
			}
			for _, g := range c.exts {
				if g.name == "standard" {
					continue
				}
				v := decode(g.kind, g.name, g.rev, g.data)
				if err := xt.ResolveIPSetNames(v, c.sets); err != nil {
					t.Fatalf("%s\n%v", c.cmd, err)
				}
				switch v.(type) {
				case *xt.UnknownMatch, *xt.UnknownTarget:
					t.Fatalf("%s\n%s %s rev %d decodes as unknown", c.cmd, g.kind, g.name, g.rev)
				}
				want := " -m "
				if g.kind == xt.KindTarget {
					want = " -j "
				}
				want += xt.SaveName(v) + string(v.AppendSave(nil))
				if !strings.Contains(c.save+" ", want+" ") {
					t.Errorf("%s\nsave: %s\n got: %s", c.cmd, c.save, want)
				}
				b, ok := built[g.kind.String()+" "+g.name]
				if !ok {
					t.Fatalf("%s\nbuilt no %s %s", c.cmd, g.kind, g.name)
				}
				if b.Revision() != g.rev {
					t.Errorf("%s\nbuilt revision %d, iptables chose %d", c.cmd, b.Revision(), g.rev)
				}
				enc, err := b.AppendBinary(nil)
				if err != nil {
					t.Fatalf("%s\nencode: %v", c.cmd, err)
				}
				if got, want := hex.EncodeToString(padTo(enc, len(g.data))), hex.EncodeToString(g.data); got != want {
					t.Errorf("%s\nencoding differs\n got: %s\nwant: %s", c.cmd, got, want)
				}
			}
		})
	}
}
