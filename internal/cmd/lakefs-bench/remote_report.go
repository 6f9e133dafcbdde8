package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// goalRatio is how close to the bound plan and apply must come at the largest delay.
const goalRatio = 1.3

// goalDelay is the delay the ratio goal and the upload goal are judged at, when measured.
const goalDelay = 50 * time.Millisecond

func durationsText(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = ms(d)
	}
	return strings.Join(parts, ", ")
}

// judgedDelay is goalDelay when it was measured, else the largest delay.
func judgedDelay(delays []time.Duration) time.Duration {
	var largest time.Duration
	for _, d := range delays {
		if d == goalDelay {
			return d
		}
		largest = max(largest, d)
	}
	return largest
}

func (r *report) remoteSection(p func(string, ...any)) {
	x := r.remote
	par := x.parallelism
	var targets []string
	for _, row := range x.rows {
		if !slices.Contains(targets, row.target) {
			targets = append(targets, row.target)
		}
	}
	for i, t := range targets {
		if t == doubleName {
			targets[i] = "the test server (`internal/testserver`, in the driver's process)"
		} else {
			targets[i] = "real " + t + " (local blockstore, started by `scripts/lakefs.sh`)"
		}
	}
	p("## 6. Against a remote lakeFS: latency, connections, TLS")
	p("")
	p("Measured %s (UTC) on the machine above, %d run(s) per row. The provider reaches %s through a proxy in the driver",
		r.started.Format("2006-01-02 15:04"), x.reps, strings.Join(targets, " and "))
	p("(Go, on loopback, `internal/cmd/lakefs-bench/proxy.go`) that waits the given delay before it forwards each request (a")
	p("round trip) and before it reads a new connection's first byte (TCP's handshake), and over TLS once more when the")
	p("ClientHello has arrived (TLS 1.3's round trip); bandwidth is not limited. Over TLS the proxy serves a self-signed")
	p("certificate that the provider trusts through `ca_cert_file`, and HTTP/2 or HTTP/1.1 as Go negotiates them. The proxy")
	p("counts the requests (by lakeFS operation), the connections it accepts and the TLS handshakes it completes.")
	p("")
	p("N resources, a third each of `lakefs_branch`, `lakefs_pull_request` (from source branches made beforehand) and")
	p("`lakefs_object` (a few bytes of `content`), in a fresh repository per run: `terraform apply -parallelism=%d` creates", par)
	p("them, then `terraform plan -parallelism=%d` refreshes them (an empty plan, checked). The delays (%s) alternate within", par, durationsText(x.delays))
	p("each round of runs. Times are medians; requests the median per run; connections and handshakes the most any run made.")
	p("The bound is what latency and parallelism allow: the command's time at %s plus every request waiting one delay,", ms(x.delays[0]))
	p("%d side by side: time at %s + requests / %d x delay (= N x requests per resource / parallelism x delay). The ratio is", par, ms(x.delays[0]), par)
	p("wall time / bound; the request window is the time from the first request into the proxy to the last answer out.")
	p("New connections are those the proxy accepted, in brackets those that carried at least one request: Go's transport")
	p("dials for a request that finds no idle connection, but hands it whichever comes first, the new connection or one")
	p("another request just returned, so a dial can end up idle.")
	p("")
	p("| target | transport | N | command | delay | wall | bound | ratio | request window | requests | per resource | new connections (carrying requests) | TLS handshakes (resumed, HTTP/2) |")
	p("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, row := range x.rows {
		bound, ratio := "-", "-"
		if row.delay != x.delays[0] {
			bound, ratio = secs(row.bound(par)), fmt.Sprintf("%.2f", row.ratio(par))
		}
		hs := "-"
		if row.transport == "TLS" {
			hs = fmt.Sprintf("%d (%d, %d)", row.maxHandshake, row.maxResumed, row.h2)
		}
		p("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %.2f | %d (%d) | %s |", row.target, row.transport, row.n, row.command, ms(row.delay),
			secs(row.wall), bound, ratio, secs(row.window), row.requests, row.perResource(), row.maxConns, row.maxUsed, hs)
	}
	p("")
	p("Requests by operation (one run; the same at every delay and over both transports unless listed apart):")
	p("")
	p("| target | N | command | requests by operation |")
	p("|---|---|---|---|")
	seen := map[string]bool{}
	for _, row := range x.rows {
		key := fmt.Sprintf("| %s | %d | %s | %s |", row.target, row.n, row.command, countsText(row.counts))
		if !seen[key] {
			seen[key] = true
			p("%s", key)
		}
	}
	p("")

	// Goal 1: new connections per command at most the parallelism, per transport.
	for _, transport := range []string{"HTTP", "TLS"} {
		worst := -1
		for i, row := range x.rows {
			if row.transport == transport && (worst < 0 || row.maxConns > x.rows[worst].maxConns) {
				worst = i
			}
		}
		if worst < 0 {
			continue
		}
		w := x.rows[worst]
		p("Goal, new connections per command at most the parallelism (%d) over %s: %s, at most %d (%s, N=%d, %s at %s).",
			par, transport, goal(w.maxConns <= par), w.maxConns, w.target, w.n, w.command, ms(w.delay))
		if w.maxConns > par {
			p("%s", remoteConnNotes)
		}
		p("")
	}

	// Goal 2: within goalRatio of the bound at the judged delay.
	judged := judgedDelay(x.delays)
	for _, command := range []string{"plan", "apply"} {
		worst := -1
		for i, row := range x.rows {
			if row.command == command && row.delay == judged && row.delay != x.delays[0] &&
				(worst < 0 || row.ratio(par) > x.rows[worst].ratio(par)) {
				worst = i
			}
		}
		if worst < 0 {
			continue
		}
		w := x.rows[worst]
		p("Goal, `terraform %s` within %.1fx of the bound at %s: %s, at worst %.2fx (%s over %s, N=%d: %s against a bound of %s).",
			command, goalRatio, ms(judged), goal(w.ratio(par) <= goalRatio), w.ratio(par), w.target, w.transport, w.n, secs(w.wall), secs(w.bound(par)))
		if w.ratio(par) > goalRatio {
			ideal := w.bound(par) - w.base
			added := w.wall - w.base
			p("Without delay the same %s takes %s; the delay can account for at best %d requests / %d x %s = %s, and added %s (%.1fx that).",
				command, secs(w.base), w.requests, par, ms(w.delay), secs(ideal), secs(added), added.Seconds()/ideal.Seconds())
			if w.maxConns > par {
				p("New connections (%d, each waiting one more delay, two over TLS) are part of it.", w.maxConns)
			}
			p("%s", remoteRatioNotes)
		}
		p("")
	}

	// Goal 3: a pull request create is 2 requests.
	worstPull := -1
	for i, row := range x.rows {
		if row.command == "apply" && (worstPull < 0 || row.pullCreate() > x.rows[worstPull].pullCreate()) {
			worstPull = i
		}
	}
	if worstPull >= 0 {
		w := x.rows[worstPull]
		p("Goal, a pull request create in 2 requests: %s, %.2f requests per create (%s: %s).", goal(w.pullCreate() <= 2), w.pullCreate(), w.target,
			countsText(map[string]int{"listPullRequests": w.counts["listPullRequests"], "createPullRequest": w.counts["createPullRequest"], "getPullRequest": w.counts["getPullRequest"]}))
		if w.counts["listPullRequests"] > 0 {
			p("%s", remotePullNotes)
		}
		p("")
	}

	// Goal 4: refresh exactly one request per resource, in every run.
	refreshOK, runs := true, 0
	worstRefresh := ""
	for _, row := range x.rows {
		if row.command != "plan" {
			continue
		}
		for _, run := range row.runs {
			runs++
			if run.stats.requests != row.n {
				refreshOK = false
				worstRefresh = fmt.Sprintf("%s over %s, N=%d at %s: %d requests (%s)", row.target, row.transport, row.n, ms(row.delay), run.stats.requests, countsText(run.stats.ops))
			}
		}
	}
	if runs > 0 {
		if refreshOK {
			p("Goal, refresh still exactly one request per resource: %s in all %d plans (`getBranch`, `getPullRequest`, `statObject`).", goal(true), runs)
		} else {
			p("Goal, refresh still exactly one request per resource: %s (%s).", goal(false), worstRefresh)
		}
		p("")
	}
	p("%s", remoteNotes)
	p("")
}

