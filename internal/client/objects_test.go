package client

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// patternReader yields n deterministic bytes without holding them in memory.
type patternReader struct{ off, n int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	if rem := p.n - p.off; int64(len(b)) > rem {
		b = b[:rem]
	}
	for i := range b {
		b[i] = byte((p.off + int64(i)) % 251)
	}
	p.off += int64(len(b))
	return len(b), nil
}

func patternMD5(n int64) string {
	h := md5.New()
	_, _ = io.Copy(h, &patternReader{n: n})
	return hex.EncodeToString(h.Sum(nil))
}

func TestUploadObjectStreamsLargeBody(t *testing.T) {
	const size = 64 << 20
	want := patternMD5(size)
	var opens atomic.Int32
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.EscapedPath() != "/api/v1/repositories/repo1/branches/main/objects" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.EscapedPath())
		}
		if r.ContentLength != size || len(r.TransferEncoding) != 0 {
			t.Errorf("Content-Length %d, Transfer-Encoding %v", r.ContentLength, r.TransferEncoding)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/x-test" {
			t.Errorf("content type %q", ct)
		}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			t.Error("multipart body")
		}
		h := md5.New()
		n, err := io.Copy(h, r.Body)
		if err != nil || n != size {
			t.Errorf("server read %d bytes: %v", n, err)
		}
		writeJSON(w, http.StatusCreated, ObjectStats{Path: r.URL.Query().Get("path"), PathType: "object",
			Checksum: hex.EncodeToString(h.Sum(nil)), SizeBytes: n, Metadata: map[string]string{}})
	})
	body := UploadBody{Size: size, Open: func() (io.Reader, error) {
		opens.Add(1)
		return &patternReader{n: size}, nil
	}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stats, err := c.UploadObject(context.Background(), "repo1", "main", "big/blob.bin", body, UploadOptions{ContentType: "application/x-test"})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Checksum != want || stats.SizeBytes != size || stats.Path != "big/blob.bin" {
		t.Fatalf("server got %+v, want checksum %s", stats, want)
	}
	// The client must not buffer the body: allocations stay far below its size (the server side counts too).
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Fatalf("allocated %d MiB for a 64 MiB upload", alloc>>20)
	}
	if opens.Load() < 1 {
		t.Fatal("Open never called")
	}
}

func TestUploadObjectRetryReopensBodyAndSendsHeaders(t *testing.T) {
	var attempts, opens atomic.Int32
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		if string(data) != "hello world!" {
			t.Errorf("attempt %d got body %q", attempts.Load()+1, data)
		}
		if r.Header.Get("X-Lakefs-Meta-Owner") != "team-a" || r.Header.Get("X-Lakefs-Meta-Camelkey") != "v2" {
			t.Errorf("metadata headers: %v", r.Header)
		}
		if r.Header.Get("If-None-Match") != "*" {
			t.Errorf("If-None-Match %q", r.Header.Get("If-None-Match"))
		}
		if attempts.Add(1) == 1 {
			writeError(w, http.StatusInternalServerError, "branch is currently locked, try again later")
			return
		}
		writeJSON(w, http.StatusCreated, ObjectStats{Path: "a.txt", SizeBytes: int64(len(data))})
	})
	body := UploadBody{Size: 12, Open: func() (io.Reader, error) {
		opens.Add(1)
		return io.NopCloser(strings.NewReader("hello world!")), nil
	}}
	_, err := c.UploadObject(context.Background(), "repo1", "main", "a.txt", body,
		UploadOptions{Metadata: map[string]string{"owner": "team-a", "CamelKey": "v2"}, IfNoneMatch: true})
	if err != nil {
		t.Fatal(err)
	}
	if attempts.Load() != 2 || opens.Load() < 2 {
		t.Fatalf("attempts %d opens %d", attempts.Load(), opens.Load())
	}
}

