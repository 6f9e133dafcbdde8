package provider

import (
	"context"
	"fmt"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// missingParent explains a 404 from an operation on a branch. lakeFS's 404 messages often do not say what was
// missing (a plain "not found"), so ask: it names the repository or the branch when one of them does not exist,
// and returns "" when both exist (the object or ref itself was missing).
func missingParent(ctx context.Context, c *client.Client, repo, branch string) string {
	if _, err := c.GetRepository(ctx, repo); client.IsNotFound(err) || client.IsGone(err) {
		return fmt.Sprintf("The repository %q does not exist.", repo)
	}
	if _, err := c.GetBranch(ctx, repo, branch); client.IsNotFound(err) {
		return fmt.Sprintf("The branch %q does not exist in repository %q.", branch, repo)
	}
	return ""
}

// readOnlyRepository reports whether lakeFS says repo is read-only: the way to tell its 403 from a protected
// branch's 403 without matching messages.
func readOnlyRepository(ctx context.Context, c *client.Client, repo string) bool {
	r, err := c.GetRepository(ctx, repo)
	return err == nil && r.ReadOnly != nil && *r.ReadOnly
}
