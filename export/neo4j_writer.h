// Neo4j exporter: the merged graph as neo4j-admin import CSV files and a LOAD CSV script.
//
// Owns: the property-graph layout of kg (labels, relationship types, columns) and its CSV and
// Cypher spelling. Input: a KnowledgeGraph. Output: named file texts for one folder.
//   for (auto& f : kg::output::to_neo4j(graph)) set.add("neo4j/" + f.name, f.text);
//   for (auto& f : kg::output::neo4j_writers(graph)) set.add_streamed("neo4j/" + f.name, f.write);
//   // then: sh out/neo4j/import.sh   or   cypher-shell -f out/neo4j/load.cypher
// Files:
//   nodes_<Label>.csv          one per node label: key:ID, :LABEL, name, alternateNames:string[],
//                              languages:string[], one column per attribute (identifier,
//                              startDate, status, topic, ...), articleCount:int,
//                              articles:string[], evidence (JSON), mergeReasons (JSON)
//   rels_<TYPE>_<From>_<To>.csv one per relationship type and pair of end labels: :START_ID,
//                              :END_ID, :TYPE, articleCount:int, articles:string[], evidence
//   import.sh                  the neo4j-admin database import full command for these files
//   load.cypher                constraints and LOAD CSV statements for the same files
// Labels are the JSON-LD types (Person, Country, Place, Organization, Product, Event, MetWith,
// Export, Agreement) plus Entity on the five entity labels and Relation on the three relation
// labels; relationship types are the edge roles in capitals (PARTICIPANT, EXPORTER, ...),
// always from the relation or meeting node to the entity (and person to country for
// REPRESENTS). A relation node with a `status` (planned, denied) keeps it as a property: it is
// not a fact, and queries for facts filter `status IS NULL`.
// CSV is RFC 4180: comma-separated, CRLF-free, a field with a comma, quote, CR or LF (or a
// leading or trailing space) is quoted and its quotes doubled; multi-line sentences stay
// inside one quoted field (neo4j-admin needs --multiline-fields=true, which import.sh passes).
// Lists use ';' between elements (neo4j-admin's default array delimiter, and split(x, ';') in
// load.cypher); a ';' inside a name or article id is written as U+FF1B (；). Evidence keeps
// every detail, losslessly, as a JSON string: [{"article","start","end","language","sentence"}].
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "export/text_sink.h"
#include "graph/knowledge_graph.h"

namespace kg::output {

struct NamedText {
    std::string name;  // file name, no folder
    std::string text;
};

// Returns the files above, sorted by name; byte-identical for the same graph. Throws
// std::runtime_error "to_neo4j: ..." when an attribute name cannot be a column (it must be a
// letter followed by letters, digits or '_', and not one of the fixed columns). Thread-safe on
// a const graph.
std::vector<NamedText> to_neo4j(const KnowledgeGraph& graph);

// A file of the set and the function that writes its bytes into a sink (and flushes it).
struct NamedWriter {
    std::string name;
    std::function<void(TextSink&)> write;
};

// The same files, sorted by name, each streamed by its function when called, one row at a time:
// for a graph whose CSV files are too large to hold as strings. The functions read `graph`,
// which must outlive them; each may be called once or more, from one thread at a time. Throws
// as to_neo4j, when called (the functions throw only what the sink throws).
std::vector<NamedWriter> neo4j_writers(const KnowledgeGraph& graph);

// One CSV field as RFC 4180 writes it (quoted only when needed). Exposed for the tests.
std::string csv_field(const std::string& value);

}  // namespace kg::output
