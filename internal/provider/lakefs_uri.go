package provider

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// lakeFS URIs, lakefs://<repository>/<ref>/<path>, read and written as lakeFS's own pkg/uri (v1.84.0) does,
// which lakectl uses for every URI argument:
//
//   - Parse: the URI goes through net/url, so the scheme is case-insensitive and the ref and path are
//     percent-decoded ("a%20b" is "a b"); spaces, unicode and every other character stand as they are. The
//     repository is the host; the URL path after its leading "/" is split at the first "/" into the ref and
//     the path, and the path is everything after that "/", kept as is: a trailing "/" (a "directory") is
//     kept, "lakefs://repo/ref/" has the empty path, "lakefs://repo/ref//" the path "/".
//   - "lakefs://repo" (and "lakefs://repo/") names a repository alone: the ref and the path are empty.
//   - Build: lakeFS's URI.String() writes the parts as they are, without escaping. So does buildLakeFSURI,
//     except for the few characters that lakeFS's Parse would not read back as written: "%" (it would be
//     decoded), "?" and "#" (net/url cuts the query and fragment off) and ASCII control characters (net/url
//     refuses them). Those, and only those, are percent-encoded, so that Parse(Build(x)) == x for every x.
//
// Like lakectl, which validates every URI it parses (uri.URI.ValidateRef and friends), the repository must
// be a valid repository id and a ref must have no whitespace. Where lakeFS's Parse silently drops part of
// its input, parseLakeFSURI refuses it instead: a query or fragment ("?", "#"), a port after the
// repository, a path without a ref ("lakefs://repo//path").

const (
	lakeFSURIScheme = "lakefs"
	lakeFSURIPrefix = lakeFSURIScheme + "://"
)

// lakeFSURI holds the parts of a lakeFS URI. Path is nil when the URI has no path part ("lakefs://repo/ref"),
// and points to "" when it has an empty one ("lakefs://repo/ref/"), as in lakeFS's uri.URI.
type lakeFSURI struct {
	Repository string
	Ref        string
	Path       *string
}

// PathString returns the path, "" when there is none.
func (u lakeFSURI) PathString() string {
	if u.Path == nil {
		return ""
	}
	return *u.Path
}

// lakeFSURIPart says which part of a URI an error is about; its value is the index of the matching argument
// of provider::lakefs::build_uri.
type lakeFSURIPart int

const (
	uriPartRepository lakeFSURIPart = iota
	uriPartRef
	uriPartPath
)

// lakeFSURIError is an error about one part of a lakeFS URI.
type lakeFSURIError struct {
	Part lakeFSURIPart
	Msg  string
}

func (e *lakeFSURIError) Error() string { return e.Msg }

func uriErrorf(part lakeFSURIPart, format string, args ...any) *lakeFSURIError {
	return &lakeFSURIError{Part: part, Msg: fmt.Sprintf(format, args...)}
}

