package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ resource.ResourceWithValidateConfig = (*pullRequestResource)(nil)

// NewPullRequestResource manages a lakeFS pull request.
func NewPullRequestResource() resource.Resource {
	return &pullRequestResource{importable("pull_request", pullRequestIdentity)}
}

// pullRequestIdentity is also the identity of its list resource.
var pullRequestIdentity = identifiedBy("repository", "id")

type pullRequestResource struct{ importableResource }

type pullRequestResourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	pullRequestFields
	Merged types.Bool `tfsdk:"merged"`
}

func (r *pullRequestResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A lakeFS pull request from a source branch to a destination branch (lakeFS 1.35 or later; the API is " +
			"experimental). Destroying an open pull request closes it.",
		Attributes: map[string]schema.Attribute{
			"id":                 idAttribute("The lakeFS pull request id (20 characters)."),
			"repository":         repositoryAttribute("The repository. Changing it replaces the pull request."),
			"source_branch":      branchAttribute("The branch to merge from. It must exist. Changing it replaces the pull request."),
			"destination_branch": branchAttribute("The branch to merge into; it must exist and differ from `source_branch`. Changing it replaces the pull request."),
			"title": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The title.",
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				MarkdownDescription: "The description. Default empty.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(prStatusOpen),
				MarkdownDescription: "`open` (the default) or `closed`; changing it closes or reopens the pull request. " +
					"Reads `merged` once the pull request is merged, and then stays `merged` whatever is configured.",
				Validators:    []validator.String{stringvalidator.OneOf(prStatusOpen, prStatusClosed)},
				PlanModifiers: []planmodifier.String{keepMergedStatus},
			},
			"author": stableComputedString("Who opened the pull request (the user's email if set, else the user name)."),
			"creation_date": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the pull request was opened, an RFC 3339 timestamp.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"closed_date": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the pull request was last closed or merged, an RFC 3339 timestamp; null if it never was. Reopening keeps it.",
				PlanModifiers:       []planmodifier.String{useStateUnlessStatusChanges},
			},
			"merged_commit_id": stableComputedString("The merge commit, once the pull request is merged."),
			"merged":           stableComputedBool("Whether the pull request is merged."),
		},
	}
}

// ValidateConfig rejects a pull request into its own source branch at plan time (lakeFS would answer 400).
func (r *pullRequestResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config pullRequestResourceModel
	if !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	if !config.SourceBranch.IsNull() && !config.SourceBranch.IsUnknown() && config.SourceBranch.Equal(config.DestinationBranch) {
		resp.Diagnostics.AddAttributeError(path.Root("destination_branch"), "Invalid destination branch",
			fmt.Sprintf("The destination branch must differ from the source branch (both are %q).", config.SourceBranch.ValueString()))
	}
}

func (r *pullRequestResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pullRequestResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	repo, src, dst := plan.Repository.ValueString(), plan.SourceBranch.ValueString(), plan.DestinationBranch.ValueString()
	summary := fmt.Sprintf("Cannot create pull request from %q to %q in repository %q", src, dst, repo)
	id, err := createPullRequestReconciled(ctx, r.data.client, repo, client.PullRequestCreation{
		Title: plan.Title.ValueString(), Description: plan.Description.ValueString(), SourceBranch: src, DestinationBranch: dst,
	})
	if err != nil {
		if client.IsNotFound(err) {
			if missing := missingPullRequestTarget(ctx, r.data.client, repo, src, dst); missing != "" {
				resp.Diagnostics.AddError(summary, missing+"\n\n"+apiErrorDetail(err))
				return
			}
		}
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	// From here on the pull request exists: keep it in state even if the rest fails, so nothing is orphaned.
	plan.ID = types.StringValue(id)
	if plan.Status.ValueString() == prStatusClosed {
		if err := r.data.client.UpdatePullRequest(ctx, repo, id, client.PullRequestUpdate{Status: stringPtr(prStatusClosed)}); err != nil {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("repository"), repo)...)
			addAPIError(&resp.Diagnostics, fmt.Sprintf("Pull request %s was opened but cannot be closed", id), err)
			return
		}
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// readInto fills the model from getPullRequest; it reports false (no diagnostic) when the pull request is gone.
func (r *pullRequestResource) readInto(ctx context.Context, m *pullRequestResourceModel, diags *diag.Diagnostics) bool {
	pr, err := r.data.client.GetPullRequest(ctx, m.Repository.ValueString(), m.ID.ValueString())
	if isGone(err) {
		return false
	}
	if err != nil {
		addAPIError(diags, fmt.Sprintf("Cannot read pull request %s in repository %q", m.ID.ValueString(), m.Repository.ValueString()), err)
		return false
	}
	m.fromAPI(pr)
	return true
}

func (r *pullRequestResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state pullRequestResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, id := state.Repository.ValueString(), state.ID.ValueString()
	pr, err := r.data.client.GetPullRequest(ctx, repo, id)
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read pull request %s in repository %q", id, repo)) {
		return
	}
	state.fromAPI(pr)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sends only what changed. The status is never sent for a merged pull request (keepMergedStatus plans
// "merged" for it, which is never sent).
func (r *pullRequestResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pullRequestResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) ||
		!decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	var update client.PullRequestUpdate
	if !plan.Title.Equal(state.Title) {
		update.Title = stringPtr(plan.Title.ValueString())
	}
	if !plan.Description.Equal(state.Description) {
		update.Description = stringPtr(plan.Description.ValueString())
	}
	if s := plan.Status.ValueString(); s != state.Status.ValueString() && (s == prStatusOpen || s == prStatusClosed) {
		update.Status = stringPtr(s)
	}
	plan.ID = state.ID
	if update != (client.PullRequestUpdate{}) {
		if err := r.data.client.UpdatePullRequest(ctx, plan.Repository.ValueString(), plan.ID.ValueString(), update); err != nil {
			addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot update pull request %s in repository %q", plan.ID.ValueString(), plan.Repository.ValueString()), err)
			return
		}
	}
	if !r.readInto(ctx, &plan, &resp.Diagnostics) && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError(fmt.Sprintf("Pull request %s disappeared during the update", plan.ID.ValueString()),
			"lakeFS no longer knows the pull request. The next plan will open a new one.")
		return
	}
	r.setStateAndIdentity(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete closes an open pull request; lakeFS has no way to delete one. A merged or closed one is left alone,
// so a merge is never turned into "closed".
func (r *pullRequestResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pullRequestResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo, id := state.Repository.ValueString(), state.ID.ValueString()
	summary := fmt.Sprintf("Cannot close pull request %s in repository %q", id, repo)
	pr, err := r.data.client.GetPullRequest(ctx, repo, id)
	switch {
	case isGone(err):
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, summary, err)
		return
	case pr.Status != prStatusOpen:
		return
	}
	err = r.data.client.UpdatePullRequest(ctx, repo, id, client.PullRequestUpdate{Status: stringPtr(prStatusClosed)})
	if err != nil && !isGone(err) {
		addAPIError(&resp.Diagnostics, summary, err)
	}
}

func (m *pullRequestResourceModel) fromAPI(pr *client.PullRequest) {
	m.ID = types.StringValue(pr.ID)
	m.pullRequestFields.fromAPI(pr)
	m.Merged = types.BoolValue(pr.Status == prStatusMerged)
}

func stringPtr(s string) *string { return &s }
