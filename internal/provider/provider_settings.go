package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/client"
	"github.com/lakefs-tf/terraform-provider-lakefs/internal/upload"
)

// Environment variables the provider reads, in order of precedence within each setting.
const (
	envEndpoint        = "LAKEFS_ENDPOINT"
	envAccessKeyID     = "LAKEFS_ACCESS_KEY_ID"
	envSecretAccessKey = "LAKEFS_SECRET_ACCESS_KEY"
	envToken           = "LAKEFS_TOKEN"
	envMaxRetries      = "LAKEFS_MAX_RETRIES"
	envRequestTimeout  = "LAKEFS_REQUEST_TIMEOUT"
	envInsecure        = "LAKEFS_INSECURE_SKIP_VERIFY"
	envCACertFile      = "LAKEFS_CA_CERT_FILE"

	envLakectlEndpoint        = "LAKECTL_SERVER_ENDPOINT_URL"
	envLakectlAccessKeyID     = "LAKECTL_CREDENTIALS_ACCESS_KEY_ID"
	envLakectlSecretAccessKey = "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY"
	envLakectlConfigFile      = "LAKECTL_CONFIG_FILE"
)

// blockSettings holds the provider block's values; nil means "not set in the block".
type blockSettings struct {
	Endpoint           *string
	AccessKeyID        *string
	SecretAccessKey    *string
	Token              *string
	ConfigFile         *string
	MaxRetries         *int64
	RequestTimeout     *string
	InsecureSkipVerify *bool
	CACertPEM          *string
	CACertFile         *string
	AWSIAM             *awsIAMSettings // the aws_iam block, nil when absent
}

// settingsProblem is one thing wrong with the resolved settings; attribute is "" when no single attribute is to blame.
type settingsProblem struct {
	attribute string
	summary   string
	detail    string
	// deferred problems only matter once an authenticated request is made (see deferMissingCredentials).
	deferred bool
}

