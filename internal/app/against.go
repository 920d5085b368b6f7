package app

import (
	"context"
	"errors"

	"chitieu/rules"
	"chitieu/rules/household"
	"chitieu/rules/units"
)

// Against checks a household list and the poverty review table it should
// add up to: each checked as itself, then the table's poor and near-poor
// households at the end, and its DTTS poor, against the list's counts of
// each commune (rules.Result.AgainstList). A first file that is not a list,
// or a second that is not a table of the review, is a
// *rules.ConsolidationError (not-a-list, not-a-summary); a file that
// cannot be read, an *UnreadableError naming it.
func (s *Service) Against(ctx context.Context, list, summary Source) (listRes, summaryRes *rules.Result, err error) {
	var counts []household.Counts
	listRes, err = s.validateWith(ctx, list, func(sum household.Summary) { counts = sum.Communes })
	if err != nil {
		return nil, nil, unreadableFile(list, err)
	}
	if listRes.Report.Template.Shape != rules.ShapeList {
		return nil, nil, &rules.ConsolidationError{Code: rules.CodeNotAList, Units: []string{list.Name}}
	}
	summaryRes, err = s.Validate(ctx, summary)
	if err != nil {
		return nil, nil, unreadableFile(summary, err)
	}
	if summaryRes.Report.Template.Shape != rules.ShapeUnits {
		return nil, nil, &rules.ConsolidationError{Code: rules.CodeNotASummary, Units: []string{summary.Name}}
	}
	var lc []rules.ListCount
	for _, c := range counts {
		if c.Commune.Name == "" {
			continue // rows without a commune, or beyond the communes kept apart
		}
		lc = append(lc, rules.ListCount{Commune: c.Commune.Name, Poor: c.Poor.Households, NearPoor: c.NearPoor.Households, Minority: c.Poor.Minority})
	}
	summaryRes.AgainstList(lc, units.Key)
	return listRes, summaryRes, nil
}

// unreadableFile names the file an error is about, unless it is the
// context's.
func unreadableFile(src Source, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &UnreadableError{Files: []FileError{{Name: src.Name, Err: err}}, Key: "unreadable-against"}
}
