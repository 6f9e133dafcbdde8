package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/acctest"
)

// The upload settings are checked at plan time, with the attribute named.
func TestAccProvider_uploadSettingsValidation(t *testing.T) {
	target := acctest.Shared(t)
	cases := []struct{ setting, message string }{
		{"part_size = 1048576", `(?s)Attribute part_size value must be between 5242880 and\s+5368709120`},
		{"upload_concurrency = 0", `(?s)Attribute upload_concurrency value must be between 1 and 64`},
		{"upload_concurrency = 65", `(?s)Attribute upload_concurrency value must be between 1 and 64`},
		{"multipart_threshold = 0", `(?s)Attribute multipart_threshold value must be at least 1`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, planErrorStep(target.ProviderConfigWith(c.setting)+testAccRepositoryConfig("never-created", "local://never-created"), c.message))
	}
	resource.ParallelTest(t, testCase(t, nil, steps))
}
