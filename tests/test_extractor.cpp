// The extractor on sentences of each language, against the fixture lexicon: people found
// after titles, surname chains, clitics, meetings, trade roles, agreements, modality and
// boilerplate.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "graph/knowledge_graph.h"

namespace {

struct Fixture {
    kg::Normalizer norm;
    std::unique_ptr<kg::Lexicon> lex =
        kg::Lexicon::load(std::filesystem::path(KG_SOURCE_DIR) / "tests/data/lexicons", norm);
    kg::NameKeyer keyer;
    kg::Extractor ex{*lex, keyer};

    kg::Extraction run(const std::string& text, const std::string& lang, const std::string& published = "",
                       const std::string& id = "t") {
        kg::Article a;
        a.id = id;
        a.text = text;
        a.language = lang;
        a.published = published;
        return ex.extract(a);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

const kg::NodeRecord* node(const kg::Extraction& x, const std::string& key) {
    for (const auto& n : x.nodes)
        if (n.key == key) return &n;
    return nullptr;
}

// The key of the person node one of whose forms is `form`.
std::string person_named(const kg::Extraction& x, const std::string& form) {
    for (const auto& n : x.nodes)
        if (n.kind == kg::NodeKind::Person)
            for (const auto& f : n.forms)
                if (f.form == form) return n.key;
    return "";
}

std::set<std::string> keys_of(const kg::Extraction& x, kg::NodeKind kind) {
    std::set<std::string> out;
    for (const auto& n : x.nodes)
        if (n.kind == kind) out.insert(n.key);
    return out;
}

// Targets of edges with this role out of nodes of this kind, as "from>to" pairs.
std::set<std::string> edges(const kg::Extraction& x, const std::string& role) {
    std::set<std::string> out;
    for (const auto& e : x.edges)
        if (e.role == role) out.insert(e.from + ">" + e.to);
    return out;
}

bool has_edge(const kg::Extraction& x, const std::string& from, const std::string& role, const std::string& to) {
    return edges(x, role).count(from + ">" + to) > 0;
}

struct PersonCase {
    const char* lang;
    const char* text;
    const char* name;  // the person's form as written
    const char* side;  // the country the title gives, or ""
};

}  // namespace

TEST_CASE("a name after a title, or quoted beside one, is a person with the title's country") {
    const std::vector<PersonCase> cases = {
        // French: capitalised words after the title, the adjective in the middle of it
        {"fr", "Le vice-ministre russe des Affaires étrangères, Andrey Rudenko, est arrivé.", "Andrey Rudenko", "RU"},
        {"fr", "Le secrétaire aux Affaires étrangères, le Dr Asad Majeed Khan, a parlé.", "Asad Majeed Khan", ""},
        // Arabic: words after the title up to a stop word
        {"ar", "وقال وزير الخارجية الباكستاني شاه محمود قريشي في المؤتمر", "شاه محمود قريشي", "PK"},
        {"ar", "التقى لافروف مع نظيره الباكستاني شاه محمود قريشي في إسلام آباد", "شاه محمود قريشي", "PK"},
        // Hindi: the country with its postposition before the title
        {"hi", "पाकिस्तान के विदेश मंत्री बिलावल भुट्टो ज़रदारी ने कहा", "बिलावल भुट्टो ज़रदारी", "PK"},
        // Persian: a quoted name right before the counterpart title
        {"fa", "سرگئی لاوروف با 'تهمینه جنجوعا' همتای پاکستانی خود دیدار کرد", "تهمینه جنجوعا", "PK"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto x = fixture().run(c.text, c.lang);
        const std::string key = person_named(x, c.name);
        REQUIRE_FALSE(key.empty());
        CHECK(key.rfind("person:x-", 0) == 0);  // not in the lexicon: a cross-script name key
        if (*c.side) {
            CHECK(has_edge(x, key, "represents", std::string("country:") + c.side));
        } else {
            CHECK(edges(x, "represents").empty());
        }
    }
}

TEST_CASE("a surname alone later in the article is the same person") {
    // French
    auto fr = fixture().run("Le vice-ministre russe des Affaires étrangères, Andrey Rudenko, est arrivé. "
                            "Rudenko a rencontré la presse.",
                            "fr");
    const std::string key = person_named(fr, "Andrey Rudenko");
    REQUIRE_FALSE(key.empty());
    CHECK(person_named(fr, "Rudenko") == key);
    CHECK(keys_of(fr, kg::NodeKind::Person).size() == 1);
    // Arabic, with the conjunction glued on
    auto ar = fixture().run("وقال وزير الخارجية الباكستاني شاه محمود قريشي إن المحادثات جيدة. وقال وقريشي إن", "ar");
    const std::string q = person_named(ar, "شاه محمود قريشي");
    REQUIRE_FALSE(q.empty());
    CHECK(person_named(ar, "قريشي") == q);
}

TEST_CASE("clitics are taken off, but a name inside a longer word is not found") {
    // Arabic: وبيلاروسيا is "and Belarus", not Russia
    auto x = fixture().run("بدأ الإنتاج في الهند وبيلاروسيا والصين", "ar");
    const auto countries = keys_of(x, kg::NodeKind::Country);
    CHECK(countries == std::set<std::string>{"country:BY", "country:CN", "country:IN"});
    const kg::NodeRecord* cn = node(x, "country:CN");
    REQUIRE(cn != nullptr);
    CHECK(cn->forms.begin()->form == "الصين");  // the clitic is not part of the name
    CHECK(cn->attrs.at("identifier") == "CN");
}

TEST_CASE("meetings: attendees, place, date, and met-with between the sides") {
    // Arabic
    auto ar = fixture().run("التقى وزير الخارجية الروسي سيرغي لافروف مع نظيره الباكستاني شاه محمود قريشي في إسلام آباد.", "ar");
    const std::string qureshi = person_named(ar, "شاه محمود قريشي");
    const auto metwith = keys_of(ar, kg::NodeKind::MetWith);
    REQUIRE(metwith.size() == 1);
    CHECK(has_edge(ar, *metwith.begin(), "participant", "person:sergey-lavrov"));
    CHECK(has_edge(ar, *metwith.begin(), "participant", qureshi));
    const auto meetings = keys_of(ar, kg::NodeKind::Meeting);
    REQUIRE(meetings.size() == 1);
    CHECK(has_edge(ar, *meetings.begin(), "location", "place:islamabad"));
    // Hindi: a weekday resolves against the publication date (Thursday before 5 May 2023)
    auto hi = fixture().run("पाकिस्तानी विदेश मंत्री बिलावल भुट्टो ज़रदारी ने गुरुवार को अपने रूसी समकक्ष सर्गेई लावरोव के साथ द्विपक्षीय वार्ता की।",
                            "hi", "2023-05-05");
    const auto hm = keys_of(hi, kg::NodeKind::Meeting);
    REQUIRE(hm.size() == 1);
    CHECK(node(hi, *hm.begin())->attrs.at("startDate") == "2023-05-04");
    CHECK(keys_of(hi, kg::NodeKind::MetWith).size() == 1);
}

TEST_CASE("planned and denied meetings are kept with their status, and are not facts") {
    // Arabic: planned
    auto planned = fixture().run("سيعقد وزير الخارجية الروسي سيرغي لافروف محادثات مع نظيره الباكستاني شاه محمود قريشي", "ar");
    CHECK(keys_of(planned, kg::NodeKind::MetWith).empty());
    const auto pm = keys_of(planned, kg::NodeKind::Meeting);
    REQUIRE(pm.size() == 1);
    CHECK(node(planned, *pm.begin())->attrs.at("status") == "planned");
    // Hindi: denied
    auto denied = fixture().run("पाकिस्तानी विदेश मंत्री बिलावल भुट्टो ज़रदारी ने रूसी समकक्ष सर्गेई लावरोव के साथ कोई द्विपक्षीय वार्ता नहीं की।", "hi");
    CHECK(keys_of(denied, kg::NodeKind::MetWith).empty());
    const auto dm = keys_of(denied, kg::NodeKind::Meeting);
    REQUIRE(dm.size() == 1);
    CHECK(node(denied, *dm.begin())->attrs.at("status") == "denied");
    // French: planned trade is kept as a relation with a status of its own, not as a fact
    auto trade = fixture().run("La Russie se tiendra prête à exporter du blé vers le Pakistan.", "fr");
    CAPTURE(keys_of(trade, kg::NodeKind::Export));
    CHECK(keys_of(trade, kg::NodeKind::Export) == std::set<std::string>{"export:RU-to-PK:wheat:planned"});
}

struct TradeCase {
    const char* lang;
    const char* text;
    std::set<std::string> exports;  // "EX-to-IM:commodity"
};

TEST_CASE("trade roles come from adjectives, role words and word order") {
    const std::vector<TradeCase> cases = {
        // French: "de" marks the source of an import; a list shares the marker's role
        {"fr", "Le Pakistan importe du pétrole d'Arabie saoudite et du Koweït.",
         {"export:SA-to-PK:crude-oil", "export:KW-to-PK:crude-oil"}},
        // French: "via" is a transit country, not a party
        {"fr", "Le Pakistan a importé du blé de Russie via l'Afghanistan.", {"export:RU-to-PK:wheat"}},
        // Arabic: the adjective beside the goods is the exporter, إلى the importer
        {"ar", "ارتفعت صادرات القمح الروسي إلى باكستان", {"export:RU-to-PK:wheat"}},
        // Hindi: postpositions after the country
        {"hi", "पाकिस्तान ने रूस से तेल का आयात किया", {"export:RU-to-PK:crude-oil"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto x = fixture().run(c.text, c.lang);
        CHECK(keys_of(x, kg::NodeKind::Export) == c.exports);
    }
}

TEST_CASE("agreements take the countries that agreed, or the article's two sides") {
    // French: two countries before the verb
    auto fr = fixture().run("Le Pakistan et la Russie ont convenu d'approfondir leur coopération.", "fr");
    const auto a = keys_of(fr, kg::NodeKind::Agreement);
    REQUIRE(a.size() == 1);
    CHECK(has_edge(fr, *a.begin(), "party", "country:PK"));
    CHECK(has_edge(fr, *a.begin(), "party", "country:RU"));
    CHECK(node(fr, *a.begin())->attrs.at("topic") == "d'approfondir leur coopération");
    // Arabic: "the two sides" are the article's two main countries
    auto ar = fixture().run("زار لافروف باكستان ثم روسيا. واتفق الطرفان على تعزيز التعاون", "ar");
    const auto b = keys_of(ar, kg::NodeKind::Agreement);
    REQUIRE(b.size() == 1);
    CHECK(has_edge(ar, *b.begin(), "party", "country:PK"));
    CHECK(has_edge(ar, *b.begin(), "party", "country:RU"));
}

TEST_CASE("page furniture is not mined, and evidence points at the original bytes") {
    const std::string text = "Lire aussi  La Russie et le Koweït\nFacebook\nLe Pakistan et la Russie ont convenu d'agir.\n";
    auto x = fixture().run(text, "fr");
    CHECK(node(x, "country:KW") == nullptr);
    const kg::NodeRecord* pk = node(x, "country:PK");
    REQUIRE(pk != nullptr);
    REQUIRE(pk->mentions.size() == 1);
    const kg::Evidence& ev = *pk->mentions.begin();
    CHECK(text.substr(ev.span.begin, ev.span.end - ev.span.begin) == "Pakistan");
    CHECK(ev.sentence() == "Le Pakistan et la Russie ont convenu d'agir.");
    CHECK(ev.article() == "t");
    CHECK(ev.lang() == "fr");
}

TEST_CASE("the language is detected when the article does not say") {
    kg::Article a;
    a.id = "d";
    a.text = "وزیر امور خارجه پاکستان و روسیه در اسلام آباد با یکدیگر دیدار و گفت و گو کردند و درباره "
             "همکاری های اقتصادی و امنیتی دو کشور بحث و تبادل نظر کردند.";
    CHECK(fixture().ex.extract(a).lang == "fa");
}

TEST_CASE("quantities and money on exports, with separators and number words") {
    // French: a space between thousands, a unit of two words
    auto fr = fixture().run("Le Pakistan importe 45 000 tonnes métriques de pétrole d'Arabie saoudite.", "fr");
    const kg::NodeRecord* oil = node(fr, "export:SA-to-PK:crude-oil");
    REQUIRE(oil != nullptr);
    CHECK(oil->attrs.at("quantity") == "45000");
    CHECK(oil->attrs.at("unit") == "tonne");
    // Arabic: a number word and a currency
    auto ar = fixture().run("ارتفعت صادرات القمح الروسي إلى باكستان إلى 790 مليون دولار", "ar");
    const kg::NodeRecord* wheat = node(ar, "export:RU-to-PK:wheat");
    REQUIRE(wheat != nullptr);
    CHECK(wheat->attrs.at("value") == "790000000");
    CHECK(wheat->attrs.at("currency") == "USD");
    // French: a decimal comma
    auto dec = fixture().run("Le Pakistan importe 3,5 millions de tonnes de blé de Russie.", "fr");
    const kg::NodeRecord* ble = node(dec, "export:RU-to-PK:wheat");
    REQUIRE(ble != nullptr);
    CHECK(ble->attrs.at("quantity") == "3500000");
}

TEST_CASE("the same meeting told in two languages is one node of the merged graph") {
    // Arabic and Hindi reports of one meeting in Islamabad, neither dated.
    auto ar = fixture().run("التقى وزير الخارجية الروسي سيرغي لافروف مع نظيره الباكستاني شاه محمود قريشي في إسلام آباد.", "ar", "", "ar-report");
    auto hi = fixture().run("पाकिस्तानी विदेश मंत्री शाह महमूद कुरैशी ने इस्लामाबाद में रूसी समकक्ष सर्गेई लावरोव के साथ द्विपक्षीय वार्ता की।", "hi", "", "hi-report");
    kg::KnowledgeGraph g;
    g.merge(ar);
    g.merge(hi);
    std::size_t meetings = 0, metwith = 0, people = 0;
    for (auto v : g.sorted_vertices()) {
        meetings += g.node(v).kind == kg::NodeKind::Meeting;
        metwith += g.node(v).kind == kg::NodeKind::MetWith;
        people += g.node(v).kind == kg::NodeKind::Person;
    }
    CHECK(people == 2);    // Qureshi in Arabic and in Devanagari is one person
    CHECK(meetings == 1);  // one meeting, reported twice
    CHECK(metwith == 1);
    for (auto v : g.sorted_vertices())
        if (g.node(v).kind == kg::NodeKind::Meeting) CHECK(g.support(v) == 2);
}
