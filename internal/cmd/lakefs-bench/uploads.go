package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// uploadResult is figure 5 for one size and strategy.
type uploadResult struct {
	size          int64
	multipart     bool
	runs          int
	apply, window time.Duration // medians: terraform apply wall time, first to last lakeFS request
	peakRSS       int64         // largest VmHWM of the provider process over the runs
	requests      int
	counts        map[string]int
	// Through the delaying proxy (figure 7): the delay per request and per new connection, and the most
	// connections any run opened.
	proxied    bool
	delay      time.Duration
	connWindow int64 // bytes per delay each connection may read; 0: no limit
	conns      int
}

func (u uploadResult) mbps(d time.Duration) float64 { return float64(u.size) / 1e6 / d.Seconds() }

func benchUploads(ctx context.Context, tf *terraform, o options) ([]uploadResult, error) {
	var out []uploadResult
	for _, size := range []int64{64 << 20, 256 << 20, 1 << 30} {
		src := filepath.Join(o.work, fmt.Sprintf("source-%dMiB.bin", size>>20))
		rs, err := uploadBothWays(ctx, tf, o, src, size, false, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// uploadBothWays writes size random bytes to src, uploads them multipart and then plain (through the delaying
// proxy at delay if proxied), and removes src.
func uploadBothWays(ctx context.Context, tf *terraform, o options, src string, size int64, proxied bool, delay time.Duration) ([]uploadResult, error) {
	if err := writeRandomFile(src, size); err != nil {
		return nil, err
	}
	runs := o.reps
	if size >= 1<<30 {
		runs = o.bigReps
	}
	var out []uploadResult
	for _, multipart := range []bool{true, false} {
		r, err := uploadFor(ctx, tf, o, src, size, multipart, runs, proxied, delay)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := os.Remove(src); err != nil {
		return nil, err
	}
	return out, nil
}

// uploadFor runs one strategy on a fresh presigned-multipart server, whose temp files go when it closes.
// "Off" is the same server with the provider's multipart_threshold above the file size: the plain stream.
// With proxied, the provider reaches the server through the delaying proxy (plain HTTP), presigned part URLs
// included (they name the host the client reached).
func uploadFor(ctx context.Context, tf *terraform, o options, src string, size int64, multipart bool, runs int, proxied bool, delay time.Duration) (uploadResult, error) {
	r := uploadResult{size: size, multipart: multipart, runs: runs, proxied: proxied, delay: delay}
	srv, err := startServer(testserver.Options{PresignedMultipart: true, DataDir: o.work})
	if err != nil {
		return r, err
	}
	defer srv.close()
	env, window := srv.env(), srv.window
	var px *delayProxy
	if proxied {
		if px, err = startProxy(srv.hs.URL, false); err != nil {
			return r, err
		}
		defer px.close()
		px.setDelays(delay, delay)
		px.setWindow(o.remoteConnWindow)
		r.connWindow = o.remoteConnWindow
		env = []string{"LAKEFS_ENDPOINT=" + px.URL(), "LAKEFS_ACCESS_KEY_ID=" + srv.AccessKeyID(), "LAKEFS_SECRET_ACCESS_KEY=" + srv.SecretAccessKey()}
		window = func() time.Duration { return px.stats().window }
	}
	tag := ""
	if proxied {
		tag = fmt.Sprintf("-proxied-%dms", delay.Milliseconds())
	}
	const repo = "uploads"
	if _, err := srv.client.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: "local://" + repo}); err != nil {
		return r, err
	}
	mode, settings := "multipart", ""
	if !multipart {
		mode, settings = "plain", "multipart_threshold = 4611686018427387904"
	}
	var applies, windows []time.Duration
	for i := 0; i < runs; i++ {
		config := providerHeaderWith(settings) + fmt.Sprintf(`
resource "lakefs_object" "big" {
  repository = %q
  branch     = "main"
  path       = "big/%s-%d"
  source     = %q
}
`, repo, mode, i, src)
		ws, err := tf.workspace(filepath.Join(o.work, fmt.Sprintf("upload-%dMiB-%s%s-%d", size>>20, mode, tag, i)), config, env...)
		if err != nil {
			return r, err
		}
		srv.reset()
		if px != nil {
			px.reset()
		}
		res, err := ws.run(ctx, true, "apply", "-auto-approve", "-input=false", "-no-color")
		if err != nil {
			return r, err
		}
		counts := srv.RequestCounts()
		if multipart != (counts[testserver.PresignedPartOperation] > 0) {
			return r, fmt.Errorf("multipart=%v but the upload made %s", multipart, countsText(counts))
		}
		stat, err := srv.client.StatObject(ctx, repo, "main", fmt.Sprintf("big/%s-%d", mode, i))
		if err != nil {
			return r, err
		}
		if stat.SizeBytes != size {
			return r, fmt.Errorf("uploaded %d bytes, want %d", stat.SizeBytes, size)
		}
		applies, windows = append(applies, res.wall), append(windows, window())
		r.peakRSS = max(r.peakRSS, res.peakRSS)
		r.requests, r.counts = total(counts), counts
		if px != nil {
			st := px.stats()
			r.conns = max(r.conns, st.conns)
			if st.requests != r.requests {
				logf("upload: warning: the proxy forwarded %d requests, the test server counted %d (%s / %s)", st.requests, r.requests, countsText(st.ops), countsText(counts))
			}
		}
		logf("upload %d MiB %s%s run %d: apply %v, window %v, provider VmHWM %d MiB, %s", size>>20, mode, tag, i+1,
			res.wall.Round(time.Millisecond), window().Round(time.Millisecond), res.peakRSS>>20, countsText(counts))
		if err := srv.client.DeleteObject(ctx, repo, "main", fmt.Sprintf("big/%s-%d", mode, i)); err != nil {
			return r, err
		}
	}
	r.apply, r.window = median(applies), median(windows)
	return r, nil
}

// benchRemoteUploads is figure 7: the large uploads through the delaying proxy at one delay, multipart against
// plain, at each size (the smallest shows whether peak memory grows with the size).
func benchRemoteUploads(ctx context.Context, tf *terraform, o options) ([]uploadResult, error) {
	var out []uploadResult
	for _, size := range o.remoteUploadSizes {
		src := filepath.Join(o.work, fmt.Sprintf("remote-source-%dMiB.bin", size>>20))
		rs, err := uploadBothWays(ctx, tf, o, src, size, true, o.remoteUploadDelay)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// writeRandomFile writes size pseudo-random bytes, so that nothing on the way (page cache aside) gets an easy ride.
func writeRandomFile(name string, size int64) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	rng := rand.NewChaCha8([32]byte{1})
	buf := make([]byte, 4<<20)
	for written := int64(0); written < size; written += int64(len(buf)) {
		_, _ = rng.Read(buf)
		if _, err := f.Write(buf[:min(int64(len(buf)), size-written)]); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
