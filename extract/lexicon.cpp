#include "extract/lexicon.h"

#include <unicode/locdspnm.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>

namespace kg {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kLangColumns = {"en", "fr", "es", "ru", "ar", "fa", "ur", "hi"};

const std::set<std::string> kOffices = {
    "head-of-state", "president", "vice-president", "prime-minister", "deputy-prime-minister",
    "king", "emir", "crown-prince", "foreign-minister", "deputy-foreign-minister",
    "foreign-secretary", "minister", "deputy-minister", "ambassador", "envoy",
    "special-representative", "army-chief", "general", "spokesperson", "secretary-general",
    "chancellor", "official", "honorific", "counterpart"};
const std::set<std::string> kRelations = {"meet", "talks", "visit", "call", "export", "import",
                                          "supply", "agree", "sign", "participate", "pair", "refer", "report", "absent",
                                          "occasion", "contrast"};
const std::set<std::string> kStatuses = {"planned", "proposed", "denied"};
const std::set<std::string> kWhere = {"line-start", "line"};
const std::set<std::string> kHistoricCodes = {"SU", "YU", "CS", "DD", "XK"};

struct Row {
    int line = 0;
    std::vector<std::string> cells;
};

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    return out;
}

// Reads a TSV whose header names exactly `columns`. Problems are "path:line: what".
std::vector<Row> read_tsv(const fs::path& path, const std::vector<std::string>& columns,
                          std::vector<std::string>& problems, bool required = true) {
    std::vector<Row> rows;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (required) problems.push_back(path.string() + ":0: missing file");
        return rows;
    }
    const std::string p = path.string();
    std::string line;
    int n = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!valid_utf8(line)) {
            problems.push_back(p + ":" + std::to_string(n) + ": not valid UTF-8");
            continue;
        }
        if (!header) {
            const std::string want = "# " + join(columns, "\t");
            if (line != want) {
                problems.push_back(p + ":" + std::to_string(n) + ": header must be '" + want +
                                   "' (columns separated by tabs)");
                return rows;
            }
            header = true;
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        Row r{n, split(line, '\t')};
        if (r.cells.size() != columns.size()) {
            problems.push_back(p + ":" + std::to_string(n) + ": expected " +
                               std::to_string(columns.size()) + " columns, found " +
                               std::to_string(r.cells.size()));
            continue;
        }
        bool ok = true;
        for (std::size_t i = 0; i < r.cells.size() && ok; ++i) {
            const std::string& c = r.cells[i];
            if (c.empty()) {
                problems.push_back(p + ":" + std::to_string(n) + ": empty cell in column '" +
                                   columns[i] + "' (write - for none)");
                ok = false;
            } else if (c.front() == ' ' || c.back() == ' ') {
                problems.push_back(p + ":" + std::to_string(n) + ": spaces around cell in column '" +
                                   columns[i] + "'");
                ok = false;
            }
        }
        if (ok) rows.push_back(std::move(r));
    }
    if (!header) problems.push_back(p + ":1: empty file (a header line is required)");
    return rows;
}

std::vector<std::string> variants(const std::string& cell) {
    std::vector<std::string> out;
    if (cell == "-") return out;
    for (auto& v : split(cell, '|')) {
        auto b = v.find_first_not_of(' ');
        auto e = v.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(v.substr(b, e - b + 1));
    }
    return out;
}

// ^[a-z0-9]+(-[a-z0-9+]+)*$, checked by hand: std::regex took a tenth of start-up.
bool valid_slug(std::string_view s) {
    bool first = true;  // the first part allows no '+'
    std::size_t part = 0;  // characters in the current part
    for (char c : s) {
        if (c == '-') {
            if (part == 0) return false;
            first = false;
            part = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '+' && !first)) {
            ++part;
        } else {
            return false;
        }
    }
    return part > 0;
}

bool is_upper_acronym(const std::string& form) {
    if (form.size() > 5 || form.size() < 2) return false;
    for (char c : form)
        if (!((c >= 'A' && c <= 'Z') || c == '.')) return false;
    return true;
}

}  // namespace

