#include "extract/extractor.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "extract/dates.h"
#include "extract/language_id.h"
#include "extract/view_hash.h"

namespace kg {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::uint32_t kUnset = static_cast<std::uint32_t>(-1);

// Characters that end a name or a multi-word entry when they stand between two words.
bool breaks_name(std::string_view gap) {
    if (gap == "'") return false;  // an elision inside a phrase: l'Afghanistan
    // Most gaps are spaces: nothing below is in them.
    if (gap.find_first_not_of(' ') == std::string_view::npos) return false;
    static const char* const kBreaks[] = {",", ";", ":", "(", ")", "[", "]", "\"", "!", "?",
                                          "«", "»", "“", "”", "„", "،", "؛", "؟", "।", "۔", "|",
                                          "/", "'", "—", "–", "…", "\n"};
    for (const char* b : kBreaks)
        if (gap.find(b) != std::string_view::npos) return true;
    return false;
}

bool has_quote(std::string_view gap) {
    static const char* const kQuotes[] = {"'", "\"", "«", "»", "“", "”", "„"};
    for (const char* q : kQuotes)
        if (gap.find(q) != std::string_view::npos) return true;
    return false;
}

struct Tok {
    std::uint32_t b = 0, e = 0;  // normalized byte span
    std::string text;             // folded
    std::string gap_before;       // normalized text between the previous word and this one
    bool brk = false;             // gap_before breaks a name
    bool gap_breaks = false;      // breaks_name(gap_before)
    std::uint32_t word = 0;       // the article's distinct words: index into ArticleRun::words_
    bool cap = false;             // written with a capital letter
    bool cased_script = false;    // Latin, Cyrillic or Greek: capitals mean something
    bool digit = false;
};

struct Mention {
    std::size_t first = 0, last = 0;  // token range, inclusive
    std::string key;
    NodeKind kind = NodeKind::Person;
    std::string name;         // canonical name
    std::string iso;          // a country the entity belongs to, if known
    bool demonym = false;
    bool short_form = false;  // lexicon surname alone
    std::string prefix;       // a clitic stripped from the first word (Arabic ل, ب ...)
    std::string office;       // for people found after a title
    std::string title_iso;    // the country the title says the person serves
    std::size_t title_first = kNone;
    std::string reason;
    bool listed = false;      // from the lexicon
    bool anaphor = false;     // a title standing for a person named elsewhere: no name form
    std::uint32_t entity = 0; // lexicon index when listed
    std::string type;         // the lexicon's type column (capital, group, energy ...)
    std::vector<std::uint32_t> others;  // other entities of the same kind the words could name
    std::uint32_t goods = kUnset;       // a demonym that is also the name of goods (Hindi चीनी: sugar)
};

struct Sentence {
    Span orig;                   // original bytes
    std::size_t first_tok = 0;   // tokens [first_tok, end_tok)
    std::size_t end_tok = 0;
    std::string text;            // original text
    // Its reference in the sentence store (graph/sentence_store.h) once evidence quotes it: a
    // spilled sentence is written once per article, not once per mention.
    mutable std::optional<std::uint32_t> ref;
};

struct MeetingDraft {
    std::set<std::string> attendees;
    std::set<std::string> persons;
    std::string place;
    std::string date;
    std::string date_end;  // last day of a span ("6 و7 أبريل"), else empty
    std::string status;
    std::set<std::size_t> sentences;
    std::size_t last_sentence = 0;
    bool same_occasion = false;  // told as part of the lead's occasion ("Earlier in the day")
};

struct PhraseHit {
    std::size_t first = 0, end = 0;  // token range [first, end)
    std::string value;
    std::string iso;                 // the slot's country, for titles
};

// Makes `m` another mention of the person `who` is (key, name, country, lexicon entry).
void adopt_identity(Mention& m, const Mention& who) {
    m.key = who.key;
    m.name = who.name;
    m.iso = who.iso;
    m.entity = who.entity;
    m.listed = who.listed;
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string key_suffix(const std::string& key) {
    auto c = key.find(':');
    return c == std::string::npos ? key : key.substr(c + 1);
}

int kind_priority(NodeKind k) {
    switch (k) {
        case NodeKind::Person: return 0;
        case NodeKind::Organization: return 1;
        case NodeKind::Country: return 2;
        case NodeKind::Place: return 3;
        case NodeKind::Commodity: return 4;
        default: return 9;
    }
}

}  // namespace

// A phrase list (titles, triggers ...) indexed by its first word, so that a sentence is
// matched against the few phrases that can start at each word instead of all of them.
struct PhraseIndex {
    std::unordered_map<std::string, std::vector<std::uint32_t>> first;   // exact first word
    std::unordered_map<std::string, std::vector<std::uint32_t>> prefix;  // one word ending in '*'
    std::vector<std::uint32_t> slot_first;                               // "{C} ..." phrases
    // The "{C} ..." phrases again, by the word after the slot: with no country at a word, a
    // slot phrase can only begin there with its second word (slot_any: every other one).
    std::unordered_map<std::string, std::vector<std::uint32_t>> slot_second;
    std::vector<std::uint32_t> slot_any;
    std::vector<std::size_t> prefix_lengths;                             // bytes, ascending
};

struct PhraseIndexes {
    std::unordered_map<const std::vector<Phrase>*, PhraseIndex> by_list;
    // The first word of every language's boilerplate forms: a line whose first word is none
    // of them is no furniture, and is not tokenized whole.
    std::unordered_set<std::string> boiler_heads;
};

namespace {

PhraseIndex index_phrases(const std::vector<Phrase>& phrases) {
    PhraseIndex ix;
    for (std::uint32_t i = 0; i < phrases.size(); ++i) {
        const Phrase& ph = phrases[i];
        if (ph.tokens.empty()) continue;
        if (ph.tokens[0] == Lexicon::kSlot) {
            ix.slot_first.push_back(i);
            // The word after an empty slot is compared as written (no clitic variants).
            if (ph.tokens.size() >= 2 && ph.tokens[1] != Lexicon::kSlot &&
                !(ph.tokens.size() == 2 && ph.prefix_last))
                ix.slot_second[ph.tokens[1]].push_back(i);
            else
                ix.slot_any.push_back(i);
        } else if (ph.tokens.size() == 1 && ph.prefix_last) {
            ix.prefix[ph.tokens[0]].push_back(i);
            ix.prefix_lengths.push_back(ph.tokens[0].size());
        } else {
            ix.first[ph.tokens[0]].push_back(i);
        }
    }
    std::sort(ix.prefix_lengths.begin(), ix.prefix_lengths.end());
    ix.prefix_lengths.erase(std::unique(ix.prefix_lengths.begin(), ix.prefix_lengths.end()),
                            ix.prefix_lengths.end());
    return ix;
}

using Variants = std::vector<std::pair<std::string, std::string>>;

std::uint64_t next_extractor_id() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

// What is known of a word of one language: its clitic variants, whether it is a stop word
// (-1: not yet asked) and the longest gazetteer entry it may begin (kNone: not yet asked).
struct Word {
    Variants variants;
    mutable signed char stop = -1;
    mutable std::size_t longest = kNone;
};

// The phrases of one list that may begin with each word: candidates pool[begin, end), begin
// kUnset until asked.
struct PhraseCache {
    const void* list = nullptr;
    std::vector<std::uint32_t> begin, end;
    std::vector<std::uint32_t> pool;
};

// What one thread knows of the words of one language for one extractor, kept from article to
// article: a news feed repeats its words (10 MB of the bench corpus has 513 000 distinct words
// article by article, 26 000 in all), so each is stripped of its clitics, looked up as the
// start of gazetteer entries and phrases, and stemmed once. Everything here is a function of the
// word, the language and the lexicon alone, so what a thread met before changes no output.
struct WordCache {
    std::uint64_t extractor = 0;
    std::string lang;
    std::unordered_map<std::string, std::uint32_t, ViewHash, std::equal_to<>> ids;
    std::vector<Word> words;
    std::vector<PhraseCache> phrase_caches;
    std::unordered_map<std::string, std::string> stems;
};

// The calling thread's cache for this extractor and language. Bounded: when the thread's caches
// hold `limit` words in all, they are emptied first (before an article, never during one: its
// tokens point into them). Some 400 bytes a word: a few MB a thread at the default limit.
WordCache& word_cache(std::uint64_t extractor, const std::string& lang, std::size_t limit) {
    thread_local std::vector<std::unique_ptr<WordCache>> caches;
    std::size_t held = 0;
    for (const auto& c : caches) held += c->words.size();
    if (held >= limit) caches.clear();
    for (auto& c : caches)
        if (c->extractor == extractor && c->lang == lang) return *c;
    // A cache of an extractor that is gone is never asked for again: at most a few exist.
    auto& c = caches.emplace_back(std::make_unique<WordCache>());
    c->extractor = extractor;
    c->lang = lang;
    return *c;
}

// Everything one article needs while it is being read.
class ArticleRun {
public:
    ArticleRun(const Lexicon& lex, const NameKeyer& keyer,
               const std::unordered_map<std::string, std::int64_t>& person_by_key,
               const PhraseIndexes& phrases, const Article& a, PreparedArticle&& prepared,
               std::uint64_t extractor, std::size_t word_memory)
        : lex_(lex), keyer_(keyer), person_by_key_(person_by_key), phrases_(phrases), article_(a),
          lang_(std::move(prepared.lang)), nt_(std::move(prepared.text)),
          words_cache_(word_cache(extractor, lang_, word_memory)), words_(words_cache_.words),
          phrase_caches_(words_cache_.phrase_caches), stems_(words_cache_.stems) {}

    Extraction run();
    // A readable account of what was found in each sentence, for `kg trace`.
    std::string trace() const;

private:
    void mark_boilerplate();
    void segment();
    bool first_variants(const std::string& tok, Variants& out) const;
    // first_variants of a token's word, computed once per article and word (the hot path of
    // every lookup).
    const Variants& variants_of(const Tok& tok) const { return words_[tok.word].variants; }
    // Lexicon::stem, computed once per article and word.
    const std::string& stem_of(const std::string& tok) const;
    std::optional<Mention> match_entity(std::size_t i, std::size_t end) const;
    void find_entities();
    bool match_phrase(const Phrase& ph, std::size_t k, std::size_t i, std::size_t end,
                      PhraseHit& hit) const;
    std::vector<PhraseHit> find_phrases(const std::vector<Phrase>& phrases, std::size_t first,
                                        std::size_t end, bool longest_only) const;
    void find_people_after_titles();
    void resolve_state_forms();
    void chain_surnames();
    void resolve_title_alone(const PhraseHit& title, const std::string& office, const std::string& iso,
                             std::size_t end);
    void resolve_generics();
    void find_unlisted_orgs();
    // The first quantity with a unit in tokens [first, end): attrs quantity+unit or value+currency.
    std::map<std::string, std::string> quantity_in(std::size_t first, std::size_t end, std::size_t near) const;
    void reindex();
    bool recurs_alone(std::size_t tok, std::size_t name_first) const;
    std::string find_published() const;
    void filter_short_forms();
    void relations();
    void emit_entities(Extraction& x);
    void emit_meetings(Extraction& x);

    Evidence evidence(std::size_t first_tok, std::size_t last_tok) const;
    Evidence sentence_evidence(std::size_t s) const;
    Evidence::SentenceRef sentence_ref(const Sentence& s) const;
    std::string original(std::size_t first_tok, std::size_t last_tok) const;
    std::size_t sentence_of(std::size_t tok) const;
    const Mention* mention_at(std::size_t tok) const;
    // The mentions that begin in tokens [first, end): mentions_ is sorted by first token.
    std::pair<std::vector<Mention>::const_iterator, std::vector<Mention>::const_iterator> mentions_in(
        std::size_t first, std::size_t end) const {
        auto by_first = [](const Mention& m, std::size_t t) { return m.first < t; };
        return {std::lower_bound(mentions_.begin(), mentions_.end(), first, by_first),
                std::lower_bound(mentions_.begin(), mentions_.end(), end, by_first)};
    }
    bool is_stop(const Tok& t) const;
    // True when the person `m` holds an office `fits` accepts: the title found with the name,
    // or one of the lexicon's offices for a listed person.
    bool holds_office(const Mention& m, const std::function<bool(const std::string&)>& fits) const;
    bool foreign_same_script(const std::string& hit_lang) const;
    std::vector<std::string> top_countries() const;
    void add_relation(Extraction& x, NodeKind kind, const std::string& key,
                      const std::vector<std::pair<std::string, std::string>>& roles,
                      const std::set<std::size_t>& sentences,
                      const std::map<std::string, std::string>& attrs);

    const Lexicon& lex_;
    const NameKeyer& keyer_;
    const std::unordered_map<std::string, std::int64_t>& person_by_key_;
    const PhraseIndexes& phrases_;
    const Article& article_;
    std::string lang_;
    const LanguageData* ld_ = nullptr;
    NormalizedText nt_;
    std::vector<Span> boiler_lines_;  // original byte ranges of furniture lines
    std::vector<Sentence> sents_;
    std::vector<Tok> toks_;
    std::vector<std::string> tok_texts_;  // toks_[i].text, for the date finder
    mutable std::unordered_map<std::string, std::size_t> token_counts_;  // for recurs_alone
    // What is known of each distinct word (Tok::word), kept by the thread across articles of
    // the same language (WordCache): no word is hashed, stripped or looked up twice.
    WordCache& words_cache_;
    std::vector<Word>& words_;
    std::vector<PhraseCache>& phrase_caches_;
    std::unordered_map<std::string, std::string>& stems_;  // for stem_of
    std::vector<Mention> mentions_;   // sorted by first token, non-overlapping
    std::vector<int> covered_;        // token -> mention index or -1
    std::vector<MeetingDraft> meetings_;
    std::map<std::string, std::string> person_side_;  // person key -> ISO of the side they speak for
    // The article's lead event: the first fact told with its day (see note_lead).
    struct Lead {
        std::string date, date_end, place;
        std::set<std::string> actors;  // its people and countries, and the countries of its people
    };
    std::optional<Lead> lead_;
    std::size_t event_sentences_ = 0;  // sentences so far that tell an event
    struct AgreementDraft {
        std::vector<std::pair<std::string, std::string>> roles;
        std::set<std::size_t> sentences;
        std::map<std::string, std::string> attrs;  // the first sentence's topic and date
    };
    std::map<std::string, AgreementDraft> agreements_;
    std::string published_;
    Extraction* out_ = nullptr;
};



// Page furniture ("Lire aussi ...", share buttons, comment forms, credits, hashtags) is found
// line by line with every language's markers: sites mix English furniture into any language.
void ArticleRun::mark_boilerplate() {
    const std::string& text = article_.text;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string_view line(text.data() + pos, eol - pos);
        auto trimmed = line;
        while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
        while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\r' || trimmed.back() == '\t'))
            trimmed.remove_suffix(1);
        bool furniture = false;
        if (!trimmed.empty() && trimmed.front() == '#') furniture = true;  // hashtag lines
        if (!trimmed.empty() && trimmed.front() == '[' && trimmed.back() == ']') furniture = true;  // credits
        if (!trimmed.empty() && trimmed.front() == '*' && trimmed.size() < 4) furniture = true;
        // A form's first word must be the line's (a form matches the whole line or its start).
        std::string key;
        if (!furniture) {
            const std::string folded = lex_.normalizer().fold(line);
            const std::vector<Span> head = lex_.segmenter().words(folded, 1);
            if (!head.empty() &&
                phrases_.boiler_heads.count(folded.substr(head[0].begin, head[0].end - head[0].begin)))
                key = lex_.token_key(line);
        }
        for (const char* l : Lexicon::kLanguages) {
            if (furniture || key.empty()) break;
            const LanguageData* d = lex_.language(l);
            if (!d) continue;
            for (const auto& [form, where] : d->boilerplate) {
                if (form.empty()) continue;
                if (where == "line" ? key == form
                                    : key.rfind(form, 0) == 0 && (key.size() == form.size() || key[form.size()] == ' ')) {
                    furniture = true;
                    break;
                }
            }
        }
        if (furniture) boiler_lines_.push_back(Span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(eol)});
        pos = eol + 1;
    }
}

