// Lexicon: ICU country names in every locale, demonyms, people, check-data messages, and the
// shipped data files.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/lexicon.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFixture = fs::path(KG_SOURCE_DIR) / "tests/data/lexicons";
const fs::path kShipped = fs::path(KG_SOURCE_DIR) / "extract/lexicons";

struct NameCase {
    const char* form;
    const char* key;
    bool demonym;
};

// The entity a form names, through the same tokenization as articles ("" when none).
std::string entity_of(const kg::Lexicon& lex, const std::string& form, bool* demonym = nullptr) {
    const auto* hits = lex.lookup(lex.token_key(form));
    if (!hits || hits->empty()) return "";
    if (demonym) *demonym = hits->front().demonym;
    return lex.entity(hits->front().entity).key;
}

}  // namespace

TEST_CASE("country names come from ICU in every supported locale, plus the data files") {
    kg::Normalizer norm;
    auto lex = kg::Lexicon::load(kFixture, norm);
    const std::vector<NameCase> cases = {
        // English, French, Spanish, Russian (ICU)
        {"Russia", "country:RU", false}, {"Russie", "country:RU", false},
        {"Rusia", "country:RU", false},  {"Россия", "country:RU", false},
        {"Émirats arabes unis", "country:AE", false}, {"Koweït", "country:KW", false},
        {"Arabie saoudite", "country:SA", false},
        // Arabic, Persian, Urdu, Hindi (ICU); Persian written with Arabic kaf folds to ICU's
        {"روسيا", "country:RU", false}, {"باكستان", "country:PK", false},
        {"پاكستان", "country:PK", false}, {"روسیه", "country:RU", false},
        {"रूस", "country:RU", false}, {"पाकिस्तान", "country:PK", false},
        // Variants ICU lacks, from world/countries.tsv
        {"آمریکا", "country:US", false}, {"अमेरिका", "country:US", false},
        {"Amérique", "country:US", false}, {"США", "country:US", false},
        {"Union soviétique", "country:SU", false},
        // Demonyms from world/demonyms.tsv
        {"russe", "country:RU", true}, {"الروسي", "country:RU", true},
        {"पाकिस्तानी", "country:PK", true}, {"روسی", "country:RU", true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.form);
        bool demonym = false;
        CHECK(entity_of(*lex, c.form, &demonym) == c.key);
        CHECK(demonym == c.demonym);
    }
    // An ICU name that is also a common word is held back by the stop list.
    CHECK(entity_of(*lex, "مالي") == "");
    // "US" is an acronym: it must match with its capitals.
    const auto* us = lex->lookup("us");
    REQUIRE(us != nullptr);
    bool all_exact = true;
    for (const auto& h : *us)
        if (lex->entity(h.entity).key == "country:US") all_exact = all_exact && h.exact_case;
    CHECK(all_exact);
}

TEST_CASE("people, places, organisations and commodities load with keys and countries") {
    kg::Normalizer norm;
    auto lex = kg::Lexicon::load(kFixture, norm);
    CHECK(entity_of(*lex, "سيرجي لافروف") == "person:sergey-lavrov");
    CHECK(entity_of(*lex, "सर्गेई लावरोव") == "person:sergey-lavrov");
    CHECK(entity_of(*lex, "Moscou") == "place:moscow");
    CHECK(entity_of(*lex, "एससीओ") == "org:sco");
    CHECK(entity_of(*lex, "pétrole brut") == "commodity:crude-oil");
    // A lexicon person's unique surname is a short form of them.
    const auto* hits = lex->lookup(lex->token_key("Lavrov"));
    REQUIRE(hits != nullptr);
    CHECK(hits->front().short_form);
    const kg::EntityInfo* lavrov = lex->find("person:sergey-lavrov");
    REQUIRE(lavrov != nullptr);
    CHECK(lavrov->iso == "RU");
    CHECK(lavrov->offices == std::vector<std::string>{"foreign-minister"});
    // Titles keep the country slot.
    const kg::LanguageData* ar = lex->language("ar");
    REQUIRE(ar != nullptr);
    bool slot = false;
    for (const auto& t : ar->titles)
        if (t.value == "foreign-minister" && t.tokens.back() == kg::Lexicon::kSlot) slot = true;
    CHECK(slot);
    CHECK(lex->language("de") == nullptr);
}

