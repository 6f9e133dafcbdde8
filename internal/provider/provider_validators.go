package provider

import (
	"context"
	"encoding/pem"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
)

// stringCheck is a validator.String made of a function: check looks at a known configured value and returns the
// error's summary and detail, or "" when the value is valid. (stringvalidator covers patterns, lengths and sets of
// values; these checks need Go.)
type stringCheck struct {
	description string
	check       func(value string) (summary, detail string)
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }
func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if summary, detail := v.check(req.ConfigValue.ValueString()); summary != "" {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

// endpointValidator accepts the spellings client.NormalizeEndpoint accepts.
var endpointValidator = stringCheck{"must be an http:// or https:// URL", func(endpoint string) (string, string) {
	if _, err := client.NormalizeEndpoint(endpoint); err != nil {
		return "Invalid lakeFS endpoint", err.Error()
	}
	return "", ""
}}

// durationValidator accepts positive Go durations such as "60s" or "2m". Not timetypes.GoDuration: that type
// accepts zero and negative durations, and LAKEFS_REQUEST_TIMEOUT is parsed from a plain string anyway.
var durationValidator = stringCheck{"must be a positive duration such as 60s or 2m", func(duration string) (string, string) {
	if d, err := time.ParseDuration(duration); err != nil || d <= 0 {
		return "Invalid duration", "Expected a positive duration such as \"60s\" or \"2m\", got \"" + duration + "\"."
	}
	return "", ""
}}

// pemValidator checks that a string holds at least one PEM certificate.
var pemValidator = stringCheck{"must hold PEM encoded certificates", func(certificates string) (string, string) {
	if block, _ := pem.Decode([]byte(certificates)); block == nil {
		return "Invalid CA certificate", "The value holds no PEM encoded certificate."
	}
	return "", ""
}}

// readableFileValidator checks at validation time that a local file can be read.
var readableFileValidator = stringCheck{"must be a readable file", func(name string) (string, string) {
	f, err := os.Open(name)
	if err != nil {
		return "Unreadable file", err.Error()
	}
	_ = f.Close()
	return "", ""
}}
