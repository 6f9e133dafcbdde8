package testserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// localTarget always uses the in-memory double (faults and counters are double-only).
func localTarget(t *testing.T, opts testserver.Options) *apiTarget {
	t.Helper()
	srv := testserver.Start(opts)
	t.Cleanup(srv.Close)
	return &apiTarget{t: t, base: srv.Endpoint() + "/api/v1", key: srv.AccessKeyID(), secret: srv.SecretAccessKey(),
		nsPrefix: "local://", srv: srv, client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}
}

func TestFaultStatusCount(t *testing.T) {
	tg := localTarget(t, testserver.Options{Seed: 1})
	repo := tg.newRepo(nil)
	tg.srv.InjectFault(testserver.Fault{Operation: "getRepository", Kind: testserver.FaultStatus, Status: 429, RetryAfter: 3 * time.Second, Count: 2})
	for i := 0; i < 2; i++ {
		r := tg.do("GET", "/repositories/"+repo, nil)
		expect(t, r, 429, "Too many attempts, try again later")
		if r.header.Get("Retry-After") != "3" {
			t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
		}
	}
	expect(t, tg.do("GET", "/repositories/"+repo, nil), 200, "")
	expect(t, tg.do("GET", "/repositories", nil), 200, "")

	tg.srv.InjectFault(testserver.Fault{Kind: testserver.FaultStatus, Status: 503, Method: "DELETE"})
	expect(t, tg.do("DELETE", "/repositories/"+repo, nil), 503, "Throughput exceeded. Slow down and retry")
	expect(t, tg.do("GET", "/repositories/"+repo, nil), 200, "")
	tg.srv.InjectFault(testserver.Fault{Kind: testserver.FaultStatus, Status: 500})
	r := tg.do("GET", "/healthcheck", nil)
	expect(t, r, 500, "")
	if r.msg() == "" {
		t.Fatal("500 without Error body")
	}
	tg.srv.ClearFaults()
	expect(t, tg.do("GET", "/healthcheck", nil), 204, "")
}

