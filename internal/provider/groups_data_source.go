package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewGroupsDataSource lists lakeFS groups.
func NewGroupsDataSource() datasource.DataSource {
	return &authListDataSource[client.Group, groupItemModel]{
		dataSourceBase: dataSourceNamed("groups"), plural: "groups", attributes: groupItemAttributes(), list: (*client.Client).ListAllGroups, item: groupItem,
	}
}
