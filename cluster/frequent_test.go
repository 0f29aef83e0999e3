package cluster

import "testing"

// A trial reported day after day: each day's reports share the
// defendant's name and the court's city with every other day's. Once the
// name is the week's subject, sharing it is no evidence of one event.
func TestFrequentNamesAreNoEvidence(t *testing.T) {
	day := func(d, title, lead string) Doc { return dated{title, lead, d}.doc(t) }
	earlier := [][]Doc{
		{day("2025-05-12", "Sean Combs trial opens in Manhattan with jury selection", "Jury selection began in Manhattan in the sex trafficking trial of Sean Combs.")},
		{day("2025-05-13", "First witness testifies at Sean Combs trial in Manhattan", "A former assistant testified on Tuesday in Manhattan at the trial of Sean Combs.")},
		{day("2025-05-14", "Sean Combs trial hears from second witness in Manhattan", "A second witness took the stand in Manhattan in the trial of Sean Combs.")},
	}
	yesterday := day("2025-05-15", "Defence cross-examines witness at Sean Combs trial in Manhattan", "Lawyers for Sean Combs cross-examined a witness in Manhattan on Thursday.")
	today := day("2025-05-16", "Sean Combs trial: ex-girlfriend testifies in Manhattan", "A former girlfriend of Sean Combs testified in Manhattan on Friday.")
	if v := Compare(today, yesterday); !v.Same {
		t.Fatalf("without frequencies the two days' reports should look alike (the case this guards): %+v", v)
	}
	f := FrequentAmong(today, append(earlier, []Doc{yesterday}))
	if !f["combs"] || !f["manhattan"] {
		t.Fatalf("frequent = %v, want the defendant and the city", f)
	}
	if v := CompareWith(today, yesterday, f); v.Same {
		t.Errorf("two days of one trial are one event: %+v", v)
	}

	// Three outlets' reports of one day's event are not a week's subject.
	sameDay := [][]Doc{
		{day("2025-05-16", "Sean Combs found in contempt in Manhattan", "Sean Combs was found in contempt in Manhattan.")},
		{day("2025-05-16", "Manhattan judge holds Sean Combs in contempt", "A Manhattan judge held Sean Combs in contempt.")},
	}
	if f := FrequentAmong(today, sameDay); len(f) != 0 {
		t.Errorf("frequent = %v among reports of the same day, want none", f)
	}
	if f := FrequentAmong(NewDoc(today.title, ""), earlier); len(f) != 0 {
		t.Errorf("frequent = %v for an undated report, want none", f)
	}
}
