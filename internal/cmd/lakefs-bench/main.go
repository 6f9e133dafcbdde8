// Command lakefs-bench measures the provider with the real Terraform binary against the in-process lakeFS test
// server on loopback, and writes BENCHMARKS.md. `make bench` builds the provider and runs it (scripts/bench.sh).
// Figures 6 and 7 put a proxy of ours (proxy.go) between the provider and lakeFS (the test server, or real lakeFS
// with -remote-targets lakefs) that delays every request and every new connection, over plain HTTP and TLS.
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
	"slices"
	"strconv"
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

	// Figures 6 and 7: through the delaying proxy.
	remoteTargets     []string        // double, lakefs
	remoteTransports  []string        // http, https
	remoteSizes       []int           // N
	remoteDelays      []time.Duration // per request and per new connection; the first is the baseline (0)
	remoteParallelism int
	remoteUploadSizes []int64
	remoteUploadDelay time.Duration
	remoteConnWindow  int64  // bytes a connection reads per delay in figure 7; 0: no limit
	lakefsScript      string // scripts/lakefs.sh, for -remote-targets lakefs

	// Figure 8: CPU per resource.
	cpuPlanN, cpuApplyN int
	cpuBaseline         string // another provider binary to measure beside this tree's
	cpuBaselineName     string // what it was built from, for the report
}