DataError::DataError(std::vector<std::string> problems)
    : std::runtime_error(join(problems, "\n")), problems_(std::move(problems)) {}

class LexiconBuilder {
public:
    LexiconBuilder(Lexicon& lex, std::vector<std::string>& problems)
        : lex_(lex), problems_(problems) {
        int32_t n = 0;
        for (const char* const* c = uloc_getISOCountries(); *c; ++c, ++n) iso_codes_.insert(*c);
    }

    void problem(const fs::path& p, int line, const std::string& what) {
        problems_.push_back(p.string() + ":" + std::to_string(line) + ": " + what);
    }

    bool valid_iso(const std::string& iso) const {
        return iso_codes_.count(iso) || kHistoricCodes.count(iso);
    }

    std::uint32_t add_entity(EntityInfo info) {
        auto it = lex_.by_key_.find(info.key);
        if (it != lex_.by_key_.end()) return it->second;
        auto idx = static_cast<std::uint32_t>(lex_.entities_.size());
        lex_.by_key_.emplace(info.key, idx);
        lex_.entities_.push_back(std::move(info));
        return idx;
    }

    void add_form(std::uint32_t entity, const std::string& form, bool demonym, const std::string& lang,
                  bool short_form = false) {
        std::string key = lex_.token_key(form);
        if (key.empty()) return;
        GazetteerHit hit{entity, demonym, short_form, is_upper_acronym(form), form, lang};
        if (!short_form && lex_.entities_[entity].kind == NodeKind::Person) lex_.person_forms_.emplace_back(entity, form);
        auto& hits = lex_.gazetteer_[key];
        for (const auto& h : hits)
            if (h.entity == entity && h.demonym == demonym && h.exact_case == hit.exact_case && h.lang == lang)
                return;
        hits.push_back(hit);
        std::size_t ntok = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
        lex_.max_tokens_ = std::max(lex_.max_tokens_, ntok);
    }

    // ICU's own country names in every supported locale, long and short.
    void load_icu_countries(const std::set<std::pair<std::string, std::string>>& stoplist) {
        UErrorCode status = U_ZERO_ERROR;
        for (const auto& code : iso_codes_) {
            icu::Locale region("und", code.c_str());
            icu::UnicodeString en_name;
            region.getDisplayCountry(icu::Locale("en"), en_name);
            std::string name;
            en_name.toUTF8String(name);
            auto idx = add_entity(EntityInfo{"country:" + code, NodeKind::Country, name, code, "country", {}});
            for (const auto& lang : kLangColumns) {
                icu::Locale loc(lang.c_str());
                std::set<std::string> names;
                icu::UnicodeString u;
                region.getDisplayCountry(loc, u);
                std::string s;
                u.toUTF8String(s);
                if (s != code) names.insert(s);  // the bare code means: no name in this locale
                std::unique_ptr<icu::LocaleDisplayNames> ldn(icu::LocaleDisplayNames::createInstance(
                    loc, std::array<UDisplayContext, 1>{UDISPCTX_LENGTH_SHORT}.data(), 1));
                if (ldn) {
                    icu::UnicodeString su;
                    ldn->regionDisplayName(code.c_str(), su);
                    std::string ss;
                    su.toUTF8String(ss);
                    names.insert(ss);
                }
                for (const auto& nm : names) {
                    if (nm.empty()) continue;
                    if (stoplist.count({lang, lex_.token_key(nm)})) continue;
                    add_form(idx, nm, false, lang);
                }
            }
        }
        (void)status;
    }

