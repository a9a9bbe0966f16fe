package rules

import "github.com/nfkit/nfkit/xt"

// ResolveIPSetNames fills in the names of the ipsets that the rules of cs
// refer to (-m set, -j SET): the kernel keeps only set indexes, so a
// backend calls it on the chains it decoded, with the kernel's sets.
func ResolveIPSetNames(sets xt.IPSets, cs ...*Chain) error {
	for _, c := range cs {
		for _, r := range c.Rules {
			for _, m := range r.Matches {
				if err := xt.ResolveIPSetNames(m, sets); err != nil {
					return err
				}
			}
			if r.Target != nil {
				if err := xt.ResolveIPSetNames(r.Target, sets); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