func TestFaultProbabilityDeterministic(t *testing.T) {
	run := func() string {
		tg := localTarget(t, testserver.Options{Seed: 42})
		tg.srv.InjectFault(testserver.Fault{Operation: "healthCheck", Kind: testserver.FaultStatus, Status: 503, Probability: 0.5})
		var b strings.Builder
		for i := 0; i < 40; i++ {
			if tg.do("GET", "/healthcheck", nil).status == 503 {
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, b := run(), run()
	if a != b {
		t.Fatalf("not deterministic:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "x") || !strings.Contains(a, ".") {
		t.Fatalf("probability 0.5 gave %s", a)
	}
}

func TestFaultLatency(t *testing.T) {
	tg := localTarget(t, testserver.Options{})
	tg.srv.InjectFault(testserver.Fault{Operation: "healthCheck", Kind: testserver.FaultLatency, Latency: 500 * time.Millisecond, Count: 1})
	start := time.Now()
	expect(t, tg.do("GET", "/healthcheck", nil), 204, "")
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Fatalf("latency %v", d)
	}
	start = time.Now()
	tg.do("GET", "/healthcheck", nil)
	if d := time.Since(start); d > 400*time.Millisecond {
		t.Fatalf("count not honoured: %v", d)
	}
}

func (tg *apiTarget) rawPost(path string, body string) error {
	req, _ := http.NewRequest("POST", tg.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(tg.key, tg.secret)
	res, err := tg.client.Do(req)
	if err == nil {
		res.Body.Close()
	}
	return err
}

func TestFaultResets(t *testing.T) {
	tg := localTarget(t, testserver.Options{})
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo

	tg.srv.InjectFault(testserver.Fault{Operation: "createBranch", Kind: testserver.FaultResetBeforeHandler, Count: 1})
	if err := tg.rawPost(base+"/branches", `{"name":"before","source":"main"}`); err == nil {
		t.Fatal("expected a connection error")
	}
	expect(t, tg.do("GET", base+"/branches/before", nil), 404, "branch not found")

	tg.srv.InjectFault(testserver.Fault{Operation: "createBranch", Kind: testserver.FaultResetAfterHandler, Count: 1})
	if err := tg.rawPost(base+"/branches", `{"name":"after","source":"main"}`); err == nil {
		t.Fatal("expected a connection error")
	}
	expect(t, tg.do("GET", base+"/branches/after", nil), 200, "")
	if n := tg.srv.LostAnswers("createBranch"); n != 1 {
		t.Fatalf("LostAnswers(createBranch) = %d, want 1 (the reset before the handler lost nothing)", n)
	}
	// the fault is used up
	if err := tg.rawPost(base+"/branches", `{"name":"third","source":"main"}`); err != nil {
		t.Fatal(err)
	}
}

func TestCounters(t *testing.T) {
	tg := localTarget(t, testserver.Options{})
	repo := tg.newRepo(nil)
	tg.srv.ResetCounters()
	tg.do("GET", "/repositories/"+repo, nil)
	tg.do("GET", "/repositories/"+repo, nil, noAuth())                 // 401 still counted
	tg.do("GET", "/repositories/"+repo+"/refs/main/objects/stat", nil) // 400 still counted
	tg.do("GET", "/nope", nil)
	tg.do("PUT", "/repositories/"+repo+"/pulls/00000000000000000000", nil)
	if n := tg.srv.RequestCount("getRepository"); n != 2 {
		t.Fatalf("getRepository %d", n)
	}
	if n := tg.srv.RequestCount("statObject"); n != 1 {
		t.Fatalf("statObject %d", n)
	}
	all := tg.srv.RequestCounts()
	if all["invalidAPIEndpoint"] != 2 || len(all) != 3 {
		t.Fatalf("counts %v", all)
	}
	tg.srv.ResetCounters()
	if n := tg.srv.RequestCount("getRepository"); n != 0 || len(tg.srv.RequestCounts()) != 0 {
		t.Fatal("reset failed")
	}
}

func TestHandlerWithoutListener(t *testing.T) {
	srv := testserver.New(testserver.Options{})
	if srv.Endpoint() != "" {
		t.Fatal("endpoint without listener")
	}
	req, _ := http.NewRequest("GET", "/api/v1/healthcheck", nil)
	rec := &recorder{h: http.Header{}}
	srv.ServeHTTP(rec, req)
	if rec.status != 204 || rec.h.Get("X-Request-Id") == "" {
		t.Fatalf("status %d", rec.status)
	}
}

type recorder struct {
	h      http.Header
	status int
}

func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *recorder) WriteHeader(s int)           { r.status = s }

func TestFaultSlowHandler(t *testing.T) {
	tg := localTarget(t, testserver.Options{})
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo
	tg.srv.InjectFault(testserver.Fault{Operation: "createBranch", Kind: testserver.FaultSlowHandler, Latency: 600 * time.Millisecond, Count: 1})
	impatient := &http.Client{Timeout: 100 * time.Millisecond}
	req, _ := http.NewRequest("POST", tg.base+base+"/branches", strings.NewReader(`{"name":"slow","source":"main"}`))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(tg.key, tg.secret)
	if res, err := impatient.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("expected a timeout")
	}
	// The client gave up; the server has not finished yet, and then it does.
	expect(t, tg.do("GET", base+"/branches/slow", nil), 404, "branch not found")
	time.Sleep(700 * time.Millisecond)
	expect(t, tg.do("GET", base+"/branches/slow", nil), 200, "")
}

func TestFaultInterruptedMerge(t *testing.T) {
	tg := localTarget(t, testserver.Options{})
	repo := tg.newRepo(nil)
	base := "/repositories/" + repo
	tg.branchFromMain(repo, "src")
	expect(t, tg.upload(repo, "src", "a.txt", "a"), 201, "")
	srcHead := tg.commitOK(repo, "src", "add a")["id"]
	r := tg.do("POST", base+"/pulls", map[string]any{"title": "t", "source_branch": "src", "destination_branch": "main"})
	expect(t, r, 201, "")
	id := r.obj(t)["id"].(string)

	tg.srv.InjectFault(testserver.Fault{Operation: "mergePullRequest", Kind: testserver.FaultInterruptedHandler, Count: 1})
	req, _ := http.NewRequest("PUT", tg.base+base+"/pulls/"+id+"/merge", nil)
	req.SetBasicAuth(tg.key, tg.secret)
	if res, err := tg.client.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("expected a connection error")
	}
	// The merge commit is on main; the pull request still reads open, without a merged commit.
	head := tg.do("GET", base+"/commits/main", nil).obj(t)
	if parents := head["parents"].([]any); len(parents) != 2 || parents[1] != srcHead {
		t.Fatalf("main's head %v is not the merge of %v", head, srcHead)
	}
	pr := tg.do("GET", base+"/pulls/"+id, nil).obj(t)
	if _, ok := pr["merged_commit_id"]; ok || pr["status"] != "open" {
		t.Fatalf("interrupted merge left the pull request %v", pr)
	}
	expect(t, tg.do("PUT", base+"/pulls/"+id+"/merge", nil), 400, "update branch main: no changes")
}
