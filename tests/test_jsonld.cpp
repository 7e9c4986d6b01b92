// Tests for export/jsonld_writer, export/jsonld_reader and export/atomic_file: the JSON-LD
// document is parsed back with RapidJSON and checked term by term, a graph survives a write,
// read and write byte for byte, reader errors are asserted word for word, and atomic writes
// leave either the whole file or nothing.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "export/atomic_file.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "export/ordered_parallel.h"
#include "export/output_set.h"
#include "export/text_sink.h"
#include "tests/graph_dump.h"

namespace {

namespace fs = std::filesystem;
using kg::NodeKind;
using kg::testing::dump;
using kg::testing::ev;
using kg::testing::node;

const std::string kLavrov = "person:sergey-lavrov";
const std::string kBhutto = "person:bilawal-bhutto-zardari";
const std::string kOdd = "organization:odd";
const std::string kMetWith = "metwith:bilawal-bhutto-zardari+sergey-lavrov";
const std::string kMeeting = "meeting:bilawal-bhutto-zardari+sergey-lavrov:2023-05-04";
const std::string kExport = "export:PK-to-CN:rice";
const std::string kAgreement = "agreement:en-1:CN+PK";
const std::string kProposed = "agreement:en-1:CN+RU:proposed";
const std::string kRice = "commodity:rice";

// Names that JSON must escape, and names in three scripts.
const std::string kQuoted = "Sergey \"the Fox\" Lavrov";
const std::string kOddName = "</script><script>alert(\"x\\y\")</script>\nsecond line\ttab";
const std::string kArabicSentence = "التقى لافروف\nبنظيره \"الباكستاني\" \\ في غوا.";
const std::string kHindiName = "बिलावल भुट्टो ज़रदारी";

kg::Extraction arabic_article() {
    kg::Extraction x{"ar-1", "ar", "2023-05-04", {}, {}};
    auto lavrov = node(kLavrov, NodeKind::Person, "سيرغي لافروف", "ar",
                       {ev("ar-1", 12, 23, kArabicSentence, "ar")});
    lavrov.reasons.insert("ar: transliterated \"lavrov\" \\ same key");
    x.nodes.push_back(lavrov);
    x.nodes.push_back(node("country:RU", NodeKind::Country, "روسيا", "ar", {ev("ar-1", 0, 10, "", "ar")},
                           {{"identifier", "RU"}}));
    x.nodes.push_back(node(kMetWith, NodeKind::MetWith, "", "", {ev("ar-1", 0, 60, kArabicSentence, "ar")},
                           {{"startDate", "2023-05-04"}}));
    x.edges.push_back({kMetWith, kLavrov, "participant", {ev("ar-1", 12, 23, kArabicSentence, "ar")}});
    x.edges.push_back({kMetWith, kBhutto, "participant", {ev("ar-1", 30, 50, kArabicSentence, "ar")}});
    x.edges.push_back({kLavrov, "country:RU", "represents", {ev("ar-1", 0, 23, "", "ar")}});
    return x;
}

kg::Extraction hindi_article() {
    const std::string s = "बिलावल भुट्टो ज़रदारी ने गोवा में लावरोव से मुलाकात की।";
    kg::Extraction x{"hi-1", "hi", "2023-05-04", {}, {}};
    x.nodes.push_back(node(kBhutto, NodeKind::Person, kHindiName, "hi", {ev("hi-1", 0, 56, s, "hi")}));
    x.nodes.push_back(node(kLavrov, NodeKind::Person, "सर्गेई लावरोव", "hi", {ev("hi-1", 90, 111, s, "hi")}));
    x.nodes.push_back(node("country:PK", NodeKind::Country, "पाकिस्तान", "hi", {ev("hi-1", 200, 227, "", "hi")},
                           {{"identifier", "PK"}}));
    x.nodes.push_back(node(kMeeting, NodeKind::Meeting, "", "", {ev("hi-1", 0, 140, s, "hi")},
                           {{"startDate", "2023-05-04"}}));
    x.edges.push_back({kMeeting, kBhutto, "attendee", {ev("hi-1", 0, 56, s, "hi")}});
    x.edges.push_back({kMeeting, kLavrov, "attendee", {ev("hi-1", 90, 111, s, "hi")}});
    // place:goa has no node record: it is written as a placeholder and read back as one.
    x.edges.push_back({kMeeting, "place:goa", "location", {ev("hi-1", 60, 72, s, "hi")}});
    x.edges.push_back({kBhutto, "country:PK", "represents", {ev("hi-1", 0, 56, "", "hi")}});
    return x;
}

kg::Extraction english_article() {
    const std::string s = "Pakistan exported rice to China.";
    kg::Extraction x{"en-1", "en", "2023-05-05", {}, {}};
    auto lavrov = node(kLavrov, NodeKind::Person, kQuoted, "en", {ev("en-1", 0, 24, "", "en")});
    lavrov.forms.insert({"S. Lavrov", ""});  // a form without a language
    x.nodes.push_back(lavrov);
    x.nodes.push_back(node(kOdd, NodeKind::Organization, kOddName, "en", {ev("en-1", 300, 350, "", "en")}));
    x.nodes.push_back(node("country:CN", NodeKind::Country, "China", "en", {ev("en-1", 26, 31, s, "en")},
                           {{"identifier", "CN"}}));
    x.nodes.push_back(node("country:PK", NodeKind::Country, "Pakistan", "en", {ev("en-1", 0, 8, s, "en")},
                           {{"identifier", "PK"}}));
    x.nodes.push_back(node(kRice, NodeKind::Commodity, "rice", "en", {ev("en-1", 18, 22, s, "en")}));
    x.nodes.push_back(node(kExport, NodeKind::Export, "", "", {ev("en-1", 0, 31, s, "en")},
                           {{"quantity", "1.2 million tonnes"}}));
    x.nodes.push_back(node(kAgreement, NodeKind::Agreement, "", "", {ev("en-1", 40, 90, "", "en")},
                           {{"startDate", "2021-01-15"}, {"topic", "rice \"quotas\""}}));
    // A proposed agreement is a relation node, but not a fact: no direct agreedWith link.
    x.nodes.push_back(node(kProposed, NodeKind::Agreement, "", "", {ev("en-1", 100, 140, "", "en")},
                           {{"status", "proposed"}}));
    x.edges.push_back({kExport, "country:PK", "exporter", {ev("en-1", 0, 8, s, "en")}});
    x.edges.push_back({kExport, "country:CN", "importer", {ev("en-1", 26, 31, s, "en")}});
    x.edges.push_back({kExport, kRice, "commodity", {ev("en-1", 18, 22, s, "en")}});
    x.edges.push_back({kAgreement, "country:PK", "party", {ev("en-1", 40, 48, "", "en")}});
    x.edges.push_back({kAgreement, "country:CN", "party", {ev("en-1", 53, 58, "", "en")}});
    x.edges.push_back({kProposed, "country:CN", "party", {ev("en-1", 100, 105, "", "en")}});
    x.edges.push_back({kProposed, "country:RU", "party", {ev("en-1", 110, 116, "", "en")}});
    return x;
}

kg::KnowledgeGraph sample_graph() {
    kg::KnowledgeGraph g;
    g.merge(arabic_article());
    g.merge(hindi_article());
    g.merge(english_article());
    return g;
}

std::string id(const std::string& key) { return kg::output::kIdPrefix + key; }

// The @graph nodes of a parsed document, by @id.
std::map<std::string, const rapidjson::Value*> nodes_by_id(const rapidjson::Document& doc) {
    std::map<std::string, const rapidjson::Value*> out;
    for (const auto& n : doc["@graph"].GetArray()) out[n["@id"].GetString()] = &n;
    return out;
}

std::string string_of(const rapidjson::Value& v) {
    return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : "<not a string>";
}

// A property of a node as a list of strings; {"<absent>"} when missing, {"<not strings>"} when
// it is not an array of strings.
std::vector<std::string> strings(const rapidjson::Value& node, const char* key) {
    if (!node.HasMember(key)) return {"<absent>"};
    const auto& v = node[key];
    if (!v.IsArray()) return {"<not an array>"};
    std::vector<std::string> out;
    for (const auto& s : v.GetArray()) out.push_back(string_of(s));
    return out;
}

std::string attr(const rapidjson::Value& node, const char* key) {
    if (!node.HasMember(key)) return "<absent>";
    return string_of(node[key]);
}

// A fresh, empty directory under the system temp directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() / ("kg_test_jsonld_" + std::to_string(::getpid()) + "_" +
                                             std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every entry under `dir`, relative, sorted.
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

// dump() of the graph a LazyGraph stands for: its graph() with the evidence it gives on demand.
// Also checks that graph() itself holds no evidence (unless it was read whole).
std::string lazy_dump(const kg::output::LazyGraph& lazy, bool read_whole = false) {
    const kg::KnowledgeGraph& g = lazy.graph();
    const kg::Graph& gr = g.graph();
    std::ostringstream out;
    for (auto v : g.sorted_vertices()) {
        const kg::GraphNode& n = g.node(v);
        if (!read_whole) CHECK(n.mentions.empty());
        out << "node " << n.key << " kind=" << kg::kind_name(n.kind) << " name=" << n.name << "\n";
        for (const auto& f : n.forms) out << "  form " << f.lang << " " << f.form << "\n";
        for (const auto& m : lazy.mentions(v)) out << "  mention " << kg::testing::dump_evidence(m) << "\n";
        for (const auto& [k, value] : n.attrs) out << "  attr " << k << "=" << value << "\n";
        for (const auto& r : g.reasons(v).texts()) out << "  reason " << r << "\n";
    }
    for (auto e : g.sorted_edges()) {
        if (!read_whole) CHECK(gr[e].evidence.empty());
        out << "edge " << gr[boost::source(e, gr)].key << " -> " << gr[boost::target(e, gr)].key
            << " role=" << gr[e].role << "\n";
        for (const auto& ev : lazy.evidence(e)) out << "  evidence " << kg::testing::dump_evidence(ev) << "\n";
    }
    return out.str();
}

}  // namespace

