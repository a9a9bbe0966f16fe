package main

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
	"golang.org/x/sys/unix"
)

// Exit codes follow iptables: 1 for errors, 2 for parameter problems, 4
// when the xtables lock is busy. Messages name the module's replacement
// for modules the kernel removed.
func TestExitCodes(t *testing.T) {
	ns := netnstest.New(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-A", "INPUT", "-p", "tcp", "-m", "mport", "--ports", "1,2"}, 2, "-m multiport"},
		{[]string{"-A", "INPUT", "-m", "iplimit", "--iplimit-above", "2"}, 2, "-m connlimit"},
		{[]string{"-A", "INPUT", "-j", "ULOG"}, 2, "-j NFLOG"},
		{[]string{"-t", "mangle", "-A", "INPUT", "-j", "FTOS", "--set-ftos", "16"}, 2, "-j TOS --set-tos"},
		{[]string{"-A", "INPUT", "-j", "MIRROR"}, 2, "removed"},
		{[]string{"-A", "INPUT", "-m", "unclean"}, 2, "--ctstate INVALID"},
		{[]string{"-A", "INPUT", "-m", "ipv4options"}, 2, "u32"},
		{[]string{"-A", "INPUT", "-p", "tcp", "--dport", "99999"}, 2, "--dport"},
		// libiptc's wording, which scripts match.
		{[]string{"-X", "NOSUCH"}, 1, "iptables: No chain/target/match by that name.\n"},
		{[]string{"-D", "INPUT", "-s", "192.0.2.1", "-j", "ACCEPT"}, 1, "iptables: Bad rule (does a matching rule exist in that chain?).\n"},
		{[]string{"-A", "INPUT", "-j", "NOSUCH"}, 2, "iptables v1.8.11 (legacy): Couldn't load target `NOSUCH':No such file or directory\n\nTry `iptables -h'"},
		{[]string{"-t", "nosuch", "-L"}, 3, "can't initialize iptables table `nosuch'"},
		{[]string{"-P", "INPUT", "FOO"}, 1, "iptables: Bad policy name. Run `dmesg' for more information.\n"},
		// What the kernel's checks refuse exits 1, as the kernel's EINVAL
		// does in iptables, with the reason the kernel would log.
		{[]string{"-t", "nat", "-A", "INPUT", "-j", "MASQUERADE"}, 1, "target MASQUERADE cannot be used in chain INPUT"},
		{[]string{"-A", "INPUT", "-m", "tcp", "--dport", "1"}, 1, "match tcp needs -p tcp"},
	} {
		out, err := runIn(t, ns, nil, nfkitBin, append([]string{"iptables-legacy"}, tc.args...)...)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
			t.Errorf("%v: %v, want exit %d", tc.args, err, tc.code)
			continue
		}
		if !strings.Contains(string(out), tc.msg) {
			t.Errorf("%v: message %q does not say %q", tc.args, out, tc.msg)
		}
	}
}

func TestExitCodeLockBusy(t *testing.T) {
	ns := netnstest.New(t)
	f, err := os.OpenFile(os.Getenv("XTABLES_LOCKFILE"), os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	defer unix.Flock(int(f.Fd()), unix.LOCK_UN)
	for _, args := range [][]string{
		{"iptables-legacy", "-A", "INPUT", "-j", "ACCEPT"},
		{"iptables-legacy", "-w", "1", "-W", "100000", "-A", "INPUT", "-j", "ACCEPT"},
	} {
		out, err := runIn(t, ns, nil, nfkitBin, args...)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 4 {
			t.Errorf("%v with the lock held: %v (%s), want exit 4", args, err, out)
		}
	}
}

// The ip6tables names say that IPv6 is not supported, and exit 1.
func TestNoIPv6(t *testing.T) {
	link := t.TempDir() + "/ip6tables-save"
	if err := os.Symlink(nfkitBin, link); err != nil {
		t.Fatal(err)
	}
	for _, argv := range [][]string{{nfkitBin, "ip6tables", "-L"}, {link}} {
		out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "IPv6 (ip6tables) is not supported") {
			t.Errorf("%v: %v %s", argv, err, out)
		}
	}
}

// --version prints what the real tool prints (but for the release nfkit
// follows): scripts read the backend from the "(legacy)" or "(nf_tables)"
// in it, and the real tools name themselves without -legacy.
func TestVersionLinesLikeReal(t *testing.T) {
	for _, name := range []string{
		"iptables-legacy", "iptables-nft", "iptables-legacy-save", "iptables-nft-save",
		"iptables-legacy-restore", "iptables-nft-restore",
	} {
		real, err := exec.Command(name, "--version").Output()
		if err != nil {
			t.Fatalf("%s --version: %v", name, err)
		}
		want := versionRE.ReplaceAllString(string(real), iptVersion)
		got, err := exec.Command(nfkitBin, name, "--version").Output()
		if err != nil || string(got) != want {
			t.Errorf("%s --version = %q, %v; want %q", name, got, err, want)
		}
	}
}

var versionRE = regexp.MustCompile(`v1\.[0-9]+\.[0-9]+`)

// nfkit's own version is a native command.
func TestNfkitVersion(t *testing.T) {
	out, err := exec.Command(nfkitBin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "nfkit ") || !strings.Contains(string(out), iptVersion) {
		t.Errorf("nfkit version = %q, %v", out, err)
	}
}