void ArticleRun::segment() {
    const std::string& text = article_.text;
    auto in_boiler = [&](const Span& s) {
        for (const auto& b : boiler_lines_)
            if (s.begin >= b.begin && s.begin < b.end) return true;
        return false;
    };
    const Segmenter& seg = lex_.segmenter();
    auto& ids = words_cache_.ids;
    for (const Span& s : seg.sentences(text, lang_)) {
        if (in_boiler(s)) continue;
        // Normalized range of the sentence: the first normalized byte at or after each end.
        auto lo = std::lower_bound(nt_.to_original.begin(), nt_.to_original.end(), s.begin);
        auto hi = std::lower_bound(nt_.to_original.begin(), nt_.to_original.end(), s.end);
        auto nb = static_cast<std::uint32_t>(lo - nt_.to_original.begin());
        auto ne = static_cast<std::uint32_t>(hi - nt_.to_original.begin());
        if (ne > nt_.text.size()) ne = static_cast<std::uint32_t>(nt_.text.size());
        Sentence sent;
        sent.orig = s;
        sent.text = text.substr(s.begin, s.end - s.begin);
        sent.first_tok = toks_.size();
        std::string_view piece(nt_.text.data() + nb, ne - nb);
        std::uint32_t prev_end = nb;
        for (const Span& w : seg.words(piece)) {
            Tok t;
            t.b = nb + w.begin;
            t.e = nb + w.end;
            t.text = nt_.text.substr(t.b, t.e - t.b);
            t.gap_before = nt_.text.substr(prev_end, t.b - prev_end);
            t.gap_breaks = breaks_name(t.gap_before);
            t.brk = toks_.size() == sent.first_tok || t.gap_breaks;
            auto wit = ids.find(std::string_view(t.text));
            if (wit == ids.end()) {
                wit = ids.emplace(t.text, static_cast<std::uint32_t>(words_.size())).first;
                words_.emplace_back();
                first_variants(t.text, words_.back().variants);
            }
            t.word = wit->second;
            std::size_t op = nt_.to_original[t.b];
            char32_t cp = next_code_point(text, op);
            UErrorCode status = U_ZERO_ERROR;
            UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &status);
            t.cased_script = sc == USCRIPT_LATIN || sc == USCRIPT_CYRILLIC || sc == USCRIPT_GREEK;
            t.cap = u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp));
            t.digit = u_isdigit(static_cast<UChar32>(cp));
            prev_end = t.e;
            toks_.push_back(std::move(t));
        }
        sent.end_tok = toks_.size();
        if (sent.end_tok > sent.first_tok) sents_.push_back(std::move(sent));
    }
    covered_.assign(toks_.size(), -1);
    for (const auto& t : toks_) tok_texts_.push_back(t.text);
}

// The token as written, and the forms left when a clitic of the article's language is taken
// off its front (one or two clitics: و + ال). Pairs of (form, stripped prefix).
bool ArticleRun::first_variants(const std::string& tok, Variants& out) const {
    out.clear();
    out.emplace_back(tok, "");
    if (!ld_) return false;
    auto long_enough = [](const std::string& s) {
        std::size_t cps = 0;
        for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
        return cps >= 2;
    };
    for (const auto& p : ld_->prefixes) {
        if (p.find('\'') != std::string::npos) continue;  // split by the segmenter already
        if (tok.size() <= p.size() || tok.compare(0, p.size(), p) != 0) continue;
        std::string rest = tok.substr(p.size());
        if (!long_enough(rest)) continue;
        out.emplace_back(rest, p);
        for (const auto& q : ld_->prefixes) {
            if (q.find('\'') != std::string::npos) continue;
            if (rest.size() <= q.size() || rest.compare(0, q.size(), q) != 0) continue;
            std::string rest2 = rest.substr(q.size());
            if (long_enough(rest2)) out.emplace_back(rest2, p + q);
        }
    }
    for (const auto& [p, put_back] : ld_->replacements) {
        if (tok.size() <= p.size() || tok.compare(0, p.size(), p) != 0) continue;
        std::string rest = put_back + tok.substr(p.size());
        if (long_enough(rest)) out.emplace_back(rest, p);
    }
    for (const auto& s : ld_->suffixes) {
        if (s.find('\'') != std::string::npos) continue;
        if (tok.size() <= s.size() || tok.compare(tok.size() - s.size(), s.size(), s) != 0) continue;
        std::string rest = tok.substr(0, tok.size() - s.size());
        if (long_enough(rest)) out.emplace_back(rest, "");
    }
    return out.size() > 1;
}

const std::string& ArticleRun::stem_of(const std::string& tok) const {
    auto it = stems_.find(tok);
    if (it == stems_.end()) it = stems_.emplace(tok, ld_ ? lex_.stem(tok, *ld_) : tok).first;
    return it->second;
}

std::string ArticleRun::original(std::size_t first_tok, std::size_t last_tok) const {
    Span s = nt_.original_span(toks_[first_tok].b, toks_[last_tok].e);
    return article_.text.substr(s.begin, s.end - s.begin);
}

std::optional<Mention> ArticleRun::match_entity(std::size_t i, std::size_t end) const {
    const Word& word = words_[toks_[i].word];
    const Variants& variants = word.variants;
    // No entry is longer than the longest one that begins with this word (or its stem).
    if (word.longest == kNone) {
        std::size_t longest = 0;
        const bool stems = ld_ && !ld_->inflections.empty();
        for (const auto& [v, prefix] : variants) {
            longest = std::max(longest, lex_.longest_from(v));
            if (stems) longest = std::max(longest, lex_.longest_from(stem_of(v)));
        }
        word.longest = longest;
    }
    const std::size_t longest = word.longest;
    if (longest == 0) return std::nullopt;
    const std::size_t max_len = std::min(longest, end - i);
    for (std::size_t len = max_len; len >= 1; --len) {
        bool broken = false;
        for (std::size_t k = i + 1; k < i + len && !broken; ++k) broken = toks_[k].brk && !toks_[k].gap_before.empty() &&
                                                                       toks_[k].gap_breaks;
        if (broken) continue;
        std::string rest;
        for (std::size_t k = i + 1; k < i + len; ++k) {
            rest += ' ';
            rest += toks_[k].text;
        }
        std::string key;
        for (const auto& [v, prefix] : variants) {
            key.assign(v);
            key += rest;
            const std::vector<GazetteerHit>* hits = lex_.lookup(key);
            // Stems are compared only for names written with a capital where capitals exist
            // ("самой" must not become Самоа).
            if (!hits && ld_ && !ld_->inflections.empty() && (!toks_[i].cased_script || toks_[i].cap)) {
                std::string stems = stem_of(v);
                for (std::size_t k = i + 1; k < i + len; ++k) stems += " " + stem_of(toks_[k].text);
                hits = lex_.lookup_stem(stems);
                if (!hits) hits = lex_.lookup(stems);
            }
            if (!hits) continue;
            const GazetteerHit* best = nullptr;
            for (const auto& h : *hits) {
                if (h.exact_case && original(i, i + len - 1) != h.form) continue;
                // One word written the way another language of the same script writes a name
                // is too often a word of this language: Urdu برمی (Burmese) is Persian "picks".
                if (len == 1 && foreign_same_script(h.lang)) continue;
                // A surname alone must be capitalised where capitals exist.
                if (h.short_form && toks_[i].cased_script && !toks_[i].cap) continue;
                const EntityInfo& e = lex_.entity(h.entity);
                // Where capitals exist, a name of a place, person or country has one ("la paz" is
                // peace, "La Paz" the city); demonyms and goods are written in lower case.
                if (toks_[i].cased_script && !h.demonym &&
                    (e.kind == NodeKind::Place || e.kind == NodeKind::Person || e.kind == NodeKind::Country)) {
                    bool capital = false;
                    for (std::size_t k = i; k < i + len; ++k) capital = capital || toks_[k].cap;
                    if (!capital) continue;
                }
                if (!best) {
                    best = &h;
                    continue;
                }
                const EntityInfo& b = lex_.entity(best->entity);
                auto rank = [](const EntityInfo& x, const GazetteerHit& hh) {
                    return std::make_tuple(kind_priority(x.kind), hh.demonym, hh.short_form, x.key);
                };
                if (rank(e, h) < rank(b, *best)) best = &h;
            }
            if (!best) continue;
            const EntityInfo& e = lex_.entity(best->entity);
            Mention m;
            for (const auto& h : *hits)
                if (h.entity != best->entity && lex_.entity(h.entity).kind == e.kind && !h.demonym &&
                    std::find(m.others.begin(), m.others.end(), h.entity) == m.others.end())
                    m.others.push_back(h.entity);
            if (best->demonym)
                for (const auto& h : *hits)
                    if (!h.demonym && lex_.entity(h.entity).kind == NodeKind::Commodity) m.goods = h.entity;
            m.first = i;
            m.last = i + len - 1;
            m.key = e.key;
            m.kind = e.kind;
            m.name = e.name;
            m.iso = e.iso;
            m.demonym = best->demonym;
            m.short_form = best->short_form;
            m.prefix = prefix;
            m.listed = true;
            m.entity = best->entity;
            m.type = e.type;
            m.reason = std::string(best->short_form ? "lexicon surname" : "lexicon") + ": " +
                       best->form;
            return m;
        }
        if (len == 1) break;
    }
    return std::nullopt;
}

void ArticleRun::find_entities() {
    for (const auto& s : sents_) {
        for (std::size_t i = s.first_tok; i < s.end_tok;) {
            auto m = match_entity(i, s.end_tok);
            if (!m) {
                ++i;
                continue;
            }
            i = m->last + 1;
            mentions_.push_back(std::move(*m));
        }
    }
    // A demonym that is also a word for goods (Hindi and Urdu चीनी, چینی: Chinese, and sugar)
    // is the goods when it is listed with goods: "दवाइयां, वाहन और चीनी", "चीनी और दवाइयों".
    auto joined = [&](const Mention& a, const Mention& b) {  // a, then b, joined by a comma or "and"
        if (b.first == a.last + 1) {
            const std::string& gap = toks_[b.first].gap_before;
            return gap.find(',') != std::string::npos || gap.find("،") != std::string::npos;
        }
        return b.first == a.last + 2 && ld_ && ld_->and_words.count(toks_[a.last + 1].text) > 0;
    };
    for (std::size_t k = 0; k < mentions_.size(); ++k) {
        Mention& m = mentions_[k];
        if (m.goods == kUnset) continue;
        const bool after_goods = k > 0 && mentions_[k - 1].kind == NodeKind::Commodity && joined(mentions_[k - 1], m);
        const bool before_goods = k + 1 < mentions_.size() && mentions_[k + 1].kind == NodeKind::Commodity &&
                                  joined(m, mentions_[k + 1]);
        if (!after_goods && !before_goods) continue;
        const EntityInfo& e = lex_.entity(m.goods);
        m.entity = m.goods;
        m.key = e.key;
        m.kind = e.kind;
        m.name = e.name;
        m.iso = e.iso;
        m.type = e.type;
        m.demonym = false;
        m.reason += "; listed with goods";
    }
    // Words that could name two things ("IOC": Indian Oil or the Olympic Committee) name
    // the one the article also names unambiguously.
    std::set<std::uint32_t> sure;
    for (const auto& m : mentions_)
        if (m.listed && m.others.empty()) sure.insert(m.entity);
    for (auto& m : mentions_) {
        if (m.others.empty() || sure.count(m.entity)) continue;
        for (auto o : m.others)
            if (sure.count(o)) {
                const EntityInfo& e = lex_.entity(o);
                m.entity = o;
                m.key = e.key;
                m.name = e.name;
                m.iso = e.iso;
                m.type = e.type;
                m.reason += "; the article names " + e.name + " in full";
                break;
            }
    }
}

bool ArticleRun::match_phrase(const Phrase& ph, std::size_t k, std::size_t i, std::size_t end,
                              PhraseHit& hit) const {
    if (k == ph.tokens.size()) {
        hit.end = i;
        return true;
    }
    const std::string& want = ph.tokens[k];
    if (want.size() == 1 && want[0] == Lexicon::kSlot[0]) {
        if (i < end) {
            const Mention* m = mention_at(i);
            if (m && m->first == i && m->kind == NodeKind::Country) {
                std::string saved = hit.iso;
                hit.iso = key_suffix(m->key);
                if (match_phrase(ph, k + 1, m->last + 1, end, hit)) return true;
                hit.iso = saved;
            }
        }
        return match_phrase(ph, k + 1, i, end, hit);  // the slot may stay empty
    }
    if (i >= end) return false;
    if (k > 0 && i > hit.first && toks_[i].gap_breaks) return false;
    const std::string& t = toks_[i].text;
    const bool prefix = k + 1 == ph.tokens.size() && ph.prefix_last;
    auto eq = [&](const std::string& have) {
        if (prefix) return have.size() >= want.size() && have.compare(0, want.size(), want) == 0;
        return have == want;
    };
    if (eq(t)) return match_phrase(ph, k + 1, i + 1, end, hit);
    if (k == 0) {
        const Variants& variants = variants_of(toks_[i]);
        for (std::size_t v = 1; v < variants.size(); ++v)
            if (eq(variants[v].first)) return match_phrase(ph, k + 1, i + 1, end, hit);
    }
    return false;
}

