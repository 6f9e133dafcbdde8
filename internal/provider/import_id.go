package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Resource ids and import ids of the form "<repository>/<branch>/<path>": joinID builds them, importParts reads
// them back. An id of a single part needs neither: use resource.ImportStatePassthroughID.

// joinID joins the parts of a resource id with "/".
func joinID(parts ...string) string {
	return strings.Join(parts, "/")
}

// importParts imports an id of the form "<a>/<b>/<c>" by setting the attributes attrs, in order, to its parts; the
// last part keeps any further "/" (object paths contain them). It reports whether the id was valid.
func importParts(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, attrs ...string) bool {
	parts, err := splitImportID(req.ID, len(attrs), "<"+strings.Join(attrs, ">/<")+">")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return false
	}
	for i, attr := range attrs {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), parts[i])...)
	}
	return !resp.Diagnostics.HasError()
}

// splitImportID splits an import id of the form "a/b/.../rest" into n parts; the last part keeps any further
// "/" (object paths contain them). Every part must be non-empty.
func splitImportID(id string, n int, format string) ([]string, error) {
	parts := strings.SplitN(id, "/", n)
	if len(parts) != n {
		return nil, fmt.Errorf("expected an import id of the form %s, got %q", format, id)
	}
	for _, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("expected an import id of the form %s with no empty part, got %q", format, id)
		}
	}
	return parts, nil
}
