package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// The hard reset shared by the lakefs_branch_hard_reset resource and action.

// hardResetBranch moves branch to the commit that ref names and returns the branch afterwards, or nil after a
// diagnostic.
func (d *providerData) hardResetBranch(ctx context.Context, repo, branch, ref string, force bool, diags *diag.Diagnostics) *client.Ref {
	summary := fmt.Sprintf("Cannot reset branch %q of repository %q to %q", branch, repo, ref)
	c := d.client
	// Resolve first: lakeFS resolves ref at each request, so a retried reset to "main~1" of main would move it twice.
	target, err := c.GetCommit(ctx, repo, ref)
	if err == nil {
		err = c.HardResetBranch(ctx, repo, branch, target.ID, force)
	}
	var head *client.Ref
	if err == nil {
		head, err = c.GetBranch(ctx, repo, branch)
	}
	if err != nil {
		d.addResetError(ctx, diags, summary, repo, branch, ref, force, err)
		return nil
	}
	return head
}

// addResetError names what went wrong: lakeFS's messages alone do not say which of repository, branch and ref
// was missing, nor whether a 403 came from a read-only repository or a protected branch.
func (d *providerData) addResetError(ctx context.Context, diags *diag.Diagnostics, summary, repo, branch, ref string, force bool, err error) {
	c := d.client
	switch {
	case client.IsNotFound(err):
		detail := missingParent(ctx, c, repo, branch)
		if detail == "" {
			detail = fmt.Sprintf("The ref %q does not resolve to a commit in repository %q: there is no such "+
				"branch, tag, commit id or commit id prefix.", ref, repo)
		}
		diags.AddError(summary, detail+"\n\n"+apiErrorDetail(err))
	case client.IsForbidden(err) && !force && readOnlyRepository(ctx, c, repo):
		addAPIErrorHint(diags, summary, err, fmt.Sprintf("The repository %q is read-only. "+
			"Set force = true to reset the branch anyway.", repo))
	case client.IsForbidden(err):
		addAPIErrorHint(diags, summary, err, fmt.Sprintf("The branch %q is protected: its branch "+
			"protection rules refuse the reset, and force does not bypass them. Change the rules in lakeFS first.", branch))
	default:
		addAPIError(diags, summary, err)
	}
}
