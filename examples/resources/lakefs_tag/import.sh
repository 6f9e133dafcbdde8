# <repository>/<tag>. lakeFS does not record the ref a tag was made from: the first apply after the import takes
# `ref` from the configuration in place, without recreating the tag.
terraform import lakefs_tag.v1 example/v1.0.0
