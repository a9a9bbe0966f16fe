package xt

import "errors"

// Sentinel errors; test with errors.Is.
var (
	// ErrInvalid reports a bad option, value or combination.
	ErrInvalid = errors.New("invalid extension argument")
	// ErrUnknownExtension reports a match or target that nfkit does not model.
	ErrUnknownExtension = errors.New("unknown extension")
	// ErrRemoved reports a module the kernel no longer has.
	ErrRemoved = errors.New("extension removed from the kernel")
	// ErrTruncated reports a kernel payload shorter than its struct.
	ErrTruncated = errors.New("extension payload truncated")
)
