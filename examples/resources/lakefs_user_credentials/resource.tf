# An access key pair for the user "etl-bot". Needs lakeFS with an auth server (the ACL server, Enterprise, Cloud).
resource "lakefs_user_credentials" "etl" {
  user_id = "etl-bot"
}

# Hand the pair to the job, for example as a secret of a secret store.
output "etl_access_key_id" {
  value = lakefs_user_credentials.etl.access_key_id
}

output "etl_secret_access_key" {
  value     = lakefs_user_credentials.etl.secret_access_key
  sensitive = true
}
