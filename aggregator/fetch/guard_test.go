package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"syscall"
	"testing"
)

func TestIsPublic(t *testing.T) {
	for _, tt := range []struct {
		addr   string
		public bool
	}{
		{"8.8.8.8", true},
		{"93.184.216.34", true},
		{"2606:4700:4700::1111", true},
		{"127.0.0.1", false},
		{"127.0.0.3", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // the cloud metadata address
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"::", false},
		{"100.64.0.1", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:8.8.8.8", true},
		{"192.0.2.1", false},
		{"240.0.0.1", false},
	} {
		if got := IsPublic(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("IsPublic(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
}

// TestGuardRefusesBeforeConnecting checks the dialer refuses a non-public
// address that the operator did not name without opening a connection:
// the test must send nothing to 169.254.169.254.
func TestGuardRefusesBeforeConnecting(t *testing.T) {
	dialed := false
	dial := guardedDial(&net.Dialer{ControlContext: func(context.Context, string, string, syscall.RawConn) error {
		dialed = true
		return errors.New("the test must not connect")
	}})
	for _, addr := range []string{"169.254.169.254:80", "10.0.0.1:80", "[fd00::1]:443", "[::ffff:127.0.0.1]:80"} {
		ctx := withGuard(context.Background(), "http://feeds.example/rss", false)
		_, err := dial(ctx, "tcp", addr)
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("dial %s: %v, want ErrPrivateAddress", addr, err)
		}
		host, _, _ := net.SplitHostPort(addr)
		if err != nil && !strings.Contains(err.Error(), host) {
			t.Errorf("dial %s: %q does not name the address", addr, err)
		}
	}
	if dialed {
		t.Fatal("a connection was attempted")
	}
}

// listenOn starts a server on a given loopback address (Linux routes all of
// 127/8 to lo), skipping when the system cannot bind it.
func listenOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s (needed for a second loopback address): %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func TestRedirectToAnotherPrivateAddress(t *testing.T) {
	internal := listenOn(t, "127.0.0.3:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<rss><channel><title>internal</title></channel></rss>")
	}))
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, internal.URL+"/internal.xml", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/feed.xml", http.StatusMovedPermanently)
		default:
			fmt.Fprint(w, "<rss><channel><title>public</title></channel></rss>")
		}
	}))
	t.Cleanup(public.Close)
	ctx := context.Background()

	_, err := New(Options{}).Fetch(ctx, Request{URL: public.URL + "/away"})
	if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "127.0.0.3") {
		t.Fatalf("redirect to 127.0.0.3: %v; want ErrPrivateAddress naming the address", err)
	}
	resp, err := New(Options{AllowPrivate: true}).Fetch(ctx, Request{URL: public.URL + "/away"})
	if err != nil || !strings.Contains(string(resp.Body), "internal") {
		t.Fatalf("with AllowPrivate: %v", err)
	}
	// Redirects within the host the operator named keep working.
	resp, err = New(Options{}).Fetch(ctx, Request{URL: public.URL + "/here"})
	if err != nil || !strings.Contains(string(resp.Body), "public") {
		t.Fatalf("redirect within the named host: %v", err)
	}
	// The operator may name the private address itself.
	if _, err := New(Options{}).Fetch(ctx, Request{URL: internal.URL + "/x"}); err != nil {
		t.Fatalf("a private source named by the operator: %v", err)
	}
	// A link found on a page the operator named leads elsewhere: refused.
	_, err = New(Options{}).Fetch(ctx, Request{URL: internal.URL + "/x", Origin: public.URL + "/page"})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("a discovered link to a private address: %v", err)
	}
}

// TestPooledConnectionDoesNotBypassTheGuard: a keep-alive connection to a
// private host the operator named (for one source) must not carry another
// source's redirect there without the check a new dial would make.
func TestPooledConnectionDoesNotBypassTheGuard(t *testing.T) {
	internal := listenOn(t, "127.0.0.3:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<rss><channel><title>internal</title></channel></rss>")
	}))
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/internal.xml", http.StatusFound)
	}))
	t.Cleanup(public.Close)
	c := New(Options{})
	defer c.CloseIdleConnections()
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.Fetch(ctx, Request{URL: internal.URL + "/named.xml"}); err != nil {
			t.Fatalf("the named private source: %v", err)
		}
		_, err := c.Fetch(ctx, Request{URL: public.URL + "/away"})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Fatalf("round %d: a redirect over a pooled connection to 127.0.0.3: %v; want ErrPrivateAddress", i, err)
		}
		_, err = c.Fetch(ctx, Request{URL: internal.URL + "/found.xml", Origin: public.URL + "/page"})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Fatalf("round %d: a discovered link over a pooled connection: %v; want ErrPrivateAddress", i, err)
		}
	}
}