TEST_CASE("to_jsonld: write, read back, write again gives the same bytes and the same graph") {
    const kg::KnowledgeGraph g = sample_graph();
    const std::string first = kg::output::to_jsonld(g);
    const kg::KnowledgeGraph back = kg::output::read_jsonld(first, "graph.jsonld");
    CHECK(dump(back) == dump(g));
    CHECK(back.num_nodes() == g.num_nodes());
    CHECK(back.num_edges() == g.num_edges());
    const std::string second = kg::output::to_jsonld(back);
    CHECK(second == first);
    CHECK(kg::output::to_jsonld(kg::output::read_jsonld(second, "again.jsonld")) == first);

    // Merge order does not reach the bytes.
    kg::KnowledgeGraph backward;
    backward.merge(english_article());
    backward.merge(hindi_article());
    backward.merge(arabic_article());
    CHECK(kg::output::to_jsonld(backward) == first);

    // The empty graph too.
    const std::string empty = kg::output::to_jsonld(kg::KnowledgeGraph{});
    CHECK(kg::output::to_jsonld(kg::output::read_jsonld(empty, "empty.jsonld")) == empty);
    CHECK(kg::output::read_jsonld(empty, "empty.jsonld").num_nodes() == 0);
}

TEST_CASE("to_jsonld: every byte JSON must escape is escaped, wherever it stands in a string") {
    // Strings with nothing to escape are copied whole, eight bytes at a time checked for control
    // characters, quotes and backslashes: each such byte at every place of the first blocks and
    // the tail, and their neighbours that need no escape, must come out as rapidjson writes them.
    const std::string specials[] = {std::string(1, '\0'), "\x01", "\x1f", "\n", "\t", "\"", "\\"};
    const std::string plain[] = {" ", "!", "#", "[", "]", "\x7f", "\xc3\xa9", "\xe0\xa4\xad", "/"};
    std::vector<std::string> names;
    for (std::size_t at = 0; at < 19; ++at) {
        for (const auto& c : specials) names.push_back(std::string(at, 'a') + c + std::string(19 - at, 'b'));
        for (const auto& c : plain) names.push_back(std::string(at, 'a') + c + std::string(19 - at, 'b'));
    }
    kg::Extraction x{"e-1", "en", "", {}, {}};
    for (std::size_t i = 0; i < names.size(); ++i)
        x.nodes.push_back(node("organization:o" + std::to_string(1000 + i), NodeKind::Organization, names[i], "en",
                               {ev("e-1", 0, 5, names[i], "en")}));
    kg::KnowledgeGraph g;
    g.merge(std::move(x));
    const std::string text = kg::output::to_jsonld(g);
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    REQUIRE_FALSE(doc.HasParseError());
    const auto nodes = nodes_by_id(doc);
    for (std::size_t i = 0; i < names.size(); ++i) {
        CAPTURE(i);
        const auto& n = *nodes.at("urn:kg:organization:o" + std::to_string(1000 + i));
        CHECK(attr(n, "name") == names[i]);
        CHECK(attr(n["mention"][0], "text") == names[i]);
    }
    // No raw control byte anywhere; the plain names stand in the text as they are.
    CHECK(std::none_of(text.begin(), text.end(), [](char c) { return c != '\n' && static_cast<unsigned char>(c) < 0x20; }));
    CHECK(text.find("\"" + names[1 * 16 + 7] + "\"") != std::string::npos);
    CHECK(text.find("aaa\\\"bbb") != std::string::npos);
    CHECK(text.find("a\\u0001b") != std::string::npos);
}

