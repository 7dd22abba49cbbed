package creviotest

// experienceTypes are the experience types the fake knows (inferred).
var experienceTypes = []string{"course", "community", "download"}

// experiencesResource defines /v1/experiences, read-only: tests seed them.
// See shared/crevio-api/experiences.md. No schema was published: the fake
// keeps whatever fields a seed gives, including a free-form "content"
// (modules, lessons, files), and resolves slugs.
func experiencesResource() *resource {
	return &resource{
		name:     "experiences",
		path:     "/experiences",
		prefix:   "exp_",
		object:   "experience",
		slug:     true,
		slugFrom: "name",
		disabled: opCreate | opUpdate | opDelete,
		enums:    map[string][]string{"type": experienceTypes},
		defaults: func(e map[string]any) {
			setDefault(e, "type", "course")
			setDefault(e, "description", nil)
			setDefault(e, "content", nil)
		},
	}
}