    void load_world(const fs::path& dir) {
        // Forms ICU gives that are also common words ("مالی" is Mali and "financial").
        std::set<std::pair<std::string, std::string>> stoplist;
        {
            auto rows = read_tsv(dir / "country_stoplist.tsv", {"lang", "form"}, problems_, false);
            for (const auto& r : rows) stoplist.insert({r.cells[0], lex_.token_key(r.cells[1])});
        }
        load_icu_countries(stoplist);
        for (const auto& r : read_tsv(dir / "name_particles.tsv", {"form"}, problems_))
            lex_.particles_.insert(lex_.token_key(r.cells[0]));

        for (const auto& [file, demonym] : {std::pair{"countries.tsv", false}, {"demonyms.tsv", true}}) {
            std::vector<std::string> cols = {"iso"};
            cols.insert(cols.end(), kLangColumns.begin(), kLangColumns.end());
            const fs::path p = dir / file;
            for (const auto& r : read_tsv(p, cols, problems_)) {
                const std::string& iso = r.cells[0];
                if (!valid_iso(iso)) {
                    problem(p, r.line, "unknown ISO 3166-1 code '" + iso + "'");
                    continue;
                }
                auto idx = add_entity(EntityInfo{"country:" + iso, NodeKind::Country, iso, iso, "country", {}});
                // Historical states (SU) have no English name in ICU: take the file's.
                auto en = variants(r.cells[1]);
                if (!demonym && lex_.entities_[idx].name == iso && !en.empty()) lex_.entities_[idx].name = en[0];
                for (std::size_t i = 1; i < r.cells.size(); ++i)
                    for (const auto& f : variants(r.cells[i])) add_form(idx, f, demonym, kLangColumns[i - 1]);
            }
        }
        struct KeyedFile {
            const char* file;
            const char* prefix;
            NodeKind kind;
            bool has_iso;
            bool has_type;
            bool has_offices;
            bool has_kind_of;
        };
        const KeyedFile files[] = {
            {"places.tsv", "place", NodeKind::Place, true, true, false, false},
            {"organizations.tsv", "org", NodeKind::Organization, true, true, false, false},
            {"commodities.tsv", "commodity", NodeKind::Commodity, false, true, false, true},
            {"people.tsv", "person", NodeKind::Person, true, false, true, false},
        };
        for (const auto& kf : files) {
            std::vector<std::string> cols = {"key"};
            if (kf.has_iso) cols.push_back("iso");
            if (kf.has_type) cols.push_back("type");
            if (kf.has_offices) cols.push_back("offices");
            if (kf.has_kind_of) cols.push_back("kind_of");
            const std::size_t first_lang = cols.size();
            cols.insert(cols.end(), kLangColumns.begin(), kLangColumns.end());
            const fs::path p = dir / kf.file;
            std::set<std::string> seen;
            for (const auto& r : read_tsv(p, cols, problems_)) {
                const std::string& key = r.cells[0];
                const std::string prefix = std::string(kf.prefix) + ":";
                if (key.rfind(prefix, 0) != 0 || !valid_slug(key.substr(prefix.size()))) {
                    problem(p, r.line, "key '" + key + "' must be " + prefix + "<lowercase-ascii-slug>");
                    continue;
                }
                if (!seen.insert(key).second) {
                    problem(p, r.line, "duplicate key '" + key + "'");
                    continue;
                }
                EntityInfo info{key, kf.kind, "", "", "", {}};
                std::size_t c = 1;
                if (kf.has_iso) {
                    info.iso = r.cells[c++];
                    if (info.iso == "-") {
                        info.iso.clear();
                    } else if (!valid_iso(info.iso)) {
                        problem(p, r.line, "unknown ISO 3166-1 code '" + info.iso + "'");
                        continue;
                    }
                }
                if (kf.has_type) info.type = r.cells[c++];
                if (kf.has_offices) {
                    bool ok = true;
                    for (const auto& o : variants(r.cells[c])) {
                        if (!kOffices.count(o)) {
                            problem(p, r.line, "unknown office '" + o + "'");
                            ok = false;
                        }
                        info.offices.push_back(o);
                    }
                    ++c;
                    if (!ok) continue;
                }
                if (kf.has_kind_of) {
                    if (r.cells[c] != "-") kind_of.push_back({p, r.line, key, r.cells[c]});
                    ++c;
                }
                auto en = variants(r.cells[first_lang]);
                if (en.empty()) {
                    problem(p, r.line, "the English name (column 'en') is required");
                    continue;
                }
                info.name = en.front();
                auto idx = add_entity(info);
                for (std::size_t i = first_lang; i < r.cells.size(); ++i)
                    for (const auto& f : variants(r.cells[i])) add_form(idx, f, false, kLangColumns[i - first_lang]);
            }
        }
        for (const auto& r : read_tsv(dir / "given_names.tsv", {"form"}, problems_))
            for (const auto& t : lex_.tokens(r.cells[0])) lex_.given_names_.insert(t);
        add_person_short_forms();
        for (const auto& k : kind_of) {
            auto g = lex_.by_key_.find(k.generic);
            if (g == lex_.by_key_.end() || lex_.entities_[g->second].kind != NodeKind::Commodity || k.generic == k.key) {
                problem(k.path, k.line, "kind_of '" + k.generic + "' is not another commodity's key");
                continue;
            }
            lex_.specifics_[g->second].insert(lex_.by_key_.at(k.key));
        }
    }

