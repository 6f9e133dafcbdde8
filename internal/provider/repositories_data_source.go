package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewRepositoriesDataSource lists repositories.
func NewRepositoriesDataSource() datasource.DataSource {
	return &repositoriesDataSource{dataSourceNamed("repositories")}
}

type repositoriesDataSource struct{ dataSourceBase }

type repositoriesDataSourceModel struct {
	Prefix       types.String            `tfsdk:"prefix"`
	Repositories []listedRepositoryModel `tfsdk:"repositories"`
}

// listedRepositoryModel is one repository of the list, named as in lakefs_repository.
type listedRepositoryModel struct {
	ID               types.String `tfsdk:"id"`
	StorageNamespace types.String `tfsdk:"storage_namespace"`
	DefaultBranch    types.String `tfsdk:"default_branch"`
	CreationDate     types.Int64  `tfsdk:"creation_date"`
	ReadOnly         types.Bool   `tfsdk:"read_only"`
}

func (d *repositoriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the repositories the credentials may see, ordered by name. Every page is read, 1000 repositories per call.",
		Attributes: map[string]schema.Attribute{
			"prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only repositories whose name starts with this prefix."},
			"repositories": listedItems("The repositories, ordered by name.", map[string]schema.Attribute{
				"id":                str("The repository name."),
				"storage_namespace": str("Where the repository's data lives."),
				"default_branch":    str("The default branch."),
				"creation_date":     schema.Int64Attribute{Computed: true, MarkdownDescription: "When the repository was created, in Unix seconds (as in `lakefs_repository`)."},
				"read_only":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the repository is read-only."},
			}),
		},
	}
}

func (d *repositoriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model repositoriesDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	repos, err := d.data.client.ListAllRepositories(ctx, model.Prefix.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot list repositories with prefix %q", model.Prefix.ValueString()), err)
		return
	}
	model.Repositories = mapped(repos, func(r client.Repository) listedRepositoryModel {
		return listedRepositoryModel{
			ID:               types.StringValue(r.ID),
			StorageNamespace: types.StringValue(r.StorageNamespace),
			DefaultBranch:    types.StringValue(r.DefaultBranch),
			CreationDate:     types.Int64Value(r.CreationDate),
			ReadOnly:         types.BoolValue(r.ReadOnly != nil && *r.ReadOnly),
		}
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
