// Tests for graph/knowledge_graph: merge properties (commutative, idempotent, graph-into-graph),
// the order-independent choice of display names, name look-up, support counts and the
// filtered shortest path through relation and meeting nodes; the string pool, the sentence
// store and Evidence.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <tuple>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <filesystem>
#include <unistd.h>
#include <vector>

#include "graph/knowledge_graph.h"
#include "tests/graph_dump.h"

namespace {

using kg::NodeKind;
using kg::testing::dump;
using kg::testing::ev;
using kg::testing::node;

const std::string kLavrov = "person:sergey-lavrov";
const std::string kBhutto = "person:bilawal-bhutto-zardari";
const std::string kJaishankar = "person:subrahmanyam-jaishankar";
const std::string kMetWith = "metwith:bilawal-bhutto-zardari+sergey-lavrov";
const std::string kMeeting = "meeting:sergey-lavrov+subrahmanyam-jaishankar:2023-03-02";
const std::string kAgreement = "agreement:hi-1:CN+IN";
const std::string kExport = "export:PK-to-CN:rice";
const std::string kDelhi = "place:new-delhi";
const std::string kRice = "commodity:rice";

// Arabic report: Lavrov met Bhutto Zardari (2023-05-04); Lavrov represents Russia.
kg::Extraction arabic_article() {
    const std::string s = "التقى وزير الخارجية الروسي سيرغي لافروف بنظيره الباكستاني بيلاوال بوتو زرداري.";
    kg::Extraction x{"ar-1", "ar", "2023-05-04", {}, {}};
    auto lavrov = node(kLavrov, NodeKind::Person, "سيرغي لافروف", "ar", {ev("ar-1", 51, 74, s, "ar")});
    lavrov.reasons.insert("ar: transliterated to sergey lavrov");
    x.nodes.push_back(lavrov);
    x.nodes.push_back(node(kBhutto, NodeKind::Person, "بيلاوال بوتو زرداري", "ar",
                           {ev("ar-1", 110, 145, s, "ar")}));
    x.nodes.push_back(node("country:RU", NodeKind::Country, "روسيا", "ar", {ev("ar-1", 38, 50, s, "ar")},
                           {{"identifier", "RU"}}));
    x.nodes.push_back(node(kMetWith, NodeKind::MetWith, "", "", {ev("ar-1", 0, 145, s, "ar")},
                           {{"startDate", "2023-05-04"}}));
    x.edges.push_back({kMetWith, kLavrov, "participant", {ev("ar-1", 51, 74, s, "ar")}});
    x.edges.push_back({kMetWith, kBhutto, "participant", {ev("ar-1", 110, 145, s, "ar")}});
    x.edges.push_back({kLavrov, "country:RU", "represents", {ev("ar-1", 38, 74, s, "ar")}});
    return x;
}

// Hindi report: Jaishankar met Lavrov in New Delhi (a meeting, 2023-03-02); an India-China
// agreement of 2021; the Bhutto-Lavrov meeting again.
kg::Extraction hindi_article() {
    const std::string s = "जयशंकर ने नई दिल्ली में लावरोव से मुलाकात की।";
    kg::Extraction x{"hi-1", "hi", "2023-05-05", {}, {}};
    x.nodes.push_back(node(kLavrov, NodeKind::Person, "सर्गेई लावरोव", "hi", {ev("hi-1", 56, 74, s, "hi")}));
    x.nodes.push_back(node(kBhutto, NodeKind::Person, "बिलावल भुट्टो ज़रदारी", "hi",
                           {ev("hi-1", 200, 256, "", "hi")}));
    x.nodes.push_back(node(kJaishankar, NodeKind::Person, "सुब्रह्मण्यम जयशंकर", "hi",
                           {ev("hi-1", 0, 18, s, "hi")}));
    x.nodes.push_back(node("country:IN", NodeKind::Country, "भारत", "hi", {ev("hi-1", 300, 312, "", "hi")},
                           {{"identifier", "IN"}}));
    x.nodes.push_back(node("country:CN", NodeKind::Country, "चीन", "hi", {ev("hi-1", 320, 329, "", "hi")},
                           {{"identifier", "CN"}}));
    x.nodes.push_back(node(kDelhi, NodeKind::Place, "नई दिल्ली", "hi", {ev("hi-1", 25, 50, s, "hi")}));
    x.nodes.push_back(node(kMeeting, NodeKind::Meeting, "", "", {ev("hi-1", 0, 90, s, "hi")},
                           {{"startDate", "2023-03-02"}}));
    x.nodes.push_back(node(kAgreement, NodeKind::Agreement, "Border agreement", "en",
                           {ev("hi-1", 300, 340, "", "hi")},
                           {{"startDate", "2021-01-15"}, {"topic", "सीमा"}}));
    x.edges.push_back({kMeeting, kLavrov, "attendee", {ev("hi-1", 56, 74, s, "hi")}});
    x.edges.push_back({kMeeting, kJaishankar, "attendee", {ev("hi-1", 0, 18, s, "hi")}});
    x.edges.push_back({kMeeting, kDelhi, "location", {ev("hi-1", 25, 50, s, "hi")}});
    x.edges.push_back({kJaishankar, "country:IN", "represents", {ev("hi-1", 0, 18, s, "hi")}});
    x.edges.push_back({kAgreement, "country:IN", "party", {ev("hi-1", 300, 312, "", "hi")}});
    x.edges.push_back({kAgreement, "country:CN", "party", {ev("hi-1", 320, 329, "", "hi")}});
    x.edges.push_back({kMetWith, kLavrov, "participant", {ev("hi-1", 56, 74, "", "hi")}});
    x.edges.push_back({kMetWith, kBhutto, "participant", {ev("hi-1", 200, 256, "", "hi")}});
    return x;
}

// English report: Latin names for everyone; Pakistan exports rice to China (undated);
// Bhutto Zardari represents Pakistan; France is mentioned and linked to nothing.
kg::Extraction english_article() {
    const std::string s = "Pakistan exported rice to China, Bilawal Bhutto Zardari said.";
    kg::Extraction x{"en-1", "en", "2023-05-06", {}, {}};
    auto lavrov = node(kLavrov, NodeKind::Person, "Sergey Lavrov", "en", {ev("en-1", 0, 13, "", "en")});
    lavrov.forms.insert({"Sergei Lavrov", "en"});
    lavrov.reasons.insert("en: spelling variant sergei");
    x.nodes.push_back(lavrov);
    x.nodes.push_back(node(kBhutto, NodeKind::Person, "Bilawal Bhutto Zardari", "en",
                           {ev("en-1", 33, 55, s, "en")}));
    x.nodes.push_back(node("country:RU", NodeKind::Country, "Russia", "en", {ev("en-1", 100, 106, "", "en")},
                           {{"identifier", "RU"}}));
    x.nodes.push_back(node("country:PK", NodeKind::Country, "Pakistan", "en", {ev("en-1", 0, 8, s, "en")},
                           {{"identifier", "PK"}}));
    x.nodes.push_back(node("country:CN", NodeKind::Country, "China", "en", {ev("en-1", 26, 31, s, "en")},
                           {{"identifier", "CN"}}));
    x.nodes.push_back(node("country:FR", NodeKind::Country, "France", "en", {ev("en-1", 200, 206, "", "en")},
                           {{"identifier", "FR"}}));
    x.nodes.push_back(node(kRice, NodeKind::Commodity, "rice", "en", {ev("en-1", 18, 22, s, "en")}));
    x.nodes.push_back(node(kExport, NodeKind::Export, "", "", {ev("en-1", 0, 31, s, "en")},
                           {{"quantity", "1.2 million tonnes"}}));
    x.edges.push_back({kExport, "country:PK", "exporter", {ev("en-1", 0, 8, s, "en")}});
    x.edges.push_back({kExport, "country:CN", "importer", {ev("en-1", 26, 31, s, "en")}});
    x.edges.push_back({kExport, kRice, "commodity", {ev("en-1", 18, 22, s, "en")}});
    x.edges.push_back({kBhutto, "country:PK", "represents", {ev("en-1", 33, 55, s, "en")}});
    x.edges.push_back({kLavrov, "country:RU", "represents", {ev("en-1", 0, 13, "", "en")}});
    return x;
}

std::vector<kg::Extraction> all_articles() {
    return {arabic_article(), hindi_article(), english_article()};
}

kg::KnowledgeGraph merged(const std::vector<kg::Extraction>& extractions) {
    kg::KnowledgeGraph g;
    for (const auto& x : extractions) g.merge(x);
    return g;
}

kg::Extraction reversed(kg::Extraction x) {
    std::reverse(x.nodes.begin(), x.nodes.end());
    std::reverse(x.edges.begin(), x.edges.end());
    return x;
}

std::string ascii_lower(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

kg::Vertex vertex(const kg::KnowledgeGraph& g, const std::string& key) {
    auto v = g.find(key);
    REQUIRE_MESSAGE(v.has_value(), "no vertex " << key);
    return *v;
}

// "FROM -[ROLE via VIA]-> TO" per hop, by key, or "no path".
std::vector<std::string> path_text(const kg::KnowledgeGraph& g, const std::string& from,
                                   const std::string& to,
                                   const kg::KnowledgeGraph::PathFilter& filter) {
    auto hops = g.shortest_path(vertex(g, from), vertex(g, to), filter);
    if (!hops) return {"no path"};
    std::vector<std::string> out;
    for (const auto& h : *hops) {
        std::string via = h.via ? " via " + g.node(*h.via).key : "";
        out.push_back(g.node(h.from).key + " -[" + h.role + via + "]-> " + g.node(h.to).key);
    }
    return out;
}

// A path filter, built positionally: designated initializers that skip a member would trip
// -Wmissing-field-initializers.
kg::KnowledgeGraph::PathFilter path_filter(std::set<std::string> kinds, std::string since = "",
                                    std::string until = "") {
    kg::KnowledgeGraph::PathFilter f;
    f.relation_kinds = std::move(kinds);
    f.since = std::move(since);
    f.until = std::move(until);
    return f;
}

std::string hop(const std::string& from, const std::string& role, const std::string& via,
                const std::string& to) {
    return from + " -[" + role + (via.empty() ? "" : " via " + via) + "]-> " + to;
}

}  // namespace

TEST_CASE("KnowledgeGraph::merge: every order of the articles gives the same graph") {
    const std::string want = dump(merged(all_articles()));
    CAPTURE(want);
    CHECK(!want.empty());
    std::vector<int> order = {0, 1, 2};
    int permutations = 0;
    do {
        CAPTURE(order[0]);
        CAPTURE(order[1]);
        CAPTURE(order[2]);
        const auto articles = all_articles();
        std::vector<kg::Extraction> in_order, in_order_reversed;
        for (int i : order) {
            in_order.push_back(articles[i]);
            in_order_reversed.push_back(reversed(articles[i]));
        }
        CHECK(dump(merged(in_order)) == want);
        // The order of the records inside one article does not matter either.
        CHECK(dump(merged(in_order_reversed)) == want);
        ++permutations;
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(permutations == 6);
}

TEST_CASE("KnowledgeGraph::ready_for_reading: the graph a lazy first read sorts, on two threads") {
    // Vertices added against key order, and mentions and evidence appended against evidence
    // order, in two rounds: what the first read after each round sorts.
    auto build = [](int round, kg::KnowledgeGraph& g) {
        for (int i = 300; i-- > 0;) {
            const std::string art = "r" + std::to_string(round) + "-" + std::to_string(1000 - i);
            const std::string who = "person:p" + std::to_string(i * 7 % 300);
            g.add_node(node(who, NodeKind::Person, "P " + std::to_string(i), "en",
                            {ev(art, 5, 9, "s" + std::to_string(i), "en")}));
            g.add_node(node("country:c" + std::to_string(i % 5), NodeKind::Country, "C", "en",
                            {ev(art, 1, 3, "s", "en")}));
            kg::EdgeRecord e;
            e.from = who;
            e.to = "country:c" + std::to_string(i % 5);
            e.role = "represents";
            e.evidence.insert(ev(art, 1, 9, "s", "en"));
            g.add_edge(e);
        }
    };
    for (const std::size_t threads : {1, 2, 4}) {
        CAPTURE(threads);
        kg::KnowledgeGraph lazy, ready;
        for (int round = 0; round < 2; ++round) {
            build(round, lazy);
            build(round, ready);
            ready.ready_for_reading(threads);
            const auto& order = ready.sorted_vertices();
            REQUIRE(order.size() == ready.num_nodes());
            CHECK(std::is_sorted(order.begin(), order.end(), [&](kg::Vertex a, kg::Vertex b) {
                return ready.node(a).key < ready.node(b).key;
            }));
            const auto& mentions = ready.node(vertex(ready, "country:c0")).mentions;
            CHECK(std::is_sorted(mentions.begin(), mentions.end()));
            CHECK(mentions.size() == 60u * (round + 1));
            CHECK(dump(ready) == dump(lazy));
        }
    }
}

TEST_CASE("KnowledgeGraph::merge: merging again adds nothing") {
    kg::KnowledgeGraph g = merged(all_articles());
    const std::string want = dump(g);
    const std::size_t nodes = g.num_nodes();
    const std::size_t edges = g.num_edges();
    for (const auto& x : all_articles()) {
        CAPTURE(x.article);
        g.merge(x);
        CHECK(dump(g) == want);
        CHECK(g.num_nodes() == nodes);
        CHECK(g.num_edges() == edges);
    }
    const kg::KnowledgeGraph copy = g;
    g.merge(copy);
    CHECK(dump(g) == want);
    CHECK(g.num_nodes() == nodes);
    CHECK(g.num_edges() == edges);
    g.merge(g);
    CHECK(dump(g) == want);
}

TEST_CASE("KnowledgeGraph::merge: merging graphs equals merging their articles") {
    const std::string want = dump(merged(all_articles()));
    const auto articles = all_articles();

    // One graph per article, merged into an empty graph in every order.
    std::vector<int> order = {0, 1, 2};
    do {
        CAPTURE(order[0]);
        CAPTURE(order[1]);
        CAPTURE(order[2]);
        kg::KnowledgeGraph g;
        for (int i : order) g.merge(merged({articles[i]}));
        CHECK(dump(g) == want);
    } while (std::next_permutation(order.begin(), order.end()));

    // Uneven splits, each side merged into the other.
    for (int alone = 0; alone < 3; ++alone) {
        CAPTURE(alone);
        std::vector<kg::Extraction> rest;
        for (int i = 0; i < 3; ++i)
            if (i != alone) rest.push_back(articles[i]);
        kg::KnowledgeGraph left = merged({articles[alone]});
        left.merge(merged(rest));
        CHECK(dump(left) == want);
        kg::KnowledgeGraph right = merged(rest);
        right.merge(merged({articles[alone]}));
        CHECK(dump(right) == want);
    }
}

TEST_CASE("KnowledgeGraph::merge: what the merged graph holds") {
    const kg::KnowledgeGraph g = merged(all_articles());
    // 3 persons, 5 countries, 1 place, 1 commodity, meeting, metwith, export, agreement
    CHECK(g.num_nodes() == 14);
    // 3 from ar-1; 6 new from hi-1 (its 2 participant edges repeat ar-1's); 4 new from en-1
    CHECK(g.num_edges() == 13);
    CHECK(g.articles() == std::set<std::string>{"ar-1", "en-1", "hi-1"});

    const kg::GraphNode& lavrov = g.node(vertex(g, kLavrov));
    CHECK(lavrov.kind == NodeKind::Person);
    CHECK(lavrov.name == "Sergey Lavrov");
    CHECK(kg::testing::forms_of(lavrov) == std::set<kg::SurfaceForm>{{"Sergei Lavrov", "en"},
                                                    {"Sergey Lavrov", "en"},
                                                    {"सर्गेई लावरोव", "hi"},
                                                    {"سيرغي لافروف", "ar"}});
    CHECK(lavrov.mentions.size() == 3);
    CHECK(kg::testing::reasons_of(g, vertex(g, kLavrov)) ==
          std::set<std::string>{"ar: transliterated to sergey lavrov", "en: spelling variant sergei"});

    const kg::GraphNode& ru = g.node(vertex(g, "country:RU"));
    CHECK(ru.name == "Russia");
    CHECK(kg::testing::attrs_of(ru) == std::map<std::string, std::string>{{"identifier", "RU"}});

    // Two articles support the same participant edge: one edge, both evidences.
    const kg::Graph& gr = g.graph();
    auto [e, found] = boost::edge(vertex(g, kMetWith), vertex(g, kLavrov), gr);
    REQUIRE(found);
    CHECK(gr[e].role == "participant");
    CHECK(gr[e].evidence.size() == 2);
}

TEST_CASE("KnowledgeGraph::merge: the display name does not depend on merge order") {
    struct Case {
        std::vector<std::string> names;
        std::string want;
    };
    const std::vector<Case> cases = {
        // Arabic: the Latin name wins over the Arabic one, however long
        {{"سيرغي لافروف", "Sergey Lavrov"}, "Sergey Lavrov"},
        {{"روسيا", "RU"}, "RU"},
        // Hindi
        {{"बिलावल भुट्टो ज़रदारी", "Bilawal Bhutto Zardari"}, "Bilawal Bhutto Zardari"},
        {{"रूस", "روسيا", "Russia"}, "Russia"},
        // Persian: between two non-Latin names the longer wins
        {{"لاوروف", "سرگئی لاوروف"}, "سرگئی لاوروف"},
        // Latin: the longer wins, then the bytewise smaller
        {{"Lavrov", "Sergey Lavrov"}, "Sergey Lavrov"},
        {{"Sergey Lavrov", "Sergei Lavrov"}, "Sergei Lavrov"},
        // An empty name never replaces a name
        {{"", "Russia", ""}, "Russia"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.want);
        std::vector<std::string> names = c.names;
        std::sort(names.begin(), names.end());
        do {
            kg::KnowledgeGraph by_record;
            kg::KnowledgeGraph by_graph;
            for (const auto& name : names) {
                CAPTURE(name);
                kg::NodeRecord n;
                n.key = "country:RU";
                n.kind = NodeKind::Country;
                n.name = name;
                by_record.add_node(n);
                kg::KnowledgeGraph single;
                single.add_node(n);
                by_graph.merge(single);
            }
            CHECK(by_record.node(vertex(by_record, "country:RU")).name == c.want);
            CHECK(by_graph.node(vertex(by_graph, "country:RU")).name == c.want);
        } while (std::next_permutation(names.begin(), names.end()));
    }
}

TEST_CASE("KnowledgeGraph::merge: conflicting attribute values keep the smaller, in any order") {
    auto meeting = [](const std::string& date) {
        kg::NodeRecord n;
        n.key = kMetWith;
        n.kind = NodeKind::MetWith;
        n.attrs = {{"startDate", date}, {"topic", "trade " + date}};
        return n;
    };
    kg::KnowledgeGraph early_first;
    early_first.add_node(meeting("2023-05-04"));
    early_first.add_node(meeting("2023-05-05"));
    kg::KnowledgeGraph late_first;
    late_first.add_node(meeting("2023-05-05"));
    late_first.add_node(meeting("2023-05-04"));
    const std::map<std::string, std::string> want = {{"startDate", "2023-05-04"},
                                                     {"topic", "trade 2023-05-04"}};
    CHECK(kg::testing::attrs_of(early_first.node(vertex(early_first, kMetWith))) == want);
    CHECK(kg::testing::attrs_of(late_first.node(vertex(late_first, kMetWith))) == want);
}

TEST_CASE("KnowledgeGraph::add_edge: an endpoint without a node record gets a placeholder") {
    kg::KnowledgeGraph g;
    g.add_edge({"meeting:x", "place:goa", "location", {ev("a1", 0, 3, "", "en")}});
    g.add_edge({"meeting:x", "odd-key", "location", {ev("a1", 0, 3, "", "en")}});
    CHECK(g.num_nodes() == 3);
    CHECK(g.node(vertex(g, "meeting:x")).kind == NodeKind::Meeting);
    CHECK(g.node(vertex(g, "place:goa")).kind == NodeKind::Place);
    CHECK(g.node(vertex(g, "odd-key")).kind == NodeKind::Organization);
    CHECK(g.node(vertex(g, "place:goa")).name.empty());
    // The real record, arriving later, fills the placeholder in.
    g.add_node(node("place:goa", NodeKind::Place, "Goa", "en", {ev("a2", 5, 8, "", "en")}));
    CHECK(g.num_nodes() == 3);
    CHECK(g.node(vertex(g, "place:goa")).name == "Goa");
}

TEST_CASE("KnowledgeGraph::find_many: the answers of find, key by key, over several batches") {
    kg::KnowledgeGraph empty;
    std::vector<std::string_view> none_keys = {"person:a", ""};
    std::vector<std::optional<kg::Vertex>> none(2, kg::Vertex{7});
    empty.find_many(none_keys, none);
    CHECK_FALSE(none[0]);
    CHECK_FALSE(none[1]);

    kg::KnowledgeGraph g;
    for (int i = 0; i < 3000; ++i)
        g.add_node(node("person:p" + std::to_string(i), NodeKind::Person, "P" + std::to_string(i), "en",
                        {ev("a1", 0, 1, "", "en")}));
    // Present and absent keys interleaved, more than one batch, a key twice.
    std::vector<std::string> owned;
    for (int i = 0; i < 500; ++i) {
        owned.push_back("person:p" + std::to_string((i * 37) % 3000));
        owned.push_back("person:q" + std::to_string(i));
    }
    owned.push_back("person:p5");
    owned.push_back("person:p5");
    owned.push_back("");
    const std::vector<std::string_view> keys(owned.begin(), owned.end());
    std::vector<std::optional<kg::Vertex>> found(keys.size());
    g.find_many(keys, found);
    int present = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        CHECK(found[i] == g.find(keys[i]));
        if (found[i]) {
            ++present;
            CHECK(g.node(*found[i]).key == keys[i]);
        }
    }
    CHECK(present == 502);
    std::vector<std::optional<kg::Vertex>> too_few(3);
    CHECK_THROWS_AS(g.find_many(keys, too_few), std::invalid_argument);
}

TEST_CASE("KnowledgeGraph::find_by_name: any name or form, folded; entities only") {
    const kg::KnowledgeGraph g = merged(all_articles());
    struct Case {
        std::string query;
        std::vector<std::string> keys;
    };
    const std::vector<Case> cases = {
        // Arabic
        {"سيرغي لافروف", {kLavrov}},
        {"روسيا", {"country:RU"}},
        // Hindi
        {"बिलावल भुट्टो ज़रदारी", {kBhutto}},
        {"भारत", {"country:IN"}},
        {"नई दिल्ली", {kDelhi}},
        // Latin: case folded, any form, or the exact key
        {"SERGEY LAVROV", {kLavrov}},
        {"sergei lavrov", {kLavrov}},
        {"china", {"country:CN"}},
        {"Rice", {kRice}},
        {"country:PK", {"country:PK"}},
        {"nobody", {}},
        // A relation node's name is not an entity name
        {"border agreement", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query);
        std::vector<std::string> got;
        for (auto v : g.find_by_name(c.query, ascii_lower)) got.push_back(g.node(v).key);
        CHECK(got == c.keys);
    }

    // Two entities with one name: both, sorted by key.
    kg::KnowledgeGraph georgia;
    georgia.add_node(node("place:georgia-us", NodeKind::Place, "Georgia", "en", {}));
    georgia.add_node(node("country:GE", NodeKind::Country, "Georgia", "en", {}));
    georgia.add_node(node("person:george", NodeKind::Person, "George", "en", {}));
    std::vector<std::string> got;
    for (auto v : georgia.find_by_name("GEORGIA", ascii_lower)) got.push_back(georgia.node(v).key);
    CHECK(got == std::vector<std::string>{"country:GE", "place:georgia-us"});
}

TEST_CASE("KnowledgeGraph::support: distinct articles among mentions and outgoing evidence") {
    kg::KnowledgeGraph g = merged(all_articles());
    struct Case {
        std::string key;
        std::size_t support;
    };
    const std::vector<Case> cases = {
        // Mentioned in all three; its represents edge adds no new article
        {kLavrov, 3},
        // Mentioned in ar-1 only; its participant edges add hi-1
        {kMetWith, 2},
        // Two mentions, no outgoing edges
        {"country:RU", 2},
        // One article behind both the mention and the edge
        {kJaishankar, 1},
        {"country:FR", 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.key);
        CHECK(g.support(vertex(g, c.key)) == c.support);
    }
    // Re-adding an article changes no count.
    g.merge(hindi_article());
    CHECK(g.support(vertex(g, kLavrov)) == 3);
    CHECK(g.support(vertex(g, kMetWith)) == 2);

    kg::KnowledgeGraph bare;
    bare.add_edge({"meeting:x", "place:goa", "location",
                   {ev("a1", 0, 3, "", "en"), ev("a2", 0, 3, "", "en"), ev("a2", 4, 9, "", "en")}});
    CHECK(bare.support(vertex(bare, "meeting:x")) == 2);
    CHECK(bare.support(vertex(bare, "place:goa")) == 0);
}

TEST_CASE("KnowledgeGraph::shortest_path: hops through relation nodes, meetings and direct edges") {
    const kg::KnowledgeGraph g = merged(all_articles());
    using Filter = kg::KnowledgeGraph::PathFilter;
    struct Case {
        std::string name;
        std::string from;
        std::string to;
        Filter filter;
        std::vector<std::string> hops;
    };
    const std::vector<Case> cases = {
        {"one hop through a MetWith node", kLavrov, kBhutto, {},
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
        {"a direct represents edge", kLavrov, "country:RU", {},
         {hop(kLavrov, "represents", "", "country:RU")}},
        {"represents, followed backwards", "country:PK", kBhutto, {},
         {hop("country:PK", "represents", "", kBhutto)}},
        {"a meeting reaches its location", kLavrov, kDelhi, {},
         {hop(kLavrov, "meeting", kMeeting, kDelhi)}},
        {"person -> MetWith -> person -> represents -> country -> Export -> commodity",
         kLavrov, kRice, {},
         {hop(kLavrov, "metwith", kMetWith, kBhutto), hop(kBhutto, "represents", "", "country:PK"),
          hop("country:PK", "export", kExport, kRice)}},
        // Two paths of three hops: a hop through a relation (MetWith) costs less than one
        // through a shared meeting, so the path through the MetWith node wins.
        {"a relation beats a shared meeting on paths of equal length", kLavrov, "country:CN", {},
         {hop(kLavrov, "metwith", kMetWith, kBhutto), hop(kBhutto, "represents", "", "country:PK"),
          hop("country:PK", "export", kExport, "country:CN")}},
        {"the way back is the same chain", "country:CN", kLavrov, {},
         {hop("country:CN", "export", kExport, "country:PK"),
          hop("country:PK", "represents", "", kBhutto),
          hop(kBhutto, "metwith", kMetWith, kLavrov)}},
        {"from a vertex to itself: no hops", kLavrov, kLavrov, {}, {}},
        {"France is linked to nothing", kLavrov, "country:FR", {}, {"no path"}},
        {"nor is anything linked to France", "country:FR", kRice, {}, {"no path"}},

        // relation_kinds
        {"person -> MetWith -> person -> Export -> country, by relation kind", kLavrov,
         "country:CN", path_filter({"metwith", "represents", "export"}),
         {hop(kLavrov, "metwith", kMetWith, kBhutto), hop(kBhutto, "represents", "", "country:PK"),
          hop("country:PK", "export", kExport, "country:CN")}},
        {"metwith only", kLavrov, kBhutto, path_filter({"metwith"}),
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
        {"metwith only: no represents edge", kLavrov, "country:RU",
         path_filter({"metwith"}), {"no path"}},
        {"meeting only", kLavrov, kDelhi, path_filter({"meeting"}),
         {hop(kLavrov, "meeting", kMeeting, kDelhi)}},
        {"export only", "country:PK", "country:CN", path_filter({"export"}),
         {hop("country:PK", "export", kExport, "country:CN")}},
        {"export only: not from a person", kLavrov, "country:CN", path_filter({"export"}),
         {"no path"}},
        {"agreement and represents", kJaishankar, "country:CN",
         path_filter({"agreement", "represents"}),
         {hop(kJaishankar, "represents", "", "country:IN"),
          hop("country:IN", "agreement", kAgreement, "country:CN")}},

        // since: relations dated before are skipped, undated ones too; represents always passes
        {"since 2022: the 2021 agreement and the undated export are skipped", kLavrov,
         "country:CN", path_filter({}, "2022-01-01"), {"no path"}},
        {"since 2022: the 2023 meeting passes", kLavrov, "country:IN", path_filter({}, "2022-01-01"),
         {hop(kLavrov, "meeting", kMeeting, kJaishankar),
          hop(kJaishankar, "represents", "", "country:IN")}},
        {"since 2023-04: the March meeting is skipped", kLavrov, "country:IN",
         path_filter({}, "2023-04-01"), {"no path"}},
        {"since the very day", kLavrov, kBhutto, path_filter({}, "2023-05-04"),
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
        {"since the next day", kLavrov, kBhutto, path_filter({}, "2023-05-05"), {"no path"}},
        {"since a year: the same year passes", kLavrov, kBhutto, path_filter({}, "2023"),
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
        {"an undated export never passes a date filter", "country:PK", "country:CN",
         path_filter({"export"}, "1900-01-01"), {"no path"}},
        {"so the path goes round the undated export", "country:PK", "country:CN",
         path_filter({}, "1900-01-01"),
         {hop("country:PK", "represents", "", kBhutto), hop(kBhutto, "metwith", kMetWith, kLavrov),
          hop(kLavrov, "meeting", kMeeting, kJaishankar),
          hop(kJaishankar, "represents", "", "country:IN"),
          hop("country:IN", "agreement", kAgreement, "country:CN")}},
        {"represents is never dated and always passes", kLavrov, "country:RU",
         path_filter({}, "2100-01-01"), {hop(kLavrov, "represents", "", "country:RU")}},

        // until: relations dated after are skipped; a shorter bound covers the whole period
        {"until the day before", kLavrov, kBhutto, path_filter({}, "", "2023-05-03"), {"no path"}},
        {"until the very day", kLavrov, kBhutto, path_filter({}, "", "2023-05-04"),
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
        {"until the month includes its last days", kLavrov, kBhutto, path_filter({}, "", "2023-05"),
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
        {"until the month before", kLavrov, kBhutto, path_filter({}, "", "2023-04"), {"no path"}},
        {"until 2023-04: the March meeting passes", kLavrov, "country:IN", path_filter({}, "", "2023-04"),
         {hop(kLavrov, "meeting", kMeeting, kJaishankar),
          hop(kJaishankar, "represents", "", "country:IN")}},
        {"until 2100: the undated export is still skipped", "country:PK", "country:CN",
         path_filter({"export"}, "", "2100"), {"no path"}},

        // since and until together
        {"January 2021: the agreement", kJaishankar, "country:CN",
         path_filter({}, "2021", "2021-01"),
         {hop(kJaishankar, "represents", "", "country:IN"),
          hop("country:IN", "agreement", kAgreement, "country:CN")}},
        {"January 2021: not the 2023 meeting", kJaishankar, kLavrov,
         path_filter({}, "2021", "2021-01"), {"no path"}},
        {"dates and kinds together", kLavrov, kBhutto,
         path_filter({"metwith"}, "2023-05-01", "2023-05-31"),
         {hop(kLavrov, "metwith", kMetWith, kBhutto)}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(path_text(g, c.from, c.to, c.filter) == c.hops);
    }
}

TEST_CASE("KnowledgeGraph::shortest_path: a month-only date is a period, kept when it overlaps") {
    // "in May 2023" gives a YYYY-MM date (extract/dates.h); "in 2023" a bare year.
    kg::KnowledgeGraph g;
    const std::string may = "agreement:x:IN+PK";
    const std::string year = "metwith:a+b";
    g.add_node(node(may, NodeKind::Agreement, "", "", {}, {{"startDate", "2023-05"}}));
    g.add_edge({may, "country:IN", "party", {}});
    g.add_edge({may, "country:PK", "party", {}});
    g.add_node(node(year, NodeKind::MetWith, "", "", {}, {{"startDate", "2023"}}));
    g.add_edge({year, "person:a", "participant", {}});
    g.add_edge({year, "person:b", "participant", {}});
    struct Case {
        std::string since;
        std::string until;
        bool found;
    };
    const std::vector<Case> cases = {
        {"2023-05-04", "", true},
        {"", "2023-05-04", true},
        {"2023-05-04", "2023-05-04", true},
        {"2023-05", "2023-05", true},
        {"2023-05-31", "", true},
        {"2023-06-01", "", false},
        {"", "2023-04-30", false},
        {"2023", "2023", true},
        {"2024", "", false},
        {"", "2022-12-31", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.since);
        CAPTURE(c.until);
        const auto filter = path_filter({}, c.since, c.until);
        CHECK(path_text(g, "country:IN", "country:PK", filter) ==
              (c.found ? std::vector<std::string>{hop("country:IN", "agreement", may, "country:PK")}
                       : std::vector<std::string>{"no path"}));
        // The year-only date: kept by every bound inside 2023.
        const bool year_found = (c.since.empty() || c.since.substr(0, 4) <= "2023") &&
                                (c.until.empty() || c.until.substr(0, 4) >= "2023");
        CHECK(path_text(g, "person:a", "person:b", filter) ==
              (year_found ? std::vector<std::string>{hop("person:a", "metwith", year, "person:b")}
                          : std::vector<std::string>{"no path"}));
    }
}

TEST_CASE("KnowledgeGraph::shortest_path: the answer does not depend on merge order") {
    const kg::KnowledgeGraph forward = merged(all_articles());
    const auto articles = all_articles();
    const kg::KnowledgeGraph backward = merged({articles[2], articles[1], articles[0]});
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {kLavrov, "country:CN"}, {kLavrov, kRice}, {"country:CN", kLavrov}, {kDelhi, "country:PK"}};
    for (const auto& pair : pairs) {
        const std::string& from = pair.first;
        const std::string& to = pair.second;
        CAPTURE(from);
        CAPTURE(to);
        CHECK(path_text(forward, from, to, {}) == path_text(backward, from, to, {}));
    }
}

namespace {

// The oracle for shortest_path, written from the header's definition rather than from the
// search: the links are listed pairwise (each usable relation or meeting node links every two
// of its entities; each edge between two entities links them both ways), every simple chain
// from FROM is enumerated, the cheapest to TO kept, and the tie rule applied to whole chains.
struct OracleLink {
    std::string from, to, via, role;  // via empty for a direct edge
    int cost;
};

bool oracle_passes(const kg::KnowledgeGraph::PathFilter& f, const std::string& kind,
                   const std::string& date) {
    if (!f.relation_kinds.empty() && f.relation_kinds.count(kind) == 0) return false;
    if (date.empty()) return (f.since.empty() && f.until.empty()) || kind == "represents";
    // A date is the period of all the days it names: it passes when that period overlaps.
    const std::string first_day = date + std::string("0000-01-01").substr(date.size());
    const std::string last_day = date + std::string("9999-12-31").substr(date.size());
    const std::string since = f.since + std::string("0000-01-01").substr(std::min<std::size_t>(f.since.size(), 10));
    const std::string until = f.until + std::string("9999-12-31").substr(std::min<std::size_t>(f.until.size(), 10));
    return (f.since.empty() || last_day >= since) && (f.until.empty() || first_day <= until);
}

int oracle_cost(const std::string& kind) {
    return kind == "meeting" ? 11 : kind == "represents" ? 25 : 10;
}

std::vector<OracleLink> oracle_links(const kg::KnowledgeGraph& g,
                                     const kg::KnowledgeGraph::PathFilter& f) {
    const auto& gr = g.graph();
    auto entity = [&](kg::Vertex v) { return kg::is_entity(g.node(v).kind); };
    std::vector<OracleLink> out;
    for (auto v : g.sorted_vertices()) {
        const kg::GraphNode& n = g.node(v);
        if (entity(v) || n.attrs.count("status")) continue;
        const std::string kind(kg::kind_name(n.kind));
        const std::string date = n.attrs.count("startDate") ? n.attrs.at("startDate") : "";
        if (!oracle_passes(f, kind, date)) continue;
        std::set<std::string> members;
        for (auto [it, end] = boost::out_edges(v, gr); it != end; ++it)
            if (entity(boost::target(*it, gr))) members.insert(g.node(boost::target(*it, gr)).key);
        for (auto [it, end] = boost::in_edges(v, gr); it != end; ++it)
            if (entity(boost::source(*it, gr))) members.insert(g.node(boost::source(*it, gr)).key);
        for (const auto& a : members)
            for (const auto& b : members)
                if (a != b) out.push_back({a, b, n.key, kind, oracle_cost(kind)});
    }
    for (auto e : g.sorted_edges()) {
        const kg::Vertex a = boost::source(e, gr), b = boost::target(e, gr);
        const std::string& role = g.edge(e).role;
        if (!oracle_passes(f, role, "")) continue;
        if (entity(b)) out.push_back({g.node(a).key, g.node(b).key, "", role, oracle_cost(role)});
        if (entity(a)) out.push_back({g.node(b).key, g.node(a).key, "", role, oracle_cost(role)});
    }
    return out;
}

// The cheapest chain from FROM to each vertex by the header's rule, as path_text prints it
// (absent: no path), and how many cheapest chains each has.
struct OracleAnswer {
    std::map<std::string, std::vector<std::string>> path;
    std::map<std::string, std::size_t> cheapest;
};

OracleAnswer oracle_paths(const kg::KnowledgeGraph& g, const std::string& from,
                          const kg::KnowledgeGraph::PathFilter& f) {
    std::map<std::string, std::vector<OracleLink>> out_of;
    for (auto& l : oracle_links(g, f)) out_of[l.from].push_back(std::move(l));
    // A chain compares by its hops read from the end back: (cost so far, from key, the key of
    // the via node or else of the vertex reached, role).
    using HopKey = std::tuple<int, std::string, std::string, std::string>;
    std::map<std::string, std::pair<int, std::vector<HopKey>>> best;
    OracleAnswer answer;
    answer.path[from] = {};
    std::vector<const OracleLink*> chain;
    std::set<std::string> on_chain{from};
    std::function<void(const std::string&, int)> walk = [&](const std::string& at, int cost) {
        if (at != from) {
            auto it = best.find(at);
            if (it == best.end() || cost <= it->second.first) {
                std::vector<HopKey> keys;
                int so_far = 0;
                for (const OracleLink* l : chain) {
                    keys.emplace_back(so_far, l->from, l->via.empty() ? l->to : l->via, l->role);
                    so_far += l->cost;
                }
                std::reverse(keys.begin(), keys.end());
                if (it == best.end() || cost < it->second.first) answer.cheapest[at] = 0;
                ++answer.cheapest[at];
                if (it == best.end() || std::make_pair(cost, keys) < it->second) {
                    best[at] = std::make_pair(cost, keys);
                    auto& text = answer.path[at];
                    text.clear();
                    for (const OracleLink* l : chain) text.push_back(hop(l->from, l->role, l->via, l->to));
                }
            }
        }
        for (const OracleLink& l : out_of[at]) {
            if (on_chain.count(l.to)) continue;
            chain.push_back(&l);
            on_chain.insert(l.to);
            walk(l.to, cost + l.cost);
            on_chain.erase(l.to);
            chain.pop_back();
        }
    };
    walk(from, 0);
    return answer;
}

std::vector<std::string> oracle_path(const kg::KnowledgeGraph& g, const std::string& from,
                                     const std::string& to,
                                     const kg::KnowledgeGraph::PathFilter& f) {
    const OracleAnswer a = oracle_paths(g, from, f);
    auto it = a.path.find(to);
    return it == a.path.end() ? std::vector<std::string>{"no path"} : it->second;
}

// A small random graph: people and countries, relation and meeting nodes (some dated, some
// planned), represents edges and now and then another direct edge; keys not in insertion
// order, and the records merged in a shuffled order.
kg::KnowledgeGraph random_graph(std::uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::vector<std::string> entities;
    const std::size_t people = 3 + pick(3), countries = 1 + pick(2);
    for (std::size_t i = 0; i < people; ++i) entities.push_back("person:p" + std::to_string((i * 7 + seed) % 10));
    for (std::size_t i = 0; i < countries; ++i) entities.push_back("country:C" + std::to_string(i));
    entities.push_back("commodity:oil");
    std::sort(entities.begin(), entities.end());
    entities.erase(std::unique(entities.begin(), entities.end()), entities.end());
    std::vector<kg::NodeRecord> nodes;
    std::vector<kg::EdgeRecord> edges;
    for (const auto& k : entities)
        nodes.push_back(node(k, k.rfind("person:", 0) == 0 ? NodeKind::Person
                                : k.rfind("country:", 0) == 0 ? NodeKind::Country
                                                              : NodeKind::Commodity,
                             "", "", {}));
    const std::vector<std::pair<NodeKind, std::string>> kinds = {
        {NodeKind::MetWith, "participant"}, {NodeKind::Meeting, "attendee"},
        {NodeKind::Export, "exporter"}, {NodeKind::Agreement, "party"}};
    const std::vector<std::string> dates = {"", "2021-01-10", "2023", "2023-05", "2023-05-04", "2024-02-29"};
    const std::size_t relations = 2 + pick(6);
    for (std::size_t r = 0; r < relations; ++r) {
        const auto& [kind, role] = kinds[pick(kinds.size())];
        const std::string key = std::string(kg::kind_name(kind)) + ":r" + std::to_string(pick(100));
        std::map<std::string, std::string> attrs;
        if (const std::string& d = dates[pick(dates.size())]; !d.empty()) attrs["startDate"] = d;
        if (pick(6) == 0) attrs["status"] = "planned";
        nodes.push_back(node(key, kind, "", "", {}, attrs));
        const std::size_t members = 2 + pick(2);
        for (std::size_t m = 0; m < members; ++m)
            edges.push_back({key, entities[pick(entities.size())], role, {}});
    }
    const std::size_t direct = pick(5);
    for (std::size_t d = 0; d < direct; ++d)
        edges.push_back({entities[pick(entities.size())], entities[pick(entities.size())],
                         pick(4) == 0 ? "member" : "represents", {}});
    std::shuffle(nodes.begin(), nodes.end(), rng);
    std::shuffle(edges.begin(), edges.end(), rng);
    kg::KnowledgeGraph g;
    for (const auto& n : nodes) g.add_node(n);
    for (const auto& e : edges) g.add_edge(e);
    return g;
}

}  // namespace

TEST_CASE("KnowledgeGraph::shortest_path: the cheapest chain and its ties, against every chain") {
    // Hand-made graphs, one point each; `links` are (relation node or "", role, members...).
    struct Case {
        std::string name;
        std::vector<std::vector<std::string>> links;  // {via key or "-", role or attrs, a, b, ...}
        std::string from;
        std::string to;
        kg::KnowledgeGraph::PathFilter filter;
        std::vector<std::string> hops;
    };
    auto build = [](const std::vector<std::vector<std::string>>& links) {
        kg::KnowledgeGraph g;
        for (const auto& l : links) {
            if (l[0] == "-") {  // a direct edge: "-", role, from, to
                g.add_edge({l[2], l[3], l[1], {}});
                continue;
            }
            std::map<std::string, std::string> attrs;
            if (l[1] == "planned") attrs["status"] = "planned";
            else if (!l[1].empty()) attrs["startDate"] = l[1];
            const auto kind = kg::kind_from_name(l[0].substr(0, l[0].find(':')));
            g.add_node(node(l[0], *kind, "", "", {}, attrs));
            for (std::size_t i = 2; i < l.size(); ++i)
                g.add_edge({l[0], l[i], *kind == NodeKind::Meeting ? "attendee" : "participant", {}});
        }
        return g;
    };
    const std::vector<Case> cases = {
        {"two equal chains: the predecessor of smaller key",
         {{"metwith:1", "", "person:a", "person:c"}, {"metwith:2", "", "person:a", "person:b"},
          {"metwith:3", "", "person:c", "person:d"}, {"metwith:4", "", "person:b", "person:d"}},
         "person:a", "person:d", {},
         {hop("person:a", "metwith", "metwith:2", "person:b"),
          hop("person:b", "metwith", "metwith:4", "person:d")}},
        {"the same graph backwards", {{"metwith:1", "", "person:a", "person:c"},
          {"metwith:2", "", "person:a", "person:b"}, {"metwith:3", "", "person:c", "person:d"},
          {"metwith:4", "", "person:b", "person:d"}},
         "person:d", "person:a", {},
         {hop("person:d", "metwith", "metwith:4", "person:b"),
          hop("person:b", "metwith", "metwith:2", "person:a")}},
        {"equal costs 10 + 11 and 11 + 10: the predecessor nearer FROM wins over the smaller key",
         {{"metwith:1", "", "person:a", "person:z"}, {"meeting:1", "", "person:z", "person:x"},
          {"meeting:2", "", "person:a", "person:c"}, {"metwith:2", "", "person:c", "person:x"}},
         "person:a", "person:x", {},
         {hop("person:a", "metwith", "metwith:1", "person:z"),
          hop("person:z", "meeting", "meeting:1", "person:x")}},
        {"two relation nodes between the same pair: the smaller key",
         {{"metwith:b", "", "person:a", "person:b"}, {"agreement:z", "", "person:a", "person:b"}},
         "person:a", "person:b", {}, {hop("person:a", "agreement", "agreement:z", "person:b")}},
        {"a direct edge counts as the key of the vertex it reaches",
         {{"-", "member", "person:a", "person:b"}, {"metwith:x", "", "person:a", "person:b"}},
         "person:a", "person:b", {}, {hop("person:a", "metwith", "metwith:x", "person:b")}},
        {"a cheaper relation beats a direct represents edge",
         {{"-", "represents", "person:a", "country:X"}, {"agreement:1", "", "person:a", "country:X"}},
         "person:a", "country:X", {}, {hop("person:a", "agreement", "agreement:1", "country:X")}},
        {"a planned meeting is no link", {{"metwith:1", "planned", "person:a", "person:b"}},
         "person:a", "person:b", {}, {"no path"}},
        {"a planned shortcut is skipped for the long way",
         {{"metwith:1", "planned", "person:a", "person:c"}, {"metwith:2", "", "person:a", "person:b"},
          {"metwith:3", "", "person:b", "person:c"}},
         "person:a", "person:c", {},
         {hop("person:a", "metwith", "metwith:2", "person:b"),
          hop("person:b", "metwith", "metwith:3", "person:c")}},
        {"a kind filter leaves the dearer meeting", {{"metwith:1", "", "person:a", "person:b"},
          {"meeting:1", "", "person:a", "person:b"}},
         "person:a", "person:b", path_filter({"meeting"}), {hop("person:a", "meeting", "meeting:1", "person:b")}},
        {"a date filter skips the undated", {{"metwith:1", "", "person:a", "person:b"},
          {"metwith:2", "2023-05-04", "person:b", "person:c"}},
         "person:a", "person:c", path_filter({}, "2023"), {"no path"}},
        {"two components", {{"metwith:1", "", "person:a", "person:b"}, {"metwith:2", "", "person:c", "person:d"}},
         "person:a", "person:d", {}, {"no path"}},
        {"from a vertex to itself", {{"metwith:1", "", "person:a", "person:b"}},
         "person:a", "person:a", {}, {}},
        {"a lone vertex to itself", {{"-", "represents", "person:a", "country:X"}},
         "country:X", "country:X", path_filter({"metwith"}), {}},
        {"from a meeting node: along its edges", {{"meeting:1", "", "person:a", "person:b"},
          {"metwith:1", "", "person:b", "person:c"}},
         "meeting:1", "person:c", {},
         {hop("meeting:1", "attendee", "", "person:b"), hop("person:b", "metwith", "metwith:1", "person:c")}},
        {"to a meeting node: never", {{"meeting:1", "", "person:a", "person:b"}},
         "person:a", "meeting:1", {}, {"no path"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const kg::KnowledgeGraph g = build(c.links);
        CHECK(path_text(g, c.from, c.to, c.filter) == c.hops);
        CHECK(oracle_path(g, c.from, c.to, c.filter) == c.hops);
    }

    // Random graphs: every pair of vertices under several filters, against the oracle.
    const std::vector<kg::KnowledgeGraph::PathFilter> filters = {
        {}, path_filter({"metwith"}), path_filter({"metwith", "represents", "member"}),
        path_filter({"export", "agreement", "meeting"}), path_filter({}, "2023"),
        path_filter({}, "", "2023-05"), path_filter({}, "2022-06", "2023-05-04")};
    std::size_t paths = 0, none = 0, ties = 0;
    for (std::uint32_t seed = 1; seed <= 60; ++seed) {
        CAPTURE(seed);
        const kg::KnowledgeGraph g = random_graph(seed);
        for (std::size_t fi = 0; fi < filters.size(); ++fi) {
            CAPTURE(fi);
            for (auto a : g.sorted_vertices()) {
                const std::string& from = g.node(a).key;
                const OracleAnswer oracle = oracle_paths(g, from, filters[fi]);
                for (auto b : g.sorted_vertices()) {
                    const std::string& to = g.node(b).key;
                    CAPTURE(from);
                    CAPTURE(to);
                    auto it = oracle.path.find(to);
                    const std::vector<std::string> want =
                        it == oracle.path.end() ? std::vector<std::string>{"no path"} : it->second;
                    CHECK(path_text(g, from, to, filters[fi]) == want);
                    if (it == oracle.path.end()) ++none;
                    else ++paths;
                    if (oracle.cheapest.count(to) && oracle.cheapest.at(to) > 1) ++ties;
                }
            }
        }
    }
    // The random graphs do exercise paths, no paths and ties between equally cheap chains.
    CHECK(paths > 1000);
    CHECK(none > 1000);
    CHECK(ties > 100);
    MESSAGE(paths << " paths, " << none << " without, " << ties << " with ties");
}

TEST_CASE("Text: one pooled copy per content, compared and ordered by content") {
    const std::string long_text(300000, 'x');  // longer than a quarter of a pool block
    const std::vector<std::string> cases = {
        "",
        "en-1",
        "التقى وزير الخارجية الروسي سيرغي لافروف",  // Arabic
        "भारत और रूस",                              // Hindi
        std::string("nul\0inside", 10),
        long_text,
    };
    for (const auto& s : cases) {
        CAPTURE(s.size());
        const kg::Text a(s), b{std::string_view(s)}, c{std::string(s)};
        CHECK(a.view() == s);
        CHECK(a.size() == s.size());
        CHECK(a.c_str()[s.size()] == '\0');
        CHECK(a.data() == b.data());
        CHECK(a.data() == c.data());
        CHECK(a == c);
    }
    CHECK(kg::Text().empty());
    CHECK(kg::Text() == kg::Text(""));
    // Ordered as the strings are: byte order, a prefix first.
    std::vector<std::string> sorted = cases;
    std::sort(sorted.begin(), sorted.end());
    std::vector<kg::Text> texts(cases.begin(), cases.end());
    std::sort(texts.begin(), texts.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) CHECK(texts[i].view() == sorted[i]);
    CHECK(kg::Text("ab") < kg::Text("abc"));
    CHECK(kg::Text("abc") != kg::Text("abd"));

    // A new string adds one entry and its bytes; the same string again adds nothing.
    const kg::TextPoolStats before = kg::text_pool_stats();
    const kg::Text fresh("a string no other test interns: 9f1c2e");
    const kg::TextPoolStats after = kg::text_pool_stats();
    CHECK(after.strings == before.strings + 1);
    CHECK(after.bytes >= before.bytes);
    CHECK(kg::Text("a string no other test interns: 9f1c2e").data() == fresh.data());
    CHECK(kg::text_pool_stats().strings == after.strings);
}

TEST_CASE("Text: the pool across many blocks, long strings and near-equal strings") {
    // 200,000 strings fill several 1 MB blocks and grow each shard's table many times; a
    // string of 600 KB takes a block of its own. Each content keeps one copy, found again.
    std::vector<const char*> first;
    for (int i = 0; i < 200000; ++i) first.push_back(kg::Text("pool test " + std::to_string(i)).data());
    const std::string big(600 * 1024, 'x');
    const kg::Text long_text(big);
    const kg::Text long_other(big + "y");
    CHECK(long_text.size() == big.size());
    CHECK(long_text.view() == big);
    CHECK(long_text != long_other);
    for (int i = 0; i < 200000; i += 7) {
        const kg::Text again("pool test " + std::to_string(i));
        CHECK(again.data() == first[static_cast<std::size_t>(i)]);
        CHECK(again.view() == "pool test " + std::to_string(i));
    }
    CHECK(kg::Text(big).data() == long_text.data());
}

TEST_CASE("Text: the pool's table released and built again from its blocks") {
    // Strings of every length around the 4-byte steps, one long enough for a block of its
    // own, and enough to fill more than one block: after release_text_table() each is found
    // again (the same copy), and a new string is added once.
    std::vector<std::string> texts;
    for (int i = 0; i < 60000; ++i) texts.push_back("release " + std::string(static_cast<std::size_t>(i % 13), 'a') + std::to_string(i));
    texts.push_back(std::string(300 * 1024, 'r'));
    std::vector<const char*> first;
    for (const auto& t : texts) first.push_back(kg::Text(t).data());
    const std::size_t strings = kg::text_pool_stats().strings;
    kg::release_text_table();
    CHECK(kg::text_pool_stats().strings == strings);
    for (std::size_t i = 0; i < texts.size(); i += 5) CHECK(kg::Text(texts[i]).data() == first[i]);
    CHECK(kg::text_pool_stats().strings == strings);
    kg::release_text_table();
    const kg::Text added("released, then new");
    CHECK(kg::text_pool_stats().strings == strings + 1);
    CHECK(kg::Text("released, then new").data() == added.data());
    for (std::size_t i = 1; i < texts.size(); i += 5) CHECK(kg::Text(texts[i]).view() == texts[i]);
    CHECK(kg::Text(texts.back()).data() == first.back());
}

TEST_CASE("Text::unique: a copy outside the pool's table, read like any Text") {
    const std::string content = "meeting:unique-test+copy:article-1";
    const kg::Text kept = kg::Text::unique(content);
    CHECK(kept.view() == content);
    CHECK(kept == content);
    CHECK(kg::Text::unique("").empty());
    const std::size_t strings = kg::text_pool_stats().strings;
    // Not in the table: interning the same content makes the pooled copy, once.
    const kg::Text pooled(content);
    CHECK(pooled.data() != kept.data());
    CHECK((pooled <=> kept) == std::strong_ordering::equal);
    CHECK(kg::Text(content).data() == pooled.data());
    CHECK(kg::text_pool_stats().strings == strings + 1);
    // Numbers work the same.
    const std::uint32_t n = kept.number();
    CHECK(kg::Text::numbered(n).data() == kept.data());
    // A table built again from the blocks has every string, the unique ones too: interning a
    // unique string's content then finds one copy, the same every time.
    const kg::Text other = kg::Text::unique("export:unique-test-only-kept");
    kg::release_text_table();
    CHECK(kg::text_pool_stats().strings == strings + 2);
    const kg::Text again("export:unique-test-only-kept");
    CHECK(again.data() == other.data());
    CHECK(kg::Text("export:unique-test-only-kept").data() == again.data());
    CHECK(kg::text_pool_stats().strings == strings + 2);
    CHECK(kg::Text(content).view() == content);
}

TEST_CASE("Text: threads interning the same strings get the same copies") {
    constexpr int kThreads = 4, kStrings = 5000;
    std::vector<std::vector<const char*>> seen(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t, &seen] {
            // Each thread walks the strings in its own order.
            for (int i = 0; i < kStrings; ++i) {
                const int k = (i * (2 * t + 1)) % kStrings;
                seen[t].push_back(kg::Text("sentence " + std::to_string(k)).data());
            }
        });
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kStrings; ++i) {
            const int k = (i * (2 * t + 1)) % kStrings;
            CHECK(seen[t][i] == kg::Text("sentence " + std::to_string(k)).data());
        }
    }
}

TEST_CASE("Text::number: one number per content, from any thread, and back") {
    CHECK(kg::Text().number() == 0);
    CHECK(kg::Text::numbered(0).empty());
    constexpr int kThreads = 4, kStrings = 3001;  // prime: each thread's order visits every string
    std::vector<std::vector<std::uint32_t>> got(kThreads, std::vector<std::uint32_t>(kStrings));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t, &got] {
            // Each thread numbers the strings in its own order, racing the others.
            for (int i = 0; i < kStrings; ++i) {
                const int k = (i * (2 * t + 1)) % kStrings;
                got[t][k] = kg::Text("numbered " + std::to_string(k)).number();
            }
        });
    for (auto& th : threads) th.join();
    std::set<std::uint32_t> distinct;
    for (int k = 0; k < kStrings; ++k) {
        CAPTURE(k);
        const std::string s = "numbered " + std::to_string(k);
        for (int t = 1; t < kThreads; ++t) CHECK(got[t][k] == got[0][k]);
        CHECK(got[0][k] != 0);
        CHECK(kg::Text::numbered(got[0][k]) == kg::Text(s));
        CHECK(kg::Text::numbered(got[0][k]).data() == kg::Text(s).data());
        distinct.insert(got[0][k]);
    }
    CHECK(distinct.size() == kStrings);
}

TEST_CASE("Evidence: ordered and equal as its four fields compared in turn") {
    // Every combination of two articles, spans, sentences and languages, including an article
    // in two languages and a sentence shared by two articles.
    struct Fields {
        std::string article;
        kg::Span span;
        std::string sentence, lang;
        auto operator<=>(const Fields&) const = default;
    };
    std::vector<Fields> fields;
    for (const char* a : {"ar-2", "ar-10", ""})
        for (kg::Span s : {kg::Span{0, 5}, kg::Span{0, 4}, kg::Span{3, 9}})
            for (const char* sent : {"Le texte.", "Le tex", "النص."})
                for (const char* l : {"fr", "ar", ""}) fields.push_back({a, s, sent, l});
    std::vector<kg::Evidence> evs;
    for (const auto& f : fields) evs.emplace_back(f.article, f.span, f.sentence, f.lang);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        CAPTURE(i);
        CHECK(evs[i].article() == fields[i].article);
        CHECK(evs[i].span == fields[i].span);
        CHECK(evs[i].sentence() == fields[i].sentence);
        CHECK(evs[i].lang() == fields[i].lang);
        for (std::size_t j = 0; j < fields.size(); ++j) {
            CAPTURE(j);
            CHECK((evs[i] <=> evs[j]) == (fields[i] <=> fields[j]));
            CHECK((evs[i] == evs[j]) == (fields[i] == fields[j]));
        }
    }
    CHECK(kg::Evidence() == kg::Evidence("", kg::Span{}, "", ""));
    CHECK(sizeof(kg::Evidence) == 16);
}

TEST_CASE("Sentence store: spilled sentences read back, compare by content, and merge") {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("kg-spill-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::uint32_t kept = kg::sentence_ref("Un texte gardé en mémoire.");
    CHECK(kg::sentence_in_memory(kept));
    CHECK(kg::sentence_ref("Un texte gardé en mémoire.") == kept);  // equal texts, one reference
    kg::spill_sentences(dir.string());
    const kg::SentenceStats before = kg::sentence_stats();
    // More than the file's 1 MB buffer, so that some are read from the file and the last from
    // the buffer; one long sentence; texts in several scripts; the empty sentence.
    std::vector<std::string> texts;
    for (int i = 0; i < 6000; ++i)
        texts.push_back(std::to_string(i) + (i % 3 == 0 ? " وزير الخارجية التقى نظيره." : i % 3 == 1 ? " विदेश मंत्री ने मुलाकात की।" : " Lavrov met Wang Yi in Beijing."));
    texts.push_back(std::string(300000, 'x'));
    texts.push_back("");
    std::vector<std::uint32_t> refs;
    for (const auto& t : texts) refs.push_back(kg::sentence_ref(t));
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CAPTURE(i);
        CHECK(kg::sentence_text(refs[i]) == texts[i]);
        CHECK_FALSE(kg::sentence_in_memory(refs[i]));
    }
    CHECK(kg::sentence_stats().spilled == before.spilled + texts.size());
    // Stored twice, a text has two references that compare equal, and order as the texts do.
    const std::uint32_t again = kg::sentence_ref(texts[7]);
    CHECK(again != refs[7]);
    CHECK(kg::compare_sentences(again, refs[7]) == 0);
    CHECK(kg::compare_sentences(refs[7], refs[8]) == (texts[7] < texts[8] ? -1 : 1));
    CHECK(kg::compare_sentences(kept, refs[1]) == ("Un texte gardé en mémoire." < texts[1] ? -1 : 1));
    const kg::Evidence a("art-1", kg::Span{0, 4}, kg::Evidence::SentenceRef{refs[7]}, "fr");
    const kg::Evidence b("art-1", kg::Span{0, 4}, kg::Evidence::SentenceRef{again}, "fr");
    CHECK(a == b);
    CHECK((a <=> b) == std::strong_ordering::equal);
    kg::EvidenceSet set{a, b, kg::Evidence("art-1", kg::Span{0, 4}, texts[8], "fr")};
    CHECK(set.size() == 2);
    kg::keep_sentences_in_memory();
    CHECK(kg::sentence_in_memory(kg::sentence_ref("Après l'arrêt, en mémoire.")));
    CHECK(kg::sentence_text(refs[0]) == texts[0]);  // still readable
    // The file has no name: nothing is left in the folder.
    CHECK(std::filesystem::is_empty(dir));
    std::filesystem::remove_all(dir);
}

TEST_CASE("QuotedSet: each text once, listed in content order, in memory and spilled") {
    // Two texts of one hash, to be told apart by content.
    std::unordered_map<std::uint32_t, std::string> by_hash;
    std::string first, second;
    for (int i = 0; second.empty(); ++i) {
        std::string t = "title cue in fa-" + std::to_string(i);
        auto [at, added] = by_hash.emplace(kg::QuotedSet::hash_of(t), t);
        if (!added) first = at->second, second = t;
    }
    REQUIRE(kg::QuotedSet::hash_of(first) == kg::QuotedSet::hash_of(second));
    std::vector<std::string> texts = {second, "lexicon: systèmes de défense aérienne", "", first,
                                      "ar: transliterated to sergey lavrov", "title cue in hi: प्रोफेसर"};
    for (int i = 0; i < 300; ++i) texts.push_back("reason " + std::to_string(i * 7919 % 1000));
    std::set<std::string> want(texts.begin(), texts.end());

    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("kg-quoted-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const bool spilled : {false, true}) {
        CAPTURE(spilled);
        if (spilled) kg::spill_sentences(dir.string());
        kg::QuotedSet forward, backward;
        std::size_t added = 0;
        for (const auto& t : texts) added += forward.insert(t);
        CHECK(added == want.size());
        backward.insert(texts.rbegin(), texts.rend());
        backward.insert(texts.begin(), texts.end());  // nothing new
        const std::vector<std::string> listed(want.begin(), want.end());
        CHECK(forward.texts() == listed);
        CHECK(backward.texts() == listed);
        CHECK(forward.size() == want.size());
        CHECK(forward.contains(first));
        CHECK(forward.contains(second));
        CHECK_FALSE(forward.contains("title cue in fa-x"));
        CHECK_FALSE(forward.insert(second));
        kg::QuotedSet copy = forward;
        CHECK(copy.insert("one more"));
        CHECK(copy.size() == forward.size() + 1);
        CHECK_FALSE(forward.contains("one more"));
        CHECK(kg::QuotedSet().texts().empty());
    }
    kg::keep_sentences_in_memory();
    std::filesystem::remove_all(dir);
}

TEST_CASE("EvidenceSet: sorted and each element once, whatever order it is filled in") {
    const std::vector<kg::Evidence> items = {
        ev("ar-2", 0, 5, "ب", "ar"), ev("ar-1", 9, 12, "ا", "ar"), ev("ar-1", 0, 5, "ا", "ar"),
        ev("en-1", 0, 5, "A.", "en"), ev("ar-1", 0, 5, "ا", "fa"), ev("ar-1", 0, 5, "ا", "ar")};
    std::vector<kg::Evidence> want(items.begin(), items.end());
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    REQUIRE(want.size() == 5);

    kg::EvidenceSet one_by_one;
    for (const auto& e : items) one_by_one.insert(e);
    CHECK(std::vector<kg::Evidence>(one_by_one.begin(), one_by_one.end()) == want);
    kg::EvidenceSet in_bulk;
    in_bulk.insert(items.rbegin(), items.rend());
    in_bulk.insert(items.begin(), items.end());
    CHECK(in_bulk == one_by_one);
    CHECK(in_bulk.size() == 5);
    CHECK(in_bulk.count(items[0]) == 1);
    CHECK(in_bulk.count(ev("ar-3", 0, 5, "ب", "ar")) == 0);
    CHECK_FALSE(one_by_one.insert(items[1]));
}

TEST_CASE("EvidenceSet: one element in place, more in a vector, through copies and moves") {
    const kg::Evidence a = ev("ar-1", 0, 5, "ا", "ar"), b = ev("ar-2", 0, 5, "ب", "ar"), c = ev("en-1", 3, 9, "C.", "en");
    auto items = [](const kg::EvidenceSet& s) { return std::vector<kg::Evidence>(s.begin(), s.end()); };
    kg::EvidenceSet s;
    CHECK(s.empty());
    CHECK(s.size() == 0);
    CHECK(s.begin() == s.end());
    CHECK(s.insert(b));  // in place
    CHECK(items(s) == std::vector<kg::Evidence>{b});
    CHECK_FALSE(s.insert(b));
    kg::EvidenceSet one_copy(s), one_moved_from(s);
    kg::EvidenceSet one_moved(std::move(one_moved_from));
    CHECK(one_moved_from.empty());
    CHECK(items(one_copy) == items(s));
    CHECK(items(one_moved) == items(s));
    CHECK(s.insert(a));  // packed, before b: sorted
    CHECK(s.insert(c));  // after the last
    CHECK(items(s) == std::vector<kg::Evidence>{a, b, c});
    CHECK(s.count(c) == 1);
    CHECK(s != one_copy);
    kg::EvidenceSet many_copy(s);
    one_copy = s;  // one to many
    CHECK(items(one_copy) == items(s));
    many_copy = one_moved;  // many to one
    CHECK(items(many_copy) == std::vector<kg::Evidence>{b});
    kg::EvidenceSet assigned;
    assigned = std::move(s);
    CHECK(s.empty());
    CHECK(items(assigned) == std::vector<kg::Evidence>{a, b, c});
    assigned.clear();
    CHECK(assigned.empty());
    CHECK(assigned.insert(c));
    CHECK(assigned.size() == 1);
    // A spilled sentence's reference has its top bit set: still told apart from a vector.
    const std::uint32_t big = kg::sentence_ref("in memory, but the set must not care");
    const kg::Evidence d("zz", kg::Span{0xFFFFFFFFu, 0xFFFFFFFFu}, kg::Evidence::SentenceRef{big}, "xx");
    kg::EvidenceSet with_d{d};
    CHECK(with_d.size() == 1);
    CHECK(*with_d.begin() == d);
    kg::EvidenceSet bulk;
    const std::vector<kg::Evidence> just_c = items(assigned);
    bulk.insert(just_c.begin(), just_c.end());  // one element into an empty set: in place
    CHECK(items(bulk) == just_c);
    const std::vector<kg::Evidence> three{c, a, b, a};
    bulk.insert(three.begin(), three.end());
    CHECK(items(bulk) == std::vector<kg::Evidence>{a, b, c});
}

TEST_CASE("EvidenceSet: packed elements come back exactly, at the edges of every number") {
    // Pair numbers, spans and sentence references that go down as well as up, and the largest
    // values each field holds: every difference packs and unpacks in 32-bit arithmetic.
    std::vector<kg::Evidence> items;
    const std::uint32_t sentences[] = {kg::sentence_ref("first sentence"), kg::sentence_ref("second one"),
                                       kg::sentence_ref("x")};
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> spans = {
        {0, 0}, {0, 0xFFFFFFFFu}, {0xFFFFFFFFu, 0xFFFFFFFFu}, {127, 128}, {128, 16511}, {5, 3}, {0x80000000u, 1}};
    for (int article = 0; article < 4; ++article)
        for (std::size_t i = 0; i < spans.size(); ++i)
            items.push_back(ev("pk-" + std::to_string(article), spans[i].first, spans[i].second,
                               std::string(i + 1, 'a'), article % 2 ? "en" : "ur"));
    for (std::size_t i = 0; i < 3; ++i)
        items.push_back(kg::Evidence("pk-9", kg::Span{static_cast<std::uint32_t>(i), 9},
                                     kg::Evidence::SentenceRef{sentences[2 - i]}, "en"));
    std::vector<kg::Evidence> want = items;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    REQUIRE(want.size() == items.size());

    // Appended as they come, then settled; one by one from the end; in order.
    kg::EvidenceSet bulk;
    bulk.insert(items.begin(), items.end());
    kg::EvidenceSet backwards;
    for (auto it = want.rbegin(); it != want.rend(); ++it) CHECK(backwards.insert(*it));
    kg::EvidenceSet forwards;
    for (const auto& e : want) CHECK(forwards.insert(e));
    for (const kg::EvidenceSet* s : {&bulk, &backwards, &forwards}) {
        CHECK(std::vector<kg::Evidence>(s->begin(), s->end()) == want);
        CHECK(s->size() == want.size());
        for (const auto& e : want) CHECK(s->count(e) == 1);
        for (const auto& e : want) CHECK_FALSE(const_cast<kg::EvidenceSet*>(s)->insert(e));
    }
    CHECK(kg::EvidenceSet(bulk) == forwards);  // a copy packs the same bytes
    // Each element's fields, not only its order: span, sentence, article and language.
    auto it = forwards.begin();
    for (const auto& e : want) {
        REQUIRE(it != forwards.end());
        CHECK(it->span == e.span);
        CHECK(it->sentence() == e.sentence());
        CHECK(it->article() == e.article());
        CHECK(it->lang() == e.lang());
        ++it;
    }
    CHECK(it == forwards.end());
}

TEST_CASE("EvidenceSet: a country's many mentions take a few bytes each") {
    // 2,000 articles, three mentions each, in order: what a large build's countries hold.
    kg::EvidenceSet set;
    std::vector<kg::Evidence> all;
    for (int a = 0; a < 2000; ++a) {
        const std::string id = "fr-" + std::to_string(100000 + a);
        const std::uint32_t s = kg::sentence_ref("La Russie et la Chine, article " + std::to_string(a) + ".");
        for (std::uint32_t k = 0; k < 3; ++k) {
            all.push_back(kg::Evidence(id, kg::Span{40 * k + 3, 40 * k + 9}, kg::Evidence::SentenceRef{s}, "fr"));
            set.insert(all.back());
        }
    }
    CHECK(set.size() == all.size());
    CHECK(std::vector<kg::Evidence>(set.begin(), set.end()) == all);
    // Each element after the first is four numbers of one byte here; the block grows by half.
    CHECK(set.heap_bytes() < all.size() * 6);
    CHECK(set.heap_bytes() >= all.size() * 4);
}

TEST_CASE("KnowledgeGraph: a released key index is built again by the next look-up or addition") {
    kg::KnowledgeGraph g;
    g.merge(arabic_article());
    const std::string before = dump(g);
    const kg::Vertex lavrov = *g.find(kLavrov);
    g.release_index();
    CHECK(dump(g) == before);  // writing needs no index
    const kg::KnowledgeGraph copy(g);  // released too
    CHECK(g.find(kLavrov) == lavrov);
    CHECK_FALSE(g.find("person:nobody"));
    CHECK(copy.find(kLavrov) == lavrov);
    g.release_index();
    g.merge(arabic_article());  // merged again: found, not added twice
    CHECK(dump(g) == before);
    g.release_index();
    kg::KnowledgeGraph moved(std::move(g));
    std::vector<std::optional<kg::Vertex>> found(2);
    const std::vector<std::string_view> keys = {kBhutto, "country:RU"};
    moved.find_many(keys, found);
    CHECK(found[0] == moved.find(kBhutto));
    REQUIRE(found[1]);
    CHECK(moved.node(*found[1]).key == "country:RU");
}

TEST_CASE("KnowledgeGraph: evidence merged in any order reads sorted, from several threads at once") {
    // A country mentioned in many articles, merged last article first: every merge appends
    // out of order, and the first read sorts.
    kg::KnowledgeGraph g;
    constexpr int kArticles = 300;
    for (int a = kArticles - 1; a >= 0; --a) {
        const std::string id = "en-" + std::to_string(1000 + a);
        kg::Extraction x{id, "en", "", {}, {}};
        x.nodes.push_back(node("country:RU", NodeKind::Country, "Russia", "en",
                               {ev(id, 7, 13, "About Russia.", "en"), ev(id, 0, 6, "Russia.", "en")}));
        x.edges.push_back({kLavrov, "country:RU", "represents", {ev(id, 0, 6, "Russia.", "en")}});
        g.merge(x);
        if (a % 100 == 0) g.merge(x);  // again: adds nothing
    }
    const kg::Vertex ru = *g.find("country:RU");
    std::vector<std::thread> readers;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t)
        readers.emplace_back([&, t] {
            const auto& m = g.node(ru).mentions;
            const auto& e = g.edge(*boost::out_edges(*g.find(kLavrov), g.graph()).first).evidence;
            ok[t] = std::is_sorted(m.begin(), m.end()) && m.size() == 2 * kArticles &&
                    std::adjacent_find(m.begin(), m.end()) == m.end() &&
                    std::is_sorted(e.begin(), e.end()) && e.size() == kArticles;
        });
    for (auto& r : readers) r.join();
    CHECK(ok == std::vector<int>(4, 1));
    CHECK(g.node(ru).mentions.begin()->article() == kg::Text("en-1000"));
}

TEST_CASE("Attrs: one pair in place, more in a block, the same answers through copies and moves") {
    auto pairs = [](const kg::Attrs& a) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [name, value] : a) out.emplace_back(name.str(), value.str());
        return out;
    };
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    kg::Attrs a;
    CHECK(a.empty());
    CHECK(a.begin() == a.end());
    a.merge("topic", "wheat");  // one pair: kept in place
    CHECK(a.size() == 1);
    CHECK(pairs(a) == Pairs{{"topic", "wheat"}});
    a.merge("topic", "barley");  // smaller: replaces, still in place
    a.merge("topic", "zinc");    // larger: ignored
    CHECK(pairs(a) == Pairs{{"topic", "barley"}});
    kg::Attrs one = a;
    CHECK(one == a);
    a.merge("quantity", "12");  // a second pair: into a block, in name order
    a.merge("unit", "tonne");
    a.merge("startDate", "2024-01-02");
    CHECK(pairs(a) == Pairs{{"quantity", "12"}, {"startDate", "2024-01-02"}, {"topic", "barley"}, {"unit", "tonne"}});
    a.merge("startDate", "2023-12-31");  // replaced inside the block
    a.merge("unit", "unit");             // larger: ignored
    CHECK(a.at("startDate") == "2023-12-31");
    CHECK(a.find("unit")->second == "tonne");
    CHECK(a.find("status") == a.end());
    CHECK_FALSE(one == a);
    kg::Attrs copy = a;
    CHECK(copy == a);
    CHECK(pairs(copy) == pairs(a));
    copy.merge("status", "planned");
    CHECK(copy.size() == 5);
    CHECK(a.size() == 4);  // the copy has a block of its own
    kg::Attrs moved = std::move(copy);
    CHECK(moved.size() == 5);
    CHECK(moved.at("status") == "planned");
    moved = one;  // a block replaced by one pair
    CHECK(pairs(moved) == Pairs{{"topic", "barley"}});
    one = a;  // one pair replaced by a block
    CHECK(one == a);
    CHECK(sizeof(kg::Attrs) == 8);
}