    struct KindOf {
        fs::path path;
        int line;
        std::string key, generic;
    };
    std::vector<KindOf> kind_of;

    // A lexicon person's surname alone names them when no one else in the lexicon shares it.
    void add_person_short_forms() {
        std::map<std::string, std::set<std::uint32_t>> owners;
        std::map<std::pair<std::string, std::uint32_t>, std::set<std::pair<std::string, std::string>>> written;
        std::set<std::string> given_names;  // a word that begins someone's name is no surname
        for (const auto& [key, hits] : lex_.gazetteer_)
            for (const auto& h : hits)
                if (lex_.entities_[h.entity].kind == NodeKind::Person && key.find(' ') != std::string::npos)
                    given_names.insert(key.substr(0, key.find(' ')));
        lex_.given_names_.insert(given_names.begin(), given_names.end());
        for (const auto& [key, hits] : lex_.gazetteer_) {
            auto space = key.rfind(' ');
            if (space == std::string::npos) continue;
            std::string last = key.substr(space + 1);
            for (const auto& h : hits) {
                if (lex_.entities_[h.entity].kind != NodeKind::Person || h.short_form) continue;
                owners[last].insert(h.entity);
                auto sp = h.form.rfind(' ');
                written[{last, h.entity}].insert({sp == std::string::npos ? h.form : h.form.substr(sp + 1), h.lang});
            }
        }
        for (const auto& [last, who] : owners) {
            std::size_t letters = 0;
            for (unsigned char c : last) letters += (c & 0xC0) != 0x80;
            if (who.size() != 1 || letters < 4 || given_names.count(last)) continue;
            if (lex_.gazetteer_.count(last)) continue;  // already a name of something else
            bool stop = false;
            for (const auto& [lang, data] : lex_.languages_) stop = stop || data.stopwords.count(last);
            if (stop) continue;
            std::uint32_t e = *who.begin();
            // One hit per language whose column writes the name, so the same-script check
            // of the matcher lets a French "Macron" through in a French article.
            for (const auto& [form, lang] : written[{last, e}]) add_form(e, form, false, lang, true);
        }
    }

    Phrase phrase(const std::string& form, const std::string& value, bool allow_slot) {
        Phrase ph;
        ph.value = value;
        std::string f = form;
        if (!f.empty() && f.back() == '*') {
            ph.prefix_last = true;
            f.pop_back();
        }
        std::size_t start = 0;
        while (true) {
            auto pos = allow_slot ? f.find("{C}", start) : std::string::npos;
            auto part = f.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
            for (auto& t : lex_.tokens(part)) ph.tokens.push_back(t);
            if (pos == std::string::npos) break;
            ph.tokens.push_back(Lexicon::kSlot);
            start = pos + 3;
        }
        return ph;
    }

