package xt

import (
	"errors"
	"strconv"
	"strings"
)

// LogLevel is a syslog level (LOG_EMERG ... LOG_DEBUG in syslog.h), as the
// LOG target's level field carries it. The values are syslog's, except
// that LOG_WARNING (4) and LOG_EMERG (0) trade places, so that the zero
// value is iptables' default level, warning. Use [LogLevel.Syslog] and
// [LogLevelFromSyslog] to convert.
type LogLevel uint8

// Log levels.
const (
	LogWarning LogLevel = 0 // LOG_WARNING (syslog 4), the default
	LogAlert   LogLevel = 1 // LOG_ALERT
	LogCrit    LogLevel = 2 // LOG_CRIT
	LogErr     LogLevel = 3 // LOG_ERR
	LogEmerg   LogLevel = 4 // LOG_EMERG (syslog 0)
	LogNotice  LogLevel = 5 // LOG_NOTICE
	LogInfo    LogLevel = 6 // LOG_INFO
	LogDebug   LogLevel = 7 // LOG_DEBUG
)

// Syslog returns the syslog number of l, which the kernel stores.
func (l LogLevel) Syslog() uint8 {
	if l == 0 || l == 4 {
		return 4 - uint8(l)
	}
	return uint8(l)
}

// LogLevelFromSyslog returns the level of syslog number n.
func LogLevelFromSyslog(n uint8) LogLevel { return LogLevel(LogLevel(n).Syslog()) }

var logLevelNames = [...]string{"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"}

// String returns syslog's name of the level (prioritynames in syslog.h).
func (l LogLevel) String() string {
	if n := l.Syslog(); n < 8 {
		return logLevelNames[n]
	}
	return "level(" + strconv.Itoa(int(l.Syslog())) + ")"
}

// ParseLogLevel parses a --log-level argument as libxtables does: a number
// 0-7, or one of alert, crit, debug, emerg, error, info, notice, panic,
// warning.
func ParseLogLevel(s string) (LogLevel, bool) {
	if v, ok := ParseUint(s, 0, 7); ok {
		return LogLevelFromSyslog(uint8(v)), true
	}
	switch s {
	case "alert":
		return LogAlert, true
	case "crit":
		return LogCrit, true
	case "debug":
		return LogDebug, true
	case "emerg", "panic":
		return LogEmerg, true
	case "error":
		return LogErr, true
	case "info":
		return LogInfo, true
	case "notice":
		return LogNotice, true
	case "warning":
		return LogWarning, true
	}
	return 0, false
}

// LogFlags are the XT_LOG_* flags of the LOG target
// (/usr/include/linux/netfilter/xt_LOG.h).
type LogFlags uint8

// LOG flags.
const (
	LogTCPSeq    LogFlags = 0x01 // XT_LOG_TCPSEQ: --log-tcp-sequence
	LogTCPOpt    LogFlags = 0x02 // XT_LOG_TCPOPT: --log-tcp-options
	LogIPOpt     LogFlags = 0x04 // XT_LOG_IPOPT: --log-ip-options
	LogUID       LogFlags = 0x08 // XT_LOG_UID: --log-uid
	LogNFLog     LogFlags = 0x10 // XT_LOG_NFLOG: unsupported, never set
	LogMACDecode LogFlags = 0x20 // XT_LOG_MACDECODE: --log-macdecode
)

// logFlagOptions are the flag options in iptables' save order.
var logFlagOptions = [...]struct {
	flag LogFlags
	name string
}{
	{LogTCPSeq, "log-tcp-sequence"},
	{LogTCPOpt, "log-tcp-options"},
	{LogIPOpt, "log-ip-options"},
	{LogUID, "log-uid"},
	{LogMACDecode, "log-macdecode"},
}

// Log is the LOG target (-j LOG): struct xt_log_info in
// /usr/include/linux/netfilter/xt_LOG.h (net/netfilter/xt_LOG.c). The zero
// value is plain -j LOG: level warning, no flags, no prefix.
type Log struct {
	targetBase
	Level  LogLevel
	Flags  LogFlags
	Prefix string // at most 29 bytes (char prefix[30]), no NUL
}

const logPrefixSize = 30

// Name returns "LOG".
func (l *Log) Name() string { return "LOG" }

// Revision returns 0.
func (l *Log) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_log_info.
func (l *Log) AppendBinary(b []byte) ([]byte, error) {
	if len(l.Prefix) >= logPrefixSize || strings.IndexByte(l.Prefix, 0) >= 0 {
		return b, errors.New("LOG prefix longer than 29 bytes or holding a NUL")
	}
	b = append(b, l.Level.Syslog(), byte(l.Flags))
	return appendFixedString(b, l.Prefix, logPrefixSize), nil
}

