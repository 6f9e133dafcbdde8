package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

var _ list.ListResourceWithConfigure = (*branchList)(nil)

// NewBranchList lists the branches of a lakeFS repository for `terraform query`.
func NewBranchList() list.ListResource { return &branchList{} }

type branchList struct{ listBase }

type branchListModel struct {
	Repository types.String `tfsdk:"repository"`
	Prefix     types.String `tfsdk:"prefix"`
}

func (l *branchList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_branch"
}

func (l *branchList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The branches of a repository, or those whose name starts with `prefix`. " +
			"Each result's `source` is the branch's head commit, lakeFS keeping no record of where a branch started.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"prefix":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only branches whose name starts with it."},
		},
	}
}

func (l *branchList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config branchListModel
	if !l.decodeListConfig(ctx, req, stream, &config) {
		return
	}
	repo := config.Repository.ValueString()
	refs, err := l.data.client.ListAllBranches(ctx, repo, config.Prefix.ValueString())
	if listingFailed(stream, err, fmt.Sprintf("Cannot list the branches of repository %q", repo)) {
		return
	}
	stream.Results = streamList(ctx, req, branchIdentity, refs, func(ref client.Ref) string { return joinID(repo, ref.ID) },
		func(_ context.Context, ref client.Ref, m *branchResourceModel, _ *diag.Diagnostics) {
			m.Repository, m.Name = types.StringValue(repo), types.StringValue(ref.ID)
			m.atHead(repo, ref.ID, ref.CommitID)
			// A generated configuration needs a source: the head is one that an import adopts in place.
			m.Source = types.StringValue(ref.CommitID)
		})
}