    // A language whose folder is absent is simply not supported by this data set (test
    // fixtures ship a few); a folder that exists must hold every file.
    void load_language(const fs::path& dir, const std::string& lang) {
        const fs::path p = dir / lang;
        if (!fs::is_directory(p)) return;
        LanguageData& d = lex_.languages_[lang];
        for (const auto& r : read_tsv(p / "stopwords.tsv", {"form"}, problems_))
            d.stopwords.insert(lex_.token_key(r.cells[0]));
        for (const auto& r : read_tsv(p / "titles.tsv", {"form", "office"}, problems_)) {
            if (!kOffices.count(r.cells[1])) {
                problem(p / "titles.tsv", r.line, "unknown office '" + r.cells[1] + "'");
                continue;
            }
            auto ph = phrase(r.cells[0], r.cells[1], true);
            if (ph.tokens.empty() || (ph.tokens.size() == 1 && ph.tokens[0] == Lexicon::kSlot)) {
                problem(p / "titles.tsv", r.line, "title '" + r.cells[0] + "' has no words");
                continue;
            }
            d.titles.push_back(std::move(ph));
        }
        // Titles of several people at once ("the Indian and Pakistani foreign ministers", "the
        // two leaders"); "any" stands for whatever office the people hold.
        for (const auto& r : read_tsv(p / "group_titles.tsv", {"form", "office"}, problems_, false)) {
            if (r.cells[1] != "any" && r.cells[1] != "leader" && !kOffices.count(r.cells[1])) {
                problem(p / "group_titles.tsv", r.line, "unknown office '" + r.cells[1] + "'");
                continue;
            }
            auto ph = phrase(r.cells[0], r.cells[1], false);
            if (!ph.tokens.empty()) d.group_titles.push_back(std::move(ph));
        }
        for (const auto& r : read_tsv(p / "triggers.tsv", {"form", "relation"}, problems_)) {
            if (!kRelations.count(r.cells[1])) {
                problem(p / "triggers.tsv", r.line, "unknown relation '" + r.cells[1] + "'");
                continue;
            }
            auto ph = phrase(r.cells[0], r.cells[1], false);
            if (!ph.tokens.empty()) d.triggers.push_back(std::move(ph));
        }
        for (const auto& r : read_tsv(p / "modality.tsv", {"form", "status"}, problems_)) {
            if (!kStatuses.count(r.cells[1])) {
                problem(p / "modality.tsv", r.line, "unknown status '" + r.cells[1] + "'");
                continue;
            }
            auto ph = phrase(r.cells[0], r.cells[1], false);
            if (!ph.tokens.empty()) d.modality.push_back(std::move(ph));
        }
        for (const auto& r : read_tsv(p / "clitics.tsv", {"form", "position"}, problems_)) {
            std::string f = lex_.normalizer().fold(r.cells[0]);
            if (r.cells[1] == "prefix") {
                d.prefixes.push_back(f);
            } else if (r.cells[1].rfind("prefix:", 0) == 0) {
                d.replacements.emplace_back(f, lex_.normalizer().fold(r.cells[1].substr(7)));
            } else if (r.cells[1] == "suffix") {
                d.suffixes.push_back(f);
            } else {
                problem(p / "clitics.tsv", r.line, "position must be prefix, prefix:REPLACEMENT or suffix");
            }
        }
        auto longest_first = [](std::vector<std::string>& v) {
            std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
                return a.size() != b.size() ? a.size() > b.size() : a < b;
            });
            v.erase(std::unique(v.begin(), v.end()), v.end());
        };
        longest_first(d.prefixes);
        longest_first(d.suffixes);
        for (const auto& r : read_tsv(p / "boilerplate.tsv", {"form", "where"}, problems_)) {
            if (!kWhere.count(r.cells[1])) {
                problem(p / "boilerplate.tsv", r.line, "where must be line-start or line");
                continue;
            }
            d.boilerplate.emplace_back(lex_.token_key(r.cells[0]), r.cells[1]);
        }
        auto numbered = [&](const char* file, std::unordered_map<std::string, int>& out, int max, bool required) {
            for (const auto& r : read_tsv(p / file, {"form", "number"}, problems_, required)) {
                int v = 0;
                try {
                    v = std::stoi(r.cells[1]);
                } catch (...) {
                    v = 0;
                }
                if (v < 1 || v > max) {
                    problem(p / file, r.line, "number must be 1 to " + std::to_string(max));
                    continue;
                }
                out[lex_.token_key(r.cells[0])] = v;
            }
        };
        numbered("months.tsv", d.months, 12, true);
        numbered("weekdays.tsv", d.weekdays, 7, true);
        numbered("months_persian.tsv", d.months_persian, 12, false);
        numbered("months_hijri.tsv", d.months_hijri, 12, false);
        for (const auto& r : read_tsv(p / "grammar.tsv", {"setting", "value"}, problems_, false)) {
            const std::string& k = r.cells[0];
            const std::string& v = r.cells[1];
            if (k == "numeric-dates" && (v == "day-first" || v == "ambiguous")) {
                d.numeric_dates_ambiguous = v == "ambiguous";
            } else if (k == "verb-final" && (v == "yes" || v == "no")) {
                d.verb_final = v == "yes";
            } else if (k == "and-words") {
                std::size_t at = 0;
                while (at <= v.size()) {
                    const std::size_t bar = std::min(v.find('|', at), v.size());
                    if (bar > at) d.and_words.insert(lex_.token_key(v.substr(at, bar - at)));
                    at = bar + 1;
                }
            } else {
                problem(p / "grammar.tsv", r.line,
                        "expected numeric-dates day-first|ambiguous, verb-final yes|no or and-words");
            }
        }
        for (const auto& r : read_tsv(p / "relative_days.tsv", {"form", "offset"}, problems_, false)) {
            // "none" marks a phrase that begins like one of them and is no day (Urdu "آج کل", these days).
            static const std::map<std::string, int> kOffsets = {{"-2", -2}, {"-1", -1}, {"0", 0}, {"1", 1},
                                                                 {"2", 2}, {"none", LanguageData::kNoDay}};
            auto o = kOffsets.find(r.cells[1]);
            if (o == kOffsets.end()) {
                problem(p / "relative_days.tsv", r.line, "offset must be -2 to 2 (days from the publication date) or none");
                continue;
            }
            d.relative_days[lex_.token_key(r.cells[0])] = o->second;
        }
        for (const auto* names : {&d.months, &d.weekdays, &d.months_persian, &d.months_hijri, &d.relative_days})
            for (const auto& entry : *names) d.date_heads.insert(entry.first.substr(0, entry.first.find(' ')));
        for (const auto& r : read_tsv(p / "units.tsv", {"form", "unit"}, problems_)) {
            auto ph = phrase(r.cells[0], r.cells[1], false);
            if (!ph.tokens.empty()) d.units.push_back(std::move(ph));
        }
        for (const auto& r : read_tsv(p / "number_words.tsv", {"form", "value"}, problems_)) {
            double v = 0;
            try {
                v = std::stod(r.cells[1]);
            } catch (...) {
                v = 0;
            }
            if (v <= 0) {
                problem(p / "number_words.tsv", r.line, "value must be a positive number");
                continue;
            }
            d.number_words[lex_.token_key(r.cells[0])] = v;
        }
        for (const auto& r : read_tsv(p / "state_forms.tsv", {"form", "countries"}, problems_, false)) {
            bool ok = true;
            std::size_t from = r.cells[1] == "other" ? r.cells[1].size() + 1 : 0;
            while (ok && from <= r.cells[1].size()) {
                std::size_t bar = r.cells[1].find('|', from);
                if (bar == std::string::npos) bar = r.cells[1].size();
                const std::string iso = r.cells[1].substr(from, bar - from);
                ok = iso.size() == 2 && std::isupper(static_cast<unsigned char>(iso[0])) &&
                     std::isupper(static_cast<unsigned char>(iso[1]));
                from = bar + 1;
            }
            if (!ok) {
                problem(p / "state_forms.tsv", r.line, "countries must be ISO codes separated by |, or other");
                continue;
            }
            // A form the data writes with a capital ("Kingdom", "Royaume") must have one in
            // the article; the value says so with a leading '^'.
            UChar32 c0 = 0;
            std::int32_t at = 0;
            U8_NEXT(r.cells[0].data(), at, static_cast<std::int32_t>(r.cells[0].size()), c0);
            auto ph = phrase(r.cells[0], (u_isupper(c0) ? "^" : "") + r.cells[1], false);
            if (!ph.tokens.empty()) d.state_forms.push_back(std::move(ph));
        }
        for (const auto& r : read_tsv(p / "org_heads.tsv", {"form", "position"}, problems_)) {
            if (r.cells[1] != "first" && r.cells[1] != "last" && r.cells[1] != "descriptor") {
                problem(p / "org_heads.tsv", r.line, "position must be first, last or descriptor");
                continue;
            }
            auto ph = phrase(r.cells[0], r.cells[1], false);
            if (!ph.tokens.empty()) d.org_heads.push_back(std::move(ph));
        }
        for (const auto& r : read_tsv(p / "roles.tsv", {"form", "role", "position"}, problems_)) {
            static const std::set<std::string> kRoles = {"source", "import-source", "destination", "counterpart", "via", "with"};
            static const std::set<std::string> kPositions = {"before", "after", "prefix"};
            if (!kRoles.count(r.cells[1]) || !kPositions.count(r.cells[2])) {
                problem(p / "roles.tsv", r.line, "role must be source, import-source, destination, counterpart, via or with; position before, after or prefix");
                continue;
            }
            d.roles.push_back({r.cells[2] == "prefix" ? lex_.normalizer().fold(r.cells[0]) : lex_.token_key(r.cells[0]),
                               r.cells[1], r.cells[2]});
        }
        for (const auto& r : read_tsv(p / "suffixes.tsv", {"form"}, problems_, false))
            d.inflections.push_back(lex_.normalizer().fold(r.cells[0]));
        longest_first(d.inflections);
        for (const auto& ending : d.inflections)
            if (!ending.empty()) d.inflection_last_bytes.set(static_cast<unsigned char>(ending.back()));
    }

    // Stem keys for entries written in a script whose language inflects names.
    void build_stems() {
        for (const auto& [lang, data] : lex_.languages_) {
            if (data.inflections.empty()) continue;
            std::string stems;  // reused: one buffer for every key
            for (const auto& [key, hits] : lex_.gazetteer_) {
                stems.clear();
                for (std::size_t at = 0; at <= key.size();) {
                    const std::size_t end = std::min(key.find(' ', at), key.size());
                    const std::string_view word = std::string_view(key).substr(at, end - at);
                    if (at) stems += ' ';
                    stems.append(word.substr(0, lex_.stem_length(word, data)));
                    at = end + 1;
                }
                if (stems == key) continue;
                auto& out = lex_.stems_[stems];
                for (const auto& h : hits) {
                    if (h.exact_case || h.short_form) continue;
                    out.push_back(h);
                }
            }
        }
    }

