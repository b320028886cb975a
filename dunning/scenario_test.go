package dunning

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"encaisse/data/civil"
)

func TestDefaultScenarios(t *testing.T) {
	list := DefaultScenarios()
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
		if err := ValidateScenario(s); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		for _, st := range s.Steps {
			if st.MinOverdue != 1000 || st.FromPrevious {
				t.Errorf("%s / %s: minimum %d, from previous %v", s.Name, st.Name, st.MinOverdue, st.FromPrevious)
			}
		}
	}
	if want := []string{"Standard", "Clients stratégiques", "Petits montants"}; !slices.Equal(names, want) {
		t.Fatalf("scenarios %v, want %v", names, want)
	}

	type step struct {
		name     string
		channel  Channel
		template string
		delay    int
		validate bool
		formal   bool
	}
	want := map[string][]step{
		"Standard": {
			{"Relance 1", Email, "relance1", 3, false, false},
			{"Relance 2", Email, "relance2", 15, false, false},
			{"Appel", Phone, "appel", 25, false, false},
			{"Mise en demeure", Registered, "mise-en-demeure", 40, true, true},
			{"Contentieux", Litigation, "releve", 60, true, true},
		},
		"Clients stratégiques": {
			{"Appel de courtoisie", Phone, "appel", 5, false, false},
			{"Rappel", Email, "relance1", 12, false, false},
			{"Relance", Email, "relance2", 25, false, false},
			{"Appel", Phone, "appel", 35, false, false},
		},
		"Petits montants": {
			{"Relance 1", Email, "relance1", 3, false, false},
			{"Relance 2", Email, "relance2", 15, false, false},
			{"Relance 3", Email, "relance3", 30, false, false},
		},
	}
	for _, s := range list {
		var got []step
		for _, st := range s.Steps {
			got = append(got, step{st.Name, st.Channel, st.Template, st.DelayDays, st.Validate, st.FormalNotice})
			if s.Name != "Standard" && len(st.Also) > 0 {
				t.Errorf("%s / %s goes also by %v", s.Name, st.Name, st.Also)
			}
		}
		if !slices.Equal(got, want[s.Name]) {
			t.Errorf("%s:\n got %v\nwant %v", s.Name, got, want[s.Name])
		}
	}
	std, _ := FindScenario(list, "Standard")
	if !slices.Equal(std.Steps[1].Also, []Channel{Letter}) {
		t.Errorf("Relance 2 also by %v, want the letter", std.Steps[1].Also)
	}
	// Each call returns its own copy: editing the seed must not change the next one.
	list[0].Steps[1].Also[0] = SMS
	if DefaultScenarios()[0].Steps[1].Also[0] != Letter {
		t.Error("DefaultScenarios shares its slices")
	}
}

func TestFindScenario(t *testing.T) {
	list := DefaultScenarios()
	for _, tc := range []struct {
		name  string
		found bool
		steps int
	}{
		{"Standard", true, 5}, {"Petits montants", true, 3}, {"Clients stratégiques", true, 4},
		{"standard", false, 0}, {"", false, 0}, {"Inconnu", false, 0},
	} {
		s, ok := FindScenario(list, tc.name)
		if ok != tc.found || len(s.Steps) != tc.steps || ok && s.Name != tc.name {
			t.Errorf("FindScenario(%q) = %q (%d steps), %v; want %v with %d steps", tc.name, s.Name, len(s.Steps), ok, tc.found, tc.steps)
		}
	}
}

func TestValidateScenario(t *testing.T) {
	agendaFrench(t)
	ok := func(name string, days int) Step { return Step{Name: name, Channel: Email, DelayDays: days} }
	formal := func(name string, days int) Step {
		return Step{Name: name, Channel: Registered, DelayDays: days, FormalNotice: true}
	}
	cases := []struct {
		name    string
		s       Scenario
		code    string // "" when valid
		step    int
		message string
	}{
		{name: "valid", s: Scenario{Name: "S", Steps: []Step{ok("A", 0), ok("B", 5), formal("C", 9), formal("D", 20)}}},
		{name: "from previous", s: Scenario{Name: "S", Steps: []Step{ok("A", 3), {Name: "B", Channel: Phone, DelayDays: 1, FromPrevious: true}}}},
		{name: "empty name", s: Scenario{Name: "  ", Steps: []Step{ok("A", 3)}}, code: ScenarioEmptyName, step: -1,
			message: "Le scénario n'a pas de nom"},
		{name: "no steps", s: Scenario{Name: "S"}, code: ScenarioNoSteps, step: -1,
			message: "Le scénario « S » n'a aucune étape"},
		{name: "step without name", s: Scenario{Name: "S", Steps: []Step{ok("A", 3), ok("", 5)}}, code: ScenarioStepName, step: 1,
			message: "l'étape n° 2 n'a pas de nom"},
		{name: "two steps of one name", s: Scenario{Name: "S", Steps: []Step{ok("A", 3), ok("A", 5)}}, code: ScenarioDuplicateStep, step: 1},
		{name: "negative delay", s: Scenario{Name: "S", Steps: []Step{ok("A", -2)}}, code: ScenarioNegativeDelay, step: 0,
			message: "est négatif (-2 jours)"},
		{name: "equal delays", s: Scenario{Name: "S", Steps: []Step{ok("A", 3), ok("B", 3)}}, code: ScenarioDelayOrder, step: 1,
			message: "l'étape « B » (jour 3) doit venir après l'étape « A » (jour 3)"},
		{name: "decreasing delays", s: Scenario{Name: "S", Steps: []Step{ok("A", 10), ok("B", 5)}}, code: ScenarioDelayOrder, step: 1},
		{name: "zero days from the previous step", s: Scenario{Name: "S", Steps: []Step{ok("A", 10), {Name: "B", Channel: Email, FromPrevious: true}}},
			code: ScenarioDelayOrder, step: 1},
		{name: "absolute step before a relative one", s: Scenario{Name: "S", Steps: []Step{ok("A", 10),
			{Name: "B", Channel: Email, DelayDays: 10, FromPrevious: true}, ok("C", 15)}},
			code: ScenarioDelayOrder, step: 2, message: "(jour 15) doit venir après l'étape « B » (jour 20)"},
		{name: "unknown channel", s: Scenario{Name: "S", Steps: []Step{{Name: "A", Channel: "fax", DelayDays: 3}}},
			code: ScenarioUnknownChannel, step: 0, message: "canal « fax » inconnu"},
		{name: "unknown extra channel", s: Scenario{Name: "S", Steps: []Step{{Name: "A", Channel: Email, Also: []Channel{"pigeon"}, DelayDays: 3}}},
			code: ScenarioUnknownChannel, step: 0},
		{name: "ordinary step after a formal notice", s: Scenario{Name: "S", Steps: []Step{ok("A", 3), formal("B", 10), ok("C", 20)}},
			code: ScenarioFormalOrder, step: 2, message: "l'étape « C » vient après la mise en demeure « B »"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateScenario(tc.s)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var se *ScenarioError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a ScenarioError %s", err, tc.code)
			}
			if se.Code != tc.code || se.Step != tc.step || se.Scenario != tc.s.Name {
				t.Errorf("got %s at step %d of %q, want %s at step %d", se.Code, se.Step, se.Scenario, tc.code, tc.step)
			}
			if !strings.Contains(err.Error(), tc.message) || strings.Contains(err.Error(), "agenda.") {
				t.Errorf("message %q, want it to contain %q", err.Error(), tc.message)
			}
		})
	}
}

