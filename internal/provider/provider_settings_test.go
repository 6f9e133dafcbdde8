package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func writeLakectlFile(t *testing.T, dir, endpoint, key, secret string) string {
	t.Helper()
	p := filepath.Join(dir, ".lakectl.yaml")
	body := "server:\n  endpoint_url: " + endpoint + "\ncredentials:\n  access_key_id: " + key + "\n  secret_access_key: " + secret + "\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResolveSettingsPrecedence(t *testing.T) {
	home := t.TempDir()
	writeLakectlFile(t, home, "http://file:8000", "FILEKEY", "filesecret")
	allEnv := map[string]string{
		envEndpoint: "http://lakefs-env:8000", envAccessKeyID: "LAKEFSKEY", envSecretAccessKey: "lakefssecret",
		envLakectlEndpoint: "http://lakectl-env:8000", envLakectlAccessKeyID: "LAKECTLKEY", envLakectlSecretAccessKey: "lakectlsecret",
	}
	lakectlEnv := map[string]string{
		envLakectlEndpoint: "http://lakectl-env:8000", envLakectlAccessKeyID: "LAKECTLKEY", envLakectlSecretAccessKey: "lakectlsecret",
	}

	tests := []struct {
		name         string
		block        blockSettings
		env          map[string]string
		wantEndpoint string
		wantKey      string
		wantToken    string
	}{
		{"block wins", blockSettings{Endpoint: ptr("http://block:8000"), AccessKeyID: ptr("BLOCKKEY"), SecretAccessKey: ptr("blocksecret")}, allEnv, "http://block:8000", "BLOCKKEY", ""},
		{"LAKEFS_* over LAKECTL_*", blockSettings{}, allEnv, "http://lakefs-env:8000", "LAKEFSKEY", ""},
		{"LAKECTL_* over file", blockSettings{}, lakectlEnv, "http://lakectl-env:8000", "LAKECTLKEY", ""},
		{"file last", blockSettings{}, nil, "http://file:8000", "FILEKEY", ""},
		{"block token beats env keys", blockSettings{Token: ptr("tok")}, allEnv, "http://lakefs-env:8000", "", "tok"},
		{"env token", blockSettings{}, map[string]string{envToken: "envtok"}, "http://file:8000", "", "envtok"},
		{"endpoint and keys from different sources", blockSettings{Endpoint: ptr("http://block:8000")}, lakectlEnv, "http://block:8000", "LAKECTLKEY", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, problems := resolveSettings(tt.block, envOf(tt.env), home)
			if len(problems) > 0 {
				t.Fatalf("unexpected problems: %+v", problems)
			}
			if cfg.Endpoint != tt.wantEndpoint || cfg.AccessKeyID != tt.wantKey || cfg.Token != tt.wantToken {
				t.Fatalf("got endpoint=%q key=%q token=%q, want %q %q %q", cfg.Endpoint, cfg.AccessKeyID, cfg.Token, tt.wantEndpoint, tt.wantKey, tt.wantToken)
			}
			if tt.wantKey != "" && cfg.SecretAccessKey == "" {
				t.Fatal("secret not taken with its key id")
			}
		})
	}
}

func TestResolveSettingsExplicitConfigFile(t *testing.T) {
	dir := t.TempDir()
	p := writeLakectlFile(t, dir, "http://explicit:8000", "K", "S")
	for name, block := range map[string]blockSettings{
		"attribute": {ConfigFile: ptr(p)},
		"env":       {},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, problems := resolveSettings(block, envOf(map[string]string{envLakectlConfigFile: p}), t.TempDir())
			if len(problems) > 0 || cfg.Endpoint != "http://explicit:8000" || cfg.AccessKeyID != "K" {
				t.Fatalf("cfg=%+v problems=%+v", cfg, problems)
			}
		})
	}
	_, problems := resolveSettings(blockSettings{ConfigFile: ptr(filepath.Join(dir, "missing.yaml"))}, envOf(nil), "")
	if !hasProblem(problems, "config_file", "Unreadable lakectl configuration") {
		t.Fatalf("a missing explicit config file must be an error, got %+v", problems)
	}
}

