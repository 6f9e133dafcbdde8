package testserver

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

type objectStats struct {
	Checksum        string             `json:"checksum"`
	ContentType     *string            `json:"content_type,omitempty"`
	Metadata        *map[string]string `json:"metadata,omitempty"`
	Mtime           int64              `json:"mtime"`
	Path            string             `json:"path"`
	PathType        string             `json:"path_type"`
	PhysicalAddress string             `json:"physical_address"`
	SizeBytes       *int64             `json:"size_bytes,omitempty"`
}

// statsJSON: alwaysMeta gives {} for no metadata (statObject, upload); list omits it (§9.6).
func statsJSON(p string, e *entry, alwaysMeta, userMeta bool) objectStats {
	ct, size := e.ContentType, e.Size
	st := objectStats{Checksum: e.Checksum, ContentType: &ct, Mtime: e.Mtime, Path: p, PathType: "object",
		PhysicalAddress: e.PhysicalAddress, SizeBytes: &size}
	md := map[string]string{}
	if userMeta && e.Metadata != nil {
		md = copyMap(e.Metadata)
	}
	if alwaysMeta || len(md) > 0 {
		st.Metadata = &md
	}
	return st
}

func commonPrefixJSON(p string) objectStats {
	return objectStats{Path: p, PathType: "common_prefix"}
}

var errPresignLocal = &apiError{http.StatusBadRequest, "local adapter presigned URL: operation not supported"}

