package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRemoteBoundAndRatio(t *testing.T) {
	// 300 resources, 2 requests each, 10 in parallel, 50 ms: 2 s without delay + 600 / 10 x 50 ms = 5 s.
	if got := remoteBound(2*time.Second, 600, 10, 50*time.Millisecond); got != 5*time.Second {
		t.Errorf("bound %v, want 5s", got)
	}
	if got := remoteBound(2*time.Second, 600, 10, 0); got != 2*time.Second {
		t.Errorf("bound at no delay %v, want the time at no delay", got)
	}
	if got := remoteBound(time.Second, 10, 0, 10*time.Millisecond); got != 1100*time.Millisecond {
		t.Errorf("parallelism 0 is taken as 1: %v", got)
	}
	if got := boundRatio(6500*time.Millisecond, 5*time.Second); got < 1.2999 || got > 1.3001 {
		t.Errorf("ratio %v, want 1.3", got)
	}
	if got := boundRatio(time.Second, 0); got != 0 {
		t.Errorf("ratio against no bound %v", got)
	}
	row := remoteRow{n: 300, pulls: 100, delay: 20 * time.Millisecond, base: 3 * time.Second, requests: 500, wall: 4 * time.Second,
		counts: map[string]int{"listPullRequests": 100, "createPullRequest": 100, "getPullRequest": 100, "createBranch": 100}}
	if got := row.bound(10); got != 4*time.Second {
		t.Errorf("row bound %v, want 3 s + 500 / 10 x 20 ms = 4 s", got)
	}
	if got := row.ratio(10); got != 1 {
		t.Errorf("row ratio %v", got)
	}
	if got := row.pullCreate(); got != 3 {
		t.Errorf("requests per pull request create %v, want 3", got)
	}
	if got := row.perResource(); got < 1.666 || got > 1.667 {
		t.Errorf("requests per resource %v", got)
	}
}

func TestRemoteRowSummarise(t *testing.T) {
	r := remoteRow{runs: []remoteRun{
		{wall: 3 * time.Second, stats: proxyStats{requests: 100, conns: 4, handshakes: 4, window: time.Second, ops: map[string]int{"a": 1}}},
		{wall: 1 * time.Second, stats: proxyStats{requests: 100, conns: 12, handshakes: 3, resumed: 1, window: 3 * time.Second}},
		{wall: 2 * time.Second, stats: proxyStats{requests: 102, conns: 5, handshakes: 2, window: 2 * time.Second}},
	}}
	r.summarise()
	if r.wall != 2*time.Second || r.window != 2*time.Second || r.requests != 100 || r.maxConns != 12 || r.maxHandshake != 4 || r.maxResumed != 1 {
		t.Errorf("summary %+v", r)
	}
}

func TestJudgedDelay(t *testing.T) {
	if got := judgedDelay([]time.Duration{0, 20 * time.Millisecond, 50 * time.Millisecond, 80 * time.Millisecond}); got != 50*time.Millisecond {
		t.Errorf("%v, want the goal's 50 ms", got)
	}
	if got := judgedDelay([]time.Duration{0, 30 * time.Millisecond}); got != 30*time.Millisecond {
		t.Errorf("%v, want the largest", got)
	}
}

