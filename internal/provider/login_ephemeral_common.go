package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

func loginTokenAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		Sensitive:           true,
		MarkdownDescription: "The lakeFS token; send it as a bearer token (the provider's `token`).",
	}
}

func loginTokenExpirationAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		Computed:            true,
		MarkdownDescription: "When the token expires, in Unix seconds.",
	}
}
