package ipset

import (
	"errors"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/xt"
)

// The kernel numbers sets in creation order; names and indexes resolve
// both ways, an unknown set is ErrIPSetNotExist, and a set of the other
// family is refused as libxt_set refuses it.
func TestResolve(t *testing.T) {
	netnstest.NeedCommand(t, "ipset")
	ns := netnstest.New(t)
	for _, args := range [][]string{
		{"create", "foo", "hash:ip"},
		{"create", "six", "hash:ip", "family", "inet6"},
		{"create", "bar", "list:set"},
	} {
		if out, err := ns.Output("ipset", args...); err != nil {
			t.Fatalf("ipset %v: %v %s", args, err, out)
		}
	}
	err := ns.Do(func() error {
		c, err := Open(xt.FamilyIPv4)
		if err != nil {
			return err
		}
		defer c.Close()
		for name, want := range map[string]xt.IPSetIndex{"foo": 0, "bar": 2} {
			i, err := c.Index(name)
			if err != nil || i != want {
				t.Errorf("Index(%s) = %d, %v; want %d", name, i, err, want)
			}
			if n, err := c.Name(want); err != nil || n != name {
				t.Errorf("Name(%d) = %q, %v; want %s", want, n, err, name)
			}
		}
		if _, err := c.Index("nosuch"); !errors.Is(err, xt.ErrIPSetNotExist) {
			t.Errorf("Index(nosuch): %v, want ErrIPSetNotExist", err)
		}
		if _, err := c.Name(7); !errors.Is(err, xt.ErrIPSetNotExist) {
			t.Errorf("Name(7): %v, want ErrIPSetNotExist", err)
		}
		if _, err := c.Index("six"); err == nil || !strings.Contains(err.Error(), "The protocol family of set six is IPv6") {
			t.Errorf("Index(six): %v, want the family error", err)
		}
		var l Lazy
		defer l.Close()
		if i, err := l.Index("bar"); err != nil || i != 2 {
			t.Errorf("Lazy.Index(bar) = %d, %v", i, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
