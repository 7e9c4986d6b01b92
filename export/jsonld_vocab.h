// The JSON-LD vocabulary shared by the writer and the reader (internal to export/).
//
// Owns: the @context terms and the mapping between node kinds and @type names.
//   for (const auto& t : kTerms) ...;  type_name(NodeKind::Export) == "Export"
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "graph/records.h"

namespace kg::output {

inline constexpr const char* kSchemaVocab = "http://schema.org/";
inline constexpr const char* kKgVocab = "urn:kg:vocab:";

struct Term {
    const char* name;
    const char* iri;
    bool is_id;            // values are node references
    const char* datatype;  // or nullptr
    bool is_list;
};

// Terms that are not plain schema.org properties under @vocab. Role names used by the
// extractor must all be here (a test checks it), so every link expands to an IRI reference.
inline constexpr std::array<Term, 33> kTerms{{
    {"MetWith", "kg:MetWith", false, nullptr, false},
    {"Export", "kg:Export", false, nullptr, false},
    {"Agreement", "kg:Agreement", false, nullptr, false},
    {"PlannedExport", "kg:PlannedExport", false, nullptr, false},
    {"DeniedExport", "kg:DeniedExport", false, nullptr, false},
    {"PlannedAgreement", "kg:PlannedAgreement", false, nullptr, false},
    {"DeniedAgreement", "kg:DeniedAgreement", false, nullptr, false},
    {"Mention", "kg:Mention", false, nullptr, false},
    {"Evidence", "kg:Evidence", false, nullptr, false},
    {"Edge", "kg:Edge", false, nullptr, false},
    {"participant", "kg:participant", true, nullptr, true},
    {"exporter", "kg:exporter", true, nullptr, true},
    {"importer", "kg:importer", true, nullptr, true},
    {"commodity", "kg:commodity", true, nullptr, true},
    {"party", "kg:party", true, nullptr, true},
    {"represents", "kg:represents", true, nullptr, true},
    {"attendee", "http://schema.org/attendee", true, nullptr, true},
    {"location", "http://schema.org/location", true, nullptr, true},
    {"metWith", "kg:metWith", true, nullptr, true},
    {"exportsTo", "kg:exportsTo", true, nullptr, true},
    {"agreedWith", "kg:agreedWith", true, nullptr, true},
    {"target", "kg:target", true, nullptr, false},
    {"role", "kg:role", false, nullptr, false},
    {"article", "kg:article", false, nullptr, false},
    {"mention", "kg:mention", false, nullptr, false},
    {"evidence", "kg:evidence", false, nullptr, false},
    {"edge", "kg:edge", false, nullptr, false},
    {"mergeReason", "kg:mergeReason", false, nullptr, false},
    {"status", "kg:status", false, nullptr, false},
    {"topic", "kg:topic", false, nullptr, false},
    {"quantity", "kg:quantity", false, nullptr, false},
    {"articleCount", "kg:articleCount", false, nullptr, false},
    {"unit", "kg:unit", false, nullptr, false},
}};

inline std::string_view type_name(NodeKind kind) {
    switch (kind) {
        case NodeKind::Person: return "Person";
        case NodeKind::Country: return "Country";
        case NodeKind::Place: return "Place";
        case NodeKind::Organization: return "Organization";
        case NodeKind::Commodity: return "Product";
        case NodeKind::Meeting: return "Event";
        case NodeKind::MetWith: return "MetWith";
        case NodeKind::Export: return "Export";
        case NodeKind::Agreement: return "Agreement";
    }
    return "Thing";
}

// A relation that is planned, proposed or denied is no fact: it gets a type of its own
// ("PlannedExport", "DeniedAgreement") so that a store asking for Export finds only facts.
// Meetings keep the type Event and say their status in `status`.
inline std::string type_name(NodeKind kind, std::string_view status) {
    std::string base(type_name(kind));
    if (status.empty() || (kind != NodeKind::Export && kind != NodeKind::Agreement)) return base;
    if (status == "denied") return "Denied" + base;
    return "Planned" + base;
}

inline std::optional<NodeKind> kind_from_type(std::string_view type) {
    for (std::string_view prefix : {"Planned", "Denied"})
        if (type.substr(0, prefix.size()) == prefix) {
            auto rest = type.substr(prefix.size());
            if (rest == "Export") return NodeKind::Export;
            if (rest == "Agreement") return NodeKind::Agreement;
        }
    for (auto k : {NodeKind::Person, NodeKind::Country, NodeKind::Place, NodeKind::Organization,
                   NodeKind::Commodity, NodeKind::Meeting, NodeKind::MetWith, NodeKind::Export,
                   NodeKind::Agreement})
        if (type_name(k) == type) return k;
    return std::nullopt;
}

}  // namespace kg::output
