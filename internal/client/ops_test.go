package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

func TestListAllPullRequestsPages(t *testing.T) {
	for _, n := range []int{0, 1, 999, 1000, 1001, 2500} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var calls atomic.Int32
			c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				q := r.URL.Query()
				if q.Get("amount") != "1000" || q.Get("status") != "closed" || q.Get("prefix") != "4o" {
					t.Errorf("query %v", q)
				}
				start := 0
				if a := q.Get("after"); a != "" {
					start, _ = strconv.Atoi(strings.TrimPrefix(a, "4o"))
					start++
				}
				var page []PullRequest
				for i := start; i < n && len(page) < 1000; i++ {
					page = append(page, PullRequest{ID: fmt.Sprintf("4o%06d", i)})
				}
				more := start+len(page) < n
				next := ""
				if more {
					next = page[len(page)-1].ID
				}
				writeJSON(w, 200, PullRequestsList{Pagination: Pagination{HasMore: more, NextOffset: next, Results: len(page), MaxPerPage: 1000}, Results: page})
			})
			all, err := c.ListAllPullRequests(context.Background(), "repo1", "4o", "closed")
			if err != nil || len(all) != n {
				t.Fatalf("got %d: %v", len(all), err)
			}
			want := max((n+999)/1000, 1)
			if int(calls.Load()) != want {
				t.Fatalf("%d PRs took %d calls, want %d", n, calls.Load(), want)
			}
		})
	}
}

func TestListAllStopsOnStuckPagination(t *testing.T) {
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, PullRequestsList{Pagination: Pagination{HasMore: true, NextOffset: ""}})
	})
	if _, err := c.ListAllPullRequests(context.Background(), "repo1", "", ""); err == nil {
		t.Fatal("no error on has_more without next_offset")
	}
}

func TestCreateBranchTextBody(t *testing.T) {
	const id = "caeef0a1c0f5e5d5caeef0a1c0f5e5d5caeef0a1c0f5e5d5caeef0a1c0f5e5d5"
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		var b map[string]any
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b["name"] != "b1" || b["source"] != "main" {
			t.Errorf("body %v", b)
		}
		if _, ok := b["force"]; ok {
			t.Errorf("force sent when false")
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, id)
	})
	got, err := c.CreateBranch(context.Background(), "repo1", BranchCreation{Name: "b1", Source: "main"})
	if err != nil || got != id {
		t.Fatalf("%q %v", got, err)
	}
}

func TestSuccessCodesAndBodies(t *testing.T) {
	type req struct{ method, path, query, body string }
	var last req
	status := 204
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last = req{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, strings.TrimSpace(string(b))}
		w.WriteHeader(status)
	})
	ctx := context.Background()
	for _, s := range []int{200, 201, 204} {
		status = s
		if err := c.UpdateObjectUserMetadata(ctx, "repo1", "main", "a", nil); err != nil || last.body != `{"set":{}}` || last.method != http.MethodPut {
			t.Fatalf("updateObjectUserMetadata %d: %+v %v", s, last, err)
		}
		title := "new"
		if err := c.UpdatePullRequest(ctx, "repo1", "4on8oopksdufd20d4kb0", PullRequestUpdate{Title: &title}); err != nil ||
			last.body != `{"title":"new"}` || last.method != http.MethodPatch {
			t.Fatalf("updatePullRequest %d: %+v %v", s, last, err)
		}
	}
	status = 204
	if err := c.HardResetBranch(ctx, "repo1", "main", "main~1", true); err != nil || last.method != http.MethodPut ||
		last.path != "/api/v1/repositories/repo1/branches/main/hard_reset" || last.query != "force=true&ref=main~1" {
		t.Fatalf("hardReset: %+v %v", last, err)
	}
	if err := c.RevertBranch(ctx, "repo1", "main", RevertCreation{Ref: "c1"}); err != nil || last.method != http.MethodPost ||
		last.path != "/api/v1/repositories/repo1/branches/main/revert" || last.body != `{"ref":"c1","parent_number":0}` {
		t.Fatalf("revertBranch: %+v %v", last, err)
	}
	if err := c.RevertBranch(ctx, "repo1", "main", RevertCreation{Ref: "m1", ParentNumber: 2, AllowEmpty: true,
		CommitOverrides: &CommitOverrides{Message: "undo", Metadata: map[string]string{"k": "v"}}}); err != nil ||
		last.body != `{"ref":"m1","parent_number":2,"commit_overrides":{"message":"undo","metadata":{"k":"v"}},"allow_empty":true}` {
		t.Fatalf("revertBranch with options: %+v %v", last, err)
	}
	if err := c.DeleteRepository(ctx, "repo1", false); err != nil || last.query != "" || last.method != http.MethodDelete {
		t.Fatalf("deleteRepository: %+v %v", last, err)
	}
	if err := c.AbortPresignMultipartUpload(ctx, "repo1", "main", "up/1", "big.bin", "s3://b/ns/data/x,sig"); err != nil ||
		last.method != http.MethodDelete || last.path != "/api/v1/repositories/repo1/branches/main/staging/pmpu/up%2F1" ||
		last.body != `{"physical_address":"s3://b/ns/data/x,sig"}` || last.query != "path=big.bin" {
		t.Fatalf("abort: %+v %v", last, err)
	}
	status = 201
	_, err := c.CreateRepository(ctx, RepositoryCreation{Name: "repo2", StorageNamespace: "local://repo2", Bare: true})
	if err == nil {
		t.Fatal("empty 201 body decoded without error")
	}
	if last.query != "bare=true" || strings.Contains(last.body, "bare") || strings.Contains(last.body, "read_only") {
		t.Fatalf("createRepository: %+v", last)
	}
}