TEST_CASE("to_jsonld: an inline @context with every link term typed @id") {
    const std::string text = kg::output::to_jsonld(sample_graph());
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    REQUIRE(doc.HasMember("@context"));
    // Inline, not a remote URL: the document is read without fetching anything.
    REQUIRE(doc["@context"].IsObject());
    const auto& ctx = doc["@context"];
    CHECK(attr(ctx, "@vocab") == "http://schema.org/");
    CHECK(attr(ctx, "kg") == "urn:kg:vocab:");

    struct Term {
        std::string name;
        std::string iri;
    };
    const std::vector<Term> links = {
        // Roles the extractor writes on relation and meeting nodes
        {"participant", "kg:participant"},
        {"exporter", "kg:exporter"},
        {"importer", "kg:importer"},
        {"commodity", "kg:commodity"},
        {"party", "kg:party"},
        {"attendee", "http://schema.org/attendee"},
        {"location", "http://schema.org/location"},
        {"represents", "kg:represents"},
        // Direct actor-to-actor links, and an edge's target
        {"metWith", "kg:metWith"},
        {"exportsTo", "kg:exportsTo"},
        {"agreedWith", "kg:agreedWith"},
        {"target", "kg:target"},
    };
    for (const auto& t : links) {
        CAPTURE(t.name);
        REQUIRE(ctx.HasMember(t.name.c_str()));
        const auto& def = ctx[t.name.c_str()];
        REQUIRE(def.IsObject());
        CHECK(attr(def, "@id") == t.iri);
        CHECK(attr(def, "@type") == "@id");
    }
    // kg's own types are terms; schema.org's come from @vocab.
    for (const char* type : {"MetWith", "Export", "Agreement", "Edge", "Mention", "Evidence"}) {
        CAPTURE(type);
        CHECK(attr(ctx, type) == std::string("kg:") + type);
    }

    // Whatever the document links with (an array of node ids) is a term typed @id.
    std::set<std::string> link_keys;
    for (const auto& n : doc["@graph"].GetArray())
        for (auto it = n.MemberBegin(); it != n.MemberEnd(); ++it) {
            if (!it->value.IsArray() || it->value.Empty()) continue;
            const auto& first = it->value[0];
            if (first.IsString() && string_of(first).starts_with(kg::output::kIdPrefix))
                link_keys.insert(string_of(it->name));
        }
    CHECK(link_keys == std::set<std::string>{"agreedWith", "attendee", "commodity", "exporter",
                                             "exportsTo", "importer", "location", "metWith",
                                             "participant", "party", "represents"});
    for (const auto& key : link_keys) {
        CAPTURE(key);
        REQUIRE(ctx.HasMember(key.c_str()));
        CHECK(attr(ctx[key.c_str()], "@type") == "@id");
    }
}

