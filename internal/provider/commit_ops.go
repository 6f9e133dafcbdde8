package provider

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// The commit shared by the lakefs_commit resource and the lakefs_commit action.

// commitCreation is the commit that a message, metadata and allow_empty ask for.
func commitCreation(ctx context.Context, message types.String, metadata types.Map, allowEmpty types.Bool, diags *diag.Diagnostics) client.CommitCreation {
	return client.CommitCreation{
		Message:    message.ValueString(),
		Metadata:   stringMap(ctx, metadata, diags),
		AllowEmpty: allowEmpty.ValueBool(),
	}
}

// commitBranch commits branch once, reconciling a lost answer, and returns the commit, or nil after a diagnostic.
func (d *providerData) commitBranch(ctx context.Context, repo, branch string, creation client.CommitCreation, diags *diag.Diagnostics) *client.Commit {
	summary := fmt.Sprintf("Cannot commit branch %q in repository %q", branch, repo)
	// The head before the commit lets a lost answer be reconciled without committing twice.
	before, err := d.client.GetBranch(ctx, repo, branch)
	if err != nil {
		addAPIError(diags, summary, err)
		return nil
	}
	commit, err := d.commitOnce(ctx, repo, branch, before.CommitID, creation)
	if err != nil {
		if client.IsBadRequest(err) && !creation.AllowEmpty {
			addAPIErrorHint(diags, summary, err,
				"lakeFS refuses a commit when nothing is staged on the branch. Set allow_empty = true to commit anyway. "+
					"(Another commit of the branch in the same apply may have taken the staged changes: order such commits with depends_on.)")
			return nil
		}
		if client.IsBranchRace(err) {
			addAPIErrorHint(diags, summary, err,
				"Other updates of the branch kept winning the race for it, every time the commit was tried; the commit "+
					"did not happen. Apply again, or raise the provider's max_retries.")
			return nil
		}
		addAPIError(diags, summary, err)
		return nil
	}
	return commit
}

// commitOnce commits, and when the answer is lost finds out whether the commit happened before trying again.
// lakeFS may still be running a commit the client gave up on (a large staging area can take longer than
// request_timeout), so an unchanged head is watched for the settle window before a second attempt. It never
// commits twice while the first commit is seen to land; only a commit that takes longer than request_timeout
// plus the settle window can still be followed by a second one.
func (d *providerData) commitOnce(ctx context.Context, repo, branch, before string, creation client.CommitCreation) (*client.Commit, error) {
	c := d.client
	commit, err := c.Commit(ctx, repo, branch, creation)
	if !client.IsOutcomeUnknown(err) {
		return commit, err
	}
	window := d.settleWindow()
	tflog.Debug(ctx, "commit outcome unknown; watching the branch before committing again",
		map[string]any{"repository": repo, "branch": branch, "window": window.String()})
	found, moved, lookErr := d.awaitCommit(ctx, repo, branch, before, creation, window)
	switch {
	case found != nil:
		return found, nil
	case lookErr != nil:
		return nil, fmt.Errorf("%w\n\nCould not find out whether the commit happened (%v); not committing again. "+
			"Check the branch log, then import the commit or apply again", err, lookErr)
	case moved:
		return nil, movedWithoutCommit(err, before)
	}
	// The head stayed at before for the whole window: the commit did not happen, one more attempt is safe.
	commit, retryErr := c.Commit(ctx, repo, branch, creation)
	if retryErr == nil {
		return commit, nil
	}
	if client.IsOutcomeUnknown(retryErr) || client.IsBadRequest(retryErr) {
		// A lost answer again, or "no changes" because the first commit landed after all: look once more.
		found, moved, lookErr := d.awaitCommit(ctx, repo, branch, before, creation, 0)
		switch {
		case found != nil:
			return found, nil
		case lookErr == nil && moved:
			return nil, movedWithoutCommit(retryErr, before)
		}
	}
	return nil, retryErr
}

func movedWithoutCommit(err error, before string) error {
	return fmt.Errorf("%w\n\nThe branch moved from %s, but no new commit matches this one's message and metadata; "+
		"not committing again. Check the branch log, then import the commit or apply again", err, before)
}

// awaitCommit watches the branch for up to window (one look when window is 0) until its head leaves before,
// then looks for the commit made with creation. moved reports a head that left before.
func (d *providerData) awaitCommit(ctx context.Context, repo, branch, before string, creation client.CommitCreation,
	window time.Duration,
) (found *client.Commit, moved bool, err error) {
	c := d.client
	var head string
	moved, err = pollUntil(ctx, window, func() (bool, error) {
		b, err := c.GetBranch(ctx, repo, branch)
		if err != nil {
			return false, err
		}
		head = b.CommitID
		return head != before, nil
	})
	if err != nil || !moved {
		return nil, moved, err
	}
	found, err = findCommitSince(ctx, c, repo, head, before, creation)
	return found, true, err
}

// findCommitSince walks the log from head back to before and returns the commit made with creation, if any.
func findCommitSince(ctx context.Context, c *client.Client, repo, head, before string, creation client.CommitCreation) (*client.Commit, error) {
	return findCommitSinceMatching(ctx, c, repo, head, before, func(commit *client.Commit) bool {
		return commit.Message == creation.Message && sameStringMap(commit.Metadata, creation.Metadata)
	})
}

// findCommitSinceMatching walks the log from head back to before and returns the commit made on before (its first
// parent) that matches, if any.
func findCommitSinceMatching(ctx context.Context, c *client.Client, repo, head, before string, match func(*client.Commit) bool) (*client.Commit, error) {
	return findInLog(ctx, c, repo, head, before, func(commit *client.Commit) bool {
		return len(commit.Parents) > 0 && commit.Parents[0] == before && match(commit)
	})
}

// findInLog walks the log of ref back to stop (or at most 1000 commits when stop is "", or not in it) and returns
// the first commit that matches, if any.
func findInLog(ctx context.Context, c *client.Client, repo, ref, stop string, match func(*client.Commit) bool) (*client.Commit, error) {
	opts := client.ListOptions{Amount: 100}
	for range 10 {
		page, err := c.LogCommits(ctx, repo, ref, opts)
		if err != nil {
			return nil, err
		}
		for i := range page.Results {
			commit := &page.Results[i]
			if commit.ID == stop {
				return nil, nil
			}
			if match(commit) {
				return commit, nil
			}
		}
		if !page.Pagination.HasMore {
			return nil, nil
		}
		opts.After = page.Pagination.NextOffset
	}
	return nil, nil
}

func sameStringMap(a, b map[string]string) bool {
	return len(a) == len(b) && maps.Equal(a, b)
}
