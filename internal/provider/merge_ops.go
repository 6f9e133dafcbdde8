package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// The pull request merge shared by the lakefs_pull_request_merge resource and the lakefs_merge action.

// mergePullRequestOnce merges pull request id unless it is merged already, reconciling a lost answer, and returns
// it as lakeFS has it afterwards, or nil after a diagnostic. interrupted is mergeOpenPullRequest's.
func (d *providerData) mergePullRequestOnce(ctx context.Context, repo, id string, diags *diag.Diagnostics) (pr *client.PullRequest, interrupted bool) {
	pr, err := d.client.GetPullRequest(ctx, repo, id)
	if err != nil {
		addAPIError(diags, fmt.Sprintf("Cannot merge pull request %s in repository %q", id, repo), err)
		return nil, false
	}
	if pr.Status == prStatusOpen {
		pr, interrupted = d.mergeOpenPullRequest(ctx, repo, pr, diags)
		if pr == nil {
			return nil, false
		}
	}
	if pr.Status != prStatusMerged && !interrupted {
		diags.AddError(fmt.Sprintf("Cannot merge pull request %s: it is %s", describePR(pr), pr.Status),
			"lakeFS merges only open pull requests. Reopen it (status = \"open\" on its lakefs_pull_request) and apply again.")
		return nil, false
	}
	return pr, interrupted
}

// mergeOpenPullRequest merges an open pull request and returns it as lakeFS has it afterwards, or nil after a diagnostic.
// interrupted reports a merge commit found on the destination while the pull request still reads open: the
// returned pull request then carries that commit as MergedCommitID, and a warning says so.
func (d *providerData) mergeOpenPullRequest(ctx context.Context, repo string, pr *client.PullRequest, diags *diag.Diagnostics) (
	merged *client.PullRequest, interrupted bool,
) {
	c := d.client
	// The heads before the merge let a lost answer be reconciled: lakeFS writes the merge commit, with the source head
	// as its second parent, before it marks the pull request merged (§12.5 steps 4 and 6), and a merge may go on
	// after the client gave up. Without them only the pull request's status is looked at.
	var destBefore, sourceHead string
	if b, err := c.GetBranch(ctx, repo, pr.DestinationBranch); err == nil {
		destBefore = b.CommitID
	}
	if b, err := c.GetBranch(ctx, repo, pr.SourceBranch); err == nil {
		sourceHead = b.CommitID
	}
	_, mergeErr := c.MergePullRequest(ctx, repo, pr.ID)
	// Read the pull request back in every case: on success for the merge commit, after an unknown outcome or a
	// "bad status" to see whether it got merged anyway (by this call or by someone else).
	after, err := c.GetPullRequest(ctx, repo, pr.ID)
	if err == nil && after.Status == prStatusMerged {
		return after, false
	}
	if mergeErr == nil {
		if err == nil {
			err = fmt.Errorf("lakeFS reports the pull request as %s after merging it", after.Status)
		}
		addAPIError(diags, fmt.Sprintf("Merged pull request %s but cannot read it back", describePR(pr)), err)
		return nil, false
	}
	if err == nil && after.Status != prStatusOpen {
		return after, false // closed meanwhile: the caller reports it
	}
	if client.IsOutcomeUnknown(mergeErr) {
		return d.settleMerge(ctx, repo, pr, destBefore, sourceHead, mergeErr, diags)
	}
	summary := fmt.Sprintf("Cannot merge pull request %s", describePR(pr))
	detail := apiErrorDetail(mergeErr)
	switch {
	case client.IsConflict(mergeErr):
		summary = fmt.Sprintf("Merge conflict in pull request %s", describePR(pr))
		detail += "\n\nBoth branches changed the same paths differently. Resolve the conflict on the source branch, commit, and apply again."
	case client.IsPreconditionFailed(mergeErr):
		summary = fmt.Sprintf("A pre-merge hook refused pull request %s", describePR(pr))
	case client.IsForbidden(mergeErr):
		detail += fmt.Sprintf("\n\nThe repository is read-only or branch %q is protected.", pr.DestinationBranch)
	case client.IsNotFound(mergeErr):
		detail += fmt.Sprintf("\n\nCheck that branches %q and %q still exist.", pr.SourceBranch, pr.DestinationBranch)
	case client.IsBadRequest(mergeErr):
		// lakeFS answers 400 both for a dirty destination and for nothing to merge; tell them apart by asking.
		if dirty, derr := c.DiffBranch(ctx, repo, pr.DestinationBranch, client.ListOptions{Amount: 1}); derr == nil && len(dirty.Results) > 0 {
			summary = fmt.Sprintf("Cannot merge pull request %s: destination branch %q has uncommitted changes", describePR(pr), pr.DestinationBranch)
			detail += "\n\nCommit or reset the changes on the destination branch, then apply again."
		} else if derr == nil {
			summary = fmt.Sprintf("Cannot merge pull request %s: nothing to merge", describePR(pr))
			detail += fmt.Sprintf("\n\nBranch %q has no committed changes that %q lacks. Commit changes to the source branch, then apply again.",
				pr.SourceBranch, pr.DestinationBranch)
			if sourceHead != "" {
				if found, ferr := findMergeCommit(ctx, c, repo, pr.DestinationBranch, "", sourceHead); ferr == nil && found != nil {
					detail += fmt.Sprintf("\n\nCommit %s on %q already merges the source head %s. If that is an interrupted merge of "+
						"this pull request (lakeFS writes the merge commit before it marks the pull request merged), mark the pull "+
						"request merged (status = \"merged\" on its lakefs_pull_request) and apply again: a merged pull request is adopted.",
						found.ID, pr.DestinationBranch, sourceHead)
				}
			}
		}
	}
	diags.AddError(summary, detail)
	return nil, false
}

