package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secondLoopback serves h on 127.0.0.3, an address of the machine that a
// public feed must not be able to lead feedloom to.
func secondLoopback(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.3:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.3: %v", err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

const internalFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Internal</title><link>http://intranet.test/</link>
<item><title>Salaries spreadsheet</title><link>http://intranet.test/salaries</link><guid>internal-1</guid></item>
</channel></rss>`

const publicFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Public</title><link>http://public.test/</link>
<item><title>Harbour opens</title><link>http://public.test/harbour</link><guid>public-1</guid></item>
</channel></rss>`

func TestRedirectToPrivateAddressIsRefused(t *testing.T) {
	internal := secondLoopback(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/named.xml" {
			fmt.Fprint(w, strings.NewReplacer("Salaries spreadsheet", "Canteen menu", "salaries", "menu", "internal-1", "menu-1").Replace(internalFeed))
			return
		}
		fmt.Fprint(w, internalFeed)
	}))
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, internal.URL+"/internal.xml", http.StatusFound)
		case "/page/":
			fmt.Fprintf(w, `<html><head><link rel="alternate" type="application/rss+xml" href="%s/internal.xml"></head></html>`, internal.URL)
		default:
			fmt.Fprint(w, publicFeed)
		}
	}))
	t.Cleanup(public.Close)
	evil := public.URL + "/moved"
	e := newE2E(t, `<outline text="Evil" xmlUrl="`+evil+`"/>
<outline text="Good" xmlUrl="`+public.URL+`/feed.xml"/>
<outline text="Intranet" xmlUrl="`+internal.URL+`/named.xml"/>`)

	// With -v the failure is on stderr whether or not it is past
	// --fail-after (which a first failure may or may not be, by a clock tick).
	code, _, stderr := e.run("-v", "refresh")
	if code != exitOK && code != exitFailures {
		t.Fatalf("refresh = %d: %s", code, stderr)
	}
	all, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "feed.json"))
	// The intranet source is named by the OPML: the operator's choice.
	if !strings.Contains(string(all), "Harbour opens") || !strings.Contains(string(all), "Canteen menu") {
		t.Fatalf("all/feed.json should hold the public item and the named intranet source's item:\n%s", all)
	}
	if strings.Contains(string(all), "Salaries spreadsheet") {
		t.Fatalf("the internal feed a redirect led to was published:\n%s", all)
	}
	st := e.status()[evil]
	if !st.Failing || !strings.Contains(st.LastError, "127.0.0.3") || !strings.Contains(st.LastError, "--allow-private") {
		t.Errorf("status of the redirecting source: failing %v, error %q; want it to name the address and the flag", st.Failing, st.LastError)
	}
	if !strings.Contains(stderr, evil) {
		t.Errorf("stderr does not name the source: %s", stderr)
	}

	// With --allow-private the operator lets it through.
	if code, _, stderr := e.run("refresh", "--force", "--allow-private"); code != exitOK {
		t.Fatalf("refresh --allow-private = %d: %s", code, stderr)
	}
	if st := e.status()[evil]; st.Failing {
		t.Errorf("still failing with --allow-private: %q", st.LastError)
	}
	if all, _ := os.ReadFile(filepath.Join(e.tmp, "out", "all", "feed.json")); !strings.Contains(string(all), "Salaries spreadsheet") {
		t.Errorf("with --allow-private the redirected feed is not published:\n%s", all)
	}

	// Autodiscovery on a named page must not lead to a private address.
	code, _, stderr = e.run("sources", "add", public.URL+"/page/")
	if code == exitOK || !strings.Contains(stderr, "127.0.0.3") {
		t.Errorf("sources add of a page announcing a private feed = %d, %q; want a refusal naming the address", code, stderr)
	}
}