func TestGetConfigDecodesOddNames(t *testing.T) {
	const body = `{"capabilities_config":{},"storage_config":{"blockstore_description":"","blockstore_id":"","blockstore_namespace_ValidityRegex":"^s3://","blockstore_namespace_example":"s3://example-bucket/","blockstore_type":"s3","default_namespace_prefix":"","import_support":true,"import_validity_regex":"^s3://","pre_sign_multipart_upload":true,"pre_sign_support":true,"pre_sign_support_ui":false},"storage_config_list":[],"ui_config":{},"version_config":{"version":"1.84.0","version_context":"lakeFS"}}`
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/config/version" {
			fmt.Fprint(w, `{"version":"dev","version_context":"lakeFS"}`)
			return
		}
		fmt.Fprint(w, body)
	})
	cfg, err := c.GetConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.StorageConfig.BlockstoreNamespaceValidityRegex != "^s3://" || !cfg.StorageConfig.PreSignMultipartUpload ||
		cfg.StorageConfig.BlockstoreType != "s3" || cfg.VersionConfig.Version != "1.84.0" {
		t.Fatalf("%+v %+v", cfg.StorageConfig, cfg.VersionConfig)
	}
	v, err := c.GetLakeFSVersion(context.Background())
	if err != nil || v.Version != "dev" {
		t.Fatalf("%+v %v", v, err)
	}
}

