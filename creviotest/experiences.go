package creviotest

// experiencesResource defines /v1/experiences. See shared/crevio-api.
func experiencesResource() *resource {
	return &resource{
		name:   "experiences",
		path:   "/experiences",
		prefix: "exp_",
		object: "experience",
		slug:   true,
	}
}
