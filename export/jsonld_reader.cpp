#include "export/jsonld_reader.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <optional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "export/jsonld_vocab.h"
#include "export/jsonld_writer.h"

namespace kg::output {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& why) {
    throw std::runtime_error(source + ": " + why);
}

// A SAX handler for kg's own JSON-LD: it builds node and edge records as RapidJSON reads, so
// a graph of a million nodes is never held twice (no DOM). The checks and messages are those
// of a DOM walk: the first problem in document order is reported, and only when the text is
// valid JSON (a syntax error anywhere wins, as it would in a DOM parse). After a problem the
// handler keeps reading but ignores everything.
class GraphHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, GraphHandler> {
public:
    explicit GraphHandler(std::string source) : source_(std::move(source)) {}

    // Deques: a million records are not moved again each time the store grows.
    std::deque<NodeRecord> nodes;
    std::deque<EdgeRecord> edges;
    std::string problem;  // the first problem, without the source
    bool saw_graph = false;

    bool Null() { return scalar(Scalar::Other); }
    bool Bool(bool) { return scalar(Scalar::Other); }
    bool Int(int) { return scalar(Scalar::Other); }
    bool Int64(std::int64_t) { return scalar(Scalar::Other); }
    bool Uint(unsigned u) { return uint_value(u); }
    bool Uint64(std::uint64_t u) {
        // Offsets are 32-bit; a larger number is not a valid offset (the DOM reader's IsUint).
        return u <= 0xFFFFFFFFu ? uint_value(static_cast<unsigned>(u)) : scalar(Scalar::Other);
    }
    bool Double(double) { return scalar(Scalar::Other); }
    bool RawNumber(const char*, rapidjson::SizeType, bool) { return scalar(Scalar::Other); }
    // The string is read where RapidJSON left it: it is copied once, into its record.
    bool String(const char* s, rapidjson::SizeType n, bool) {
        return scalar(Scalar::String, std::string_view(s, n));
    }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        if (skip_) return true;
        key_.assign(s, n);
        return true;
    }
    bool StartObject() { return open(true); }
    bool EndObject(rapidjson::SizeType) { return close(true); }
    bool StartArray() { return open(false); }
    bool EndArray(rapidjson::SizeType) { return close(false); }

