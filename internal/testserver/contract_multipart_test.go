package testserver_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// multipartTarget is a server with presigned multipart (§10.3); a real server without it skips the test.
func multipartTarget(t *testing.T) *apiTarget {
	t.Helper()
	tg := newTarget(t, testserver.Options{PresignedMultipart: true})
	if !tg.presignedMultipart() {
		t.Skip("server has no presigned multipart upload")
	}
	return tg
}

type mpCreated struct {
	id, address string
	urls        []string
}

// createMP starts a presigned multipart upload of path on branch main.
func (tg *apiTarget) createMP(repo, path string, parts int) mpCreated {
	tg.t.Helper()
	r := tg.do("POST", fmt.Sprintf("/repositories/%s/branches/main/staging/pmpu?path=%s&parts=%d", repo, q(path), parts), nil)
	expect(tg.t, r, 201, "")
	m := r.obj(tg.t)
	out := mpCreated{id: m["upload_id"].(string), address: m["physical_address"].(string)}
	urls, _ := m["presigned_urls"].([]any)
	for _, u := range urls {
		out.urls = append(out.urls, u.(string))
	}
	return out
}

// putPart sends a part to its presigned URL the way a client must: no lakeFS credentials.
func (tg *apiTarget) putPart(u string, data []byte) response {
	tg.t.Helper()
	req, err := http.NewRequest("PUT", u, bytes.NewReader(data))
	if err != nil {
		tg.t.Fatal(err)
	}
	res, err := tg.client.Do(req)
	if err != nil {
		tg.t.Fatalf("PUT part: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: body}
}

// mpPath is the API path of multipart upload id of path on branch main.
func mpPath(repo, id, path string) string {
	return fmt.Sprintf("/repositories/%s/branches/main/staging/pmpu/%s?path=%s", repo, id, q(path))
}

func md5hex(b []byte) string { s := md5.Sum(b); return hex.EncodeToString(s[:]) }

func (tg *apiTarget) openUploads() int {
	if tg.srv == nil {
		return -1
	}
	return tg.srv.OpenMultipartUploads()
}

func TestContractPresignedMultipartCreate(t *testing.T) {
	tg := multipartTarget(t)
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo + "/branches/main/staging/pmpu"

	expect(t, tg.do("POST", base+"?path=a&parts=10001", nil), 400, "parts can be between 0 and 10000")
	expect(t, tg.do("POST", base+"?path=a&parts=-1", nil), 400, "parts can be between 0 and 10000")
	expect(t, tg.do("POST", "/repositories/"+repo+"/branches/nope/staging/pmpu?path=a", nil), 404, "branch 'nope' not found")
	expect(t, tg.do("POST", "/repositories/"+randName("nope-")+"/branches/main/staging/pmpu?path=a", nil), 404, "repository not found")

	for _, parts := range []string{"", "&parts=0"} {
		r := tg.do("POST", base+"?path=a"+parts, nil)
		expect(t, r, 201, "")
		m := r.obj(t)
		if _, ok := m["presigned_urls"]; ok {
			t.Fatalf("presigned_urls present without parts: %s", r.body)
		}
		if m["upload_id"] == "" {
			t.Fatalf("no upload id: %s", r.body)
		}
		expect(t, tg.do("DELETE", mpPath(repo, m["upload_id"].(string), "a"), map[string]any{"physical_address": m["physical_address"]}), 204, "")
	}

	up := tg.createMP(repo, "dir/a b.bin", 3)
	if len(up.urls) != 3 {
		t.Fatalf("urls %v", up.urls)
	}
	for i, u := range up.urls {
		if !strings.Contains(u, fmt.Sprintf("partNumber=%d", i+1)) || !strings.Contains(u, "uploadId=") {
			t.Fatalf("url %d does not name its part", i+1)
		}
	}
	ns := tg.nsPrefix + repo + "/data/"
	if !strings.HasPrefix(up.address, ns) || !strings.Contains(up.address, ",") {
		t.Fatalf("physical address %q is not a signed address under %q", up.address, ns)
	}
	expect(t, tg.do("DELETE", mpPath(repo, up.id, "dir/a b.bin"), map[string]any{"physical_address": up.address}), 204, "")
}

func TestContractPresignedMultipartComplete(t *testing.T) {
	tg := multipartTarget(t)
	repo := tg.newRepo(nil)
	if tg.srv != nil {
		tg.srv.ResetCounters()
	}
	const path = "big/obj.bin"
	part1 := bytes.Repeat([]byte("0123456789abcdef"), (5<<20)/16)
	part2 := []byte("the tail")
	up := tg.createMP(repo, path, 2)

	var etags []string
	for i, data := range [][]byte{part1, part2} {
		r := tg.putPart(up.urls[i], data)
		if r.status != 200 {
			t.Fatalf("part %d: %d %s", i+1, r.status, r.body)
		}
		etag := r.header.Get("ETag")
		if etag != `"`+md5hex(data)+`"` {
			t.Fatalf("part %d etag %q", i+1, etag)
		}
		etags = append(etags, etag)
	}
	if tg.srv != nil {
		if n := tg.srv.RequestCount(testserver.PresignedPartOperation); n != 2 {
			t.Fatalf("part counter %d", n)
		}
		if n := tg.srv.HeldMultipartParts(); n != 2 {
			t.Fatalf("held parts %d", n)
		}
	}

	r := tg.do("PUT", mpPath(repo, up.id, path), map[string]any{
		"physical_address": up.address,
		"parts":            []any{map[string]any{"part_number": 1, "etag": etags[0]}, map[string]any{"part_number": 2, "etag": etags[1]}},
		"user_metadata":    map[string]any{"Mk": "mv"},
		"content_type":     "application/x-test",
	})
	expect(t, r, 200, "")
	m := r.obj(t)
	sums, _ := hex.DecodeString(md5hex(part1) + md5hex(part2))
	wantSum := md5hex(sums) + "-2"
	if m["checksum"] != wantSum || m["size_bytes"] != float64(len(part1)+len(part2)) || m["content_type"] != "application/x-test" ||
		m["path"] != path || m["path_type"] != "object" {
		t.Fatalf("complete %s, want checksum %s", r.body, wantSum)
	}
	if md, _ := m["metadata"].(map[string]any); md["Mk"] != "mv" {
		t.Fatalf("metadata must be stored verbatim: %s", r.body)
	}
	rel := m["physical_address"].(string)
	if !strings.HasPrefix(rel, "data/") || !strings.HasSuffix(up.address, "/"+rel) {
		t.Fatalf("complete must answer the relative address, got %q for %q", rel, up.address)
	}

	r = tg.do("GET", "/repositories/"+repo+"/refs/main/objects/stat?path="+q(path), nil)
	expect(t, r, 200, "")
	if st := r.obj(t); st["physical_address"] != up.address || st["checksum"] != wantSum {
		t.Fatalf("stat %s", r.body)
	}
	r = tg.do("GET", "/repositories/"+repo+"/refs/main/objects?path="+q(path), nil)
	expect(t, r, 200, "")
	if !bytes.Equal(r.body, append(append([]byte{}, part1...), part2...)) {
		t.Fatalf("content differs (%d bytes)", len(r.body))
	}
	whole := append(append([]byte{}, part1...), part2...)
	from := len(part1) - 3
	r = tg.do("GET", "/repositories/"+repo+"/refs/main/objects?path="+q(path), nil, hdr("Range", fmt.Sprintf("bytes=%d-%d", from, from+5)))
	expect(t, r, 206, "")
	if !bytes.Equal(r.body, whole[from:from+6]) {
		t.Fatalf("range across the part boundary: %q", r.body)
	}
	if tg.openUploads() > 0 {
		t.Fatalf("completed upload still open")
	}
	// The upload is gone: completing again is an S3 error.
	r = tg.do("PUT", mpPath(repo, up.id, path), map[string]any{
		"physical_address": up.address, "parts": []any{map[string]any{"part_number": 1, "etag": etags[0]}}})
	if r.status != 500 || !strings.Contains(r.msg(), "NoSuchUpload") {
		t.Fatalf("second complete: %d %s", r.status, r.body)
	}
}

func TestContractPresignedMultipartCompleteErrors(t *testing.T) {
	tg := multipartTarget(t)
	repo := tg.newRepo(nil)
	const path = "x.bin"
	up := tg.createMP(repo, path, 2)
	small := []byte("small part")
	e1 := tg.putPart(up.urls[0], small).header.Get("ETag")
	e2 := tg.putPart(up.urls[1], small).header.Get("ETag")
	parts := []any{map[string]any{"part_number": 1, "etag": e1}, map[string]any{"part_number": 2, "etag": e2}}
	complete := func(body any) response { return tg.do("PUT", mpPath(repo, up.id, path), body) }

	expect(t, complete(map[string]any{"physical_address": up.address, "parts": []any{}}), 400, "parts are required")
	expect(t, complete(map[string]any{"physical_address": "", "parts": parts}), 400, "physical_address is required")
	expect(t, complete(map[string]any{"physical_address": "s3://elsewhere/data/x,y", "parts": parts}), 400,
		"physical address must be relative to the storage namespace")
	other := tg.createMP(repo, "other.bin", 0)
	expect(t, complete(map[string]any{"physical_address": other.address, "parts": parts}), 400, "invalid address signature: invalid address")

	// S3 refuses parts under 5 MiB but the last; gofakes3, the S3 of the real-lakeFS test stage, does not check.
	if os.Getenv("LAKEFS_TEST_OBJECT_STORE") != "gofakes3" {
		r := complete(map[string]any{"physical_address": up.address, "parts": parts})
		if r.status != 500 || !strings.Contains(r.msg(), "EntityTooSmall") {
			t.Fatalf("two small parts: %d %s", r.status, r.body)
		}
	}
	r := complete(map[string]any{"physical_address": up.address, "parts": []any{map[string]any{"part_number": 1, "etag": `"0000"`}}})
	if r.status != 500 || !strings.Contains(r.msg(), "InvalidPart") {
		t.Fatalf("wrong etag: %d %s", r.status, r.body)
	}
	// A single small part is the last part: allowed.
	r = complete(map[string]any{"physical_address": up.address, "parts": []any{map[string]any{"part_number": 1, "etag": e1}}})
	expect(t, r, 200, "")
	if r.obj(t)["checksum"] != md5hex(mustDecode(md5hex(small)))+"-1" {
		t.Fatalf("checksum %s", r.body)
	}
	expect(t, tg.do("DELETE", mpPath(repo, other.id, "other.bin"), map[string]any{"physical_address": other.address}), 204, "")
}

func mustDecode(s string) []byte { b, _ := hex.DecodeString(s); return b }

func TestContractPresignedMultipartAbort(t *testing.T) {
	tg := multipartTarget(t)
	repo := tg.newRepo(nil)
	const path = "aborted.bin"
	up := tg.createMP(repo, path, 2)
	if r := tg.putPart(up.urls[0], []byte("part one")); r.status != 200 {
		t.Fatalf("part: %d %s", r.status, r.body)
	}
	abort := func(body any) response { return tg.do("DELETE", mpPath(repo, up.id, path), body) }

	expect(t, abort(nil), 400, "physical_address is required")
	expect(t, tg.do("DELETE", mpPath(repo, up.id, "another/path"), map[string]any{"physical_address": up.address}), 400,
		"invalid address signature: invalid address")
	expect(t, abort(map[string]any{"physical_address": up.address}), 204, "")
	if tg.srv != nil && (tg.srv.OpenMultipartUploads() != 0 || tg.srv.HeldMultipartParts() != 0) {
		t.Fatalf("abort left %d uploads, %d parts", tg.srv.OpenMultipartUploads(), tg.srv.HeldMultipartParts())
	}
	r := abort(map[string]any{"physical_address": up.address})
	if r.status != 500 || !strings.Contains(r.msg(), "NoSuchUpload") {
		t.Fatalf("abort twice: %d %s", r.status, r.body)
	}
	r = tg.do("DELETE", mpPath(repo, "unknown-id", path), map[string]any{"physical_address": up.address})
	if r.status != 500 || !strings.Contains(r.msg(), "NoSuchUpload") {
		t.Fatalf("abort unknown: %d %s", r.status, r.body)
	}
	if r := tg.putPart(up.urls[1], []byte("late part")); r.status != 404 || !strings.Contains(string(r.body), "NoSuchUpload") {
		t.Fatalf("part after abort: %d %s", r.status, r.body)
	}
	expect(t, tg.do("GET", "/repositories/"+repo+"/refs/main/objects/stat?path="+path, nil), 404, "")
}

func TestContractPresignedPartURLs(t *testing.T) {
	tg := multipartTarget(t)
	if !tg.local() {
		t.Skip("needs the double's clock")
	}
	repo := tg.newRepo(nil)
	up := tg.createMP(repo, "p.bin", 2)
	if r := tg.putPart(up.urls[0]+"0", []byte("x")); r.status != 403 || !strings.Contains(string(r.body), "SignatureDoesNotMatch") {
		t.Fatalf("tampered url: %d %s", r.status, r.body)
	}
	// The URL is the only credential: a lakeFS Authorization header is neither needed nor looked at.
	if r := tg.putPart(up.urls[0], []byte("x")); r.status != 200 {
		t.Fatalf("part: %d %s", r.status, r.body)
	}
	tg.srv.ExpirePresignedURLs()
	r := tg.putPart(up.urls[1], []byte("x"))
	if r.status != 403 || !strings.Contains(string(r.body), "Request has expired") || !strings.Contains(string(r.body), "<Code>AccessDenied</Code>") {
		t.Fatalf("expired url: %d %s", r.status, r.body)
	}
	if tg.srv.HeldMultipartParts() != 1 {
		t.Fatalf("held parts %d", tg.srv.HeldMultipartParts())
	}
	t.Run("faults apply to part uploads", func(t *testing.T) {
		tg.srv.InjectFault(testserver.Fault{Operation: testserver.PresignedPartOperation, Kind: testserver.FaultStatus, Status: 503, Count: 1})
		fresh := tg.createMP(repo, "q.bin", 1)
		if r := tg.putPart(fresh.urls[0], []byte("x")); r.status != 503 {
			t.Fatalf("fault: %d %s", r.status, r.body)
		}
		if r := tg.putPart(fresh.urls[0], []byte("x")); r.status != 200 {
			t.Fatalf("after fault: %d %s", r.status, r.body)
		}
	})
}

// uploadPart (§10.3.2, since v1.55) presigns one part afresh: it renews a URL that expired.
func TestContractPresignedMultipartUploadPart(t *testing.T) {
	tg := multipartTarget(t)
	repo := tg.newRepo(nil)
	up := tg.createMP(repo, "r.bin", 1)
	partPath := func(part string, path string) string {
		return fmt.Sprintf("/repositories/%s/branches/main/staging/pmpu/%s/parts/%s?path=%s", repo, up.id, part, q(path))
	}
	body := map[string]any{"physical_address": up.address}
	if tg.local() {
		tg.srv.ExpirePresignedURLs()
		if r := tg.putPart(up.urls[0], []byte("x")); r.status != 403 {
			t.Fatalf("expired url: %d %s", r.status, r.body)
		}
	}
	r := tg.do("PUT", partPath("1", "r.bin"), body)
	expect(t, r, 200, "")
	fresh, _ := r.obj(t)["presigned_url"].(string)
	if r := tg.putPart(fresh, []byte("x")); r.status != 200 || r.header.Get("ETag") != `"`+md5hex([]byte("x"))+`"` {
		t.Fatalf("part to the fresh url: %d %s", r.status, r.body)
	}
	expect(t, tg.do("PUT", partPath("1", "other.bin"), body), 400, "invalid address signature: invalid address")
	expect(t, tg.do("PUT", partPath("1", "r.bin"), map[string]any{"physical_address": "s3://elsewhere/data/x,sig"}), 400,
		"physical address must be relative to the storage namespace")
	expect(t, tg.do("PUT", partPath("0", "r.bin"), body), 400, "")
	if tg.srv != nil && tg.srv.RequestCount("uploadPart") != 4 {
		t.Fatalf("uploadPart counted %d times", tg.srv.RequestCount("uploadPart"))
	}
	expect(t, tg.do("DELETE", mpPath(repo, up.id, "r.bin"), body), 204, "")
}

// A server older than v1.55 has no uploadPart: 404 "invalid API endpoint".
func TestContractPresignedMultipartUploadPartOldServer(t *testing.T) {
	if os.Getenv("LAKEFS_ENDPOINT") != "" {
		t.Skip("the double plays the old version")
	}
	tg := newTarget(t, testserver.Options{PresignedMultipart: true, Version: "1.54.3"})
	repo := tg.newRepo(nil)
	up := tg.createMP(repo, "r.bin", 1)
	expect(t, tg.do("PUT", fmt.Sprintf("/repositories/%s/branches/main/staging/pmpu/%s/parts/1?path=r.bin", repo, up.id),
		map[string]any{"physical_address": up.address}), 404, "invalid API endpoint")
}
