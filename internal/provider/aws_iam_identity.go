package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/awsidentity"
)

// awsIAMSettings is the provider's aws_iam block with its defaults applied.
type awsIAMSettings struct {
	Region     string
	Profile    string
	TokenTTL   time.Duration
	PresignTTL time.Duration
}

const (
	defaultAWSIAMTokenTTL   = time.Hour
	defaultAWSIAMPresignTTL = time.Minute
	// STS's global endpoint, used when neither the block nor the AWS configuration names a region.
	defaultAWSIAMRegion  = "us-east-1"
	lakeFSServerIDHeader = "X-LakeFS-Server-ID"
)

// awsIdentityToken is the JSON lakeFS expects inside identity_token (contract §4.3.1).
type awsIdentityToken = awsidentity.Token

// awsIdentityRequest presigns STS GetCallerIdentity with the standard AWS credential chain and wraps it as the
// identityRequest of externalPrincipalLogin. serverID is the lakeFS host without port: lakeFS checks it was signed
// in, so a request presigned for one lakeFS cannot be replayed against another. The result carries a signature
// (and, for temporary AWS credentials, a session token): it must never be logged.
func awsIdentityRequest(ctx context.Context, settings awsIAMSettings, serverID string) (map[string]any, error) {
	var opts []func(*config.LoadOptions) error
	if settings.Region != "" {
		opts = append(opts, config.WithRegion(settings.Region))
	}
	if settings.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(settings.Profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultAWSIAMRegion
	}
	presigner := sts.NewPresignClient(sts.NewFromConfig(cfg))
	presigned, err := presigner.PresignGetCallerIdentity(ctx, &sts.GetCallerIdentityInput{},
		sts.WithPresignClientFromClientOptions(sts.WithAPIOptions(func(stack *middleware.Stack) error {
			return stack.Build.Add(lakeFSPresignShape(serverID, settings.PresignTTL), middleware.After)
		})))
	if err != nil {
		return nil, fmt.Errorf("presigning the AWS STS GetCallerIdentity request: %w", err)
	}
	token, err := identityTokenFromURL(presigned.URL)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(token)
	if err != nil {
		return nil, err
	}
	return map[string]any{"identity_token": base64.StdEncoding.EncodeToString(raw)}, nil
}

// lakeFSPresignShape runs before signing, so the header lands in X-Amz-SignedHeaders and the expiry in the signature.
func lakeFSPresignShape(serverID string, ttl time.Duration) middleware.BuildMiddleware {
	return middleware.BuildMiddlewareFunc("LakeFSPresignShape", func(ctx context.Context, in middleware.BuildInput,
		next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
		req, ok := in.Request.(*smithyhttp.Request)
		if !ok {
			return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
		}
		req.Method = http.MethodPost
		req.Header.Set(lakeFSServerIDHeader, serverID)
		query := req.URL.Query()
		query.Set("X-Amz-Expires", strconv.FormatInt(int64(ttl/time.Second), 10))
		req.URL.RawQuery = query.Encode()
		return next.HandleBuild(ctx, in)
	})
}

// identityTokenFromURL reads the presigned URL's query as lakectl does. Errors never quote the URL.
func identityTokenFromURL(presignedURL string) (*awsIdentityToken, error) {
	u, err := url.Parse(presignedURL)
	if err != nil {
		return nil, errors.New("the presigned AWS STS URL does not parse")
	}
	q := u.Query()
	credential := strings.Split(q.Get("X-Amz-Credential"), "/")
	if len(credential) < 3 {
		return nil, errors.New("the presigned AWS STS URL has no usable X-Amz-Credential")
	}
	return &awsIdentityToken{
		Method:             http.MethodPost,
		Host:               u.Host,
		Region:             credential[2],
		Action:             q.Get("Action"),
		Date:               q.Get("X-Amz-Date"),
		ExpirationDuration: q.Get("X-Amz-Expires"),
		AccessKeyID:        credential[0],
		Signature:          q.Get("X-Amz-Signature"),
		SignedHeaders:      strings.Split(q.Get("X-Amz-SignedHeaders"), ";"),
		Version:            q.Get("Version"),
		Algorithm:          q.Get("X-Amz-Algorithm"),
		SecurityToken:      q.Get("X-Amz-Security-Token"),
	}, nil
}

// lakeFSServerID is the endpoint's host name without port, as lakectl sends it.
func lakeFSServerID(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
