package crevio

// PriceVariantsService is the price variants API: the pricing options of products.
type PriceVariantsService service

// PriceVariant is one pricing option of a product: free, one-time,
// subscription, pay-what-you-want, installments. Amounts are integer minor
// units (cents). Its RawJSON method returns the JSON it was decoded from.
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
	// CreatedAt is when the variant was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the variant last changed.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (v *PriceVariant) objectID() string { return v.ID }

// AmountType is how a price variant's amount is set. Open enum.
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

// BillingType is how a price variant bills. Open enum.
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

// RecurringInterval is the unit of a subscription's billing interval. Open enum.
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
