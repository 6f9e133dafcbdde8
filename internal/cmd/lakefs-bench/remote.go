package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Figure 6: Terraform against a lakeFS that is far away. The target (the test server in this process, or a real
// lakeFS started by scripts/lakefs.sh) sits behind the delaying proxy (proxy.go), over plain HTTP and over TLS.

// doubleName is what the report calls the test server as a target.
const doubleName = "test server"

// remoteTarget is the lakeFS behind the proxy. Its client talks to it directly, not through the proxy: the
// setup of a figure pays no delay and is not counted.
type remoteTarget struct {
	key, name  string // "double" / "lakefs"; what the report calls it
	endpoint   string // upstream base URL
	accessKey  string
	secretKey  string
	namespace  string // storage namespace prefix of the repositories
	client     *client.Client
	double     *benchServer // the test server, when it is the target: its own counters cross-check the proxy's
	stop       func()
	warnedDiff bool
}

func startTarget(ctx context.Context, o options, key string) (*remoteTarget, error) {
	switch key {
	case "double":
		srv, err := startServer(testserver.Options{DataDir: o.work})
		if err != nil {
			return nil, err
		}
		return &remoteTarget{key: key, name: doubleName, endpoint: srv.hs.URL, accessKey: srv.AccessKeyID(),
			secretKey: srv.SecretAccessKey(), namespace: "local://", client: srv.client, double: srv, stop: srv.close}, nil
	case "lakefs":
		return startLakeFS(ctx, o)
	default:
		return nil, fmt.Errorf("unknown remote target %q (double, lakefs)", key)
	}
}

// startLakeFS starts real lakeFS (local blockstore) with scripts/lakefs.sh and reads the env file it writes.
func startLakeFS(ctx context.Context, o options) (*remoteTarget, error) {
	dir := filepath.Join(o.work, "lakefs-server")
	script := func(args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, "bash", append([]string{o.lakefsScript}, args...)...)
		cmd.Stderr = os.Stderr
		return cmd
	}
	version := "lakeFS"
	if out, err := script("version").Output(); err == nil {
		version = "lakeFS " + strings.TrimSpace(string(out))
	}
	logf("remote: starting %s (%s up %s local)", version, o.lakefsScript, dir)
	up := script("up", dir, "local")
	up.Stdout = os.Stderr
	if err := up.Run(); err != nil {
		return nil, fmt.Errorf("%s up: %w", o.lakefsScript, err)
	}
	stop := func() {
		down := script("down", dir)
		down.Stdout = os.Stderr
		if err := down.Run(); err != nil {
			logf("remote: %s down %s: %v", o.lakefsScript, dir, err)
		}
	}
	env, err := readEnvFile(filepath.Join(dir, "local.env"))
	if err != nil {
		stop()
		return nil, err
	}
	t := &remoteTarget{key: "lakefs", name: version, endpoint: env["LAKEFS_ENDPOINT"], accessKey: env["LAKEFS_ACCESS_KEY_ID"],
		secretKey: env["LAKEFS_SECRET_ACCESS_KEY"], namespace: strings.TrimSuffix(env["LAKEFS_TEST_STORAGE_NAMESPACE"], "/") + "/", stop: stop}
	if t.endpoint == "" || t.accessKey == "" || t.namespace == "/" {
		stop()
		return nil, fmt.Errorf("%s/local.env lacks LAKEFS_ENDPOINT, LAKEFS_ACCESS_KEY_ID or LAKEFS_TEST_STORAGE_NAMESPACE", dir)
	}
	if t.client, err = client.New(client.Config{Endpoint: t.endpoint, AccessKeyID: t.accessKey, SecretAccessKey: t.secretKey}); err != nil {
		stop()
		return nil, err
	}
	return t, nil
}

// readEnvFile reads KEY=value lines.
func readEnvFile(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "="); ok && k != "" && !strings.HasPrefix(k, "#") {
			env[k] = v
		}
	}
	return env, sc.Err()
}

// remoteRun is one Terraform command through the proxy.
type remoteRun struct {
	wall  time.Duration
	stats proxyStats
}

// remoteRow is one line of figure 6: a command at one delay, over its runs.
type remoteRow struct {
	target, transport string // "test server", "HTTP" or "TLS"
	n                 int
	pulls             int // of the n resources, pull requests
	command           string
	delay             time.Duration
	runs              []remoteRun

	wall, window time.Duration // medians
	base         time.Duration // median wall of the same command at no delay
	requests     int           // median per run
	maxConns     int           // the most of any run
	maxUsed      int           // the most connections that carried requests in any run
	maxHandshake int
	maxResumed   int
	h2           int // handshakes of the last run that negotiated HTTP/2
	counts       map[string]int
}

