# Fails when lakeFS does not accept the provider's credentials.
data "lakefs_current_user" "me" {}

output "user" {
  value = data.lakefs_current_user.me.id
}
