package creviotest

// Experience enum values the fake accepts on validated writes (seeds skip
// validation and may hold any type). The docs name four of the nine
// experience types; their wire values, and the access_type field, are
// inferred (the API reference's page on them).
var (
	experienceTypes       = []string{"course", "digital_download", "discord_server", "telegram_group"}
	experienceAccessTypes = []string{"secret", "open"}
)

// experiencesResource defines /v1/experiences, read-only: tests seed them.
// No schema was published: the fake
// keeps whatever fields a seed gives, including a free-form "content", and
// resolves slugs. access_type defaults to "secret" (the documented
// default: only buyers may open it), and a course has "chapters" (each
// with its "lessons"), empty unless seeded.
func experiencesResource() *resource {
	return &resource{
		name:     "experiences",
		path:     "/experiences",
		prefix:   "exp_",
		object:   "experience",
		slug:     true,
		slugFrom: "name",
		disabled: opCreate | opUpdate | opDelete,
		enums:    map[string][]string{"type": experienceTypes, "access_type": experienceAccessTypes},
		defaults: func(e map[string]any) {
			setDefault(e, "type", "course")
			setDefault(e, "access_type", "secret")
			setDefault(e, "description", nil)
			setDefault(e, "content", nil)
			if e["type"] == "course" {
				setDefault(e, "chapters", []any{})
			}
		},
	}
}
