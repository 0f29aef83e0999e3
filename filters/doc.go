// Package filters decides which topics an item belongs to, how relevant it
// is, and why. Topics are compiled once (Compile, CompileWith) into an
// immutable Set whose Evaluate and Match are pure and safe for concurrent
// use; each verdict carries the terms that fired, a score and a reason.
//
// # Text
//
// An item's text is its title, summary, content and categories (tags); the
// outlet's name (Item.Outlet and the names in Item.Outlets) is a separate
// source field searched only by source: terms. HTML tags are removed from the
// summary and content and character references decoded. The text is put in
// Unicode compatibility decomposition (NFKD), accents are dropped ("TRÁFICO",
// "tráfico" and "trafico" are one word; Arabic harakat go too), letters are
// case-folded (Σ/σ/ς, K and the Kelvin sign), Latin letters with a stroke or
// without a dot fold to their base letter (đ, ł, ø, Turkish ı), œ, æ and ß
// are written out (oe, ae, ss), and ligatures and full-width letters become
// plain letters: the folding of package text, shared with the tagger and
// the clustering, so a name matches here as it is tagged there.
//
// Words are maximal runs of letters and digits; everything else separates
// them, so "anti-trafficking" is "anti" "trafficking". Thai, Lao, Khmer,
// Myanmar, Tibetan, Chinese and Japanese kana are written without spaces
// between words, so each of their characters (with its vowel signs, tone
// marks and subscripts, which are kept: they are not optional accents) is one
// token, and a term in those scripts matches wherever its characters occur
// consecutively: substring matching on the normalised text. Dictionary
// segmentation would need a large word list per script and still fails on
// names and new words; substring matching finds every occurrence, and the
// vocabulary avoids short terms that occur inside unrelated words (Thai ทาส,
// slave, is inside ทาสี, to paint). Each field, and each category and outlet
// name, is separate: a phrase or NEAR never spans two.
//
// # Terms
//
// A term is a word or a phrase (consecutive words), normalised like the text,
// so matching is case- and accent-insensitive and whole-word. A word ending
// in '*' is a prefix of at least 3 letters: "traffick*" matches trafficking,
// trafficked and traffickers, "торговл* людьми" every case of торговля.
//
// # Rules
//
// A topic's rule is a boolean expression over terms:
//
//	rule    = or
//	or      = and { "OR" and }
//	and     = unary { "AND" unary }
//	unary   = "NOT" unary | near
//	near    = primary { "NEAR/" n primary }      n from 1 to 50
//	primary = "(" or ")" | field ":" primary | '"' phrase '"' | word { word }
//	field   = title | summary | content | source | tag
//
// Operators are upper case; lower-case "and", "or" and "not" are words.
// Bare words next to each other form a phrase, as in the term lists
// ("forced labour" and `"forced labour"` are the same). NEAR binds tightest,
// then NOT, then AND, then OR. A NEAR/n holds when an occurrence of each
// side lies in the same field with at most n words between them, in either
// order; its sides must be terms or OR groups of terms (or NEARs). An
// unscoped term searches title, summary, content and tags. A tag: term also
// searches the tags tipwire computes (Item.Tags, package tags), which nothing
// else searches: tag:KH is a story about Cambodia, tag:forced-criminality
// one about scam compounds. A rule needs a term outside NOT. Syntax errors name the topic and the column:
// `topics[0] (trafficking): rule: column 14: unexpected end of rule: a term
// is missing`.
//
// Cost per item is bounded: the text is split once, every term is found
// through a word index (a prefix scans the item's distinct words), only the
// entries one of whose terms starts with a word of the item are evaluated,
// the similarity to the seed corpus is computed only for an item with
// evidence, there is no backtracking, and at most 256 occurrences per term
// are kept, which bounds NEAR's pairwise comparison.
//
// # Vocabularies
//
// A topic may name a built-in vocabulary (filters/vocab/NAME.txt, readable
// data reviewed per language for false friends). Each line is "LANG RULE";
// sections weigh the lines: [strong] 3, [medium] 2, [weak] 1, and [none]
// lines are negative context like a topic's none terms. The "trafficking"
// vocabulary covers English, French, Spanish, Portuguese, Italian, Dutch,
// German, Polish, Czech, Slovak, Hungarian, Romanian, Bulgarian, Albanian,
// Russian, Ukrainian, Serbian, Greek, Estonian, Latvian, Lithuanian,
// Georgian, Turkish, Arabic, Hebrew, Persian, Urdu, Hindi, Punjabi, Nepali,
// Bengali, Sinhala, Tamil, Burmese, Thai, Lao, Khmer, Vietnamese, Chinese,
// Japanese, Korean, Indonesian/Malay, Tagalog, Swahili, Hausa and Amharic.
//
// # Evaluation order
//
// For each topic, in the order given:
//
//  1. Every occurrence of every none term (the topic's none list and the
//     vocabulary's [none] lines) is found: the excluded spans.
//  2. Every all term must occur, anywhere (excluded spans included).
//  3. The rule, if any, must hold; its positive terms do not count inside
//     an excluded span, while a NOT sees every occurrence.
//  4. The evidence entries (any terms, weight 3, and vocabulary lines) are
//     evaluated strongest first; occurrences inside excluded spans do not
//     count, so "drug trafficking" is not evidence while "trafficking
//     victims rescued from a drug ring" still is, and an occurrence whose
//     words all counted for a stronger entry adds nothing ("trafficking" of
//     "human trafficking" is not also weak evidence).
//  5. A topic with no evidence entries and no rule fails when any none term
//     occurs. A topic with evidence entries and no rule fails when none fired.
//  6. The score is the sum of the evidence: an entry's weight, doubled when
//     an occurrence is in the title, plus a quarter of the weight for each
//     further occurrence (at most four); the rule and each all term count as
//     strong evidence the same way. Then up to 3 points of similarity to the
//     seed corpus (CompileWith's Options.Corpus): the cosine of the item's
//     and the corpus's vectors of content words (1 + ln tf, stop words
//     removed), times 3.
//  7. The topic matches when the score reaches its threshold (default 3: one
//     strong term in the body, a medium one in the title, or weaker signs
//     adding up).
//
// Match.Terms lists the terms that fired, as written; Match.Reason gives the
// sum ("score 7.50 ≥ threshold 3: "human traffick*" (title) +6.00, ...").
// The score is deterministic. Set.Fingerprint identifies the verdicts a Set
// gives, so stored matches can be redone when it changes.
//
// # Validation
//
// Compile reports every problem at once, each naming the topic and the term
// or rule column. A name must be non-empty, lowercase ASCII letters, digits
// and '-', and unique. A topic needs an any or all term, a rule or a
// vocabulary. A term must contain a letter or digit, may carry '*' only at
// the end of a word of at least 3 letters, and appears once per topic across
// any, all and none (compared after normalisation).
package filters
