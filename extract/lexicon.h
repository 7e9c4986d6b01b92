// Lexicon: every data file under extract/lexicons, loaded once and then only read.
//
// Owns: the entity table (countries from ICU's locale data and the world/ files, places,
// organisations, commodities, people), the gazetteer from folded token sequences to entities,
// and each language's titles, triggers, modality words, stop words, clitics, boilerplate
// markers, month and weekday names and inflection endings.
// Input: the lexicon directory. Output: read-only lookups, safe to share between threads.
//   kg::Normalizer norm;  auto lex = kg::Lexicon::load("extract/lexicons", norm);
//   if (auto* hits = lex.lookup("وزير الخارجية")) ...
#pragma once

#include <bitset>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/normalizer.h"
#include "extract/segmenter.h"
#include "graph/records.h"

namespace kg {

// A data file problem; what() holds one "path:line: problem" per line.
class DataError : public std::runtime_error {
public:
    explicit DataError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

struct EntityInfo {
    std::string key;   // "country:RU", "person:sergey-lavrov", ...
    NodeKind kind = NodeKind::Country;
    std::string name;  // English name
    std::string iso;   // the country it belongs to, or empty
    std::string type;  // capital, port, intl, energy, ... (the data file's type column)
    std::vector<std::string> offices;
};

struct GazetteerHit {
    std::uint32_t entity = 0;
    bool demonym = false;     // an adjective or demonym standing for a country
    bool short_form = false;  // a lexicon person's distinctive surname alone
    bool exact_case = false;  // an acronym such as "US": must match with the same letter case
    std::string form;         // the form as written in the data file
    std::string lang;         // the language column it came from
};

// A phrase of folded tokens. kSlot stands for a country name or adjective in titles.
struct Phrase {
    std::vector<std::string> tokens;
    bool prefix_last = false;  // a trailing '*': the last token matches as a prefix
    std::string value;         // office, relation or status
};

// A word that gives a country its role in a trade: "from" (source), "to" (destination),
// "via" (transit). position: before the name, after it (Hindi से), or glued to it (Arabic لـ).
struct RoleMarker {
    std::string form;
    std::string role;
    std::string position;
};

struct LanguageData {
    std::vector<Phrase> titles;
    std::vector<Phrase> group_titles;  // plural titles: "foreign ministers", "the two leaders"
    std::vector<Phrase> triggers;
    std::vector<Phrase> modality;
    std::unordered_set<std::string> stopwords;  // looked up for most tokens: hashed
    std::vector<std::string> prefixes;  // clitics glued before a word, longest first
    std::vector<std::string> suffixes;  // clitics glued after a word, longest first
    // Prefixes that stand for a longer form: Arabic لل is ل + ال (pairs of prefix, what is
    // put back in its place after the first letter is taken as the clitic).
    std::vector<std::pair<std::string, std::string>> replacements;
    std::vector<std::pair<std::string, std::string>> boilerplate;  // folded form, where
    std::unordered_map<std::string, int> months, weekdays, months_persian, months_hijri;
    // "today" 0, "yesterday" -1, "tomorrow" 1; kNoDay for a phrase that is no day ("آج کل")
    static constexpr int kNoDay = 100;
    std::unordered_map<std::string, int> relative_days;
    // The first word of every month, weekday and relative day name above: a word outside it
    // (and not a number) begins no date.
    std::unordered_set<std::string> date_heads;
    // Dates in digits (18/04/2024) put the day first; `ambiguous` when the month may come
    // first too (English): then only a day above 12 tells which is which.
    bool numeric_dates_ambiguous = false;
    // The verb ends the clause (Persian, Urdu, Hindi): where a meeting was is told before its verb.
    bool verb_final = false;
    // The words that join two names ("and", "y", "و"), folded: "the foreign ministers,
    // José Manuel Albares and Álvaro Leyva".
    std::set<std::string> and_words;
    std::vector<RoleMarker> roles;
    std::vector<Phrase> org_heads;  // value "first" or "last": where the word stands in the name
    std::vector<Phrase> units;      // value: the unit or ISO currency code
    // "the Kingdom", "السلطنة": a state's form standing for the one country of the article
    // that has it; value: the ISO codes of the countries of that form, '|'-separated
    std::vector<Phrase> state_forms;
    std::map<std::string, double> number_words;  // folded word -> multiplier
    std::vector<std::string> inflections;  // endings stripped to compare stems, longest first
    // The last bytes of those endings: a token ending in any other byte has no ending to strip.
    std::bitset<256> inflection_last_bytes;
};

class Lexicon {
public:
    static constexpr const char* kSlot = "\x01";
    static constexpr const char* kLanguages[] = {"en", "fr", "es", "ru", "ar", "fa", "ur", "hi"};