// uploadObject follows §9.1. The body is read outside the state lock, exactly once.
func (s *Server) uploadObject(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	path := c.qs("path")
	repoID, branchID := c.p("repository"), c.p("branch")
	if err := checkRepoID(repoID); err != nil {
		return err
	}
	if err := checkBranchID(branchID); err != nil {
		return err
	}
	if err := checkPath(path); err != nil {
		return err
	}
	ifNoneMatch, hasINM := c.r.Header[http.CanonicalHeaderKey("If-None-Match")]
	_, hasIfMatch := c.r.Header[http.CanonicalHeaderKey("If-Match")]
	onlyNew := hasINM && len(ifNoneMatch) > 0 && strings.TrimSpace(ifNoneMatch[0]) == "*"

	check := func() (*repository, *branch, error) {
		r, err := s.repoByID(repoID)
		if err != nil {
			return nil, nil, err
		}
		b := r.branches[branchID]
		if b == nil {
			return nil, nil, errf(http.StatusNotFound, "branch '%s' not found", branchID)
		}
		if hasIfMatch || (hasINM && !onlyNew) {
			return nil, nil, errNotImplemented
		}
		if err := r.checkProtected(branchID, errWriteProtected); err != nil {
			return nil, nil, err
		}
		if onlyNew && r.lookup(b, path) != nil {
			return nil, nil, errf(http.StatusPreconditionFailed, "path already exists")
		}
		return r, b, nil
	}
	s.mu.Lock()
	_, _, err := check()
	s.mu.Unlock()
	if err != nil {
		return err
	}

	var body io.Reader = c.r.Body
	contentType := c.r.Header.Get("Content-Type")
	if mt, params, _ := mime.ParseMediaType(contentType); mt == "multipart/form-data" {
		mr := multipart.NewReader(c.r.Body, params["boundary"])
		body = nil
		for {
			part, perr := mr.NextPart()
			if perr != nil {
				break
			}
			if part.FormName() == "content" {
				body = part
				contentType = part.Header.Get("Content-Type")
				break
			}
		}
		if body == nil {
			return errf(http.StatusInternalServerError, "multipart upload missing key 'content': http: no such file")
		}
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	bl, sum, err := s.storeBlob(body)
	if err != nil {
		return errf(http.StatusBadRequest, "%v", err)
	}
	md := map[string]string{}
	for k, v := range c.r.Header {
		lk := strings.ToLower(k)
		switch {
		case strings.HasPrefix(lk, "x-lakefs-meta-") && len(v) > 0:
			md[strings.TrimPrefix(lk, "x-lakefs-meta-")] = v[0]
		case strings.HasPrefix(lk, "x-lakefs-internal-") && len(v) > 0:
			md["::lakefs::"+strings.TrimPrefix(lk, "x-lakefs-internal-")] = v[0]
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	r, b, err := check() // re-check: the branch may be gone, or the path created meanwhile
	if err != nil {
		return err
	}
	if r.ReadOnly && !c.qBool("force", false) {
		return errReadOnly
	}
	e := &entry{PhysicalAddress: s.physicalAddress(r), Checksum: sum, Size: bl.size, Mtime: time.Now().Unix(),
		ContentType: contentType, Metadata: md, blob: bl}
	b.staging[path] = e
	writeJSON(c.w, http.StatusCreated, statsJSON(path, e, true, true))
	return nil
}

// repoAtRef finds the request's repository (400/404) and resolves its ref there (an unknown one is 404 "not
// found"), for the object readers. Caller holds s.mu.
func (s *Server) repoAtRef(c *reqCtx) (*repository, resolved, error) {
	r, err := s.repoByID(c.p("repository"))
	if err != nil {
		return nil, resolved{}, err
	}
	res, err := r.resolveRef(c.p("ref"))
	if err == errRefNotFound {
		return nil, resolved{}, errNotFound
	}
	return r, res, err
}

// findObject resolves repo/ref/path for readers. Missing ref or path: 404 "not found".
func (s *Server) findObject(c *reqCtx) (*entry, error) {
	if err := c.requireUser(); err != nil {
		return nil, err
	}
	if err := checkPath(c.qs("path")); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, res, err := s.repoAtRef(c)
	if err != nil {
		return nil, err
	}
	e := r.lookupAt(res, c.qs("path"))
	if e == nil {
		return nil, errNotFound
	}
	return e, nil
}

func (s *Server) statObject(c *reqCtx) error {
	e, err := s.findObject(c)
	if err != nil {
		return err
	}
	if c.qBool("presign", false) {
		return errPresignLocal
	}
	writeJSON(c.w, http.StatusOK, statsJSON(c.qs("path"), e, true, c.qBool("user_metadata", true)))
	return nil
}

// inlineTypes is the safe list for Content-Disposition: inline; the whole stored value must match (§9.3).
var inlineTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true,
	"application/pdf": true, "text/plain": true, "application/json": true, "text/html": true, "text/csv": true,
	"text/markdown": true, "application/xml": true, "text/xml": true,
}

func (s *Server) getObject(c *reqCtx) error { return s.serveObject(c, false) }

// headObject: errors are status-only (§9.4).
func (s *Server) headObject(c *reqCtx) error {
	if err := s.serveObject(c, true); err != nil {
		status := http.StatusInternalServerError
		if ae, ok := err.(*apiError); ok {
			status = ae.status
		}
		c.w.WriteHeader(status)
	}
	return nil
}

func (s *Server) serveObject(c *reqCtx, head bool) error {
	e, err := s.findObject(c)
	if err != nil {
		return err
	}
	if !head && c.qBool("presign", false) {
		return errPresignLocal
	}
	h := c.w.Header()
	etag := `"` + e.Checksum + `"`
	h.Set("ETag", etag)
	h.Set("Last-Modified", time.Unix(e.Mtime, 0).UTC().Format(http.TimeFormat))
	if inm := c.r.Header.Get("If-None-Match"); inm != "" && (inm == etag || inm == e.Checksum) {
		c.w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Accept-Ranges", "bytes")
	start, end, partial := int64(0), e.Size-1, false
	if rg := c.r.Header.Get("Range"); rg != "" {
		var ok bool
		start, end, ok = parseRange(rg, e.Size)
		if !ok {
			h.Set("Content-Range", fmt.Sprintf("bytes */%d", e.Size))
			return errf(http.StatusRequestedRangeNotSatisfiable, "Requested Range Not Satisfiable")
		}
		partial = true
	}
	h.Set("Content-Type", e.ContentType)
	disp := "attachment"
	if inlineTypes[e.ContentType] {
		disp = "inline"
	}
	h.Set("Content-Disposition", disp)
	h.Set("Cache-Control", "no-store, must-revalidate")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Security-Policy", "default-src 'none'")
	length := end - start + 1
	if e.Size == 0 {
		length = 0
	}
	h.Set("Content-Length", strconv.FormatInt(length, 10))
	status := http.StatusOK
	if partial {
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, e.Size))
		status = http.StatusPartialContent
	}
	if head {
		c.w.WriteHeader(status)
		return nil
	}
	rd, err := e.blob.open()
	if err != nil {
		return errf(http.StatusGone, "No data")
	}
	defer rd.Close()
	if _, err := rd.Seek(start, io.SeekStart); err != nil {
		return err
	}
	c.w.WriteHeader(status)
	_, _ = io.CopyN(c.w, rd, length)
	return nil
}

// parseRange handles the first range of a bytes= header: a-b, a-, -n.
func parseRange(h string, size int64) (int64, int64, bool) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok {
		return 0, 0, false
	}
	spec, _, _ = strings.Cut(spec, ",")
	a, b, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok || size == 0 {
		return 0, 0, false
	}
	if a == "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		if n > size {
			n = size
		}
		return size - n, size - 1, true
	}
	start, err := strconv.ParseInt(a, 10, 64)
	if err != nil || start >= size {
		return 0, 0, false
	}
	end := size - 1
	if b != "" {
		e, err := strconv.ParseInt(b, 10, 64)
		if err != nil || e < start {
			return 0, 0, false
		}
		if e < end {
			end = e
		}
	}
	return start, end, true
}

