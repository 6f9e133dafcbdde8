package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*pullRequestMergeResource)(nil)
	_ resource.ResourceWithIdentity    = (*pullRequestMergeResource)(nil)
)

// NewPullRequestMergeResource merges a lakeFS pull request when it is created.
func NewPullRequestMergeResource() resource.Resource {
	return &pullRequestMergeResource{identified: identifiedBy("repository", "pull_request_id")}
}

type pullRequestMergeResource struct {
	actionResource
	identified
}

type pullRequestMergeResourceModel struct {
	ID                types.String   `tfsdk:"id"`
	Repository        types.String   `tfsdk:"repository"`
	PullRequestID     types.String   `tfsdk:"pull_request_id"`
	MergedCommitID    types.String   `tfsdk:"merged_commit_id"`
	SourceBranch      types.String   `tfsdk:"source_branch"`
	DestinationBranch types.String   `tfsdk:"destination_branch"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// defaultMergeTimeout bounds a merge, like defaultCommitTimeout a commit.
const defaultMergeTimeout = 60 * time.Minute

func (r *pullRequestMergeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pull_request_merge"
}

func (r *pullRequestMergeResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Merges a lakeFS pull request when the resource is created (lakeFS 1.36 or later). A merge cannot be undone: " +
			"destroying the resource only removes it from the state.",
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create:            true,
				CreateDescription: "How long the merge may take, watching a merge whose answer was lost included (default `60m`).",
			}),
		},
		Attributes: map[string]schema.Attribute{
			"id":                 idAttribute("The pull request id."),
			"repository":         repositoryAttribute("The repository. Changing it replaces the resource (a new merge)."),
			"pull_request_id":    replacingString("The pull request to merge, for example `lakefs_pull_request.example.id`. Changing it replaces the resource (a new merge).", pullRequestIDValidators()...),
			"merged_commit_id":   stableComputedString("The merge commit on the destination branch."),
			"source_branch":      stableComputedString("The pull request's source branch."),
			"destination_branch": stableComputedString("The pull request's destination branch, which received the merge."),
		},
	}
}

func (r *pullRequestMergeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pullRequestMergeResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultMergeTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	repo, id := plan.Repository.ValueString(), plan.PullRequestID.ValueString()
	pr, err := r.data.client.GetPullRequest(ctx, repo, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot merge pull request %s in repository %q", id, repo), err)
		return
	}
	interrupted := false
	if pr.Status == prStatusOpen {
		pr, interrupted = r.merge(ctx, repo, pr, &resp.Diagnostics)
		if pr == nil {
			return
		}
	}
	if pr.Status != prStatusMerged && !interrupted {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot merge pull request %s: it is %s", describePR(pr), pr.Status),
			"lakeFS merges only open pull requests. Reopen it (status = \"open\" on its lakefs_pull_request) and apply again.")
		return
	}
	plan.fromAPI(pr)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	if interrupted {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, interruptedMergeKey, []byte("true"))...)
	}
}

// Read drops the resource when the pull request is gone or no longer merged (reopened outside Terraform), so the
// next apply merges it again.
func (r *pullRequestMergeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state pullRequestMergeResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	pr, err := r.data.client.GetPullRequest(ctx, state.Repository.ValueString(), state.PullRequestID.ValueString())
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read pull request %s in repository %q",
		state.PullRequestID.ValueString(), state.Repository.ValueString())) {
		return
	}
	interrupted, diags := req.Private.GetKey(ctx, interruptedMergeKey)
	resp.Diagnostics.Append(diags...)
	if pr.Status != prStatusMerged {
		// An interrupted merge (the merge commit without the status update) stays merged while the pull request
		// reads open; otherwise a pull request that is no longer merged was reopened, and the next apply merges it.
		if len(interrupted) == 0 || pr.Status != prStatusOpen {
			resp.State.RemoveResource(ctx)
		}
		return
	}
	if len(interrupted) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, interruptedMergeKey, nil)...)
	}
	recorded := state.MergedCommitID
	state.fromAPI(pr)
	if pr.MergedCommitID == "" && !recorded.IsNull() {
		state.MergedCommitID = recorded // marked merged by PATCH, which records no merge commit: keep the one found
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *pullRequestMergeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// Only a merged pull request can be imported: anything else has no merge to record.
	if !r.importIdentity(ctx, req, resp) || !r.configured(&resp.Diagnostics) {
		return
	}
	var repo, id string
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("repository"), &repo)...)
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("pull_request_id"), &id)...)
	pr, err := r.data.client.GetPullRequest(ctx, repo, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot import the merge of pull request %s in repository %q", id, repo), err)
		return
	}
	if pr.Status != prStatusMerged {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot import the merge of pull request %s", describePR(pr)),
			fmt.Sprintf("The pull request is %s, not merged. Only a merged pull request can be imported.", pr.Status))
	}
}

func (m *pullRequestMergeResourceModel) fromAPI(pr *client.PullRequest) {
	m.ID = types.StringValue(pr.ID)
	m.PullRequestID = types.StringValue(pr.ID)
	m.MergedCommitID = optionalString(pr.MergedCommitID)
	m.SourceBranch = types.StringValue(pr.SourceBranch)
	m.DestinationBranch = types.StringValue(pr.DestinationBranch)
}

// interruptedMergeKey marks, in private state, a merge that lakeFS committed without marking the pull request
// merged: Read then keeps the resource although the pull request reads open.
const interruptedMergeKey = "interrupted_merge"

// merge merges an open pull request and returns it as lakeFS has it afterwards, or nil after a diagnostic.
// interrupted reports a merge commit found on the destination while the pull request still reads open: the
// returned pull request then carries that commit as MergedCommitID, and a warning says so.
func (r *pullRequestMergeResource) merge(ctx context.Context, repo string, pr *client.PullRequest, diags *diag.Diagnostics) (
	merged *client.PullRequest, interrupted bool,
) {
	c := r.data.client
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
		return r.settleMerge(ctx, repo, pr, destBefore, sourceHead, mergeErr, diags)
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
func (r *pullRequestMergeResource) settleMerge(ctx context.Context, repo string, pr *client.PullRequest, destBefore, sourceHead string,
	mergeErr error, diags *diag.Diagnostics,
) (*client.PullRequest, bool) {
	c := r.data.client
	window := r.data.settleWindow()
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
			if len(commit.Parents) > 1 && slices.Contains(commit.Parents[1:], sourceHead) {
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

func describePR(pr *client.PullRequest) string {
	return fmt.Sprintf("%s (%q into %q)", pr.ID, pr.SourceBranch, pr.DestinationBranch)
}
