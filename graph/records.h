// Records: the plain values that flow from extraction into the graph.
//
// Owns: Span, Evidence, SurfaceForm, NodeRecord, EdgeRecord, Extraction and the node kinds.
// Input: built by extract/ for one article. Output: merged by KnowledgeGraph.
//   kg::Extraction x; x.nodes.push_back(kg::NodeRecord{...});
//   graph.merge(x);
// Everything here is a value type with a total order, so sets of them are deterministic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace kg {

// Byte offsets [begin, end) into the original UTF-8 article.
struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    auto operator<=>(const Span&) const = default;
};

enum class NodeKind {
    Person,
    Country,
    Place,
    Organization,
    Commodity,
    Meeting,    // an event with attendees, place and date
    MetWith,    // relation node: two participants
    Export,     // relation node: exporter, importer, commodity
    Agreement,  // relation node: two or more parties
};

// Stable lowercase name of a kind ("person", "metwith", ...). Never throws.
std::string_view kind_name(NodeKind kind);
// Inverse of kind_name; nullopt for an unknown name.
std::optional<NodeKind> kind_from_name(std::string_view name);
// True for the entity kinds (Person .. Commodity).
bool is_entity(NodeKind kind);
// True for the relation kinds (MetWith, Export, Agreement).
bool is_relation(NodeKind kind);

// Where a node or an edge was read: the article, the exact bytes, the sentence, the language.
struct Evidence {
    std::string article;
    Span span;
    std::string sentence;
    std::string lang;
    auto operator<=>(const Evidence&) const = default;
};

// A name as written in one language.
struct SurfaceForm {
    std::string form;
    std::string lang;
    auto operator<=>(const SurfaceForm&) const = default;
};

struct NodeRecord {
    std::string key;   // canonical key: "person:sergey-lavrov", "country:RU", "meeting:..."
    NodeKind kind = NodeKind::Person;
    std::string name;  // canonical display name (English where known)
    std::set<SurfaceForm> forms;
    std::set<Evidence> mentions;         // entities: each place the name occurs
    std::map<std::string, std::string> attrs;  // identifier, startDate, status, topic, quantity, ...
    std::set<std::string> reasons;       // why forms were merged (for `kg explain`)
};

struct EdgeRecord {
    std::string from;  // node key
    std::string to;    // node key
    std::string role;  // participant, exporter, importer, commodity, party, attendee, location, represents
    std::set<Evidence> evidence;
};

// Everything extracted from one article.
struct Extraction {
    std::string article;
    std::string lang;
    std::string published;  // ISO date or empty
    std::vector<NodeRecord> nodes;
    std::vector<EdgeRecord> edges;
};

}  // namespace kg
