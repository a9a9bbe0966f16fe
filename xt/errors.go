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
	// ErrKernelCheck reports a value the kernel's checks would refuse (a
	// match without its -p, a target in a chain it cannot serve, a range
	// only the kernel bounds). nfkit refuses it before the kernel sees it;
	// iptables leaves it to the kernel, which answers EINVAL. Such errors
	// are also ErrInvalid.
	ErrKernelCheck = errors.New("refused by the kernel's checks")
)

// kernelCheckError marks an error of Spec.CheckKernel.
type kernelCheckError struct{ err error }

func (e *kernelCheckError) Error() string        { return e.err.Error() }
func (e *kernelCheckError) Unwrap() error        { return e.err }
func (e *kernelCheckError) Is(target error) bool { return target == ErrKernelCheck }
