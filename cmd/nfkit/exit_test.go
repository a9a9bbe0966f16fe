package main

import (
	"errors"
	"os"
	"os/exec"
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
		{[]string{"-X", "NOSUCH"}, 1, "NOSUCH does not exist"},
		{[]string{"-D", "INPUT", "-s", "192.0.2.1", "-j", "ACCEPT"}, 1, "no rule matches in chain INPUT"},
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
