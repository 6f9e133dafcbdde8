package client

import (
	"context"
	"net/http"
)

// ServerConfig is the answer of getConfig.
type ServerConfig struct {
	VersionConfig      *VersionConfig  `json:"version_config,omitempty"`
	StorageConfig      *StorageConfig  `json:"storage_config,omitempty"`
	StorageConfigList  []StorageConfig `json:"storage_config_list,omitempty"`
	UIConfig           map[string]any  `json:"ui_config,omitempty"`
	CapabilitiesConfig map[string]any  `json:"capabilities_config,omitempty"`
}

// StorageConfig describes a blockstore. Note the odd JSON name of BlockstoreNamespaceValidityRegex.
type StorageConfig struct {
	BlockstoreType                   string `json:"blockstore_type"`
	BlockstoreNamespaceExample       string `json:"blockstore_namespace_example"`
	BlockstoreNamespaceValidityRegex string `json:"blockstore_namespace_ValidityRegex"`
	DefaultNamespacePrefix           string `json:"default_namespace_prefix,omitempty"`
	PreSignSupport                   bool   `json:"pre_sign_support"`
	PreSignSupportUI                 bool   `json:"pre_sign_support_ui"`
	ImportSupport                    bool   `json:"import_support"`
	ImportValidityRegex              string `json:"import_validity_regex"`
	// PreSignMultipartUpload is true only for S3: createPresignMultipartUpload and friends answer 501 otherwise.
	PreSignMultipartUpload bool   `json:"pre_sign_multipart_upload,omitempty"`
	BlockstoreID           string `json:"blockstore_id,omitempty"`
	BlockstoreDescription  string `json:"blockstore_description,omitempty"`
}

// VersionConfig is the server's version (a dev build reports "dev").
type VersionConfig struct {
	Version            string `json:"version,omitempty"`
	VersionContext     string `json:"version_context,omitempty"`
	LatestVersion      string `json:"latest_version,omitempty"`
	UpgradeRecommended *bool  `json:"upgrade_recommended,omitempty"`
	UpgradeURL         string `json:"upgrade_url,omitempty"`
}

// GetConfig returns the server configuration (GET /config). Unlike getCurrentUser it answers 401 without valid credentials.
func (c *Client) GetConfig(ctx context.Context) (*ServerConfig, error) {
	return getJSON[ServerConfig](ctx, c, "getConfig", "/config", nil)
}

// GetLakeFSVersion returns the server version (GET /config/version, deprecated upstream).
func (c *Client) GetLakeFSVersion(ctx context.Context) (*VersionConfig, error) {
	return getJSON[VersionConfig](ctx, c, "getLakeFSVersion", "/config/version", nil)
}

// HealthCheck calls GET /healthcheck (no credentials; 204).
func (c *Client) HealthCheck(ctx context.Context) error {
	return c.do(ctx, call{op: "healthCheck", method: http.MethodGet, path: "/healthcheck", idempotent: true, noAuth: true}, nil)
}
