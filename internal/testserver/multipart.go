package testserver

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// Presigned multipart upload as lakeFS on S3 does it (contract §10.3). The "object store" is this server too:
// presigned part URLs point at /_objectstore/..., outside /api/v1, and carry an HMAC signature and an expiry
// like S3 query-string auth. Parts are spooled to temp files, so a large upload needs little memory.

const (
	maxUploadParts   = 10000   // manager.MaxUploadParts
	minPartSize      = 5 << 20 // S3's minimum for every part but the last
	objectStorePath  = "/_objectstore/"
	defaultPresignIn = 15 * time.Minute // blockstore.s3.pre_signed_expiry
)

// PresignedPartOperation is the counter (RequestCount) and fault (Fault.Operation) name of part PUTs to presigned URLs.
const PresignedPartOperation = "putPresignedPart"

func init() {
	registerMultipartHandler("createPresignMultipartUpload", (*Server).createPresignMultipartUpload)
	registerMultipartHandler("completePresignMultipartUpload", (*Server).completePresignMultipartUpload)
	registerMultipartHandler("abortPresignMultipartUpload", (*Server).abortPresignMultipartUpload)
	registerMultipartHandler("uploadPart", (*Server).uploadPart)
}

// multipartState holds the object store's open uploads; it has its own lock so part uploads never wait on s.mu.
type multipartState struct {
	mu      sync.Mutex
	key     []byte // signs physical addresses and presigned URLs
	skew    time.Duration
	uploads map[string]*mpUpload
}

type mpUpload struct {
	id       string
	objKey   string // the object key in the "bucket": <repo>/data/<partition>/<xid>,<sig>
	physical string // the full signed address create returned
	parts    map[int]*mpPart
}

type mpPart struct {
	file string
	size int64
	md5  []byte
}

func (s *Server) mp() *multipartState {
	s.mpOnce.Do(func() {
		s.mpState = &multipartState{key: s.randBytes(32), uploads: map[string]*mpUpload{}}
	})
	return s.mpState
}

func (m *multipartState) now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return time.Now().Add(m.skew)
}

// OpenMultipartUploads is how many presigned multipart uploads are neither completed nor aborted.
func (s *Server) OpenMultipartUploads() int {
	m := s.mp()
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.uploads)
}

// HeldMultipartParts is how many uploaded parts the open uploads hold.
func (s *Server) HeldMultipartParts() int {
	m := s.mp()
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, u := range m.uploads {
		n += len(u.parts)
	}
	return n
}

// ExpirePresignedURLs moves the object store's clock a day ahead, so every presigned URL issued so far has expired.
func (s *Server) ExpirePresignedURLs() {
	m := s.mp()
	m.mu.Lock()
	m.skew += 24 * time.Hour
	m.mu.Unlock()
}

func (s *Server) presignExpiry() time.Duration {
	if s.opts.PresignExpiry > 0 {
		return s.opts.PresignExpiry
	}
	return defaultPresignIn
}

