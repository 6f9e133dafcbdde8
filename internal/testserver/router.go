package testserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// basePath is where the API lives (contract header).
const basePath = "/api/v1"

type handlerFunc func(s *Server, c *reqCtx) error

// operation is one row of the route table: method + path pattern → operationId.
type operation struct {
	ID      string
	Method  string
	Path    string // e.g. /repositories/{repository}/branches/{branch}
	query   []param
	body    *bodySpec
	handler handlerFunc
	segs    []string
	// public operations have `security: []` (§1.2): the auth middleware does not look
	// at credentials at all, so even a bad Authorization header is not refused.
	public bool
	// since is the first lakeFS version with the operation; an older Options.Version answers 404
	// "invalid API endpoint" for it.
	since string
}

// reqCtx carries one request through the pipeline.
type reqCtx struct {
	w       http.ResponseWriter
	r       *http.Request
	op      *operation
	params  map[string]string
	body    map[string]any
	hasBody bool
	// bodyList is a validated body whose top level is an array (bodySpec.array).
	bodyList []any
	user     *user
	// interrupted: the handler stops before its last state change (FaultInterruptedHandler).
	interrupted bool
}

// requireUser is the handler-side authorize() call: no user gives 401 (§1.3).
func (c *reqCtx) requireUser() error {
	if c.user == nil {
		return errUnauthenticated
	}
	return nil
}

func (c *reqCtx) p(name string) string { return c.params[name] }

// userLocked is the start of most handlers: 401 without a user (requireUser), then h with s.mu held throughout.
func userLocked(h handlerFunc) handlerFunc {
	return func(s *Server, c *reqCtx) error {
		if err := c.requireUser(); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return h(s, c)
	}
}

// editionHandlers lets other files swap an operation's handler for one edition
// (e.g. principals.go for EditionEnterprise). Fill it from init().
var editionHandlers = map[Edition]map[string]handlerFunc{}

// extraOperations lets other files add API routes that the core table lacks, from init(). (The presigned
// part upload is not one: the object store serves it outside the API, see servePresignedPart.)
var extraOperations []*operation

func registerEditionHandler(ed Edition, opID string, h handlerFunc) {
	if editionHandlers[ed] == nil {
		editionHandlers[ed] = map[string]handlerFunc{}
	}
	editionHandlers[ed][opID] = h
}

// multipartHandlers replace operations when Options.PresignedMultipart is set (multipart.go).
var multipartHandlers = map[string]handlerFunc{}

func registerMultipartHandler(opID string, h handlerFunc) { multipartHandlers[opID] = h }

func registerOperation(op *operation) { extraOperations = append(extraOperations, op) }

func (s *Server) buildOperations() {
	all := append(coreOperations(), extraOperations...)
	s.opsBy = map[string]*operation{}
	for _, op := range all {
		if op.since != "" && versionBefore(s.opts.Version, op.since) {
			continue
		}
		o := *op
		if h, ok := editionHandlers[s.opts.Edition][o.ID]; ok {
			o.handler = h
		}
		if h, ok := multipartHandlers[o.ID]; ok && s.opts.PresignedMultipart {
			o.handler = h
		}
		o.segs = strings.Split(strings.Trim(o.Path, "/"), "/")
		s.ops = append(s.ops, &o)
		s.opsBy[o.ID] = &o
	}
}

// match finds the operation for method+path. A known path with the wrong method is
// no match: the real server answers 404 "invalid API endpoint", never 405 (§1.1).
func (s *Server) match(method, escapedPath string) (*operation, map[string]string) {
	if !strings.HasPrefix(escapedPath, basePath+"/") {
		return nil, nil
	}
	raw := strings.Split(strings.TrimPrefix(escapedPath, basePath+"/"), "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		u, err := url.PathUnescape(r)
		if err != nil {
			return nil, nil
		}
		segs[i] = u
	}
	var best *operation
	var bestParams map[string]string
	bestLiterals := -1
	for _, op := range s.ops {
		if op.Method != method || len(op.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		literals := 0
		ok := true
		for i, ps := range op.segs {
			if strings.HasPrefix(ps, "{") {
				if segs[i] == "" {
					ok = false
					break
				}
				params[strings.Trim(ps, "{}")] = segs[i]
			} else if ps == segs[i] {
				literals++
			} else {
				ok = false
				break
			}
		}
		if ok && literals > bestLiterals {
			best, bestParams, bestLiterals = op, params, literals
		}
	}
	return best, bestParams
}

// ServeHTTP runs the pipeline of contract §1.1: routing, faults, validation, authentication, handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, objectStorePath) {
		w.Header().Set("X-Request-Id", s.requestID())
		s.servePresignedPart(w, r) // the "object store" behind presigned part URLs, not lakeFS
		return
	}
	op, params := s.match(r.Method, r.URL.EscapedPath())
	if op == nil {
		// Real lakeFS answers an unknown route before its request-id middleware: no X-Request-Id.
		s.count(unknownOperation)
		writeMessage(w, http.StatusNotFound, "invalid API endpoint")
		return
	}
	w.Header().Set("X-Request-Id", s.requestID())
	s.count(op.ID)

	faults := s.applyFaults(w, r, op)
	if faults.handled {
		return
	}
	c := &reqCtx{w: w, r: r, op: op, params: params, interrupted: faults.interrupted}
	if faults.resetAfter {
		// The state change happens, but the client only sees a reset connection.
		c.w = newDiscardWriter()
		s.serve(c)
		s.countLostAnswer(op.ID)
		resetConnection(w)
		return
	}
	s.serve(c)
}

func (s *Server) serve(c *reqCtx) {
	if s.opts.Edition == EditionACL && strings.HasPrefix(c.op.Path, "/auth/") {
		// lakeFS passes user and group ids on to the ACL server, which reads a '+' in them as a space (QUIRKS.md).
		for _, name := range []string{"userId", "groupId"} {
			if v, ok := c.params[name]; ok {
				c.params[name] = strings.ReplaceAll(v, "+", " ")
			}
		}
	}
	if err := c.validateQuery(); err != nil {
		writeErr(c.w, err)
		return
	}
	if err := c.validateBody(); err != nil {
		writeErr(c.w, err)
		return
	}
	if !c.op.public {
		u, err := s.authenticate(c.r)
		if err != nil {
			writeErr(c.w, err)
			return
		}
		c.user = u
	}
	if err := c.op.handler(s, c); err != nil {
		writeErr(c.w, err)
	}
}

// discardWriter swallows a response (used by FaultResetAfterHandler).
type discardWriter struct{ h http.Header }

func newDiscardWriter() *discardWriter               { return &discardWriter{h: http.Header{}} }
func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// versionBefore compares dotted versions ("1.54.2" < "1.55"); a part that is not a number counts as 0.
func versionBefore(v, than string) bool {
	a, b := strings.Split(strings.TrimPrefix(v, "v"), "."), strings.Split(than, ".")
	for i := range max(len(a), len(b)) {
		var x, y int
		if i < len(a) {
			x, _ = strconv.Atoi(a[i])
		}
		if i < len(b) {
			y, _ = strconv.Atoi(b[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}
