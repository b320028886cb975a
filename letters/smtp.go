package letters

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"encaisse/resources"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPAccount is the user's outgoing mail server.
type SMTPAccount struct {
	Host     string
	Port     int // 587 for starttls, 465 for tls, 25 for none when zero
	User     string
	Password string
	// TLS is "starttls" (the default when empty), "tls" (implicit, port 465) or "none"
	// (plain text, the password too: only for a relay on the local network).
	TLS string
	// InsecureSkipVerify accepts any certificate: only for a trusted internal server.
	InsecureSkipVerify bool
	// Timeout is how long the server may stay silent before sending fails; 60 s when zero.
	Timeout time.Duration
}

// TLS modes of SMTPAccount.
const (
	TLSStartTLS = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

// Stages of SendError.
const (
	StageConnect   = "connect"
	StageTLS       = "tls"
	StageAuth      = "auth"
	StageSender    = "sender" // MAIL FROM refused: the account may not send as this address
	StageRecipient = "recipient"
	StageData      = "data"
)

// SendError is a failed sending. Nothing was accepted by the server when it is returned.
type SendError struct {
	Stage     string // StageConnect … StageData
	Permanent bool   // retrying as is will fail again: the settings or the address must change
	Reply     string // the server's answer ("550 5.1.1 No such user"), empty for network errors
	Host      string
	Address   string // the refused address, for StageSender and StageRecipient
	Timeout   bool   // the server stayed silent longer than SMTPAccount.Timeout
	Err       error  // the underlying error
}

func (e *SendError) Error() string {
	data := map[string]any{"Host": e.Host, "Reply": e.Reply, "Address": e.Address}
	return resources.T(e.key(), data)
}

func (e *SendError) Unwrap() error { return e.Err }

func (e *SendError) key() string {
	var dns *net.DNSError
	switch {
	case errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded):
		return "mail.send.cancelled"
	case e.Stage == StageData && e.Reply == "":
		// Cut or silent after DATA: the server may never have got the end of the message.
		return "mail.send.datalost"
	case e.Timeout:
		return "mail.send.timeout"
	}
	switch e.Stage {
	case StageConnect:
		switch {
		case errors.As(e.Err, &dns):
			return "mail.send.dns"
		case e.Reply != "":
			return "mail.send.rejected"
		}
		return "mail.send.connect"
	case StageTLS:
		switch {
		case mailIsNoStartTLS(e.Err):
			return "mail.send.nostarttls"
		case mailCertError(e.Err):
			return "mail.send.cert"
		}
		return "mail.send.tls"
	case StageAuth:
		switch {
		case e.Err == nil:
			return "mail.send.authmech"
		case e.Reply == "":
			return "mail.send.connect"
		case !e.Permanent:
			return "mail.send.authtemp"
		}
		return "mail.send.auth"
	case StageSender:
		return "mail.send.sender"
	case StageRecipient:
		if !e.Permanent {
			return "mail.send.recipienttemp"
		}
		return "mail.send.recipient"
	}
	if !e.Permanent {
		return "mail.send.datatemp"
	}
	return "mail.send.data"
}

// mailConfigError is a setting that makes sending impossible before any connection.
type mailConfigError struct {
	key  string
	data map[string]any
}

func (e *mailConfigError) Error() string { return resources.T(e.key, e.data) }

// mailNoStartTLS marks a server that does not offer STARTTLS (a type, not a sentinel
// variable, so its name keeps this file's prefix).
type mailNoStartTLS struct{ err error }

func (e *mailNoStartTLS) Error() string {
	return "smtp: server does not offer STARTTLS: " + e.err.Error()
}
func (e *mailNoStartTLS) Unwrap() error { return e.err }

func mailIsNoStartTLS(err error) bool {
	var n *mailNoStartTLS
	return errors.As(err, &n)
}

// mailHelo is the name given in EHLO: the PC's own name would leak to every recipient
// through the Received header, and servers accept this one.
const mailHelo = "localhost"

