package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolveSettingsAWSIAM(t *testing.T) {
	home := t.TempDir()
	iam := &awsIAMSettings{Region: "eu-west-1", TokenTTL: time.Hour, PresignTTL: time.Minute}
	env := map[string]string{envEndpoint: "http://lakefs:8000", envAccessKeyID: "ENVKEY", envSecretAccessKey: "envsecret"}

	cfg, problems := resolveSettings(blockSettings{AWSIAM: iam}, envOf(env), home)
	if len(problems) != 0 {
		t.Fatalf("unexpected problems %+v", problems)
	}
	pending, ok := cfg.TokenSource.(awsIAMPending)
	if !ok || pending.settings != *iam || cfg.AccessKeyID != "" || cfg.Token != "" {
		t.Fatalf("the aws_iam block must win over environment keys alone, got %+v", cfg)
	}

	for _, block := range []blockSettings{
		{AWSIAM: iam, Token: ptr("tok")},
		{AWSIAM: iam, AccessKeyID: ptr("K"), SecretAccessKey: ptr("S")},
	} {
		_, problems := resolveSettings(block, envOf(env), home)
		if len(problems) != 1 || problems[0].attribute != "aws_iam" || !strings.Contains(problems[0].detail, "exactly one authentication mode") {
			t.Errorf("want one aws_iam conflict, got %+v", problems)
		}
	}
}

func TestDeferMissingCredentials(t *testing.T) {
	cfg, problems := resolveSettings(blockSettings{Endpoint: ptr("http://lakefs:8000")}, envOf(nil), "")
	cfg, problems = deferMissingCredentials(cfg, problems)
	if len(problems) != 0 || cfg.TokenSource == nil {
		t.Fatalf("missing credentials must be deferred, got %+v", problems)
	}
	_, err := cfg.TokenSource.Token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "lakeFS credentials not configured") || !strings.Contains(err.Error(), "aws_iam") {
		t.Fatalf("an authenticated call must explain the missing credentials, got %v", err)
	}
	// Other problems stay errors.
	_, problems = resolveSettings(blockSettings{}, envOf(nil), "")
	if _, kept := deferMissingCredentials(cfg, problems); len(kept) != 1 || kept[0].attribute != "endpoint" {
		t.Fatalf("want only the endpoint problem kept, got %+v", kept)
	}
}

func TestDynamicToJSON(t *testing.T) {
	obj := types.ObjectValueMust(
		map[string]attr.Type{"identity_token": types.StringType, "n": types.NumberType, "list": types.TupleType{ElemTypes: []attr.Type{types.BoolType, types.NumberType}}},
		map[string]attr.Value{
			"identity_token": types.StringValue("abc"),
			"n":              types.NumberValue(bigFloat(3)),
			"list":           types.TupleValueMust([]attr.Type{types.BoolType, types.NumberType}, []attr.Value{types.BoolValue(true), types.NumberValue(bigFloat(1.5))}),
		})
	got, err := dynamicToJSON(types.DynamicValue(obj))
	if err != nil {
		t.Fatal(err)
	}
	m := got.(map[string]any)
	list := m["list"].([]any)
	if m["identity_token"] != "abc" || m["n"] != int64(3) || list[0] != true || list[1] != 1.5 {
		t.Fatalf("unexpected conversion %#v", got)
	}
	if _, err := dynamicToJSON(types.DynamicUnknown()); err == nil {
		t.Fatal("an unknown value must be refused")
	}
}

func bigFloat(f float64) *big.Float { return big.NewFloat(f) }