func TestParseRemote(t *testing.T) {
	var o options
	if err := o.parseRemote("double, lakefs", "http,https", "20,100", "0,20ms,50ms", "1,1024"); err == nil {
		t.Error(`"0" without a unit parsed as a delay`)
	}
	o = options{remoteParallelism: 10}
	if err := o.parseRemote("double,lakefs", "http,https", "20,100", "0s,20ms,50ms", "1,1024"); err != nil {
		t.Fatal(err)
	}
	if len(o.remoteTargets) != 2 || len(o.remoteTransports) != 2 || o.remoteSizes[1] != 100 || o.remoteDelays[2] != 50*time.Millisecond || o.remoteUploadSizes[1] != 1<<30 {
		t.Errorf("%+v", o)
	}
	for _, bad := range [][5]string{
		{"s3", "http", "20", "0s", "1"},
		{"double", "h2c", "20", "0s", "1"},
		{"double", "http", "2", "0s", "1"},
		{"double", "http", "20", "-1s", "1"},
		{"double", "http", "20", "0s", "0"},
		{"", "http", "20", "0s", "1"},
	} {
		o := options{remoteParallelism: 10}
		if err := o.parseRemote(bad[0], bad[1], bad[2], bad[3], bad[4]); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestSpliceSections(t *testing.T) {
	old := "# Benchmarks\n\nintro\n\n## Machine\n\n- old\n\n## 1. Refresh\n\nold one\n\n## 5. Uploads\n\nold five\n\n## 6. Remote\n\nold six\n"
	fresh := "# Benchmarks\n\nnew intro\n\n## Machine\n\n- new\n\n## 6. Remote\n\nnew six\n\n## 7. Remote uploads\n\nnew seven\n"
	got := spliceSections(old, fresh)
	want := "# Benchmarks\n\nintro\n\n## Machine\n\n- old\n\n## 1. Refresh\n\nold one\n\n## 5. Uploads\n\nold five\n\n## 6. Remote\n\nnew six\n\n## 7. Remote uploads\n\nnew seven\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if sectionNumber("## 12. x") != 12 || sectionNumber("## Machine") != 0 || sectionNumber("### 1. x") != 0 || sectionNumber("## 1x. y") != 0 {
		t.Error("sectionNumber")
	}
}

// The remote section renders its goals from the figures: a synthetic result that meets some and misses others.
func TestRemoteSectionGoals(t *testing.T) {
	rows := []remoteRow{}
	for _, transport := range []string{"HTTP", "TLS"} {
		for _, command := range []string{"apply", "plan"} {
			for _, d := range []time.Duration{0, 50 * time.Millisecond} {
				req, counts := 300, map[string]int{"getBranch": 100, "getPullRequest": 100, "statObject": 100}
				if command == "apply" {
					req, counts = 700, map[string]int{"createBranch": 100, "getBranch": 100, "listPullRequests": 100, "createPullRequest": 100, "getPullRequest": 100, "uploadObject": 100, "statObject": 100}
				}
				conns := 8
				if transport == "TLS" && command == "apply" {
					conns = 14
				}
				wall := 2*time.Second + time.Duration(float64(req)/10*float64(d))
				if command == "apply" && d > 0 {
					wall = wall * 3 / 2
				}
				r := remoteRow{target: "test server", transport: transport, n: 300, pulls: 100, command: command, delay: d,
					runs: []remoteRun{{wall: wall, stats: proxyStats{requests: req, conns: conns, handshakes: 1, h2: 1, ops: counts}}}}
				r.summarise()
				r.base = 2 * time.Second
				rows = append(rows, r)
			}
		}
	}
	rep := &report{remote: &remoteResult{parallelism: 10, delays: []time.Duration{0, 50 * time.Millisecond}, reps: 1, rows: rows}}
	wantInSection(t, rep.remoteSection, []string{
		"over HTTP: **met**, at most 8",
		"over TLS: **not met**, at most 14",
		"`terraform plan` within 1.3x of the bound at 50 ms: **met**, at worst 1.00x",
		"`terraform apply` within 1.3x of the bound at 50 ms: **not met**, at worst 1.50x",
		"a pull request create in 2 requests: **not met**, 3.00 requests per create",
		"exactly one request per resource: **met** in all 4 plans",
		"| test server | TLS | 300 | apply | 50 ms | 8.25 s | 5.50 s | 1.50 |",
	})
}

func TestRemoteUploadsSectionGoals(t *testing.T) {
	mk := func(size int64, multipart bool, apply time.Duration, rss int64) uploadResult {
		return uploadResult{size: size, multipart: multipart, runs: 1, apply: apply, window: apply / 2, peakRSS: rss, proxied: true, delay: 50 * time.Millisecond, counts: map[string]int{}}
	}
	rep := &report{remoteUploads: []uploadResult{
		mk(64<<20, true, time.Second, 30<<20), mk(64<<20, false, time.Second, 28<<20),
		mk(1<<30, true, 10*time.Second, 31<<20), mk(1<<30, false, 12*time.Second, 60<<20),
	}}
	wantInSection(t, rep.remoteUploadsSection, []string{
		"1024 MiB multipart at least as fast as plain at 50 ms: **met**, 10.00 s against 12.00 s",
		"peak RSS flat (multipart): **met**",
		"peak RSS flat (plain): **not met**, 60 MiB at 1024 MiB against 28 MiB at 64 MiB",
	})
}

// When multipart is slower, the section counts the round trips it makes in a row from its requests.
func TestRemoteUploadsSectionSlowMultipart(t *testing.T) {
	mp := uploadResult{size: 1 << 30, multipart: true, runs: 1, apply: 14 * time.Second, window: 5 * time.Second, delay: 50 * time.Millisecond,
		requests: 69, counts: map[string]int{presignedPartOp: 64, "getConfig": 1, "statObject": 2, "createPresignMultipartUpload": 1, "completePresignMultipartUpload": 1}}
	pl := uploadResult{size: 1 << 30, runs: 1, apply: 13 * time.Second, window: 4 * time.Second, delay: 50 * time.Millisecond, requests: 1, counts: map[string]int{"uploadObject": 1}}
	rep := &report{remoteUploads: []uploadResult{mp, pl}}
	wantInSection(t, rep.remoteUploadsSection, []string{
		"multipart at least as fast as plain at 50 ms: **not met**, 14.00 s against 13.00 s",
		"multipart 5 requests around its parts",
		"16 rounds of 4 parts",
		"about 21 round trips, 1.05 s at 50 ms",
		"`-remote-conn-window` (MiB per delay) models it",
	})
}

// wantInSection checks that what a report section prints (its lines trimmed) contains each of wants.
func wantInSection(t *testing.T, section func(p func(string, ...any)), wants []string) {
	t.Helper()
	var b strings.Builder
	section(func(format string, args ...any) {
		b.WriteString(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")
	})
	out := b.String()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("the section lacks %q:\n%s", want, out)
		}
	}
}
