package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestUploadSettingsDefaultsAndOverrides(t *testing.T) {
	s := providerModel{MultipartThreshold: types.Int64Null(), PartSize: types.Int64Null(), UploadConcurrency: types.Int64Null()}.uploadSettings()
	if s.Threshold != 64<<20 || s.PartSize != 16<<20 || s.Concurrency != 4 {
		t.Fatalf("defaults %+v", s)
	}
	s = providerModel{MultipartThreshold: types.Int64Value(100 << 20), PartSize: types.Int64Value(8 << 20), UploadConcurrency: types.Int64Value(16)}.uploadSettings()
	if s.Threshold != 100<<20 || s.PartSize != 8<<20 || s.Concurrency != 16 {
		t.Fatalf("overrides %+v", s)
	}
}