// agendaPickStep on its own: which step is due, given what was done.
func TestAgendaPickStep(t *testing.T) {
	ref := civil.New(2026, 10, 1)
	std := agendaPrepare(DefaultScenarios()[0])
	rel := agendaPrepare(Scenario{Name: "R", Steps: []Step{
		{Name: "A", Channel: Email, DelayDays: 3},
		{Name: "B", Channel: Email, DelayDays: 7, FromPrevious: true},
		{Name: "C", Channel: Registered, DelayDays: 7, FromPrevious: true, FormalNotice: true},
	}})
	cases := []struct {
		name     string
		s        *agendaScenario
		day      int         // the agenda's date, days after ref
		done     map[int]int // step → day done
		index    int
		skip     string
		next     int
		nextDay  int
		deferred int
	}{
		{name: "before the first step", s: std, day: 2, index: -1, skip: SkipNotReached, next: 0, nextDay: 3, deferred: -1},
		{name: "first step edge", s: std, day: 3, index: 0, next: -1, deferred: -1},
		{name: "jump to the step reached", s: std, day: 30, index: 2, next: -1, deferred: -1},
		{name: "step done, next one later", s: std, day: 20, done: map[int]int{1: 16}, index: -1, skip: SkipStepsDone, next: 2, nextDay: 25, deferred: -1},
		{name: "a later step done early hides the earlier ones", s: std, day: 30, done: map[int]int{3: 28}, index: -1, skip: SkipStepsDone, next: 4, nextDay: 60, deferred: -1},
		{name: "formal deferred", s: std, day: 45, index: 2, next: -1, deferred: 3},
		{name: "formal allowed after a call", s: std, day: 45, done: map[int]int{2: 26}, index: 3, next: -1, deferred: -1},
		{name: "formal done without reminder", s: std, day: 61, done: map[int]int{3: 41}, index: -1, skip: SkipFormalWaits, next: -1, deferred: 3},
		{name: "a step done before it is reached", s: std, day: 2, done: map[int]int{0: 1}, index: -1, skip: SkipStepsDone, next: 1, nextDay: 15, deferred: -1},
		{name: "relative: from the date reached", s: rel, day: 10, index: 1, next: -1, deferred: -1},
		{name: "relative: from the date done", s: rel, day: 10, done: map[int]int{0: 5}, index: -1, skip: SkipStepsDone, next: 1, nextDay: 12, deferred: -1},
		{name: "relative: chained", s: rel, day: 19, done: map[int]int{0: 5, 1: 12}, index: 2, next: -1, deferred: -1},
		{name: "relative: not yet", s: rel, day: 18, done: map[int]int{0: 5, 1: 12}, index: -1, skip: SkipStepsDone, next: 2, nextDay: 19, deferred: -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.s.Steps)
			done, reach := make([]civil.Date, n), make([]civil.Date, n)
			for i, d := range tc.done {
				done[i] = ref.AddDays(d)
			}
			p := agendaPickStep(tc.s, ref, ref.AddDays(tc.day), done, reach)
			wantNext := civil.Date(0)
			if tc.next >= 0 {
				wantNext = ref.AddDays(tc.nextDay)
			}
			if p.index != tc.index || p.skip != tc.skip || p.next != tc.next || p.nextOn != wantNext || p.deferred != tc.deferred {
				t.Errorf("got index %d skip %q next %d on %v deferred %d; want %d %q %d on %v %d",
					p.index, p.skip, p.next, p.nextOn, p.deferred, tc.index, tc.skip, tc.next, wantNext, tc.deferred)
			}
		})
	}
}
