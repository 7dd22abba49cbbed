package crevio

// FilesService is the files API: uploads and external files.
type FilesService service
