// Property text shared by the flat exporters (internal to export/): Neo4j CSV and GraphML
// keep a node's evidence and lists as property values, which are plain strings there.
//
// Owns: the JSON form of evidence lists and string lists, and the rule for which attribute
// names may become a column or a GraphML key.
//   std::string ev = evidence_json(node.mentions);  // [{"article":..,"start":..,..}]
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graph/records.h"

namespace kg::output {

// `[{"article":"a","start":0,"end":5,"language":"ar","sentence":"..."}, ...]`, in the set's
// order, compact, UTF-8 kept as is. "[]" for an empty set. Never throws but std::bad_alloc.
std::string evidence_json(const EvidenceSet& evidence);

// `["a","b"]`: a JSON array of strings, in the given order.
std::string json_strings(const std::vector<std::string>& values);

// Distinct articles of an evidence set, sorted.
std::vector<std::string> articles_of(const EvidenceSet& evidence);

// A node's distinct surface forms, and the languages of its forms and mentions, sorted.
struct NamesAndLanguages {
    std::vector<std::string> names, languages;
};
NamesAndLanguages names_and_languages(const GraphNode& n);

// True when `name` can be a property (CSV header, Cypher property, GraphML key) without
// quoting: an ASCII letter, then letters, digits or '_'.
bool is_property_name(std::string_view name);

}  // namespace kg::output
