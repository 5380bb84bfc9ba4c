// Package charset turns a fetched feed body into UTF-8 that an XML parser
// reads correctly, whatever the publisher's encoding and however wrongly it
// was labelled.
//
// Feeds arrive in UTF-16 with or without a byte order mark, ISO-8859-x,
// Windows-125x, KOI8-R and the CJK encodings, and are often mislabelled: a
// server's default "charset=ISO-8859-1" on a UTF-8 file, a declaration copied
// from a template that no longer matches the bytes. ToUTF8 decides the
// encoding once, decodes with golang.org/x/text, rewrites the XML
// declaration to say UTF-8 (so gofeed does not decode a second time) and
// leaves only characters XML 1.0 allows, so nothing fetched can make a
// republished document ill-formed.
//
// # Precedence
//
// RFC 7303 (section 3) and feedparser agree on the order, which ToUTF8
// follows, with one deviation for bytes that are demonstrably UTF-8:
//
//  1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) is final;
//  2. without one, the XML 1.0 appendix F byte patterns ("\x00<\x00?" and
//     the like) identify UTF-16 and UTF-32, whatever the labels say: a
//     16-bit document cannot be read as an 8-bit one;
//  3. the charset parameter of the HTTP Content-Type;
//  4. the encoding in the XML declaration;
//  5. otherwise UTF-8.
//
// Labels are resolved with the WHATWG index (golang.org/x/net/html/charset),
// the one browsers use, so "ISO-8859-1" and "US-ASCII" read as windows-1252,
// a superset that gives the smart quotes such documents usually contain
// their intended meaning; labels only IANA knows fall back to ianaindex. An
// unknown label is ignored and the next rule applies, and so are the labels
// WHATWG maps to its "replacement" decoder (ISO-2022-KR, HZ-GB-2312,
// ISO-2022-CN), which would turn the whole feed into one U+FFFD. A UTF-16
// or UTF-32 label on a document whose bytes are 8-bit (rules 1 and 2 did not
// fire) is ignored too. Unlike RFC 3023, a text/* media type without a charset does
// not imply US-ASCII (RFC 7303 removed that default).
//
// A UTF-8 label on bytes that are not valid UTF-8 is set aside for the next
// label, as feedparser does, so that a server's blanket "charset=utf-8"
// does not hide a declaration of windows-1251 that matches the bytes.
//
// The deviation: when a label names a legacy encoding but the whole body is
// valid UTF-8 containing at least one multi-byte sequence, the body is read
// as UTF-8. Legacy 8-bit text practically never forms valid multi-byte UTF-8
// throughout a document, while servers that append "charset=ISO-8859-1" to
// UTF-8 files are common; miniflux makes the same call.
//
// # Invalid bytes
//
// When a UTF-8 byte order mark declared the encoding, invalid sequences
// become U+FFFD. When UTF-8 was declared by a label or merely presumed, each
// byte that is not part of a valid sequence is read as windows-1252 and the
// valid sequences are kept: a latin-1 document mislabelled UTF-8, one with
// no label at all, and a UTF-8 document with one latin-1 item pasted in all
// come out as their authors meant (the five bytes windows-1252 leaves
// undefined become U+FFFD). Legacy decoders replace invalid sequences with
// U+FFFD.
//
// # Characters
//
// XML 1.0 forbids C0 controls other than tab, newline and carriage return,
// and U+FFFE/U+FFFF: they are dropped. C1 controls (U+0080–U+009F) are
// allowed by XML but in feeds are always windows-1252 punctuation decoded
// as latin-1 (feedparser calls this "demoronizing"): they are mapped to the
// windows-1252 character, and the five code points windows-1252 leaves
// undefined are dropped. A leading byte order mark is removed.
package charset
