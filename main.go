package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/lakefs-tf/terraform-provider-lakefs/internal/provider"
)

// Set by goreleaser at build time.
var (
	version = "dev"
	commit  = "none"
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		logLevelsNobodyReads()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/lakefs-tf/lakefs",
		Debug:   debug,
	})
	if err != nil {
		log.Fatalf("terraform-provider-lakefs %s (%s): %s", version, commit, err)
	}
}
