package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tipwire/tipwire"
	"github.com/tipwire/tipwire/classify"
)

func evalFlags(fs *flag.FlagSet) {
	fs.String("labels", "", "labelled items, JSON Lines (see DESIGN.md)")
	fs.Float64("min-precision", 0, "exit 1 when a topic's precision is below this")
	fs.Float64("min-recall", 0, "exit 1 when a topic's recall is below this")
	storyEvalFlags(fs)
}

// label is one labelled item of an eval file. Topic, when set, limits the
// label to that topic; otherwise it applies to every topic.
type label struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Content string   `json:"content"`
	Link    string   `json:"link"`
	Source  string   `json:"source"`
	Tags    []string `json:"tags"`
	Label   string   `json:"label"`
	Topic   string   `json:"topic"`
}

// tally is one topic's confusion matrix and its misclassified items.
type tally struct {
	tp, fp, fn, tn int
	missed, wrong  []string
}

func (t tally) precision() float64 { return ratio(t.tp, t.tp+t.fp) }
func (t tally) recall() float64    { return ratio(t.tp, t.tp+t.fn) }
func (t tally) f1() float64 {
	p, r := t.precision(), t.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// cmdEval scores the configured topics against labelled items and prints
// precision, recall, F1 and the misclassified items per topic.
func cmdEval(ctx context.Context, e *env, cfg Config, fs *flag.FlagSet) int {
	path := fs.Lookup("labels").Value.String()
	if fs.Lookup("stories").Value.String() != "" {
		return cmdEvalStories(ctx, e, cfg, fs)
	}
	if path == "" {
		fmt.Fprintln(e.stderr, "tipwire eval: --labels FILE.jsonl is required")
		return exitConfig
	}
	classes, _, err := newClassifier(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "tipwire eval: %v\n", err)
		return exitConfig
	}
	labels, err := readLabels(path)
	if err != nil {
		return fail(e, err)
	}
	tallies := evaluate(classes, labels)
	minP := fs.Lookup("min-precision").Value.(flag.Getter).Get().(float64)
	minR := fs.Lookup("min-recall").Value.(flag.Getter).Get().(float64)
	code := exitOK
	for _, tp := range classes.Set().Topics() {
		t := tallies[tp.Name]
		printTally(e.stdout, tp.Name, t)
		if t.precision() < minP || t.recall() < minR {
			code = exitFail
		}
	}
	return code
}

// readLabels reads a JSON Lines file of labels; errors name the line.
func readLabels(path string) ([]label, error) {
	return readJSONLines(path, func(l *label) error {
		if l.Label != "relevant" && l.Label != "irrelevant" {
			return fmt.Errorf("label must be relevant or irrelevant, got %q", l.Label)
		}
		return nil
	})
}

// readJSONLines reads a JSON Lines file of labelled items, checking each
// with check; errors name the line. Empty lines are skipped; a file with no
// item is an error.
func readJSONLines[T any](path string, check func(*T) error) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if err := check(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, errors.New(path + ": no labelled items")
	}
	return out, nil
}

// evaluate classifies every labelled item as the daemon would (tags, then
// topics) and tallies the verdicts.
func evaluate(classes *classify.Classifier, labels []label) map[string]tally {
	out := map[string]tally{}
	for _, l := range labels {
		it := tipwire.Item{Title: l.Title, Summary: l.Summary, Content: l.Content, Link: l.Link, Outlet: l.Source, Categories: l.Tags}
		_, vs := classes.Evaluate(it)
		for _, v := range vs {
			if l.Topic != "" && l.Topic != v.Topic {
				continue
			}
			t := out[v.Topic]
			line := fmt.Sprintf("%-10s %6.2f  %s  (%s)", l.ID, v.Score, oneLine(l.Title, 80), v.Reason)
			switch relevant := l.Label == "relevant"; {
			case v.Matched && relevant:
				t.tp++
			case v.Matched:
				t.fp++
				t.wrong = append(t.wrong, line)
			case relevant:
				t.fn++
				t.missed = append(t.missed, line)
			default:
				t.tn++
			}
			out[v.Topic] = t
		}
	}
	return out
}

func printTally(w io.Writer, name string, t tally) {
	fmt.Fprintf(w, "topic %s: %d items, %d relevant\n", name, t.tp+t.fp+t.fn+t.tn, t.tp+t.fn)
	fmt.Fprintf(w, "  precision %.3f  recall %.3f  F1 %.3f  (tp %d, fp %d, fn %d, tn %d)\n",
		t.precision(), t.recall(), t.f1(), t.tp, t.fp, t.fn, t.tn)
	printList(w, "false positives (matched, labelled irrelevant)", t.wrong)
	printList(w, "missed (labelled relevant, not matched)", t.missed)
}

func printList(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		fmt.Fprintf(w, "  %s: none\n", title)
		return
	}
	fmt.Fprintf(w, "  %s:\n", title)
	for _, l := range lines {
		fmt.Fprintf(w, "    %s\n", l)
	}
}
