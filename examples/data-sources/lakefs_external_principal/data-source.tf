# Which lakeFS user does this IAM role log in as?
data "lakefs_external_principal" "etl" {
  principal_id = "arn:aws:iam::123456789012:role/etl/lakefs-writer"
}

output "etl_user" {
  value = data.lakefs_external_principal.etl.user_id
}
