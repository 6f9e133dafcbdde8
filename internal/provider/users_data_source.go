package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// NewUsersDataSource lists lakeFS users.
func NewUsersDataSource() datasource.DataSource {
	return &authListDataSource[client.User, userItemModel]{
		dataSourceBase: dataSourceNamed("users"), plural: "users", attributes: userItemAttributes(), list: (*client.Client).ListAllUsers, item: userItem,
	}
}
