package dunning

import (
	"strings"

	"encaisse/data/civil"
	"encaisse/resources"
)

// DefaultScenarios are the scenarios a new ledger starts with. Users rename and edit them,
// so they are only a seed; every delay counts from the due date of the customer's oldest
// overdue invoice, and nothing under 10 € is chased.
func DefaultScenarios() []Scenario {
	const minimum = 1000
	return []Scenario{
		{Name: "Standard", Steps: []Step{
			{Name: "Relance 1", Channel: Email, Template: "relance1", DelayDays: 3, MinOverdue: minimum},
			// The relance2 template carries the statement of every open item.
			{Name: "Relance 2", Channel: Email, Also: []Channel{Letter}, Template: "relance2", DelayDays: 15, MinOverdue: minimum},
			{Name: "Appel", Channel: Phone, Template: "appel", DelayDays: 25, MinOverdue: minimum},
			{Name: "Mise en demeure", Channel: Registered, Template: "mise-en-demeure", DelayDays: 40, MinOverdue: minimum, Validate: true, FormalNotice: true},
			// The statement of account is what the lawyer or the court form needs.
			{Name: "Contentieux", Channel: Litigation, Template: "releve", DelayDays: 60, MinOverdue: minimum, Validate: true, FormalNotice: true},
		}},
		{Name: "Clients stratégiques", Steps: []Step{
			{Name: "Appel de courtoisie", Channel: Phone, Template: "appel", DelayDays: 5, MinOverdue: minimum},
			{Name: "Rappel", Channel: Email, Template: "relance1", DelayDays: 12, MinOverdue: minimum},
			{Name: "Relance", Channel: Email, Template: "relance2", DelayDays: 25, MinOverdue: minimum},
			{Name: "Appel", Channel: Phone, Template: "appel", DelayDays: 35, MinOverdue: minimum},
		}},
		{Name: "Petits montants", Steps: []Step{
			{Name: "Relance 1", Channel: Email, Template: "relance1", DelayDays: 3, MinOverdue: minimum},
			{Name: "Relance 2", Channel: Email, Template: "relance2", DelayDays: 15, MinOverdue: minimum},
			{Name: "Relance 3", Channel: Email, Template: "relance3", DelayDays: 30, MinOverdue: minimum},
		}},
	}
}

