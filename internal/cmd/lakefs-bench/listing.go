package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

const listingPulls = 10000

// listingResult is figure 4.
type listingResult struct {
	pulls         int
	plan, window  time.Duration // medians
	requests      int           // listPullRequests calls per plan
	otherRequests int
}

func benchListing(ctx context.Context, tf *terraform, o options) (*listingResult, error) {
	srv, err := startServer(testserver.Options{DataDir: o.work})
	if err != nil {
		return nil, err
	}
	defer srv.close()
	const repo = "listing"
	c := srv.client
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: "local://" + repo}); err != nil {
		return nil, err
	}
	if _, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: "feature", Source: "main"}); err != nil {
		return nil, err
	}
	logf("listing: creating %d pull requests through the API", listingPulls)
	if err := parallel(ctx, listingPulls, func(ctx context.Context, i int) error {
		_, err := c.CreatePullRequest(ctx, repo, client.PullRequestCreation{Title: fmt.Sprintf("bench %d", i), SourceBranch: "feature", DestinationBranch: "main"})
		return err
	}); err != nil {
		return nil, err
	}
	config := providerHeader + fmt.Sprintf(`
data "lakefs_pull_requests" "all" {
  repository = %q
}

output "count" {
  value = length(data.lakefs_pull_requests.all.pull_requests)
}
`, repo)
	ws, err := tf.workspace(filepath.Join(o.work, repo), config, srv.env()...)
	if err != nil {
		return nil, err
	}
	r := &listingResult{pulls: listingPulls}
	var plans, windows []time.Duration
	for i := 0; i < o.reps; i++ {
		srv.reset()
		res, err := ws.run(ctx, false, "plan", "-input=false", "-no-color", "-lock=false")
		if err != nil {
			return nil, err
		}
		if !strings.Contains(res.output, fmt.Sprintf("count = %d", listingPulls)) {
			return nil, fmt.Errorf("the plan does not show %d pull requests:\n%s", listingPulls, tail(res.output, 2000))
		}
		counts := srv.RequestCounts()
		r.requests = counts["listPullRequests"]
		r.otherRequests = total(counts) - r.requests
		plans, windows = append(plans, res.wall), append(windows, srv.window())
		logf("listing run %d: plan %v, %s", i+1, res.wall.Round(time.Millisecond), countsText(counts))
	}
	r.plan, r.window = median(plans), median(windows)
	return r, nil
}
