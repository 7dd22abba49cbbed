package crevio

// ExperiencesService is the experiences API.
type ExperiencesService service