// signAddress is catalog.GetAddressWithSignature: HMAC-SHA256 over the JSON of repo, branch, path and the relative address.
func (s *Server) signAddress(repo, branch, path, rel string) string {
	doc, _ := json.Marshal(struct {
		Repository, Branch, Path, PhysicalAddress string
	}{repo, branch, path, rel})
	mac := hmac.New(sha256.New, s.mp().key)
	mac.Write(doc)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// checkSignedAddress runs checks 7 and 8 of complete/abort (§10.3.3) and returns the object key.
func (s *Server) checkSignedAddress(r *repository, branch, path, physical string) (string, error) {
	prefix := strings.TrimSuffix(r.StorageNamespace, "/") + "/"
	rel, ok := strings.CutPrefix(physical, prefix)
	if !ok || !strings.HasPrefix(rel, "data/") {
		return "", errf(http.StatusBadRequest, "physical address must be relative to the storage namespace")
	}
	addr, sig, ok := strings.Cut(rel, ",")
	if !ok {
		return "", errf(http.StatusBadRequest, "address is not signed: link address invalid")
	}
	if !hmac.Equal([]byte(sig), []byte(s.signAddress(r.ID, branch, path, addr))) {
		return "", errf(http.StatusBadRequest, "invalid address signature: invalid address")
	}
	return r.ID + "/" + rel, nil
}

func (s *Server) createPresignMultipartUpload(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	repoID, branchID, path := c.p("repository"), c.p("branch"), c.qs("path")
	s.mu.Lock()
	r, err := s.repoByID(repoID)
	if err == nil && r.branches[branchID] == nil {
		err = errf(http.StatusNotFound, "branch '%s' not found", branchID)
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := checkPath(path); err != nil {
		return err
	}
	parts := c.qInt("parts")
	if parts < 0 || parts > maxUploadParts {
		return errf(http.StatusBadRequest, "parts can be between 0 and %d", maxUploadParts)
	}
	rel := "data/" + r.Partition + "/" + s.newXID(time.Now())
	rel += "," + s.signAddress(repoID, branchID, path, rel)
	u := &mpUpload{
		id:       base64.RawURLEncoding.EncodeToString(s.randBytes(24)),
		objKey:   repoID + "/" + rel,
		physical: strings.TrimSuffix(r.StorageNamespace, "/") + "/" + rel,
		parts:    map[int]*mpPart{},
	}
	m := s.mp()
	m.mu.Lock()
	m.uploads[u.id] = u
	m.mu.Unlock()
	out := map[string]any{"upload_id": u.id, "physical_address": u.physical}
	if parts > 0 {
		urls := make([]string, parts)
		now := m.now()
		for i := range urls {
			urls[i] = s.presignPartURL(c.r, u, i+1, now)
		}
		out["presigned_urls"] = urls
	}
	writeJSON(c.w, http.StatusCreated, out)
	return nil
}

// presignPartURL builds an S3-style query-signed URL on this server (the host the client reached).
func (s *Server) presignPartURL(r *http.Request, u *mpUpload, part int, now time.Time) string {
	escapedKey := escapeKey(u.objKey)
	date := now.UTC().Format("20060102T150405Z")
	expires := int(s.presignExpiry() / time.Second)
	if expires < 1 {
		expires = 1
	}
	q := fmt.Sprintf("X-Amz-Date=%s&X-Amz-Expires=%d&partNumber=%d&uploadId=%s", date, expires, part, u.id)
	sig := s.signURL(escapedKey, q)
	s.recordSecret(sig)
	host := r.Host
	if s.opts.PresignedPartHost != "" {
		host = s.opts.PresignedPartHost
	}
	return fmt.Sprintf("http://%s%s%s?%s&X-Amz-Signature=%s", host, objectStorePath, escapedKey, q, sig)
}

// uploadPart presigns one part URL afresh (§10.3.2): the address must be create's, signed for this repository,
// branch and path. Like S3 presigning, it does not look the upload up: an unknown id fails at the part PUT.
func (s *Server) uploadPart(c *reqCtx) error {
	if err := c.requireUser(); err != nil {
		return err
	}
	var part int
	if _, err := fmt.Sscan(c.p("partNumber"), &part); err != nil || part < 1 || part > maxUploadParts {
		return errf(http.StatusBadRequest, "parameter \"partNumber\" in path has an error: number must be between 1 and %d", maxUploadParts)
	}
	s.mu.Lock()
	r, err := s.repoByID(c.p("repository"))
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := checkPath(c.qs("path")); err != nil {
		return err
	}
	body, err := readMPBody(c)
	if err != nil {
		return err
	}
	objKey, err := s.checkSignedAddress(r, c.p("branch"), c.qs("path"), body.PhysicalAddress)
	if err != nil {
		return err
	}
	u := &mpUpload{id: c.p("uploadId"), objKey: objKey}
	writeJSON(c.w, http.StatusOK, map[string]any{"presigned_url": s.presignPartURL(c.r, u, part, s.mp().now())})
	return nil
}

func escapeKey(key string) string {
	return strings.ReplaceAll(key, ",", "%2C")
}

func (s *Server) signURL(escapedKey, query string) string {
	mac := hmac.New(sha256.New, s.mp().key)
	fmt.Fprintf(mac, "PUT\n%s\n%s", escapedKey, query)
	return hex.EncodeToString(mac.Sum(nil))
}

// s3Error writes an S3-style XML error, as the object store (not lakeFS) answers.
func s3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>",
		code, msg, w.Header().Get("X-Request-Id"))
}