// settleMerge finds out what became of a merge whose answer was lost. It watches, for up to the settle window,
// the pull request's status and the destination branch for a merge commit of the source head made since
// destBefore. A merge commit with the pull request still open is an interrupted merge: it is adopted with a warning.
func (d *providerData) settleMerge(ctx context.Context, repo string, pr *client.PullRequest, destBefore, sourceHead string,
	mergeErr error, diags *diag.Diagnostics,
) (*client.PullRequest, bool) {
	c := d.client
	window := d.settleWindow()
	tflog.Debug(ctx, "pull request merge outcome unknown; watching the pull request and the destination branch",
		map[string]any{"repository": repo, "pull_request": pr.ID, "window": window.String()})
	var latest *client.PullRequest
	var mergeCommit *client.Commit
	done, err := pollUntil(ctx, window, func() (bool, error) {
		got, err := c.GetPullRequest(ctx, repo, pr.ID)
		if err != nil {
			return false, err
		}
		latest = got
		if got.Status != prStatusOpen || destBefore == "" || sourceHead == "" {
			return got.Status != prStatusOpen, nil
		}
		head, err := c.GetBranch(ctx, repo, pr.DestinationBranch)
		if err != nil || head.CommitID == destBefore {
			return false, err
		}
		mergeCommit, err = findMergeCommit(ctx, c, repo, head.CommitID, destBefore, sourceHead)
		if mergeCommit == nil || err != nil {
			return false, err
		}
		// lakeFS marks the pull request merged right after it writes the merge commit: look once more.
		if got, err := c.GetPullRequest(ctx, repo, pr.ID); err == nil {
			latest = got
		}
		return true, nil
	})
	summary := fmt.Sprintf("Cannot merge pull request %s", describePR(pr))
	switch {
	case err != nil:
		diags.AddError(summary, apiErrorDetail(mergeErr)+fmt.Sprintf("\n\nCould not find out whether the merge happened (%v). "+
			"Check the pull request and the log of branch %q, then apply again.", err, pr.DestinationBranch))
		return nil, false
	case !done:
		diags.AddError(summary, apiErrorDetail(mergeErr)+fmt.Sprintf("\n\nThe merge did not happen: for %s the pull request stayed "+
			"open and no merge commit of %q appeared on %q. Apply again.", window, pr.SourceBranch, pr.DestinationBranch))
		return nil, false
	case latest.Status != prStatusOpen || mergeCommit == nil:
		return latest, false // merged (or closed, which the caller reports)
	}
	diags.AddWarning(fmt.Sprintf("Pull request %s was merged but still reads open", describePR(pr)),
		fmt.Sprintf("lakeFS did not answer the merge, and then commit %s appeared on %q, merging the source head %s, while the "+
			"pull request stayed open: lakeFS writes the merge commit before it marks the pull request merged, and that last "+
			"step did not happen. The merge is recorded with merged_commit_id = %s, and this resource stays in the state while "+
			"the pull request reads open. To have lakeFS show it merged, set status = \"merged\" on its lakefs_pull_request "+
			"(lakeFS then records no merged commit id on the pull request itself).",
			mergeCommit.ID, pr.DestinationBranch, sourceHead, mergeCommit.ID))
	adopted := *latest
	adopted.MergedCommitID = mergeCommit.ID
	return &adopted, true
}

