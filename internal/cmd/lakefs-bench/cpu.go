package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// Figure 8: CPU per resource of the provider plugin processes and of Terraform itself, for a plan of many resources
// and an apply of fewer, against the test server on loopback (no proxy). With -cpu-baseline, a provider binary built
// from another commit is measured the same way, its runs alternating with this tree's.
//
// The provider's CPU (user + system) is read from /proc/<pid>/stat of each provider plugin process while Terraform
// runs (every 50 ms; the last slice of a process, after its last poll, is lost: at most 50 ms per process, while it
// stops). Terraform's own CPU is its rusage, which includes the plugin processes it waited for, less theirs.

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat (100 on every Linux of interest).
const clockTicks = 100

// providerCPU adds to seen the CPU time so far of every provider plugin process Terraform started.
func providerCPU(terraformPID int, seen map[int]time.Duration) {
	for _, proc := range providerProcesses(terraformPID) {
		utime, _ := strconv.ParseInt(proc.stat[11], 10, 64)
		stime, _ := strconv.ParseInt(proc.stat[12], 10, 64)
		d := time.Duration(utime+stime) * time.Second / clockTicks
		if prev, known := seen[proc.pid]; !known || d > prev {
			seen[proc.pid] = d
		}
	}
}

// cpuRow is one command of figure 8 for one provider binary, over its runs.
type cpuRow struct {
	build    string // "this tree" or "baseline"
	command  string
	n        int
	wall     time.Duration // median
	provider time.Duration // median CPU of the provider plugin processes
	tfCPU    time.Duration // median CPU of Terraform itself
	runs     []cpuMeasure  // every run
	requests int           // lakeFS requests of the last run
}

type cpuMeasure struct{ wall, provider, terraform time.Duration }

func (r *cpuRow) summarise() {
	var w, p, t []time.Duration
	for _, m := range r.runs {
		w, p, t = append(w, m.wall), append(p, m.provider), append(t, m.terraform)
	}
	r.wall, r.provider, r.tfCPU = median(w), median(p), median(t)
}

func perResource(d time.Duration, n int) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)/float64(n))
}

type cpuResult struct {
	planN, applyN int
	baseline      string // what the baseline binary is, for the report
	rows          []cpuRow
}

func benchCPU(ctx context.Context, tf *terraform, o options) (*cpuResult, error) {
	builds := []struct {
		name string
		tf   *terraform
	}{{"this tree", tf}}
	if o.cpuBaseline != "" {
		btf, err := newTerraform(tf.bin, o.cpuBaseline, filepath.Join(o.work, "cpu-baseline"))
		if err != nil {
			return nil, err
		}
		builds = append([]struct {
			name string
			tf   *terraform
		}{{"baseline", btf}}, builds...)
	}
	srv, err := startServer(testserver.Options{DataDir: o.work})
	if err != nil {
		return nil, err
	}
	defer srv.close()
	res := &cpuResult{planN: o.cpuPlanN, applyN: o.cpuApplyN, baseline: o.cpuBaselineName}
	rows := map[string]*cpuRow{}
	row := func(build, command string, n int) *cpuRow {
		k := build + " " + command
		if rows[k] == nil {
			rows[k] = &cpuRow{build: build, command: command, n: n}
		}
		return rows[k]
	}
	for rep := 0; rep < o.reps; rep++ {
		for _, b := range builds {
			apply, err := cpuRunOnce(ctx, b.tf, o, srv, fmt.Sprintf("cpu-apply-%d-%d", rep, len(b.name)), o.cpuApplyN, false)
			if err != nil {
				return nil, err
			}
			r := row(b.name, "apply", o.cpuApplyN)
			r.runs, r.requests = append(r.runs, apply.m), apply.requests
			plan, err := cpuRunOnce(ctx, b.tf, o, srv, fmt.Sprintf("cpu-plan-%d-%d", rep, len(b.name)), o.cpuPlanN, true)
			if err != nil {
				return nil, err
			}
			r = row(b.name, "plan", o.cpuPlanN)
			r.runs, r.requests = append(r.runs, plan.m), plan.requests
			logf("cpu %s run %d: apply %d: wall %v, provider %v, terraform %v; plan %d: wall %v, provider %v, terraform %v", b.name, rep+1,
				o.cpuApplyN, apply.m.wall.Round(time.Millisecond), apply.m.provider, apply.m.terraform,
				o.cpuPlanN, plan.m.wall.Round(time.Millisecond), plan.m.provider, plan.m.terraform)
		}
	}
	for _, b := range builds {
		for _, command := range []string{"plan", "apply"} {
			if r := rows[b.name+" "+command]; r != nil {
				r.summarise()
				res.rows = append(res.rows, *r)
			}
		}
	}
	return res, nil
}