func (r *report) remoteUploadsSection(p func(string, ...any)) {
	ups := r.remoteUploads
	delay := ups[0].delay
	p("## 7. Large uploads against a remote lakeFS")
	p("")
	p("Measured %s (UTC) on the machine above. As figure 5 (`terraform apply` of one `lakefs_object` from a file, a fresh",
		r.started.Format("2006-01-02 15:04"))
	p("presigned-multipart test server per row), but through the proxy of figure 6 over plain HTTP with %s per request and", ms(delay))
	p("per new connection: lakeFS's API and the presigned part URLs alike (they name the host the provider reached, the proxy).")
	if ups[0].connWindow > 0 {
		p("Each connection reads at most %.1f MiB per %s (a TCP window over the round trip: %.0f MB/s per connection).",
			float64(ups[0].connWindow)/(1<<20), ms(delay), float64(ups[0].connWindow)/1e6/delay.Seconds())
	} else {
		p("Bandwidth is not limited: the delays are the only difference from figure 5 (`-remote-conn-window` sets a TCP-like window per connection).")
	}
	p("Times are medians; peak RSS is the provider plugin's largest `VmHWM`; new connections the most any run opened.")
	p("")
	p("| size | strategy | runs | apply | request window | MB/s (apply) | MB/s (window) | provider peak RSS | lakeFS requests | new connections | requests by operation |")
	p("|---|---|---|---|---|---|---|---|---|---|---|")
	for _, x := range ups {
		mode := "plain"
		if x.multipart {
			mode = "multipart"
		}
		p("| %d MiB | %s | %d | %s | %s | %.0f | %.0f | %d MiB | %d | %d | %s |", x.size>>20, mode, x.runs, secs(x.apply), secs(x.window),
			x.mbps(x.apply), x.mbps(x.window), x.peakRSS>>20, x.requests, x.conns, countsText(x.counts))
	}
	p("")
	// Goal: the largest multipart at least as fast as plain, and peak RSS flat from the smallest size to the largest.
	var mp, pl *uploadResult
	for i := range ups {
		x := &ups[i]
		if x.multipart && (mp == nil || x.size > mp.size) {
			mp = x
		}
		if !x.multipart && (pl == nil || x.size > pl.size) {
			pl = x
		}
	}
	if mp != nil && pl != nil && mp.size == pl.size {
		p("Goal, %d MiB multipart at least as fast as plain at %s: %s, %s against %s for the apply (%.2fx plain's rate), %s against %s for the upload itself (%.2fx).",
			mp.size>>20, ms(delay), goal(mp.apply <= pl.apply), secs(mp.apply), secs(pl.apply), pl.apply.Seconds()/mp.apply.Seconds(),
			secs(mp.window), secs(pl.window), pl.window.Seconds()/mp.window.Seconds())
		if mp.apply > pl.apply {
			parts := mp.counts[presignedPartOp]
			rounds := (parts + uploadConcurrency - 1) / uploadConcurrency
			others := mp.requests - parts
			p("Round trips in a row: plain makes 1 request; multipart %d requests around its parts (%s) and %d rounds of %d parts,",
				others, "`getConfig`, `statObject`, create, complete, `statObject`", rounds, uploadConcurrency)
			p("about %d round trips, %s at %s, against the time plain spends moving the bytes on one connection.", others+rounds, secs(time.Duration(others+rounds)*delay), ms(delay))
			if mp.connWindow == 0 {
				p("Without a bandwidth limit one connection moves the bytes as fast as four (on loopback both paths are bound by this machine's CPU and disk),")
				p("so parallel parts gain nothing to pay the round trips back. Over a real path a TCP connection moves at most its window per round")
				p("trip, which is what parallel parts get around: `-remote-conn-window` (MiB per delay) models it.")
			}
		}
		p("")
	}
	for _, multipart := range []bool{true, false} {
		var small, big *uploadResult
		for i := range ups {
			x := &ups[i]
			if x.multipart != multipart {
				continue
			}
			if small == nil || x.size < small.size {
				small = x
			}
			if big == nil || x.size > big.size {
				big = x
			}
		}
		if small == nil || small == big {
			continue
		}
		mode := map[bool]string{true: "multipart", false: "plain"}[multipart]
		flat := big.peakRSS <= small.peakRSS+rssSlack
		p("Goal, peak RSS flat (%s): %s, %d MiB at %d MiB against %d MiB at %d MiB (taken as: at most %d MiB more).",
			mode, goal(flat), big.peakRSS>>20, big.size>>20, small.peakRSS>>20, small.size>>20, rssSlack>>20)
		p("")
	}
	p("%s", remoteUploadNotes)
	p("")
}

