package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A Read of a state without identity (written before identity existed) sets it, even when the provider is not
// configured and Read returns early.
func TestReadSetsMissingIdentity(t *testing.T) {
	ctx := context.Background()
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		withIdentity, ok := r.(resource.ResourceWithIdentity)
		if !ok {
			continue
		}
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "lakefs"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			var schemaResp resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
			var identityResp resource.IdentitySchemaResponse
			withIdentity.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identityResp)

			state := tfsdk.State{Schema: schemaResp.Schema, Raw: objectOfNulls(schemaResp.Schema.Type().TerraformType(ctx))}
			for name := range identityResp.IdentitySchema.Attributes {
				if d := state.SetAttribute(ctx, path.Root(name), "v-"+name); d.HasError() {
					t.Fatalf("setting %s: %v", name, d)
				}
			}
			identity := &tfsdk.ResourceIdentity{Schema: identityResp.IdentitySchema,
				Raw: tftypes.NewValue(identityResp.IdentitySchema.Type().TerraformType(ctx), nil)}
			resp := resource.ReadResponse{State: state, Identity: identity}
			r.Read(ctx, resource.ReadRequest{State: state, Identity: identity}, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatalf("Read: %v", resp.Diagnostics)
			}
			for name := range identityResp.IdentitySchema.Attributes {
				var got types.String
				resp.Identity.GetAttribute(ctx, path.Root(name), &got)
				if got.ValueString() != "v-"+name {
					t.Errorf("identity %s = %s, want %q", name, got, "v-"+name)
				}
			}
		})
	}
}
