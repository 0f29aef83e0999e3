// Package filters decides which topics an item belongs to. Topics are
// compiled once (Compile) into an immutable Set whose Match is pure and safe
// for concurrent use; it reports, per matched topic, the terms that fired and
// a relevance score.
//
// # Text
//
// An item's text is its title, summary, content and categories. HTML tags are
// removed from the summary and content and their character references decoded
// (the title and categories are plain text already). The text is then put in
// Unicode compatibility decomposition (NFKD), combining marks are dropped (so
// "TRÁFICO", "tráfico" and "trafico" are the same word, and ligatures and
// full-width letters become plain letters), and every letter is case-folded.
//
// The text is split into words: maximal runs of letters and digits in any
// script. Everything else separates words, so "anti-trafficking" is the two
// words "anti" and "trafficking", "IJM's" is "ijm" and "s", and
// "antitrafficking" is one word that contains no word "trafficking". Scripts
// written without spaces (Thai, Khmer, Lao, Chinese, Japanese) come out as long
// runs, so whole-word terms rarely match them. The title, the summary, the
// content and each category are separate fields: a phrase never spans two.
//
// # Terms
//
// Each term of a topic is normalised and split the same way, which makes
// matching case- and accent-insensitive and whole-word:
//
//   - a word ("slavery") matches that word;
//   - a phrase ("forced labour", "anti-trafficking") matches its words
//     consecutively within one field;
//   - a trailing '*' makes the last word a prefix: "traffick*" matches
//     trafficking, trafficked and traffickers, "human traffick*" matches
//     "human traffickers". The prefix needs at least 3 letters; '*' anywhere
//     else is an error.
//
// # Rules, in evaluation order
//
// For each topic, in the order given to Compile:
//
//  1. Every occurrence of every none term is found; their word spans are the
//     excluded spans.
//  2. An occurrence of an any term counts only if it shares no word with an
//     excluded span. The "trafficking" of "drug trafficking" therefore does
//     not count when "drug trafficking" is a none term, while "human
//     trafficking" or "trafficking victims" elsewhere in the same item still
//     does: "trafficking victims rescued from a drug ring" matches.
//  3. Every all term must occur (anywhere, excluded spans included).
//  4. The topic matches when step 3 holds and either
//     - the topic has any terms and at least one occurrence counted in step 2, or
//     - the topic has no any terms and no none term occurs at all.
//
// So none terms veto the any hits they overlap, not the item: write a none
// term as the phrase that contains the ambiguous any word ("wildlife
// trafficking", not "wildlife"). A none word that overlaps no any hit
// excludes nothing unless the topic has no any terms.
//
// # Score
//
// Each fired term (counted any terms and all terms) scores one point per
// occurrence, two when the occurrence is in the title, at most 5 per term,
// plus 0.5 for the term itself; the topic's score is the sum. Terms are
// reported as written, any terms first, in topic order. The score is
// deterministic: the same item and topics always give the same number.
//
// # Validation
//
// Compile reports every problem at once, each naming the topic and term, as
// in `topics[0] (trafficking): any[3]: empty term`. A name must be non-empty,
// made of lowercase ASCII letters, digits and '-', and unique. A topic needs
// at least one any or all term. A term must contain a letter or digit, may
// carry '*' only at its end after at least 3 letters, and may appear only
// once per topic across any, all and none (compared after normalisation).
package filters