TEST_CASE("check-data reports each problem as path:line: what") {
    kg::Normalizer norm;
    const fs::path dir = fs::temp_directory_path() / ("kg_test_bad_lexicon_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(kFixture, dir, fs::copy_options::recursive);
    {
        std::ofstream f(dir / "fr/titles.tsv", std::ios::app);
        f << "ministre\tpope\n";
    }
    {
        std::ofstream f(dir / "world/people.tsv", std::ios::app);
        f << "person:Bad Key\tRU\tforeign-minister\tX\t-\t-\t-\t-\t-\t-\t-\n";
        f << "person:someone\tZZ\tforeign-minister\tSomeone\t-\t-\t-\t-\t-\t-\t-\n";
        f << "person:short\tRU\n";
    }
    {
        std::ofstream f(dir / "ar/triggers.tsv", std::ios::app);
        f << "قابل\t\n";
    }
    {
        std::ofstream f(dir / "hi/months.tsv", std::ios::trunc);
        f << "# form\tmonth\n";
    }
    {
        std::ofstream f(dir / "fa/relative_days.tsv", std::ios::trunc);
        f << "# form\toffset\nامروز\t0\nپارسال\t-365\n";
    }
    {
        std::ofstream f(dir / "fa/grammar.tsv", std::ios::trunc);
        f << "# setting\tvalue\nverb-final\tyes\nnumeric-dates\tmonth-first\n";
    }
    auto problems = kg::Lexicon::check(dir, norm);
    const std::string p = dir.string();
    const std::vector<std::string> want = {
        p + "/ar/triggers.tsv:8: empty cell in column 'relation' (write - for none)",
        p + "/fa/grammar.tsv:3: expected numeric-dates day-first|ambiguous, verb-final yes|no or and-words",
        p + "/fa/relative_days.tsv:3: offset must be -2 to 2 (days from the publication date) or none",
        p + "/fr/titles.tsv:8: unknown office 'pope'",
        p + "/hi/months.tsv:1: header must be '# form\tnumber' (columns separated by tabs)",
        p + "/world/people.tsv:3: key 'person:Bad Key' must be person:<lowercase-ascii-slug>",
        p + "/world/people.tsv:4: unknown ISO 3166-1 code 'ZZ'",
        p + "/world/people.tsv:5: expected 11 columns, found 2",
    };
    REQUIRE(problems.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(problems[i] == want[i]);
    CHECK_THROWS_AS(kg::Lexicon::load(dir, norm), kg::DataError);
    fs::remove_all(dir);
}

TEST_CASE("every shipped data file loads without a problem") {
    kg::Normalizer norm;
    auto problems = kg::Lexicon::check(kShipped, norm);
    for (const auto& p : problems) MESSAGE(p);
    CHECK(problems.empty());
    auto lex = kg::Lexicon::load(kShipped, norm);
    for (const char* lang : kg::Lexicon::kLanguages) {
        CAPTURE(lang);
        const kg::LanguageData* d = lex->language(lang);
        REQUIRE(d != nullptr);
        CHECK(d->titles.size() >= 20);
        CHECK(d->triggers.size() >= 20);
        CHECK(d->stopwords.size() >= 50);
        CHECK(d->months.size() >= 12);
        CHECK(d->weekdays.size() >= 7);
        CHECK_FALSE(d->roles.empty());
    }
    // The world files cover the world, not a handful of names.
    std::size_t people = 0, places = 0, orgs = 0, goods = 0;
    for (const auto& e : lex->entities()) {
        people += e.kind == kg::NodeKind::Person;
        places += e.kind == kg::NodeKind::Place;
        orgs += e.kind == kg::NodeKind::Organization;
        goods += e.kind == kg::NodeKind::Commodity;
    }
    CHECK(people >= 300);
    CHECK(places >= 300);
    CHECK(orgs >= 100);
    CHECK(goods >= 50);
}

TEST_CASE("an inflected name is found by its stems, whichever of its words change") {
    kg::Normalizer norm;
    auto lex = kg::Lexicon::load(kShipped, norm);
    const kg::LanguageData* ru = lex->language("ru");
    REQUIRE(ru != nullptr);
    REQUIRE_FALSE(ru->inflections.empty());
    // Every name of a person whose stems differ from its words is in the stem table under
    // the stems joined by one space, as an article's stems are; among them names whose first
    // word keeps its form and a later one loses an ending.
    std::size_t stemmed = 0, later_word_only = 0;
    for (const auto& [entity, form] : lex->person_forms()) {
        const std::vector<std::string> words = lex->tokens(form);
        std::string stems;
        bool first_kept = !words.empty() && lex->stem(words[0], *ru) == words[0];
        for (const auto& w : words) stems += (stems.empty() ? "" : " ") + lex->stem(w, *ru);
        std::string joined;
        for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
        if (stems == joined) continue;
        ++stemmed;
        later_word_only += first_kept;
        CAPTURE(form);
        CHECK(lex->lookup_stem(stems) != nullptr);
    }
    CHECK(stemmed > 50);
    CHECK(later_word_only > 5);
}
