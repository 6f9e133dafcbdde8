# Lets the AWS IAM role log in to lakeFS as the user "etl-bot".
# Needs lakeFS Enterprise or lakeFS Cloud with external principals enabled.
resource "lakefs_user_external_principal" "etl" {
  user_id      = "etl-bot"
  principal_id = "arn:aws:iam::123456789012:role/etl/lakefs-writer"
}