TEST_CASE("to_jsonld: types, identifiers, role links, direct links and names") {
    const kg::KnowledgeGraph g = sample_graph();
    const std::string text = kg::output::to_jsonld(g);
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc["@graph"].IsArray());
    const auto nodes = nodes_by_id(doc);
    CHECK(nodes.size() == g.num_nodes());

    struct TypeCase {
        std::string key;
        std::string type;
    };
    const std::vector<TypeCase> types = {
        {kLavrov, "Person"},        {kBhutto, "Person"},         {"country:RU", "Country"},
        {"country:PK", "Country"},  {"country:CN", "Country"},   {kRice, "Product"},
        {kOdd, "Organization"},     {"place:goa", "Place"},      {kMeeting, "Event"},
        {kMetWith, "MetWith"},      {kExport, "Export"},         {kAgreement, "Agreement"},
        {kProposed, "PlannedAgreement"},  // no fact: a type of its own
    };
    CHECK(types.size() == nodes.size());
    for (const auto& t : types) {
        CAPTURE(t.key);
        REQUIRE(nodes.count(id(t.key)));
        CHECK(attr(*nodes.at(id(t.key)), "@type") == t.type);
    }

    struct LinkCase {
        std::string key;
        const char* property;
        std::vector<std::string> values;
    };
    const std::vector<LinkCase> links = {
        // Countries carry their ISO code
        {"country:RU", "identifier", {"RU"}},
        {"country:PK", "identifier", {"PK"}},
        {"country:CN", "identifier", {"CN"}},
        // Role links, sorted by target
        {kMetWith, "participant", {id(kBhutto), id(kLavrov)}},
        {kMeeting, "attendee", {id(kBhutto), id(kLavrov)}},
        {kMeeting, "location", {id("place:goa")}},
        {kExport, "exporter", {id("country:PK")}},
        {kExport, "importer", {id("country:CN")}},
        {kExport, "commodity", {id(kRice)}},
        {kAgreement, "party", {id("country:CN"), id("country:PK")}},
        {kLavrov, "represents", {id("country:RU")}},
        {kBhutto, "represents", {id("country:PK")}},
        // Direct links beside the relation nodes, on both sides
        {kLavrov, "metWith", {id(kBhutto)}},
        {kBhutto, "metWith", {id(kLavrov)}},
        {"country:PK", "exportsTo", {id("country:CN")}},
        {"country:CN", "exportsTo", {"<absent>"}},
        {"country:PK", "agreedWith", {id("country:CN")}},
        {"country:CN", "agreedWith", {id("country:PK")}},
        // The proposed agreement links no one directly
        {"country:RU", "agreedWith", {"<absent>"}},
        // Relation and meeting nodes keep their other attributes as plain strings
        {kMetWith, "startDate", {"2023-05-04"}},
        {kMeeting, "startDate", {"2023-05-04"}},
        {kExport, "quantity", {"1.2 million tonnes"}},
        {kAgreement, "topic", {"rice \"quotas\""}},
        {kProposed, "status", {"proposed"}},
    };
    for (const auto& l : links) {
        CAPTURE(l.key);
        CAPTURE(l.property);
        REQUIRE(nodes.count(id(l.key)));
        const auto& n = *nodes.at(id(l.key));
        if (n.HasMember(l.property) && n[l.property].IsString())
            CHECK(std::vector<std::string>{attr(n, l.property)} == l.values);
        else
            CHECK(strings(n, l.property) == l.values);
    }

    struct NameCase {
        std::string key;
        std::string name;
        // alternateName as "LANG|VALUE", "-" for no @language, in document order (by the
        // form's bytes: Latin, then Arabic, then Devanagari)
        std::vector<std::string> forms;
    };
    const std::vector<NameCase> names = {
        // Latin: quotes, and a form without a language
        {kLavrov, kQuoted,
         {"-|S. Lavrov", "en|" + kQuoted, "ar|سيرغي لافروف", "hi|सर्गेई लावरोव"}},
        // Markup, backslash, newline and tab come back exactly
        {kOdd, kOddName, {"en|" + kOddName}},
        // Hindi name kept against the Latin-less alternatives
        {kBhutto, kHindiName, {"hi|" + kHindiName}},
        // Arabic form beside the Latin name
        {"country:RU", "روسيا", {"ar|روسيا"}},
        {"country:PK", "Pakistan", {"en|Pakistan", "hi|पाकिस्तान"}},
        // A placeholder has neither
        {"place:goa", "<absent>", {}},
    };
    for (const auto& c : names) {
        CAPTURE(c.key);
        const auto& n = *nodes.at(id(c.key));
        CHECK(attr(n, "name") == c.name);
        std::vector<std::string> forms;
        if (n.HasMember("alternateName")) {
            REQUIRE(n["alternateName"].IsArray());
            for (const auto& f : n["alternateName"].GetArray()) {
                REQUIRE(f.IsObject());
                forms.push_back((f.HasMember("@language") ? string_of(f["@language"]) : "-") + "|" +
                                attr(f, "@value"));
            }
        }
        CHECK(forms == c.forms);
    }

    // Mentions on entities, evidence on relations, each with its article and offsets.
    const auto& lavrov = *nodes.at(id(kLavrov));
    REQUIRE(lavrov.HasMember("mention"));
    CHECK(lavrov["mention"].Size() == 3);
    const auto& arabic = lavrov["mention"][0];
    CHECK(attr(arabic, "@type") == "Mention");
    CHECK(attr(arabic, "article") == "ar-1");
    CHECK(arabic["startOffset"].GetUint() == 12);
    CHECK(arabic["endOffset"].GetUint() == 23);
    CHECK(attr(arabic, "text") == kArabicSentence);
    CHECK(attr(arabic, "inLanguage") == "ar");
    CHECK(strings(lavrov, "mergeReason") ==
          std::vector<std::string>{"ar: transliterated \"lavrov\" \\ same key"});
    const auto& metwith = *nodes.at(id(kMetWith));
    CHECK(!metwith.HasMember("mention"));
    REQUIRE(metwith.HasMember("evidence"));
    CHECK(attr(metwith["evidence"][0], "@type") == "Evidence");

    // The escapes are JSON's own: no raw newline or tab inside a string.
    CHECK(text.find("second line") != std::string::npos);
    CHECK(text.find("\\nsecond line\\ttab") != std::string::npos);
    CHECK(text.find("\nsecond line") == std::string::npos);
}

