package main

import (
	"os"
	"testing"
)

// Unset SDK and provider levels get the level Terraform shows provider lines at; those the user set stay.
func TestLogLevelsNobodyReads(t *testing.T) {
	for _, tc := range []struct {
		tfLog, tfLogProvider, userSDK string
		want                          map[string]string
	}{
		{want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_LAKEFS": "off"}},
		{tfLog: "DEBUG", want: map[string]string{"TF_LOG_SDK": "debug", "TF_LOG_PROVIDER_LAKEFS": "debug"}},
		{tfLog: "JSON", want: map[string]string{"TF_LOG_SDK_PROTO": "trace"}},
		{tfLog: "trace", tfLogProvider: "info", userSDK: "TRACE", want: map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_SDK_PROTO": "info"}},
		{tfLog: "verbose-please", want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_PROVIDER_LAKEFS": ""}},
	} {
		for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_LAKEFS"} {
			t.Setenv(name, "")
			_ = os.Unsetenv(name)
		}
		for name, v := range map[string]string{"TF_LOG": tc.tfLog, "TF_LOG_PROVIDER": tc.tfLogProvider, "TF_LOG_SDK": tc.userSDK} {
			if v != "" {
				t.Setenv(name, v)
			}
		}
		logLevelsNobodyReads()
		for name, want := range tc.want {
			if got := os.Getenv(name); got != want {
				t.Errorf("TF_LOG=%q TF_LOG_PROVIDER=%q TF_LOG_SDK=%q: %s = %q, want %q", tc.tfLog, tc.tfLogProvider, tc.userSDK, name, got, want)
			}
		}
	}
}
