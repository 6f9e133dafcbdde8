package testserver_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

func TestContractMalformedRequests(t *testing.T) {
	tg, _, base := targetWithRepo(t)
	for _, c := range []struct {
		name, method, path, body string
	}{
		{"broken json", "POST", base + "/branches", `{"name":`},
		{"array body", "POST", base + "/branches", `[1,2]`},
		{"string body", "POST", base + "/pulls", `"x"`},
		{"number for string", "POST", base + "/pulls", `{"title":1,"source_branch":"a","destination_branch":"b"}`},
		{"bool as string", "POST", base + "/branches/main/commits", `{"message":"m","allow_empty":"yes"}`},
		{"metadata not object", "POST", base + "/branches/main/commits", `{"message":"m","metadata":[]}`},
		{"date not integer", "POST", base + "/branches/main/commits", `{"message":"m","date":1.5}`},
		{"required body missing", "POST", base + "/pulls", ``},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := tg.do(c.method, c.path, c.body, hdr("Content-Type", "application/json"))
			expect(t, r, 400, "")
		})
	}
	// The state is unchanged: only main exists.
	r := tg.do("GET", base+"/branches", nil)
	if n := len(r.obj(t)["results"].([]any)); n != 1 {
		t.Fatalf("branches %s", r.body)
	}
	// Real lakeFS decodes the first JSON value and ignores what follows it.
	t.Run("trailing garbage is ignored", func(t *testing.T) {
		r := tg.do("POST", base+"/branches", `{"name":"x","source":"main"} {}`, hdr("Content-Type", "application/json"))
		expect(t, r, 201, "")
	})
}

func TestContractUnicodeAndHugePaths(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	paths := []string{"ünï/cødé/ファイル.txt", "with space/and+plus", "percent%2Fencoded", "emoji/😀", "a//double", strings.Repeat("é", 512)}
	for _, p := range paths {
		expect(t, tg.upload(repo, "main", p, p), 201, "")
		r := tg.do("GET", base+"/refs/main/objects?path="+q(p), nil)
		expect(t, r, 200, "")
		if string(r.body) != p {
			t.Fatalf("content of %q = %q", p, r.body)
		}
	}
	expect(t, tg.upload(repo, "main", strings.Repeat("é", 513), "x"), 400, "") // 1026 bytes
	r := tg.do("GET", base+"/refs/main/objects/ls?amount=1000", nil)
	if n := len(r.obj(t)["results"].([]any)); n != len(paths) {
		t.Fatalf("listed %d", n)
	}
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	expect(t, tg.upload(repo, "main", "big", big), 201, "")
	r = tg.do("GET", base+"/refs/main/objects?path=big", nil)
	if len(r.body) != len(big) {
		t.Fatalf("big size %d", len(r.body))
	}
}

func TestContractConcurrentWrites(t *testing.T) {
	tg, repo, base := targetWithRepo(t)
	errs := make(chan string, 200)
	inParallel(10, func(i int) {
		for j := 0; j < 5; j++ {
			// same path from everyone plus a private path
			if r := tg.upload(repo, "main", "shared", fmt.Sprintf("%d-%d", i, j)); r.status != 201 {
				errs <- fmt.Sprintf("upload shared %d %s", r.status, r.body)
			}
			if r := tg.upload(repo, "main", fmt.Sprintf("p/%d/%d", i, j), "x"); r.status != 201 {
				errs <- fmt.Sprintf("upload %d %s", r.status, r.body)
			}
			// A commit that loses the race for the branch gets 500 "predicate failed" (and did nothing); one
			// that races another can find "no changes" (its message then lacks the "commit: " prefix).
			r := tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "c"})
			if r.status != 201 && (r.status != 400 || !strings.HasSuffix(r.msg(), "no changes")) &&
				(r.status != 500 || r.msg() != "predicate failed") {
				errs <- fmt.Sprintf("commit %d %s", r.status, r.body)
			}
			r = tg.do("POST", base+"/branches", map[string]any{"name": fmt.Sprintf("b%d", j), "source": "main"})
			if r.status != 201 && r.status != 409 {
				errs <- fmt.Sprintf("branch %d %s", r.status, r.body)
			}
			if r := tg.do("DELETE", base+"/branches/main/objects?path=shared", nil); r.status != 204 {
				errs <- fmt.Sprintf("delete %d %s", r.status, r.body)
			}
		}
	})
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "final"})
	r := tg.do("GET", base+"/refs/main/objects/ls?prefix=p/&amount=1000", nil)
	if n := len(r.obj(t)["results"].([]any)); n != 50 {
		t.Fatalf("expected 50 objects, got %d", n)
	}
	l := tg.do("GET", base+"/branches", nil)
	if n := len(l.obj(t)["results"].([]any)); n != 6 {
		t.Fatalf("branches %s", l.body)
	}
}