private:
    enum class Scalar { String, Uint, Other };
    // Where the reader is: each open object or array the handler cares about.
    enum class At {
        Root,          // the top-level object
        Graph,         // the @graph array
        Node,          // a node object
        Forms,         // alternateName array
        Form,          // one {"@value", "@language"} object
        Evidences,     // mention/evidence array
        Evidence,      // one evidence object
        Reasons,       // mergeReason array
        Edges,         // edge array
        Edge,          // one edge object
        EdgeEvidences, // an edge's evidence array
        EdgeEvidence,  // one evidence object of an edge
    };

    void problem_once(const std::string& why) {
        if (problem.empty()) problem = why;
    }
    // A problem of the current node: reported after its @id and @type are checked, as the
    // DOM walk checks those first. "\x01" stands for the node's key.
    void node_problem(const std::string& why) {
        if (node_problem_.empty()) node_problem_ = why;
    }
    std::string stripped(std::string_view id, bool is_string) {
        if (!is_string) {
            node_problem("node id is not a string");
            return {};
        }
        const std::string_view prefix = kIdPrefix;
        if (id.substr(0, prefix.size()) != prefix) {
            node_problem("node id '" + std::string(id) + "' does not start with " + std::string(prefix));
            return {};
        }
        return std::string(id.substr(prefix.size()));
    }

    // A value that the handler does not read is skipped whole.
    bool skip_value(bool container) {
        if (container) ++skip_;
        return true;
    }

    bool open(bool object) {
        if (skip_) {
            ++skip_;
            return true;
        }
        if (stack_.empty()) {
            if (!object) {
                problem_once("not a kg graph (no @graph array)");
                return skip_value(true);
            }
            stack_.push_back(At::Root);
            return true;
        }
        switch (stack_.back()) {
        case At::Root:
            if (key_ == "@graph" && !object && !saw_graph) {
                saw_graph = true;
                stack_.push_back(At::Graph);
                return true;
            }
            if (key_ == "@graph" && !saw_graph) problem_once("not a kg graph (no @graph array)");
            return skip_value(true);
        case At::Graph:
            if (!object) {
                problem_once("a node without @id or @type");
                return skip_value(true);
            }
            // Built in place: a node that turns out bad leaves a problem, and the whole read fails.
            node_ = &nodes.emplace_back();
            node_edges_.clear();
            id_.clear();
            type_.clear();
            has_id_ = has_type_ = id_is_string_ = false;
            node_problem_.clear();
            stack_.push_back(At::Node);
            return true;
        case At::Node:
            if (key_ == "alternateName" && !object) return push(At::Forms);
            if (key_ == "mention" || key_ == "evidence") {
                if (object) {
                    node_problem("evidence is not an array");
                    return skip_value(true);
                }
                return push(At::Evidences);
            }
            if (key_ == "mergeReason" && !object) return push(At::Reasons);
            if (key_ == "edge" && !object) return push(At::Edges);
            if (key_ == "@id") has_id_ = true;  // present, but not a string
            return skip_value(true);
        case At::Forms:
            if (!object) return skip_value(true);
            form_ = SurfaceForm{};
            form_value_ = form_lang_ = false;
            return push(At::Form);
        case At::Evidences:
        case At::EdgeEvidences:
            if (!object) {
                node_problem("evidence without an article");
                return skip_value(true);
            }
            ev_ = Evidence{};
            ev_article_ = false;
            return push(stack_.back() == At::Evidences ? At::Evidence : At::EdgeEvidence);
        case At::Reasons:
            return skip_value(true);
        case At::Edges:
            if (!object) {
                node_problem("edge of '\x01' without role or target");
                return skip_value(true);
            }
            edge_ = EdgeRecord{};
            edge_role_ = edge_target_ = false;
            return push(At::Edge);
        case At::Edge:
            if (key_ == "evidence" && !object) return push(At::EdgeEvidences);
            if (key_ == "evidence") node_problem("evidence is not an array");
            if (key_ == "target") {
                edge_target_ = true;
                stripped("", false);
            }
            return skip_value(true);
        default:
            return skip_value(true);
        }
    }

    bool push(At at) {
        stack_.push_back(at);
        return true;
    }

    bool close(bool object) {
        if (skip_) {
            --skip_;
            return true;
        }
        (void)object;
        const At at = stack_.back();
        stack_.pop_back();
        switch (at) {
        case At::Root:
            if (!saw_graph) problem_once("not a kg graph (no @graph array)");
            break;
        case At::Node:
            end_node();
            break;
        case At::Form:
            if (form_value_) node_->forms.insert(std::move(form_));
            break;
        case At::Evidence:
        case At::EdgeEvidence:
            if (!ev_article_) {
                node_problem("evidence without an article");
                break;
            }
            if (at == At::Evidence) node_->mentions.insert(std::move(ev_));
            else edge_.evidence.insert(std::move(ev_));
            break;
        case At::Edge:
            if (!edge_role_ || !edge_target_) node_problem("edge of '\x01' without role or target");
            else node_edges_.push_back(std::move(edge_));
            break;
        default:
            break;
        }
        return true;
    }

    void end_node() {
        if (!problem.empty()) return;
        if (!has_id_ || !has_type_) return problem_once("a node without @id or @type");
        const std::string saved = node_problem_;
        node_problem_.clear();
        node_->key = stripped(id_, id_is_string_);
        if (!node_problem_.empty()) return problem_once(node_problem_);
        node_problem_ = saved;
        auto kind = kind_from_type(type_);
        if (!kind) return problem_once("node '" + node_->key + "' has unknown @type " + type_);
        node_->kind = *kind;
        if (!node_problem_.empty()) {
            std::string why = node_problem_;
            if (auto at = why.find('\x01'); at != std::string::npos) why.replace(at, 1, node_->key);
            return problem_once(why);
        }
        for (auto& e : node_edges_) {
            e.from = node_->key;
            edges.push_back(std::move(e));
        }
    }

    bool uint_value(unsigned u) {
        if (skip_ || stack_.empty()) return scalar(Scalar::Other);
        const At at = stack_.back();
        if (at == At::Evidence || at == At::EdgeEvidence) {
            if (key_ == "startOffset") ev_.span.begin = u;
            else if (key_ == "endOffset") ev_.span.end = u;
            return true;
        }
        return scalar(Scalar::Uint);
    }

    // A pooled string, looked up in the pool only when it differs from the last one of its
    // field: a node's mentions and its edges' evidence repeat the same article, sentence and
    // language.
    static Text pooled(Text& last, std::string_view s) {
        if (last.view() != s) last = Text(s);
        return last;
    }

    bool scalar(Scalar kind, std::string_view str = {}) {
        if (skip_) return true;
        if (stack_.empty()) {
            problem_once("not a kg graph (no @graph array)");
            return true;
        }
        const bool is_str = kind == Scalar::String;
        switch (stack_.back()) {
        case At::Root:
            if (key_ == "@graph" && !saw_graph) problem_once("not a kg graph (no @graph array)");
            break;
        case At::Graph:
            problem_once("a node without @id or @type");
            break;
        case At::Node:
            if (key_ == "@id") {
                has_id_ = true;
                id_is_string_ = is_str;
                if (is_str) id_ = str;
            } else if (key_ == "@type") {
                has_type_ = is_str;
                if (is_str) type_ = str;
            } else if (key_ == "name" && is_str) {
                node_->name = str;
            } else if (key_ == "mention" || key_ == "evidence") {
                node_problem("evidence is not an array");
            } else if (is_str && (key_.empty() || key_[0] != '@')) {
                node_->attrs[key_] = str;
            }
            break;
        case At::Forms:
            if (is_str) node_->forms.insert({std::string(str), ""});
            break;
        case At::Form:
            if (key_ == "@value" && is_str) {
                form_.form = str;
                form_value_ = true;
            } else if (key_ == "@language" && is_str) {
                form_.lang = str;
            }
            break;
        case At::Evidences:
        case At::EdgeEvidences:
            node_problem("evidence without an article");
            break;
        case At::Evidence:
        case At::EdgeEvidence:
            if (!is_str) break;
            if (key_ == "article") {
                ev_.article = pooled(last_article_, str);
                ev_article_ = true;
            } else if (key_ == "text") {
                ev_.sentence = pooled(last_sentence_, str);
            } else if (key_ == "inLanguage") {
                ev_.lang = pooled(last_lang_, str);
            }
            break;
        case At::Reasons:
            if (is_str) node_->reasons.insert(std::string(str));
            break;
        case At::Edges:
            node_problem("edge of '\x01' without role or target");
            break;
        case At::Edge:
            if (key_ == "role" && is_str) {
                edge_.role = str;
                edge_role_ = true;
            } else if (key_ == "target") {
                edge_target_ = true;
                edge_.to = stripped(str, is_str);
            } else if (key_ == "evidence") {
                node_problem("evidence is not an array");
            }
            break;
        default:
            break;
        }
        return true;
    }

    std::string source_;
    std::vector<At> stack_;
    std::size_t skip_ = 0;
    std::string key_;
    NodeRecord* node_ = nullptr;  // the last of `nodes`, while it is read
    Text last_article_, last_sentence_, last_lang_;
    std::vector<EdgeRecord> node_edges_;
    std::string id_, type_, node_problem_;
    bool has_id_ = false, has_type_ = false, id_is_string_ = false;
    SurfaceForm form_;
    bool form_value_ = false, form_lang_ = false;
    Evidence ev_;
    bool ev_article_ = false;
    EdgeRecord edge_;
    bool edge_role_ = false, edge_target_ = false;
};

