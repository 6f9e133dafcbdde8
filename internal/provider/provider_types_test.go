package provider

import (
	"context"
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
	named := func(kind, name string) {
		t.Helper()
		if !strings.HasPrefix(name, "lakefs_") || name == "lakefs_" || seen[kind+name] {
			t.Errorf("%s type name %q: want lakefs_<name>, once", kind, name)
		}
		seen[kind+name] = true
	}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "lakefs"}, &meta)
		named("resource", meta.TypeName)
		_, configured := r.(resource.ResourceWithConfigure)
		_, imports := r.(resource.ResourceWithImportState)
		_, identity := r.(resource.ResourceWithIdentity)
		if !configured || imports != !notImportable[meta.TypeName] || identity != !notImportable[meta.TypeName] {
			t.Errorf("%s: Configure %v, ImportState %v, identity %v", meta.TypeName, configured, imports, identity)
		}
	}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "lakefs"}, &meta)
		named("data source", meta.TypeName)
		if _, ok := d.(datasource.DataSourceWithConfigure); !ok {
			t.Errorf("data source %s has no Configure", meta.TypeName)
		}
	}
	for _, newEphemeral := range p.EphemeralResources(ctx) {
		e := newEphemeral()
		var meta ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "lakefs"}, &meta)
		named("ephemeral resource", meta.TypeName)
		if _, ok := e.(ephemeral.EphemeralResourceWithConfigure); !ok {
			t.Errorf("ephemeral resource %s has no Configure", meta.TypeName)
		}
	}
	for _, newAction := range p.Actions(ctx) {
		a := newAction()
		var meta action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "lakefs"}, &meta)
		named("action", meta.TypeName)
		if _, ok := a.(action.ActionWithConfigure); !ok {
			t.Errorf("action %s has no Configure", meta.TypeName)
		}
	}
	for _, newList := range p.ListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "lakefs"}, &meta)
		named("list resource", meta.TypeName)
		if _, ok := l.(list.ListResourceWithConfigure); !ok {
			t.Errorf("list resource %s has no Configure", meta.TypeName)
		}
	}
	if len(seen) < 50 {
		t.Errorf("%d types named, want every resource, data source, ephemeral resource, action and list resource", len(seen))
	}
}
