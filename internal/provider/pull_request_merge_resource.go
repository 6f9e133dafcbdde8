package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewPullRequestMergeResource merges a lakeFS pull request when it is created.
func NewPullRequestMergeResource() resource.Resource {
	return &pullRequestMergeResource{importableAction("pull_request_merge", identifiedBy("repository", "pull_request_id"))}
}

type pullRequestMergeResource struct{ importableActionResource }

type pullRequestMergeResourceModel struct {
	ID                types.String   `tfsdk:"id"`
	Repository        types.String   `tfsdk:"repository"`
	PullRequestID     types.String   `tfsdk:"pull_request_id"`
	MergedCommitID    types.String   `tfsdk:"merged_commit_id"`
	SourceBranch      types.String   `tfsdk:"source_branch"`
	DestinationBranch types.String   `tfsdk:"destination_branch"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (r *pullRequestMergeResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Merges a lakeFS pull request when the resource is created (lakeFS 1.36 or later). A merge cannot be undone: " +
			"destroying the resource only removes it from the state.",
		Blocks: createTimeoutsBlock(ctx, "merge"),
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
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultActionTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	pr, interrupted := r.data.mergePullRequestOnce(ctx, plan.Repository.ValueString(), plan.PullRequestID.ValueString(), &resp.Diagnostics)
	if pr == nil {
		return
	}
	plan.fromAPI(pr)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
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
