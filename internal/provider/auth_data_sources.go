package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