func main() {
	var o options
	var only, targets, transports, sizes, delays, uploadSizes string
	flag.StringVar(&o.terraform, "terraform", "terraform", "Terraform binary")
	flag.StringVar(&o.provider, "provider", "", "provider binary built from this tree")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write")
	flag.StringVar(&o.work, "work", "", "scratch directory (default: a new one under /tmp)")
	flag.IntVar(&o.reps, "reps", 3, "repetitions per figure; every figure is their median")
	flag.IntVar(&o.bigReps, "big-reps", 3, "repetitions of the 1 GiB uploads")
	flag.IntVar(&o.tputReps, "throughput-reps", 5, "repetitions of the throughput applies, alternating with and without latency")
	flag.StringVar(&only, "only", "", "comma-separated subset of refresh,throughput,listing,uploads,remote,remote-uploads,cpu (default all); "+
		"when -out exists already, only the sections measured are replaced in it")
	flag.StringVar(&targets, "remote-targets", "double", "what the delaying proxy stands in front of: double (the test server), lakefs (real lakeFS, started with -lakefs-script), or both, comma-separated")
	flag.StringVar(&transports, "remote-transports", "http,https", "the proxy's transports: http, https (TLS with a self-signed certificate, HTTP/2 as Go negotiates it), comma-separated")
	flag.StringVar(&sizes, "remote-sizes", "100,300", "N, the resources per remote figure (a third each of branches, pull requests and objects), comma-separated")
	flag.StringVar(&delays, "remote-delays", "0ms,20ms,50ms", "delays per request and per new connection, comma-separated; the first is the baseline of the bound")
	flag.IntVar(&o.remoteParallelism, "remote-parallelism", 10, "terraform -parallelism of the remote figures")
	flag.StringVar(&uploadSizes, "remote-upload-sizes", "64,1024", "sizes in MiB of the uploads through the proxy, comma-separated")
	flag.DurationVar(&o.remoteUploadDelay, "remote-upload-delay", 50*time.Millisecond, "delay of the uploads through the proxy")
	var windowMiB float64
	flag.Float64Var(&windowMiB, "remote-conn-window", 0, "MiB a connection may read per delay in the uploads through the proxy (a TCP window over its round trip); 0: no limit")
	flag.StringVar(&o.lakefsScript, "lakefs-script", "scripts/lakefs.sh", "scripts/lakefs.sh, which starts real lakeFS for -remote-targets lakefs")
	flag.IntVar(&o.cpuPlanN, "cpu-plan-size", 1000, "resources of the plan of figure 8")
	flag.IntVar(&o.cpuApplyN, "cpu-apply-size", 300, "resources of the apply of figure 8")
	flag.StringVar(&o.cpuBaseline, "cpu-baseline", "", "a provider binary built from another commit, measured in figure 8 beside this tree's")
	flag.StringVar(&o.cpuBaselineName, "cpu-baseline-name", "", "what -cpu-baseline was built from (a commit), for the report")
	flag.Parse()
	if o.provider == "" {
		fmt.Fprintln(os.Stderr, "lakefs-bench: -provider is required")
		os.Exit(2)
	}
	o.remoteConnWindow = int64(windowMiB * (1 << 20))
	if err := o.parseRemote(targets, transports, sizes, delays, uploadSizes); err != nil {
		fmt.Fprintln(os.Stderr, "lakefs-bench:", err)
		os.Exit(2)
	}
	o.only = map[string]bool{}
	for _, s := range splitList(only) {
		if !slices.Contains([]string{"refresh", "throughput", "listing", "uploads", "remote", "remote-uploads", "cpu"}, s) {
			fmt.Fprintf(os.Stderr, "lakefs-bench: -only: unknown section %q\n", s)
			os.Exit(2)
		}
		o.only[s] = true
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
	// The report's sections, in the order they run; -only picks some of them.
	sections := []struct {
		only, name string // its name in -only, and in errors
		measure    func() error
	}{
		{"refresh", "refresh", func() (err error) { rep.refresh, err = benchRefresh(ctx, tf, o); return err }},
		{"throughput", "throughput", func() (err error) { rep.throughput, err = benchThroughput(ctx, tf, o); return err }},
		{"listing", "listing", func() (err error) { rep.listing, err = benchListing(ctx, tf, o); return err }},
		{"uploads", "uploads", func() (err error) { rep.uploads, err = benchUploads(ctx, tf, o); return err }},
		{"remote", "remote", func() (err error) { rep.remote, err = benchRemote(ctx, tf, o); return err }},
		{"remote-uploads", "remote uploads", func() (err error) { rep.remoteUploads, err = benchRemoteUploads(ctx, tf, o); return err }},
		{"cpu", "cpu", func() (err error) { rep.cpu, err = benchCPU(ctx, tf, o); return err }},
	}
	for _, s := range sections {
		if !o.enabled(s.only) {
			continue
		}
		if err := s.measure(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	rep.duration = time.Since(rep.started)
	text := rep.markdown()
	if len(o.only) > 0 {
		// A partial run replaces its own sections of an existing report and keeps the rest.
		if old, err := os.ReadFile(o.out); err == nil {
			text = spliceSections(string(old), text)
		}
	}
	return os.WriteFile(o.out, []byte(text), 0o644)
}

// parseRemote reads the comma-separated remote flags.
func (o *options) parseRemote(targets, transports, sizes, delays, uploadSizes string) error {
	for _, s := range splitList(targets) {
		if s != "double" && s != "lakefs" {
			return fmt.Errorf("-remote-targets: %q is neither double nor lakefs", s)
		}
		o.remoteTargets = append(o.remoteTargets, s)
	}
	for _, s := range splitList(transports) {
		if s != "http" && s != "https" {
			return fmt.Errorf("-remote-transports: %q is neither http nor https", s)
		}
		o.remoteTransports = append(o.remoteTransports, s)
	}
	for _, s := range splitList(sizes) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 3 {
			return fmt.Errorf("-remote-sizes: %q is not a number of resources (at least 3)", s)
		}
		o.remoteSizes = append(o.remoteSizes, n)
	}
	for _, s := range splitList(delays) {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return fmt.Errorf("-remote-delays: %q is not a duration", s)
		}
		o.remoteDelays = append(o.remoteDelays, d)
	}
	for _, s := range splitList(uploadSizes) {
		mib, err := strconv.ParseInt(s, 10, 64)
		if err != nil || mib < 1 {
			return fmt.Errorf("-remote-upload-sizes: %q is not a number of MiB", s)
		}
		o.remoteUploadSizes = append(o.remoteUploadSizes, mib<<20)
	}
	if len(o.remoteTargets) == 0 || len(o.remoteTransports) == 0 || len(o.remoteSizes) == 0 || len(o.remoteDelays) == 0 {
		return fmt.Errorf("-remote-targets, -remote-transports, -remote-sizes and -remote-delays need at least one value each")
	}
	if o.remoteParallelism < 1 {
		return fmt.Errorf("-remote-parallelism must be at least 1")
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
