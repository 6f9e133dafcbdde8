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
	tg := target(t)
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo
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
	tg := target(t)
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo
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
	tg := target(t)
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				// same path from everyone plus a private path
				if r := tg.upload(repo, "main", "shared", fmt.Sprintf("%d-%d", i, j)); r.status != 201 {
					errs <- fmt.Sprintf("upload shared %d %s", r.status, r.body)
				}
				if r := tg.upload(repo, "main", fmt.Sprintf("p/%d/%d", i, j), "x"); r.status != 201 {
					errs <- fmt.Sprintf("upload %d %s", r.status, r.body)
				}
				r := tg.do("POST", base+"/branches/main/commits", map[string]any{"message": "c"})
				if r.status != 201 && (r.status != 400 || r.msg() != "commit: no changes") {
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
		}(i)
	}
	wg.Wait()
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