private:
    Lexicon& lex_;
    std::vector<std::string>& problems_;
    std::set<std::string> iso_codes_;
};

void Lexicon::load_all(const fs::path& dir, std::vector<std::string>& problems) {
    if (!fs::is_directory(dir)) {
        problems.push_back(dir.string() + ":0: lexicon directory not found");
        return;
    }
    // Apostrophe clitics shape tokenization itself, so they are read first.
    std::set<std::string> apos_prefixes, apos_suffixes;
    for (const char* lang : kLanguages) {
        std::vector<std::string> ignored;
        for (const auto& r : read_tsv(dir / lang / "clitics.tsv", {"form", "position"}, ignored, false)) {
            std::string f = norm_->fold(r.cells[0]);
            if (f.find('\'') == std::string::npos) continue;
            (r.cells[1] == "prefix" ? apos_prefixes : apos_suffixes).insert(f);
        }
    }
    segmenter_ = std::make_unique<Segmenter>(apos_prefixes, apos_suffixes);
    LexiconBuilder b(*this, problems);
    for (const char* lang : kLanguages) b.load_language(dir, lang);
    b.load_world(dir / "world");
    b.build_stems();
    // The first word of every key, with the most words a key starting with it has.
    for (const auto* table : {&gazetteer_, &stems_})
        for (const auto& [key, hits] : *table) {
            const std::size_t words = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
            std::size_t& most = heads_[key.substr(0, key.find(' '))];
            most = std::max(most, words);
        }
    gazetteer_filter_.build(gazetteer_);
    stems_filter_.build(stems_);
}