TEST_CASE("read_jsonld: errors name the source and the reason") {
    struct Case {
        std::string name;
        std::string text;
        std::string message;
    };
    const std::vector<Case> cases = {
        // Not JSON: RapidJSON's message and the byte offset
        {"empty text", "", "in.jsonld: not JSON: The document is empty. at byte 0"},
        {"unclosed array", R"({"@graph": [)",
         "in.jsonld: not JSON: Invalid value. at byte 12"},
        {"trailing value", R"({"@graph": []} [])",
         "in.jsonld: not JSON: The document root must not be followed by other values. at byte 15"},
        {"bare word", "graph", "in.jsonld: not JSON: Invalid value. at byte 0"},
        // JSON, but not a kg graph
        {"empty object", "{}", "in.jsonld: not a kg graph (no @graph array)"},
        {"an array", "[]", "in.jsonld: not a kg graph (no @graph array)"},
        {"@graph not an array", R"({"@graph": {}})", "in.jsonld: not a kg graph (no @graph array)"},
        // Bad nodes
        {"no @type", R"({"@graph": [{"@id": "urn:kg:person:x"}]})",
         "in.jsonld: a node without @id or @type"},
        {"id not a string", R"({"@graph": [{"@id": 7, "@type": "Person"}]})",
         "in.jsonld: node id is not a string"},
        {"unknown @type", R"({"@graph": [{"@id": "urn:kg:person:x", "@type": "Robot"}]})",
         "in.jsonld: node 'person:x' has unknown @type Robot"},
        {"bad id prefix", R"({"@graph": [{"@id": "http://example.org/x", "@type": "Person"}]})",
         "in.jsonld: node id 'http://example.org/x' does not start with urn:kg:"},
        {"bad edge target prefix",
         R"({"@graph": [{"@id": "urn:kg:person:x", "@type": "Person",
             "edge": [{"role": "represents", "target": "country:RU"}]}]})",
         "in.jsonld: node id 'country:RU' does not start with urn:kg:"},
        {"edge without role",
         R"({"@graph": [{"@id": "urn:kg:person:x", "@type": "Person",
             "edge": [{"target": "urn:kg:country:RU"}]}]})",
         "in.jsonld: edge of 'person:x' without role or target"},
        {"evidence not an array",
         R"({"@graph": [{"@id": "urn:kg:person:x", "@type": "Person", "mention": {}}]})",
         "in.jsonld: evidence is not an array"},
        {"evidence without article",
         R"({"@graph": [{"@id": "urn:kg:person:x", "@type": "Person", "mention": [{"startOffset": 1}]}]})",
         "in.jsonld: evidence without an article"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK_THROWS_WITH_AS(kg::output::read_jsonld(c.text, "in.jsonld"), c.message.c_str(),
                             std::runtime_error);
        // The read without evidence checks the same things and says the same.
        CHECK_THROWS_WITH_AS(kg::output::read_jsonld_lazy(c.text, "in.jsonld"), c.message.c_str(),
                             std::runtime_error);
        CHECK_THROWS_WITH_AS(kg::output::read_jsonld_lazy(c.text, "in.jsonld", true), c.message.c_str(),
                             std::runtime_error);
    }
}

TEST_CASE("read_jsonld_file: reads what write_file_atomically wrote; a missing file is an error") {
    TempDir dir;
    const kg::KnowledgeGraph g = sample_graph();
    const fs::path path = dir.path() / "out" / "graph.jsonld";
    kg::output::write_file_atomically(path, kg::output::to_jsonld(g));
    CHECK(dump(kg::output::read_jsonld_file(path)) == dump(g));

    const fs::path missing = dir.path() / "missing.jsonld";
    CHECK_THROWS_WITH_AS(kg::output::read_jsonld_file(missing),
                         (missing.string() + ": cannot open").c_str(), std::runtime_error);
}

TEST_CASE("read_jsonld_lazy: read_jsonld's graph without evidence, which it gives node by node") {
    const kg::KnowledgeGraph g = sample_graph();
    const std::string text = kg::output::to_jsonld(g);
    const kg::KnowledgeGraph full = kg::output::read_jsonld(text, "graph.jsonld");
    const kg::output::LazyGraph lazy = kg::output::read_jsonld_lazy(text, "graph.jsonld", true);
    CHECK(lazy.graph().num_nodes() == full.num_nodes());
    CHECK(lazy.graph().num_edges() == full.num_edges());
    CHECK(lazy_dump(lazy) == dump(full));
    CHECK(lazy.article_count() == full.articles().size());
    CHECK(lazy.article_count() == 3);
    // The placeholder place:goa had no node object: no mentions, as in the full read.
    REQUIRE(lazy.graph().find("place:goa"));
    CHECK(lazy.mentions(*lazy.graph().find("place:goa")).empty());
    // Without count_articles there is no count to give.
    const kg::output::LazyGraph uncounted = kg::output::read_jsonld_lazy(text, "graph.jsonld");
    CHECK_THROWS_AS((void)uncounted.article_count(), std::logic_error);
    CHECK(lazy_dump(uncounted) == dump(full));
    // The same path, with the same evidence on every hop.
    const auto from = full.find("country:RU"), to = full.find("country:PK");
    REQUIRE((from && to));
    const auto hops = full.shortest_path(*from, *to, {});
    const auto lazy_hops = lazy.graph().shortest_path(*from, *to, {});
    REQUIRE((hops && lazy_hops));
    REQUIRE(hops->size() == lazy_hops->size());
    for (std::size_t i = 0; i < hops->size(); ++i) {
        CHECK((*hops)[i].from == (*lazy_hops)[i].from);
        CHECK((*hops)[i].to == (*lazy_hops)[i].to);
        CHECK((*hops)[i].via == (*lazy_hops)[i].via);
        if ((*hops)[i].via) CHECK(lazy.mentions(*(*hops)[i].via) == full.node(*(*hops)[i].via).mentions);
    }
}

TEST_CASE("read_jsonld_lazy: a key written twice is read whole, its objects united as read_jsonld unites them") {
    const std::string text = R"({"@graph": [
        {"@id": "urn:kg:person:x", "@type": "Person", "name": "X",
         "mention": [{"article": "b", "startOffset": 1, "endOffset": 2, "text": "X.", "inLanguage": "en"}],
         "edge": [{"role": "represents", "target": "urn:kg:country:RU",
                   "evidence": [{"article": "b", "startOffset": 1, "endOffset": 2}]}]},
        {"@id": "urn:kg:country:RU", "@type": "Country", "name": "Russia"},
        {"@id": "urn:kg:person:x", "@type": "Person", "name": "Mr X",
         "mention": [{"article": "a", "startOffset": 5, "endOffset": 9, "text": "Mr X.", "inLanguage": "en"}],
         "edge": [{"role": "represents", "target": "urn:kg:country:RU",
                   "evidence": [{"article": "a", "startOffset": 5, "endOffset": 9}]}]}
    ]})";
    const kg::KnowledgeGraph full = kg::output::read_jsonld(text, "twice.jsonld");
    const kg::output::LazyGraph lazy = kg::output::read_jsonld_lazy(text, "twice.jsonld", true);
    CHECK(lazy_dump(lazy, true) == dump(full));
    CHECK(lazy.article_count() == 2);
    const auto x = lazy.graph().find("person:x");
    REQUIRE(x);
    CHECK(lazy.mentions(*x).size() == 2);
}

