package crevio

// The route table: every collection path the SDK calls, in one place, so a
// correction to the reference (an underscore that should be a hyphen) is a
// one-line change. Paths are relative to the base URL, which ends in /v1.
const (
	pathProducts = "/products"
)

// objectPath returns collection/{id}, refusing ids that could name another path.
func objectPath(collection, id string) (string, error) {
	esc, err := pathID(id)
	if err != nil {
		return "", err
	}
	return collection + "/" + esc, nil
}
