package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

type report struct {
	started        time.Time
	duration       time.Duration
	reps, tputReps int
	machine        []string
	refresh        []refreshResult
	throughput     []throughputResult
	listing        *listingResult
	uploads        []uploadResult
	remote         *remoteResult
	remoteUploads  []uploadResult
	cpu            *cpuResult
}

func machineInfo(ctx context.Context, tf *terraform) []string {
	cpu, mem := "unknown", "unknown"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				var kb int64
				if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d", &kb); err != nil {
					continue
				}
				mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
			}
		}
		f.Close()
	}
	kernel := "unknown"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(b))
	}
	tfVersion := "unknown"
	cmd := exec.CommandContext(ctx, tf.bin, "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+tf.rcFile, "CHECKPOINT_DISABLE=1")
	if b, err := cmd.Output(); err == nil {
		tfVersion = strings.SplitN(strings.TrimSpace(string(b)), "\n", 2)[0]
	}
	return []string{
		fmt.Sprintf("CPU: %s, %d logical CPUs (nproc)", cpu, runtime.NumCPU()),
		"Memory: " + mem,
		fmt.Sprintf("OS: %s/%s, Linux %s", runtime.GOOS, runtime.GOARCH, kernel),
		"Go: " + runtime.Version() + " (provider and driver)",
		"Terraform: " + tfVersion,
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
func secs(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func goal(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**not met**"
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("# Benchmarks")
	p("")
	p("Measured by `make bench` (`scripts/bench.sh` runs `internal/cmd/lakefs-bench`): the real Terraform binary runs a provider")
	p("binary built from this tree (installed from a local filesystem mirror, so it runs as its own plugin process) against")
	p("the lakeFS test server (`internal/testserver`) on loopback, in the driver's process, whose request counters give the")
	p("request figures. Every time is the median of %d runs unless stated; a run's wall time is the whole Terraform command", r.reps)
	p("(process start, provider start, graph walk, state write). The \"request window\" is the time from the first to the last")
	p("lakeFS request the server saw during the command: the part of the wall time spent talking to lakeFS.")
	p("Sections 6 and 7 put a proxy of the driver's between the provider and lakeFS that delays every request and every new")
	p("connection, as a lakeFS far away would, over plain HTTP and over TLS.")
	p("Do not edit the figures by hand: run `make bench` again (about %.0f minutes on this machine).", r.duration.Minutes())
	p("")
	p("## Machine")
	p("")
	p("- Date: %s (UTC)", r.started.Format("2006-01-02 15:04"))
	for _, m := range r.machine {
		p("- %s", m)
	}
	p("")
	p("%s", benchNotes)
	p("")
	if len(r.refresh) > 0 {
		r.refreshSection(p)
	}
	if len(r.throughput) > 0 {
		r.throughputSection(p)
	}
	if r.listing != nil {
		r.listingSection(p)
	}
	if len(r.uploads) > 0 {
		r.uploadsSection(p)
	}
	if r.remote != nil && len(r.remote.rows) > 0 {
		r.remoteSection(p)
	}
	if len(r.remoteUploads) > 0 {
		r.remoteUploadsSection(p)
	}
	if r.cpu != nil && len(r.cpu.rows) > 0 {
		r.cpuSection(p)
	}
	return b.String()
}

func (r *report) refreshSection(p func(string, ...any)) {
	p("## 1. Refresh cost")
	p("")
	p("`terraform plan` (with its refresh) of N managed resources right after they were applied: a third each of")
	p("`lakefs_pull_request`, `lakefs_object_user_metadata` and `lakefs_user_external_principal` (enterprise server).")
	p("Every plan was empty (checked with `-detailed-exitcode`), and every run made the same requests.")
	p("Goal: exactly one request per resource, plus a constant number per provider start.")
	p("")
	p("| N | pull requests / metadata / principals | apply (1 run) | plan | request window | lakeFS requests per plan | requests per resource | beyond one per resource | requests by operation |")
	p("|---|---|---|---|---|---|---|---|---|")
	met := true
	for _, x := range r.refresh {
		extra := x.requests - x.n
		if extra < 0 || extra != r.refresh[0].requests-r.refresh[0].n {
			met = false
		}
		p("| %d | %d / %d / %d | %s | %s | %s | %d | %.3f | %d | %s |", x.n, x.pulls, x.metadata, x.principals, secs(x.apply), secs(x.plan),
			secs(x.windows), x.requests, float64(x.requests)/float64(x.n), extra, countsText(x.counts))
	}
	p("")
	extra := r.refresh[0].requests - r.refresh[0].n
	p("Goal %s: %d request(s) per refresh beyond one per resource, the same for every N (no per-resource configuration,", goal(met), extra)
	p("version or login call); each resource reads itself with exactly one call (`getPullRequest`, `statObject`,")
	p("`getExternalPrincipal`), and the provider makes no call when it starts (it reads `/config` only before the")
	p("first large upload).")
	p("")
	p("## 2. Provider overhead")
	p("")
	p("The same N as `terraform_data` resources (no provider at all) under the same Terraform binary: `terraform plan` after apply.")
	p("Goal: the ratio plan(lakefs) / plan(terraform_data) stays flat as N grows, i.e. the provider's cost is linear in N.")
	p("")
	p("| N | plan (lakefs) | plan (terraform_data) | ratio | lakefs plan per resource | terraform_data plan per resource |")
	p("|---|---|---|---|---|---|")
	lo, hi := r.refresh[0].ratio(), r.refresh[0].ratio()
	for _, x := range r.refresh {
		lo, hi = min(lo, x.ratio()), max(hi, x.ratio())
		p("| %d | %s | %s | %.2f | %.2f ms | %.2f ms |", x.n, secs(x.plan), secs(x.planData), x.ratio(),
			float64(x.plan)/float64(time.Millisecond)/float64(x.n), float64(x.planData)/float64(time.Millisecond)/float64(x.n))
	}
	p("")
	first, last := r.refresh[0], r.refresh[len(r.refresh)-1]
	growth := last.ratio() / first.ratio()
	p("The ratio goes from %.2f at N=%d to %.2f at N=%d (x%.2f). Per resource, the lakefs plan costs %.2f ms at N=%d and %.2f ms at N=%d.",
		first.ratio(), first.n, last.ratio(), last.n, growth,
		float64(first.plan)/float64(time.Millisecond)/float64(first.n), first.n, float64(last.plan)/float64(time.Millisecond)/float64(last.n), last.n)
	p("Goal %s (taken as: the ratio at N=%d within 1.5x of the ratio at N=%d, and the per-resource cost not growing with N).",
		goal(growth <= 1.5 && float64(last.plan)/float64(last.n) <= 1.5*float64(first.plan)/float64(first.n)), last.n, first.n)
	p("")
	p("%s", refreshNotes)
	p("")
}

func (r *report) throughputSection(p func(string, ...any)) {
	p("## 3. Apply throughput against latency")
	p("")
	p("`terraform apply -parallelism=%d` creating %d `lakefs_pull_request` resources (distinct source branches, one", throughputParallelism, throughputCreates)
	p("repository), with the given latency injected before every lakeFS request. The bound is what latency and parallelism")
	p("allow: %d creates in flight, each waiting (requests per create) x latency, i.e. %d / (requests per create x latency).", throughputParallelism, throughputParallelism)
	p("Times are medians of %d runs; the runs with latency, without it and of `terraform_data` alternate, so that the", r.tputReps)
	p("load of the shared machine falls on all three alike.")
	p("Goal: within 1.5x of the bound.")
	p("")
	p("| injected latency | apply | request window | requests per create | requests by operation (one apply) | ops/s (apply) | ops/s (request window) | bound | bound / achieved (apply) | bound / achieved (window) |")
	p("|---|---|---|---|---|---|---|---|---|---|")
	var withLatency, without *throughputResult
	for i := range r.throughput {
		x := &r.throughput[i]
		if x.latency > 0 {
			withLatency = x
			p("| %s | %s | %s | %.2f | %s | %.1f | %.1f | %.1f | %.2f | %.2f |", ms(x.latency), secs(x.apply), secs(x.window), x.perCreate(), countsText(x.counts),
				x.opsPerSec(), x.windowOpsPerSec(), x.bound(), x.bound()/x.opsPerSec(), x.bound()/x.windowOpsPerSec())
		} else {
			without = x
			p("| none | %s | %s | %.2f | %s | %.1f | %.1f | - | - | - |", secs(x.apply), secs(x.window), x.perCreate(), countsText(x.counts),
				x.opsPerSec(), x.windowOpsPerSec())
		}
	}
	p("")
	if withLatency != nil {
		w := withLatency
		p("Goal on the whole `terraform apply` %s (%.2fx the bound); goal on the request window %s (%.2fx).",
			goal(w.bound()/w.opsPerSec() <= 1.5), w.bound()/w.opsPerSec(), goal(w.bound()/w.windowOpsPerSec() <= 1.5), w.bound()/w.windowOpsPerSec())
		if without != nil {
			byLatency := w.apply - without.apply
			ideal := time.Duration(float64(throughputCreates) * w.perCreate() * float64(w.latency) / throughputParallelism)
			p("Without injected latency the same apply takes %s: Terraform's and the provider's own cost for %d creates on this",
				secs(without.apply), throughputCreates)
			p("machine, a floor that no latency can lower. The latency itself can account for at best %d x %.2f x %s / %d = %s;",
				throughputCreates, w.perCreate(), ms(w.latency), throughputParallelism, secs(ideal))
			p("the measured difference between the two applies is %s (%.1fx that).", secs(byLatency), byLatency.Seconds()/ideal.Seconds())
			switch {
			case byLatency <= 0:
				p("The apply without latency was not faster: the variation between runs on this shared machine is larger than what")
				p("the latency adds, so latency is not what limits the rate.")
			case byLatency.Seconds() <= 1.5*ideal.Seconds():
				p("So the provider does keep %d creates in flight: the gap to the bound is the CPU floor, not lakeFS round trips.", throughputParallelism)
			default:
				p("More than latency alone explains: with latency, more requests wait at once, and on 2 busy CPUs the runs vary (see the note on the machine).")
			}
			p("For scale, Terraform alone applies %d", throughputCreates)
			p("`terraform_data` resources with the same parallelism in %s on this machine.", secs(without.dataFloor))
		}
	}
	p("")
	p("%s", throughputNotes)
	p("")
}

func (r *report) listingSection(p func(string, ...any)) {
	x := r.listing
	p("## 4. Listing")
	p("")
	p("`terraform plan` of a configuration holding only the `lakefs_pull_requests` data source (every status) over a")
	p("repository with %d pull requests (created through the API beforehand). Goal: %d requests.", x.pulls, x.pulls/1000)
	p("")
	p("| pull requests | plan | request window | listPullRequests calls | other lakeFS requests |")
	p("|---|---|---|---|---|")
	p("| %d | %s | %s | %d | %d |", x.pulls, secs(x.plan), secs(x.window), x.requests, x.otherRequests)
	p("")
	p("Goal %s: %d pages of 1000 (the largest page lakeFS serves).", goal(x.requests+x.otherRequests <= x.pulls/1000), x.requests)
	p("")
}

func (r *report) uploadsSection(p func(string, ...any)) {
	p("## 5. Large uploads")
	p("")
	p("`terraform apply` of one `lakefs_object` whose `source` is a file of pseudo-random bytes under /tmp, against a test")
	p("server that offers presigned multipart upload (`pre_sign_multipart_upload`), started afresh for each row.")
	p("\"multipart\" is the provider's default (multipart from 64 MiB, 16 MiB parts, 4 in parallel, sent to the presigned")
	p("part URLs); \"plain\" is the same server with `multipart_threshold` above the file size, so the content streams")
	p("through lakeFS's `uploadObject` in one request. MB/s is 10^6 bytes per second. The apply includes Terraform's plan,")
	p("which hashes the file, and the provider's read-back; the request window is the upload itself. Peak RSS is the largest")
	p("`VmHWM` of the provider plugin process over the runs (read from /proc while Terraform runs).")
	p("")
	p("| size | strategy | runs | apply | request window | MB/s (apply) | MB/s (window) | provider peak RSS | lakeFS requests | requests by operation |")
	p("|---|---|---|---|---|---|---|---|---|---|")
	for _, x := range r.uploads {
		mode := "plain"
		if x.multipart {
			mode = "multipart"
		}
		p("| %d MiB | %s | %d | %s | %s | %.0f | %.0f | %d MiB | %d | %s |", x.size>>20, mode, x.runs, secs(x.apply), secs(x.window),
			x.mbps(x.apply), x.mbps(x.window), x.peakRSS>>20, x.requests, countsText(x.counts))
	}
	p("")
	p("| size | MB/s multipart / plain (apply) | MB/s multipart / plain (window) |")
	p("|---|---|---|")
	for i := 0; i+1 < len(r.uploads); i += 2 {
		m, pl := r.uploads[i], r.uploads[i+1]
		p("| %d MiB | %.2f | %.2f |", m.size>>20, m.mbps(m.apply)/pl.mbps(pl.apply), m.mbps(m.window)/pl.mbps(pl.window))
	}
	p("")
	for _, x := range r.uploads {
		if x.multipart && x.size >= 1<<30 {
			parts := x.counts["putPresignedPart"]
			p("Goal for the requests of the 1 GiB multipart upload (parts + 2 lakeFS calls): %s for the upload itself (%d parts, `createPresignMultipartUpload`, `completePresignMultipartUpload`); the resource adds %d calls around it (below), %d in all. Peak RSS of the provider during it: %d MiB.",
				goal(x.counts["createPresignMultipartUpload"] == 1 && x.counts["completePresignMultipartUpload"] == 1), parts, x.requests-parts-2, x.requests, x.peakRSS>>20)
			p("")
		}
	}
	p("%s", uploadNotes)
	p("")
}