// Send delivers m through the account's server. It returns nil only once the server has
// accepted the message after DATA; a recipient refused aborts the whole message, so it
// has gone to no one and can be sent again once the address is fixed.
func Send(ctx context.Context, acct SMTPAccount, m *Message) error {
	if m == nil || len(m.To)+len(m.Cc) == 0 || len(m.Raw) == 0 {
		return &mailConfigError{key: "mail.err.nomessage"}
	}
	host := strings.TrimSpace(acct.Host)
	if host == "" {
		return &mailConfigError{key: "mail.err.nohost"}
	}
	mode := strings.ToLower(strings.TrimSpace(acct.TLS))
	if mode == "" {
		mode = TLSStartTLS
	}
	port := acct.Port
	switch mode {
	case TLSStartTLS:
		port = mailPortOr(port, 587)
	case TLSImplicit:
		port = mailPortOr(port, 465)
	case TLSNone:
		port = mailPortOr(port, 25)
	default:
		return &mailConfigError{key: "mail.err.tlsmode", data: map[string]any{"Mode": acct.TLS}}
	}
	timeout := acct.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	fail := func(stage, addr string, err error) error {
		return mailSendError(ctx, stage, host, addr, err)
	}

	dialer := net.Dialer{Timeout: timeout}
	raw, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return fail(StageConnect, "", err)
	}
	// Cancelling the context closes the connection, which ends any read or write.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()
	conn := &mailIdleConn{Conn: raw, timeout: timeout}
	defer conn.Close()

	cfg := &tls.Config{ServerName: host, InsecureSkipVerify: acct.InsecureSkipVerify, MinVersion: tls.VersionTLS12}
	var c *smtp.Client
	switch mode {
	case TLSImplicit:
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail(StageTLS, "", err)
		}
		c = smtp.NewClient(tc)
		if err := c.Hello(mailHelo); err != nil {
			return fail(StageConnect, "", err)
		}
	case TLSStartTLS:
		// go-smtp says hello and sends STARTTLS inside this one call; whether STARTTLS went
		// out tells a refused connection from a refused encryption.
		c, err = smtp.NewClientStartTLS(conn, cfg)
		switch {
		case err != nil && !conn.startTLS && strings.Contains(err.Error(), "STARTTLS"):
			return fail(StageTLS, "", &mailNoStartTLS{err})
		case err != nil && !conn.startTLS:
			return fail(StageConnect, "", err)
		case err != nil:
			return fail(StageTLS, "", err)
		}
		// The handshake happens on the first exchange after STARTTLS: this one.
		if err := c.Hello(mailHelo); err != nil {
			var se *smtp.SMTPError
			if errors.As(err, &se) {
				return fail(StageConnect, "", err)
			}
			return fail(StageTLS, "", err)
		}
	default:
		c = smtp.NewClient(conn)
		if err := c.Hello(mailHelo); err != nil {
			return fail(StageConnect, "", err)
		}
	}
	// Deadlines are the connection's job (idle time-out, context); the client's own
	// per-command ones are minutes long.
	c.CommandTimeout, c.SubmissionTimeout = timeout, timeout
	defer c.Close()

	if acct.User != "" {
		var auth sasl.Client
		switch {
		case c.SupportsAuth(sasl.Plain):
			auth = sasl.NewPlainClient("", acct.User, acct.Password)
		case c.SupportsAuth(sasl.Login):
			auth = sasl.NewLoginClient(acct.User, acct.Password)
		default:
			return &SendError{Stage: StageAuth, Permanent: true, Host: host}
		}
		if err := c.Auth(auth); err != nil {
			return fail(StageAuth, "", err)
		}
	}
	if err := c.Mail(m.From, mailSMTPOptions(m)); err != nil {
		return fail(StageSender, m.From, err)
	}
	for _, to := range append(append([]string(nil), m.To...), m.Cc...) {
		if err := c.Rcpt(to, nil); err != nil {
			_ = c.Reset()
			return fail(StageRecipient, to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fail(StageData, "", err)
	}
	if _, err := w.Write(mailCRLF(m.Raw)); err != nil {
		w.Close()
		return fail(StageData, "", err)
	}
	if err := w.Close(); err != nil {
		return fail(StageData, "", err)
	}
	// Accepted: a failing QUIT changes nothing for the message.
	_ = c.Quit()
	return nil
}

func mailPortOr(port, def int) int {
	if port > 0 {
		return port
	}
	return def
}

// mailSMTPOptions asks for SMTPUTF8 when an address is not ASCII (go-smtp refuses the
// command otherwise).
func mailSMTPOptions(m *Message) *smtp.MailOptions {
	for _, a := range append(append([]string{m.From}, m.To...), m.Cc...) {
		for i := 0; i < len(a); i++ {
			if a[i] >= 0x80 {
				return &smtp.MailOptions{UTF8: true}
			}
		}
	}
	return nil
}

// mailCRLF makes every line end in CRLF: a bare LF in DATA is refused by some servers.
func mailCRLF(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

func mailSendError(ctx context.Context, stage, host, addr string, err error) *SendError {
	e := &SendError{Stage: stage, Host: host, Address: addr, Err: err}
	if ctx.Err() != nil {
		e.Err = ctx.Err()
		return e
	}
	var se *smtp.SMTPError
	var ne net.Error
	switch {
	case errors.As(err, &se):
		e.Permanent = se.Code >= 500
		e.Reply = mailReply(se)
	case errors.As(err, &ne) && ne.Timeout():
		e.Timeout = true
	case stage == StageTLS && (mailCertError(err) || mailIsNoStartTLS(err)):
		e.Permanent = true
	}
	return e
}

func mailReply(se *smtp.SMTPError) string {
	msg := strings.ReplaceAll(se.Message, "\n", " ")
	if se.EnhancedCode != smtp.NoEnhancedCode && se.EnhancedCode != (smtp.EnhancedCode{}) {
		return fmt.Sprintf("%d %d.%d.%d %s", se.Code, se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2], msg)
	}
	return fmt.Sprintf("%d %s", se.Code, msg)
}

func mailCertError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}

// mailIdleConn fails a read or write after the server has been silent for timeout: every
// operation pushes the deadline forward, so a slow but live upload of a large attachment
// goes on while a hung server is given up. Deadlines set by the layers above are ignored.
type mailIdleConn struct {
	net.Conn
	timeout  time.Duration
	startTLS bool // the STARTTLS command was sent
}

func (c *mailIdleConn) Read(b []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

func (c *mailIdleConn) Write(b []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	if bytes.HasPrefix(b, []byte("STARTTLS")) {
		c.startTLS = true
	}
	return c.Conn.Write(b)
}

func (c *mailIdleConn) SetDeadline(time.Time) error      { return nil }
func (c *mailIdleConn) SetReadDeadline(time.Time) error  { return nil }
func (c *mailIdleConn) SetWriteDeadline(time.Time) error { return nil }
