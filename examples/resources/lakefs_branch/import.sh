# <repository>/<name>. lakeFS does not record a branch's source: the first apply after the import takes it from
# the configuration in place, without recreating the branch.
terraform import lakefs_branch.feature example/feature
