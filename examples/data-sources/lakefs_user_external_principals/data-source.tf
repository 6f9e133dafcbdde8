# Every IAM role of account 123456789012 attached to the user "etl-bot".
data "lakefs_user_external_principals" "etl" {
  user_id = "etl-bot"
  prefix  = "arn:aws:iam::123456789012:role/"
}

output "etl_roles" {
  value = data.lakefs_user_external_principals.etl.principals[*].id
}