// AppendSave appends the options as iptables' LOG_save prints them.
func (l *Log) AppendSave(b []byte) []byte {
	if l.Prefix != "" {
		b = append(b, " --log-prefix"...)
		b = appendQuotedSave(b, l.Prefix)
	}
	if l.Level != LogWarning {
		b = append(b, " --log-level "...)
		b = strconv.AppendUint(b, uint64(l.Level.Syslog()), 10)
	}
	for _, f := range logFlagOptions {
		if l.Flags&f.flag != 0 {
			b = append(b, " --"...)
			b = append(b, f.name...)
		}
	}
	return b
}

// AppendPrint appends the target as iptables 1.8.11's LOG_print lists it:
// " LOG flags F level L" when numeric, else " LOG level warn" and the
// flag names; then ` prefix "P"` (unescaped).
func (l *Log) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " LOG"...)
	if numeric {
		b = appendUint(append(b, " flags "...), uint8(l.Flags))
		b = appendUint(append(b, " level "...), l.Level.Syslog())
	} else {
		if n := l.Level.Syslog(); n < uint8(len(logLevelNames)) {
			b = append(append(b, " level "...), logLevelNames[n]...)
		} else {
			b = appendUint(append(b, " UNKNOWN level "...), n)
		}
		for _, f := range [...]struct {
			flag LogFlags
			name string
		}{
			{LogTCPSeq, " tcp-sequence"}, {LogTCPOpt, " tcp-options"}, {LogIPOpt, " ip-options"},
			{LogUID, " uid"}, {LogMACDecode, " macdecode"},
		} {
			if l.Flags&f.flag != 0 {
				b = append(b, f.name...)
			}
		}
		if l.Flags&^(LogTCPSeq|LogTCPOpt|LogIPOpt|LogUID|LogMACDecode) != 0 {
			b = append(b, " unknown-flags"...)
		}
	}
	if l.Prefix != "" {
		b = append(b, " prefix \""...)
		b = append(b, l.Prefix...)
		b = append(b, '"')
	}
	return b
}

var logSpec = Spec{
	Kind: KindTarget,
	Name: "LOG",
	Revisions: []Revision{{Revision: 0, Size: 2 + logPrefixSize, Decode: func(d []byte) (Extension, error) {
		if len(d) < 2+logPrefixSize {
			return nil, ErrTruncated
		}
		p, ok := fixedString(d[2 : 2+logPrefixSize])
		if !ok {
			return nil, errors.New("LOG prefix is not NUL-terminated")
		}
		return &Log{Level: LogLevelFromSyslog(d[0]), Flags: LogFlags(d[1]), Prefix: p}, nil
	}}},
	Options: []Option{
		{Name: "log-level", Arg: RequiredArg},
		{Name: "log-prefix", Arg: RequiredArg},
		{Name: "log-tcp-sequence"},
		{Name: "log-tcp-options"},
		{Name: "log-ip-options"},
		{Name: "log-uid"},
		{Name: "log-macdecode"},
	},
	Build: func(_ *Context, opts []Opt) (Extension, error) {
		l := &Log{}
		for _, o := range opts {
			switch o.Name {
			case "log-level":
				v, ok := ParseLogLevel(o.Arg)
				if !ok {
					return nil, optVerbatim("LOG", o, "log level unknown", "log level \""+o.Arg+"\" unknown\n")
				}
				l.Level = v
			case "log-prefix":
				p, err := parseLogPrefix("LOG", o, logPrefixSize)
				if err != nil {
					return nil, err
				}
				l.Prefix = p
			default:
				for _, f := range logFlagOptions {
					if f.name == o.Name {
						l.Flags |= f.flag
					}
				}
			}
		}
		return l, nil
	},
	Check: func(_ *Context, e Extension) error {
		if l, ok := e.(*Log); ok && l.Level.Syslog() >= 8 {
			return ExtErr("LOG", "log level %d is not below 8", l.Level.Syslog())
		}
		return nil
	},
}

// parseLogPrefix checks a --log-prefix or --nflog-prefix argument as
// iptables does (not empty, no newline) and truncates it to a char[size].
func parseLogPrefix(ext string, o Opt, size int) (string, error) {
	switch {
	case o.Arg == "":
		return "", OptErr(ext, o, "the prefix must not be empty")
	case strings.IndexByte(o.Arg, '\n') >= 0:
		return "", OptErr(ext, o, "newlines are not allowed in the prefix")
	}
	return truncateFixed(o.Arg, size), nil
}
