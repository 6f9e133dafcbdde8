package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// The revert and the cherry-pick of the lakefs_revert and lakefs_cherry_pick actions. Both make one commit on a
// branch from a commit given by a ref. The ref is resolved once, before: lakeFS resolves it at each request, and
// `main~1` means another commit once a revert moved main. Neither is idempotent (a cherry-pick repeated commits
// again), so a lost answer is never sent again: the branch is watched for the commit, as for a merge of a ref.

// replay is one revert or cherry-pick: what it is called in messages, its request, and how its commit looks.
type replay struct {
	verb, noun  string // "revert", "Revert"; "cherry-pick", "Cherry-pick"
	doing, done string // "Reverting", "Reverted"
	// send makes the request, with the resolved commit id and the commit's message and metadata, if set.
	send      func(commitID string, overrides *client.CommitOverrides) (*client.Commit, error)
	overrides *client.CommitOverrides
	// made reports whether commit is the one this request makes.
	made func(commit *client.Commit, commitID string) bool
}

// replayCommit runs r on branch with the commit ref names, and returns the branch head afterwards (the new commit
// unless another update came in between), or "" after a diagnostic.
func (d *providerData) replayCommit(ctx context.Context, repo, branch, ref string, r replay, diags *diag.Diagnostics) string {
	c := d.client
	summary := fmt.Sprintf("Cannot %s %q on branch %q of repository %q", r.verb, ref, branch, repo)
	target, err := c.GetCommit(ctx, repo, ref)
	if err != nil {
		detail := apiErrorDetail(err)
		if client.IsNotFound(err) {
			if missing := missingParent(ctx, c, repo, branch); missing != "" {
				detail = missing + "\n\n" + detail
			} else {
				detail = fmt.Sprintf("The ref %q does not resolve to a commit in repository %q.\n\n", ref, repo) + detail
			}
		}
		diags.AddError(summary, detail)
		return ""
	}
	before, err := c.GetBranch(ctx, repo, branch)
	if err != nil {
		d.addReplayError(ctx, diags, summary, repo, branch, r, err)
		return ""
	}
	commit, err := r.send(target.ID, r.overrides)
	switch {
	case err == nil && commit != nil:
		return commit.ID
	case err == nil:
		return d.branchHead(ctx, repo, branch, summary, diags)
	case client.IsOutcomeUnknown(err):
		window := d.settleWindow()
		tflog.Debug(ctx, r.verb+" outcome unknown; watching the branch",
			map[string]any{"repository": repo, "branch": branch, "commit": target.ID, "window": window.String()})
		found, lookErr := d.awaitNewCommit(ctx, repo, branch, before.CommitID, window, func(head string) (*client.Commit, error) {
			return findCommitSinceMatching(ctx, c, repo, head, before.CommitID, func(commit *client.Commit) bool {
				return r.made(commit, target.ID)
			})
		})
		switch {
		case found != nil:
			return found.ID
		case lookErr != nil:
			addAPIErrorHint(diags, summary, err, fmt.Sprintf("Could not find out whether the %s happened (%v). "+
				"Check the log of branch %q before invoking it again.", r.verb, lookErr, branch))
		default:
			addAPIErrorHint(diags, summary, err, fmt.Sprintf("No %s commit of %s appeared on %q for %s: the %s "+
				"most likely did not happen. Check the log of branch %q before invoking it again.", r.verb, target.ID, branch, window, r.verb, branch))
		}
		return ""
	}
	d.addReplayError(ctx, diags, summary, repo, branch, r, err)
	return ""
}

func (d *providerData) branchHead(ctx context.Context, repo, branch, summary string, diags *diag.Diagnostics) string {
	head, err := d.client.GetBranch(ctx, repo, branch)
	if err != nil {
		addAPIError(diags, summary+": done, but the branch cannot be read back", err)
		return ""
	}
	return head.CommitID
}

// addReplayError says what lakeFS's answer means for a revert or a cherry-pick.
func (d *providerData) addReplayError(ctx context.Context, diags *diag.Diagnostics, summary, repo, branch string, r replay, err error) {
	c := d.client
	detail := apiErrorDetail(err)
	msg := client.Message(err)
	switch {
	case msg == "must specify 1-based parent number for reverting merge commit" ||
		msg == "must specify 1-based parent number for cherry-picking merge commit":
		detail += "\n\nThe commit is a merge commit: set parent_number to the parent (1 for the branch merged into, 2 for " +
			"the branch merged from) relative to which to " + r.verb + " it."
	case client.IsConflict(err):
		summary = fmt.Sprintf("%s conflict on branch %q of repository %q", r.noun, branch, repo)
		detail += fmt.Sprintf("\n\nBranch %q changed the same paths since: resolve the conflict by hand (commit the "+
			"wanted content), then invoke it again.", branch)
	case client.IsPreconditionFailed(err):
		summary = fmt.Sprintf("A pre-%s hook refused the %s on branch %q of repository %q", r.verb, r.verb, branch, repo)
	case client.IsForbidden(err) && readOnlyRepository(ctx, c, repo):
		detail += fmt.Sprintf("\n\nThe repository %q is read-only. Set force = true to %s anyway.", repo, r.verb)
	case client.IsForbidden(err):
		detail += fmt.Sprintf("\n\nBranch %q is protected, or the credentials may not %s on it.", branch, r.verb)
	case client.IsNotFound(err):
		if missing := missingParent(ctx, c, repo, branch); missing != "" {
			detail = missing + "\n\n" + detail
		}
	case client.IsBranchRace(err):
		detail += "\n\nOther updates of the branch kept winning the race for it, every time it was tried; nothing " +
			"happened. Invoke it again, or raise the provider's max_retries."
	case client.IsBadRequest(err):
		if dirty, derr := c.DiffBranch(ctx, repo, branch, client.ListOptions{Amount: 1}); derr == nil && len(dirty.Results) > 0 {
			detail += fmt.Sprintf("\n\nBranch %q has uncommitted changes: commit or reset them first.", branch)
		} else if msg == "update branch: no changes" {
			detail += fmt.Sprintf("\n\nBranch %q has no changes of that commit left to undo. Set allow_empty = true to "+
				"commit the revert anyway.", branch)
		}
	}
	diags.AddError(summary, detail)
}
