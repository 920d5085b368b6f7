package rules

// The finding codes: stable, kebab-case, the same in every language. A
// definition's expression rules add codes of their own.
const (
	CodeInvalidNumber        = "invalid-number"
	CodeInvalidBool          = "invalid-bool"
	CodeAmbiguousNumber      = "ambiguous-number"
	CodeAmbiguousFraction    = "ambiguous-fraction"
	CodeFormulaError         = "formula-error"
	CodeFormulaUncomputed    = "formula-uncomputed"
	CodeMissingActual        = "missing-actual"
	CodeMissingRow           = "missing-row"
	CodeDuplicateRow         = "duplicate-row"
	CodeUnknownRow           = "unknown-row"
	CodeListCommuneMissing   = "list-commune-missing" // a commune of the list without a row in the summary it is checked against
	CodeRowRead              = "row-read"
	CodeUnknownColumn        = "unknown-column"
	CodeUnitConverted        = "unit-converted"
	CodeUnitMismatch         = "unit-mismatch"
	CodeNotWhole             = "not-whole"
	CodeNegative             = "negative"
	CodeRateOutOfRange       = "rate-out-of-range"
	CodePointsOutOfRange     = "points-out-of-range"
	CodePartExceedsTotal     = "part-exceeds-total"
	CodeRateMismatch         = "rate-mismatch"
	CodeSumMismatch          = "sum-mismatch"
	CodeFlowMismatch         = "flow-mismatch"
	CodeUnitOutlier          = "unit-outlier"
	CodeDifferenceMismatch   = "difference-mismatch"
	CodeAttainmentMismatch   = "attainment-mismatch"
	CodeAttainmentSuspicious = "attainment-suspicious"
	CodeChangeSuspicious     = "change-suspicious"
	CodeChangeMismatch       = "change-mismatch"
	CodeUnitMissing          = "unit-missing"
	CodeYearMissing          = "year-missing"
	CodeYearMismatch         = "year-mismatch"
	CodeRuleError            = "rule-error"
	CodeNoFigures            = "no-figures"
)

// The codes of a consolidation that cannot be made (ConsolidationError).
const (
	CodeMixedTemplates      = "mixed-templates"
	CodeMixedYears          = "mixed-years"
	CodeDuplicateUnit       = "duplicate-unit"
	CodeUnnamedUnit         = "unnamed-unit"
	CodeUnreadableUnits     = "unreadable-units"
	CodeUnsupportedTemplate = "unsupported-template"
	CodeNoUnits             = "no-units"
	CodeUnknownProvince     = "unknown-province"
	CodeUnitNotListed       = "unit-not-listed"
	CodeUnitOtherProvince   = "unit-other-province"
	CodeNotAList            = "not-a-list"    // --against: the first file is not a household list
	CodeNotASummary         = "not-a-summary" // --against: the second is not a poverty review table
)
