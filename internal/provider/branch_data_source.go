package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*branchDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*branchDataSource)(nil)
)

// NewBranchDataSource reads a branch's head.
func NewBranchDataSource() datasource.DataSource { return &branchDataSource{} }

type branchDataSource struct {
	data *providerData
}

type branchDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	Repository types.String `tfsdk:"repository"`
	Name       types.String `tfsdk:"name"`
	CommitID   types.String `tfsdk:"commit_id"`
}

func (d *branchDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_branch"
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

func (d *branchDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *branchDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data == nil {
		resp.Diagnostics.AddError("Provider not configured", notConfiguredDetail)
		return
	}
	var model branchDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	repo, name := model.Repository.ValueString(), model.Name.ValueString()
	branch, err := d.data.client.GetBranch(ctx, repo, name)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read branch %q in repository %q", name, repo), err)
		return
	}
	model.ID = types.StringValue(repo + "/" + name)
	model.CommitID = types.StringValue(branch.CommitID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