// Where the reader put each node, by key: an open-addressing table of vertex numbers whose keys
// are read from the graph itself (nothing copied), so that an edge's two ends are found in one
// or two probes instead of a search of the graph's key map. Only an accelerator: a key it does
// not hold (a merged duplicate, an edge to a missing node) goes through the graph's own look-up.
class VertexIndex {
public:
    explicit VertexIndex(std::size_t nodes) {
        std::size_t size = 16;
        while (size < 2 * nodes) size *= 2;
        slots_.assign(size, kEmpty);
    }
    void add(const Graph& g, Vertex v) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(g[v].key) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == kEmpty) {
                slots_[i] = static_cast<std::uint32_t>(v);
                return;
            }
            if (g[slots_[i]].key == g[v].key) return;
        }
    }
    std::optional<Vertex> find(const Graph& g, const std::string& key) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == kEmpty) return std::nullopt;
            if (g[slots_[i]].key == key) return slots_[i];
        }
    }

private:
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    static std::size_t hash(std::string_view s) { return std::hash<std::string_view>()(s); }
    std::vector<std::uint32_t> slots_;
};

template <typename Stream>
KnowledgeGraph parse(Stream& stream, const std::string& source) {
    GraphHandler handler(source);
    rapidjson::Reader reader;
    // Iterative: a deeply nested file is an error, not a stack overflow.
    rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseIterativeFlag>(stream, handler);
    if (!ok)
        fail(source, std::string("not JSON: ") + rapidjson::GetParseError_En(ok.Code()) + " at byte " +
                         std::to_string(ok.Offset()));
    if (!handler.problem.empty()) fail(source, handler.problem);
    if (!handler.saw_graph) fail(source, "not a kg graph (no @graph array)");
    // Nodes first, then edges (an edge to a key not yet added would make a placeholder). Each
    // record is released as it is moved, so the records and the graph are not held twice.
    KnowledgeGraph g;
    g.reserve(handler.nodes.size());
    // Vertex numbers are 32-bit in the index; a larger graph goes without it.
    const bool indexed = handler.nodes.size() < 0xFFFFFFF0u;
    VertexIndex index(indexed ? handler.nodes.size() : 0);
    for (; !handler.nodes.empty(); handler.nodes.pop_front()) {
        const std::size_t before = g.num_nodes();
        g.add_node(std::move(handler.nodes.front()));
        // A new node is the last vertex; a duplicate key merged into an earlier one.
        if (indexed && g.num_nodes() > before) index.add(g.graph(), g.num_nodes() - 1);
    }
    for (; !handler.edges.empty(); handler.edges.pop_front()) {
        EdgeRecord& e = handler.edges.front();
        const auto from = indexed ? index.find(g.graph(), e.from) : std::nullopt;
        const auto to = indexed ? index.find(g.graph(), e.to) : std::nullopt;
        if (from && to) g.add_edge(*from, *to, std::move(e.role), std::move(e.evidence));
        else g.add_edge(std::move(e));
    }
    return g;
}

}  // namespace

KnowledgeGraph read_jsonld(std::string_view text, const std::string& source) {
    rapidjson::MemoryStream ms(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
    return parse(is, source);
}

KnowledgeGraph read_jsonld_file(const std::filesystem::path& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) fail(path.string(), "cannot open");
    // Streamed in 1 MB blocks: the text of a large graph is never held whole.
    std::vector<char> buf(1u << 20);
    rapidjson::FileReadStream is(f.get(), buf.data(), buf.size());
    return parse(is, path.string());
}

}  // namespace kg::output
