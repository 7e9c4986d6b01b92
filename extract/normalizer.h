// Normalizer: the one text fold used for matching, on articles and lexicon entries alike.
//
// Owns: ICU's NFKC case fold plus the folds ICU lacks (Arabic-script letter variants, harakat,
// tatweel, Devanagari nukta and candrabindu, native digits, typographic apostrophes and
// hyphens, bidi controls, ZWNJ as a space, Latin/Cyrillic diacritics), the fold of homoglyphs
// inside a word that mixes Latin with Cyrillic or Greek letters ("Lаvrov" with a Cyrillic а is
// "lavrov"), and the map from every normalized byte back to the original byte offset.
// Input: UTF-8 text. Output: NormalizedText (folded UTF-8 + offset map).
//   kg::Normalizer norm;                       // builds its tables once
//   auto nt = norm.normalize(article_text);    // nt.text, nt.original_span(b, e)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/records.h"

namespace kg {

struct NormalizedText {
    std::string text;
    // to_original[i] is the byte offset, in the original, of the code point that produced
    // normalized byte i; to_original[text.size()] is the original's length.
    std::vector<std::uint32_t> to_original;
    std::uint32_t original_size = 0;
    // The original bytes [begin, end) that produced normalized bytes [nb, ne).
    Span original_span(std::uint32_t nb, std::uint32_t ne) const;
};

class Normalizer {
public:
    // Builds the per-code-point table for the Basic Multilingual Plane (about 5 ms).
    // Throws std::runtime_error when ICU's normalization data cannot be loaded.
    Normalizer();

    // Folds valid UTF-8 `text`; invalid sequences are folded to U+FFFD (readers validate
    // first). Thread-safe: the tables are read-only after construction.
    NormalizedText normalize(std::string_view text) const;
    // The folded string only.
    std::string fold(std::string_view text) const;

    // The fold of one code point, for tests and for the rule-text oracle.
    std::string fold_code_point(char32_t cp) const;
    // `text` (valid UTF-8, not folded) with every mixed-script word written in its majority
    // script, as unmix_scripts does for folded text. Thread-safe.
    std::string unmix(std::string_view text) const;

private:
    void append_fold(char32_t cp, std::string& out) const;
    // Rewrites, in words that mix scripts, each letter of the minority script (Latin against
    // Cyrillic or Greek) that ICU's confusables data says looks like a letter of the majority
    // script, keeping the offset map in step.
    void unmix_scripts(NormalizedText& nt) const;

    // Folded Cyrillic and Greek letters that look like one ASCII letter, and back (Cyrillic).
    std::vector<std::pair<char32_t, char>> to_latin_;
    char32_t to_cyrillic_[26] = {};

    std::vector<std::uint32_t> offsets_;  // BMP code point -> start in pool_ (size 0x10001)
    std::string pool_;
};

// Decodes one UTF-8 code point at `pos` (advancing it); returns U+FFFD for a bad sequence.
char32_t next_code_point(std::string_view s, std::size_t& pos);
// Appends the UTF-8 encoding of cp.
void append_utf8(char32_t cp, std::string& out);
// True when `s` is well-formed UTF-8 (no surrogates, no overlongs); `bad_at` gets the offset.
bool valid_utf8(std::string_view s, std::size_t* bad_at = nullptr);

// A name as it may be shown: bidi controls and invisible joiners removed (they can make a name
// display as another), a word that mixes Latin with Cyrillic or Greek look-alikes written in its
// majority script, C0 controls and line breaks turned into spaces, runs of spaces collapsed and
// the ends trimmed. ZWNJ is kept: it separates the parts of Persian words. `norm` supplies the
// look-alike tables. Thread-safe.
std::string display_safe(std::string_view name, const Normalizer& norm);

// Applies display_safe to every node name, surface form and attribute of `x` (not to evidence:
// sentences stay the article's exact bytes). Thread-safe for distinct extractions.
void make_display_safe(Extraction& x, const Normalizer& norm);

}  // namespace kg