void Lexicon::KeyFilter::build(const std::unordered_map<std::string, std::vector<GazetteerHit>>& table) {
    std::size_t n = 1;
    while (n * 4 < table.size()) n *= 2;
    words_.assign(n, 0);
    for (const auto& entry : table) {
        const std::size_t h = std::hash<std::string_view>()(entry.first);
        words_[h & (n - 1)] |= bits(h);
    }
}

bool Lexicon::KeyFilter::may_hold(std::string_view key) const {
    const std::size_t h = std::hash<std::string_view>()(key);
    const std::uint64_t want = bits(h);
    return (words_[h & (words_.size() - 1)] & want) == want;
}

std::size_t Lexicon::longest_from(const std::string& word) const {
    auto it = heads_.find(word);
    return it == heads_.end() ? 0 : it->second;
}

namespace {

// Problems sorted by file, then by line number, as an editor would walk them.
void sort_problems(std::vector<std::string>& problems) {
    auto split_at = [](const std::string& p) {
        auto c1 = p.find(".tsv:");
        if (c1 == std::string::npos) return std::make_pair(p, 0L);
        c1 += 4;
        long line = std::strtol(p.c_str() + c1 + 1, nullptr, 10);
        return std::make_pair(p.substr(0, c1), line);
    };
    std::stable_sort(problems.begin(), problems.end(), [&](const std::string& a, const std::string& b) {
        return split_at(a) < split_at(b);
    });
}

}  // namespace

