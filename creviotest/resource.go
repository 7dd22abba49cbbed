package creviotest

import (
	"net/http"
	"net/url"
)

// This file holds the definition every resource of the fake plugs into. A
// resource is data, not code: the generic store and router in store.go and
// fake.go do the listing, paging, expansion, slug lookup, validation and
// errors for all of them. Adding a resource is one definition function (see
// products.go) and one line in defaultResources.

// op is one operation of a resource's REST interface.
type op uint8

// The operations a resource can disable. Actions (POST {path}/{id}/{action})
// are declared separately in resource.actions.
const (
	opList   op = 1 << iota // GET {path}
	opCreate                // POST {path}
	opGet                   // GET {path}/{id}
	opUpdate                // PATCH {path}/{id}
	opDelete                // DELETE {path}/{id}
)

// relation describes a field of a resource that refers to another resource.
//
// A stored relation (via == "") keeps the related id (or, with many, an array
// of ids) in the object; expanding it replaces the ids with the related
// objects. A computed relation (via != "") is not stored: its value is every
// object of the related resource whose field via holds this object's id.
// Unexpanded, a computed relation renders as an array of ids, or is omitted
// entirely when hidden is set.
type relation struct {
	resource string // name of the related resource, e.g. "products"
	many     bool   // the field holds an array
	via      string // computed has-many: the related resource's field pointing back here
	hidden   bool   // computed relation rendered only when expanded
	sortBy   string // computed relation: numeric field ordering the related objects (then creation order)
	// embed renders the relation as the related objects, with or without
	// expand: a product's price_variants, which the API always embeds.
	// Related ids that do not exist stay ids.
	embed bool
}

// actionFunc performs POST {path}/{id}/{action}. It changes obj, a working
// copy of the stored object, in place; body is the decoded request body (never
// nil). When it returns nil the store saves obj, stamps updated_at and answers
// with the object.
type actionFunc func(st *store, obj map[string]any, body map[string]any) *apiError

// viewFunc answers GET {path}/{id}/{name} for obj, a stored object the
// store is read-locked around; q is the request's query.
type viewFunc func(st *store, obj map[string]any, q url.Values) (any, *apiError)

// resource is the definition of one API resource.
type resource struct {
	name     string // key for Seed, Count, Get and seed files: "products"
	path     string // URL path under /v1: "/products"
	prefix   string // id prefix: "prod_"
	object   string // value of the object field: "product"
	slug     bool   // {id} also resolves by the slug field; slugs are unique
	slugFrom string // field slugified into slug when a create gives none: "name"
	disabled op     // operations answered with 405

	filters []string // list query params that filter by equality
	// listFilter, when set, also decides which objects a list shows (false
	// hides obj): defaults such as "archived objects only when asked", or
	// searches such as ?query=.
	listFilter func(obj map[string]any, q url.Values) bool
	required   []string            // fields that can't be blank
	readOnly   []string            // fields the fake sets: create and update bodies never change them
	enums      map[string][]string // field -> allowed values (when not null)
	// secrets are stored fields no answer shows (GET, lists, updates,
	// expansions, webhook payloads, Fake.Get), except the answer to the
	// create that generated them: a webhook endpoint's signing secret.
	secrets []string

	relations map[string]relation
	// params are the request body fields the resource takes that none of
	// the above names (see knownFields): inputs it consumes rather than
	// stores as given, such as a checkout's line_items.
	params []string

	// defaults fills fields a create left out. It runs after the id and slug
	// are set, before validation.
	defaults func(obj map[string]any)
	// validate adds resource-specific field errors to the generic ones.
	validate func(st *store, obj map[string]any, create bool) map[string][]string
	// actions are the POST {path}/{id}/{name} endpoints.
	actions map[string]actionFunc
	// singleton makes the resource one object at path (GET reads it, PATCH
	// updates it), created from defaults when the fake starts; seeding
	// another object of it replaces the one served.
	singleton bool
	// views are read-only sub-resources: GET {path}/{id}/{name}.
	views map[string]viewFunc
	// fromRequest, when set, adds to a create body (after filterInput)
	// what the resource needs from the HTTP request itself: the origin the
	// files' upload URLs point at. Its keys must not outlive defaults.
	fromRequest func(r *http.Request, obj map[string]any)
	// beforeRead, when set, runs with the store write-locked on every
	// record a GET or a list page is about to show, so a resource can move
	// objects along on read: URL imports of files finish on a later read.
	beforeRead func(st *store, t *table, r *record)
	// afterWrite runs after every create, update, action and delete (old is
	// nil on create, cur is nil on delete), with the store locked, so a
	// resource can keep denormalised fields of related objects in step.
	afterWrite func(st *store, old, cur map[string]any)
}

// defaultResources returns fresh definitions of every resource the fake
// serves. Each Fake gets its own copies, so nothing is shared between fakes.
func defaultResources() []*resource {
	return []*resource{
		productsResource(),
		priceVariantsResource(),
		reviewsResource(),
		discountsResource(),
		checkoutLinksResource(),
		customersResource(),
		ordersResource(),
		orderItemsResource(),
		refundsResource(),
		subscriptionsResource(),
		invoicesResource(),
		checkoutsResource(),
		experiencesResource(),
		blogPostsResource(),
		blogCategoriesResource(),
		legalPagesResource(),
		filesResource(),
		emailsResource(),
		webhookEndpointsResource(),
		webhookEventsResource(),
		x402ConfigurationResource(),
		accountResource(),
		meResource(),
		usersResource(),
		apiKeysResource(),
		formsResource(),
		formSubmissionsResource(),
		subscribersResource(),
		eventTypesResource(),
		bookingsResource(),
		sitesResource(),
		taskRunsResource(),
	}
}

// setDefault sets obj[key] to v when obj has no such key.
func setDefault(obj map[string]any, key string, v any) {
	if _, ok := obj[key]; !ok {
		obj[key] = v
	}
}

// addErr appends msg to the errors of field in errs, allocating as needed.
func addErr(errs map[string][]string, field, msg string) map[string][]string {
	if errs == nil {
		errs = map[string][]string{}
	}
	errs[field] = append(errs[field], msg)
	return errs
}