func TestPutPresignedPart(t *testing.T) {
	var attempts atomic.Int32
	mode := "flaky"
	c, srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || strings.Contains(r.Header.Get("User-Agent"), "test-agent") {
			t.Errorf("credentials or lakeFS user agent sent to the object store: %v", r.Header)
		}
		data, _ := io.ReadAll(r.Body)
		if string(data) != "part-bytes" || r.ContentLength != 10 || r.Method != http.MethodPut {
			t.Errorf("got %s %q (%d)", r.Method, data, r.ContentLength)
		}
		switch mode {
		case "flaky":
			if attempts.Add(1) < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`)
				return
			}
			w.Header().Set("ETag", `"abc123"`)
		case "expired":
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>900</X-Amz-Expires></Error>`)
		case "expired token":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>`)
		case "denied":
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
		}
	})
	u := srv.URL + "/bucket/key%2Csig?partNumber=1&uploadId=2&X-Amz-Signature=deadbeefdeadbeef"
	etag, err := c.PutPresignedPart(context.Background(), u, BytesBody([]byte("part-bytes")))
	if err != nil || etag != `"abc123"` || attempts.Load() != 3 {
		t.Fatalf("etag %q err %v attempts %d", etag, err, attempts.Load())
	}
	mode = "expired"
	_, err = c.PutPresignedPart(context.Background(), u, BytesBody([]byte("part-bytes")))
	if !IsPresignedURLExpired(err) || !IsForbidden(err) || !strings.Contains(err.Error(), "presigned part URL has expired") {
		t.Fatalf("expired: %v", err)
	}
	mode = "expired token" // the STS credentials lakeFS signed with have expired
	_, err = c.PutPresignedPart(context.Background(), u, BytesBody([]byte("part-bytes")))
	if !IsPresignedURLExpired(err) || !IsBadRequest(err) {
		t.Fatalf("expired token: %v", err)
	}
	mode = "denied"
	_, err = c.PutPresignedPart(context.Background(), u, BytesBody([]byte("part-bytes")))
	if IsPresignedURLExpired(err) || !IsForbidden(err) || !strings.Contains(err.Error(), "AccessDenied: Access Denied") {
		t.Fatalf("denied: %v", err)
	}
	if strings.Contains(err.Error(), "deadbeef") {
		t.Fatalf("signature in error: %v", err)
	}
	if _, err := c.PutPresignedPart(context.Background(), "not a url", BytesBody(nil)); err == nil {
		t.Fatal("accepted a bad URL")
	}
}

func TestMultipartCreateAndComplete(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		switch r.Method {
		case http.MethodPost:
			if r.URL.Query().Get("parts") != "2" || r.URL.Query().Get("path") != "big/obj.bin" {
				t.Errorf("query %v", r.URL.Query())
			}
			writeJSON(w, 201, PresignMultipartUpload{UploadID: "2", PhysicalAddress: "s3://b/ns/data/p/x,sig", PresignedURLs: []string{"u1", "u2"}})
		case http.MethodPut:
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			parts, _ := body["parts"].([]any)
			if len(parts) != 2 || parts[0].(map[string]any)["etag"] != `"e1"` || parts[0].(map[string]any)["part_number"] != 1.0 {
				t.Errorf("complete body %v", body)
			}
			writeJSON(w, 200, ObjectStats{Path: "big/obj.bin", PhysicalAddress: "data/p/x,sig", Checksum: "abc-2", SizeBytes: 10})
		}
	})
	ctx := context.Background()
	up, err := c.CreatePresignMultipartUpload(ctx, "repo1", "main", "big/obj.bin", 2)
	if err != nil || up.UploadID != "2" || len(up.PresignedURLs) != 2 {
		t.Fatalf("%+v %v", up, err)
	}
	st, err := c.CompletePresignMultipartUpload(ctx, "repo1", "main", up.UploadID, "big/obj.bin", CompletePresignMultipartUpload{
		PhysicalAddress: up.PhysicalAddress, Parts: []UploadPart{{1, `"e1"`}, {2, `"e2"`}}, ContentType: "application/x-test"})
	if err != nil || st.Checksum != "abc-2" {
		t.Fatalf("%+v %v", st, err)
	}
}

// TestCherryPickBody: parent_number is sent only when set (lakeFS refuses 0), and the 201 answer is the new commit.
func TestCherryPickBody(t *testing.T) {
	var bodies []string
	c, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Method+" "+r.URL.EscapedPath()+" "+strings.TrimSpace(string(b)))
		writeJSON(w, http.StatusCreated, map[string]any{"id": "c2", "parents": []string{"c1"}, "metadata": map[string]string{"cherry-pick-origin": "f1"}})
	})
	ctx := context.Background()
	commit, err := c.CherryPick(ctx, "repo1", "main", CherryPickCreation{Ref: "f1"})
	if err != nil || commit.ID != "c2" || commit.Metadata["cherry-pick-origin"] != "f1" {
		t.Fatalf("cherryPick: %+v %v", commit, err)
	}
	two := 2
	if _, err := c.CherryPick(ctx, "repo1", "main", CherryPickCreation{Ref: "m1", ParentNumber: &two, Force: true}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`POST /api/v1/repositories/repo1/branches/main/cherry-pick {"ref":"f1"}`,
		`POST /api/v1/repositories/repo1/branches/main/cherry-pick {"ref":"m1","parent_number":2,"force":true}`,
	}
	if strings.Join(bodies, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(bodies, "\n"), strings.Join(want, "\n"))
	}
}