// TestContractConcurrentCommits: lakeFS updates a branch optimistically, so of several commits to one branch at once some
// get 500 "predicate failed" (contract §11.1). Those did not happen: the log holds exactly one new commit per 201.
func TestContractConcurrentCommits(t *testing.T) {
	tg, _, base := targetWithRepo(t)
	lost := 0
	for round := 0; round < 5 && lost == 0; round++ {
		before := tg.do("GET", base+"/branches/main", nil).obj(t)["commit_id"].(string)
		var mu sync.Mutex
		made := map[string]bool{}
		inParallel(8, func(i int) {
			r := tg.do("POST", base+"/branches/main/commits", map[string]any{"message": fmt.Sprintf("r%d-%d", round, i), "allow_empty": true})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.status == 201:
				made[r.obj(t)["id"].(string)] = true
			case r.status == 500 && r.msg() == "predicate failed":
				lost++
			default:
				t.Errorf("commit: %d %s", r.status, r.body)
			}
		})
		log := tg.do("GET", base+"/refs/main/commits?amount=100", nil).obj(t)["results"].([]any)
		n := 0
		for _, c := range log {
			id := c.(map[string]any)["id"].(string)
			if id == before {
				break
			}
			if !made[id] {
				t.Fatalf("commit %s is in the log but was not answered 201", id)
			}
			n++
		}
		if n != len(made) {
			t.Fatalf("%d commits answered 201, %d new commits in the log", len(made), n)
		}
	}
	if lost == 0 {
		t.Fatal("no concurrent commit lost the race in 5 rounds of 8")
	}
}

// TestContractConcurrentUserMetadataUpdates: concurrent updates of one object's user metadata can also lose the race,
// with 500 "predicate failed" [observed 2026-11-30]; the object then holds the metadata of a 204.
func TestContractConcurrentUserMetadataUpdates(t *testing.T) {
	tg := target(t)
	repo := tg.newRepo(nil)
	expect(t, tg.upload(repo, "main", "obj", "x"), 201, "")
	var mu sync.Mutex
	applied := map[string]bool{}
	inParallel(8, func(i int) {
		v := fmt.Sprint(i)
		r := tg.do("PUT", "/repositories/"+repo+"/branches/main/objects/stat/user_metadata?path=obj", map[string]any{"set": map[string]string{"k": v}})
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.status == 204:
			applied[v] = true
		case r.status == 500 && r.msg() == "predicate failed":
		default:
			t.Errorf("update: %d %s", r.status, r.body)
		}
	})
	md := tg.do("GET", "/repositories/"+repo+"/refs/main/objects/stat?path=obj", nil).obj(t)["metadata"].(map[string]any)
	if v, _ := md["k"].(string); !applied[v] {
		t.Fatalf("metadata %v is not one that was answered 204 (%v)", md, applied)
	}
}

func TestContractLargeUploadSpoolsToDisk(t *testing.T) {
	dir := t.TempDir()
	tg := localTarget(t, testserver.Options{DataDir: dir})
	repo := randName("tst-")
	expect(t, tg.do("POST", "/repositories", map[string]any{"name": repo, "storage_namespace": "local://" + repo}), 201, "")
	big := strings.Repeat("x", 9<<20)
	r := tg.upload(repo, "main", "big", big)
	expect(t, r, 201, "")
	if r.obj(t)["size_bytes"] != float64(len(big)) {
		t.Fatalf("%s", r.body)
	}
	if pa := r.obj(t)["physical_address"].(string); !strings.HasPrefix(pa, "local://"+dir+"/lakefs/data/"+repo+"/data/") {
		t.Fatalf("physical address %q", pa)
	}
	g := tg.do("GET", "/repositories/"+repo+"/refs/main/objects?path=big", nil, hdr("Range", "bytes=-3"))
	expect(t, g, 206, "")
	if string(g.body) != "xxx" {
		t.Fatalf("%q", g.body)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("expected one spool dir, got %v", entries)
	}
	tg.srv.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("spool dir not removed: %v", entries)
	}
}
