package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// notImportable are the resources Terraform cannot import: a hard reset records a move, which lakeFS keeps no trace of.
var notImportable = map[string]bool{"lakefs_branch_hard_reset": true}

// Every type gets its name and its Configure from its base (resource_base.go); every resource but those in
// notImportable also its ImportState and identity (resource_identity.go). The compile-time checks of each file
// are here, once, with the names.
func TestTypesNamedConfiguredImportable(t *testing.T) {
	ctx := context.Background()
	p := New("test")().(*lakefsProvider)
	seen := map[string]bool{}
	resources := namedTypes(t, seen, "resource", p.Resources(ctx), func(r resource.Resource, resp *resource.MetadataResponse) {
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "lakefs"}, resp)
	})
	namedTypes(t, seen, "data source", p.DataSources(ctx), func(d datasource.DataSource, resp *datasource.MetadataResponse) {
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "lakefs"}, resp)
	})
	namedTypes(t, seen, "ephemeral resource", p.EphemeralResources(ctx), func(e ephemeral.EphemeralResource, resp *ephemeral.MetadataResponse) {
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "lakefs"}, resp)
	})
	namedTypes(t, seen, "action", p.Actions(ctx), func(a action.Action, resp *action.MetadataResponse) {
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "lakefs"}, resp)
	})
	namedTypes(t, seen, "list resource", p.ListResources(ctx), func(l list.ListResource, resp *resource.MetadataResponse) {
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "lakefs"}, resp)
	})
	for name, r := range resources {
		_, imports := r.(resource.ResourceWithImportState)
		_, identity := r.(resource.ResourceWithIdentity)
		if imports != !notImportable[name] || identity != !notImportable[name] {
			t.Errorf("%s: ImportState %v, identity %v", name, imports, identity)
		}
	}
	if len(seen) < 50 {
		t.Errorf("%d types named, want every resource, data source, ephemeral resource, action and list resource", len(seen))
	}
}

// namedTypes makes one of each type of a kind, by type name, checking that the name is lakefs_<name>, given once,
// and that the type has a Configure.
func namedTypes[T, M any](t *testing.T, seen map[string]bool, kind string, constructors []func() T, metadata func(T, *M)) map[string]T {
	t.Helper()
	made := map[string]T{}
	for _, newType := range constructors {
		x := newType()
		var meta M
		metadata(x, &meta)
		name := reflect.ValueOf(meta).FieldByName("TypeName").String()
		if !strings.HasPrefix(name, "lakefs_") || name == "lakefs_" || seen[kind+name] {
			t.Errorf("%s type name %q: want lakefs_<name>, once", kind, name)
		}
		if !reflect.ValueOf(x).MethodByName("Configure").IsValid() {
			t.Errorf("%s %s has no Configure", kind, name)
		}
		seen[kind+name], made[name] = true, x
	}
	return made
}