// remoteBound is what latency and parallelism allow: the command's time without delay, plus its requests spread
// over parallelism lanes, each request waiting one delay (N x requests per resource / parallelism x delay).
func remoteBound(base time.Duration, requests, parallelism int, delay time.Duration) time.Duration {
	if parallelism < 1 {
		parallelism = 1
	}
	return base + time.Duration(float64(requests)/float64(parallelism)*float64(delay))
}

// boundRatio is wall / bound, to two decimals (as reported and judged): 1 is as fast as latency and parallelism allow.
func boundRatio(wall, bound time.Duration) float64 {
	if bound <= 0 {
		return 0
	}
	return math.Round(float64(wall)/float64(bound)*100) / 100
}

func (r remoteRow) bound(parallelism int) time.Duration {
	return remoteBound(r.base, r.requests, parallelism, r.delay)
}

func (r remoteRow) ratio(parallelism int) float64 { return boundRatio(r.wall, r.bound(parallelism)) }

// perResource is requests per resource (apply: per create; plan: per refresh).
func (r remoteRow) perResource() float64 { return float64(r.requests) / float64(r.n) }

// pullCreate is requests per pull request create in an apply: the pull request operations over the pull requests.
func (r remoteRow) pullCreate() float64 {
	if r.pulls == 0 {
		return 0
	}
	return float64(r.counts["listPullRequests"]+r.counts["createPullRequest"]+r.counts["getPullRequest"]) / float64(r.pulls)
}

// summarise fills the medians and maxima from the runs.
func (r *remoteRow) summarise() {
	var walls, windows []time.Duration
	var reqs []float64
	for _, x := range r.runs {
		walls, windows = append(walls, x.wall), append(windows, x.stats.window)
		reqs = append(reqs, float64(x.stats.requests))
		r.maxConns = max(r.maxConns, x.stats.conns)
		r.maxUsed = max(r.maxUsed, x.stats.used)
		r.maxHandshake = max(r.maxHandshake, x.stats.handshakes)
		r.maxResumed = max(r.maxResumed, x.stats.resumed)
		r.h2 = x.stats.h2
		r.counts = x.stats.ops
	}
	r.wall, r.window, r.requests = median(walls), median(windows), int(median(reqs)+0.5)
}

// remoteResult is figure 6.
type remoteResult struct {
	parallelism int
	delays      []time.Duration
	reps        int
	rows        []remoteRow
}

func benchRemote(ctx context.Context, tf *terraform, o options) (*remoteResult, error) {
	res := &remoteResult{parallelism: o.remoteParallelism, delays: o.remoteDelays, reps: o.reps}
	for _, key := range o.remoteTargets {
		tgt, err := startTarget(ctx, o, key)
		if err != nil {
			return nil, err
		}
		rows, err := benchRemoteTarget(ctx, tf, o, tgt)
		tgt.stop()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tgt.name, err)
		}
		res.rows = append(res.rows, rows...)
	}
	return res, nil
}

func benchRemoteTarget(ctx context.Context, tf *terraform, o options, tgt *remoteTarget) ([]remoteRow, error) {
	var out []remoteRow
	for _, transport := range o.remoteTransports {
		px, err := startProxy(tgt.endpoint, transport == "https")
		if err != nil {
			return nil, err
		}
		name := map[bool]string{false: "HTTP", true: "TLS"}[px.tls]
		for _, n := range o.remoteSizes {
			// rows[command][delay index]; the runs of the delays alternate, so that the load of a shared machine
			// falls on all of them alike.
			rows := map[string][]remoteRow{}
			pulls, _, _ := split(n)
			for _, command := range []string{"apply", "plan"} {
				for _, d := range o.remoteDelays {
					rows[command] = append(rows[command], remoteRow{target: tgt.name, transport: name, n: n, pulls: pulls, command: command, delay: d})
				}
			}
			for rep := 0; rep < o.reps; rep++ {
				for i, d := range o.remoteDelays {
					apply, plan, err := remoteRunOnce(ctx, tf, o, tgt, px, n, d, rep)
					if err != nil {
						px.close()
						return nil, err
					}
					rows["apply"][i].runs = append(rows["apply"][i].runs, apply)
					rows["plan"][i].runs = append(rows["plan"][i].runs, plan)
				}
			}
			for _, command := range []string{"apply", "plan"} {
				rs := rows[command]
				for i := range rs {
					rs[i].summarise()
				}
				base := rs[0].wall // at the smallest delay (0 ms in the default list)
				for i := range rs {
					rs[i].base = base
				}
				out = append(out, rs...)
			}
		}
		px.close()
	}
	return out, nil
}