// deleteObject: 204 even when missing; a committed path gets a tombstone, a staged-only
// path just leaves staging, so diffBranch shows nothing (§9.5).
func (s *Server) deleteObject(c *reqCtx) error {
	path := c.qs("path")
	if err := checkPath(path); err != nil {
		return err
	}
	r, b, err := s.repoBranch(c)
	if err != nil {
		return err
	}
	if err := r.checkWritable(b, c.qBool("force", false)); err != nil {
		return err
	}
	if _, committed := r.headTree(b)[path]; committed {
		b.staging[path] = nil
	} else {
		delete(b.staging, path)
	}
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}

// listObjects: lexicographic, branch refs include staging, common prefixes with a delimiter,
// metadata left out when empty (§9.6).
func (s *Server) listObjects(c *reqCtx) error {
	r, res, err := s.repoAtRef(c)
	if err != nil {
		return err
	}
	if c.qBool("presign", false) {
		return errPresignLocal
	}
	tree := r.treeAt(res)
	page, p := listEntries(sortedKeys(tree), c.qs("prefix"), c.qs("after"), c.qs("delimiter"), c.qInt("amount"))
	userMeta := c.qBool("user_metadata", true)
	writePage(c, page, p, func(l listing) objectStats {
		if l.commonPrefix {
			return commonPrefixJSON(l.path)
		}
		return statsJSON(l.path, tree[l.path], false, userMeta)
	})
	return nil
}

type listing struct {
	path         string
	commonPrefix bool
}

// listEntries is catalog.ListEntries over sorted keys: seek to the first key >= after within prefix; with a
// delimiter, a key that contains it after the prefix is listed as the common prefix up to and including it (even
// an object named "dir/" alone), and the scan jumps past that prefix; a listing equal to after is skipped. So
// after inside a common prefix ("a/1") lists that prefix again, and after = a common prefix ("a/") skips it.
func listEntries(keys []string, prefix, after, delim string, amount int) ([]listing, pagination) {
	amount = pageAmount(amount)
	out := make([]listing, 0)
	more := false
	i := sort.SearchStrings(keys, max(after, prefix))
	for i < len(keys) {
		k := keys[i]
		if !strings.HasPrefix(k, prefix) {
			break
		}
		l := listing{path: k}
		i++
		if delim != "" {
			if j := strings.Index(k[len(prefix):], delim); j >= 0 {
				l = listing{path: k[:len(prefix)+j+len(delim)], commonPrefix: true}
				for i < len(keys) && strings.HasPrefix(keys[i], l.path) {
					i++
				}
			}
		}
		if l.path == after {
			continue
		}
		if len(out) == amount {
			more = true
			break
		}
		out = append(out, l)
	}
	return out, pageInfo(out, more, func(l listing) string { return l.path })
}

// groupKeys collapses keys below prefix into common prefixes at the first delimiter.
func groupKeys(keys []string, prefix, delim string) []string {
	out := make([]string, 0, len(keys))
	seen := map[string]bool{}
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		key := k
		if delim != "" {
			if i := strings.Index(k[len(prefix):], delim); i >= 0 {
				key = k[:len(prefix)+i+len(delim)]
			}
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}

// updateObjectUserMetadata replaces the whole map, verbatim, as a staged change (§9.7).
func (s *Server) updateObjectUserMetadata(c *reqCtx) error {
	set, _ := c.bMap("set")
	path := c.qs("path")
	if err := checkPath(path); err != nil {
		return err
	}
	if err := checkRepoID(c.p("repository")); err != nil {
		return err
	}
	r := s.st.repos[c.p("repository")]
	if r == nil {
		// The real bug: UpdateEntryUserMetadata returns nil when the repository is missing.
		writeNoContent(c.w, http.StatusNoContent)
		return nil
	}
	b, err := r.branchOf(c.p("branch"))
	if err != nil {
		return err
	}
	if err := r.checkWritable(b, false); err != nil {
		return err
	}
	e := r.lookup(b, path)
	if e == nil {
		return errf(http.StatusNotFound, "update user metadata on %s/%s/%s: not found", r.ID, b.Name, path)
	}
	// lakeFS updates the staged entry optimistically: a concurrent change of the entry (or of the branch) makes
	// this update fail with 500 "predicate failed" [observed 2026-11-30, concurrent updates of one object].
	s.mu.Unlock()
	s.raceWindow()
	s.mu.Lock()
	if s.st.repos[r.ID] != r || r.branches[b.Name] != b || r.lookup(b, path) != e {
		return errPredicateFailed
	}
	b.staging[path] = e.withMetadata(set)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}
