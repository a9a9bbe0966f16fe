//go:build !linux

package nft

// Config configures a Conn.
type Config struct {
	NetNS int
}

// Conn is not available on this GOOS.
type Conn struct{}

// Open fails: nf_tables is Linux only.
func Open(cfg *Config) (*Conn, error) { return nil, ErrNotSupported }

// Close does nothing.
func (c *Conn) Close() error { return nil }

// ListTables fails: nf_tables is Linux only.
func (c *Conn) ListTables() ([]string, error) { return nil, ErrNotSupported }