std::vector<PhraseHit> ArticleRun::find_phrases(const std::vector<Phrase>& phrases, std::size_t first,
                                                std::size_t end, bool longest_only) const {
    std::vector<PhraseHit> out;
    const PhraseIndex* ix = nullptr;
    if (auto it = phrases_.by_list.find(&phrases); it != phrases_.by_list.end()) ix = &it->second;
    PhraseCache* cache = nullptr;
    if (ix) {
        for (auto& c : phrase_caches_)
            if (c.list == &phrases) cache = &c;
        if (!cache) {
            cache = &phrase_caches_.emplace_back();
            cache->list = &phrases;
        }
        // Words met since the list was last asked about.
        if (cache->begin.size() < words_.size()) {
            cache->begin.resize(words_.size(), kUnset);
            cache->end.resize(words_.size(), 0);
        }
    }
    std::vector<std::uint32_t> all;
    if (!ix)
        for (std::uint32_t k = 0; k < phrases.size(); ++k) all.push_back(k);
    std::string head;
    std::vector<std::uint32_t> merged;
    for (std::size_t i = first; i < end;) {
        std::optional<PhraseHit> best;
        // The phrases that can begin at word i: by the word or a form of it without a clitic,
        // by a leading part of it for one-word prefix phrases, and every "{C} ..." phrase;
        // found once per article and word.
        const std::uint32_t* cand = all.data();
        const std::uint32_t* cand_end = all.data() + all.size();
        if (ix) {
            const std::uint32_t w = toks_[i].word;
            if (cache->begin[w] == kUnset) {
                auto& pool = cache->pool;
                const std::size_t from = pool.size();
                pool.insert(pool.end(), ix->slot_any.begin(), ix->slot_any.end());
                if (auto f = ix->slot_second.find(toks_[i].text); f != ix->slot_second.end())
                    pool.insert(pool.end(), f->second.begin(), f->second.end());
                for (const auto& [form, clitic] : words_[w].variants) {
                    if (auto f = ix->first.find(form); f != ix->first.end())
                        pool.insert(pool.end(), f->second.begin(), f->second.end());
                    for (std::size_t n : ix->prefix_lengths) {
                        if (n > form.size()) break;
                        if (n < form.size() && (static_cast<unsigned char>(form[n]) & 0xC0) == 0x80) continue;
                        head.assign(form, 0, n);
                        if (auto f = ix->prefix.find(head); f != ix->prefix.end())
                            pool.insert(pool.end(), f->second.begin(), f->second.end());
                    }
                }
                std::sort(pool.begin() + static_cast<std::ptrdiff_t>(from), pool.end());
                pool.erase(std::unique(pool.begin() + static_cast<std::ptrdiff_t>(from), pool.end()), pool.end());
                cache->begin[w] = static_cast<std::uint32_t>(from);
                cache->end[w] = static_cast<std::uint32_t>(pool.size());
            }
            cand = cache->pool.data() + cache->begin[w];
            cand_end = cache->pool.data() + cache->end[w];
            // A country beginning here may fill the slot of any "{C} ..." phrase.
            const Mention* m = ix->slot_first.empty() ? nullptr : mention_at(i);
            if (m && m->first == i && m->kind == NodeKind::Country) {
                merged.clear();
                std::set_union(cand, cand_end, ix->slot_first.begin(), ix->slot_first.end(),
                               std::back_inserter(merged));
                cand = merged.data();
                cand_end = merged.data() + merged.size();
            }
        }
        for (; cand != cand_end; ++cand) {
            const Phrase& ph = phrases[*cand];
            PhraseHit h;
            h.first = i;
            if (!match_phrase(ph, 0, i, end, h) || h.end <= i) continue;
            if (!best || h.end > best->end) {
                h.value = ph.value;
                best = std::move(h);
            }
        }
        if (best) {
            i = longest_only ? best->end : i + 1;
            out.push_back(std::move(*best));
        } else {
            ++i;
        }
    }
    return out;
}

const Mention* ArticleRun::mention_at(std::size_t tok) const {
    // covered_ is rebuilt (reindex) whenever mentions_ changes before titles are read.
    if (tok >= covered_.size() || covered_[tok] < 0) return nullptr;
    return &mentions_[static_cast<std::size_t>(covered_[tok])];
}

bool ArticleRun::holds_office(const Mention& m, const std::function<bool(const std::string&)>& fits) const {
    if (fits(m.office)) return true;
    if (!m.listed) return false;
    const auto& offices = lex_.entity(m.entity).offices;
    return std::any_of(offices.begin(), offices.end(), fits);
}

bool ArticleRun::is_stop(const Tok& t) const {
    if (!ld_) return false;
    const Word& w = words_[t.word];
    if (w.stop < 0) {
        w.stop = 0;
        for (const auto& [form, clitic] : w.variants)  // the word itself first
            if (ld_->stopwords.count(form)) {
                w.stop = 1;
                break;
            }
    }
    return w.stop > 0;
}

bool ArticleRun::foreign_same_script(const std::string& hit_lang) const {
    if (!ld_ || hit_lang == lang_) return false;
    auto script = [](const std::string& l) {
        if (l == "en" || l == "fr" || l == "es") return 1;
        if (l == "ar" || l == "fa" || l == "ur") return 2;
        if (l == "ru") return 3;
        if (l == "hi") return 4;
        return 0;
    };
    return script(hit_lang) != 0 && script(hit_lang) == script(lang_);
}

std::size_t ArticleRun::sentence_of(std::size_t tok) const {
    auto it = std::upper_bound(sents_.begin(), sents_.end(), tok,
                               [](std::size_t t, const Sentence& s) { return t < s.first_tok; });
    return static_cast<std::size_t>(it - sents_.begin()) - 1;
}

// A name after a title ("Foreign Minister Asad Majeed Khan", "وزير الخارجية شاه محمود قريشي"),
// or a quoted name beside a title ("'تھمینه جنجوعا' ھمتای پاكستانی خود"), is a person.
void ArticleRun::find_people_after_titles() {
    if (!ld_ || ld_->titles.empty()) return;
    reindex();
    for (const auto& s : sents_) {
        auto titles = find_phrases(ld_->titles, s.first_tok, s.end_tok, true);
        std::vector<std::size_t> swallowed;  // first tokens of known names taken into a longer one
        std::set<std::size_t> trigger_starts;
        for (const auto& h : find_phrases(ld_->triggers, s.first_tok, s.end_tok, false))
            trigger_starts.insert(h.first);
        // "Petroleum Minister", "وزير النفط", "ministre du Pétrole": goods that name a
        // portfolio are part of the title, not traded goods.
        const std::size_t before = mentions_.size();
        mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(),
                                       [&](const Mention& m) {
                                           if (m.kind != NodeKind::Commodity) return false;
                                           for (const auto& t : titles) {
                                               if (m.last + 1 == t.first || m.first == t.end) return true;
                                               if (m.first == t.end + 1 && is_stop(toks_[t.end])) return true;
                                           }
                                           return false;
                                       }),
                        mentions_.end());
        if (mentions_.size() != before) reindex();
        auto title_starts = [&](std::size_t tok) {
            for (const auto& t : titles)
                if (t.first == tok) return &t;
            return static_cast<const PhraseHit*>(nullptr);
        };
        for (std::size_t ti = 0; ti < titles.size(); ++ti) {
            PhraseHit title = titles[ti];
            // A title may be a chain: "le secrétaire ..., le Dr Asad Majeed Khan".
            std::size_t pos = title.end;
            std::string office = title.value;
            std::string iso = title.iso;
            for (int hops = 0; hops < 3 && pos < s.end_tok; ++hops) {
                if (const PhraseHit* next = title_starts(pos)) {
                    if (iso.empty()) iso = next->iso;
                    if (next->value != "honorific") office = next->value;
                    pos = next->end;
                    continue;
                }
                if (pos + 1 < s.end_tok && is_stop(toks_[pos]) && title_starts(pos + 1)) {
                    ++pos;
                    continue;
                }
                break;
            }
            // A country right after the title, or after one small word, says whose office it
            // is even where the data wrote no slot: "homologue marocain", "Minister of Egypt",
            // "министра иностранных дел Турции".
            for (int hops = 0; hops < 2 && pos < s.end_tok; ++hops) {
                std::size_t at = pos;
                // One small word may stand between in scripts with capitals ("of Egypt"); in
                // others it is too often a clause ("لوزير الخارجية أن باكستان تريد").
                if (covered_[at] < 0 && at + 1 < s.end_tok && is_stop(toks_[at]) && toks_[at].cased_script) ++at;
                if (covered_[at] < 0) break;
                const Mention& c = mentions_[static_cast<std::size_t>(covered_[at])];
                if (c.kind != NodeKind::Country || c.first != at) break;
                if (iso.empty()) iso = key_suffix(c.key);
                pos = c.last + 1;
            }
            auto attach = [&](Mention& m) {
                if (m.office.empty()) m.office = office;
                if (m.title_iso.empty()) m.title_iso = iso;
                if (m.title_first == kNone) m.title_first = title.first;
            };
            if (pos < s.end_tok && covered_[pos] >= 0) {
                Mention& m = mentions_[static_cast<std::size_t>(covered_[pos])];
                // A lexicon surname that begins a longer name is only that name's first word
                // ("Tariq Rana" is not Haitham bin Tariq).
                const bool longer = m.short_form && pos + 1 < s.end_tok && covered_[pos + 1] < 0 &&
                                    !toks_[pos + 1].gap_breaks && !is_stop(toks_[pos + 1]) &&
                                    (!toks_[pos].cased_script || toks_[pos + 1].cap);
                if (!longer) {
                    if (m.kind == NodeKind::Person && m.first == pos) attach(m);
                    continue;
                }
            }
            std::size_t first = pos;
            std::size_t last = kNone;
            // A quoted name right before the title ("'تھمینه جنجوعا' ھمتای پاكستانی خود").
            if (title.first > s.first_tok && has_quote(toks_[title.first].gap_before)) {
                std::size_t end_q = title.first - 1;
                for (std::size_t k = end_q + 1; k-- > s.first_tok && end_q - k < 4;) {
                    if (covered_[k] >= 0) break;
                    if (has_quote(toks_[k].gap_before)) {
                        if (covered_[end_q] < 0) {
                            first = k;
                            last = end_q;
                        }
                        break;
                    }
                    if (k > s.first_tok && toks_[k].gap_breaks) break;
                }
            }
            // The words after the title.
            if (last == kNone && pos < s.end_tok) {
                const bool cased = toks_[pos].cased_script;
                std::size_t words = 0;  // particles (bin, بن, बिन) do not count towards the limit
                swallowed.clear();
                for (std::size_t k = pos; k < s.end_tok && k < pos + 8 && words < 4; ++k) {
                    const Tok& t = toks_[k];
                    if (!lex_.is_particle(t.text)) ++words;
                    if (k > pos && t.gap_breaks) break;
                    const bool short_form = covered_[k] >= 0 && mentions_[static_cast<std::size_t>(covered_[k])].short_form;
                    // "Khaled bin Mohamed bin Zayed": after "bin" a whole known name is the
                    // father's, part of this one.
                    if (covered_[k] >= 0 && k > pos && lex_.is_particle(toks_[k - 1].text)) {
                        const Mention& inner = mentions_[static_cast<std::size_t>(covered_[k])];
                        if (inner.kind == NodeKind::Person && inner.first == k) {
                            swallowed.push_back(inner.first);
                            last = inner.last;
                            k = inner.last;
                            continue;
                        }
                    }
                    if ((covered_[k] >= 0 && !short_form) || title_starts(k) || t.digit || trigger_starts.count(k)) break;
                    if (cased) {
                        // "Khaled bin Mohamed bin Zayed": a particle between capitalised words.
                        const bool particle = !t.cap && k > pos && lex_.is_particle(t.text) && k + 1 < s.end_tok &&
                                              toks_[k + 1].cap && !toks_[k + 1].gap_breaks;
                        if ((!t.cap && !particle) || (k == pos && is_stop(t))) break;
                        if (particle) continue;  // never the last word of a name
                    } else if (is_stop(t) || t.cased_script) {
                        break;
                    }
                    last = k;
                }
                // "ministro de Comercio, Industria y Turismo de Colombia, Germán Umaña": words
                // after the title that end with "of <country>" and a comma are the rest of the
                // portfolio; the name is the capitalised words after that comma.
                if (last != kNone && cased && last + 3 < s.end_tok && !breaks_name(toks_[last + 1].gap_before) &&
                    is_stop(toks_[last + 1]) && covered_[last + 2] >= 0) {
                    const Mention& c = mentions_[static_cast<std::size_t>(covered_[last + 2])];
                    const std::size_t k = c.last + 1;
                    std::size_t n = k;
                    if (c.kind == NodeKind::Country && c.first == last + 2 && k < s.end_tok &&
                        toks_[k].gap_before.find(',') != std::string::npos)
                        while (n < s.end_tok && n < k + 4 && toks_[n].cap && covered_[n] < 0 && !is_stop(toks_[n]) &&
                               !title_starts(n) && (n == k || !breaks_name(toks_[n].gap_before)))
                            ++n;
                    if (n >= k + 2) {
                        if (iso.empty()) iso = key_suffix(c.key);
                        first = k;
                        last = n - 1;
                    }
                }
                // "président du Conseil italien, Mario Draghi": capitalised words followed by a
                // country's adjective name a body, not a person; the name comes after the comma.
                if (last != kNone && cased && last + 1 < s.end_tok && covered_[last + 1] >= 0 &&
                    !toks_[last + 1].gap_breaks) {
                    const Mention& after = mentions_[static_cast<std::size_t>(covered_[last + 1])];
                    if (after.kind == NodeKind::Country && after.demonym) last = kNone;
                }
                // Without capitals a single word after a title is too weak a cue, and so are
                // words that do not begin with a given name the lexicon knows ("رئاسة الجمهورية"
                // after "the spokesman of" is no one's name).
                if (last != kNone && !cased && (last == pos || (!lex_.is_given_name(toks_[pos].text) &&
                                                                 !recurs_alone(last, pos))))
                    last = kNone;
                // "وزیر تجارت جام کمال خان": a portfolio word before a known given name is the
                // title's, not the name's.
                if (last != kNone && !cased && !lex_.is_given_name(toks_[pos].text))
                    for (std::size_t k = pos + 1; k < last && k <= pos + 2; ++k)
                        if (lex_.is_given_name(toks_[k].text)) {
                            first = k;
                            break;
                        }
                // "المتحدث باسم مجلس الوزراء": words that make an organisation's name are no person's.
                if (last != kNone && !cased && !ld_->org_heads.empty())
                    for (const auto& h : find_phrases(ld_->org_heads, first, last + 1, true))
                        if ((h.value == "first" && h.first == first) || (h.value == "last" && h.end == last + 1)) {
                            last = kNone;
                            break;
                        }
                // "وزير الطاقة والثروة المعدنية صالح الخرابشة": without capitals, a portfolio of a
                // few words, then a name that begins with a known given name.
                if (last == kNone && !cased) {
                    for (std::size_t k = pos + 1; k < s.end_tok && k <= pos + 3; ++k) {
                        if (toks_[k].gap_breaks || covered_[k] >= 0 || title_starts(k) ||
                            trigger_starts.count(k))
                            break;
                        if (!lex_.is_given_name(toks_[k].text)) continue;
                        std::size_t n = k;
                        while (n + 1 < s.end_tok && n < k + 3 && covered_[n + 1] < 0 &&
                               !toks_[n + 1].gap_breaks && !is_stop(toks_[n + 1]) &&
                               !title_starts(n + 1) && !trigger_starts.count(n + 1) && !toks_[n + 1].digit)
                            ++n;
                        if (n > k) {
                            first = k;
                            last = n;
                        }
                        break;
                    }
                }
                // "заместитель министра энергетики Павел Сорокин": a portfolio in lower case,
                // then a name of at least two capitalised words.
                if (last == kNone && cased && !toks_[pos].cap && !is_stop(toks_[pos])) {
                    std::size_t k = pos;
                    while (k < s.end_tok && k < pos + 2 && !toks_[k].cap && !is_stop(toks_[k]) &&
                           covered_[k] < 0 && (k == pos || !toks_[k].gap_breaks))
                        ++k;
                    // "заместитель министра энергетики Монголии Батбаяр Ганбат": the
                    // portfolio's country may stand before the name.
                    if (k < s.end_tok && covered_[k] >= 0 && !breaks_name(toks_[k].gap_before)) {
                        const Mention& c = mentions_[static_cast<std::size_t>(covered_[k])];
                        if (c.kind == NodeKind::Country && c.first == k) {
                            if (iso.empty()) iso = key_suffix(c.key);
                            k = c.last + 1;
                        }
                    }
                    std::size_t n = k;
                    while (n < s.end_tok && n < k + 3 && toks_[n].cap && covered_[n] < 0 &&
                           !is_stop(toks_[n]) && !toks_[n].gap_breaks)
                        ++n;
                    if (n >= k + 2) {
                        first = k;
                        last = n - 1;
                    }
                }
                // "el ministro de Suministro, Ali Moselhy": a portfolio, a comma, the name.
                // The portfolio may name a body ("directeur général de l'agence russe Rosatom,
                // Alexeï Likhatchev") or list several ("ministro de Comercio, Industria y
                // Turismo de Colombia, Germán Umaña").
                bool known_after_comma = false;
                if (last == kNone && cased && is_stop(toks_[pos])) {
                    std::size_t k = pos + 1;
                    int lower = 0;  // lower-case words of the portfolio ("agence"), at most two
                    for (int segment = 0; segment < 3; ++segment) {
                        while (k < s.end_tok && k < pos + 12 && !breaks_name(toks_[k].gap_before) &&
                               (covered_[k] < 0 || mentions_[static_cast<std::size_t>(covered_[k])].kind != NodeKind::Person)) {
                            if (!toks_[k].cap && !is_stop(toks_[k]) && covered_[k] < 0 && ++lower > 2) break;
                            ++k;
                        }
                        if (!(k > pos + 1 && k < s.end_tok && toks_[k].gap_before.find(',') != std::string::npos))
                            break;
                        if (covered_[k] >= 0) {
                            Mention& pm = mentions_[static_cast<std::size_t>(covered_[k])];
                            const bool begins_longer = pm.short_form && k + 1 < s.end_tok && toks_[k + 1].cap &&
                                                       covered_[k + 1] < 0 && !breaks_name(toks_[k + 1].gap_before);
                            if (pm.kind == NodeKind::Person && pm.first == k && !begins_longer) {
                                attach(pm);
                                known_after_comma = true;
                                break;
                            }
                        }
                        // "..., M. Abdoulaye Diop": an honorific after the comma is not the name.
                        while (k < s.end_tok && title_starts(k) && title_starts(k)->value == "honorific")
                            k = title_starts(k)->end;
                        if (k >= s.end_tok) break;
                        std::size_t n = k;
                        auto free_or_surname = [&](std::size_t t) {
                            return covered_[t] < 0 || mentions_[static_cast<std::size_t>(covered_[t])].short_form;
                        };
                        while (n < s.end_tok && n < k + 4 && toks_[n].cap && free_or_surname(n) &&
                               !is_stop(toks_[n]) && (n == k || !toks_[n].gap_breaks))
                            ++n;
                        if (n == k) break;
                        // Capitalised words that go on with "y", "de", "and" and more capitals
                        // are the portfolio's: the name comes after the next comma.
                        const bool goes_on = n + 1 < s.end_tok && !breaks_name(toks_[n].gap_before) &&
                                             is_stop(toks_[n]) && (toks_[n + 1].cap || covered_[n + 1] >= 0);
                        if (!goes_on) {
                            first = k;
                            last = n - 1;
                            break;
                        }
                        k = n;
                    }
                }
                if (known_after_comma) continue;
            }
            if (last == kNone) {
                resolve_title_alone(title, office, iso, pos);
                continue;
            }
            // A name found here wins over a lexicon surname inside it ("हुसैन हक्कानी") and over
            // a father's name it contains.
            mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(),
                                           [&](const Mention& o) {
                                               const bool inside = o.first <= last && o.last >= first;
                                               return inside && (o.short_form || std::find(swallowed.begin(), swallowed.end(),
                                                                                           o.first) != swallowed.end());
                                           }),
                            mentions_.end());
            Mention m;
            m.first = first;
            m.last = last;
            m.kind = NodeKind::Person;
            m.name = original(first, last);
            m.reason = "title cue in " + article_.id + ": " + original(title.first, title.end - 1);
            // "Sheikh Khaled" after "Khaled bin Mohamed bin Zayed": a given name alone, with
            // a title, is the one person of the article whose name begins with it.
            if (first == last) {
                std::set<std::string> heads;
                const Mention* head = nullptr;
                for (const auto& pm : mentions_)
                    if (pm.kind == NodeKind::Person && !pm.anaphor && pm.last > pm.first &&
                        toks_[pm.first].text == toks_[first].text) {
                        heads.insert(pm.key);
                        head = &pm;
                    }
                if (heads.size() == 1) {
                    adopt_identity(m, *head);
                    m.reason = "given name with a title in " + article_.id + ": " + original(first, last);
                }
            }
            // "M. Di Maio" after "Luigi Di Maio": the end of a name already met in the article.
            for (const auto& pm : mentions_) {
                if (!m.key.empty()) break;
                if (pm.kind != NodeKind::Person || pm.anaphor || pm.last - pm.first <= last - first) continue;
                bool tail = true;
                for (std::size_t k = 0; k <= last - first && tail; ++k)
                    tail = toks_[pm.last - (last - first) + k].text == toks_[first + k].text;
                if (!tail) continue;
                adopt_identity(m, pm);
                m.reason = "surname chain in " + article_.id + ": " + original(first, last);
                break;
            }
            attach(m);
            mentions_.push_back(std::move(m));
            reindex();
        }
        // "the foreign ministers, José Manuel Albares and Álvaro Leyva": a name joined by "and"
        // to a person who has a title, or who follows a title of several, is a person too.
        if (ld_->and_words.empty()) continue;
        const auto groups = ld_->group_titles.empty()
                                ? std::vector<PhraseHit>{}
                                : find_phrases(ld_->group_titles, s.first_tok, s.end_tok, true);
        std::vector<Mention> joined;
        for (const auto& p : mentions_) {
            if (p.kind != NodeKind::Person || p.anaphor || p.first < s.first_tok || p.last + 2 >= s.end_tok)
                continue;
            const PhraseHit* group = nullptr;
            for (const auto& g : groups)
                if (g.end == p.first) group = &g;
            if (p.title_first == kNone && !group) continue;
            const std::size_t j = p.last + 1, k = p.last + 2;
            if (breaks_name(toks_[j].gap_before) || !ld_->and_words.count(toks_[j].text)) continue;
            if (covered_[k] >= 0 || breaks_name(toks_[k].gap_before) || title_starts(k) || trigger_starts.count(k))
                continue;
            std::size_t n = k;
            if (toks_[k].cased_script) {
                while (n < s.end_tok && n < k + 4 && toks_[n].cap && covered_[n] < 0 && !is_stop(toks_[n]) &&
                       !title_starts(n) && (n == k || !breaks_name(toks_[n].gap_before)))
                    ++n;
                // Two capitalised words at least, and then the name ends.
                if (n < k + 2 || (n < s.end_tok && !breaks_name(toks_[n].gap_before) && toks_[n].cap)) continue;
            } else {
                // Without capitals: a known given name first, as after a title.
                if (!lex_.is_given_name(toks_[k].text)) continue;
                while (n < s.end_tok && n < k + 3 && covered_[n] < 0 && !is_stop(toks_[n]) && !toks_[n].digit &&
                       !title_starts(n) && !trigger_starts.count(n) && (n == k || !breaks_name(toks_[n].gap_before)))
                    ++n;
                if (n < k + 2) continue;
            }
            Mention m;
            m.first = k;
            m.last = n - 1;
            m.kind = NodeKind::Person;
            m.name = original(k, n - 1);
            m.reason = "named with " + p.name + " in " + article_.id + ": " + original(p.first, n - 1);
            if (group) {
                if (group->value != "any") m.office = group->value;
                m.title_first = group->first;
            }
            joined.push_back(std::move(m));
        }
        if (joined.empty()) continue;
        for (auto& m : joined) mentions_.push_back(std::move(m));
        reindex();
    }
    // Unlisted people get a cross-script key from their name. Two people can share a name:
    // where a title says whose office it is, the country is part of the key, so the Pakistani
    // and the Indian "Ali Khan" stay apart; every mention of the name in the article shares it.
    std::map<std::string, std::set<std::string>> sides_of;
    for (const auto& m : mentions_)
        if (m.kind == NodeKind::Person && !m.listed && m.key.empty() && !m.title_iso.empty())
            sides_of[keyer_.key(m.name)].insert(m.title_iso);
    for (auto& m : mentions_) {
        if (m.kind != NodeKind::Person || m.listed || !m.key.empty()) continue;
        std::string k = keyer_.key(m.name);
        auto known_sides = sides_of.find(k);
        std::string side = known_sides != sides_of.end() && known_sides->second.size() == 1
                               ? *known_sides->second.begin() : std::string();
        std::string lower = side;
        for (auto& c : lower) c = static_cast<char>(c - 'A' + 'a');
        m.key = k.empty() ? "" : "person:x-" + k + (lower.empty() ? "" : "-" + lower);
        if (!k.empty()) m.reason += "; name key " + k + (side.empty() ? "" : " of " + side) + " from " + m.name;
        auto known = person_by_key_.find(k);
        if ((known == person_by_key_.end() || known->second < 0) && ld_ && !ld_->inflections.empty()) {
            std::string stems;
            for (std::size_t t = m.first; t <= m.last; ++t)
                stems += (stems.empty() ? "" : " ") + stem_of(toks_[t].text);
            known = person_by_key_.find("~" + keyer_.key(stems));
        }
        if (known != person_by_key_.end() && known->second >= 0) {
            const auto e = static_cast<std::uint32_t>(known->second);
            const EntityInfo& info = lex_.entity(e);
            m.key = info.key;
            m.name = info.name;
            m.iso = info.iso;
            m.entity = e;
            m.listed = true;
            m.reason += " = a lexicon name of " + info.name;
        }
    }
    mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(),
                                   [](const Mention& m) { return m.key.empty(); }),
                    mentions_.end());
}