// parseLakeFSURI parses s as lakeFS's uri.Parse does, then validates the repository and the ref.
func parseLakeFSURI(s string) (lakeFSURI, error) {
	const expected = "expected lakefs://<repository>/<ref>/<path>"
	if !strings.HasPrefix(strings.ToLower(s), lakeFSURIPrefix) {
		return lakeFSURI{}, fmt.Errorf("%q is not a lakeFS URI: it must start with %q (%s)", s, lakeFSURIPrefix, expected)
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return lakeFSURI{}, fmt.Errorf("%q is not a lakeFS URI: %q starts a URL query or fragment, which lakeFS would drop "+
			"with everything after it; in a ref or path, percent-encode it (%s)", s, s[i:i+1], url.PathEscape(s[i:i+1]))
	}
	u, err := url.Parse(s)
	if err != nil {
		reason := err.Error()
		if urlErr := (*url.Error)(nil); errors.As(err, &urlErr) {
			reason = urlErr.Err.Error() // without url.Error's repetition of the whole URI
		}
		return lakeFSURI{}, fmt.Errorf("%q is not a lakeFS URI: %s", s, reason)
	}
	if u.User != nil {
		return lakeFSURI{}, fmt.Errorf("%q is not a lakeFS URI: it has user information (%q) before the repository", s, u.User.String()+"@")
	}
	if u.Host == "" {
		return lakeFSURI{}, fmt.Errorf("%q is not a lakeFS URI: the repository is missing (%s)", s, expected)
	}
	// lakeFS takes u.Hostname(), dropping a port: a repository id has no ":", so validate the whole host.
	if err := validateURIRepository(u.Host); err != nil {
		return lakeFSURI{}, fmt.Errorf("%q is not a valid lakeFS URI: %s", s, err)
	}
	parsed := lakeFSURI{Repository: u.Host}
	if u.Path != "" {
		// url.Parse leaves a path that follows an authority starting with "/".
		ref, path, hasPath := strings.Cut(u.Path[1:], "/")
		parsed.Ref = ref
		if hasPath {
			parsed.Path = &path
		}
	}
	if parsed.Ref == "" {
		if parsed.PathString() != "" {
			return lakeFSURI{}, fmt.Errorf("%q is not a valid lakeFS URI: it has a path (%q) but an empty ref (%s)", s, parsed.PathString(), expected)
		}
		parsed.Path = nil // "lakefs://repo/" names the repository, as lakeFS reads it
		return parsed, nil
	}
	if err := validateURIRef(parsed.Ref); err != nil {
		return lakeFSURI{}, fmt.Errorf("%q is not a valid lakeFS URI: %s", s, err)
	}
	return parsed, nil
}

// buildLakeFSURI writes u as lakeFS's uri.URI.String() does, percent-encoding only what lakeFS's Parse would
// not read back (see the top of this file). A nil Path writes no path part ("lakefs://repo/ref"); an empty
// one writes the trailing "/" ("lakefs://repo/ref/"). An empty Ref gives the repository URI "lakefs://repo",
// which can have no path. Errors are *lakeFSURIError, naming the part at fault.
func buildLakeFSURI(u lakeFSURI) (string, error) {
	if err := validateURIRepository(u.Repository); err != nil {
		return "", &lakeFSURIError{Part: uriPartRepository, Msg: err.Error()}
	}
	var b strings.Builder
	b.WriteString(lakeFSURIPrefix)
	b.WriteString(u.Repository)
	if u.Ref == "" {
		if u.PathString() != "" {
			return "", uriErrorf(uriPartRef, "the ref is empty but the path (%q) is not: a path needs a ref", u.PathString())
		}
		return b.String(), nil
	}
	if err := validateURIRef(u.Ref); err != nil {
		return "", &lakeFSURIError{Part: uriPartRef, Msg: err.Error()}
	}
	if strings.Contains(u.Ref, "/") {
		return "", uriErrorf(uriPartRef, "the ref %q contains \"/\", which would end the ref in a lakeFS URI", u.Ref)
	}
	b.WriteString("/")
	b.WriteString(escapeLakeFSURIPart(u.Ref))
	if u.Path == nil {
		return b.String(), nil
	}
	b.WriteString("/")
	b.WriteString(escapeLakeFSURIPart(*u.Path))
	return b.String(), nil
}

// escapeLakeFSURIPart percent-encodes the characters of a ref or path that lakeFS's uri.Parse would not read
// back as they are: "%", "?", "#" and ASCII control characters. Everything else is written as is.
func escapeLakeFSURIPart(s string) string {
	if !strings.ContainsFunc(s, needsURIEscape) {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && needsURIEscape(rune(c)) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func needsURIEscape(r rune) bool {
	return r == '%' || r == '?' || r == '#' || r < 0x20 || r == 0x7F
}

func validateURIRepository(repository string) error {
	switch {
	case repository == "":
		return errors.New("the repository is missing")
	case !repositoryIDPattern.MatchString(repository):
		return fmt.Errorf("%q is not a valid repository name: it must be 3 to 63 characters of lowercase letters, "+
			"digits and dashes, starting with a letter or digit", repository)
	}
	return nil
}

func validateURIRef(ref string) error {
	if !refPattern.MatchString(ref) {
		return fmt.Errorf("%q is not a valid ref: a ref must be non-empty and have no whitespace", ref)
	}
	return nil
}
