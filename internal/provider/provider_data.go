package provider

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// providerData is what the configured provider hands to every resource and data source.
type providerData struct {
	client *client.Client
	// uploads sends object content: presigned multipart for large files when the server offers it.
	uploads *upload.Uploader
	// deletedRepositories holds the names of repositories this provider deleted: a real lakeFS refuses to
	// create one of the same name for a few seconds afterwards (its repository cache), so a replacement waits.
	deletedRepositories sync.Map
	// requestTimeout is the client's request_timeout: a lakeFS operation may outlast it and still complete.
	requestTimeout time.Duration
}

// partSize is the part_size setting multipart uploads use (the default while the provider is not configured).
func (d *providerData) partSize() int64 {
	if d == nil || d.uploads == nil {
		return upload.DefaultPartSize
	}
	return d.uploads.Settings().PartSize
}

// providerDataFrom unpacks ProviderData in a resource's or data source's Configure. It returns nil while the
// provider is not configured yet (Terraform calls Configure early, and with unknown provider values).
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", raw))
		return nil
	}
	return data
}

// notConfiguredDetail explains a missing client during an operation that needs one.
const notConfiguredDetail = "The lakeFS provider is not configured yet, most likely because its configuration depends on " +
	"values known only after apply. Apply the resources it depends on first (terraform apply -target=...)."