TEST_CASE("read_jsonld_file_lazy: the graph of a kg build, node by node from the file; a changed file is an error") {
    TempDir dir;
    const fs::path out = dir.path() / "out";
    const std::string cmd = std::string(KG_BINARY) + " build --quiet --out '" + out.string() + "' '" +
                            std::string(KG_SOURCE_DIR) + "/tests/data/dev/articles' 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const fs::path path = out / "graph.jsonld";
    const kg::KnowledgeGraph full = kg::output::read_jsonld_file(path);
    REQUIRE(full.num_nodes() > 100);
    {
        const kg::output::LazyGraph lazy = kg::output::read_jsonld_file_lazy(path, true);
        CHECK(lazy_dump(lazy) == dump(full));
        CHECK(lazy.article_count() == full.articles().size());
    }
    // The file stays open: a graph written over it the way kg writes (a new file renamed over
    // it) leaves the one read whole; a file cut short in place is an error.
    const kg::output::LazyGraph lazy = kg::output::read_jsonld_file_lazy(path);
    const kg::Vertex first = lazy.graph().sorted_vertices().front();
    REQUIRE(!lazy.mentions(first).empty());
    const std::string text = slurp(path);
    kg::output::write_file_atomically(path, "{}");
    CHECK(lazy.mentions(first) == full.node(*full.find(lazy.graph().node(first).key)).mentions);
    kg::output::write_file_atomically(path, text);
    const kg::output::LazyGraph again = kg::output::read_jsonld_file_lazy(path);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "{}";
    CHECK_THROWS_WITH_AS(again.mentions(first), (path.string() + ": changed while it was read").c_str(),
                         std::runtime_error);

    const fs::path missing = dir.path() / "missing.jsonld";
    CHECK_THROWS_WITH_AS(kg::output::read_jsonld_file_lazy(missing),
                         (missing.string() + ": cannot open").c_str(), std::runtime_error);
}

TEST_CASE("write_file_atomically: the whole file or nothing, and no temporary left behind") {
    TempDir dir;
    const fs::path path = dir.path() / "a" / "b" / "graph.jsonld";

    SUBCASE("creates the parent directories and writes the bytes") {
        const std::string text = "{\"name\": \"سيرغي لافروف\", \"hi\": \"भारत\"}\n" + std::string(1, '\0') + "end";
        kg::output::write_file_atomically(path, text);
        CHECK(slurp(path) == text);
        CHECK(listing(dir.path()) ==
              std::vector<std::string>{"a", "a/b", "a/b/graph.jsonld"});
        const auto perms = fs::status(path).permissions();
        CHECK((perms & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write |
                                           fs::perms::group_read | fs::perms::others_read));
    }

    SUBCASE("replaces an existing file, longer or shorter") {
        kg::output::write_file_atomically(path, std::string(10000, 'x'));
        kg::output::write_file_atomically(path, "short");
        CHECK(slurp(path) == "short");
        kg::output::write_file_atomically(path, "");
        CHECK(slurp(path).empty());
        CHECK(fs::exists(path));
        CHECK(listing(dir.path() / "a" / "b") == std::vector<std::string>{"graph.jsonld"});
    }

    SUBCASE("a relative path without a parent directory") {
        const fs::path old_cwd = fs::current_path();
        fs::current_path(dir.path());
        kg::output::write_file_atomically("plain.jsonld", "here");
        fs::current_path(old_cwd);
        CHECK(slurp(dir.path() / "plain.jsonld") == "here");
        CHECK(listing(dir.path()) == std::vector<std::string>{"plain.jsonld"});
    }

    SUBCASE("a directory that cannot be created is an error naming the path") {
        const fs::path file = dir.path() / "regular-file";
        kg::output::write_file_atomically(file, "not a directory");
        const fs::path under = file / "sub" / "graph.jsonld";
        CHECK_THROWS_WITH_AS(kg::output::write_file_atomically(under, "x"),
                             (under.string() + ": cannot create directory: Not a directory").c_str(),
                             std::runtime_error);
        CHECK(slurp(file) == "not a directory");
        CHECK(listing(dir.path()) == std::vector<std::string>{"regular-file"});
    }

    SUBCASE("a failed rename removes the temporary file") {
        const fs::path target = dir.path() / "taken";
        fs::create_directories(target / "inside");
        CHECK_THROWS_WITH_AS(kg::output::write_file_atomically(target, "x"),
                             (target.string() + ": cannot rename into place: Is a directory").c_str(),
                             std::runtime_error);
        CHECK(listing(dir.path()) == std::vector<std::string>{"taken", "taken/inside"});
    }
}

namespace {

// A graph whose JSON-LD is several times TextSink's buffer: people in many articles, in pairs
// that met, every sentence in two scripts.
kg::KnowledgeGraph large_graph(int people) {
    kg::KnowledgeGraph g;
    for (int i = 0; i < people; ++i) {
        const std::string article = "ar-" + std::to_string(i % 37);
        const std::string s = "التقى الوزير " + std::to_string(i) + " بنظيره (met counterpart " +
                              std::to_string(i + 1) + ").";
        const std::string who = "person:p" + std::to_string(i);
        const std::string other = "person:p" + std::to_string(i + 1);
        kg::Extraction x{article, "ar", "2023-05-04", {}, {}};
        x.nodes.push_back(node(who, NodeKind::Person, "P " + std::to_string(i), "ar",
                               {ev(article, 0, 5, s, "ar"), ev(article, 10, 15, s, "ar")}));
        const std::string rel = "metwith:p" + std::to_string(i) + "+p" + std::to_string(i + 1);
        x.nodes.push_back(node(rel, NodeKind::MetWith, "", "", {ev(article, 0, 40, s, "ar")}));
        x.edges.push_back({rel, who, "participant", {ev(article, 0, 40, s, "ar")}});
        x.edges.push_back({rel, other, "participant", {ev(article, 0, 40, s, "ar")}});
        g.merge(x);
    }
    return g;
}

}  // namespace

