package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/tipwire/tipwire/classify"
	"github.com/tipwire/tipwire/filters"
	"github.com/tipwire/tipwire/seeds"
	"github.com/tipwire/tipwire/store"
	"github.com/tipwire/tipwire/tags"
)

// compileTopics compiles the configured topics with the seed corpus as the
// similarity profile, as every command that matches does.
func compileTopics(cfg Config) (*filters.Set, error) {
	corpus, err := seedCorpus()
	if err != nil {
		return nil, err
	}
	set, err := filters.CompileWith(cfg.topics(), filters.Options{Corpus: corpus})
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	return set, nil
}

// newClassifier compiles the configured topics and loads the tagger: the
// one classify path of run, fetch, check, eval and rematch, so a rule that
// tests a tag (tag:KH) gives the same verdict in each.
func newClassifier(cfg Config) (*classify.Classifier, *tags.Tagger, error) {
	set, err := compileTopics(cfg)
	if err != nil {
		return nil, nil, err
	}
	tagger, err := tags.New()
	if err != nil {
		return nil, nil, err
	}
	return classify.New(set, tagger), tagger, nil
}

// seedCorpus returns the title and body of every seed article.
func seedCorpus() ([]string, error) {
	arts, err := seeds.Articles()
	if err != nil {
		return nil, fmt.Errorf("load seed corpus: %w", err)
	}
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.Title + "\n\n" + a.Body
	}
	return out, nil
}

// retagIfChanged re-tags every stored item when the tagger (its rules or
// gazetteer) changed since the stored tags were computed, or they never
// were (a database from before tagging). It reports whether any item's
// tags changed.
func (a *app) retagIfChanged(ctx context.Context) (bool, error) {
	if a.tags == nil {
		return false, nil
	}
	old, err := a.store.TagsFingerprint(ctx)
	if err != nil || old == a.tags.Fingerprint() {
		return false, err
	}
	st, err := a.store.Retag(ctx, a.classes.Tag, a.tags.Fingerprint())
	if err != nil {
		return false, err
	}
	if st.Items > 0 {
		a.log.Info("tagger changed: stored items re-tagged", "items", st.Items, "changed", st.Changed)
	}
	return st.Changed > 0, nil
}

// rematchIfChanged re-matches every stored item when the topics changed
// since the stored matches were computed (or were never fingerprinted), or
// when force is set (tags changed, and topics may test them).
func (a *app) rematchIfChanged(ctx context.Context, force bool) error {
	fp := a.classes.Set().Fingerprint()
	old, err := a.store.TopicsFingerprint(ctx)
	if err != nil {
		return err
	}
	if old == fp && !force {
		return nil
	}
	st, err := a.store.Rematch(ctx, a.classes.Match, fp)
	if err != nil {
		return err
	}
	if st.Items > 0 {
		a.log.Info("topics changed: stored items re-matched", "items", st.Items, "changed", st.Changed, "matched", st.Matched)
	}
	return nil
}

// cmdRematch re-tags every stored item and re-matches it with the
// configured topics, even when their fingerprints are unchanged.
func cmdRematch(ctx context.Context, e *env, cfg Config, _ *flag.FlagSet) int {
	classes, tagger, err := newClassifier(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "tipwire rematch: %v\n", err)
		return exitConfig
	}
	log := newLogger(e.stderr, cfg.Log)
	st, err := store.Open(ctx, cfg.DB, log)
	if err != nil {
		return fail(e, fmt.Errorf("open database %s: %w", cfg.DB, err))
	}
	defer st.Close()
	tagged, err := st.Retag(ctx, classes.Tag, tagger.Fingerprint())
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "%d items re-tagged: %d changed tags\n", tagged.Items, tagged.Changed)
	stats, err := st.Rematch(ctx, classes.Match, classes.Set().Fingerprint())
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "%d items re-matched: %d changed topics, %d match at least one topic\n",
		stats.Items, stats.Changed, stats.Matched)
	return exitOK
}