type cpuRun struct {
	m        cpuMeasure
	requests int
}

// cpuRunOnce applies n resources (the mix of figure 6) into a fresh repository and measures that apply, or, with
// plan, the plan after it.
func cpuRunOnce(ctx context.Context, tf *terraform, o options, srv *benchServer, repo string, n int, plan bool) (run cpuRun, err error) {
	c := srv.client
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: "local://" + repo}); err != nil {
		return run, err
	}
	defer func() {
		if derr := c.DeleteRepository(context.WithoutCancel(ctx), repo, true); derr != nil && err == nil {
			err = derr
		}
	}()
	pulls, _, _ := split(n)
	if err := parallel(ctx, pulls, func(ctx context.Context, i int) error {
		_, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("src-%d", i), Source: "main"})
		return err
	}); err != nil {
		return run, err
	}
	dir := filepath.Join(o.work, repo)
	ws, err := tf.workspace(dir, remoteConfig(repo, "", n), srv.env()...)
	if err != nil {
		return run, err
	}
	defer os.RemoveAll(dir)
	par := "-parallelism=10"
	srv.reset()
	res, err := ws.run(ctx, true, "apply", "-auto-approve", "-input=false", "-no-color", par)
	if err != nil {
		return run, err
	}
	if plan {
		srv.reset()
		if res, err = ws.run(ctx, true, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-lock=false", par); err != nil {
			return run, err
		}
		if res.exitCode != 0 {
			return run, fmt.Errorf("the plan after apply is not empty:\n%s", tail(res.output, 3000))
		}
	}
	return cpuRun{m: cpuMeasure{wall: res.wall, provider: res.providerCPU, terraform: res.terraformCPU}, requests: total(srv.RequestCounts())}, nil
}

func (r *report) cpuSection(p func(string, ...any)) {
	x := r.cpu
	p("## 8. Provider CPU per resource")
	p("")
	p("CPU time (user + system) of the provider plugin processes and of Terraform itself during `terraform plan` of %d", x.planN)
	p("resources right after they were applied, and during `terraform apply -parallelism=10` creating %d, against the test", x.applyN)
	p("server on loopback (a third each of `lakefs_branch`, `lakefs_pull_request` and `lakefs_object`, as in section 6).")
	p("The provider's CPU is read from /proc while Terraform runs (every 50 ms, both plugin processes of an apply),")
	p("Terraform's is its rusage less the provider's. Medians of %d run(s); the builds' runs alternate.", r.reps)
	if x.baseline != "" {
		p("\"baseline\" is the provider built from %s.", x.baseline)
	}
	p("")
	p("| provider | command | N | wall | provider CPU | provider CPU per resource | Terraform CPU | Terraform CPU per resource | lakeFS requests |")
	p("|---|---|---|---|---|---|---|---|---|")
	for _, row := range x.rows {
		p("| %s | %s | %d | %s | %s | %s | %s | %s | %d |", row.build, row.command, row.n, secs(row.wall), secs(row.provider),
			perResource(row.provider, row.n), secs(row.tfCPU), perResource(row.tfCPU, row.n), row.requests)
	}
	p("")
	p("%s", cpuNotes)
	p("")
}
