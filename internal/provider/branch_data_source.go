package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewBranchDataSource reads a branch's head.
func NewBranchDataSource() datasource.DataSource {
	return &branchDataSource{dataSourceNamed("branch")}
}

type branchDataSource struct{ dataSourceBase }

type branchDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Name       types.String `tfsdk:"name"`
	CommitID   types.String `tfsdk:"commit_id"`
}

func (d *branchDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a lakeFS branch and the commit its head points at.",
		Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "`<repository>/<name>`."},
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"name":       schema.StringAttribute{Required: true, MarkdownDescription: "The branch name.", Validators: branchIDValidators()},
			"commit_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "The commit the branch head points at."},
		},
	}
}

func (d *branchDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model branchDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, name := model.Repository.ValueString(), model.Name.ValueString()
	branch, err := d.data.client.GetBranch(ctx, repo, name)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read branch %q in repository %q", name, repo), err)
		return
	}
	model.ID = types.StringValue(joinID(repo, name))
	model.CommitID = types.StringValue(branch.CommitID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