// The word is met again elsewhere in the article, outside the name it ends: a surname
// repeated ("...कुलमान घिसिंग ... घिसिंग ने कहा").
bool ArticleRun::recurs_alone(std::size_t tok, std::size_t name_first) const {
    if (token_counts_.empty()) {
        // Every word and every form of it without a clitic, counted once per occurrence.
        for (const auto& t : toks_) {
            const Variants& variants = variants_of(t);
            std::set<std::string> forms;
            for (const auto& v : variants) forms.insert(v.first);
            for (const auto& f : forms) ++token_counts_[f];
        }
    }
    std::size_t inside = 0;
    for (std::size_t k = name_first; k <= tok; ++k) inside += toks_[k].text == toks_[tok].text;
    auto it = token_counts_.find(toks_[tok].text);
    return it != token_counts_.end() && it->second > inside;
}

void ArticleRun::reindex() {
    auto by_first = [](const Mention& a, const Mention& b) { return a.first < b.first; };
    auto not_before = [](const Mention& a, const Mention& b) { return a.first >= b.first; };
    // Mostly sorted already, or all but a mention just appended. With distinct first tokens
    // every sort gives the same order, so the cheap ways are taken only then; a tie is left to
    // std::sort as it always was.
    const auto unsorted = std::adjacent_find(mentions_.begin(), mentions_.end(), not_before);
    if (unsorted == mentions_.end()) {
        // strictly increasing: already in order
    } else if (unsorted + 2 == mentions_.end() && mentions_.back().first < unsorted->first) {
        const auto at = std::lower_bound(mentions_.begin(), unsorted + 1, mentions_.back(), by_first);
        if (at->first != mentions_.back().first)
            std::rotate(at, mentions_.end() - 1, mentions_.end());
        else
            std::sort(mentions_.begin(), mentions_.end(), by_first);
    } else {
        std::sort(mentions_.begin(), mentions_.end(), by_first);
    }
    covered_.assign(toks_.size(), -1);
    for (std::size_t m = 0; m < mentions_.size(); ++m)
        for (std::size_t t = mentions_[m].first; t <= mentions_[m].last; ++t) covered_[t] = static_cast<int>(m);
}

// "The Pakistani foreign minister" with no name after it is the one person of that side and
// office the article names; "his Pakistani counterpart" is the one person of that side.
void ArticleRun::resolve_title_alone(const PhraseHit& title, const std::string& office,
                                     const std::string& iso, std::size_t end) {
    if (office == "honorific") return;
    // Without a country ("the President said", "رئیس‌جمهور ... دیدار کرد"), a title of one
    // holder stands for the one person named before it who holds that office.
    static const std::set<std::string> kSingleHolder = {
        "head-of-state", "president", "vice-president", "prime-minister", "deputy-prime-minister",
        "king", "emir", "crown-prince", "foreign-minister", "foreign-secretary", "chancellor",
        "secretary-general"};
    if (iso.empty() && !kSingleHolder.count(office)) return;
    std::set<std::string> who;
    const Mention* proto = nullptr;
    for (const auto& m : mentions_) {
        if (m.kind != NodeKind::Person || m.anaphor) continue;
        if (iso.empty() && m.last >= title.first) continue;
        const std::string side = m.title_iso.empty() ? m.iso : m.title_iso;
        if (!iso.empty() && side != iso) continue;
        if (office != "counterpart" && !holds_office(m, [&](const std::string& o) { return o == office; }))
            continue;
        who.insert(m.key);
        proto = &m;
    }
    if (who.size() != 1) return;
    // The longest run of title words that no other mention holds (the country stays a country).
    std::size_t best_b = kNone, best_e = kNone;
    for (std::size_t b = title.first; b < end;) {
        if (covered_[b] >= 0) {
            ++b;
            continue;
        }
        std::size_t e = b;
        while (e < end && covered_[e] < 0) ++e;
        if (best_b == kNone || e - b > best_e - best_b) {
            best_b = b;
            best_e = e;
        }
        b = e;
    }
    if (best_b == kNone) return;
    Mention m = *proto;
    m.first = best_b;
    m.last = best_e - 1;
    m.short_form = false;
    m.anaphor = true;
    m.prefix.clear();
    m.title_first = kNone;
    m.reason = "title standing for the person in " + article_.id + ": " + original(title.first, end - 1);
    mentions_.push_back(std::move(m));
    reindex();
}

// "the Kingdom", "le Royaume", "المملكة", "السلطنة": a state's form, written alone, stands for
// the one country of the article that has that form (Saudi Arabia in an article about Egypt and
// Saudi Arabia); with none or two such countries it stands for nothing. In scripts with capitals
// the word must have one ("le royaume" is any kingdom).
void ArticleRun::resolve_state_forms() {
    if (!ld_ || ld_->state_forms.empty()) return;
    // The article's countries, named or through their cities ("زار ... الرياض").
    std::set<std::string> here;
    for (const auto& m : mentions_) {
        if (m.kind == NodeKind::Country) here.insert(key_suffix(m.key));
        if (m.kind == NodeKind::Place && !m.iso.empty()) here.insert(m.iso);
    }
    if (here.empty()) return;
    const std::vector<std::string> top = top_countries();
    std::vector<Mention> found;
    for (const auto& s : sents_)
        for (const auto& h : find_phrases(ld_->state_forms, s.first_tok, s.end_tok, true)) {
            // "Le Royaume importe d'Espagne": not a kingdom the sentence names.
            std::set<std::string> named;
            const auto [mb, me] = mentions_in(s.first_tok, s.end_tok);
            for (auto it = mb; it != me; ++it)
                if (it->kind == NodeKind::Country) named.insert(key_suffix(it->key));
            bool free = true;
            for (std::size_t k = h.first; k < h.end; ++k) free = free && covered_[k] < 0;
            const bool capital = !h.value.empty() && h.value[0] == '^';
            const std::string codes = capital ? h.value.substr(1) : h.value;
            const bool other = codes == "other";
            if (!free || (capital && toks_[h.first].cased_script && !toks_[h.first].cap)) continue;
            std::string only;
            int n = 0;
            // "España exporta al país andino ...": a country told by what it is, in a sentence
            // that names one of the article's two main countries, is the other one.
            if (other && top.size() == 2) {
                const std::string a = key_suffix(top[0]), b = key_suffix(top[1]);
                if (named.count(a) != named.count(b)) {
                    only = named.count(a) ? b : a;
                    n = 1;
                }
            }
            for (std::size_t from = other ? codes.size() + 1 : 0; from <= codes.size();) {
                std::size_t bar = codes.find('|', from);
                if (bar == std::string::npos) bar = codes.size();
                const std::string iso = codes.substr(from, bar - from);
                if (here.count(iso) && !named.count(iso)) {
                    only = iso;
                    ++n;
                }
                from = bar + 1;
            }
            if (n != 1) continue;
            Mention m;
            m.first = h.first;
            m.last = h.end - 1;
            m.kind = NodeKind::Country;
            m.key = "country:" + only;
            const EntityInfo* info = lex_.find(m.key);
            m.name = info ? info->name : only;
            m.anaphor = true;  // "the Kingdom" is not a name of the country
            m.reason = std::string(other ? "the other of the article's two main countries"
                                         : "state form standing for the article's one such country") +
                       " in " + article_.id + ": " + original(h.first, h.end - 1);
            found.push_back(std::move(m));
        }
    if (found.empty()) return;
    for (auto& m : found) mentions_.push_back(std::move(m));
    reindex();
}

