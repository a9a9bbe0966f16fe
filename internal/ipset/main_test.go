package ipset

import (
	"testing"

	"github.com/nfkit/nfkit/internal/leaktest"
)

// TestMain fails the run when the tests leak goroutines or file
// descriptors.
func TestMain(m *testing.M) { leaktest.Main(m) }
