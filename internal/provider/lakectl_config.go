package provider

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"gopkg.in/yaml.v3"
)

// lakectlConfig is the part of lakectl's YAML configuration (~/.lakectl.yaml) the provider reads.
type lakectlConfig struct {
	Server struct {
		EndpointURL string `yaml:"endpoint_url"`
	} `yaml:"server"`
	Credentials struct {
		AccessKeyID     string `yaml:"access_key_id"`
		SecretAccessKey string `yaml:"secret_access_key"`
	} `yaml:"credentials"`
}

// readLakectlConfig reads a lakectl configuration file. A missing optional file is not an error: it returns nil.
func readLakectlConfig(path string, optional bool) (*lakectlConfig, error) {
	raw, err := os.ReadFile(path)
	if optional && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading lakectl configuration %s: %w", path, err)
	}
	var cfg lakectlConfig
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("parsing lakectl configuration %s: %w", path, err)
	}
	return &cfg, nil
}
