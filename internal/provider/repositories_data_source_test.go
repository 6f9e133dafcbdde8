package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

func testAccRepositoriesDataSourceConfig(prefix string) string {
	return hclBlock(`data "lakefs_repositories" "test"`, hclString("prefix", prefix))
}

// TestAccRepositoriesDataSource_basic lists the repositories under a prefix of this test's own, and follows
// repositories created and deleted outside Terraform.
func TestAccRepositoriesDataSource_basic(t *testing.T) {
	target := acctest.Shared(t)
	c := target.Client(t)
	prefix := acctest.RandomName("tf-dsl")
	create := func(name string, readOnly bool) func() {
		return func() {
			createRepositoryWithAPI(t, c, client.RepositoryCreation{Name: name, DefaultBranch: "trunk", ReadOnly: &readOnly})
		}
	}
	a, b, later := prefix+"-a", prefix+"-b", prefix+"-c"
	create(a, false)()
	create(b, true)()
	address := "data.lakefs_repositories.test"
	repository := func(name string, readOnly bool) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                knownvalue.StringExact(name),
			"storage_namespace": knownvalue.StringExact(acctest.StorageNamespace(name)),
			"default_branch":    knownvalue.StringExact("trunk"),
			"creation_date":     knownvalue.NotNull(),
			"read_only":         knownvalue.Bool(readOnly),
		})
	}
	ids := func(names ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, len(names))
		for i, n := range names {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(n)})
		}
		return expectAttribute(address, "repositories", knownvalue.ListExact(checks))
	}
	resource.ParallelTest(t, testCase(t, nil, []resource.TestStep{
		{
			Config: testAccRepositoriesDataSourceConfig(prefix),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttribute(address, "repositories", knownvalue.ListExact([]knownvalue.Check{
					repository(a, false), repository(b, true),
				})),
			},
		},
		{
			Config:            testAccRepositoriesDataSourceConfig(prefix + "-b"),
			ConfigStateChecks: []statecheck.StateCheck{ids(b)},
		},
		{
			Config:            testAccRepositoriesDataSourceConfig(prefix + "-z"),
			ConfigStateChecks: []statecheck.StateCheck{ids()},
		},
		{
			// Created outside Terraform: listed at the next read.
			PreConfig:         create(later, false),
			Config:            testAccRepositoriesDataSourceConfig(prefix),
			ConfigStateChecks: []statecheck.StateCheck{ids(a, b, later)},
		},
	}))
}
