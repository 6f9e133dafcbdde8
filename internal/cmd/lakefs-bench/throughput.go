package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

const (
	throughputCreates     = 300
	throughputParallelism = 10
	injectedLatency       = 20 * time.Millisecond
)

// throughputResult is figure 3 at one latency.
type throughputResult struct {
	latency       time.Duration
	apply, window time.Duration // medians: terraform apply wall time, first to last lakeFS request
	requests      int           // per apply (median)
	dataFloor     time.Duration // without latency only: the same apply of terraform_data resources
	counts        map[string]int
}

func (t throughputResult) perCreate() float64 { return float64(t.requests) / throughputCreates }

// bound is the best rate latency and parallelism allow: parallelism creates in flight, each waiting
// perCreate sequential round trips of the injected latency.
func (t throughputResult) bound() float64 {
	return throughputParallelism / (t.perCreate() * t.latency.Seconds())
}

func (t throughputResult) opsPerSec() float64       { return throughputCreates / t.apply.Seconds() }
func (t throughputResult) windowOpsPerSec() float64 { return throughputCreates / t.window.Seconds() }

// dataApplyFloor is the median apply of the same number of terraform_data resources: Terraform's own cost.
func dataApplyFloor(ctx context.Context, tf *terraform, o options) (time.Duration, error) {
	var applies []time.Duration
	for i := 0; i < o.reps; i++ {
		config := fmt.Sprintf("resource \"terraform_data\" \"d\" {\n  count = %d\n  input = \"bench-${count.index}\"\n}\n", throughputCreates)
		ws, err := tf.workspace(filepath.Join(o.work, fmt.Sprintf("tput-data-%d", i)), config)
		if err != nil {
			return 0, err
		}
		res, err := ws.run(ctx, false, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", throughputParallelism))
		if err != nil {
			return 0, err
		}
		applies = append(applies, res.wall)
	}
	return median(applies), nil
}

func benchThroughput(ctx context.Context, tf *terraform, o options) ([]throughputResult, error) {
	srv, err := startServer(testserver.Options{DataDir: o.work})
	if err != nil {
		return nil, err
	}
	defer srv.close()
	var out []throughputResult
	for _, latency := range []time.Duration{injectedLatency, 0} {
		r := throughputResult{latency: latency}
		var applies, windows []time.Duration
		var requests []float64
		for i := 0; i < o.reps; i++ {
			srv.ClearFaults()
			repo := fmt.Sprintf("tput-%d-%d", latency.Milliseconds(), i)
			if _, err := srv.client.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: "local://" + repo}); err != nil {
				return nil, err
			}
			if err := parallel(ctx, throughputCreates, 8, func(ctx context.Context, i int) error {
				_, err := srv.client.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("src-%d", i), Source: "main"})
				return err
			}); err != nil {
				return nil, err
			}
			config := providerHeader + fmt.Sprintf(`
resource "lakefs_pull_request" "pr" {
  count              = %d
  repository         = %q
  source_branch      = "src-${count.index}"
  destination_branch = "main"
  title              = "bench ${count.index}"
}
`, throughputCreates, repo)
			ws, err := tf.workspace(filepath.Join(o.work, repo), config, srv.env()...)
			if err != nil {
				return nil, err
			}
			if latency > 0 {
				srv.InjectFault(testserver.Fault{Kind: testserver.FaultLatency, Latency: latency})
			}
			srv.reset()
			res, err := ws.run(ctx, false, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", throughputParallelism))
			srv.ClearFaults()
			if err != nil {
				return nil, err
			}
			counts := srv.RequestCounts()
			applies, windows = append(applies, res.wall), append(windows, srv.window())
			requests = append(requests, float64(total(counts)))
			r.counts = counts
			logf("throughput latency=%v run %d: apply %v, request window %v, %d requests (%s)", latency, i+1,
				res.wall.Round(time.Millisecond), srv.window().Round(time.Millisecond), total(counts), countsText(counts))
		}
		r.apply, r.window, r.requests = median(applies), median(windows), int(medianFloat(requests))
		if latency == 0 {
			if r.dataFloor, err = dataApplyFloor(ctx, tf, o); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}
