package letters

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"encaisse/resources"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// mailTestCert is a self-signed certificate for 127.0.0.1 and localhost.
func mailTestCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

type mailTestDelivery struct {
	From string
	To   []string
	Data []byte
	TLS  bool
}

// mailTestBackend accepts user "compta" / "secret" and refuses refuse@acme.fr.
type mailTestBackend struct {
	mu        sync.Mutex
	delivered []mailTestDelivery
}

func (b *mailTestBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &mailTestSession{b: b, conn: c}, nil
}

func (b *mailTestBackend) got() []mailTestDelivery {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]mailTestDelivery(nil), b.delivered...)
}

type mailTestSession struct {
	b      *mailTestBackend
	conn   *smtp.Conn
	authed bool
	cur    mailTestDelivery
}

func (s *mailTestSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailTestSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "compta" || pass != "secret" {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *mailTestSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.cur = mailTestDelivery{From: from}
	return nil
}

func (s *mailTestSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == "refuse@acme.fr" {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *mailTestSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = data
	_, s.cur.TLS = s.conn.TLSConnectionState()
	s.b.mu.Lock()
	s.b.delivered = append(s.b.delivered, s.cur)
	s.b.mu.Unlock()
	return nil
}

func (s *mailTestSession) Reset()        { s.cur = mailTestDelivery{} }
func (s *mailTestSession) Logout() error { return nil }

// mailTestServer starts a go-smtp server on a free loopback port. With implicit, the
// listener itself is TLS; otherwise STARTTLS is offered when withTLS.
func mailTestServer(t *testing.T, withTLS, implicit bool) (*mailTestBackend, int) {
	t.Helper()
	be := &mailTestBackend{}
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	cfg := &tls.Config{Certificates: []tls.Certificate{mailTestCert(t)}}
	if withTLS {
		s.TLSConfig = cfg
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		l = tls.NewListener(l, cfg)
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return be, l.Addr().(*net.TCPAddr).Port
}

func mailTestMessage(t *testing.T, cc ...string) *Message {
	t.Helper()
	l := mailTestLetter()
	l.Recipient.Cc = cc
	m, err := Compose(l, mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mailTestAccount(port int) SMTPAccount {
	return SMTPAccount{Host: "127.0.0.1", Port: port, User: "compta", Password: "secret",
		TLS: TLSStartTLS, InsecureSkipVerify: true, Timeout: 5 * time.Second}
}

func mailTestSendError(t *testing.T, err error, stage string) *SendError {
	t.Helper()
	var se *SendError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want a *SendError", err, err)
	}
	if se.Stage != stage {
		t.Errorf("stage %q, want %q (%v)", se.Stage, stage, se.Err)
	}
	if msg := se.Error(); msg == "" || strings.HasPrefix(msg, "mail.") || strings.Contains(msg, "<no value>") {
		t.Errorf("untranslated error %q", msg)
	}
	return se
}

func TestSendStartTLSDelivers(t *testing.T) {
	be, port := mailTestServer(t, true, false)
	m := mailTestMessage(t, "dg@acme.fr")
	if err := Send(context.Background(), mailTestAccount(port), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := be.got()
	if len(got) != 1 {
		t.Fatalf("%d messages delivered", len(got))
	}
	d := got[0]
	if d.From != "relances@dupont-fils.fr" || strings.Join(d.To, ",") != "compta@acme.fr,dg@acme.fr" || !d.TLS {
		t.Errorf("delivery from %q to %v, TLS %v", d.From, d.To, d.TLS)
	}
	if string(d.Data) != string(m.Raw) {
		t.Errorf("the server got other bytes than the message:\n%q\nwant\n%q", d.Data, m.Raw)
	}
}

func TestSendImplicitTLSDelivers(t *testing.T) {
	be, port := mailTestServer(t, false, true)
	acct := mailTestAccount(port)
	acct.TLS = TLSImplicit
	m := mailTestMessage(t)
	if err := Send(context.Background(), acct, m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := be.got(); len(got) != 1 || string(got[0].Data) != string(m.Raw) || !got[0].TLS {
		t.Errorf("delivered %+v", got)
	}
}

func TestSendCertificateChecked(t *testing.T) {
	resources.SetLanguage("fr")
	be, port := mailTestServer(t, true, false)
	acct := mailTestAccount(port)
	acct.InsecureSkipVerify = false
	err := Send(context.Background(), acct, mailTestMessage(t))
	se := mailTestSendError(t, err, StageTLS)
	if !se.Permanent || !mailCertError(se.Err) || !strings.Contains(se.Error(), "certificat") {
		t.Errorf("permanent %v, cert error %v: %v", se.Permanent, mailCertError(se.Err), se)
	}
	if len(be.got()) != 0 {
		t.Error("a message went out over an unverified connection")
	}
}

func TestSendNoStartTLS(t *testing.T) {
	_, port := mailTestServer(t, false, false)
	se := mailTestSendError(t, Send(context.Background(), mailTestAccount(port), mailTestMessage(t)), StageTLS)
	if se.key() != "mail.send.nostarttls" {
		t.Errorf("key %s for %v", se.key(), se.Err)
	}
}

func TestSendRecipientRefused(t *testing.T) {
	be, port := mailTestServer(t, true, false)
	err := Send(context.Background(), mailTestAccount(port), mailTestMessage(t, "refuse@acme.fr"))
	se := mailTestSendError(t, err, StageRecipient)
	if !se.Permanent || !strings.Contains(se.Reply, "550") || !strings.Contains(se.Reply, "No such user here") || se.Address != "refuse@acme.fr" {
		t.Errorf("permanent %v, reply %q, address %q", se.Permanent, se.Reply, se.Address)
	}
	if !strings.Contains(se.Error(), "refuse@acme.fr") {
		t.Errorf("message does not name the address: %s", se)
	}
	if len(be.got()) != 0 {
		t.Error("the message went to the other recipients")
	}
}

func TestSendWrongPassword(t *testing.T) {
	resources.SetLanguage("fr")
	be, port := mailTestServer(t, true, false)
	acct := mailTestAccount(port)
	acct.Password = "wrong"
	se := mailTestSendError(t, Send(context.Background(), acct, mailTestMessage(t)), StageAuth)
	if !se.Permanent || !strings.Contains(se.Reply, "535") || !strings.Contains(se.Error(), "mot de passe") {
		t.Errorf("permanent %v reply %q: %s", se.Permanent, se.Reply, se)
	}
	if len(be.got()) != 0 {
		t.Error("delivered without authentication")
	}
}

// mailTestScripted is a hand-written server on a free port; script runs on each
// connection. It lets a test stop answering or cut the line at a chosen point.
func mailTestScripted(t *testing.T, script func(net.Conn, *bufio.Reader)) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				go func() { <-done; c.Close() }()
				c.SetDeadline(time.Now().Add(20 * time.Second))
				script(c, bufio.NewReader(c))
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

func TestSendHungServerTimesOut(t *testing.T) {
	port := mailTestScripted(t, func(_ net.Conn, r *bufio.Reader) {
		_, _ = r.ReadString('\n') // accept, then say nothing
	})
	acct := mailTestAccount(port)
	acct.Timeout = 300 * time.Millisecond
	start := time.Now()
	err := Send(context.Background(), acct, mailTestMessage(t))
	elapsed := time.Since(start)
	se := mailTestSendError(t, err, StageConnect)
	if !se.Timeout || se.Permanent || se.key() != "mail.send.timeout" {
		t.Errorf("timeout %v permanent %v key %s: %v", se.Timeout, se.Permanent, se.key(), se.Err)
	}
	if elapsed < acct.Timeout || elapsed > acct.Timeout+2*time.Second {
		t.Errorf("gave up after %v with a time-out of %v", elapsed, acct.Timeout)
	}
}

func TestSendCancelled(t *testing.T) {
	port := mailTestScripted(t, func(_ net.Conn, r *bufio.Reader) { _, _ = r.ReadString('\n') })
	acct := mailTestAccount(port)
	acct.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := Send(ctx, acct, mailTestMessage(t))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("Send = %v after %v", err, time.Since(start))
	}
	mailTestSendError(t, err, StageConnect)
}

// mailTestUntilData plays a plain-text server up to the DATA command's 354.
func mailTestUntilData(c net.Conn, r *bufio.Reader) bool {
	io.WriteString(c, "220 localhost ESMTP ready\r\n")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case strings.HasPrefix(cmd, "EHLO"):
			io.WriteString(c, "250-localhost\r\n250 8BITMIME\r\n")
		case cmd == "DATA":
			io.WriteString(c, "354 go ahead\r\n")
			return true
		default:
			io.WriteString(c, "250 ok\r\n")
		}
	}
}

func TestSendConnectionCutInData(t *testing.T) {
	for _, afterDot := range []bool{false, true} {
		port := mailTestScripted(t, func(c net.Conn, r *bufio.Reader) {
			if !mailTestUntilData(c, r) {
				return
			}
			if !afterDot {
				_, _ = r.ReadString('\n') // one line of the message, then hang up
				return
			}
			for { // the whole message, then hang up without the 250
				line, err := r.ReadString('\n')
				if err != nil || line == ".\r\n" {
					return
				}
			}
		})
		acct := mailTestAccount(port)
		acct.TLS, acct.User = TLSNone, ""
		err := Send(context.Background(), acct, mailTestMessage(t))
		if err == nil {
			t.Fatalf("after dot %v: a cut connection counted as sent", afterDot)
		}
		se := mailTestSendError(t, err, StageData)
		if se.Permanent || se.key() != "mail.send.datalost" {
			t.Errorf("after dot %v: permanent %v key %s (%v)", afterDot, se.Permanent, se.key(), se.Err)
		}
	}
}

func TestSendDataRefused(t *testing.T) {
	port := mailTestScripted(t, func(c net.Conn, r *bufio.Reader) {
		if !mailTestUntilData(c, r) {
			return
		}
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if line == ".\r\n" {
				io.WriteString(c, "552 5.3.4 Message size exceeds fixed limit\r\n")
				_, _ = r.ReadString('\n')
				return
			}
		}
	})
	acct := mailTestAccount(port)
	acct.TLS, acct.User = TLSNone, ""
	se := mailTestSendError(t, Send(context.Background(), acct, mailTestMessage(t)), StageData)
	if !se.Permanent || !strings.Contains(se.Reply, "552 5.3.4 Message size exceeds fixed limit") || !strings.Contains(se.Error(), se.Reply) {
		t.Errorf("permanent %v reply %q: %s", se.Permanent, se.Reply, se)
	}
}

func TestSendSettingsChecked(t *testing.T) {
	m := mailTestMessage(t)
	for _, acct := range []SMTPAccount{{Host: " "}, {Host: "smtp.example.fr", TLS: "ssl3"}} {
		err := Send(context.Background(), acct, m)
		var se *SendError
		if err == nil || errors.As(err, &se) || strings.HasPrefix(err.Error(), "mail.") {
			t.Errorf("%+v: %v", acct, err)
		}
	}
	if err := Send(context.Background(), SMTPAccount{Host: "127.0.0.1"}, &Message{}); err == nil {
		t.Error("an empty message was sent")
	}
}
