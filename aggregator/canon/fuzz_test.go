package canon

import (
	"errors"
	"strings"
	"testing"
)

func FuzzURL(f *testing.F) {
	for _, s := range []string{
		"https://www.bbc.co.uk/news/uk-1?at_medium=RSS&at_campaign=KARANGA",
		"HTTP://Example.COM:80/a/./b/../c/?utm_source=x&id=1#frag",
		"https://www.cnn.com/uk/live-news/x#h_7d79f1bebd5243c0b4056d9db7ea56be",
		"https://Bücher.example/caf%c3%a9?q=%7e",
		"http://[2001:db8::1]:8080/a%2fb",
		"https://www.npr.org/2023/02/15/1157114290/slug",
		"https://www.wsj.com/world/europe/x-e7414ad7",
		"https://example.com/#!/route",
		"mailto:x@example.com",
		"http://%41.com/",
		"https://www.www./",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := URL(raw)
		if err != nil {
			if !errors.Is(err, ErrNotHTTP) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("URL(%q): error %v wraps neither sentinel", raw, err)
			}
			return
		}
		if !strings.HasPrefix(got, "https://") {
			t.Fatalf("URL(%q) = %q: not https", raw, got)
		}
		again, err := URL(got)
		if err != nil {
			t.Fatalf("URL(%q) = %q, which fails: %v", raw, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: URL(%q) = %q, URL(%q) = %q", raw, got, got, again)
		}
	})
}