// servePresignedPart is UploadPart on the object store: PUT /_objectstore/<key>?...&partNumber=&uploadId=&X-Amz-Signature=.
func (s *Server) servePresignedPart(w http.ResponseWriter, r *http.Request) {
	s.count(PresignedPartOperation)
	op := &operation{ID: PresignedPartOperation}
	if s.applyFaults(w, r, op).handled {
		return
	}
	if r.Method != http.MethodPut {
		s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		return
	}
	escapedKey := strings.TrimPrefix(r.URL.EscapedPath(), objectStorePath)
	rawQuery, sig, ok := strings.Cut(r.URL.RawQuery, "&X-Amz-Signature=")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.signURL(escapedKey, rawQuery))) {
		s3Error(w, http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
		return
	}
	q := r.URL.Query()
	issued, err1 := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	var secs, part int
	_, err2 := fmt.Sscan(q.Get("X-Amz-Expires"), &secs)
	_, err3 := fmt.Sscan(q.Get("partNumber"), &part)
	if err1 != nil || err2 != nil || err3 != nil || part < 1 || part > maxUploadParts {
		s3Error(w, http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
		return
	}
	m := s.mp()
	if m.now().After(issued.Add(time.Duration(secs) * time.Second)) {
		s3Error(w, http.StatusForbidden, "AccessDenied", "Request has expired")
		return
	}
	id := q.Get("uploadId")
	if !m.has(id) {
		s3Error(w, http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
		return
	}
	p, err := s.spoolPart(r.Body)
	if err != nil {
		s3Error(w, http.StatusBadRequest, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
		return
	}
	if r.ContentLength >= 0 && p.size != r.ContentLength {
		_ = os.Remove(p.file)
		s3Error(w, http.StatusBadRequest, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
		return
	}
	m.mu.Lock()
	u := m.uploads[id]
	if u == nil { // aborted while the part was arriving
		m.mu.Unlock()
		_ = os.Remove(p.file)
		s3Error(w, http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
		return
	}
	if old := u.parts[part]; old != nil {
		_ = os.Remove(old.file)
	}
	u.parts[part] = p
	m.mu.Unlock()
	w.Header().Set("ETag", `"`+hex.EncodeToString(p.md5)+`"`)
	w.WriteHeader(http.StatusOK)
}

func (m *multipartState) has(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.uploads[id] != nil
}

// spoolPart streams a part body to a temp file, computing its MD5 on the way.
func (s *Server) spoolPart(body io.Reader) (*mpPart, error) {
	dir, err := s.tempDir()
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "part-")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := md5.New()
	n, err := io.Copy(io.MultiWriter(f, h), body)
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, err
	}
	return &mpPart{file: f.Name(), size: n, md5: h.Sum(nil)}, nil
}

// mpBody is the body of complete and abort. The operations have no body spec in the route table, so the
// kin-openapi checks that matter (JSON, types) are done here.
type mpBody struct {
	PhysicalAddress string            `json:"physical_address"`
	Parts           []mpBodyPart      `json:"parts"`
	UserMetadata    map[string]string `json:"user_metadata"`
	ContentType     string            `json:"content_type"`
}

type mpBodyPart struct {
	PartNumber int    `json:"part_number"`
	ETag       string `json:"etag"`
}

func readMPBody(c *reqCtx) (*mpBody, error) {
	if c.body != nil {
		// The validation step already read and checked the body: decode what it kept.
		raw, _ := json.Marshal(c.body)
		var b mpBody
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, errf(http.StatusBadRequest, "request body has an error: doesn't match schema: %v", err)
		}
		return &b, nil
	}
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxJSONBody+1))
	if err != nil || len(raw) > maxJSONBody {
		return nil, errf(http.StatusBadRequest, "request body has an error: body too large")
	}
	var b mpBody
	if len(bytes.TrimSpace(raw)) == 0 {
		return &b, nil
	}
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt != "application/json" {
		return nil, errf(http.StatusBadRequest, "request body has an error: header Content-Type has unexpected value %q", c.r.Header.Get("Content-Type"))
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, errf(http.StatusBadRequest, "request body has an error: doesn't match schema: %v", err)
	}
	return &b, nil
}

