package client_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/testserver"
)

// The client's hot paths against the in-process test server on loopback: one refresh read per resource, and the
// paged listing behind the pull requests data source. Run with `go test ./internal/client -run - -bench .`.

func benchClient(b *testing.B) (*client.Client, *testserver.Server) {
	b.Helper()
	c, srv := startDouble(b, testserver.Options{}, client.Config{})
	ctx := context.Background()
	if _, err := c.CreateRepository(ctx, client.RepositoryCreation{Name: "bench", StorageNamespace: "local://bench"}); err != nil {
		b.Fatal(err)
	}
	if _, err := c.CreateBranch(ctx, "bench", client.BranchCreation{Name: "feature", Source: "main"}); err != nil {
		b.Fatal(err)
	}
	return c, srv
}

func BenchmarkGetPullRequest(b *testing.B) {
	c, _ := benchClient(b)
	ctx := context.Background()
	id, err := c.CreatePullRequest(ctx, "bench", client.PullRequestCreation{Title: "t", SourceBranch: "feature", DestinationBranch: "main"})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.GetPullRequest(ctx, "bench", id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatObject(b *testing.B) {
	c, _ := benchClient(b)
	ctx := context.Background()
	if _, err := c.UploadObjectBytes(ctx, "bench", "main", "a/b", []byte("x"), client.UploadOptions{Metadata: map[string]string{"owner": "x"}}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.StatObject(ctx, "bench", "main", "a/b"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkListAllPullRequests(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c, srv := benchClient(b)
			ctx := context.Background()
			for i := 0; i < n; i++ {
				if _, err := c.CreatePullRequest(ctx, "bench", client.PullRequestCreation{Title: fmt.Sprint(i), SourceBranch: "feature", DestinationBranch: "main"}); err != nil {
					b.Fatal(err)
				}
			}
			srv.ResetCounters()
			for b.Loop() {
				prs, err := c.ListAllPullRequests(ctx, "bench", "", "all")
				if err != nil {
					b.Fatal(err)
				}
				if len(prs) != n {
					b.Fatalf("listed %d, want %d", len(prs), n)
				}
			}
			b.ReportMetric(float64(srv.RequestCount("listPullRequests"))/float64(b.N), "requests/op")
		})
	}
}