// findMergeCommit walks the log of ref back to stop (or at most 1000 commits when stop is "") and returns the
// merge commit that has sourceHead as a merged parent, if any.
func findMergeCommit(ctx context.Context, c *client.Client, repo, ref, stop, sourceHead string) (*client.Commit, error) {
	return findInLog(ctx, c, repo, ref, stop, func(commit *client.Commit) bool {
		return len(commit.Parents) > 1 && slices.Contains(commit.Parents[1:], sourceHead)
	})
}

func describePR(pr *client.PullRequest) string {
	return fmt.Sprintf("%s (%q into %q)", pr.ID, pr.SourceBranch, pr.DestinationBranch)
}

// mergeRef merges sourceRef into destBranch (lakeFS's mergeIntoBranch) and returns the merge commit's id, or "" after
// a diagnostic. When the answer is lost it watches the destination, like settleMerge, for a merge commit of the
// source's commit made since the destination's head before the merge; it never merges a second time.
func (d *providerData) mergeRef(ctx context.Context, repo, sourceRef, destBranch string, merge client.Merge, diags *diag.Diagnostics) string {
	c := d.client
	summary := fmt.Sprintf("Cannot merge %q into branch %q of repository %q", sourceRef, destBranch, repo)
	var destBefore, sourceHead string
	if b, err := c.GetBranch(ctx, repo, destBranch); err == nil {
		destBefore = b.CommitID
	}
	if commit, err := c.GetCommit(ctx, repo, sourceRef); err == nil {
		sourceHead = commit.ID
	}
	result, err := c.MergeIntoBranch(ctx, repo, sourceRef, destBranch, merge)
	switch {
	case err == nil:
		return result.Reference
	case client.IsOutcomeUnknown(err) && destBefore != "" && sourceHead != "" && !merge.SquashMerge:
		window := d.settleWindow()
		tflog.Debug(ctx, "merge outcome unknown; watching the destination branch",
			map[string]any{"repository": repo, "source": sourceRef, "destination": destBranch, "window": window.String()})
		found, lookErr := d.awaitNewCommit(ctx, repo, destBranch, destBefore, window, func(head string) (*client.Commit, error) {
			return findMergeCommit(ctx, c, repo, head, destBefore, sourceHead)
		})
		switch {
		case found != nil:
			return found.ID
		case lookErr != nil:
			addAPIErrorHint(diags, summary, err, fmt.Sprintf("Could not find out whether the merge happened (%v). "+
				"Check the log of branch %q before merging again.", lookErr, destBranch))
		default:
			addAPIErrorHint(diags, summary, err, fmt.Sprintf("No merge commit of %s appeared on %q for %s: the merge "+
				"most likely did not happen. Check the log of branch %q before merging again.", sourceHead, destBranch, window, destBranch))
		}
		return ""
	case client.IsOutcomeUnknown(err):
		addAPIErrorHint(diags, summary, err, fmt.Sprintf("Check the log of branch %q before merging again.", destBranch))
		return ""
	}
	detail := apiErrorDetail(err)
	switch {
	case client.IsConflict(err):
		summary = fmt.Sprintf("Merge conflict merging %q into branch %q of repository %q", sourceRef, destBranch, repo)
		detail += "\n\nBoth sides changed the same paths differently. Resolve the conflict, or set strategy to \"dest-wins\" or \"source-wins\"."
	case client.IsPreconditionFailed(err):
		summary = fmt.Sprintf("A pre-merge hook refused merging %q into branch %q of repository %q", sourceRef, destBranch, repo)
	case client.IsForbidden(err):
		detail += fmt.Sprintf("\n\nThe repository is read-only (force = true merges anyway) or branch %q is protected.", destBranch)
	case client.IsNotFound(err):
		if missing := missingParent(ctx, c, repo, destBranch); missing != "" {
			detail = missing + "\n\n" + detail
		} else if sourceHead == "" {
			detail = fmt.Sprintf("The ref %q does not resolve to a commit in repository %q.\n\n", sourceRef, repo) + detail
		}
	case client.IsBadRequest(err):
		if dirty, derr := c.DiffBranch(ctx, repo, destBranch, client.ListOptions{Amount: 1}); derr == nil && len(dirty.Results) > 0 {
			detail += fmt.Sprintf("\n\nBranch %q has uncommitted changes: commit or reset them first.", destBranch)
		} else if derr == nil {
			detail += fmt.Sprintf("\n\n%q has no committed changes that %q lacks. Set allow_empty = true to merge anyway.", sourceRef, destBranch)
		}
	}
	diags.AddError(summary, detail)
	return ""
}
