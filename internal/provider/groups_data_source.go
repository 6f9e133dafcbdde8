package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewGroupsDataSource lists lakeFS groups.
func NewGroupsDataSource() datasource.DataSource { return &groupsDataSource{} }

type groupsDataSource struct{ dataSourceBase }

type groupsDataSourceModel struct {
	Prefix types.String     `tfsdk:"prefix"`
	Groups []groupItemModel `tfsdk:"groups"`
}

func (d *groupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_groups"
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists lakeFS groups (every page), ordered by name.",
		Attributes: map[string]schema.Attribute{
			"prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "List only the groups whose name starts with this prefix."},
			"groups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The groups.",
				NestedObject:        schema.NestedAttributeObject{Attributes: groupItemAttributes()},
			},
		},
	}
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config groupsDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	groups, err := d.data.client.ListAllGroups(ctx, config.Prefix.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the lakeFS groups", err)
		return
	}
	config.Groups = make([]groupItemModel, 0, len(groups))
	for _, g := range groups {
		config.Groups = append(config.Groups, groupItem(g))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
