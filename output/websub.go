package output

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ping tells the WebSub hub about every feed document this publish wrote:
// one POST of hub.mode=publish&hub.url=<document URL> each, as PubSubHubbub
// publishers do, each bounded by its own timeout. Failures are recorded in
// the report; the files are already published, and the hub will see them
// on its next poll anyway.
func (p publisher) ping(ctx context.Context, files []file, r *Report, o Options) {
	hub, err := o.hub()
	if err != nil || hub == "" {
		return
	}
	base, err := o.baseURL()
	if err != nil {
		return
	}
	written := make(map[string]bool, len(r.Written))
	for _, w := range r.Written {
		written[w] = true
	}
	client := o.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	timeout := o.PingTimeout
	if timeout <= 0 {
		timeout = defaultPingTimeout
	}
	for _, f := range files {
		if !f.feed || !written[f.path] {
			continue
		}
		topic := documentURL(base, f.path)
		if err := pingOne(ctx, client, timeout, hub, topic, plain(o.Generator)); err != nil {
			r.PingErrors = append(r.PingErrors, err)
			continue
		}
		r.Pinged = append(r.Pinged, topic)
	}
}

// pingOne sends one publish notification.
func pingOne(ctx context.Context, client *http.Client, timeout time.Duration, hub, topic, userAgent string) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("WebSub ping %s for %s: %w", hub, topic, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("WebSub ping %s for %s: %w: check --websub-hub and the network", hub, topic, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("WebSub ping %s for %s: hub answered %s", hub, topic, resp.Status)
	}
	return nil
}
