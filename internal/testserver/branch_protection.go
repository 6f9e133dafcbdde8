package testserver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"regexp"
	"strings"
)

// Branch protection rules (controller.go:GetBranchProtectionRules/SetBranchProtectionRules, branch/protection_manager.go,
// settings/manager.go). lakeFS keeps them as one protobuf setting in the repository's KV partition:
//   - the ETag is the hex SHA-256 of the stored protobuf; "" when the setting does not exist or is empty (rules
//     set to []). It is sent bare, not quoted, and compared byte for byte ("*", W/ and quotes never match);
//   - no If-Match replaces unconditionally; a non-empty one must equal the current ETag of an existing setting, else
//     412 "Precondition failed" (so an empty-but-existing setting can never be matched); an empty If-Match cannot be
//     sent at all: the parameter binding answers 400 in text/plain, before authorization;
//   - the repository id is not validated (a malformed one is "repository not found"); set refuses read-only (403);
//   - each pattern blocks direct writes (upload, delete, metadata update, staging) and commits, and hard resets
//     ("protected branch"); merges into a protected branch are allowed. Patterns are gobwas globs; one that does
//     not compile makes every such write to the repository fail with 500.
//
// Real lakeFS caches the rules for its write checks (settings.Manager.Get, about 3 s plus jitter): a write right
// after a change may still see the old rules. The double applies them at once.

func init() {
	registerOperation(&operation{ID: "getBranchProtectionRules", Method: http.MethodGet, Path: "/repositories/{repository}/settings/branch_protection",
		handler: userLocked((*Server).getBranchProtectionRules)})
	registerOperation(&operation{ID: "setBranchProtectionRules", Method: http.MethodPut, Path: "/repositories/{repository}/settings/branch_protection",
		body: &bodySpec{required: true, array: true,
			elem: &field{kind: fObject, fields: []field{{name: "pattern", kind: fString, required: true, minLen: 1}}}},
		handler: (*Server).setBranchProtectionRules})
}

// protectionRules is the stored setting: a set of patterns.
type protectionRules struct {
	patterns map[string]bool
}

// etag is the SHA-256 of the protobuf lakeFS stores: BranchProtectionRules{map<string, BlockedActions> = 1}, each value
// BlockedActions{repeated enum = 1} = [STAGING_WRITE(0), COMMIT(1)] packed. lakeFS marshals the map in Go's random
// order, so with several rules its ETag depends on the order of that write; the double uses sorted order.
func (p *protectionRules) etag() string {
	if p == nil || len(p.patterns) == 0 {
		return ""
	}
	var msg []byte
	for _, pattern := range sortedKeys(p.patterns) {
		var entry []byte
		entry = appendLenField(entry, 1, []byte(pattern))
		entry = appendLenField(entry, 2, []byte{0x0a, 0x02, 0x00, 0x01})
		msg = appendLenField(msg, 1, entry)
	}
	sum := sha256.Sum256(msg)
	return hex.EncodeToString(sum[:])
}

func appendLenField(b []byte, num int, data []byte) []byte {
	b = appendVarint(b, uint64(num)<<3|2)
	b = appendVarint(b, uint64(len(data)))
	return append(b, data...)
}

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func (s *Server) getBranchProtectionRules(c *reqCtx) error {
	r, err := s.settingsRepo(c)
	if err != nil {
		return err
	}
	results := make([]map[string]string, 0)
	if r.protection != nil {
		for _, p := range sortedKeys(r.protection.patterns) {
			results = append(results, map[string]string{"pattern": p})
		}
	}
	c.w.Header().Set("ETag", r.protection.etag())
	writeJSON(c.w, http.StatusOK, results)
	return nil
}

func (s *Server) setBranchProtectionRules(c *reqCtx) error {
	ifMatch, conditional := c.r.Header[http.CanonicalHeaderKey("If-Match")]
	if conditional && (len(ifMatch) == 0 || ifMatch[0] == "") {
		// oapi-codegen's parameter binding, which runs before the handler and writes plain text.
		c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		c.w.WriteHeader(http.StatusBadRequest)
		_, _ = c.w.Write([]byte("Invalid format for parameter If-Match: parameter 'If-Match' is empty, can't bind its value\n"))
		return nil
	}
	if err := c.requireUser(); err != nil {
		return err
	}
	rules := &protectionRules{patterns: map[string]bool{}}
	for _, item := range c.bodyList {
		m, _ := item.(map[string]any)
		p, _ := m["pattern"].(string)
		rules.patterns[p] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.settingsRepo(c)
	if err != nil {
		return err
	}
	if r.ReadOnly {
		return errReadOnly
	}
	if conditional && (r.protection == nil || r.protection.etag() != ifMatch[0]) {
		return errf(http.StatusPreconditionFailed, "Precondition failed")
	}
	r.protection = rules
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

var (
	errWriteProtected  = &apiError{http.StatusForbidden, "cannot write to protected branch"}
	errCommitProtected = &apiError{http.StatusForbidden, "cannot commit to protected branch"}
	errProtected       = &apiError{http.StatusForbidden, "protected branch"}
)

// checkProtected is graveler's IsBlocked: err (one of the errors above) when a rule matches the branch, 500 when a
// pattern does not compile. Caller holds s.mu.
func (r *repository) checkProtected(branch string, err *apiError) error {
	if r.protection == nil {
		return nil
	}
	for _, p := range sortedKeys(r.protection.patterns) {
		re, cerr := globRegexp(p)
		if cerr != nil {
			return errf(http.StatusInternalServerError, "%s", cerr.Error())
		}
		if re.MatchString(branch) {
			return err
		}
	}
	return nil
}

// checkWritable guards a direct write to a branch (delete, metadata update, staging): a protected branch, then a
// read-only repository unless force (both 403). Caller holds s.mu.
func (r *repository) checkWritable(b *branch, force bool) error {
	if err := r.checkProtected(b.Name, errWriteProtected); err != nil {
		return err
	}
	if r.ReadOnly && !force {
		return errReadOnly
	}
	return nil
}

var errGlobEnd = errors.New("unexpected end of input")

// globRegexp translates a gobwas glob without separators: * (any run), ? (one character), [abc] [a-z] [!...]
// (a class), {a,b} (alternatives, themselves globs) and \ (escape).
func globRegexp(pattern string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	rs := []rune(pattern)
	depth := 0
	for i := 0; i < len(rs); i++ {
		switch ch := rs[i]; ch {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '\\':
			if i+1 >= len(rs) {
				return nil, errGlobEnd
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case '[':
			j := i + 1
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				return nil, errGlobEnd
			}
			class := rs[i+1 : j]
			b.WriteString("[")
			if len(class) > 0 && class[0] == '!' {
				b.WriteString("^")
				class = class[1:]
			}
			for _, cr := range class {
				if cr == '-' {
					b.WriteRune('-')
				} else {
					b.WriteString(regexp.QuoteMeta(string(cr)))
				}
			}
			b.WriteString("]")
			i = j
		case '{':
			depth++
			b.WriteString(`(?:`)
		case '}':
			if depth == 0 {
				b.WriteString(`\}`)
				continue
			}
			depth--
			b.WriteString(`)`)
		case ',':
			if depth > 0 {
				b.WriteString(`|`)
			} else {
				b.WriteString(`,`)
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	if depth > 0 {
		return nil, errGlobEnd
	}
	b.WriteString(`)$`)
	return regexp.Compile(b.String())
}
