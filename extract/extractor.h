// Extractor: one article in, its entities, meetings and relations out.
//
// Owns: the per-article pipeline: language, normalization, boilerplate, sentences, words,
// lexicon mentions, people found after titles, surname chains, and the meeting, export and
// agreement frames with their roles, modality and dates.
// Input: an Article and the loaded Lexicon. Output: an Extraction of node and edge records
// keyed by canonical keys, every one carrying its evidence (article, byte span, sentence).
//   kg::Extractor ex(*lexicon, keyer);
//   kg::Extraction x = ex.extract(article);  graph.merge(x);
// Extraction is a pure function of the article and the loaded data: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "extract/article.h"
#include "extract/lexicon.h"
#include "extract/name_key.h"
#include "graph/records.h"

namespace kg {

struct PhraseIndexes;  // extractor.cpp: each phrase list indexed by its first word

// What extraction makes of an article before it needs the lexicon: its language
// (article.language when set, else CLD2's guess) and its folded text. Made apart, it lets a
// pipeline read and prepare articles while the lexicon is still loading. Thread-safe.
struct PreparedArticle {
    std::string lang;
    NormalizedText text;
};
PreparedArticle prepare_article(const Article& article, const Normalizer& norm);

class Extractor {
public:
    Extractor(const Lexicon& lexicon, const NameKeyer& keyer);

    // Extracts everything from `article`. The language is article.language when set, else
    // CLD2's guess. Never throws for any valid UTF-8 text (std::bad_alloc aside).
    Extraction extract(const Article& article) const;
    // The same extraction, from what prepare_article made of `article` (with any Normalizer:
    // they all fold alike).
    Extraction extract(const Article& article, PreparedArticle&& prepared) const;
    // What was found in each sentence (mentions, triggers, modality, titles), as text: the
    // developer's and the curious user's view of one article. Thread-safe.
    std::string trace(const Article& article) const;
    // The lexicon's normalizer (what prepare_article may be given).
    const Normalizer& normalizer() const { return lex_.normalizer(); }
    // How many words each thread remembers from article to article, in all (16 384 unless
    // set): what it worked out for a word (clitic forms, where phrases and gazetteer entries
    // may start, stems) is reused, and the memory is emptied before an article once it holds
    // this many. 0 remembers nothing past each article. Changes no output, only the time taken.
    void set_word_memory(std::size_t words) { word_memory_ = words; }

private:
    const Lexicon& lex_;
    const NameKeyer& keyer_;
    // The cross-script name key of every lexicon person's every name, so that a name found
    // after a title in a spelling the lexicon lacks still joins the known person. Keys shared
    // by two people map to nothing.
    std::unordered_map<std::string, std::int64_t> person_by_key_;
    std::shared_ptr<const PhraseIndexes> phrases_;
    // Tells this extractor's word memory (extractor.cpp, WordCache) from another's, even one
    // built at the same address after this one is gone.
    std::uint64_t id_;
    std::size_t word_memory_ = 16384;
};

}  // namespace kg
