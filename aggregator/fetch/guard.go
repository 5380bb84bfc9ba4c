package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
)

// ErrPrivateAddress is returned when a request, led there by a redirect or
// by autodiscovery, would connect to an address inside the network feedloom
// runs in (loopback, private, link-local, unique-local, …). A republisher
// that fetches what strangers point it at and publishes the result must
// not become a window into that network; Options.AllowPrivate lifts it.
var ErrPrivateAddress = errors.New("refused to connect to a non-public address")

// PrivateAddressError names the host and the non-public address a request
// was refused for. It matches ErrPrivateAddress with errors.Is.
type PrivateAddressError struct {
	Host string
	IP   netip.Addr
	// URL is the address the request was led to, when known.
	URL string
}

func (e *PrivateAddressError) Error() string {
	where := e.Host
	if e.IP.String() != e.Host {
		where = fmt.Sprintf("%s (%s)", e.Host, e.IP)
	}
	to := ""
	if e.URL != "" {
		to = " for " + e.URL
	}
	return fmt.Sprintf("refused to connect to %s%s: a loopback, private or link-local address reached through a redirect or a discovered link, not named in the OPML; --allow-private allows it", where, to)
}

// Is makes errors.Is(err, ErrPrivateAddress) true.
func (e *PrivateAddressError) Is(target error) bool { return target == ErrPrivateAddress }

// nonPublic lists the ranges that are not the public internet beyond what
// netip's own predicates cover: "this network", shared address space
// (carrier-grade NAT), IETF protocol assignments, the documentation and
// benchmarking ranges, and the reserved 240/4.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// IsPublic reports whether ip is an address on the public internet: not
// loopback, private (RFC 1918), link-local (169.254/16 with the cloud
// metadata address, fe80::/10), unique-local (fc00::/7), unspecified,
// multicast, broadcast or one of the reserved ranges above. IPv4-mapped
// IPv6 addresses are judged as the IPv4 address they carry.
func IsPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// guard carries, for one request, the host the operator named (where any
// address is the operator's choice) and the proxy hosts the transport chose
// (which the operator configured).
type guard struct {
	origin string
	allow  bool

	mu      sync.Mutex
	proxies map[string]bool
}

type guardKey struct{}

// withGuard attaches the guard of a request whose operator-named URL is
// origin.
func withGuard(ctx context.Context, origin string, allow bool) context.Context {
	host := ""
	if u, err := url.Parse(origin); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	return context.WithValue(ctx, guardKey{}, &guard{origin: host, allow: allow})
}

// proxyFromEnvironment is http.ProxyFromEnvironment that remembers the
// proxy it picked, so the dialer lets the connection to it through: the
// proxy is the operator's choice, and it resolves the target itself.
func proxyFromEnvironment(req *http.Request) (*url.URL, error) {
	u, err := http.ProxyFromEnvironment(req)
	if u != nil {
		if g, ok := req.Context().Value(guardKey{}).(*guard); ok {
			g.mu.Lock()
			if g.proxies == nil {
				g.proxies = map[string]bool{}
			}
			g.proxies[strings.ToLower(u.Hostname())] = true
			g.mu.Unlock()
		}
	}
	return u, err
}

func (g *guard) trusted(host string) bool {
	if g.allow || host == g.origin {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.proxies[host]
}

// check refuses host (a name or an address) when the guard does not trust
// it and it resolves to a non-public address. Redirects and discovered
// links are checked with it before the request, because a pooled
// keep-alive connection (to a host the operator named for another source)
// would carry the request without a new dial; the dial checks again, on
// the addresses it connects to.
func (g *guard) check(ctx context.Context, host string) error {
	host = strings.ToLower(strings.Trim(host, "[]"))
	if g == nil || g.trusted(host) {
		return nil
	}
	ips, err := resolve(ctx, host)
	if err != nil {
		return nil // the dial reports it
	}
	for _, ip := range ips {
		if !IsPublic(ip) {
			return &PrivateAddressError{Host: host, IP: ip}
		}
	}
	return nil
}

// guardOf returns the guard of a request's context, or nil.
func guardOf(ctx context.Context) *guard {
	g, _ := ctx.Value(guardKey{}).(*guard)
	return g
}

// guardedDial resolves the host itself and dials the address it checked,
// so a name that resolves to a public address for a check and to a
// private one for the connection (DNS rebinding) cannot slip through.
func guardedDial(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		g, _ := ctx.Value(guardKey{}).(*guard)
		host, port, err := net.SplitHostPort(addr)
		if err != nil || g == nil || g.trusted(strings.ToLower(host)) {
			return d.DialContext(ctx, network, addr)
		}
		ips, err := resolve(ctx, host)
		if err != nil {
			return nil, err
		}
		for _, ip := range ips {
			if !IsPublic(ip) {
				return nil, &PrivateAddressError{Host: host, IP: ip}
			}
		}
		var first error
		for _, ip := range ips {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
			if err == nil {
				return c, nil
			}
			if first == nil {
				first = err
			}
		}
		return nil, first
	}
}

func resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("%s has no address", host)
	}
	return ips, nil
}
