# Read-only access to the repository "data", except deleting it. Needs lakeFS Enterprise or lakeFS Cloud.
resource "lakefs_policy" "data_readers" {
  id = "DataReaders"
  statement = [
    {
      effect   = "allow"
      action   = ["fs:ReadObject", "fs:ListObjects", "fs:ReadRepository"]
      resource = "arn:lakefs:fs:::repository/data/*"
    },
    {
      effect   = "deny"
      action   = ["fs:DeleteRepository"]
      resource = "*"
    },
  ]
}
