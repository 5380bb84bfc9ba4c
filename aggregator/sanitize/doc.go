// Package sanitize makes HTML and URLs written by strangers safe to
// republish: every title, summary, content body and link of every item
// passes through it on the way into the store.
//
// A republisher serves what it fetched to all of its subscribers' readers,
// so one event handler or javascript: link left in a merged feed attacks
// every one of them. Policy.HTML keeps harmless formatting and removes
// everything that runs code, loads active content, styles the page or
// submits data; Text gives the characters a reader should see in a plain
// text field; URL vets a single link. Dangerous is the independent checker
// tests and fuzz targets use to prove the output holds.
//
// # Decisions
//
// URL schemes. Links in content (a href) may be http, https, mailto or tel:
// the last two only start the reader's mail or phone application with an
// address. Images, audio, video, their sources, posters and cite
// attributes, and every URL returned by URL (item links, enclosures,
// author pages) must be http or https. Everything else is removed: the
// scripting schemes (javascript:, vbscript:, livescript:), data: except
// base64 data:image/(png|gif|jpeg|webp) in img src, file:, and schemes that
// hand an attacker-chosen argument to a local application. ftp: is removed
// too, since no current browser opens it; magnet: is removed because it
// launches a torrent client with whatever the link says. Credentials in a
// URL (https://user:pass@host/) are dropped so a private feed's password is
// never republished.
//
// A link whose URL is removed stays as an inert <a> around its text; an
// image, source or track left without attributes is removed.
//
// Relative URLs are resolved against the base the caller passes (xml:base,
// the item link or the feed URL) and the result is checked again, so a
// hostile xml:base such as "javascript:alert(1)//" cannot turn a relative
// link into a script. With no usable http(s) base, relative URLs are
// removed: resolved against the republisher's own address they would point
// somewhere the author never meant.
//
// rel and target. Links are published without rel and target (both are
// removed from the source). target="_blank" is what makes rel="noopener"
// necessary, and it is not allowed; rel="nofollow" is a signal to search
// engines about web pages, and a feed is read by feed readers, which apply
// their own link policy (Miniflux and NetNewsWire add noopener/noreferrer
// themselves). A web page that renders stored content should add rel where
// it renders.
//
// Media. audio and video keep src, poster, loop, muted and preload; autoplay
// is removed and controls is always added, since a media element without
// controls is invisible and one that plays by itself is hostile.
package sanitize
