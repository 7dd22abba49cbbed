package crevio

import (
	"context"
	"iter"
	"net/http"
)

// PriceVariantsService is the price variants API: the pricing options of products.
type PriceVariantsService service

// PriceVariant is one pricing option of a product: free, one-time,
// subscription, pay-what-you-want, installments. Amounts are integer minor
// units (cents).
type PriceVariant struct {
	// ID is the price variant's id (price_…).
	ID string `json:"id"`
	// Object is "price_variant".
	Object string `json:"object"`
	// Name is the variant's display name.
	Name string `json:"name"`
	// Product is the id of the product the variant belongs to.
	Product string `json:"product"`
	// Amount is the price in cents, nil for free or custom amounts.
	Amount *int64 `json:"amount"`
	// Currency is the lowercase ISO currency code, such as "usd".
	Currency *string `json:"currency"`
	// AmountType is how the amount is set: fixed, free or custom.
	AmountType AmountType `json:"amount_type"`
	// BillingType is how the variant bills: one time, subscription, ….
	BillingType BillingType `json:"billing_type"`
	// RecurringInterval is the subscription interval unit.
	RecurringInterval *RecurringInterval `json:"recurring_interval"`
	// IntervalCount is the number of intervals between charges.
	IntervalCount *int `json:"interval_count"`
	// InstallmentCount is the number of installments of a payment plan.
	InstallmentCount *int `json:"installment_count"`
	// SetupFeeAmount is a one-off fee in cents.
	SetupFeeAmount *int64 `json:"setup_fee_amount"`
	// TrialPeriodDays is the length of a free trial.
	TrialPeriodDays *int `json:"trial_period_days"`
	// RevokeAfterDays revokes access this many days after purchase.
	RevokeAfterDays *int `json:"revoke_after_days"`
	// QuantityAvailable limits stock.
	QuantityAvailable *int `json:"quantity_available"`
	// DiscountedFromAmount is the compare-at price in cents.
	DiscountedFromAmount *int64 `json:"discounted_from_amount"`
	// MinimumAmount is the pay-what-you-want minimum in cents.
	MinimumAmount *int64 `json:"minimum_amount"`
	// MaximumAmount is the pay-what-you-want maximum in cents.
	MaximumAmount *int64 `json:"maximum_amount"`
	// PresetAmount is the pay-what-you-want suggestion in cents.
	PresetAmount *int64 `json:"preset_amount"`
	// Archived reports whether the variant is archived.
	Archived bool `json:"archived"`
	// Position orders the variants of a product.
	Position int `json:"position"`
	// Hidden hides the variant from the storefront.
	Hidden bool `json:"hidden"`
	// Waitlist reports whether a waitlist is enabled.
	Waitlist bool `json:"waitlist"`
	// PurchaseURL is a direct buy link.
	PurchaseURL *string `json:"purchase_url"`
	// Benefits are the variant's bullet points.
	Benefits []string `json:"benefits"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (v *PriceVariant) objectID() string { return v.ID }

// AmountType is how a price variant's amount is set.
type AmountType string

// Known amount types.
const (
	AmountTypeFixed  AmountType = "fixed"
	AmountTypeFree   AmountType = "free"
	AmountTypeCustom AmountType = "custom" // pay what you want
)

// IsKnown reports whether t is one of the amount types this version knows.
func (t AmountType) IsKnown() bool {
	return oneOf(t, AmountTypeFixed, AmountTypeFree, AmountTypeCustom)
}

// BillingType is how a price variant bills.
type BillingType string

// Known billing types.
const (
	BillingTypeOneTime      BillingType = "one_time"
	BillingTypeSubscription BillingType = "subscription"
	BillingTypeFree         BillingType = "free"
	BillingTypeInstallments BillingType = "installments"
)

// IsKnown reports whether t is one of the billing types this version knows.
func (t BillingType) IsKnown() bool {
	return oneOf(t, BillingTypeOneTime, BillingTypeSubscription, BillingTypeFree, BillingTypeInstallments)
}

// RecurringInterval is the unit of a subscription's billing interval.
type RecurringInterval string

// Known recurring intervals.
const (
	RecurringIntervalDay   RecurringInterval = "day"
	RecurringIntervalWeek  RecurringInterval = "week"
	RecurringIntervalMonth RecurringInterval = "month"
	RecurringIntervalYear  RecurringInterval = "year"
)

// IsKnown reports whether i is one of the intervals this version knows.
func (i RecurringInterval) IsKnown() bool {
	return oneOf(i, RecurringIntervalDay, RecurringIntervalWeek, RecurringIntervalMonth, RecurringIntervalYear)
}

// PriceVariantListParams filters and pages a price variant list.
//
// Archived variants are left out of lists; creviotest shows them (and only
// them) for the query archived=true, which Extra can send. The real API's
// parameter for this is not documented.
type PriceVariantListParams struct {
	// Product keeps only the variants of this product id.
	Product *string `url:"product"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// PriceVariantCreateParams are the fields of a new price variant. Amounts
// are in cents.
type PriceVariantCreateParams struct {
	// Product is the id of the product the variant belongs to (required).
	Product string `json:"product"`
	// Name is the variant's display name.
	Name string `json:"name,omitempty"`
	// Amount is the price in cents.
	Amount *int64 `json:"amount,omitempty"`
	// Currency is the lowercase ISO currency code, such as "usd".
	Currency *string `json:"currency,omitempty"`
	// AmountType is how the amount is set: fixed, free or custom.
	AmountType *AmountType `json:"amount_type,omitempty"`
	// BillingType is how the variant bills.
	BillingType *BillingType `json:"billing_type,omitempty"`
	// RecurringInterval is the subscription interval unit.
	RecurringInterval *RecurringInterval `json:"recurring_interval,omitempty"`
	// IntervalCount is the number of intervals between charges.
	IntervalCount *int `json:"interval_count,omitempty"`
	// InstallmentCount is the number of installments of a payment plan.
	InstallmentCount *int `json:"installment_count,omitempty"`
	// SetupFeeAmount is a one-off fee in cents.
	SetupFeeAmount *int64 `json:"setup_fee_amount,omitempty"`
	// TrialPeriodDays is the length of a free trial.
	TrialPeriodDays *int `json:"trial_period_days,omitempty"`
	// RevokeAfterDays revokes access this many days after purchase.
	RevokeAfterDays *int `json:"revoke_after_days,omitempty"`
	// QuantityAvailable limits stock.
	QuantityAvailable *int `json:"quantity_available,omitempty"`
	// Position orders the variants of a product.
	Position *int `json:"position,omitempty"`
	// Hidden hides the variant from the storefront.
	Hidden *bool `json:"hidden,omitempty"`
	// DiscountedFromAmount is the compare-at price in cents.
	DiscountedFromAmount *int64 `json:"discounted_from_amount,omitempty"`
	// MinimumAmount is the pay-what-you-want minimum in cents.
	MinimumAmount *int64 `json:"minimum_amount,omitempty"`
	// MaximumAmount is the pay-what-you-want maximum in cents.
	MaximumAmount *int64 `json:"maximum_amount,omitempty"`
	// PresetAmount is the pay-what-you-want suggestion in cents.
	PresetAmount *int64 `json:"preset_amount,omitempty"`
	// Waitlist enables a waitlist.
	Waitlist *bool `json:"waitlist,omitempty"`
	// Benefits are the variant's bullet points.
	Benefits []string `json:"benefits,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *PriceVariantCreateParams) validate() error {
	if p.Product == "" {
		return errRequired("Product")
	}
	return nil
}

// PriceVariantUpdateParams are the fields to change on a price variant. The
// product is set at creation: the reference lists no product field for
// updates (Extra can send one).
type PriceVariantUpdateParams struct {
	// Name renames the variant.
	Name *string `json:"name,omitempty"`
	// Amount sets or clears the price in cents.
	Amount Nullable[int64] `json:"amount,omitzero"`
	// Currency sets or clears the currency.
	Currency Nullable[string] `json:"currency,omitzero"`
	// AmountType changes how the amount is set.
	AmountType *AmountType `json:"amount_type,omitempty"`
	// BillingType changes how the variant bills.
	BillingType *BillingType `json:"billing_type,omitempty"`
	// RecurringInterval sets or clears the subscription interval unit.
	RecurringInterval Nullable[RecurringInterval] `json:"recurring_interval,omitzero"`
	// IntervalCount sets or clears the number of intervals between charges.
	IntervalCount Nullable[int] `json:"interval_count,omitzero"`
	// InstallmentCount sets or clears the number of installments.
	InstallmentCount Nullable[int] `json:"installment_count,omitzero"`
	// SetupFeeAmount sets or clears the one-off fee in cents.
	SetupFeeAmount Nullable[int64] `json:"setup_fee_amount,omitzero"`
	// TrialPeriodDays sets or clears the free trial.
	TrialPeriodDays Nullable[int] `json:"trial_period_days,omitzero"`
	// RevokeAfterDays sets or clears the access limit in days.
	RevokeAfterDays Nullable[int] `json:"revoke_after_days,omitzero"`
	// QuantityAvailable sets or clears the stock limit.
	QuantityAvailable Nullable[int] `json:"quantity_available,omitzero"`
	// Position reorders the variant.
	Position *int `json:"position,omitempty"`
	// Hidden hides or shows the variant on the storefront.
	Hidden *bool `json:"hidden,omitempty"`
	// DiscountedFromAmount sets or clears the compare-at price in cents.
	DiscountedFromAmount Nullable[int64] `json:"discounted_from_amount,omitzero"`
	// MinimumAmount sets or clears the pay-what-you-want minimum.
	MinimumAmount Nullable[int64] `json:"minimum_amount,omitzero"`
	// MaximumAmount sets or clears the pay-what-you-want maximum.
	MaximumAmount Nullable[int64] `json:"maximum_amount,omitzero"`
	// PresetAmount sets or clears the pay-what-you-want suggestion.
	PresetAmount Nullable[int64] `json:"preset_amount,omitzero"`
	// Waitlist enables or disables the waitlist.
	Waitlist *bool `json:"waitlist,omitempty"`
	// Benefits replaces or clears the bullet points.
	Benefits Nullable[[]string] `json:"benefits,omitzero"`

	Extra map[string]any `json:"-"`
}

// List returns one page of price variants, newest first. Archived variants
// are left out (see [PriceVariantListParams]).
//
// API: GET /v1/price_variants
func (s *PriceVariantsService) List(ctx context.Context, params *PriceVariantListParams, opts ...RequestOption) (*Page[PriceVariant], error) {
	return callPath[Page[PriceVariant]](ctx, s.c, http.MethodGet, pathPriceVariants, params, opts)
}

// All iterates over every price variant matching params.
//
// API: GET /v1/price_variants (repeated with starting_after)
func (s *PriceVariantsService) All(ctx context.Context, params *PriceVariantListParams, opts ...RequestOption) iter.Seq2[*PriceVariant, error] {
	return all(ctx, params, s.List, opts)
}

// PriceVariantGetParams are the params of [PriceVariantsService.Get]. The
// API documents none; nil is the usual value.
type PriceVariantGetParams struct {
	Extra map[string]any
}

// Get returns a price variant by id, archived or not.
//
// API: GET /v1/price_variants/{id}
func (s *PriceVariantsService) Get(ctx context.Context, id string, params *PriceVariantGetParams, opts ...RequestOption) (*PriceVariant, error) {
	return callObject[PriceVariant](ctx, s.c, http.MethodGet, pathPriceVariants, id, params, opts)
}

// Create creates a price variant of a product.
//
// API: POST /v1/price_variants
func (s *PriceVariantsService) Create(ctx context.Context, params *PriceVariantCreateParams, opts ...RequestOption) (*PriceVariant, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[PriceVariant](ctx, s.c, http.MethodPost, pathPriceVariants, params, opts)
}

// Update changes a price variant and returns it.
//
// API: PATCH /v1/price_variants/{id}
func (s *PriceVariantsService) Update(ctx context.Context, id string, params *PriceVariantUpdateParams, opts ...RequestOption) (*PriceVariant, error) {
	return callObject[PriceVariant](ctx, s.c, http.MethodPatch, pathPriceVariants, id, params, opts)
}

// PriceVariantArchiveParams are the params of
// [PriceVariantsService.Archive]. The API documents none; nil (an empty JSON
// body) is the usual value.
type PriceVariantArchiveParams struct {
	Extra map[string]any `json:"-"`
}

// Archive archives a price variant and returns it: it stops being sold and
// leaves lists, but Get still finds it. Archiving is how the API retires a
// variant; it documents no delete.
//
// API: POST /v1/price_variants/{id}/archive
func (s *PriceVariantsService) Archive(ctx context.Context, id string, params *PriceVariantArchiveParams, opts ...RequestOption) (*PriceVariant, error) {
	path, err := actionPath(pathPriceVariants, id, actionArchive)
	if err != nil {
		return nil, err
	}
	return callPath[PriceVariant](ctx, s.c, http.MethodPost, path, params, opts)
}
