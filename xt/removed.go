package xt

import "fmt"

// removedModules are extensions the kernel has dropped, with what replaces
// them.
var removedModules = map[string]string{
	"ipv4options": "the u32 match (-m u32) or nft's \"ip option\" expressions",
	"unclean":     "-m conntrack --ctstate INVALID",
	"mport":       "-m multiport, which takes the same port lists and ranges",
	"iplimit":     "-m connlimit (--connlimit-above N --connlimit-mask BITS)",
	"MIRROR":      "-j REJECT, or -j TEE to copy packets",
	"FTOS":        "-j TOS --set-tos VALUE/MASK",
	"ULOG":        "-j NFLOG (--nflog-group N --nflog-prefix TEXT)",
}

// Removed returns an error naming the modern replacement when name is an
// extension the kernel has removed, and nil otherwise.
func Removed(name string) error {
	if r, ok := removedModules[name]; ok {
		return fmt.Errorf("%s has been removed from the Linux kernel; use %s instead: %w", name, r, ErrRemoved)
	}
	return nil
}
