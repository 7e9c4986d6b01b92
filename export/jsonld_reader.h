// JSON-LD reader: loads a graph written by to_jsonld back into a KnowledgeGraph.
//
// Owns: the inverse of jsonld_writer (not a general JSON-LD processor: it reads kg's own
// compacted form, which is what `kg path`, `kg stats` and `kg merge` are given).
//   kg::KnowledgeGraph g = kg::output::read_jsonld(text, "out/graph.jsonld");
//   auto v = g.find("person:sergey-lavrov");
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/knowledge_graph.h"

namespace kg::output {

// Parses `text` (named `source` in errors). Returns the graph such that
// to_jsonld(read_jsonld(to_jsonld(g))) == to_jsonld(g). Throws std::runtime_error
// "SOURCE: reason" when the text is not JSON or not a kg graph. Thread-safe.
KnowledgeGraph read_jsonld(std::string_view text, const std::string& source);

// Reads the file at `path` and parses it; errors name the path.
KnowledgeGraph read_jsonld_file(const std::filesystem::path& path);

// A graph read without its evidence, for the commands that show little of it (`kg path`,
// `kg stats`, `kg explain`): the evidence is most of a graph file's bytes and most of the
// work of a read. graph() is the graph read_jsonld gives, every node's and edge's evidence
// left out (mentions and evidence sets empty); mentions() and evidence() give what
// read_jsonld would hold there, read again from the node's bytes of the text (or file) when
// asked. The checks and the errors of the read are read_jsonld's. A text with a node key
// written twice (kg writes none) is read whole, evidence and all. Not thread-safe.
//   kg::output::LazyGraph g = kg::output::read_jsonld_file_lazy("out/graph.jsonld");
//   for (const auto& ev : g.mentions(*g.graph().find("person:sergey-lavrov"))) ...
class LazyGraph {
public:
    const KnowledgeGraph& graph() const { return graph_; }
    // read_jsonld(...).node(v).mentions. Throws std::runtime_error "SOURCE: changed while it
    // was read" when the file no longer holds the node where it was.
    EvidenceSet mentions(Vertex v) const;
    // read_jsonld(...).edge(e).evidence; throws as mentions() does.
    EvidenceSet evidence(EdgeDesc e) const;
    // read_jsonld(...).articles().size(). Only for a graph read with count_articles (throws
    // std::logic_error otherwise).
    std::size_t article_count() const;

private:
    friend LazyGraph read_jsonld_lazy(std::string_view, const std::string&, bool);
    friend LazyGraph read_jsonld_file_lazy(const std::filesystem::path&, bool);
    struct Node {
        NodeRecord record;
        std::vector<EdgeRecord> edges;  // `from` empty: the node
    };
    LazyGraph(KnowledgeGraph graph, std::string source);
    std::string bytes(std::uint64_t begin, std::uint64_t end) const;
    // The records of vertex v's node object (none for a placeholder).
    Node decode(Vertex v) const;

    KnowledgeGraph graph_;
    std::string source_;
    bool complete_;  // graph_ holds the evidence (a text with a key written twice)
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;  // vertex v's object: bytes [first, second)
    std::optional<std::size_t> articles_;
    std::string_view text_;        // read from a text: the caller's
    std::shared_ptr<FILE> file_;   // read from a file: kept open
};

// The graph of read_jsonld(text, source) without its evidence; `text` must outlive the result.
// With count_articles, the read also counts the articles (for article_count()).
LazyGraph read_jsonld_lazy(std::string_view text, const std::string& source, bool count_articles = false);
// The same for the file at `path`, which is kept open and read again by mentions() and
// evidence() (a graph renamed over it, as kg writes one, leaves the open one as it was read);
// errors name the path.
LazyGraph read_jsonld_file_lazy(const std::filesystem::path& path, bool count_articles = false);

}  // namespace kg::output
