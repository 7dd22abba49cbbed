package crevio

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
)

// SitesService is the sites API: the AI-built storefront sites of the
// account. Create is documented; List and Get are inferred from it.
type SitesService service

// Site is an AI-built storefront site.
type Site struct {
	// ID is the site's id (its prefix is not documented).
	ID string `json:"id"`
	// Object is "site" (inferred).
	Object string `json:"object"`
	// Name is the site's name.
	Name string `json:"name"`
	// AccessMode says who may open the site.
	AccessMode SiteAccessMode `json:"access_mode"`
	// Subdomain is, presumably, the site's label under crevio.site.
	Subdomain *string `json:"subdomain"`
	// GitHubRepoFullName is the site's GitHub repository, owner/repo.
	GitHubRepoFullName *string `json:"github_repo_full_name"`
	// Domain is the site's custom domain, when connected.
	Domain *string `json:"domain"`
	// GitHubURL is the address of the site's GitHub repository.
	GitHubURL *string `json:"github_url"`
	// DomainVerified reports whether the custom domain is verified.
	DomainVerified bool `json:"domain_verified"`
	// AppURL is the address the site is served at.
	AppURL *string `json:"app_url"`
	// IsLive reports whether the site is live.
	IsLive bool `json:"is_live"`
	// ShowReferralBadge reports whether the site shows Crevio's referral
	// badge.
	ShowReferralBadge bool `json:"show_referral_badge"`
	// BuildTaskID names the build task a create with a prompt started
	// (inferred: named by one copy of the reference only). The task's
	// schema is not documented: read it with [Client.Do] on
	// GET /v1/tasks/{id}, and its runs with [TaskRunsService.List]
	// (AITaskID).
	BuildTaskID *string `json:"build_task_id"`

	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (s *Site) objectID() string { return s.ID }

// SiteAccessMode says who may open a site.
type SiteAccessMode string

// Known access modes.
const (
	SiteAccessModePublic     SiteAccessMode = "public"
	SiteAccessModeAccount    SiteAccessMode = "account"
	SiteAccessModeAdminsOnly SiteAccessMode = "admins_only"
	SiteAccessModeMeOnly     SiteAccessMode = "me_only"
)

// IsKnown reports whether m is one of the access modes this version knows.
func (m SiteAccessMode) IsKnown() bool {
	return oneOf(m, SiteAccessModePublic, SiteAccessModeAccount, SiteAccessModeAdminsOnly, SiteAccessModeMeOnly)
}

// SiteCreateParams describe a new site: a Prompt for an AI build, or a
// GitHub Repository to start from (then Prompt is optional: it says what
// to adapt).
type SiteCreateParams struct {
	// Prompt is the build brief: the brand, what is sold, the look and
	// feel. Required unless Repository is given; it starts a build (see
	// [Site.BuildTaskID]).
	Prompt *string `json:"prompt,omitempty"`
	// Repository is owner/repo of a GitHub repository the account reaches
	// through its GitHub App installation.
	Repository *string `json:"repository,omitempty"`
	// Name is the site's name.
	Name *string `json:"name,omitempty"`
	// AccessMode says who may open the site (the API's default is not
	// documented).
	AccessMode *SiteAccessMode `json:"access_mode,omitempty"`
	// ShowReferralBadge shows Crevio's referral badge on the site.
	ShowReferralBadge *bool `json:"show_referral_badge,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *SiteCreateParams) validate() error {
	blank := func(s *string) bool { return s == nil || strings.TrimSpace(*s) == "" }
	if blank(p.Prompt) && blank(p.Repository) {
		return fmt.Errorf("%w: Prompt is required unless Repository is given", ErrInvalidParam)
	}
	if p.Repository != nil && !blank(p.Repository) {
		owner, repo, ok := strings.Cut(*p.Repository, "/")
		if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
			return fmt.Errorf("%w: Repository %q is not owner/repo", ErrInvalidParam, *p.Repository)
		}
	}
	return nil
}

// Create creates a site and returns it. A proposed subdomain that is taken
// is refused by the API (422, presumably).
//
// API: POST /v1/sites
func (s *SitesService) Create(ctx context.Context, params *SiteCreateParams, opts ...RequestOption) (*Site, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Site](ctx, s.c, http.MethodPost, pathSites, params, opts)
}

// SiteListParams pages a site list.
type SiteListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// List returns one page of sites, newest first (inferred: the reference
// documents only create).
//
// API: GET /v1/sites
func (s *SitesService) List(ctx context.Context, params *SiteListParams, opts ...RequestOption) (*Page[Site], error) {
	return callPath[Page[Site]](ctx, s.c, http.MethodGet, pathSites, params, opts)
}

// All iterates over every site.
//
// API: GET /v1/sites (repeated with starting_after)
func (s *SitesService) All(ctx context.Context, params *SiteListParams, opts ...RequestOption) iter.Seq2[*Site, error] {
	return all(ctx, params, s.List, opts)
}

// SiteGetParams are the params of [SitesService.Get]. The API documents
// none; nil is the usual value.
type SiteGetParams struct {
	Extra map[string]any
}

// Get returns a site by id (inferred: the reference documents only create).
//
// API: GET /v1/sites/{id}
func (s *SitesService) Get(ctx context.Context, id string, params *SiteGetParams, opts ...RequestOption) (*Site, error) {
	return callObject[Site](ctx, s.c, http.MethodGet, pathSites, id, params, opts)
}