    // Loads and checks every file. Throws DataError listing every problem found.
    static std::unique_ptr<Lexicon> load(const std::filesystem::path& dir, const Normalizer& norm);
    // Loads like load() and returns the problems instead of throwing (empty when all is well).
    static std::vector<std::string> check(const std::filesystem::path& dir, const Normalizer& norm);

    const std::vector<EntityInfo>& entities() const { return entities_; }
    const EntityInfo& entity(std::uint32_t i) const { return entities_[i]; }
    // The entity with this key, or nullptr.
    const EntityInfo* find(const std::string& key) const {
        auto it = by_key_.find(key);
        return it == by_key_.end() ? nullptr : &entities_[it->second];
    }
    // Hits for a space-joined sequence of folded tokens, or nullptr.
    const std::vector<GazetteerHit>* lookup(const std::string& tokens) const;
    // Hits when each token is reduced to its stem (languages with inflection endings).
    const std::vector<GazetteerHit>* lookup_stem(const std::string& stems) const;
    // The longest entry, in tokens.
    std::size_t max_tokens() const { return max_tokens_; }
    // The most tokens of an entry (or stem entry) whose first token is `word`; 0 when no
    // entry starts with it. Lets a caller skip words that begin nothing.
    std::size_t longest_from(const std::string& word) const;
    // The grammar of a language, or nullptr for a language without data.
    const LanguageData* language(const std::string& lang) const;
    // The token with the longest of `lang`'s inflection endings removed (a stem of at least
    // four letters remains), or the token itself.
    std::string stem(const std::string& token, const LanguageData& lang) const;
    // The length in bytes of that stem (the token's own length when nothing is removed).
    std::size_t stem_length(std::string_view token, const LanguageData& lang) const;
    const Segmenter& segmenter() const { return *segmenter_; }
    const Normalizer& normalizer() const { return *norm_; }
    // Folds and tokenizes a form the way articles are: tokens joined by one space.
    std::string token_key(std::string_view form) const;
    std::vector<std::string> tokens(std::string_view form) const;
    // The commodities whose kind_of is `generic` (Sputnik V is a kind of vaccine), or nullptr.
    const std::set<std::uint32_t>* specifics(std::uint32_t generic) const {
        auto it = specifics_.find(generic);
        return it == specifics_.end() ? nullptr : &it->second;
    }
    // Lower-case words that may stand inside a name (bin, de, von), folded.
    bool is_particle(const std::string& token) const { return particles_.count(token) > 0; }
    // True when some lexicon person's name begins with this folded word (a given name).
    bool is_given_name(const std::string& token) const { return given_names_.count(token) > 0; }
    // Every full name of every lexicon person, as written: (entity, form).
    const std::vector<std::pair<std::uint32_t, std::string>>& person_forms() const { return person_forms_; }
    // Number of gazetteer keys, for stats.
    std::size_t gazetteer_size() const { return gazetteer_.size(); }

private:
    // A blocked Bloom filter of a table's keys (about 16 bits a key; three bits in one 64-bit
    // word per key): most candidate word sequences an article offers are in no table, and this
    // says so from one small array instead of the hash table's scattered buckets and nodes.
    class KeyFilter {
    public:
        void build(const std::unordered_map<std::string, std::vector<GazetteerHit>>& table);
        // False: the key is certainly not in the table.
        bool may_hold(std::string_view key) const;

    private:
        static std::uint64_t bits(std::size_t hash) {
            return (std::uint64_t{1} << ((hash >> 40) & 63)) | (std::uint64_t{1} << ((hash >> 46) & 63)) |
                   (std::uint64_t{1} << ((hash >> 52) & 63));
        }
        std::vector<std::uint64_t> words_{0};
    };

    Lexicon() = default;
    void load_all(const std::filesystem::path& dir, std::vector<std::string>& problems);

    const Normalizer* norm_ = nullptr;
    std::unique_ptr<Segmenter> segmenter_;
    std::vector<EntityInfo> entities_;
    std::unordered_map<std::string, std::uint32_t> by_key_;
    std::unordered_map<std::string, std::vector<GazetteerHit>> gazetteer_;
    std::unordered_map<std::string, std::vector<GazetteerHit>> stems_;
    std::unordered_map<std::string, std::size_t> heads_;  // first word -> longest entry, in words
    KeyFilter gazetteer_filter_, stems_filter_;
    std::size_t max_tokens_ = 1;
    std::map<std::uint32_t, std::set<std::uint32_t>> specifics_;
    std::vector<std::pair<std::uint32_t, std::string>> person_forms_;
    std::set<std::string> particles_;
    std::set<std::string> given_names_;
    std::map<std::string, LanguageData> languages_;

    friend class LexiconBuilder;
};

}  // namespace kg