TEST_CASE("write_jsonld: the bytes of to_jsonld, streamed through a file sink") {
    TempDir dir;
    const kg::KnowledgeGraph g = large_graph(600);
    const std::string want = kg::output::to_jsonld(g);
    REQUIRE(want.size() > 4 * 64 * 1024);  // several buffers' worth
    const fs::path path = dir.path() / "graph.jsonld";
    {
        kg::output::StagedFile file(path);
        kg::output::write_jsonld(g, file.sink());
        CHECK(file.sink().size() == want.size());
        REQUIRE(::rename(file.finish().c_str(), path.c_str()) == 0);
    }
    CHECK(slurp(path) == want);
    CHECK(listing(dir.path()) == std::vector<std::string>{"graph.jsonld"});
}

TEST_CASE("TextSink: pieces of every size arrive whole and in order, in a string or a file") {
    // Pieces around the 64 KiB buffer's size, so each path (buffered, drained, passed straight
    // through) is taken, interleaved with single characters.
    const std::vector<std::size_t> sizes = {0, 1, 7, 65535, 65536, 65537, 3, 200000, 1, 65530, 9};
    std::string want;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        want += std::string(sizes[i], static_cast<char>('a' + i));
        want += '|';
    }
    auto fill = [&](kg::output::TextSink& sink) {
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            sink.write(std::string(sizes[i], static_cast<char>('a' + i)));
            sink.put('|');
        }
        sink.flush();
    };
    std::string text;
    kg::output::TextSink to_string(text);
    fill(to_string);
    CHECK(text == want);
    CHECK(to_string.size() == want.size());

    TempDir dir;
    const fs::path path = dir.path() / "pieces.txt";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    kg::output::TextSink to_file(fd, path.string());
    fill(to_file);
    ::close(fd);
    CHECK(slurp(path) == want);
}

