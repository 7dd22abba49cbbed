package creviotest

// filesResource defines /v1/files. See shared/crevio-api.
func filesResource() *resource {
	return &resource{
		name:   "files",
		path:   "/files",
		prefix: "file_",
		object: "file",
	}
}