TEST_CASE("ThinVec, SortedSet and Attrs: what the graph's node and edge lists rely on") {
    kg::ThinVec<int> v;
    CHECK(v.empty());
    CHECK(v.begin() == v.end());
    v.insert(v.end(), 3);
    v.insert(v.begin(), 1);
    v.insert(v.begin() + 1, 2);
    const int more[] = {4, 5, 6, 7, 8};
    v.append(std::begin(more), std::end(more));
    CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8});
    kg::ThinVec<int> copy = v;
    v.truncate(v.begin() + 2);
    CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{1, 2});
    CHECK(copy.size() == 8);
    kg::ThinVec<int> moved = std::move(copy);
    CHECK(moved.size() == 8);
    CHECK(moved[7] == 8);
    v.insert(v.begin(), v[1]);  // an element of the vector itself
    CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{2, 1, 2});
    v.clear();
    CHECK(v.empty());

    kg::SortedSet<kg::Text> reasons;
    CHECK(reasons.insert(kg::Text("b")));
    CHECK(reasons.insert(kg::Text("a")));
    CHECK_FALSE(reasons.insert(kg::Text("b")));
    CHECK(std::vector<std::string>(reasons.begin(), reasons.end()) == std::vector<std::string>{"a", "b"});

    kg::Attrs attrs;
    attrs.merge("status", "planned");
    attrs.merge("startDate", "2023-05-05");
    attrs.merge("startDate", "2023-05-04");  // the smaller value stays, whatever the order
    attrs.merge("startDate", "2023-05-06");
    CHECK(attrs.size() == 2);
    CHECK(attrs.begin()->first == "startDate");
    CHECK(attrs.at("startDate") == "2023-05-04");
    CHECK(attrs.count("status") == 1);
    CHECK(attrs.count("topic") == 0);
    CHECK(attrs.find("topic") == attrs.end());
    CHECK_THROWS_AS(attrs.at("topic"), std::out_of_range);
}
