package crevio

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// DiscountsService is the discounts API: discount codes.
type DiscountsService service

// Discount is a discount code customers enter at checkout: a percentage or a
// fixed amount off, once, forever or for some months of a subscription.
type Discount struct {
	// ID is the discount's id (disc_…).
	ID string `json:"id"`
	// Object is "discount".
	Object string `json:"object"`
	// Code is the code customers type.
	Code string `json:"code"`
	// Status says whether the code can be redeemed now.
	Status DiscountStatus `json:"status"`
	// DiscountType says which of AmountOff and PercentOff applies.
	DiscountType DiscountType `json:"discount_type"`
	// AmountOff is the amount taken off in cents, for amount_off discounts.
	AmountOff *int64 `json:"amount_off"`
	// PercentOff is the percentage taken off (1 to 100), for percent_off
	// discounts.
	PercentOff *float64 `json:"percent_off"`
	// Currency is the lowercase ISO currency of AmountOff.
	Currency *string `json:"currency"`
	// Duration is how long the discount applies to a subscription.
	Duration *DiscountDuration `json:"duration"`
	// DurationInMonths is the number of months of a repeating discount.
	DurationInMonths *int `json:"duration_in_months"`
	// RedeemBy is when the code expires (zero: never).
	RedeemBy Time `json:"redeem_by"`
	// MaxRedemptions caps how many times the code can be used, nil for no cap.
	MaxRedemptions *int `json:"max_redemptions"`
	// TimesRedeemed is how many times the code was used.
	TimesRedeemed int `json:"times_redeemed"`
	// Destroyable reports whether the discount can still be deleted.
	Destroyable bool `json:"destroyable"`
	// PriceVariants restricts the discount to these price variants (empty:
	// every variant): ids, or full objects when the API embeds them.
	PriceVariants []Expandable[PriceVariant] `json:"price_variants"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (d *Discount) objectID() string { return d.ID }

// DiscountType says how a discount takes money off.
type DiscountType string

// Known discount types.
const (
	DiscountTypeAmountOff  DiscountType = "amount_off"
	DiscountTypePercentOff DiscountType = "percent_off"
)

// IsKnown reports whether t is one of the discount types this version knows.
func (t DiscountType) IsKnown() bool {
	return oneOf(t, DiscountTypeAmountOff, DiscountTypePercentOff)
}

// DiscountStatus says whether a discount can be redeemed now.
type DiscountStatus string

// Known discount statuses.
const (
	DiscountStatusActive    DiscountStatus = "active"
	DiscountStatusExpired   DiscountStatus = "expired"
	DiscountStatusScheduled DiscountStatus = "scheduled"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s DiscountStatus) IsKnown() bool {
	return oneOf(s, DiscountStatusActive, DiscountStatusExpired, DiscountStatusScheduled)
}

// DiscountDuration is how long a discount applies to a subscription.
type DiscountDuration string

// Known discount durations.
const (
	// DiscountDurationOnce applies to the first payment only.
	DiscountDurationOnce DiscountDuration = "once"
	// DiscountDurationForever applies to every payment.
	DiscountDurationForever DiscountDuration = "forever"
	// DiscountDurationRepeating applies for DurationInMonths months.
	DiscountDurationRepeating DiscountDuration = "repeating"
)

// IsKnown reports whether d is one of the durations this version knows.
func (d DiscountDuration) IsKnown() bool {
	return oneOf(d, DiscountDurationOnce, DiscountDurationForever, DiscountDurationRepeating)
}

// DiscountListParams filters and pages a discount list.
type DiscountListParams struct {
	// Status keeps only discounts with this status.
	Status *DiscountStatus `url:"status"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// DiscountCreateParams are the fields of a new discount code. Set AmountOff
// (with Currency) for an amount_off discount, or PercentOff for a
// percent_off one.
type DiscountCreateParams struct {
	// Code is the code customers type (required).
	Code string `json:"code"`
	// DiscountType says which of AmountOff and PercentOff applies (required).
	DiscountType DiscountType `json:"discount_type"`
	// AmountOff is the amount taken off in cents, for amount_off discounts.
	AmountOff *int64 `json:"amount_off,omitempty"`
	// PercentOff is the percentage taken off, for percent_off discounts.
	PercentOff *float64 `json:"percent_off,omitempty"`
	// Currency is the lowercase ISO currency of AmountOff.
	Currency *string `json:"currency,omitempty"`
	// Duration is how long the discount applies to a subscription.
	Duration *DiscountDuration `json:"duration,omitempty"`
	// DurationInMonths is the number of months of a repeating discount.
	DurationInMonths *int `json:"duration_in_months,omitempty"`
	// RedeemBy is when the code expires.
	RedeemBy *time.Time `json:"redeem_by,omitempty"`
	// MaxRedemptions caps how many times the code can be used.
	MaxRedemptions *int `json:"max_redemptions,omitempty"`
	// PriceVariants restricts the discount to these price variant ids
	// (none: every variant).
	PriceVariants []string `json:"price_variants,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *DiscountCreateParams) validate() error {
	if p.Code == "" {
		return errRequired("Code")
	}
	if p.DiscountType == "" {
		return errRequired("DiscountType")
	}
	return nil
}

// DiscountUpdateParams are the fields to change on a discount.
type DiscountUpdateParams struct {
	// Code changes the code customers type.
	Code *string `json:"code,omitempty"`
	// DiscountType switches between amount_off and percent_off.
	DiscountType *DiscountType `json:"discount_type,omitempty"`
	// AmountOff sets or clears the amount taken off in cents.
	AmountOff Nullable[int64] `json:"amount_off,omitzero"`
	// PercentOff sets or clears the percentage taken off.
	PercentOff Nullable[float64] `json:"percent_off,omitzero"`
	// Currency sets or clears the currency of AmountOff.
	Currency Nullable[string] `json:"currency,omitzero"`
	// Duration sets or clears how long the discount applies.
	Duration Nullable[DiscountDuration] `json:"duration,omitzero"`
	// DurationInMonths sets or clears the months of a repeating discount.
	DurationInMonths Nullable[int] `json:"duration_in_months,omitzero"`
	// RedeemBy sets or clears the expiry.
	RedeemBy Nullable[time.Time] `json:"redeem_by,omitzero"`
	// MaxRedemptions sets or clears the redemption cap.
	MaxRedemptions Nullable[int] `json:"max_redemptions,omitzero"`
	// PriceVariants replaces the price variants the discount is limited to;
	// Ptr([]string{}) lifts the restriction.
	PriceVariants *[]string `json:"price_variants,omitempty"`

	Extra map[string]any `json:"-"`
}

// List returns one page of discounts, newest first.
//
// API: GET /v1/discounts
func (s *DiscountsService) List(ctx context.Context, params *DiscountListParams, opts ...RequestOption) (*Page[Discount], error) {
	return callPath[Page[Discount]](ctx, s.c, http.MethodGet, pathDiscounts, params, opts)
}

// All iterates over every discount matching params.
//
// API: GET /v1/discounts (repeated with starting_after)
func (s *DiscountsService) All(ctx context.Context, params *DiscountListParams, opts ...RequestOption) iter.Seq2[*Discount, error] {
	return all(ctx, params, s.List, opts)
}

// DiscountGetParams are the params of [DiscountsService.Get]. The API
// documents none; nil is the usual value.
type DiscountGetParams struct {
	Extra map[string]any
}

// Get returns a discount by id.
//
// API: GET /v1/discounts/{id}
func (s *DiscountsService) Get(ctx context.Context, id string, params *DiscountGetParams, opts ...RequestOption) (*Discount, error) {
	return callObject[Discount](ctx, s.c, http.MethodGet, pathDiscounts, id, params, opts)
}

// Create creates a discount code.
//
// API: POST /v1/discounts
func (s *DiscountsService) Create(ctx context.Context, params *DiscountCreateParams, opts ...RequestOption) (*Discount, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Discount](ctx, s.c, http.MethodPost, pathDiscounts, params, opts)
}

// Update changes a discount and returns it.
//
// API: PATCH /v1/discounts/{id}
func (s *DiscountsService) Update(ctx context.Context, id string, params *DiscountUpdateParams, opts ...RequestOption) (*Discount, error) {
	return callObject[Discount](ctx, s.c, http.MethodPatch, pathDiscounts, id, params, opts)
}

// DiscountDeleteParams are the params of [DiscountsService.Delete]. The API
// documents none; nil is the usual value.
type DiscountDeleteParams struct {
	Extra map[string]any
}

// Delete deletes a discount. The API may refuse once a discount cannot be
// deleted any more (see [Discount.Destroyable]).
//
// API: DELETE /v1/discounts/{id}
func (s *DiscountsService) Delete(ctx context.Context, id string, params *DiscountDeleteParams, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathDiscounts, "discount", id, params, opts)
}
