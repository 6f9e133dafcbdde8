package provider

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*commitResource)(nil)
	_ resource.ResourceWithIdentity    = (*commitResource)(nil)
)

// NewCommitResource commits a branch's staged changes once (action-style).
func NewCommitResource() resource.Resource {
	return &commitResource{identified: identifiedBy("repository", "commit_id")}
}

type commitResource struct {
	actionResource
	identified
}

type commitResourceModel struct {
	ID         types.String   `tfsdk:"id"`
	Repository types.String   `tfsdk:"repository"`
	Branch     types.String   `tfsdk:"branch"`
	Message    types.String   `tfsdk:"message"`
	Metadata   types.Map      `tfsdk:"metadata"`
	AllowEmpty types.Bool     `tfsdk:"allow_empty"`
	Triggers   types.Map      `tfsdk:"triggers"`
	CommitID   types.String   `tfsdk:"commit_id"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

// defaultCommitTimeout bounds a commit: lakeFS commits a large staging area in minutes, not hours.
const defaultCommitTimeout = 60 * time.Minute

func (r *commitResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_commit"
}

func (r *commitResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Commits the staged changes of a branch, once. lakeFS commits are permanent: destroying the resource only " +
			"removes it from the state.",
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create:            true,
				CreateDescription: "How long the commit may take, watching a commit whose answer was lost included (default `60m`).",
			}),
		},
		Attributes: map[string]schema.Attribute{
			"id":         idAttribute("`<repository>/<commit_id>`."),
			"repository": repositoryAttribute("The repository name. Changing it makes a new commit."),
			"branch": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The branch to commit. Changing it makes a new commit.",
				Validators:          branchIDValidators(),
				PlanModifiers:       []planmodifier.String{replaceStringUnlessImported()},
			},
			"message": replacingString("The commit message. Changing it makes a new commit."),
			"metadata": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Commit metadata. Changing it makes a new commit (going between no metadata and `{}` does not).",
				PlanModifiers:       []planmodifier.Map{replaceMapIfChanged()},
			},
			"allow_empty": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Commit even when nothing is staged. Default `false`: lakeFS then refuses an empty commit, and so does the apply. " +
					"It only applies to a commit being made: changing it alone does not commit again.",
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; any change makes a new commit (going between no triggers and `{}` does not). " +
					"Typically the checksums of the objects the commit should include.",
				PlanModifiers: []planmodifier.Map{replaceMapUnlessImported()},
			},
			"commit_id": stableComputedString("The id of the commit."),
		},
	}
}

func (r *commitResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan commitResourceModel
	if !r.configured(&resp.Diagnostics) || !decode(ctx, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCommitTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	repo, branch := plan.Repository.ValueString(), plan.Branch.ValueString()
	summary := fmt.Sprintf("Cannot commit branch %q in repository %q", branch, repo)
	creation := client.CommitCreation{
		Message:    plan.Message.ValueString(),
		Metadata:   stringMap(ctx, plan.Metadata, &resp.Diagnostics),
		AllowEmpty: plan.AllowEmpty.ValueBool(),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The head before the commit lets a lost answer be reconciled without committing twice.
	before, err := r.data.client.GetBranch(ctx, repo, branch)
	if err != nil {
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	commit, err := r.commitOnce(ctx, repo, branch, before.CommitID, creation)
	if err != nil {
		if client.IsBadRequest(err) && !creation.AllowEmpty {
			resp.Diagnostics.AddError(summary, apiErrorDetail(err)+
				"\n\nlakeFS refuses a commit when nothing is staged on the branch. Set allow_empty = true to commit anyway. "+
				"(Another commit of the branch in the same apply may have taken the staged changes: order such commits with depends_on.)")
			return
		}
		if client.IsBranchRace(err) {
			resp.Diagnostics.AddError(summary, apiErrorDetail(err)+
				"\n\nOther updates of the branch kept winning the race for it, every time the commit was tried; the commit "+
				"did not happen. Apply again, or raise the provider's max_retries.")
			return
		}
		addAPIError(&resp.Diagnostics, summary, err)
		return
	}
	plan.CommitID = types.StringValue(commit.ID)
	plan.ID = types.StringValue(joinID(repo, commit.ID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Read keeps the state as it is while the commit exists: a commit never changes.
func (r *commitResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.readIdentity(ctx, req, resp)
	var state commitResourceModel
	if r.data == nil || !decode(ctx, req.State, &state, &resp.Diagnostics) {
		return
	}
	repo := state.Repository.ValueString()
	commit, err := r.data.client.GetCommit(ctx, repo, state.CommitID.ValueString())
	if !foundOrRemoved(ctx, resp, err, fmt.Sprintf("Cannot read commit %q in repository %q", state.CommitID.ValueString(), repo)) {
		return
	}
	if state.Message.IsNull() { // just imported
		state.fromCommit(repo, commit)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

func (r *commitResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.importIdentity(ctx, req, resp) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("allow_empty"), false)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, importedMarker)...)
	}
}

func (m *commitResourceModel) fromCommit(repo string, commit *client.Commit) {
	m.ID = types.StringValue(joinID(repo, commit.ID))
	m.CommitID = types.StringValue(commit.ID)
	m.Message = types.StringValue(commit.Message)
	m.Metadata = types.MapNull(types.StringType)
	if len(commit.Metadata) > 0 {
		m.Metadata = stringMapValue(commit.Metadata)
	}
}

// commitOnce commits, and when the answer is lost finds out whether the commit happened before trying again.
// lakeFS may still be running a commit the client gave up on (a large staging area can take longer than
// request_timeout), so an unchanged head is watched for the settle window before a second attempt. It never
// commits twice while the first commit is seen to land; only a commit that takes longer than request_timeout
// plus the settle window can still be followed by a second one.
func (r *commitResource) commitOnce(ctx context.Context, repo, branch, before string, creation client.CommitCreation) (*client.Commit, error) {
	c := r.data.client
	commit, err := c.Commit(ctx, repo, branch, creation)
	if !client.IsOutcomeUnknown(err) {
		return commit, err
	}
	window := r.data.settleWindow()
	tflog.Debug(ctx, "commit outcome unknown; watching the branch before committing again",
		map[string]any{"repository": repo, "branch": branch, "window": window.String()})
	found, moved, lookErr := r.awaitCommit(ctx, repo, branch, before, creation, window)
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
		found, moved, lookErr := r.awaitCommit(ctx, repo, branch, before, creation, 0)
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
func (r *commitResource) awaitCommit(ctx context.Context, repo, branch, before string, creation client.CommitCreation,
	window time.Duration,
) (found *client.Commit, moved bool, err error) {
	c := r.data.client
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
	opts := client.ListOptions{Amount: 100}
	for range 10 {
		page, err := c.LogCommits(ctx, repo, head, opts)
		if err != nil {
			return nil, err
		}
		for i := range page.Results {
			commit := &page.Results[i]
			if commit.ID == before {
				return nil, nil
			}
			if commit.Message == creation.Message && sameStringMap(commit.Metadata, creation.Metadata) &&
				len(commit.Parents) > 0 && commit.Parents[0] == before {
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
