# <repository>/<commit_id>. branch and triggers cannot be read back from lakeFS: the first apply after the
# import takes them from the configuration without committing again.
terraform import lakefs_commit.feature example/4a1f6d0c7e2b9a8f5c3d1e0b7a6f4c2d9e8b1a0c3f5d7e9b2a4c6e8f0a1b3c5d
