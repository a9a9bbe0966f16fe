package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// nfkitBin is the nfkit binary built once for the tests that run it as a
// command, as users and iptables-test.py do.
var nfkitBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nfkit-test-")
	if err != nil {
		panic(err)
	}
	nfkitBin = filepath.Join(dir, "nfkit")
	// A private xtables lock: the lock file is shared by every network
	// namespace of the machine, so the host's lock is neither taken from
	// the tests nor waited for. Both nfkit and the real iptables honour it.
	os.Setenv("XTABLES_LOCKFILE", filepath.Join(dir, "xtables.lock"))
	// Pure Go: without cgo the binary is static (package net would
	// otherwise link libc for its resolver), as it is shipped.
	build := exec.Command("go", "build", "-o", nfkitBin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building nfkit: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