// mpRequest reads the body, resolves the repository and checks the body's address (complete and abort, §10.3.3
// steps 1-8); it returns the body and the upload's object key.
func (s *Server) mpRequest(c *reqCtx, needParts bool) (*mpBody, string, error) {
	body, err := readMPBody(c)
	if err != nil {
		return nil, "", err
	}
	if err := c.requireUser(); err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	r, err := s.repoByID(c.p("repository"))
	s.mu.Unlock()
	if err != nil {
		return nil, "", err
	}
	if err := checkPath(c.qs("path")); err != nil {
		return nil, "", err
	}
	if body.PhysicalAddress == "" {
		return nil, "", errf(http.StatusBadRequest, "physical_address is required")
	}
	if needParts && len(body.Parts) == 0 {
		return nil, "", errf(http.StatusBadRequest, "parts are required")
	}
	objKey, err := s.checkSignedAddress(r, c.p("branch"), c.qs("path"), body.PhysicalAddress)
	return body, objKey, err
}

// takeUpload ends the open upload id of objKey once check (nil: none) accepts it, and returns it. S3 knows no such
// upload (never started, or already completed or aborted): NoSuchUpload, which lakeFS passes on as 500 (§10.3.4).
func (m *multipartState) takeUpload(s3op, id, objKey string, check func(*mpUpload) error) (*mpUpload, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u := m.uploads[id]
	if u == nil || u.objKey != objKey {
		return nil, errf(http.StatusInternalServerError, "operation error S3: %s, https response error StatusCode: 404, api error NoSuchUpload: %s", s3op, msgNoSuchUpload)
	}
	if check != nil {
		if err := check(u); err != nil {
			return nil, err
		}
	}
	delete(m.uploads, u.id)
	return u, nil
}

// s3CompleteFailure is how lakeFS reports an S3 error from CompleteMultipartUpload: 500 with the SDK's error
// text (§10.3.3 step 9).
func s3CompleteFailure(code, msg string) error {
	return errf(http.StatusInternalServerError, "operation error S3: CompleteMultipartUpload, https response error StatusCode: 400, api error %s: %s", code, msg)
}

const msgNoSuchUpload = "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."

func (s *Server) completePresignMultipartUpload(c *reqCtx) error {
	body, objKey, err := s.mpRequest(c, true)
	if err != nil {
		return err
	}
	var parts []*mpPart
	// S3 forgets the upload once it is completed; the parts' files now belong to this request.
	u, err := s.mp().takeUpload("CompleteMultipartUpload", c.p("uploadId"), objKey, func(u *mpUpload) (err error) {
		parts, err = pickParts(u, body.Parts)
		return err
	})
	if err != nil {
		return err
	}
	// The listed parts become the object's content; parts left out of the list are dropped, as S3 does.
	used := map[string]bool{}
	for _, p := range parts {
		used[p.file] = true
	}
	for _, p := range u.parts {
		if !used[p.file] {
			_ = os.Remove(p.file)
		}
	}
	bl, sum := partsBlob(parts)
	contentType := body.ContentType
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	md := body.UserMetadata
	if md == nil {
		md = map[string]string{}
	}
	e := &entry{PhysicalAddress: u.physical, Checksum: sum, Size: bl.size, Mtime: time.Now().Unix(),
		ContentType: contentType, Metadata: md, blob: bl}

	s.mu.Lock()
	defer s.mu.Unlock()
	r, b, err := s.repoBranch(c)
	if err != nil {
		return err
	}
	if err := r.checkWritable(b, false); err != nil {
		return err
	}
	b.staging[c.qs("path")] = e
	st := statsJSON(c.qs("path"), e, true, true)
	// The answer carries the relative address; statObject later shows the full one (§10.3.3).
	st.PhysicalAddress = strings.TrimPrefix(u.objKey, r.ID+"/")
	writeJSON(c.w, http.StatusOK, st)
	return nil
}

