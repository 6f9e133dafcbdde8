// Command lakefs-bench measures the provider with the real Terraform binary against the in-process lakeFS test
// server on loopback, and writes BENCHMARKS.md. `make bench` builds the provider and runs it (scripts/bench.sh).
//
// The test server runs inside this process so that its request counters and injected latency are read and set
// directly; Terraform runs the freshly built provider binary as its own plugin process, installed from a local
// filesystem mirror so that `terraform init` works offline.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

type options struct {
	terraform string // Terraform binary
	provider  string // freshly built provider binary
	out       string // BENCHMARKS.md
	work      string // scratch directory (big files go here: keep it under /tmp)
	reps      int    // repetitions per figure (medians)
	bigReps   int    // repetitions of the 1 GiB upload
	tputReps  int    // repetitions of the throughput applies (the noisiest figure)
	only      map[string]bool
}

func main() {
	var o options
	var only string
	flag.StringVar(&o.terraform, "terraform", "terraform", "Terraform binary")
	flag.StringVar(&o.provider, "provider", "", "provider binary built from this tree")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write")
	flag.StringVar(&o.work, "work", "", "scratch directory (default: a new one under /tmp)")
	flag.IntVar(&o.reps, "reps", 3, "repetitions per figure; every figure is their median")
	flag.IntVar(&o.bigReps, "big-reps", 3, "repetitions of the 1 GiB uploads")
	flag.IntVar(&o.tputReps, "throughput-reps", 5, "repetitions of the throughput applies, alternating with and without latency")
	flag.StringVar(&only, "only", "", "comma-separated subset of refresh,throughput,listing,uploads (default all)")
	flag.Parse()
	if o.provider == "" {
		fmt.Fprintln(os.Stderr, "lakefs-bench: -provider is required")
		os.Exit(2)
	}
	o.only = map[string]bool{}
	for _, s := range strings.Split(only, ",") {
		if s != "" {
			o.only[s] = true
		}
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "lakefs-bench:", err)
		os.Exit(1)
	}
}

func (o options) enabled(name string) bool { return len(o.only) == 0 || o.only[name] }

func run(ctx context.Context, o options) error {
	if o.work == "" {
		dir, err := os.MkdirTemp("/tmp", "lakefs-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.work = dir
	}
	tf, err := newTerraform(o.terraform, o.provider, o.work)
	if err != nil {
		return err
	}
	rep := &report{started: time.Now().UTC(), reps: o.reps, tputReps: o.tputReps}
	rep.machine = machineInfo(ctx, tf)
	if o.enabled("refresh") {
		if rep.refresh, err = benchRefresh(ctx, tf, o); err != nil {
			return fmt.Errorf("refresh: %w", err)
		}
	}
	if o.enabled("throughput") {
		if rep.throughput, err = benchThroughput(ctx, tf, o); err != nil {
			return fmt.Errorf("throughput: %w", err)
		}
	}
	if o.enabled("listing") {
		if rep.listing, err = benchListing(ctx, tf, o); err != nil {
			return fmt.Errorf("listing: %w", err)
		}
	}
	if o.enabled("uploads") {
		if rep.uploads, err = benchUploads(ctx, tf, o); err != nil {
			return fmt.Errorf("uploads: %w", err)
		}
	}
	rep.duration = time.Since(rep.started)
	return os.WriteFile(o.out, []byte(rep.markdown()), 0o644)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