// An organisation nobody listed, around a word that makes a name an organisation's: "Energy
// Policy Forum", "Ministry of External Affairs", "وزارة الطاقة السعودية", "नेपाल विद्युत
// प्राधिकरण". A country at the edge of the name belongs to it.
void ArticleRun::find_unlisted_orgs() {
    if (!ld_ || ld_->org_heads.empty()) return;
    std::vector<Mention> found;
    std::set<std::size_t> drop;  // country mentions taken into a name
    auto free_word = [&](std::size_t k, bool cased) {
        if (covered_[k] >= 0 || toks_[k].digit) return false;
        return cased ? toks_[k].cap && !is_stop(toks_[k]) : !is_stop(toks_[k]);
    };
    auto country_at = [&](std::size_t k) -> const Mention* {
        if (k >= toks_.size() || covered_[k] < 0) return nullptr;
        const Mention& m = mentions_[static_cast<std::size_t>(covered_[k])];
        return m.kind == NodeKind::Country ? &m : nullptr;
    };
    for (const auto& s : sents_) {
        for (const auto& h : find_phrases(ld_->org_heads, s.first_tok, s.end_tok, true)) {
            bool head_free = true;
            for (std::size_t k = h.first; k < h.end; ++k) head_free = head_free && covered_[k] < 0;
            if (!head_free) continue;
            const bool cased = toks_[h.first].cased_script;
            std::size_t b = h.first, e = h.end;  // the name, [b, e)
            // "компания Svevind", "la société Total": a lower-case descriptor before a name is
            // not part of it ("Groupe Renault", capitalised, is).
            const bool descriptor = h.value == "descriptor" && cased && !toks_[h.first].cap;
            if (h.value == "first" || h.value == "descriptor") {
                std::size_t words = 0;
                while (e < s.end_tok && words < (cased ? 5u : 3u) && !toks_[e].gap_breaks) {
                    if (free_word(e, cased)) {
                        ++e;
                        ++words;
                    } else if (cased && words > 0 && toks_[e - 1].cap && !toks_[e].cap && covered_[e] < 0 &&
                               !is_stop(toks_[e]) && !toks_[e].digit &&
                               (e + 1 >= s.end_tok || toks_[e + 1].gap_breaks || is_stop(toks_[e + 1]))) {
                        // An adjective after the noun it qualifies ends the name: "ministère des
                        // Affaires étrangères".
                        ++e;
                        break;
                    } else if (cased && is_stop(toks_[e]) && e + 1 < s.end_tok && free_word(e + 1, cased) &&
                               !toks_[e + 1].gap_breaks) {
                        e += 2;
                        words += 1;
                    } else {
                        break;
                    }
                }
                if (words == 0) continue;
                if (const Mention* c = country_at(e); c && c->first == e && !toks_[e].gap_breaks) {
                    drop.insert(c->first);
                    e = c->last + 1;
                }
                if (descriptor) b = h.end;
            } else {
                // "Indian Oil Corporation", not "the Emirati company".
                if (cased && !toks_[h.first].cap) continue;
                std::size_t words = 0;
                while (b > s.first_tok && words < 4 && !toks_[b].gap_breaks && free_word(b - 1, cased)) {
                    --b;
                    ++words;
                }
                if (const Mention* c = country_at(b - 1); b > s.first_tok && c && c->last + 1 == b &&
                                                          !toks_[b].gap_breaks) {
                    drop.insert(c->first);
                    b = c->first;
                    if (cased) ++words;
                }
                // Without capitals one word before "company" is a description ("سرکاری کمپنی").
                if (words < (cased ? 1u : 2u)) continue;
            }
            Mention m;
            m.first = b;
            m.last = e - 1;
            m.kind = NodeKind::Organization;
            m.name = original(b, e - 1);
            std::string latin = keyer_.latin(m.name);
            std::string slugged;
            for (char c : latin) slugged.push_back(c == ' ' ? '-' : c);
            while (!slugged.empty() && slugged.back() == '-') slugged.pop_back();
            if (slugged.empty()) continue;
            m.key = "org:x-" + slugged;
            m.reason = "organisation word in " + article_.id + ": " + original(h.first, h.end - 1);
            found.push_back(std::move(m));
        }
    }
    if (found.empty()) return;
    mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(),
                                   [&](const Mention& m) { return m.kind == NodeKind::Country && drop.count(m.first); }),
                    mentions_.end());
    for (auto& m : found) mentions_.push_back(std::move(m));
    reindex();
}

// The quantity with a unit nearest token `near` (the goods) in tokens [first, end).
std::map<std::string, std::string> ArticleRun::quantity_in(std::size_t first, std::size_t end,
                                                           std::size_t near) const {
    std::map<std::string, std::string> out;
    std::size_t best = kNone;
    if (!ld_) return out;
    auto units = find_phrases(ld_->units, first, end, true);
    for (std::size_t i = first; i < end; ++i) {
        // A number written as a word ("ایک لاکھ ٹن", "two million tonnes", "un millón de").
        const bool word_number = !toks_[i].digit && ld_->number_words.count(toks_[i].text) > 0;
        if (!toks_[i].digit && !word_number) continue;
        // "150,000" and "150.000" are one word; "45 000" is two. A separator before exactly
        // three digits groups thousands, any other is a decimal point.
        auto parse = [](const std::string& t) {
            std::string digits;
            for (std::size_t k = 0; k < t.size(); ++k) {
                char c = t[k];
                if (c >= '0' && c <= '9') {
                    digits.push_back(c);
                } else if (c == ',' || c == '.') {
                    std::size_t run = 0;
                    while (k + 1 + run < t.size() && t[k + 1 + run] >= '0' && t[k + 1 + run] <= '9') ++run;
                    if (run != 3 || (k + 1 + run < t.size() && t[k + 1 + run] != ',' && t[k + 1 + run] != '.'))
                        digits.push_back('.');
                }
            }
            return digits;
        };
        std::string number = word_number ? "1" : parse(toks_[i].text);
        std::size_t k = word_number ? i : i + 1;
        while (k < end && toks_[k].digit && toks_[k].text.size() == 3 && toks_[k].gap_before == " " &&
               number.find('.') == std::string::npos) {
            number += toks_[k].text;
            ++k;
        }
        double value = 0;
        try {
            value = std::stod(number);
        } catch (...) {
            continue;
        }
        while (k < end) {
            auto w = ld_->number_words.find(toks_[k].text);
            if (w == ld_->number_words.end()) break;
            value *= w->second;
            ++k;
        }
        // Between the number and the unit: nothing, or "of" ("2 millions de tonnes").
        const PhraseHit* unit = nullptr;
        for (const auto& u : units)
            if (u.first == k || (u.first == k + 1 && is_stop(toks_[k]))) {
                unit = &u;
                break;
            }
        if (!unit) continue;
        char buf[64];
        // 4.1 million is 4100000.0000000005 in binary: a whole number when that near one.
        if (std::fabs(value - std::round(value)) < 1e-6 * std::max(1.0, std::fabs(value)))
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(value)));
        else
            std::snprintf(buf, sizeof buf, "%.3f", value);
        const bool currency = unit->value.size() >= 3 && unit->value[0] >= 'A' && unit->value[0] <= 'Z';
        const std::size_t distance = i > near ? i - near : near - i;
        if (distance < best) {
            best = distance;
            out.clear();
            out[currency ? "value" : "quantity"] = buf;
            out[currency ? "currency" : "unit"] = unit->value;
        }
        i = unit->end - 1;
    }
    return out;
}

// "The vaccine" in an article that names one vaccine, Sputnik V, is Sputnik V.
void ArticleRun::resolve_generics() {
    std::set<std::uint32_t> present;
    for (const auto& m : mentions_)
        if (m.kind == NodeKind::Commodity) present.insert(m.entity);
    for (auto& m : mentions_) {
        if (m.kind != NodeKind::Commodity) continue;
        const std::set<std::uint32_t>* kinds = lex_.specifics(m.entity);
        if (!kinds) continue;
        std::vector<std::uint32_t> here;
        for (auto k : *kinds)
            if (present.count(k)) here.push_back(k);
        if (here.size() != 1) continue;
        const EntityInfo& e = lex_.entity(here[0]);
        m.reason = "generic '" + lex_.entity(m.entity).name + "' is the " + e.name + " named in " + article_.id;
        m.entity = here[0];
        m.key = e.key;
        m.name = e.name;
    }
}

// A later (or earlier) mention of a person's surname alone, or of the last two words of the
// name, is the same person within the article, when no other person shares those words.
void ArticleRun::chain_surnames() {
    std::map<std::string, std::set<std::string>> owners;
    std::map<std::string, const Mention*> example;
    for (const auto& m : mentions_) {
        if (m.kind != NodeKind::Person || m.last == m.first || m.short_form || m.anaphor) continue;
        for (std::size_t from = m.first + 1; from <= m.last; ++from) {
            std::string tail;
            for (std::size_t k = from; k <= m.last; ++k) tail += (tail.empty() ? "" : " ") + toks_[k].text;
            owners[tail].insert(m.key);
            example[tail] = &m;
        }
    }
    std::vector<Mention> added;
    for (const auto& s : sents_) {
        for (std::size_t i = s.first_tok; i < s.end_tok; ++i) {
            if (covered_[i] >= 0 || is_stop(toks_[i])) continue;
            const Variants& variants = variants_of(toks_[i]);
            for (std::size_t len = 2; len >= 1; --len) {
                if (i + len > s.end_tok) continue;
                bool free = true;
                for (std::size_t k = i; k < i + len; ++k) free = free && covered_[k] < 0;
                if (!free) continue;
                std::string rest;
                for (std::size_t k = i + 1; k < i + len; ++k) rest += " " + toks_[k].text;
                bool done = false;
                for (const auto& [v, prefix] : variants) {
                    auto it = owners.find(v + rest);
                    if (it == owners.end() || it->second.size() != 1) continue;
                    if (toks_[i].cased_script && !toks_[i].cap) continue;
                    const Mention* full = example[v + rest];
                    Mention m = *full;
                    m.first = i;
                    m.last = i + len - 1;
                    m.prefix = prefix;
                    m.short_form = false;
                    m.title_first = kNone;
                    m.office.clear();
                    m.title_iso.clear();
                    m.reason = "surname chain in " + article_.id + ": " + original(i, i + len - 1);
                    added.push_back(m);
                    for (std::size_t k = i; k < i + len; ++k) covered_[k] = -2;
                    done = true;
                    break;
                }
                if (done) break;
            }
        }
    }
    mentions_.insert(mentions_.end(), added.begin(), added.end());
    reindex();
}

// A lexicon person's surname alone counts only when the article also speaks of their country
// or names them in full: "Khan" or "Sharif" alone are never enough, and those are not unique
// in the lexicon anyway.
void ArticleRun::filter_short_forms() {
    std::set<std::string> countries, full_people;
    for (const auto& m : mentions_) {
        if (m.kind == NodeKind::Country) countries.insert(key_suffix(m.key));
        if (m.kind == NodeKind::Person && !m.short_form) full_people.insert(m.key);
    }
    // A surname right after another given name is someone else's ("مراد یلماز" is not Cevdet
    // Yılmaz): a capitalised word, or a given name the lexicon knows, stands before it.
    // A title's last word is no given name ("M. Lavrov", "Dr Khan").
    std::set<std::size_t> title_ends;
    const bool any_short = std::any_of(mentions_.begin(), mentions_.end(), [](const Mention& m) { return m.short_form; });
    if (ld_ && any_short)
        for (const auto& h : find_phrases(ld_->titles, 0, toks_.size(), true)) title_ends.insert(h.end - 1);
    auto after_other_name = [&](const Mention& m) {
        if (m.first == 0 || toks_[m.first].gap_breaks || covered_[m.first - 1] >= 0 ||
            title_ends.count(m.first - 1))
            return false;
        const Tok& prev = toks_[m.first - 1];
        if (is_stop(prev)) return false;
        return (prev.cased_script && prev.cap) || lex_.is_given_name(prev.text);
    };
    // A surname the article gives to someone else in full ("مراد یلماز ... یلماز") is theirs.
    std::map<std::string, std::set<std::string>> surname_of;
    for (const auto& m : mentions_)
        if (m.kind == NodeKind::Person && !m.short_form && !m.anaphor && m.last > m.first)
            surname_of[toks_[m.last].text].insert(m.key);
    auto someone_elses = [&](const Mention& m) {
        auto it = surname_of.find(toks_[m.last].text);
        return it != surname_of.end() && !it->second.count(m.key);
    };
    std::vector<Mention> rechained;
    for (const auto& m : mentions_) {
        if (!m.short_form || !someone_elses(m)) continue;
        const auto& owners = surname_of.at(toks_[m.last].text);
        if (owners.size() != 1) continue;
        for (const auto& o : mentions_)
            if (o.key == *owners.begin() && !o.short_form) {
                Mention r = o;
                r.first = m.first;
                r.last = m.last;
                r.prefix = m.prefix;
                r.title_first = kNone;
                r.office.clear();
                r.title_iso.clear();
                r.reason = "surname chain in " + article_.id + ": " + original(m.first, m.last);
                rechained.push_back(r);
                break;
            }
    }
    mentions_.erase(std::remove_if(mentions_.begin(), mentions_.end(),
                                   [&](const Mention& m) {
                                       return m.short_form && ((!full_people.count(m.key) && !countries.count(m.iso)) ||
                                                               after_other_name(m) || someone_elses(m));
                                   }),
                    mentions_.end());
    for (auto& r : rechained) mentions_.push_back(std::move(r));
    reindex();
}

Evidence::SentenceRef ArticleRun::sentence_ref(const Sentence& s) const {
    if (!s.ref) s.ref = kg::sentence_ref(s.text);
    return {*s.ref};
}

Evidence ArticleRun::sentence_evidence(std::size_t s) const {
    return Evidence(article_.id, sents_[s].orig, sentence_ref(sents_[s]), lang_);
}

Evidence ArticleRun::evidence(std::size_t first_tok, std::size_t last_tok) const {
    const Sentence& s = sents_[sentence_of(first_tok)];
    return Evidence(article_.id, nt_.original_span(toks_[first_tok].b, toks_[last_tok].e), sentence_ref(s), lang_);
}

std::vector<std::string> ArticleRun::top_countries() const {
    std::map<std::string, std::pair<int, std::size_t>> counts;  // key -> (count, first token)
    for (const auto& m : mentions_) {
        if (m.kind != NodeKind::Country) continue;
        auto [it, fresh] = counts.emplace(m.key, std::make_pair(0, m.first));
        it->second.first += 1;
    }
    std::vector<std::pair<std::string, std::pair<int, std::size_t>>> v(counts.begin(), counts.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
        if (a.second.first != b.second.first) return a.second.first > b.second.first;
        return a.second.second < b.second.second;
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size() && i < 2; ++i) out.push_back(v[i].first);
    return out;
}

