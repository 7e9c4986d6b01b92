// JSON-LD exporter: the merged graph as one JSON-LD document with an inline @context.
//
// Owns: the vocabulary (schema.org types plus the kg: terms for relations, evidence and edges).
// Input: a KnowledgeGraph. Output: UTF-8 JSON-LD text, deterministic for a given graph.
//   std::string text = kg::output::to_jsonld(graph);
//   kg::output::write_file_atomically("out/graph.jsonld", text);
// or, for a graph of any size, streamed: write_jsonld(graph, staged_file.sink()).
// Entities are schema.org Person, Country (identifier = ISO code), Place, Organization and
// Product; meetings are Event (attendee, location, startDate); every relation is a node of its
// own (MetWith / participant, Export / exporter importer commodity, Agreement / party) with its
// evidence, and a direct link between the actors (metWith, exportsTo, agreedWith) beside it.
#pragma once

#include <cstddef>
#include <string>

#include "export/text_sink.h"
#include "graph/knowledge_graph.h"

namespace kg::output {

// The IRI prefix of every node id: a node's @id is kIdPrefix + its key.
inline constexpr const char* kIdPrefix = "urn:kg:";

// Returns the JSON-LD document (pretty-printed, sorted by key). Thread-safe on a const graph.
// Throws std::bad_alloc only.
std::string to_jsonld(const KnowledgeGraph& graph);
// The same bytes, written into `sink` as they are made (and flushed at the end): the nodes are
// formatted a thousand at a time, by `threads` threads when it is more than 1 (the bytes do not
// depend on it). `budget`: shared with writers running beside this one (ordered_parallel.h).
// Throws what the sink throws.
class MakerBudget;
void write_jsonld(const KnowledgeGraph& graph, TextSink& sink, std::size_t threads = 1,
                  MakerBudget* budget = nullptr);

}  // namespace kg::output
