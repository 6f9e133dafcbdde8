package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// What the user and group data sources share: the attributes of a user or group as lakeFS lists it.

type userItemModel struct {
	ID           types.String `tfsdk:"id"`
	Email        types.String `tfsdk:"email"`
	FriendlyName types.String `tfsdk:"friendly_name"`
	CreationDate types.Int64  `tfsdk:"creation_date"`
}

func userItem(u client.User) userItemModel {
	return userItemModel{
		ID: types.StringValue(u.ID), Email: types.StringValue(u.Email), FriendlyName: types.StringValue(u.FriendlyName),
		CreationDate: types.Int64Value(u.CreationDate),
	}
}

func userItemAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The user name."},
		"email":         schema.StringAttribute{Computed: true, MarkdownDescription: "The user's email address; empty when none is set."},
		"friendly_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The user's display name; empty when none is set."},
		"creation_date": schema.Int64Attribute{Computed: true, MarkdownDescription: "When the user was created, in Unix seconds."},
	}
}

type groupItemModel struct {
	ID           types.String `tfsdk:"id"`
	Description  types.String `tfsdk:"description"`
	CreationDate types.Int64  `tfsdk:"creation_date"`
}

// groupItem reads a listed or read group; lakeFS sends "" or nothing for a group without a description.
func groupItem(g client.Group) groupItemModel {
	description := ""
	if g.Description != nil {
		description = *g.Description
	}
	return groupItemModel{ID: types.StringValue(g.ID), Description: types.StringValue(description), CreationDate: types.Int64Value(g.CreationDate)}
}

func groupItemAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "The group name."},
		"description":   schema.StringAttribute{Computed: true, MarkdownDescription: "The group's description; empty when none is set."},
		"creation_date": schema.Int64Attribute{Computed: true, MarkdownDescription: "When the group was created, in Unix seconds."},
	}
}

// authListDataSource is `lakefs_users` or `lakefs_groups`: every user or group whose name starts with `prefix`
// (every page), ordered by name, in the list attribute named plural.
type authListDataSource[T, I any] struct {
	dataSourceBase
	plural     string                                                     // "users": the list attribute, also the type name
	attributes map[string]schema.Attribute                                // of one listed item
	list       func(*client.Client, context.Context, string) ([]T, error) // (*client.Client).ListAllUsers
	item       func(T) I                                                  // the item's model
}

func (d *authListDataSource[T, I]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists lakeFS " + d.plural + " (every page), ordered by name.",
		Attributes: map[string]schema.Attribute{
			"prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "List only the " + d.plural + " whose name starts with this prefix."},
			d.plural: listedItems("The "+d.plural+".", d.attributes),
		},
	}
}

func (d *authListDataSource[T, I]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.configured(&resp.Diagnostics) {
		return
	}
	var prefix types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("prefix"), &prefix)...)
	if resp.Diagnostics.HasError() {
		return
	}
	listed, err := d.list(d.data.client, ctx, prefix.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the lakeFS "+d.plural, err)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.plural), mapped(listed, d.item))...)
}