std::unique_ptr<Lexicon> Lexicon::load(const fs::path& dir, const Normalizer& norm) {
    std::unique_ptr<Lexicon> lex(new Lexicon());
    lex->norm_ = &norm;
    std::vector<std::string> problems;
    lex->load_all(dir, problems);
    sort_problems(problems);
    if (!problems.empty()) throw DataError(std::move(problems));
    return lex;
}

std::vector<std::string> Lexicon::check(const fs::path& dir, const Normalizer& norm) {
    Lexicon lex;
    lex.norm_ = &norm;
    std::vector<std::string> problems;
    lex.load_all(dir, problems);
    sort_problems(problems);
    return problems;
}

const std::vector<GazetteerHit>* Lexicon::lookup(const std::string& tokens) const {
    if (!gazetteer_filter_.may_hold(tokens)) return nullptr;
    auto it = gazetteer_.find(tokens);
    return it == gazetteer_.end() ? nullptr : &it->second;
}

const std::vector<GazetteerHit>* Lexicon::lookup_stem(const std::string& stems) const {
    if (!stems_filter_.may_hold(stems)) return nullptr;
    auto it = stems_.find(stems);
    return it == stems_.end() || it->second.empty() ? nullptr : &it->second;
}

const LanguageData* Lexicon::language(const std::string& lang) const {
    auto it = languages_.find(lang);
    return it == languages_.end() ? nullptr : &it->second;
}

std::size_t Lexicon::stem_length(std::string_view token, const LanguageData& lang) const {
    if (token.empty() || !lang.inflection_last_bytes.test(static_cast<unsigned char>(token.back())))
        return token.size();
    for (const auto& suf : lang.inflections) {
        if (token.size() <= suf.size() || token.compare(token.size() - suf.size(), suf.size(), suf) != 0)
            continue;
        const std::string_view rest = token.substr(0, token.size() - suf.size());
        // Count code points: a stem keeps at least four letters (Дели must not become дел,
        // the "affairs" of every foreign minister).
        std::size_t cps = 0;
        for (unsigned char c : rest) cps += (c & 0xC0) != 0x80;
        if (cps >= 4) return rest.size();
    }
    return token.size();
}

std::string Lexicon::stem(const std::string& token, const LanguageData& lang) const {
    return token.substr(0, stem_length(token, lang));
}

std::vector<std::string> Lexicon::tokens(std::string_view form) const {
    std::string folded = norm_->fold(form);
    std::vector<std::string> out;
    for (const auto& w : segmenter_->words(folded)) out.push_back(folded.substr(w.begin, w.end - w.begin));
    return out;
}

std::string Lexicon::token_key(std::string_view form) const { return join(tokens(form), " "); }

}  // namespace kg
