package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewGroupDataSource reads one lakeFS group with its members.
func NewGroupDataSource() datasource.DataSource {
	return &groupDataSource{dataSourceNamed("group")}
}

type groupDataSource struct{ dataSourceBase }

type groupDataSourceModel struct {
	ID           types.String `tfsdk:"id"`
	Description  types.String `tfsdk:"description"`
	CreationDate types.Int64  `tfsdk:"creation_date"`
	Members      []string     `tfsdk:"members"`
}

func (d *groupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := groupItemAttributes()
	attributes["id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The group name.", Validators: groupIDValidators()}
	attributes["members"] = schema.ListAttribute{
		Computed: true, ElementType: types.StringType,
		MarkdownDescription: "The names of the group's users (every page), ordered by name.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a lakeFS group and its members. Fails when the group does not exist.",
		Attributes:          attributes,
	}
}

func (d *groupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model groupDataSourceModel
	if !d.configured(&resp.Diagnostics) || !decode(ctx, req.Config, &model, &resp.Diagnostics) {
		return
	}
	id := model.ID.ValueString()
	group, err := d.data.client.GetGroup(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read group %q", id), err)
		return
	}
	members, err := d.data.client.ListAllGroupMembers(ctx, id, "")
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot list the members of group %q", id), err)
		return
	}
	item := groupItem(*group)
	model.Description, model.CreationDate = item.Description, item.CreationDate
	model.Members = mapped(members, func(u client.User) string { return u.ID })
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
