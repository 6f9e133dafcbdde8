# Needs lakeFS Enterprise or lakeFS Cloud.
resource "lakefs_user_policy_attachment" "etl_reads_data" {
  user_id   = "etl-bot"
  policy_id = lakefs_policy.data_readers.id
}
