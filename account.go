package crevio

import (
	"context"
	"net/http"
)

// AccountService is the current account API: the store the API token
// belongs to.
type AccountService service

// Account is a Crevio account: the creator's store.
type Account struct {
	// ID is the account's id (acct_…).
	ID string `json:"id"`
	// Object is "account" (inferred).
	Object string `json:"object"`
	// Name is the store's or creator's name.
	Name string `json:"name"`
	// Description is the store's description, when set.
	Description *string `json:"description"`
	// AvatarURL is the store's avatar image, when set.
	AvatarURL *string `json:"avatar_url"`
	// SupportEmail is where customers get help, when set.
	SupportEmail *string `json:"support_email"`
	// DisplayCurrency is the lowercase ISO currency prices are shown in,
	// such as "usd".
	DisplayCurrency string `json:"display_currency"`
	// SocialLinks are the store's social profiles.
	SocialLinks []AccountSocialLink `json:"social_links"`

	objectMeta
}

func (a *Account) objectID() string { return a.ID }

// AccountSocialLink is a link to one of an account's social profiles.
type AccountSocialLink struct {
	// Platform is the social network.
	Platform AccountSocialPlatform `json:"platform"`
	// URL is the profile's address.
	URL string `json:"url"`
}

// AccountSocialPlatform is a social network.
type AccountSocialPlatform string

// Known social platforms.
const (
	AccountSocialPlatformTwitter   AccountSocialPlatform = "twitter"
	AccountSocialPlatformInstagram AccountSocialPlatform = "instagram"
	AccountSocialPlatformYouTube   AccountSocialPlatform = "youtube"
	AccountSocialPlatformFacebook  AccountSocialPlatform = "facebook"
	AccountSocialPlatformLinkedIn  AccountSocialPlatform = "linkedin"
	AccountSocialPlatformTikTok    AccountSocialPlatform = "tiktok"
)

// IsKnown reports whether p is one of the platforms this version knows.
func (p AccountSocialPlatform) IsKnown() bool {
	return oneOf(p, AccountSocialPlatformTwitter, AccountSocialPlatformInstagram, AccountSocialPlatformYouTube,
		AccountSocialPlatformFacebook, AccountSocialPlatformLinkedIn, AccountSocialPlatformTikTok)
}

// AccountGetParams are the params of [AccountService.Get]. The API documents
// none; nil is the usual value.
type AccountGetParams struct {
	Extra map[string]any
}

// Get returns the account the API token belongs to. The path is inferred
// from the API's Account tag and the official SDK's account.get().
//
// API: GET /v1/account
func (s *AccountService) Get(ctx context.Context, params *AccountGetParams, opts ...RequestOption) (*Account, error) {
	return callPath[Account](ctx, s.c, http.MethodGet, pathAccount, params, opts)
}
