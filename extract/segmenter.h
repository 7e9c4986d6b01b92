// Segmenter: sentences and words with ICU BreakIterator.
//
// Owns: the prototype break iterators (cloned per call, so a Segmenter is shared by threads)
// and the split of apostrophe clitics (French l', d', qu'; English 's) from words.
// Input: original UTF-8 text (sentences) or normalized text (words). Output: byte spans.
//   kg::Segmenter seg({"l'", "d'"}, {"'s"});
//   auto sents = seg.sentences(text, "fr");  auto words = seg.words(normalized);
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graph/records.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace kg {

class Segmenter {
public:
    // `prefixes` and `suffixes` are folded clitics that contain an apostrophe ("l'", "'s"):
    // a word that starts or ends with one is split in two. Throws std::runtime_error when
    // ICU's break rules cannot be loaded.
    Segmenter(std::set<std::string> prefixes = {}, std::set<std::string> suffixes = {});
    ~Segmenter();

    // Sentence spans of `text` (byte offsets, trailing white space excluded, empty sentences
    // dropped), with the rules of `lang` and its abbreviation suppressions ("M. Lavrov" is
    // one sentence in French), and an initial ("S. Jaishankar") never ends one. Line ends
    // always end a sentence. Thread-safe.
    std::vector<Span> sentences(std::string_view text, const std::string& lang) const;
    // Word spans (letters or digits; punctuation and spaces are not words). With `max_words`,
    // stops once that many are found (the first spans of the whole answer). Thread-safe.
    std::vector<Span> words(std::string_view text, std::size_t max_words = static_cast<std::size_t>(-1)) const;

private:
    std::vector<Span> split_sentences(std::string_view text, const std::string& lang) const;
    std::unique_ptr<icu::BreakIterator> sentence_iterator(const std::string& lang) const;

    std::set<std::string> prefixes_;
    std::set<std::string> suffixes_;
    std::unique_ptr<icu::BreakIterator> word_proto_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::unique_ptr<icu::BreakIterator>> sentence_protos_;
};

}  // namespace kg