TEST_CASE("TextSink and StagedFile: a full disk is an error naming the file; nothing is left") {
    // /dev/full refuses every write with ENOSPC.
    const int fd = ::open("/dev/full", O_WRONLY);
    REQUIRE(fd >= 0);
    kg::output::TextSink sink(fd, "out/graph.jsonld");
    sink.write("fits in the buffer");
    CHECK_THROWS_WITH_AS(sink.flush(), "out/graph.jsonld: cannot write: No space left on device",
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(sink.write(std::string(100000, 'x')),
                         "out/graph.jsonld: cannot write: No space left on device",
                         std::runtime_error);
    ::close(fd);

    // A StagedFile given up before finish() removes its temporary file.
    TempDir dir;
    {
        kg::output::StagedFile file(dir.path() / "graph.jsonld");
        file.sink().write("half a graph");
        CHECK(listing(dir.path()).size() == 1);
    }
    CHECK(listing(dir.path()).empty());
}

TEST_CASE("OutputSet::add_streamed: streamed files join the set; a writer that throws changes nothing") {
    TempDir dir;
    {
        kg::output::OutputSet set(dir.path());
        set.add("b.txt", "old b");
        set.add_streamed("a.txt", [](kg::output::TextSink& s) { s.write("old a"); });
        set.add_streamed("sub/c.txt", [](kg::output::TextSink& s) { s.put('c'); });
        const auto wrote = set.commit();
        // In path order, whichever way each file was added.
        CHECK(wrote == std::vector<fs::path>{dir.path() / "a.txt", dir.path() / "b.txt",
                                             dir.path() / "sub/c.txt"});
    }
    CHECK(slurp(dir.path() / "a.txt") == "old a");
    CHECK(slurp(dir.path() / "sub/c.txt") == "c");
    {
        kg::output::OutputSet set(dir.path());
        set.add("b.txt", "new b");
        set.add_streamed("a.txt", [](kg::output::TextSink& s) {
            s.write(std::string(100000, 'x'));
            throw std::runtime_error("graph.jsonld: the writer failed");
        });
        CHECK_THROWS_WITH_AS(set.commit(), "graph.jsonld: the writer failed", std::runtime_error);
        CHECK_THROWS_WITH_AS(set.add_streamed("b.txt", [](kg::output::TextSink&) {}),
                             "output set: file added twice: 'b.txt'", std::invalid_argument);
    }
    CHECK(slurp(dir.path() / "a.txt") == "old a");
    CHECK(slurp(dir.path() / "b.txt") == "old b");
    CHECK(listing(dir.path()) == std::vector<std::string>{"a.txt", "b.txt", "sub", "sub/c.txt"});
}

TEST_CASE("OutputSet::set_threads: streamed files written at once give the same files; the first failure in path order is reported and nothing is left") {
    TempDir dir;
    auto fill = [](char c, std::size_t n) {
        return [c, n](kg::output::TextSink& s) {
            for (std::size_t i = 0; i < n; ++i) s.put(c);
        };
    };
    {
        kg::output::OutputSet set(dir.path());
        set.set_threads(3);
        set.add_streamed("a.txt", fill('a', 300000));
        set.add_streamed("b.txt", fill('b', 5));
        set.add_streamed("sub/c.txt", fill('c', 70000));
        set.add_streamed("d.txt", fill('d', 1));
        set.rename_last("a.txt");
        const auto wrote = set.commit();
        CHECK(wrote == std::vector<fs::path>{dir.path() / "a.txt", dir.path() / "b.txt",
                                             dir.path() / "d.txt", dir.path() / "sub/c.txt"});
    }
    CHECK(slurp(dir.path() / "a.txt") == std::string(300000, 'a'));
    CHECK(slurp(dir.path() / "b.txt") == "bbbbb");
    CHECK(slurp(dir.path() / "sub/c.txt") == std::string(70000, 'c'));
    CHECK(slurp(dir.path() / "d.txt") == "d");
    for (std::size_t threads : {1, 2, 4}) {
        CAPTURE(threads);
        kg::output::OutputSet set(dir.path());
        set.set_threads(threads);
        set.add_streamed("a.txt", fill('A', 10));
        set.add_streamed("b.txt", [](kg::output::TextSink& s) {
            s.write(std::string(100000, 'x'));
            throw std::runtime_error("b failed");
        });
        set.add_streamed("d.txt", [](kg::output::TextSink&) { throw std::runtime_error("d failed"); });
        set.add_streamed("sub/c.txt", fill('C', 10));
        CHECK_THROWS_WITH_AS(set.commit(), "b failed", std::runtime_error);
        // The old files stay, and no temporary file of the written ones is left.
        CHECK(slurp(dir.path() / "a.txt") == std::string(300000, 'a'));
        CHECK(slurp(dir.path() / "b.txt") == "bbbbb");
        CHECK(slurp(dir.path() / "sub/c.txt") == std::string(70000, 'c'));
        CHECK(listing(dir.path()) ==
              std::vector<std::string>{"a.txt", "b.txt", "d.txt", "sub", "sub/c.txt"});
    }
}

TEST_CASE("write_jsonld: the same bytes from any number of threads, across piece boundaries") {
    // Pieces hold about 2048 evidence records; a node with more is a piece of its own, and one
    // with more than 32768 is written by the thread that writes the file. large_graph(n) has
    // 2n + 1 nodes (n + 1 people with 2 mentions, n meetings-with with 1 and 2 edges of 1): an
    // empty graph, one piece, several pieces, and several pieces around nodes of 2046, 2047,
    // 5000 and 40000 mentions (weights 2047, 2048, 5001 and 40001: the last three are pieces of
    // their own, the last one written straight into the file).
    for (int people : {0, 1, 200, 1500, -1500}) {
        CAPTURE(people);
        kg::KnowledgeGraph g = large_graph(people < 0 ? -people : people);
        if (people < 0) {
            for (int size : {2046, 2047, 5000, 40000}) {
                const std::string key = "country:X" + std::to_string(size);
                kg::EvidenceSet mentions;
                for (int a = 0; a < size; ++a) {
                    // Zero-padded: appended in order, so each insert is at the end.
                    std::string article = std::to_string(100000 + a);
                    mentions.insert(ev("a" + article, 0, 3, "X said so.", "en"));
                }
                kg::Extraction x{"a0", "en", "", {}, {}};
                x.nodes.push_back(node(key, NodeKind::Country, "X", "en", mentions));
                g.merge(x);
            }
        }
        std::string one;
        {
            kg::output::TextSink sink(one);
            kg::output::write_jsonld(g, sink, 1);
        }
        CHECK(one == kg::output::to_jsonld(g));
        // A document that reads back as the graph it was written from.
        CHECK(dump(kg::output::read_jsonld(one, "pieces.jsonld")) == dump(g));
        rapidjson::Document doc;
        doc.Parse(one.c_str());
        REQUIRE_FALSE(doc.HasParseError());
        CHECK(doc["@graph"].Size() == g.num_nodes());
        for (std::size_t threads : {2, 3, 8}) {
            CAPTURE(threads);
            std::string many;
            kg::output::TextSink sink(many);
            kg::output::write_jsonld(g, sink, threads);
            CHECK(many == one);
        }
    }
}

TEST_CASE("ordered_parallel: two runs side by side sharing a budget never make more pieces at once") {
    for (std::size_t makers : {1, 2}) {
        CAPTURE(makers);
        kg::output::MakerBudget budget(makers);
        std::atomic<int> busy{0}, most{0};
        auto make = [&](std::size_t i) {
            const int now = ++busy;
            for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            --busy;
            return i;
        };
        std::vector<std::size_t> a, b;
        std::thread other([&] {
            kg::output::ordered_parallel<std::size_t>(
                120, 3, make, [&](std::size_t i, std::size_t&& v) { if (i == v) b.push_back(i); }, &budget);
        });
        kg::output::ordered_parallel<std::size_t>(
            120, 3, make, [&](std::size_t i, std::size_t&& v) { if (i == v) a.push_back(i); }, &budget);
        other.join();
        CHECK(a.size() == 120);
        CHECK(b.size() == 120);
        CHECK(std::is_sorted(a.begin(), a.end()));
        CHECK(std::is_sorted(b.begin(), b.end()));
        CHECK(most.load() <= static_cast<int>(makers));  // six pool threads, `makers` at work
        CHECK(most.load() >= 1);
    }
}

TEST_CASE("ordered_parallel: every piece taken once, in order; the first failure in order stops it") {
    for (std::size_t threads : {1, 2, 5}) {
        CAPTURE(threads);
        for (std::size_t count : {0, 1, 2, 97}) {
            CAPTURE(count);
            std::vector<std::size_t> taken;
            kg::output::ordered_parallel<std::string>(
                count, threads, [](std::size_t i) { return std::to_string(i * i); },
                [&](std::size_t i, std::string&& piece) {
                    CHECK(piece == std::to_string(i * i));
                    taken.push_back(i);
                });
            std::vector<std::size_t> want(count);
            for (std::size_t i = 0; i < count; ++i) want[i] = i;
            CHECK(taken == want);
        }
        // Pieces 30 and 60 fail: 30's error is the one reported, and nothing from 30 on is taken.
        std::vector<std::size_t> taken;
        CHECK_THROWS_WITH_AS(kg::output::ordered_parallel<int>(
                                 100, threads,
                                 [](std::size_t i) -> int {
                                     if (i == 30 || i == 60)
                                         throw std::runtime_error("piece " + std::to_string(i));
                                     return static_cast<int>(i);
                                 },
                                 [&](std::size_t i, int) { taken.push_back(i); }),
                             "piece 30", std::runtime_error);
        CHECK(taken.size() == 30);
        CHECK(taken.back() == 29);
        // A failure of the consumer stops the makers too.
        std::size_t calls = 0;
        CHECK_THROWS_WITH_AS(kg::output::ordered_parallel<int>(
                                 1000, threads, [](std::size_t i) { return static_cast<int>(i); },
                                 [&](std::size_t i, int) {
                                     ++calls;
                                     if (i == 5) throw std::runtime_error("disk full");
                                 }),
                             "disk full", std::runtime_error);
        CHECK(calls == 6);
    }
}
