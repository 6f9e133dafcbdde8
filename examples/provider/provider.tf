terraform {
  required_providers {
    lakefs = {
      source = "lakefs-tf/lakefs"
    }
  }
}

# The endpoint may be given as host, host/, host/api/v1 or host/api/v1/.
# Credentials are best left out of the configuration and read from the
# environment instead:
#   export LAKEFS_ENDPOINT=https://lakefs.example.com
#   export LAKEFS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
#   export LAKEFS_SECRET_ACCESS_KEY=...
provider "lakefs" {
  endpoint = "https://lakefs.example.com"
  # access_key_id     = "..." # defaults to $LAKEFS_ACCESS_KEY_ID
  # secret_access_key = "..." # defaults to $LAKEFS_SECRET_ACCESS_KEY
}
