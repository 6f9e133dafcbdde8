# The merge of an already merged pull request is imported by its repository and pull request id.
terraform import lakefs_pull_request_merge.example example-repo/4on8oopksdufd20d4kb0
