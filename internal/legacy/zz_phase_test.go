package legacy

import (
	"golang.org/x/sys/unix"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"fmt"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/rules"
	"math/rand/v2"
)

func TestZZPhases(t *testing.T) {
	ns := netnstest.New(t)
	in := genRestoreText()
	c := exec.Command("iptables-legacy-restore")
	c.Stdin = strings.NewReader(in)
	if err := ns.Run(c); err != nil {
		t.Fatal(err)
	}
	ns.Do(func() error {
		conn, _ := Open()
		{
			raw, _ := conn.ReadRaw("filter")
			f, _ := os.Create("/tmp/decode.prof")
			pprof.StartCPUProfile(f)
			t0 := time.Now()
			for k := 0; k < 10; k++ {
				if _, err := Decode(&raw.Info, raw.Blob); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("decode x10: %v", time.Since(t0))
			t0 = time.Now()
			im, _ := Decode(&raw.Info, raw.Blob)
			for k := 0; k < 10; k++ {
				Compile(im.Table, nil)
			}
			t.Logf("compile x10: %v", time.Since(t0))
			pprof.StopCPUProfile()
			f.Close()
		}
		for i := 0; i < 3; i++ {
			info, _ := conn.Info("filter")
			for _, mode := range []string{"make", "populate", "huge"} {
				t0 := time.Now()
				var buf []byte
				switch mode {
				case "make":
					buf = make([]byte, getEntriesHeader+int(info.Size))
				default:
					flags := unix.MAP_PRIVATE | unix.MAP_ANONYMOUS
					if mode == "populate" {
						flags |= unix.MAP_POPULATE
					}
					buf, _ = unix.Mmap(-1, 0, getEntriesHeader+int(info.Size), unix.PROT_READ|unix.PROT_WRITE, flags)
					if mode == "huge" {
						unix.Madvise(buf, unix.MADV_HUGEPAGE)
					}
				}
				t1 := time.Now()
				copy(buf, info.Name)
				ne.PutUint32(buf[tableNameLen:], info.Size)
				_, err := conn.s.Get(soGetEntries, buf)
				t.Logf("%s: alloc %v get %v err %v", mode, t1.Sub(t0), time.Since(t1), err)
				if mode != "make" {
					unix.Munmap(buf)
				}
			}
		}
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			raw, err := conn.ReadRaw("filter")
			if err != nil {
				t.Fatal(err)
			}
			t1 := time.Now()
			lay, err := Scan(&raw.Info, raw.Blob)
			if err != nil {
				t.Fatal(err)
			}
			t2 := time.Now()
			tab := lay.Table()
			r, err := CompileFrom(tab, nil, lay, func(ci int) int { return ci })
			if err != nil {
				t.Fatal(err)
			}
			t3 := time.Now()
			if err := conn.Commit(r, &raw.Info); err != nil {
				t.Fatal(err)
			}
			t4 := time.Now()
			t.Logf("lazy: read %v scan %v compile %v commit %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3))
		}
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			raw, err := conn.ReadRaw("filter")
			if err != nil {
				t.Fatal(err)
			}
			t1 := time.Now()
			im, err := Decode(&raw.Info, raw.Blob)
			if err != nil {
				t.Fatal(err)
			}
			t2 := time.Now()
			r, err := Compile(im.Table, func(ci, ri int) (int, rules.Counters, bool) { return im.EntryIndex(ci, ri), rules.Counters{}, true })
			if err != nil {
				t.Fatal(err)
			}
			t3 := time.Now()
			if err := conn.Commit(r, &raw.Info); err != nil {
				t.Fatal(err)
			}
			t4 := time.Now()
			t.Logf("read %v decode %v compile %v commit %v (size %d)", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), len(raw.Blob))
		}
		return nil
	})
}
func genRestoreText() string {
	n := 100000
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n")
	const chains = 50
	for i := 0; i < chains; i++ {
		fmt.Fprintf(&b, ":SVC-%02d - [0:0]\n", i)
	}
	ip := func() string { return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254)) }
	net := func() string { return fmt.Sprintf("172.%d.%d.0/24", 16+r.IntN(16), r.IntN(256)) }
	port := func() int { return 1 + r.IntN(65000) }
	builtins := []string{"INPUT", "FORWARD", "OUTPUT"}
	for i := 0; i < chains; i++ {
		fmt.Fprintf(&b, "-A INPUT -d %s -p tcp -m comment --comment \"to SVC-%02d\" -j SVC-%02d\n", net(), i, i)
	}
	for i := chains; i < n; i++ {
		chain := builtins[r.IntN(3)]
		if r.IntN(10) < 7 {
			chain = fmt.Sprintf("SVC-%02d", r.IntN(chains))
		}
		var spec string
		switch i % 6 {
		case 0:
			spec = fmt.Sprintf("-s %s/32 -p tcp -m tcp --dport %d -j ACCEPT", ip(), port())
		case 1:
			spec = fmt.Sprintf("-s %s -d %s/32 -p udp -m udp --dport %d -j DROP", net(), ip(), port())
		case 2:
			spec = fmt.Sprintf("-p tcp -m conntrack --ctstate NEW -m tcp --dport %d -j ACCEPT", port())
		case 3:
			spec = fmt.Sprintf("-p tcp -m multiport --dports %d,%d,%d -m comment --comment \"rule %d\" -j ACCEPT", port(), port(), port(), i)
		case 4:
			spec = fmt.Sprintf("-s %s -m comment --comment \"blocklist %d\" -j DROP", net(), i)
		case 5:
			spec = fmt.Sprintf("-s %s -j RETURN", net())
		}
		fmt.Fprintf(&b, "-A %s %s\n", chain, spec)
	}
	b.WriteString("COMMIT\n")
	return b.String()
}
