# Terraform 1.12 and later. The secret is unknown after an import (secret_access_key is null): lakeFS shows it
# only once.
import {
  to = lakefs_user_credentials.etl
  identity = {
    user_id       = "etl-bot"
    access_key_id = "AKIAJEXAMPLEKEY12345"
  }
}
