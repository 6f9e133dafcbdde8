# Needs lakeFS Enterprise or lakeFS Cloud.
resource "lakefs_group_policy_attachment" "analysts_read_data" {
  group_id  = "analysts"
  policy_id = lakefs_policy.data_readers.id
}
