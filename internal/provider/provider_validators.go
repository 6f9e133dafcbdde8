package provider

import (
	"context"
	"encoding/pem"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// endpointValidator accepts the spellings client.NormalizeEndpoint accepts.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an http:// or https:// URL"
}
func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.NormalizeEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid lakeFS endpoint", err.Error())
	}
}

// durationValidator accepts positive Go durations such as "60s" or "2m". Not timetypes.GoDuration: that type
// accepts zero and negative durations, and LAKEFS_REQUEST_TIMEOUT is parsed from a plain string anyway.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 60s or 2m"
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			"Expected a positive duration such as \"60s\" or \"2m\", got \""+req.ConfigValue.ValueString()+"\".")
	}
}

// pemValidator checks that a string holds at least one PEM certificate.
type pemValidator struct{}

func (pemValidator) Description(context.Context) string { return "must hold PEM encoded certificates" }
func (v pemValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (pemValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if block, _ := pem.Decode([]byte(req.ConfigValue.ValueString())); block == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CA certificate", "The value holds no PEM encoded certificate.")
	}
}

// readableFileValidator checks at validation time that a local file can be read.
type readableFileValidator struct{}

func (readableFileValidator) Description(context.Context) string { return "must be a readable file" }
func (v readableFileValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (readableFileValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f, err := os.Open(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Unreadable file", err.Error())
		return
	}
	_ = f.Close()
}