// resolveSettings merges the provider block, the environment and the lakectl configuration file into a client
// configuration. Precedence: provider block > LAKEFS_* > LAKECTL_* > lakectl file. Credentials are taken as a
// whole from the first of those sources that has any, so a token in the block is never mixed with keys from
// the environment.
func resolveSettings(block blockSettings, getenv func(string) string, homeDir string) (client.Config, []settingsProblem) {
	var problems []settingsProblem
	cfg := client.Config{MaxRetries: client.DefaultMaxRetries, RequestTimeout: client.DefaultRequestTimeout}

	file, filePath, fileProblem := loadLakectlFile(block.ConfigFile, getenv, homeDir)
	if fileProblem != nil {
		problems = append(problems, *fileProblem)
	}
	fileValue := func(pick func(*lakectlConfig) string) string {
		if file == nil {
			return ""
		}
		return pick(file)
	}

	cfg.Endpoint = firstSet(deref(block.Endpoint), getenv(envEndpoint), getenv(envLakectlEndpoint),
		fileValue(func(f *lakectlConfig) string { return f.Server.EndpointURL }))
	if cfg.Endpoint == "" {
		problems = append(problems, settingsProblem{
			attribute: "endpoint",
			summary:   "lakeFS endpoint not configured",
			detail: "The provider looked for the lakeFS endpoint in the provider attribute \"endpoint\", the environment variables " +
				envEndpoint + " and " + envLakectlEndpoint + ", and " + describeFile(filePath, file, "server.endpoint_url") +
				", and found none. Set one of them, for example endpoint = \"https://lakefs.example.com\".",
		})
	} else if _, err := client.NormalizeEndpoint(cfg.Endpoint); err != nil {
		problems = append(problems, settingsProblem{attribute: "endpoint", summary: "Invalid lakeFS endpoint", detail: err.Error()})
	}

	credentialSources := []struct {
		keyID, secret, token string
		awsIAM               *awsIAMSettings
	}{
		{deref(block.AccessKeyID), deref(block.SecretAccessKey), deref(block.Token), block.AWSIAM},
		{getenv(envAccessKeyID), getenv(envSecretAccessKey), getenv(envToken), nil},
		{getenv(envLakectlAccessKeyID), getenv(envLakectlSecretAccessKey), "", nil},
		{fileValue(func(f *lakectlConfig) string { return f.Credentials.AccessKeyID }),
			fileValue(func(f *lakectlConfig) string { return f.Credentials.SecretAccessKey }), "", nil},
	}
	sourceNames := []string{"the provider block", "the LAKEFS_* environment variables", "the LAKECTL_* environment variables", "the lakectl configuration file"}
	found := false
	for i, src := range credentialSources {
		if src.keyID == "" && src.secret == "" && src.token == "" && src.awsIAM == nil {
			continue
		}
		found = true
		switch {
		case src.awsIAM != nil && (src.token != "" || src.keyID != "" || src.secret != ""):
			problems = append(problems, settingsProblem{attribute: "aws_iam", summary: "Conflicting lakeFS credentials",
				detail: "The aws_iam block and an access key pair or a token are set in " + sourceNames[i] +
					". Configure exactly one authentication mode: an access key pair, a token, or an aws_iam block."})
		case src.awsIAM != nil:
			cfg.TokenSource = awsIAMPending{*src.awsIAM}
		case src.token != "" && (src.keyID != "" || src.secret != ""):
			problems = append(problems, settingsProblem{attribute: "token", summary: "Conflicting lakeFS credentials",
				detail: "Both a token and an access key pair are set in " + sourceNames[i] + ". Configure exactly one of them."})
		case src.token != "":
			cfg.Token = src.token
		case src.keyID == "" || src.secret == "":
			missing := "secret_access_key"
			if src.keyID == "" {
				missing = "access_key_id"
			}
			problems = append(problems, settingsProblem{attribute: missing, summary: "Incomplete lakeFS access key pair",
				detail: "An access key pair is only partly set in " + sourceNames[i] + ": " + missing + " is missing."})
		default:
			cfg.AccessKeyID, cfg.SecretAccessKey = src.keyID, src.secret
		}
		break
	}
	if !found {
		problems = append(problems, settingsProblem{
			deferred: true,
			summary:  "lakeFS credentials not configured",
			detail: "The provider looked for credentials in the provider attributes \"access_key_id\"/\"secret_access_key\" and \"token\", " +
				"the \"aws_iam\" block, " +
				"the environment variables " + envAccessKeyID + "/" + envSecretAccessKey + ", " + envToken + " and " +
				envLakectlAccessKeyID + "/" + envLakectlSecretAccessKey + ", and " +
				describeFile(filePath, file, "credentials.access_key_id and credentials.secret_access_key") + ", and found none.",
		})
	}

	if block.MaxRetries != nil {
		cfg.MaxRetries = int(*block.MaxRetries)
	} else if v := getenv(envMaxRetries); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			problems = append(problems, settingsProblem{attribute: "max_retries", summary: "Invalid " + envMaxRetries,
				detail: fmt.Sprintf("%s must be a whole number of at least 0, got %q.", envMaxRetries, v)})
		} else {
			cfg.MaxRetries = n
		}
	}

	if timeout := firstSet(deref(block.RequestTimeout), getenv(envRequestTimeout)); timeout != "" {
		d, err := time.ParseDuration(timeout)
		if err != nil || d <= 0 {
			problems = append(problems, settingsProblem{attribute: "request_timeout", summary: "Invalid request timeout",
				detail: fmt.Sprintf("request_timeout must be a positive duration such as \"60s\" or \"2m\", got %q.", timeout)})
		} else {
			cfg.RequestTimeout = d
		}
	}

	if block.InsecureSkipVerify != nil {
		cfg.InsecureSkipVerify = *block.InsecureSkipVerify
	} else if v := getenv(envInsecure); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			problems = append(problems, settingsProblem{attribute: "insecure_skip_verify", summary: "Invalid " + envInsecure,
				detail: fmt.Sprintf("%s must be true or false, got %q.", envInsecure, v)})
		}
		cfg.InsecureSkipVerify = b
	}

	switch {
	case block.CACertPEM != nil && *block.CACertPEM != "":
		cfg.CACertPEM = []byte(*block.CACertPEM)
	case firstSet(deref(block.CACertFile), getenv(envCACertFile)) != "":
		path := firstSet(deref(block.CACertFile), getenv(envCACertFile))
		pem, err := os.ReadFile(path)
		if err != nil {
			problems = append(problems, settingsProblem{attribute: "ca_cert_file", summary: "Unreadable CA certificate file", detail: err.Error()})
		}
		cfg.CACertPEM = pem
	}
	return cfg, problems
}

// loadLakectlFile finds and reads the lakectl configuration: the block's config_file, then LAKECTL_CONFIG_FILE,
// then ~/.lakectl.yaml when it exists. It returns the path it considered ("" when none).
func loadLakectlFile(blockPath *string, getenv func(string) string, homeDir string) (*lakectlConfig, string, *settingsProblem) {
	path, optional := firstSet(deref(blockPath), getenv(envLakectlConfigFile)), false
	if path == "" {
		if homeDir == "" {
			return nil, "", nil
		}
		path, optional = filepath.Join(homeDir, ".lakectl.yaml"), true
	}
	cfg, err := readLakectlConfig(path, optional)
	if err != nil {
		return nil, path, &settingsProblem{attribute: "config_file", summary: "Unreadable lakectl configuration", detail: err.Error()}
	}
	return cfg, path, nil
}

func describeFile(path string, cfg *lakectlConfig, keys string) string {
	switch {
	case path == "":
		return "no lakectl configuration file (none given and no home directory)"
	case cfg == nil:
		return "the lakectl configuration file " + path + " (not present)"
	default:
		return "the lakectl configuration file " + path + " (" + keys + ")"
	}
}

func firstSet(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// uploadSettings resolves the object upload settings; unset values take the defaults (validators bound the rest).
func (m providerModel) uploadSettings() upload.Settings {
	return upload.Settings{
		Threshold:   m.MultipartThreshold.ValueInt64(),
		PartSize:    m.PartSize.ValueInt64(),
		Concurrency: int(m.UploadConcurrency.ValueInt64()),
	}.WithDefaults()
}
