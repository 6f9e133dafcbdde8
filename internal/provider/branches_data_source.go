package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewBranchesDataSource lists a repository's branches.
func NewBranchesDataSource() datasource.DataSource {
	return &branchesDataSource{dataSourceNamed("branches")}
}

type branchesDataSource struct{ dataSourceBase }

type branchesDataSourceModel struct {
	Repository types.String        `tfsdk:"repository"`
	Prefix     types.String        `tfsdk:"prefix"`
	Branches   []listedBranchModel `tfsdk:"branches"`
}

// listedBranchModel is one branch of the list, named as in lakefs_branch.
type listedBranchModel struct {
	Name     types.String `tfsdk:"name"`
	CommitID types.String `tfsdk:"commit_id"`
}

func (d *branchesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a repository's branches, ordered by name. Every page is read, 1000 branches per call. A repository that does not exist is an error.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{Required: true, MarkdownDescription: "The repository.", Validators: repositoryIDValidators()},
			"prefix":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only branches whose name starts with this prefix."},
			"branches": listedItems("The branches, ordered by name.", map[string]schema.Attribute{
				"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "The branch name."},
				"commit_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The commit the branch head points at."},
			}),
		},
	}
}

func (d *branchesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model branchesDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo := model.Repository.ValueString()
	branches, err := d.data.client.ListAllBranches(ctx, repo, model.Prefix.ValueString())
	if err != nil {
		addReadError(&resp.Diagnostics, err, fmt.Sprintf("Cannot list branches of repository %q", repo), fmt.Sprintf("Repository %q not found", repo))
		return
	}
	model.Branches = mapped(branches, func(b client.Ref) listedBranchModel {
		return listedBranchModel{Name: types.StringValue(b.ID), CommitID: types.StringValue(b.CommitID)}
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
