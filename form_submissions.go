package crevio

// FormSubmissionsService is the form submissions API.
type FormSubmissionsService service