void ArticleRun::add_relation(Extraction& x, NodeKind kind, const std::string& key,
                              const std::vector<std::pair<std::string, std::string>>& roles,
                              const std::set<std::size_t>& sentences,
                              const std::map<std::string, std::string>& attrs) {
    NodeRecord n;
    n.key = key;
    n.kind = kind;
    n.attrs = attrs;
    EvidenceSet evs;
    for (auto s : sentences) evs.insert(sentence_evidence(s));
    n.mentions = evs;
    x.nodes.push_back(std::move(n));
    for (const auto& [role, target] : roles) x.edges.push_back(EdgeRecord{key, target, role, evs});
}

void ArticleRun::relations() {
    Extraction& x = *out_;
    auto& person_side = person_side_;
    for (const auto& m : mentions_)
        if (m.kind == NodeKind::Person) {
            std::string side = !m.title_iso.empty() ? m.title_iso : m.iso;
            if (!side.empty()) person_side.emplace(m.key, side);
        }
    const std::vector<std::string> main_pair = top_countries();

    for (std::size_t si = 0; si < sents_.size(); ++si) {
        const Sentence& s = sents_[si];
        std::vector<const Mention*> persons, countries, places, goods;
        std::set<std::string> seen;
        const auto [in_begin, in_end] = mentions_in(s.first_tok, s.end_tok);
        for (auto it = in_begin; it != in_end; ++it) {
            const Mention& m = *it;
            if (m.kind == NodeKind::Person && seen.insert(m.key).second) persons.push_back(&m);
            if (m.kind == NodeKind::Country) countries.push_back(&m);
            if (m.kind == NodeKind::Place) places.push_back(&m);
            if (m.kind == NodeKind::Commodity) goods.push_back(&m);
        }
        if (!ld_) continue;
        auto triggers = find_phrases(ld_->triggers, s.first_tok, s.end_tok, true);
        if (triggers.empty()) continue;
        // Modality reaches as far as the clause of the word it qualifies: in "Russia sold
        // 50,000 doses, and will provide 150,000 more soon" the sale is a fact.
        const auto modality = find_phrases(ld_->modality, s.first_tok, s.end_tok, true);
        // A modality word before the word it qualifies reaches over commas ("it is planned
        // that, in Beijing, X meets Y"); one after it only within its clause.
        auto status_at = [&](std::size_t tok) {
            std::size_t e = tok + 1;
            while (e < s.end_tok && !toks_[e].gap_breaks) ++e;
            std::string st;
            for (const auto& h : modality)
                if (h.first < e && (st.empty() || h.value == "denied")) st = h.value;
            return st;
        };
        std::size_t meet_at = kNone;
        for (const auto& t : triggers)
            if (meet_at == kNone && (t.value == "meet" || t.value == "talks" || t.value == "call" || t.value == "visit"))
                meet_at = t.first;
        std::string status = meet_at == kNone ? std::string() : status_at(meet_at);
        // "A message from King Abdullah", "پیام رئیس جمهور": who sent word did not attend.
        for (const auto& t : triggers) {
            if (t.value != "absent") continue;
            const std::size_t hi = t.end + 5;
            persons.erase(std::remove_if(persons.begin(), persons.end(),
                                         [&](const Mention* p) { return p->first >= t.end && p->first <= hi; }),
                          persons.end());
        }
        std::set<std::string> kinds;
        std::size_t trade_at = kNone;
        std::string trade_kind;
        for (const auto& t : triggers) {
            kinds.insert(t.value);
            if ((t.value == "export" || t.value == "import" || t.value == "supply") && trade_at == kNone) {
                trade_at = t.first;
                trade_kind = t.value;
            }
        }
        std::set<std::string> country_keys;
        for (auto* c : countries) country_keys.insert(c->key);
        std::string place;
        for (auto* p : places) {
            place = p->key;
            break;
        }
        // Where a meeting was: the place nearest its word ("Ciudad de México / Washington.- X se
        // reunió el jueves en Washington": Washington, not the dateline's first city). In a
        // verb-final language the place stands before the verb; one after it belongs to what
        // follows ("... ملاقات ہوئی جس میں ... باکو میں بلانے پر اتفاق کیا": Baku is where the next
        // session will be).
        std::string meet_place = place;
        if (meet_at != kNone) {
            meet_place.clear();
            std::size_t best = kNone;
            for (auto* p : places) {
                if (ld_->verb_final && p->first > meet_at) continue;
                const std::size_t dist = p->first > meet_at ? p->first - meet_at : meet_at - p->last;
                if (dist < best) {
                    best = dist;
                    meet_place = p->key;
                }
            }
        }
        std::string date, date_end;
        // A date beside a reporting phrase ("IRNA reported on Friday", "به گزارش روز جمعه")
        // dates the report, not the event.
        std::vector<std::pair<std::size_t, std::size_t>> reports;
        for (const auto& t : triggers)
            if (t.value == "report") reports.emplace_back(t.first, t.end);
        // Of several dates, the one nearest the word of the event ("met on Thursday ... the
        // tariffs due from 4 March": Thursday).
        std::size_t anchor = kNone;
        for (const auto& t : triggers)
            if (t.value != "report" && t.value != "pair" && t.value != "refer") {
                anchor = t.first;
                break;
            }
        std::size_t best_distance = kNone;
        for (std::size_t from = s.first_tok; from < s.end_tok;) {
            auto d = find_date(tok_texts_, from, s.end_tok, *ld_, published_);
            if (!d) break;
            bool of_report = false;
            for (const auto& [rb, re] : reports)
                of_report = of_report || (d->first + 3 >= rb && d->first <= re + 3);
            if (!of_report) {
                const std::size_t distance = anchor == kNone ? 0
                                             : d->first > anchor ? d->first - anchor : anchor - d->first;
                if (distance < best_distance) {
                    best_distance = distance;
                    date = d->iso;
                    date_end = d->end;
                }
            }
            from = d->last + 1;
        }
        // The lead: the first sentence that tells a fact (no modality) of a meeting, visit,
        // agreement or trade with its day. News tells the main event first with its day and the
        // rest of that occasion after it without one ("Earlier in the day", "Parallèlement",
        // "همزمان", "اس موقع پر").
        // Only among the article's first three sentences of events (headline, lead, the next):
        // a day found further down belongs to a side story ("On Thursday, X met Y in Kyiv").
        bool event = false;
        for (const auto& t : triggers)
            event = event || (t.value != "report" && t.value != "pair" && t.value != "refer" &&
                              t.value != "absent" && t.value != "participate" && t.value != "occasion");
        if (event) ++event_sentences_;
        if (!lead_ && event && event_sentences_ <= 3 && date.size() == 10) {
            if (status_at(anchor).empty() && (published_.empty() || date <= published_)) {
                Lead l{date, date_end, meet_at != kNone ? meet_place : place, {}};
                for (auto* c : countries) l.actors.insert(c->key);
                for (auto* p : persons) {
                    l.actors.insert(p->key);
                    if (auto ps = person_side.find(p->key); ps != person_side.end())
                        l.actors.insert("country:" + ps->second);
                }
                lead_ = std::move(l);
            }
        }

        // Meetings.
        const bool talk = kinds.count("meet") || kinds.count("talks") || kinds.count("call");
        const bool meet = talk || kinds.count("visit");
        // A demonym that only says where the meeting was ("the Qatari capital Doha") is not a party.
        std::set<std::string> parties = country_keys;
        for (auto* p : places)
            for (auto* c : countries)
                if (c->demonym && !p->iso.empty() && key_suffix(c->key) == p->iso && c->last + 1 == p->first)
                    parties.erase(c->key);
        // "The Indian and Pakistani foreign ministers held no talks", "the two leaders agreed":
        // a title of several people stands for the article's holder of that office for each
        // country of the sentence (or of the article's two, when the sentence names no one).
        std::vector<const Mention*> group_people;
        if (persons.size() < 2 && !ld_->group_titles.empty()) {
            const auto group = find_phrases(ld_->group_titles, s.first_tok, s.end_tok, true);
            std::vector<std::string> sides;
            for (const auto& c : parties) sides.push_back(key_suffix(c));
            // The article's two only when no one is named: in "Jaishankar's dinner, where the two
            // ministers shook hands" the two are not the article's main pair.
            if (sides.size() < 2 && persons.empty()) {
                sides.clear();
                for (const auto& c : main_pair) sides.push_back(key_suffix(c));
            }
            // "The two ministers" right after a meeting of two people are those two.
            if (!group.empty() && !meetings_.empty() && persons.empty()) {
                const MeetingDraft& last = meetings_.back();
                if (last.persons.size() == 2 && si <= last.last_sentence + 3) {
                    std::vector<const Mention*> pair;
                    for (const auto& key : last.persons)
                        for (const auto& m : mentions_)
                            if (m.key == key && m.kind == NodeKind::Person) {
                                pair.push_back(&m);
                                break;
                            }
                    if (pair.size() == 2) group_people = pair;
                }
            }
            for (const auto& g : group) {
                if (sides.size() < 2 || !group_people.empty()) break;
                std::vector<const Mention*> holders;
                for (const auto& side : sides) {
                    const Mention* only = nullptr;
                    bool several = false;
                    for (const auto& m : mentions_) {
                        if (m.kind != NodeKind::Person || m.anaphor) continue;
                        auto ps = person_side.find(m.key);
                        if (ps == person_side.end() || ps->second != side) continue;
                        // "The two leaders": heads of state or government.
                        static const std::set<std::string> kLeader = {"head-of-state", "president", "prime-minister",
                                                                      "king", "emir", "crown-prince", "chancellor"};
                        auto fits = [&](const std::string& o) {
                            return g.value == "leader" ? kLeader.count(o) > 0 : o == g.value;
                        };
                        if (g.value != "any" && !holds_office(m, fits)) continue;
                        if (only && only->key != m.key) several = true;
                        if (!only) only = &m;
                    }
                    if (only && !several) holders.push_back(only);
                }
                if (holders.size() == sides.size()) {
                    group_people = holders;
                    break;
                }
            }
        }
        if (meet && persons.size() < 2)
            for (auto* h : group_people)
                if (seen.insert(h->key).second) persons.push_back(h);
        // "والتقى لافروف قريشي ... كما سيعقد اجتماعات مع رئيس الوزراء عمران خان": people named
        // after a later word of modality belong to what is planned there, not to the meeting held.
        if (meet && status.empty() && meet_at != kNone)
            for (const auto& h : modality)
                if (h.first > meet_at) {
                    persons.erase(std::remove_if(persons.begin(), persons.end(),
                                                 [&](const Mention* p) { return p->first > h.first; }),
                                  persons.end());
                    break;
                }
        // "This meeting comes as ...": a meeting told already, not a new one.
        const bool refers_back = kinds.count("refer") && !meetings_.empty();
        // A meeting planned or denied is kept with its status; emit_meetings writes no met-with.
        if (meet && !refers_back) {
            MeetingDraft d;
            for (auto* p : persons) d.persons.insert(p->key);
            if (persons.size() >= 2) {
                d.attendees = d.persons;
            } else if (persons.empty() && parties.size() >= 2) {
                // Countries, and the movements and bodies that sat with them.
                d.attendees = parties;
                for (auto it = in_begin; it != in_end; ++it)
                    if (it->kind == NodeKind::Organization && (it->type == "group" || it->type == "intl"))
                        d.attendees.insert(it->key);
            }
            if (d.attendees.size() >= 2) {
                d.place = meet_place;
                d.date = date;
                d.date_end = date_end;
                d.status = status;
                d.same_occasion = kinds.count("occasion") > 0;
                d.sentences.insert(si);
                d.last_sentence = si;
                bool merged = false;
                for (auto& m : meetings_) {
                    if (m.status != d.status) continue;
                    std::size_t common = 0;
                    for (const auto& a : d.attendees) common += m.attendees.count(a);
                    bool same_people = common == d.attendees.size() || common == m.attendees.size() || common >= 2;
                    bool place_ok = m.place.empty() || d.place.empty() || m.place == d.place;
                    bool date_ok = m.date.empty() || d.date.empty() || m.date == d.date;
                    if (same_people && place_ok && date_ok) {
                        m.attendees.insert(d.attendees.begin(), d.attendees.end());
                        m.persons.insert(d.persons.begin(), d.persons.end());
                        if (m.place.empty()) m.place = d.place;
                        if (m.date.empty()) {
                            m.date = d.date;
                            m.date_end = d.date_end;
                        }
                        m.same_occasion = m.same_occasion || d.same_occasion;
                        m.sentences.insert(si);
                        m.last_sentence = si;
                        merged = true;
                        break;
                    }
                }
                if (!merged) meetings_.push_back(std::move(d));
            }
        } else if (kinds.count("participate") && !persons.empty() && !meetings_.empty()) {
            // "X and Y led their delegations", "Z was also part of the Russian delegation":
            // a country beside the word gives its side to the one person without one.
            MeetingDraft& m = meetings_.back();
            if (m.status.empty() && si <= m.last_sentence + 3) {
                std::string side;
                for (const auto& t : triggers) {
                    if (t.value != "participate") continue;
                    for (auto* c : countries)
                        if (c->first >= t.first && c->first <= t.end + 1) side = key_suffix(c->key);
                }
                std::vector<std::string> sideless;
                for (auto* p : persons) {
                    m.attendees.insert(p->key);
                    m.persons.insert(p->key);
                    if (!person_side.count(p->key)) sideless.push_back(p->key);
                }
                if (!side.empty() && sideless.size() == 1) person_side.emplace(sideless[0], side);
                m.sentences.insert(si);
                m.last_sentence = si;
            }
        }

        // Trade. A sentence that tells two trades on either side of a contrast word ("Pakistan
        // buys machinery from China, while Pakistani exports were led by rice", "mientras que",
        // "جبکہ") is read as two spans, each with its own countries, goods and trade word.
        struct Span {
            std::size_t first, end;
        };
        std::vector<Span> spans{{s.first_tok, s.end_tok}};
        auto trade_word = [](const PhraseHit& t) {
            return t.value == "export" || t.value == "import" || t.value == "supply";
        };
        if (trade_at != kNone)
            for (const auto& t : triggers) {
                if (t.value != "contrast" || t.first <= spans.back().first) continue;
                bool after = false;
                for (const auto& u : triggers) after = after || (trade_word(u) && u.first >= t.end);
                if (!after) continue;
                spans.back().end = t.first;
                spans.push_back({t.first, s.end_tok});
            }
        std::set<std::string> last_exporters, last_importers;  // the sides of the span before
        std::vector<const Mention*> last_traded;                // and its goods
        for (const Span& span : spans) {
            auto within = [&](const std::vector<const Mention*>& v) {
                std::vector<const Mention*> o;
                for (auto* m : v)
                    if (m->first >= span.first && m->first < span.end) o.push_back(m);
                return o;
            };
            const std::vector<const Mention*> sp_countries = within(countries), sp_places = within(places);
            std::vector<const Mention*> sp_goods = within(goods);
            // "..., while other cargoes go to Italy": a later span with no goods of its own
            // trades those of the span before.
            const bool inherited = sp_goods.empty() && span.first != s.first_tok && !last_traded.empty();
            if (inherited) sp_goods = last_traded;
            std::vector<PhraseHit> sp_triggers;
            for (const auto& t : triggers)
                if (t.first >= span.first && t.first < span.end) sp_triggers.push_back(t);
            std::size_t sp_trade_at = kNone;
            std::string sp_trade_kind;
            for (const auto& t : sp_triggers)
                if (trade_word(t) && sp_trade_at == kNone) {
                    sp_trade_at = t.first;
                    sp_trade_kind = t.value;
                }
            bool sp_carried = inherited;
            const auto sp_range = mentions_in(span.first, span.end);
            const auto sp_begin = sp_range.first, sp_end = sp_range.second;
            // Exports: roles from adjectives beside the goods ("Russian wheat"), from role markers
            // ("from Russia", "रूस से", "لباكستان"), then from word order: the first country named
            // is the subject, the exporter of an export and the importer of an import. A city
            // stands for its country ("imports from Moscow", "docked at Karachi").
            // Trade named after an agreement word is what was agreed ("a deal allowing grain
            // exports"), not a shipment made.
            bool trade_is_topic = false;
            for (const auto& t : sp_triggers)
                if ((t.value == "agree" || t.value == "sign") && sp_trade_at != kNone && t.first < sp_trade_at) trade_is_topic = true;
            // "La France y a expédié 2 millions de tonnes": the goods of the sentence before, when
            // a country is named (a refinery or a port alone is too weak a tie: "сырьё поступает
            // на НПЗ компании ... в Вадинаре").
            if (sp_trade_at != kNone && sp_goods.empty() && si > 0 && span.first == s.first_tok && !sp_countries.empty()) {
                const auto [pb, pe] = mentions_in(sents_[si - 1].first_tok, sents_[si - 1].end_tok);
                for (auto it = pb; it != pe; ++it)
                    if (it->kind == NodeKind::Commodity) sp_goods.push_back(&*it);
                sp_carried = !sp_goods.empty();
            }
            // Planned, proposed or denied trade is kept with its status, as no fact.
            const std::string trade_status = sp_trade_at == kNone ? std::string() : status_at(sp_trade_at);
            if (sp_trade_at != kNone && !trade_is_topic && !sp_goods.empty() && (!sp_countries.empty() || !sp_places.empty())) {
                std::set<std::string> exporters, importers, via;
                auto words_at = [&](std::size_t from, std::size_t n) {
                    std::string w;
                    for (std::size_t k = from; k < from + n; ++k) w += (w.empty() ? "" : " ") + toks_[k].text;
                    return w;
                };
                auto marker_role = [&](const Mention& c) -> std::string {
                    for (const auto& r : ld_->roles) {
                        if (r.position == "prefix") {
                            if (!c.prefix.empty() && c.prefix.find(r.form) != std::string::npos) return r.role;
                            continue;
                        }
                        auto n = static_cast<std::size_t>(std::count(r.form.begin(), r.form.end(), ' ')) + 1;
                        if (r.position == "before") {
                            // "via l'Afghanistan", "from the UAE": one article may stand between.
                            for (std::size_t gap = 0; gap <= 1; ++gap) {
                                if (c.first < span.first + n + gap) break;
                                if (gap == 1 && !is_stop(toks_[c.first - 1])) break;
                                // "according to Chinese customs": the end of a reporting phrase.
                                bool reporting = false;
                                for (const auto& [rb, re] : reports)
                                    reporting = reporting || (c.first - n - gap >= rb && c.first - n - gap < re);
                                if (reporting) break;
                                if (words_at(c.first - n - gap, n) == r.form) return r.role;
                            }
                        }
                        if (r.position == "after" && c.last + n < span.end && words_at(c.last + 1, n) == r.form)
                            return r.role;
                    }
                    return {};
                };
                auto country_of = [](const Mention& m) {
                    return m.kind == NodeKind::Country ? m.key : m.iso.empty() ? std::string() : "country:" + m.iso;
                };
                // Countries, and the cities, armies, ministries and companies that stand for one.
                std::vector<const Mention*> sides;
                for (auto* c : sp_countries) sides.push_back(c);
                for (auto* p : sp_places)
                    if (!p->iso.empty()) sides.push_back(p);
                for (auto it = sp_begin; it != sp_end; ++it)
                    if (it->kind == NodeKind::Organization && !it->iso.empty()) sides.push_back(&*it);
                std::sort(sides.begin(), sides.end(), [](const Mention* a, const Mention* b) { return a->first < b->first; });
                // The goods of the trade are those in the clause of a trade word.
                auto clause_of = [&](std::size_t tok) {
                    std::size_t b = tok, e = tok + 1;
                    while (b > span.first && !toks_[b].gap_breaks) --b;
                    while (e < span.end && !toks_[e].gap_breaks) ++e;
                    return std::make_pair(b, e);
                };
                std::vector<const Mention*> traded;
                if (sp_carried) traded = sp_goods;
                for (auto* g : sp_carried ? std::vector<const Mention*>{} : sp_goods)
                    for (const auto& t : sp_triggers) {
                        if (t.value != "export" && t.value != "import" && t.value != "supply") continue;
                        auto [b, e] = clause_of(t.first);
                        if (g->first >= b && g->first < e) {
                            traded.push_back(g);
                            break;
                        }
                    }
                // No goods in the trade word's clause: the list that follows it ("Chinese exports to
                // Nigeria, dominated by machinery, electronics ...", "... کی برآمدات کیں، جن میں کپاس،
                // سوتی دھاگہ ..."): the first goods after the word, unless another trade word or a
                // full stop, semicolon or colon comes between.
                auto is_trade = [](const PhraseHit& t) {
                    return t.value == "export" || t.value == "import" || t.value == "supply";
                };
                if (traded.empty() && !sp_carried)
                    for (const auto& w : sp_triggers) {
                        if (!is_trade(w) || !traded.empty()) continue;
                        for (auto* g : sp_goods) {
                            if (g->first <= w.first) continue;
                            bool apart = false;
                            for (std::size_t k = w.first + 1; k <= g->first && !apart; ++k)
                                apart = toks_[k].gap_before.find_first_of(".;:") != std::string::npos;
                            for (const auto& t : sp_triggers)
                                apart = apart || (t.first > w.first && t.first < g->first && is_trade(t));
                            if (!apart) traded.push_back(g);
                            break;
                        }
                    }
                // A list of goods ("palm oil, paper and fertiliser", "چاول، کینو اور ادویات") is
                // traded as a whole, though its commas end the trade word's clause.
                for (bool grew = true; grew && !traded.empty();) {
                    grew = false;
                    for (auto* g : sp_goods) {
                        if (std::find(traded.begin(), traded.end(), g) != traded.end()) continue;
                        for (auto* t : traded) {
                            const std::size_t from = std::min(g->last, t->last) + 1;
                            const std::size_t to = std::max(g->first, t->first);
                            if (from > to || to - from > 2) continue;
                            bool joined = true;
                            for (std::size_t k = from; k < to; ++k) joined = joined && is_stop(toks_[k]);
                            // Only a comma or a conjunction between them, not a full stop or a colon.
                            const std::string& gap = toks_[from < to ? from : to].gap_before;
                            joined = joined && gap.find_first_of(".;:") == std::string::npos;
                            if (joined) {
                                traded.push_back(g);
                                grew = true;
                                break;
                            }
                        }
                    }
                }
                // "supply Pakistan with gas": when the goods come with "with", the country right
                // after the supply word is the one supplied (else it is the subject: "قدمت روسيا").
                bool goods_with = false;
                for (auto* g : traded) goods_with = goods_with || marker_role(*g) == "with";
                std::set<std::size_t> supply_ends;
                for (const auto& t : sp_triggers)
                    if (t.value == "supply" && goods_with) supply_ends.insert(t.end);
                std::vector<std::string> open;
                std::map<std::string, std::size_t> city_at;  // where a city of `open` is named
                std::map<std::string, std::string> follows;  // country -> the open country it is listed with
                std::set<std::string> reliable;               // roles said by a marker or an adjective
                std::string prev_role;
                const Mention* prev = nullptr;
                for (auto* c : sides) {
                    const std::string key = country_of(*c);
                    bool beside_goods = false;
                    // "trigo argentino", "Russian wheat", not "la siderurgia argentina importa mineral":
                    // no trade word between the adjective and the goods.
                    auto word_between = [&](const Mention* a, const Mention* b) {
                        const std::size_t from = std::min(a->last, b->last) + 1, to = std::max(a->first, b->first);
                        for (const auto& t : sp_triggers)
                            if (t.first >= from && t.first < to) return true;
                        return false;
                    };
                    for (auto* g : traded)
                        beside_goods = beside_goods || (c->demonym && c->first <= g->last + 2 && c->last + 2 >= g->first &&
                                                        !word_between(c, g));
                    // The trade word a country's marker answers to: the nearest before it ("importa
                    // mineral brasileño, y Brasil exportó energía a la Argentina": exportó).
                    std::string near_kind = sp_trade_kind;
                    for (const auto& t : sp_triggers)
                        if (is_trade(t) && t.first < c->first) near_kind = t.value;
                    std::string role = marker_role(*c);
                    if (role == "import-source") role = near_kind == "import" ? "source" : "";
                    // "compra a China", "achète à la Chine": the one bought from; "vende a China": to.
                    if (role == "counterpart") role = near_kind == "import" ? "source" : "destination";
                    // "through the TANAP pipeline": only a country is a transit country.
                    // A country listed with it ("Через Термез и Афганистан") is one too.
                    if (role == "via" && c->kind != NodeKind::Country) {
                        prev = c;
                        prev_role = role;
                        continue;
                    }
                    // "Russian wheat"; but "چاول آذری منڈی میں" (rice in the Azeri market) says where
                    // it went: a marker wins over the adjective's place.
                    if (beside_goods && role.empty()) role = "source";
                    // "Pakistani exports", "les importateurs marocains", "الصادرات المصرية": an
                    // adjective on the trade word itself names the seller (the buyer of an import word).
                    if (role.empty() && c->demonym)
                        for (const auto& t : sp_triggers)
                            if (is_trade(t) && (c->last + 1 == t.first || t.end == c->first))
                                role = t.value == "import" ? "destination" : "source";
                    // "supply Pakistan with gas", "تزويد باكستان بالغاز": the one supplied follows the verb.
                    if (role.empty() && supply_ends.count(c->first)) role = "destination";
                    // A country coordinated with the one before it ("d'Arabie saoudite, des Émirats
                    // arabes unis et du Koweït", "باكستان والصين") shares its role.
                    // Only a word for "and" joins them, not any function word: "श्रीलंका से भारत में"
                    // (from Sri Lanka into India), "через Термез и Афганистан в Пакистан".
                    if (role.empty() && prev && !prev_role.empty() &&
                        (c->first == prev->last + 1 ||
                         (c->first == prev->last + 2 && ld_->and_words.count(toks_[prev->last + 1].text))))
                        role = prev_role;
                    // A list ("X, Y and Z", "روسيا وأوكرانيا"), not a pair adjective ("الروسية -
                    // الباكستانية", "russo-pakistanais").
                    const bool dash = toks_[c->first].gap_before.find('-') != std::string::npos ||
                                      toks_[c->first].gap_before.find("ـ") != std::string::npos;
                    const bool listed_with_prev = prev && !dash && (c->first == prev->last + 1 ||
                        (c->first == prev->last + 2 && is_stop(toks_[prev->last + 1])) || !c->prefix.empty());
                    if (role.empty() && listed_with_prev && prev_role.empty() && prev->kind == NodeKind::Country &&
                        c->kind == NodeKind::Country)
                        follows[key] = country_of(*prev);
                    if (role == "source" || role == "destination") reliable.insert(key);
                    if (role == "source") exporters.insert(key);
                    else if (role == "destination") importers.insert(key);
                    else if (role == "via") via.insert(key);
                    else if (follows.count(key) && follows.at(key) == country_of(*prev)) {}  // shares the role of the one before
                    else if (c->kind == NodeKind::Country) open.push_back(key);
                    else {
                        open.push_back("~" + key);  // a city or a body
                        if (c->kind == NodeKind::Place) city_at.emplace("~" + key, c->first);
                    }
                    prev = c;
                    prev_role = role;
                }
                // The first country or body named is the subject ("Sonatrach livre du gaz au groupe
                // français Engie", "HAL ने गुयाना ... को सौंपे"); with both sides known, a further
                // unmarked one is left out rather than guessed. Cities come last, and a city is the
                // subject only when named before the trade word ("Москва поставляет Нью-Дели"):
                // after it, it can only be the other side ("livré au Mali ... par les ports de
                // Dakar": Dakar is neither).
                auto& first_role = sp_trade_kind == "import" ? importers : exporters;
                auto& other_role = sp_trade_kind == "import" ? exporters : importers;
                for (const bool cities : {false, true})
                    for (const auto& o : open) {
                        const auto at = city_at.find(o);
                        if ((at != city_at.end()) != cities) continue;
                        const std::string key = o[0] == '~' ? o.substr(1) : o;
                        if (exporters.count(key) || importers.count(key) || via.count(key)) continue;
                        if (first_role.empty() && (!cities || at->second < sp_trade_at)) first_role.insert(key);
                        else if (other_role.empty()) other_role.insert(key);
                    }
                // Countries listed with an open one ("روسيا وأوكرانيا") share the role it gets.
                for (const auto& [key, leader] : follows) {
                    // Named on its own elsewhere in the sentence, a country keeps the role it got there.
                    if (std::find(open.begin(), open.end(), key) != open.end() || exporters.count(key) ||
                        importers.count(key))
                        continue;
                    std::string root = leader;
                    // At most one step per entry: a country listed with itself ("X and Hong Kong
                    // ... in Hong Kong") makes a cycle, which must not loop forever.
                    for (std::size_t steps = 0; follows.count(root) && steps < follows.size(); ++steps)
                        root = follows.at(root);
                    if (exporters.count(root)) exporters.insert(key);
                    else if (importers.count(root)) importers.insert(key);
                }
                // One side known, the other unsaid ("el país exportó al mercado estadounidense",
                // "importa de su vecino del norte"): in an article about two countries, the other.
                // Only when that side was said plainly and nothing else in the sentence is a place.
                std::size_t geo = 0;
                for (auto* p : sp_places) geo += p->iso.empty();
                if (main_pair.size() == 2 && geo == 0 && exporters.size() + importers.size() == 1 &&
                    reliable.count(exporters.empty() ? *importers.begin() : *exporters.begin())) {
                    auto other = [&](const std::string& k) { return k == main_pair[0] ? main_pair[1] : main_pair[0]; };
                    if (importers.empty() && exporters.size() == 1 && (*exporters.begin() == main_pair[0] || *exporters.begin() == main_pair[1]))
                        importers.insert(other(*exporters.begin()));
                    else if (exporters.empty() && importers.size() == 1 &&
                             (*importers.begin() == main_pair[0] || *importers.begin() == main_pair[1]))
                        exporters.insert(other(*importers.begin()));
                }
                // "Qatar exports most of its LNG to Asia, while other cargoes go to Britain": a later
                // span that names one side only keeps the other side of the span before it.
                if (exporters.empty() && !importers.empty()) exporters = last_exporters;
                else if (importers.empty() && !exporters.empty()) importers = last_importers;
                last_exporters = exporters;
                last_importers = importers;
                last_traded = traded;
                sp_goods = traded;
                for (const auto& ex : exporters)
                    for (const auto& im : importers) {
                        if (ex == im || via.count(ex) || via.count(im)) continue;
                        for (auto* g : sp_goods) {
                            std::string key = "export:" + key_suffix(ex) + "-to-" + key_suffix(im) + ":" + key_suffix(g->key);
                            std::map<std::string, std::string> attrs = quantity_in(span.first, span.end, g->first);
                            if (!date.empty()) attrs["startDate"] = date;
                            if (!trade_status.empty()) {
                                key += ":" + trade_status;
                                attrs["status"] = trade_status;
                            }
                            // Both countries' nodes must exist even when only a city named one.
                            for (const auto& c : {ex, im}) {
                                NodeRecord cn;
                                cn.key = c;
                                cn.kind = NodeKind::Country;
                                cn.attrs["identifier"] = key_suffix(c);
                                if (const EntityInfo* info = lex_.find(c)) cn.name = info->name;
                                x.nodes.push_back(cn);
                            }
                            add_relation(x, NodeKind::Export, key,
                                         {{"exporter", ex}, {"importer", im}, {"commodity", g->key}}, {si}, attrs);
                        }
                    }
            }

        }

        // Agreements: the parties are the countries that agreed (the subject, before the
        // word), or the two countries the sentence names, or "both sides" of the article.
        // A planned or denied agreement is kept with its status, as no fact.
        std::size_t agree_at = kNone;
        for (const auto& t : triggers)
            if ((t.value == "agree" || t.value == "sign") && agree_at == kNone) agree_at = t.first;
        if (agree_at != kNone) {
            const std::string agree_status = status_at(agree_at);
            std::set<std::string> before, all;
            for (auto* c : countries) {
                all.insert(c->key);
                if (c->first < agree_at && !c->demonym) before.insert(c->key);
            }
            // The parties: the people who agreed, named ("signed by X and Y") or by a title of
            // several ("the two ministers agreed"), and the countries: those that agreed (before
            // the word), or the two the sentence names, or "both sides" of the article, or else
            // the countries the people speak for. One node says both levels.
            std::set<std::string> people;
            for (auto* p : persons)
                if (p->first < agree_at) people.insert(p->key);
            if (people.size() < 2) {
                people.clear();
                for (auto* h : group_people) people.insert(h->key);
            }
            if (people.size() < 2 && all.empty() && persons.size() == 2)
                for (auto* p : persons) people.insert(p->key);
            if (people.size() < 2) people.clear();
            std::set<std::string> parties;
            if (before.size() >= 2) parties = before;
            else if (all.size() == 2) parties = all;
            else if (kinds.count("pair") && main_pair.size() == 2)
                parties = std::set<std::string>(main_pair.begin(), main_pair.end());
            if (parties.empty() && !people.empty()) {
                for (const auto& p : people)
                    if (auto side = person_side.find(p); side != person_side.end())
                        parties.insert("country:" + side->second);
                if (parties.size() < 2) parties.clear();
            }
            parties.insert(people.begin(), people.end());
            if (parties.size() >= 2) {
                std::string key = "agreement:" + slug(article_.id);
                for (const auto& p : parties) key += ":" + key_suffix(p);
                std::map<std::string, std::string> attrs;
                if (!date.empty()) attrs["startDate"] = date;
                if (!agree_status.empty()) {
                    key += ":" + agree_status;
                    attrs["status"] = agree_status;
                }
                for (const auto& t : triggers)
                    if (t.first == agree_at) {
                        std::size_t end = std::min(s.end_tok, t.end + 12);
                        std::size_t stop = t.end;
                        while (stop < end && !(stop > t.end && toks_[stop].gap_breaks)) ++stop;
                        if (stop >= t.end + 3) {
                            attrs["topic"] = original(t.end, stop - 1);
                        } else {
                            // Verb-final languages say what was agreed before the verb ("تجارت
                            // بڑھانے کے معاہدے پر دستخط کیے"): the words after the last party.
                            std::size_t from = t.first;
                            while (from > s.first_tok && t.first - from < 10 && covered_[from - 1] < 0 &&
                                   !toks_[from].gap_breaks)
                                --from;
                            if (from < t.first) attrs["topic"] = original(from, t.end - 1);
                            else if (stop > t.end) attrs["topic"] = original(t.end, stop - 1);
                        }
                        break;
                    }
                AgreementDraft& a = agreements_[key];
                if (a.sentences.empty()) {
                    for (const auto& p : parties) a.roles.emplace_back("party", p);
                    a.attrs = attrs;
                }
                a.sentences.insert(si);
            }
        }
    }
}