// FindScenario returns the scenario called name.
func FindScenario(list []Scenario, name string) (Scenario, bool) {
	for _, s := range list {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Scenario error codes, stable for the editor to point at the faulty field.
const (
	ScenarioEmptyName      = "empty_name"
	ScenarioNoSteps        = "no_steps"
	ScenarioStepName       = "step_name"
	ScenarioDuplicateStep  = "duplicate_step"
	ScenarioNegativeDelay  = "negative_delay"
	ScenarioDelayOrder     = "delay_order"
	ScenarioUnknownChannel = "unknown_channel"
	ScenarioFormalOrder    = "formal_order"
)

// ScenarioError says what is wrong with a scenario, in the user's language.
type ScenarioError struct {
	Scenario string
	Step     int    // index of the faulty step, -1 when the scenario as a whole is wrong
	Code     string // one of the Scenario… codes
	Message  string
}

func (e *ScenarioError) Error() string { return e.Message }

// ValidateScenario checks what the agenda relies on: a name, steps with distinct names
// (actions find their step by name), delays that move forward in time, known channels, and
// no ordinary reminder after a formal notice.
func ValidateScenario(s Scenario) error {
	fail := func(step int, code string, args map[string]any) error {
		args["Scenario"] = s.Name
		return &ScenarioError{Scenario: s.Name, Step: step, Code: code,
			Message: resources.T("agenda.scenario.err."+code, args)}
	}
	if strings.TrimSpace(s.Name) == "" {
		return fail(-1, ScenarioEmptyName, map[string]any{})
	}
	if len(s.Steps) == 0 {
		return fail(-1, ScenarioNoSteps, map[string]any{})
	}
	seen := make(map[string]bool, len(s.Steps))
	prevDay := 0
	for i, st := range s.Steps {
		if strings.TrimSpace(st.Name) == "" {
			return fail(i, ScenarioStepName, map[string]any{"Index": i + 1})
		}
		if seen[st.Name] {
			return fail(i, ScenarioDuplicateStep, map[string]any{"Step": st.Name})
		}
		seen[st.Name] = true
		if st.DelayDays < 0 {
			return fail(i, ScenarioNegativeDelay, map[string]any{"Step": st.Name, "Days": st.DelayDays})
		}
		for _, c := range append([]Channel{st.Channel}, st.Also...) {
			if _, ok := agendaChannelRank(c); !ok {
				return fail(i, ScenarioUnknownChannel, map[string]any{"Step": st.Name, "Channel": string(c)})
			}
		}
		// A step counted from the previous one sits at least that many days after it.
		day := st.DelayDays
		if st.FromPrevious {
			day += prevDay
		}
		if i > 0 {
			prev := s.Steps[i-1]
			if day <= prevDay {
				return fail(i, ScenarioDelayOrder, map[string]any{"Step": st.Name, "Days": day,
					"Previous": prev.Name, "PreviousDays": prevDay})
			}
			if prev.FormalNotice && !st.FormalNotice {
				return fail(i, ScenarioFormalOrder, map[string]any{"Step": st.Name, "Previous": prev.Name})
			}
		}
		prevDay = day
	}
	return nil
}

// agendaChannelRank orders channels the way the agenda lists its proposals: what the user
// sends from the desk first, calls after, litigation last.
func agendaChannelRank(c Channel) (int, bool) {
	switch c {
	case Email:
		return 0, true
	case Letter:
		return 1, true
	case Registered:
		return 2, true
	case Phone:
		return 3, true
	case SMS:
		return 4, true
	case Litigation:
		return 5, true
	}
	return 6, false
}

// agendaScenario is a scenario prepared for the agenda: steps found by name, and where the
// formal part starts.
type agendaScenario struct {
	Scenario
	index       map[string]int
	firstFormal int // -1 without a formal notice
}

func agendaPrepare(s Scenario) *agendaScenario {
	a := &agendaScenario{Scenario: s, index: make(map[string]int, len(s.Steps)), firstFormal: -1}
	for i, st := range s.Steps {
		if _, dup := a.index[st.Name]; !dup {
			a.index[st.Name] = i
		}
		if st.FormalNotice && a.firstFormal < 0 {
			a.firstFormal = i
		}
	}
	return a
}

// agendaPick is the step decision for one customer.
type agendaPick struct {
	index    int        // step to propose, -1 for none
	skip     string     // why none: SkipNotReached, SkipStepsDone or SkipFormalWaits
	lastDone int        // most advanced step done in this cycle, -1 for none
	lastOn   civil.Date // the date it was done
	next     int        // when skipped: the step reached next, -1 when the scenario is over
	nextOn   civil.Date // the date it is reached
	deferred int        // formal step held back for want of a first reminder, -1 for none
	held     int        // step reached but held back until the first formal notice is done, -1 for none
}

// agendaPickStep decides which step of s is due at date in the cycle that started at ref.
// done[i] is the date step i was last done in this cycle (zero: not done); reach is scratch
// space of the same length.
func agendaPickStep(s *agendaScenario, ref, date civil.Date, done, reach []civil.Date) agendaPick {
	pick := agendaPick{index: -1, lastDone: -1, next: -1, deferred: -1, held: -1}
	top := -1
	for i, st := range s.Steps {
		base := ref
		if st.FromPrevious && i > 0 {
			base = reach[i-1]
			if !done[i-1].IsZero() {
				base = done[i-1]
			}
		}
		reach[i] = base.AddDays(st.DelayDays)
		if !date.Before(reach[i]) {
			top = i
		}
		if !done[i].IsZero() {
			pick.lastDone = i
		}
	}
	if top < 0 || pick.lastDone >= top {
		pick.skip = SkipNotReached
		if pick.lastDone >= 0 { // a step may be done before it is reached
			pick.skip = SkipStepsDone
		}
		if n := max(top, pick.lastDone) + 1; n < len(s.Steps) {
			pick.next, pick.nextOn = n, reach[n]
		}
		return pick
	}
	pick.index = top
	if s.firstFormal < 0 || top < s.firstFormal {
		return pick
	}
	// Every step before the first formal one is an ordinary reminder.
	for j := 0; j < s.firstFormal; j++ {
		if !done[j].IsZero() {
			// What follows the formal notice (the hand-over to litigation) needs the notice
			// itself: a court or an agency asks for the proof of it.
			if top > s.firstFormal && done[s.firstFormal].IsZero() && pick.lastDone < s.firstFormal {
				pick.held, pick.index = top, s.firstFormal
			}
			return pick
		}
	}
	// No reminder yet: a formal notice would be the customer's first word from us.
	pick.deferred = s.firstFormal
	pick.index = -1
	for j := s.firstFormal - 1; j >= 0; j-- {
		if !date.Before(reach[j]) {
			pick.index = j
			break
		}
	}
	if pick.index < 0 || pick.index <= pick.lastDone {
		pick.index = -1
		pick.skip = SkipFormalWaits
	}
	return pick
}
