package legacy

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
)

// TestKernelCommitGolden commits the decoded and recompiled golden tables
// into a fresh namespace: the real iptables-legacy-save -c must print what
// it printed after the real iptables-legacy-restore -c, and reading the
// tables back must give libiptc's bytes again.
func TestKernelCommitGolden(t *testing.T) {
	for _, path := range goldenFiles(t) {
		t.Run(path, func(t *testing.T) { commitGolden(t, path) })
	}
}

func commitGolden(t *testing.T, path string) {
	ns := netnstest.New(t)
	netnstest.NeedCommand(t, "iptables-legacy-save")
	blobs, save := readGolden(t, path)
	err := ns.Do(func() error {
		c, err := Open()
		if err != nil {
			return err
		}
		defer c.Close()
		for _, g := range blobs {
			im, err := Decode(infoOf(g.buf), g.buf[replaceSize:])
			if err != nil {
				t.Fatal(err)
			}
			r, err := Compile(im.Table, nil)
			if err != nil {
				t.Fatal(err)
			}
			info, err := c.Info(g.table)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Commit(r, info); err != nil {
				t.Fatalf("commit %s: %v", g.table, err)
			}
			back, _, err := c.Read(g.table)
			if err != nil {
				t.Fatal(err)
			}
			r2, err := Compile(back.Table, nil)
			if err != nil {
				t.Fatal(err)
			}
			copy(r2.Buf[rNumCounters:rNumCounters+4], g.buf[rNumCounters:])
			if !bytes.Equal(r2.Buf, g.buf) {
				t.Errorf("%s read back differs:\n%s", g.table, firstDiff(g.buf, r2.Buf))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := ns.Output("iptables-legacy-save", "-c")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.HasPrefix(l, "#") {
			got = append(got, l)
		}
	}
	if strings.Join(got, "\n") != strings.Join(save, "\n") {
		t.Errorf("iptables-legacy-save -c after our commit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(save, "\n"))
	}
}