void ArticleRun::emit_meetings(Extraction& x) {
    const auto& person_side = person_side_;
    for (const auto& [key, a] : agreements_) add_relation(x, NodeKind::Agreement, key, a.roles, a.sentences, a.attrs);
    // "The two countries held talks" beside a meeting of their people on a day that fits is that
    // meeting, told again: its sentences join it.
    for (auto& d : meetings_) {
        if (!d.persons.empty() || !d.status.empty()) continue;
        for (auto& m : meetings_) {
            if (&m == &d || m.persons.empty() || !m.status.empty()) continue;
            if (!d.date.empty() && !m.date.empty() && d.date != m.date) continue;
            std::set<std::string> sides;
            for (const auto& p : m.persons)
                if (auto ps = person_side.find(p); ps != person_side.end()) sides.insert("country:" + ps->second);
            bool covered = true;
            for (const auto& a : d.attendees) covered = covered && (sides.count(a) > 0 || m.attendees.count(a) > 0);
            if (!covered) continue;
            m.sentences.insert(d.sentences.begin(), d.sentences.end());
            d.attendees.clear();
            break;
        }
    }
    meetings_.erase(std::remove_if(meetings_.begin(), meetings_.end(),
                                   [](const MeetingDraft& d) { return d.attendees.empty(); }),
                    meetings_.end());
    for (auto& d : meetings_) {
        // A meeting of the same occasion told without its day takes the lead's: an actor of the
        // lead (or a person's country) takes part or the sentence says so ("En paralelo"), and
        // no other place is named.
        if (lead_ && d.date.empty() && d.status.empty() &&
            (d.place.empty() || lead_->place.empty() || d.place == lead_->place)) {
            bool shared = d.same_occasion;
            for (const auto& a : d.attendees) {
                shared = shared || lead_->actors.count(a) > 0;
                if (auto ps = person_side.find(a); ps != person_side.end())
                    shared = shared || lead_->actors.count("country:" + ps->second) > 0;
            }
            if (shared) {
                d.date = lead_->date;
                d.date_end = lead_->date_end;
            }
        }
        std::string key = "meeting:";
        std::string ids;
        for (const auto& a : d.attendees) ids += (ids.empty() ? "" : "+") + key_suffix(a);
        // The same meeting told by two articles is one node: the same people on the same
        // day, or, undated, in the same place. Only a meeting with neither stays the article's.
        key += ids + ":" + (!d.date.empty() ? d.date
                            : !d.place.empty() ? "at-" + key_suffix(d.place)
                                               : "article-" + slug(article_.id));
        if (!d.status.empty()) key += ":" + d.status;
        std::map<std::string, std::string> attrs;
        if (!d.date.empty()) attrs["startDate"] = d.date;
        if (!d.date_end.empty()) attrs["endDate"] = d.date_end;
        if (!d.status.empty()) attrs["status"] = d.status;
        std::vector<std::pair<std::string, std::string>> roles;
        for (const auto& a : d.attendees) roles.emplace_back("attendee", a);
        if (!d.place.empty()) roles.emplace_back("location", d.place);
        add_relation(x, NodeKind::Meeting, key, roles, d.sentences, attrs);
        if (!d.status.empty()) continue;  // planned, proposed or denied: not a fact
        std::vector<std::string> people(d.persons.begin(), d.persons.end());
        for (std::size_t i = 0; i < people.size(); ++i)
            for (std::size_t j = i + 1; j < people.size(); ++j) {
                auto a = person_side.find(people[i]);
                auto b = person_side.find(people[j]);
                if (a != person_side.end() && b != person_side.end() && a->second == b->second) continue;
                std::string mk = "metwith:" + key_suffix(people[i]) + "+" + key_suffix(people[j]);
                std::map<std::string, std::string> mattrs;
                if (!d.date.empty()) mattrs["startDate"] = d.date;
                add_relation(x, NodeKind::MetWith, mk, {{"participant", people[i]}, {"participant", people[j]}},
                             d.sentences, mattrs);
            }
    }
}

