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

const providerHeader = `terraform {
  required_providers {
    lakefs = {
      source = "lakefs-tf/lakefs"
    }
  }
}

provider "lakefs" {}
`

// providerHeaderWith is providerHeader with settings (HCL attribute lines) in the provider block.
func providerHeaderWith(settings string) string {
	return strings.Replace(providerHeader, `provider "lakefs" {}`, "provider \"lakefs\" {\n  "+settings+"\n}", 1)
}

// pullRequestsHCL declares n pull requests in repo, "pr[i]" from branch src-i (made beforehand) into main.
func pullRequestsHCL(n int, repo string) string {
	return fmt.Sprintf(`
resource "lakefs_pull_request" "pr" {
  count              = %d
  repository         = %q
  source_branch      = "src-${count.index}"
  destination_branch = "main"
  title              = "bench ${count.index}"
}
`, n, repo)
}

// refreshResult is figure 1 and 2 for one N.
type refreshResult struct {
	n, pulls, metadata, principals int
	apply                          time.Duration
	plan, planData                 time.Duration // medians: lakefs resources, terraform_data resources
	windows                        time.Duration // median request window of the lakefs plans
	requests                       int           // per plan (the same in every run, checked)
	counts                         map[string]int
}

func (r refreshResult) ratio() float64 { return r.plan.Seconds() / r.planData.Seconds() }

// split divides n resources into pull requests, object metadata and external principals, as evenly as possible.
func split(n int) (pulls, metadata, principals int) {
	metadata, principals = n/3, n/3
	return n - metadata - principals, metadata, principals
}

func benchRefresh(ctx context.Context, tf *terraform, o options) ([]refreshResult, error) {
	srv, err := startServer(testserver.Options{Edition: testserver.EditionEnterprise, DataDir: o.work})
	if err != nil {
		return nil, err
	}
	defer srv.close()
	var out []refreshResult
	for _, n := range []int{100, 300, 1000} {
		r, err := refreshFor(ctx, tf, o, srv, n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func refreshFor(ctx context.Context, tf *terraform, o options, srv *benchServer, n int) (refreshResult, error) {
	r := refreshResult{n: n}
	r.pulls, r.metadata, r.principals = split(n)
	repo := fmt.Sprintf("refresh-%d", n)
	logf("refresh N=%d: setting up %d branches, %d objects, %d users through the API", n, r.pulls, r.metadata, r.principals)
	if err := setupRefresh(ctx, srv.client, repo, r); err != nil {
		return r, err
	}
	config := providerHeader + pullRequestsHCL(r.pulls, repo) + fmt.Sprintf(`
resource "lakefs_object_user_metadata" "md" {
  count      = %d
  repository = %q
  branch     = "main"
  path       = "data/obj-${count.index}"
  metadata = {
    owner = "bench-${count.index}"
  }
}

resource "lakefs_user_external_principal" "ep" {
  count        = %d
  user_id      = "bench-%d-${count.index}"
  principal_id = "arn:aws:iam::123456789012:role/bench-%d-${count.index}"
}
`, r.metadata, repo, r.principals, n, n)
	ws, err := tf.workspace(filepath.Join(o.work, repo), config, srv.env()...)
	if err != nil {
		return r, err
	}
	logf("refresh N=%d: apply", n)
	res, err := ws.run(ctx, false, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return r, err
	}
	r.apply = res.wall
	var plans, windows []time.Duration
	for i := 0; i < o.reps; i++ {
		srv.reset()
		res, err := ws.run(ctx, false, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-lock=false")
		if err != nil {
			return r, err
		}
		if res.exitCode != 0 {
			return r, fmt.Errorf("the plan after apply is not empty (N=%d):\n%s", n, tail(res.output, 3000))
		}
		counts := srv.RequestCounts()
		if i > 0 && total(counts) != r.requests {
			return r, fmt.Errorf("plan %d made %d requests, plan 1 made %d (%s / %s)", i+1, total(counts), r.requests, countsText(counts), countsText(r.counts))
		}
		r.requests, r.counts = total(counts), counts
		plans = append(plans, res.wall)
		windows = append(windows, srv.window())
		logf("refresh N=%d: plan %d: %v, %d requests", n, i+1, res.wall.Round(time.Millisecond), r.requests)
	}
	r.plan, r.windows = median(plans), median(windows)

	dataConfig := fmt.Sprintf("resource \"terraform_data\" \"d\" {\n  count = %d\n  input = \"bench-${count.index}\"\n}\n", n)
	dws, err := tf.workspace(filepath.Join(o.work, fmt.Sprintf("data-%d", n)), dataConfig)
	if err != nil {
		return r, err
	}
	if _, err := dws.run(ctx, false, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return r, err
	}
	plans = nil
	for i := 0; i < o.reps; i++ {
		res, err := dws.run(ctx, false, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-lock=false")
		if err != nil {
			return r, err
		}
		if res.exitCode != 0 {
			return r, fmt.Errorf("terraform_data plan after apply is not empty (N=%d)", n)
		}
		plans = append(plans, res.wall)
	}
	r.planData = median(plans)
	logf("refresh N=%d: plan %v, terraform_data plan %v, ratio %.2f", n, r.plan.Round(time.Millisecond), r.planData.Round(time.Millisecond), r.ratio())
	return r, nil
}

// setupRefresh creates what the resources refer to: source branches, objects and users.
func setupRefresh(ctx context.Context, c *client.Client, repo string, r refreshResult) error {
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: repo, StorageNamespace: "local://" + repo}); err != nil {
		return err
	}
	if err := parallel(ctx, r.pulls, func(ctx context.Context, i int) error {
		_, err := c.CreateBranch(ctx, repo, client.BranchCreation{Name: fmt.Sprintf("src-%d", i), Source: "main"})
		return err
	}); err != nil {
		return err
	}
	if err := parallel(ctx, r.metadata, func(ctx context.Context, i int) error {
		_, err := c.UploadObjectBytes(ctx, repo, "main", fmt.Sprintf("data/obj-%d", i), []byte("x"), client.UploadOptions{})
		return err
	}); err != nil {
		return err
	}
	return parallel(ctx, r.principals, func(ctx context.Context, i int) error {
		_, err := c.CreateUser(ctx, client.UserCreation{ID: fmt.Sprintf("bench-%d-%d", r.n, i)})
		return err
	})
}
