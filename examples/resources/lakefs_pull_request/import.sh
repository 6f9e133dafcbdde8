# A pull request is imported by its repository and its lakeFS id.
terraform import lakefs_pull_request.example example-repo/4on8oopksdufd20d4kb0