// remoteConfig is N resources: a third each of branches, pull requests (from branches made beforehand) and small
// objects, in one repository.
func remoteConfig(repo, providerSettings string, n int) string {
	pulls, branches, objects := split(n)
	return providerHeaderWith(providerSettings) + fmt.Sprintf(`
resource "lakefs_branch" "b" {
  count      = %d
  repository = %q
  name       = "b-${count.index}"
  source     = "main"
}
`, branches, repo) + pullRequestsHCL(pulls, repo) + fmt.Sprintf(`
resource "lakefs_object" "o" {
  count      = %d
  repository = %q
  branch     = "main"
  path       = "data/o-${count.index}"
  content    = "bench ${count.index}\n"
}
`, objects, repo)
}

// remoteRunOnce applies N resources into a fresh repository through the proxy at the given delay, then plans
// (refreshes) them, and removes the repository.
func remoteRunOnce(ctx context.Context, tf *terraform, o options, tgt *remoteTarget, px *delayProxy, n int, delay time.Duration, rep int) (apply, plan remoteRun, err error) {
	scheme := "http"
	if px.tls {
		scheme = "https"
	}
	repo := fmt.Sprintf("remote-%s-%s-%d-%d-%d", tgt.key, scheme, n, delay.Milliseconds(), rep)
	pulls, _, _ := split(n)
	c := tgt.client
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: tgt.namespace + repo}); err != nil {
		return apply, plan, err
	}
	defer func() {
		if derr := c.DeleteRepository(context.WithoutCancel(ctx), repo, true); derr != nil && err == nil {
			err = derr
		}
	}()
	if err := parallel(ctx, pulls, func(ctx context.Context, i int) error {
		_, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("src-%d", i), Source: "main"})
		return err
	}); err != nil {
		return apply, plan, err
	}
	dir := filepath.Join(o.work, repo)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return apply, plan, err
	}
	ca, err := px.caConfig(dir)
	if err != nil {
		return apply, plan, err
	}
	env := []string{"LAKEFS_ENDPOINT=" + px.URL(), "LAKEFS_ACCESS_KEY_ID=" + tgt.accessKey, "LAKEFS_SECRET_ACCESS_KEY=" + tgt.secretKey}
	ws, err := tf.workspace(dir, remoteConfig(repo, ca, n), env...)
	if err != nil {
		return apply, plan, err
	}
	px.setDelays(delay, delay)
	defer px.setDelays(0, 0)
	par := fmt.Sprintf("-parallelism=%d", o.remoteParallelism)
	if apply, err = tgt.measure(ctx, ws, px, "apply", "-auto-approve", "-input=false", "-no-color", par); err != nil {
		return apply, plan, err
	}
	if plan, err = tgt.measure(ctx, ws, px, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-lock=false", par); err != nil {
		return apply, plan, err
	}
	logf("remote %s %s N=%d delay=%v run %d: apply %v (%d requests, %d connections, %d handshakes), plan %v (%d requests, %d connections, %d handshakes)",
		tgt.name, strings.ToUpper(scheme), n, delay, rep+1,
		apply.wall.Round(time.Millisecond), apply.stats.requests, apply.stats.conns, apply.stats.handshakes,
		plan.wall.Round(time.Millisecond), plan.stats.requests, plan.stats.conns, plan.stats.handshakes)
	return apply, plan, nil
}

// measure runs one command with the proxy's counters zeroed; a plan must be empty.
func (t *remoteTarget) measure(ctx context.Context, ws *workspace, px *delayProxy, args ...string) (remoteRun, error) {
	px.reset()
	if t.double != nil {
		t.double.reset()
	}
	res, err := ws.run(ctx, false, args...)
	if err != nil {
		return remoteRun{}, err
	}
	if args[0] == "plan" && res.exitCode != 0 {
		return remoteRun{}, fmt.Errorf("the plan after apply is not empty:\n%s", tail(res.output, 3000))
	}
	run := remoteRun{wall: res.wall, stats: px.stats()}
	if t.double != nil && !t.warnedDiff {
		if got := total(t.double.RequestCounts()); got != run.stats.requests {
			t.warnedDiff = true
			logf("remote: warning: the proxy forwarded %d requests, the test server counted %d (%s / %s)",
				run.stats.requests, got, countsText(run.stats.ops), countsText(t.double.RequestCounts()))
		}
	}
	return run, nil
}