void ArticleRun::emit_entities(Extraction& x) {
    std::map<std::string, NodeRecord> nodes;
    std::set<std::string> countries_here;
    for (const auto& m : mentions_)
        if (m.kind == NodeKind::Country) countries_here.insert(key_suffix(m.key));
    for (const auto& m : mentions_) {
        NodeRecord& n = nodes[m.key];
        n.key = m.key;
        n.kind = m.kind;
        if (n.name.empty()) n.name = m.name;
        Span sp = nt_.original_span(toks_[m.first].b + static_cast<std::uint32_t>(m.prefix.size()), toks_[m.last].e);
        std::string form = article_.text.substr(sp.begin, sp.end - sp.begin);
        if (!m.anaphor) n.forms.insert(SurfaceForm{form, lang_});
        Evidence ev = evidence(m.first, m.last);
        ev.span = sp;
        n.mentions.insert(ev);
        if (m.kind == NodeKind::Country) n.attrs["identifier"] = key_suffix(m.key);
        if (!m.reason.empty()) n.reasons.insert(m.reason);
        // The person's country: the title's adjective, or the lexicon's when the article
        // speaks of that country.
        if (m.kind == NodeKind::Person) {
            std::string side = m.title_iso;
            std::size_t from = m.title_first == kNone ? m.first : std::min(m.title_first, m.first);
            if (side.empty() && !m.iso.empty() && countries_here.count(m.iso)) side = m.iso;
            if (!side.empty()) {
                Evidence rev = evidence(from, m.last);
                rev.span = nt_.original_span(toks_[from].b, toks_[m.last].e);
                x.edges.push_back(EdgeRecord{m.key, "country:" + side, "represents", {rev}});
            }
        }
    }
    for (auto& [k, n] : nodes) x.nodes.push_back(std::move(n));
}

Extraction ArticleRun::run() {
    Extraction x;
    out_ = &x;
    ld_ = lex_.language(lang_);
    x.article = article_.id;
    x.lang = lang_;
    mark_boilerplate();
    segment();
    find_entities();
    resolve_generics();
    find_people_after_titles();
    chain_surnames();
    filter_short_forms();
    find_unlisted_orgs();
    resolve_state_forms();
    published_ = article_.published;
    if (published_.empty() && ld_) published_ = find_published();
    x.published = published_;
    relations();
    emit_meetings(x);
    emit_entities(x);
    return x;
}

// The publication date: a full date on a line of the header (the first eight lines) or on a
// short line anywhere (a dateline, "تاریخ انتشار: ۹ فروردین ۱۳۹۸"), page furniture included.
std::string ArticleRun::find_published() const {
    const std::string& text = article_.text;
    std::size_t pos = 0;
    for (int line_no = 0; pos < text.size(); ++line_no) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string_view line(text.data() + pos, eol - pos);
        pos = eol + 1;
        if (line_no >= 8 && line.size() > 120) continue;
        auto toks = lex_.tokens(line);
        if (toks.empty()) continue;
        if (auto d = find_date(toks, 0, toks.size(), *ld_, ""); d && d->full) return d->iso;
    }
    return {};
}

std::string ArticleRun::trace() const {
    std::string out = "article " + article_.id + " language " + lang_ +
                      (published_.empty() ? "" : " published " + published_) + "\n";
    for (const auto& b : boiler_lines_)
        out += "  furniture: " + article_.text.substr(b.begin, b.end - b.begin) + "\n";
    for (const auto& s : sents_) {
        out += "\n[" + std::to_string(s.orig.begin) + "-" + std::to_string(s.orig.end) + "] " + s.text + "\n";
        for (const auto& m : mentions_) {
            if (m.first < s.first_tok || m.first >= s.end_tok) continue;
            out += "  " + std::string(kind_name(m.kind)) + " " + m.key + " <- " + original(m.first, m.last);
            if (m.demonym) out += " (demonym)";
            if (!m.prefix.empty()) out += " (clitic " + m.prefix + ")";
            if (!m.office.empty()) out += " office=" + m.office;
            if (!m.title_iso.empty()) out += " side=" + m.title_iso;
            out += "\n";
        }
        if (!ld_) continue;
        for (const auto& h : find_phrases(ld_->triggers, s.first_tok, s.end_tok, true))
            out += "  trigger " + h.value + " <- " + original(h.first, h.end - 1) + "\n";
        for (const auto& h : find_phrases(ld_->modality, s.first_tok, s.end_tok, true))
            out += "  modality " + h.value + " <- " + original(h.first, h.end - 1) + "\n";
        for (const auto& h : find_phrases(ld_->titles, s.first_tok, s.end_tok, true))
            out += "  title " + h.value + (h.iso.empty() ? "" : " of " + h.iso) + " <- " +
                   original(h.first, h.end - 1) + "\n";
    }
    return out;
}

}  // namespace

std::string Extractor::trace(const Article& article) const {
    ArticleRun run(lex_, keyer_, person_by_key_, *phrases_, article, prepare_article(article, lex_.normalizer()),
                   id_, word_memory_);
    run.run();
    return run.trace();
}

Extractor::Extractor(const Lexicon& lexicon, const NameKeyer& keyer)
    : lex_(lexicon), keyer_(keyer), id_(next_extractor_id()) {
    auto phrases = std::make_shared<PhraseIndexes>();
    for (const char* lang : Lexicon::kLanguages)
        if (const LanguageData* d = lex_.language(lang))
            for (const auto* list : {&d->titles, &d->group_titles, &d->triggers, &d->modality,
                                     &d->org_heads, &d->units, &d->state_forms})
                phrases->by_list.emplace(list, index_phrases(*list));
    for (const char* lang : Lexicon::kLanguages)
        if (const LanguageData* d = lex_.language(lang))
            for (const auto& [form, where] : d->boilerplate)
                if (!form.empty()) phrases->boiler_heads.insert(form.substr(0, form.find(' ')));
    phrases_ = std::move(phrases);
    auto add = [&](const std::string& k, std::uint32_t entity) {
        if (k.find('-') == std::string::npos) return;  // one word is never enough
        auto [it, fresh] = person_by_key_.emplace(k, entity);
        if (!fresh && it->second != entity) it->second = -1;
    };
    // The same form stands in several language columns, and most stems are the folded form
    // itself: each distinct string is transliterated once (ICU's transliteration is most of
    // the time this constructor takes).
    std::unordered_map<std::string, std::string> keys;
    auto key_of = [&](const std::string& s) -> const std::string& {
        auto it = keys.find(s);
        if (it == keys.end()) it = keys.emplace(s, keyer_.key(s)).first;
        return it->second;
    };
    std::vector<const LanguageData*> inflecting;
    for (const char* lang : Lexicon::kLanguages)
        if (const LanguageData* d = lex_.language(lang); d && !d->inflections.empty()) inflecting.push_back(d);
    for (const auto& [entity, form] : lex_.person_forms()) {
        add(key_of(form), entity);
        // Names in a language that inflects them are also keyed by their stems, so that
        // "Эммануэлем Макроном" finds "Эммануэль Макрон".
        if (inflecting.empty()) continue;
        const std::vector<std::string> tokens = lex_.tokens(form);
        for (const LanguageData* d : inflecting) {
            std::string stems;
            for (const auto& t : tokens) stems += (stems.empty() ? "" : " ") + lex_.stem(t, *d);
            add("~" + key_of(stems), entity);
        }
    }
}

PreparedArticle prepare_article(const Article& article, const Normalizer& norm) {
    PreparedArticle p;
    p.lang = article.language.empty() ? detect_language(article.text) : article.language;
    p.text = norm.normalize(article.text);
    return p;
}

Extraction Extractor::extract(const Article& article) const {
    return extract(article, prepare_article(article, lex_.normalizer()));
}

Extraction Extractor::extract(const Article& article, PreparedArticle&& prepared) const {
    ArticleRun run(lex_, keyer_, person_by_key_, *phrases_, article, std::move(prepared), id_,
                   word_memory_);
    Extraction x = run.run();
    // Names taken from the article must not display as another name (bidi overrides,
    // invisible joiners, Cyrillic or Greek look-alikes inside a Latin name).
    make_display_safe(x, lex_.normalizer());
    return x;
}

}  // namespace kg