// pickParts checks the list like S3's CompleteMultipartUpload: ascending, known parts with matching ETags,
// every part but the last at least 5 MiB.
func pickParts(u *mpUpload, list []mpBodyPart) ([]*mpPart, error) {
	if !sort.SliceIsSorted(list, func(i, j int) bool { return list[i].PartNumber < list[j].PartNumber }) {
		return nil, s3CompleteFailure("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
	}
	out := make([]*mpPart, 0, len(list))
	for i, lp := range list {
		if i > 0 && lp.PartNumber == list[i-1].PartNumber {
			return nil, s3CompleteFailure("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
		}
		p := u.parts[lp.PartNumber]
		if p == nil || strings.Trim(strings.TrimSpace(lp.ETag), `"`) != hex.EncodeToString(p.md5) {
			return nil, s3CompleteFailure("InvalidPart", "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.")
		}
		out = append(out, p)
	}
	for _, p := range out[:len(out)-1] {
		if p.size < minPartSize {
			return nil, s3CompleteFailure("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
		}
	}
	return out, nil
}

// partsBlob makes the object from its part files, without copying them, and computes the S3 multipart ETag:
// MD5 of the concatenated part MD5s, "-", the number of parts.
func partsBlob(parts []*mpPart) (*blob, string) {
	h := md5.New()
	bl := &blob{}
	for _, p := range parts {
		h.Write(p.md5)
		bl.parts = append(bl.parts, p.file)
		bl.size += p.size
	}
	return bl, fmt.Sprintf("%s-%d", hex.EncodeToString(h.Sum(nil)), len(parts))
}

// openParts reads part files as one stream.
func openParts(files []string) (io.ReadSeekCloser, error) {
	mf := &multiFile{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			mf.Close()
			return nil, err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			mf.Close()
			return nil, err
		}
		mf.files = append(mf.files, f)
		mf.sizes = append(mf.sizes, fi.Size())
		mf.total += fi.Size()
	}
	mf.SectionReader = io.NewSectionReader(mf, 0, mf.total)
	return mf, nil
}

type multiFile struct {
	*io.SectionReader
	files []*os.File
	sizes []int64
	total int64
}

func (m *multiFile) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for i, f := range m.files {
		if off >= m.sizes[i] {
			off -= m.sizes[i]
			continue
		}
		k, err := f.ReadAt(p[n:min(len(p), n+int(m.sizes[i]-off))], off)
		n += k
		if err != nil && err != io.EOF {
			return n, err
		}
		off = 0
		if n == len(p) {
			return n, nil
		}
	}
	return n, io.EOF
}

func (m *multiFile) Close() error {
	for _, f := range m.files {
		f.Close()
	}
	return nil
}

func removeParts(u *mpUpload) {
	for _, p := range u.parts {
		_ = os.Remove(p.file)
	}
}

func (s *Server) abortPresignMultipartUpload(c *reqCtx) error {
	_, objKey, err := s.mpRequest(c, false)
	if err != nil {
		return err
	}
	u, err := s.mp().takeUpload("AbortMultipartUpload", c.p("uploadId"), objKey, nil)
	if err != nil {
		return err
	}
	removeParts(u)
	writeNoContent(c.w, http.StatusNoContent)
	return nil
}