func TestUploadObjectPreconditionFailed(t *testing.T) {
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/octet-stream" {
			t.Errorf("default content type %q", r.Header.Get("Content-Type"))
		}
		writeError(w, http.StatusPreconditionFailed, "path already exists")
	})
	_, err := c.UploadObjectBytes(context.Background(), "repo1", "main", "a.txt", nil, UploadOptions{IfNoneMatch: true})
	if !IsPreconditionFailed(err) {
		t.Fatalf("got %v", err)
	}
	if _, err := c.UploadObject(context.Background(), "r", "b", "p", UploadBody{Size: 1}, UploadOptions{}); err == nil {
		t.Fatal("accepted a body without Open")
	}
}

func TestObjectPathEncoding(t *testing.T) {
	paths := []string{"dir/sub dir/a b.txt", "100%/x%2Fy", "ünïcødé/日本語.csv", "what?/is#this&that=1+2", "a/../b/./c", " lead", "semi;colon"}
	var got []string
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.EscapedPath(), "/api/v1/repositories/repo1/") {
			t.Errorf("path %q", r.URL.EscapedPath())
		}
		got = append(got, r.URL.Query().Get("path"))
		switch {
		case strings.HasSuffix(r.URL.Path, "/objects/stat"):
			writeJSON(w, 200, ObjectStats{Path: r.URL.Query().Get("path"), Metadata: map[string]string{}})
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/objects"):
			fmt.Fprint(w, "content")
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	ctx := context.Background()
	for _, p := range paths {
		got = got[:0]
		st, err := c.StatObject(ctx, "repo1", "main", p)
		if err != nil || st.Path != p {
			t.Fatalf("stat %q: %+v %v", p, st, err)
		}
		rc, err := c.GetObject(ctx, "repo1", "main", p)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		_ = rc.Close()
		if string(data) != "content" {
			t.Fatalf("get %q: %q", p, data)
		}
		if err := c.DeleteObject(ctx, "repo1", "main", p); err != nil {
			t.Fatal(err)
		}
		if err := c.UpdateObjectUserMetadata(ctx, "repo1", "main", p, nil); err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			if g != p {
				t.Fatalf("server saw path %q, sent %q", g, p)
			}
		}
	}
}

func TestPathSegmentsAndPrincipalEncoding(t *testing.T) {
	const arn = "arn:aws:sts::123456789012:assumed-role/role name/session+1"
	type seen struct{ method, rawPath, principal, body string }
	var last seen
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last = seen{r.Method, r.URL.EscapedPath(), r.URL.Query().Get("principalId"), string(b)}
		switch {
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusCreated)
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case strings.HasSuffix(r.URL.Path, "/ls"):
			writeJSON(w, 200, ExternalPrincipalList{Results: []ExternalPrincipal{{ID: arn, UserID: "u/1"}}})
		default:
			writeJSON(w, 200, ExternalPrincipal{ID: arn, UserID: "u/1"})
		}
	})
	ctx := context.Background()
	if err := c.CreateUserExternalPrincipal(ctx, "user/with%odd id", arn, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if last.rawPath != "/api/v1/auth/users/user%2Fwith%25odd%20id/external/principals" || last.principal != arn {
		t.Fatalf("create: %+v", last)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(last.body), &body); err != nil {
		t.Fatal(err)
	}
	if settings, ok := body["settings"].(map[string]any); !ok || settings["k"] != "v" {
		t.Fatalf("settings must be a JSON object: %s", last.body)
	}
	if err := c.CreateUserExternalPrincipal(ctx, "u", arn, nil); err != nil || last.body != "" {
		t.Fatalf("nil settings sent a body %q: %v", last.body, err)
	}
	p, err := c.GetExternalPrincipal(ctx, arn)
	if err != nil || p.ID != arn || last.principal != arn || last.rawPath != "/api/v1/auth/external/principals" {
		t.Fatalf("get: %+v %+v %v", p, last, err)
	}
	if err := c.DeleteUserExternalPrincipal(ctx, "u", arn); err != nil || last.principal != arn || last.method != http.MethodDelete {
		t.Fatalf("delete: %+v %v", last, err)
	}
	list, err := c.ListAllUserExternalPrincipals(ctx, "u", "arn:aws:sts::")
	if err != nil || len(list) != 1 || last.rawPath != "/api/v1/auth/users/u/external/principals/ls" {
		t.Fatalf("list: %+v %+v %v", list, last, err)
	}
}
