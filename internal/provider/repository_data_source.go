package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewRepositoryDataSource reads a repository by name.
func NewRepositoryDataSource() datasource.DataSource {
	return &repositoryDataSource{dataSourceNamed("repository")}
}

type repositoryDataSource struct{ dataSourceBase }

type repositoryDataSourceModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	StorageNamespace types.String `tfsdk:"storage_namespace"`
	DefaultBranch    types.String `tfsdk:"default_branch"`
	CreationDate     types.Int64  `tfsdk:"creation_date"`
}

func (d *repositoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a lakeFS repository by name.",
		Attributes: map[string]schema.Attribute{
			"id":                schema.StringAttribute{Computed: true, MarkdownDescription: "The repository name."},
			"name":              schema.StringAttribute{Required: true, MarkdownDescription: "The repository name.", Validators: repositoryIDValidators()},
			"storage_namespace": schema.StringAttribute{Computed: true, MarkdownDescription: "Where the repository's data lives."},
			"default_branch":    schema.StringAttribute{Computed: true, MarkdownDescription: "The default branch."},
			"creation_date":     schema.Int64Attribute{Computed: true, MarkdownDescription: "When the repository was created, in Unix seconds."},
		},
	}
}

func (d *repositoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model repositoryDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repo, err := d.data.client.GetRepository(ctx, model.Name.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read repository %q", model.Name.ValueString()), err)
		return
	}
	model.ID = types.StringValue(repo.ID)
	model.StorageNamespace = types.StringValue(repo.StorageNamespace)
	model.DefaultBranch = types.StringValue(repo.DefaultBranch)
	model.CreationDate = types.Int64Value(repo.CreationDate)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
