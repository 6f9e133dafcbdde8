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
	dataFloor     time.Duration // the same apply of terraform_data resources
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

// dataApply applies the same number of terraform_data resources: Terraform's own cost.
func dataApply(ctx context.Context, tf *terraform, o options, i int) (time.Duration, error) {
	config := fmt.Sprintf("resource \"terraform_data\" \"d\" {\n  count = %d\n  input = \"bench-${count.index}\"\n}\n", throughputCreates)
	ws, err := tf.workspace(filepath.Join(o.work, fmt.Sprintf("tput-data-%d", i)), config)
	if err != nil {
		return 0, err
	}
	res, err := ws.run(ctx, false, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", throughputParallelism))
	return res.wall, err
}

// benchThroughput alternates the runs with and without latency (and Terraform's own floor), so that changes in
// the load of a shared machine fall on all of them alike.
func benchThroughput(ctx context.Context, tf *terraform, o options) ([]throughputResult, error) {
	srv, err := startServer(testserver.Options{DataDir: o.work})
	if err != nil {
		return nil, err
	}
	defer srv.close()
	latencies := []time.Duration{injectedLatency, 0}
	applies := make([][]time.Duration, len(latencies))
	windows := make([][]time.Duration, len(latencies))
	requests := make([][]float64, len(latencies))
	out := make([]throughputResult, len(latencies))
	var floors []time.Duration
	for i := 0; i < o.tputReps; i++ {
		for l, latency := range latencies {
			out[l].latency = latency
			res, counts, err := throughputRun(ctx, tf, o, srv, latency, i)
			if err != nil {
				return nil, err
			}
			applies[l], windows[l] = append(applies[l], res.wall), append(windows[l], srv.window())
			requests[l] = append(requests[l], float64(total(counts)))
			out[l].counts = counts
			logf("throughput latency=%v run %d: apply %v, request window %v, %d requests (%s)", latency, i+1,
				res.wall.Round(time.Millisecond), srv.window().Round(time.Millisecond), total(counts), countsText(counts))
		}
		floor, err := dataApply(ctx, tf, o, i)
		if err != nil {
			return nil, err
		}
		floors = append(floors, floor)
	}
	for l := range out {
		out[l].apply, out[l].window, out[l].requests = median(applies[l]), median(windows[l]), int(median(requests[l]))
		out[l].dataFloor = median(floors)
	}
	return out, nil
}

// throughputRun applies the pull requests into a fresh repository with the given latency injected.
func throughputRun(ctx context.Context, tf *terraform, o options, srv *benchServer, latency time.Duration, i int) (result, map[string]int, error) {
	srv.ClearFaults()
	repo := fmt.Sprintf("tput-%d-%d", latency.Milliseconds(), i)
	if _, err := srv.client.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: "local://" + repo}); err != nil {
		return result{}, nil, err
	}
	if err := parallel(ctx, throughputCreates, func(ctx context.Context, i int) error {
		_, err := srv.client.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("src-%d", i), Source: "main"})
		return err
	}); err != nil {
		return result{}, nil, err
	}
	config := providerHeader + pullRequestsHCL(throughputCreates, repo)
	ws, err := tf.workspace(filepath.Join(o.work, repo), config, srv.env()...)
	if err != nil {
		return result{}, nil, err
	}
	if latency > 0 {
		srv.InjectFault(testserver.Fault{Kind: testserver.FaultLatency, Latency: latency})
	}
	srv.reset()
	res, err := ws.run(ctx, false, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", throughputParallelism))
	srv.ClearFaults()
	return res, srv.RequestCounts(), err
}