// uploadConcurrency is how many parts the provider sends at once by default.
const uploadConcurrency = upload.DefaultConcurrency

// rssSlack is how much more the provider may hold at the largest upload than at the smallest: one 16 MiB part.
const rssSlack = 16 << 20

// spliceSections replaces, in an existing report, the numbered sections ("## N. title") that fresh holds, and
// inserts those it lacks in number order; everything else in old (its header, machine, other sections) stays.
func spliceSections(old, fresh string) string {
	oldHead, oldSecs := splitSections(old)
	_, newSecs := splitSections(fresh)
	byNum := map[int]string{}
	for _, s := range oldSecs {
		byNum[sectionNumber(s)] = s
	}
	for _, s := range newSecs {
		if n := sectionNumber(s); n > 0 {
			byNum[n] = s
		}
	}
	var nums []int
	for n := range byNum {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var b strings.Builder
	b.WriteString(oldHead)
	for _, n := range nums {
		b.WriteString(byNum[n])
	}
	return b.String()
}

// splitSections cuts a report at its numbered "## N." headings: what comes before the first, then each section.
func splitSections(s string) (head string, sections []string) {
	lines := strings.SplitAfter(s, "\n")
	cur := &strings.Builder{}
	inSection := false
	for _, l := range lines {
		if sectionNumber(l) > 0 {
			if inSection {
				sections = append(sections, cur.String())
			} else {
				head = cur.String()
			}
			cur = &strings.Builder{}
			inSection = true
		}
		cur.WriteString(l)
	}
	if inSection {
		sections = append(sections, cur.String())
	} else {
		head = cur.String()
	}
	return head, sections
}

// sectionNumber is N of a text starting "## N. ", else 0.
func sectionNumber(s string) int {
	rest, ok := strings.CutPrefix(s, "## ")
	if !ok {
		return 0
	}
	var n int
	if _, err := fmt.Sscanf(rest, "%d.", &n); err != nil {
		return 0
	}
	num, _, ok := strings.Cut(rest, ".")
	if !ok || num != fmt.Sprint(n) {
		return 0
	}
	return n
}
