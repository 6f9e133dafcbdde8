package main

import (
	"os"
	"strings"
)

// logLevelsNobodyReads turns off the log lines Terraform would throw away.
//
// Terraform shows a provider's log lines only up to the level of TF_LOG_PROVIDER, or else TF_LOG (none when
// neither is set), and the provider inherits Terraform's environment. But the plugin SDK logs every RPC at
// trace level, as JSON through the plugin's stderr, unless TF_LOG_SDK, TF_LOG_SDK_PROTO or TF_LOG_SDK_FRAMEWORK
// say otherwise, and so does the provider's own logger unless TF_LOG_PROVIDER_LAKEFS does: measured, a quarter
// to a third of the provider's CPU in a plan or apply went into formatting lines that Terraform then parsed and
// dropped. Each of these variables that is not set gets the level Terraform reads at, so nothing Terraform
// would show is lost, and a variable the user set is left alone. In debug mode (-debug) the lines go to the
// developer's terminal: nothing changes.
func logLevelsNobodyReads() {
	level := terraformProviderLogLevel()
	if level == "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_LAKEFS"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, level)
		}
	}
}

// terraformProviderLogLevel is the level up to which Terraform shows provider log lines: "off" when TF_LOG and
// TF_LOG_PROVIDER are unset, "" (do not change anything) for a value this code does not know.
func terraformProviderLogLevel() string {
	v := os.Getenv("TF_LOG_PROVIDER")
	if v == "" {
		v = os.Getenv("TF_LOG")
	}
	switch v = strings.ToLower(strings.TrimSpace(v)); v {
	case "", "off":
		return "off"
	case "json":
		return "trace"
	case "trace", "debug", "info", "warn", "error":
		return v
	}
	return ""
}