func TestResolveSettingsMissingListsEveryPlace(t *testing.T) {
	home := t.TempDir()
	_, problems := resolveSettings(blockSettings{}, envOf(nil), home)
	if len(problems) != 2 {
		t.Fatalf("want one endpoint and one credentials problem, got %+v", problems)
	}
	for _, want := range []string{envEndpoint, envLakectlEndpoint, "\"endpoint\"", filepath.Join(home, ".lakectl.yaml")} {
		if !strings.Contains(problems[0].detail, want) {
			t.Errorf("endpoint detail does not mention %s: %s", want, problems[0].detail)
		}
	}
	for _, want := range []string{envAccessKeyID, envSecretAccessKey, envToken, envLakectlAccessKeyID, envLakectlSecretAccessKey, "\"token\""} {
		if !strings.Contains(problems[1].detail, want) {
			t.Errorf("credentials detail does not mention %s: %s", want, problems[1].detail)
		}
	}
}

func TestResolveSettingsBadValues(t *testing.T) {
	base := map[string]string{envEndpoint: "http://h:8000", envAccessKeyID: "K", envSecretAccessKey: "S"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range base {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name      string
		block     blockSettings
		env       map[string]string
		attribute string
	}{
		{"malformed endpoint", blockSettings{Endpoint: ptr("ftp://nope")}, base, "endpoint"},
		{"negative retries env", blockSettings{}, with(envMaxRetries, "-1"), "max_retries"},
		{"non-numeric retries env", blockSettings{}, with(envMaxRetries, "many"), "max_retries"},
		{"bad timeout", blockSettings{RequestTimeout: ptr("soon")}, base, "request_timeout"},
		{"bad insecure env", blockSettings{}, with(envInsecure, "maybe"), "insecure_skip_verify"},
		{"unreadable CA file", blockSettings{CACertFile: ptr("/nonexistent/ca.pem")}, base, "ca_cert_file"},
		{"token and keys in one source", blockSettings{Token: ptr("t"), AccessKeyID: ptr("K"), SecretAccessKey: ptr("S")}, base, "token"},
		{"half a key pair", blockSettings{AccessKeyID: ptr("K")}, base, "secret_access_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := resolveSettings(tt.block, envOf(tt.env), "")
			if !hasProblem(problems, tt.attribute, "") {
				t.Fatalf("want a problem on %s, got %+v", tt.attribute, problems)
			}
		})
	}
}

func TestResolveSettingsDefaultsAndOverrides(t *testing.T) {
	env := map[string]string{envEndpoint: "http://h:8000", envAccessKeyID: "K", envSecretAccessKey: "S", envMaxRetries: "2", envRequestTimeout: "5s", envInsecure: "true"}
	cfg, problems := resolveSettings(blockSettings{}, envOf(env), "")
	if len(problems) > 0 || cfg.MaxRetries != 2 || cfg.RequestTimeout != 5*time.Second || !cfg.InsecureSkipVerify {
		t.Fatalf("cfg=%+v problems=%+v", cfg, problems)
	}
	cfg, _ = resolveSettings(blockSettings{MaxRetries: ptr(int64(0))}, envOf(env), "")
	if cfg.MaxRetries != 0 {
		t.Fatalf("max_retries = 0 in the block must disable retries, got %d", cfg.MaxRetries)
	}
	cfg, _ = resolveSettings(blockSettings{}, envOf(map[string]string{envEndpoint: "http://h", envToken: "t"}), "")
	if cfg.MaxRetries != 5 || cfg.RequestTimeout != 60*time.Second {
		t.Fatalf("defaults: %+v", cfg)
	}
}

func hasProblem(problems []settingsProblem, attribute, summary string) bool {
	for _, p := range problems {
		if p.attribute == attribute && (summary == "" || p.summary == summary) {
			return true
		}
	}
	return false
}
