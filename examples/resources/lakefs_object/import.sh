# <repository>/<branch>/<path>; the path may contain "/". Set content or source in the configuration: the first
# apply after the import records it, and uploads only if the bytes differ from the object's.
terraform import lakefs_object.data example/feature/data/sample.csv
