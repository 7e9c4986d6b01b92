#include "export/jsonld_reader.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <memory>
#include <stdexcept>
#include <span>
#include <vector>

#include "export/jsonld_vocab.h"
#include "export/jsonld_writer.h"

namespace kg::output {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& why) {
    throw std::runtime_error(source + ": " + why);
}

// Where a handler's records go: one call per good node, in document order, with the node's
// edges (their `from` left empty: it is the node) and the byte range of its object in the text.
class NodeSink {
public:
    virtual void node(NodeRecord&& node, std::vector<EdgeRecord>& edges, std::uint64_t begin,
                      std::uint64_t end) = 0;

protected:
    ~NodeSink() = default;
};

// A SAX handler for kg's own JSON-LD: it builds node and edge records as RapidJSON reads and
// hands each node to its sink, so a graph of a million nodes is never held twice (no DOM). The
// checks and messages are those of a DOM walk: the first problem in document order is
// reported, and only when the text is valid JSON (a syntax error anywhere wins, as it would in
// a DOM parse). After a problem the handler keeps reading but gives the sink nothing more (the
// read then fails: what the sink built is thrown away).
// Without `keep_evidence`, evidence is checked exactly as with it but not kept: mentions and
// edge evidence stay empty (and, with `list_articles`, the article of each is noted).
class GraphHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, GraphHandler> {
public:
    GraphHandler(NodeSink& sink, bool keep_evidence, bool list_articles)
        : sink_(sink), keep_evidence_(keep_evidence), list_articles_(list_articles) {}

    std::string problem;  // the first problem, without the source
    bool saw_graph = false;
    // With list_articles: the article of every piece of evidence, interned (one entry per run
    // of evidence from the same article; the same article may come again later).
    std::vector<Text> articles;

    // Where the stream is, for the byte range of each node object.
    // `passed`, when given, is called after each node with where the stream is.
    template <typename Stream>
    void watch(const Stream& stream, std::function<void(std::uint64_t)> passed = {}) {
        stream_ = &stream;
        tell_ = [](const void* s) -> std::uint64_t { return static_cast<const Stream*>(s)->Tell(); };
        passed_ = std::move(passed);
    }
    // For the text of one node object alone: read it as an element of @graph.
    void start_in_graph() {
        stack_ = {At::Root, At::Graph};
        saw_graph = true;
    }

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
            // RapidJSON calls StartObject before it takes the '{' and EndObject before the '}'.
            node_begin_ = tell();
            node_ = NodeRecord{};
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
            ev_ = EvidenceParts{};
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
            end_node(tell() + 1);
            if (passed_) passed_(tell());
            break;
        case At::Form:
            if (form_value_) node_.forms.insert(std::move(form_));
            break;
        case At::Evidence:
        case At::EdgeEvidence:
            if (!ev_article_) {
                node_problem("evidence without an article");
                break;
            }
            if (!keep_evidence_) break;
            if (at == At::Evidence) node_.mentions.insert(ev_.evidence());
            else edge_.evidence.insert(ev_.evidence());
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

    void end_node(std::uint64_t end) {
        if (!problem.empty()) return;
        if (!has_id_ || !has_type_) return problem_once("a node without @id or @type");
        const std::string saved = node_problem_;
        node_problem_.clear();
        node_.key = stripped(id_, id_is_string_);
        if (!node_problem_.empty()) return problem_once(node_problem_);
        node_problem_ = saved;
        auto kind = kind_from_type(type_);
        if (!kind) return problem_once("node '" + node_.key + "' has unknown @type " + type_);
        node_.kind = *kind;
        if (!node_problem_.empty()) {
            std::string why = node_problem_;
            if (auto at = why.find('\x01'); at != std::string::npos) why.replace(at, 1, node_.key);
            return problem_once(why);
        }
        sink_.node(std::move(node_), node_edges_, node_begin_, end);
    }

    std::uint64_t tell() const { return stream_ ? tell_(stream_) : 0; }

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
                node_.name = str;
            } else if (key_ == "mention" || key_ == "evidence") {
                node_problem("evidence is not an array");
            } else if (is_str && (key_.empty() || key_[0] != '@')) {
                node_.attrs[key_] = str;
            }
            break;
        case At::Forms:
            if (is_str) node_.forms.insert({std::string(str), ""});
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
                ev_article_ = true;
                if (keep_evidence_) {
                    ev_.article = pooled(last_article_, str);
                } else if (list_articles_ && last_article_.view() != str) {
                    last_article_ = Text(str);
                    articles.push_back(last_article_);
                }
            } else if (!keep_evidence_) {
            } else if (key_ == "text") {
                if (last_sentence_ != str) {
                    last_sentence_.assign(str);
                    last_sentence_ref_ = sentence_ref(str);
                }
                ev_.sentence = last_sentence_ref_;
            } else if (key_ == "inLanguage") {
                ev_.lang = pooled(last_lang_, str);
            }
            break;
        case At::Reasons:
            if (is_str) node_.reasons.insert(std::string(str));
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

    NodeSink& sink_;
    const bool keep_evidence_, list_articles_;
    const void* stream_ = nullptr;
    std::uint64_t (*tell_)(const void*) = nullptr;
    std::function<void(std::uint64_t)> passed_;
    std::vector<At> stack_;
    std::size_t skip_ = 0;
    std::string key_;
    NodeRecord node_;  // the node being read
    std::uint64_t node_begin_ = 0;
    Text last_article_, last_lang_;
    // The last sentence read and its reference (at first the empty sentence, reference 0):
    // evidence of one sentence often comes together.
    std::string last_sentence_;
    std::uint32_t last_sentence_ref_ = 0;
    std::vector<EdgeRecord> node_edges_;
    std::string id_, type_, node_problem_;
    bool has_id_ = false, has_type_ = false, id_is_string_ = false;
    SurfaceForm form_;
    bool form_value_ = false, form_lang_ = false;
    // An evidence object's fields as they come; an Evidence is made of them at its end.
    struct EvidenceParts {
        Text article, lang;
        std::uint32_t sentence = 0;  // sentence_ref
        Span span;
        Evidence evidence() const { return Evidence(article, span, Evidence::SentenceRef{sentence}, lang); }
    };
    EvidenceParts ev_;
    bool ev_article_ = false;
    EdgeRecord edge_;
    bool edge_role_ = false, edge_target_ = false;
};

// Builds the graph as the handler reads: each node at once, in document order, and the edges
// at the end, when every node is in (an edge to a key not yet added would make a placeholder).
// So a read holds each record once: in the graph. With `keep_ranges`, notes where each vertex's
// node object is in the text (vertex v's at ranges[v]).
class GraphBuilder final : public NodeSink {
public:
    GraphBuilder(bool keep_ranges, std::uint64_t text_bytes) : keep_ranges_(keep_ranges) {
        // Room for the nodes a text of this size can hold when they are small (the generated
        // benchmark graph has 800 bytes a node): reserved, not touched, so a guess too large
        // costs address space only, and a guess too small a move of the nodes read so far.
        graph_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(text_bytes / 512, 1u << 26)));
    }

    bool merged = false;  // a key came twice: nodes were merged
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;

    void node(NodeRecord&& n, std::vector<EdgeRecord>& edges, std::uint64_t begin,
              std::uint64_t end) override {
        // The graph's own key index tells a key seen before; a new key's vertex comes last.
        const std::size_t before = graph_.num_nodes();
        const Vertex v = graph_.add_node(std::move(n));
        if (graph_.num_nodes() == before) merged = true;
        if (keep_ranges_ && graph_.num_nodes() > before) ranges.emplace_back(begin, end);
        for (auto& e : edges)
            pending_.push_back(Pending{v, std::move(e.to), std::move(e.role), std::move(e.evidence)});
    }

    // The graph, with its edges. Each pending edge is released as it is added.
    KnowledgeGraph finish() {
        // The ends are looked up a batch at a time (find_many fetches a batch's table slots and
        // vertices from memory together: on a million nodes each lookup is a few cache misses).
        constexpr std::size_t kBatch = 64;
        std::vector<std::string_view> keys;
        std::vector<std::optional<Vertex>> found(kBatch);
        while (!pending_.empty()) {
            const std::size_t n = std::min(kBatch, pending_.size());
            keys.clear();
            for (std::size_t i = 0; i < n; ++i) keys.push_back(pending_[i].to);
            graph_.find_many(keys, std::span(found).first(n));
            for (std::size_t i = 0; i < n; ++i, pending_.pop_front()) {
                Pending& e = pending_.front();
                // An edge added before may have made a placeholder for this key.
                std::optional<Vertex> to = found[i] ? found[i] : graph_.find(e.to);
                if (to) {
                    graph_.add_edge(e.from, *to, std::move(e.role), std::move(e.evidence));
                } else {
                    graph_.add_edge(EdgeRecord{graph_.graph()[e.from].key, std::move(e.to),
                                               std::move(e.role), std::move(e.evidence)});
                }
            }
        }
        return std::move(graph_);
    }

private:
    struct Pending {
        Vertex from;
        std::string to;
        std::string role;
        EvidenceSet evidence;
    };
    const bool keep_ranges_;
    KnowledgeGraph graph_;
    std::deque<Pending> pending_;  // a million edges are not moved again as the store grows
};

// What a read keeps.
struct ReadMode {
    bool keep_evidence = true;
    bool list_articles = false;
};

struct ReadResult {
    KnowledgeGraph graph;
    bool merged = false;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;  // without keep_evidence
    std::vector<Text> articles;                                   // with list_articles
};

// `passed(offset)` is told, after each node, that the reader will not read before `offset` again.
template <typename Stream>
ReadResult parse(Stream& stream, const std::string& source, ReadMode mode, std::uint64_t bytes,
                 const std::function<void(std::uint64_t)>& passed = {}) {
    GraphBuilder builder(!mode.keep_evidence, bytes);
    GraphHandler handler(builder, mode.keep_evidence, mode.list_articles);
    handler.watch(stream, passed);
    rapidjson::Reader reader;
    // Iterative: a deeply nested file is an error, not a stack overflow.
    rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseIterativeFlag>(stream, handler);
    if (!ok)
        fail(source, std::string("not JSON: ") + rapidjson::GetParseError_En(ok.Code()) + " at byte " +
                         std::to_string(ok.Offset()));
    if (!handler.problem.empty()) fail(source, handler.problem);
    if (!handler.saw_graph) fail(source, "not a kg graph (no @graph array)");
    ReadResult out;
    out.graph = builder.finish();
    out.merged = builder.merged;
    out.ranges = std::move(builder.ranges);
    out.articles = std::move(handler.articles);
    return out;
}

ReadResult parse_text(std::string_view text, const std::string& source, ReadMode mode) {
    rapidjson::MemoryStream ms(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
    return parse(is, source, mode, text.size());
}

using File = std::shared_ptr<FILE>;

File open_file(const std::filesystem::path& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) fail(path.string(), "cannot open");
    return File(f, &std::fclose);
}

// A regular file mapped whole, read-only, and followed by zero bytes: RapidJSON's StringStream
// (whose whitespace and string scans take 16 bytes at a time where it is built with SSE2) stops
// at the first NUL, as FileReadStream stops at a NUL or at the end of the file, so it reads the
// same text. The pages behind the reader are dropped as it goes: the mapping adds a window of
// the file to the process's memory, not the file. (A file cut short while it is mapped would
// be a SIGBUS: kg replaces a graph file by renaming a new one over it, never in place.)
class MappedFile {
public:
    // Nullopt when the file cannot be mapped: the caller streams it instead.
    static std::unique_ptr<MappedFile> map(int fd, std::uint64_t size) {
        const std::uint64_t page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
        if (size > std::numeric_limits<std::size_t>::max() - 2 * page) return nullptr;
        // The file's pages, then one page of zeros (the rest of the file's last page reads as
        // zeros too).
        const std::size_t length = static_cast<std::size_t>((size + page - 1) / page * page + page);
        void* base = mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) return nullptr;
        std::unique_ptr<MappedFile> out(new MappedFile(static_cast<char*>(base), length, size));
        if (size > 0) {
            if (mmap(base, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)
                return nullptr;
            madvise(base, static_cast<std::size_t>(size), MADV_SEQUENTIAL);
        }
        return out;
    }
    ~MappedFile() { munmap(base_, length_); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const char* text() const { return base_; }
    // The reader is at `offset` and never goes back: the pages before it can go.
    void passed(std::uint64_t offset) {
        constexpr std::uint64_t kStep = std::uint64_t{64} << 20;
        if (offset < dropped_ + kStep || offset > size_) return;
        const std::uint64_t upto = offset / kStep * kStep;
        madvise(base_ + dropped_, static_cast<std::size_t>(upto - dropped_), MADV_DONTNEED);
        dropped_ = upto;
    }

private:
    MappedFile(char* base, std::size_t length, std::uint64_t size) : base_(base), length_(length), size_(size) {}
    char* base_;
    std::size_t length_;
    std::uint64_t size_;
    std::uint64_t dropped_ = 0;
};

bool regular_file(FILE* f, std::uint64_t* size = nullptr) {
    struct stat st {};
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    if (size) *size = static_cast<std::uint64_t>(st.st_size);
    return true;
}

ReadResult parse_file(FILE* f, const std::string& source, ReadMode mode) {
    std::uint64_t bytes = 0;
    if (regular_file(f, &bytes)) {
        if (auto mapped = MappedFile::map(fileno(f), bytes)) {
            rapidjson::StringStream is(mapped->text());
            return parse(is, source, mode, bytes, [&](std::uint64_t at) { mapped->passed(at); });
        }
    }
    // Not a regular file (a pipe), or not mapped: streamed in 1 MB blocks.
    std::vector<char> buf(1u << 20);
    rapidjson::FileReadStream is(f, buf.data(), buf.size());
    return parse(is, source, mode, bytes);
}

// Takes the records of the one node object `text` (a node the read accepted).
class OneNode final : public NodeSink {
public:
    std::optional<NodeRecord> record;
    std::vector<EdgeRecord> edges;
    void node(NodeRecord&& n, std::vector<EdgeRecord>& e, std::uint64_t, std::uint64_t) override {
        record = std::move(n);
        edges = std::move(e);
    }
};

}  // namespace

KnowledgeGraph read_jsonld(std::string_view text, const std::string& source) {
    return parse_text(text, source, ReadMode{}).graph;
}

KnowledgeGraph read_jsonld_file(const std::filesystem::path& path) {
    const File f = open_file(path);
    return parse_file(f.get(), path.string(), ReadMode{}).graph;
}

LazyGraph::LazyGraph(KnowledgeGraph graph, std::string source)
    : graph_(std::move(graph)), source_(std::move(source)), complete_(true) {}

std::string LazyGraph::bytes(std::uint64_t begin, std::uint64_t end) const {
    if (!file_) return std::string(text_.substr(begin, end - begin));
    std::string out(end - begin, '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = pread(fileno(file_.get()), out.data() + done, out.size() - done,
                                static_cast<off_t>(begin + done));
        if (n <= 0) fail(source_, "changed while it was read");
        done += static_cast<std::size_t>(n);
    }
    return out;
}

LazyGraph::Node LazyGraph::decode(Vertex v) const {
    if (v >= ranges_.size()) return {};  // a placeholder: an edge's end that had no node
    const auto [begin, end] = ranges_[v];
    const std::string text = bytes(begin, end);
    OneNode one;
    GraphHandler handler(one, true, false);
    handler.start_in_graph();
    rapidjson::MemoryStream ms(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
    rapidjson::Reader reader;
    const rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseIterativeFlag>(is, handler);
    if (!ok || !handler.problem.empty() || !one.record || one.record->key != graph_.graph()[v].key)
        fail(source_, "changed while it was read");
    return Node{std::move(*one.record), std::move(one.edges)};
}

EvidenceSet LazyGraph::mentions(Vertex v) const {
    if (complete_) return graph_.node(v).mentions;
    return decode(v).record.mentions;
}

EvidenceSet LazyGraph::evidence(EdgeDesc e) const {
    if (complete_) return graph_.edge(e).evidence;
    const Graph& g = graph_.graph();
    const std::string& to = g[boost::target(e, g)].key;
    const std::string role = g[e].role.str();
    EvidenceSet out;
    // The node's edges of this target and role are this one edge, united.
    for (const EdgeRecord& r : decode(boost::source(e, g)).edges)
        if (r.to == to && r.role == role) out.insert(r.evidence.begin(), r.evidence.end());
    return out;
}

std::size_t LazyGraph::article_count() const {
    if (complete_) return graph_.articles().size();
    if (!articles_) throw std::logic_error("LazyGraph: read without counting articles");
    return *articles_;
}

namespace {

// The number of distinct articles among interned ones: one pointer per content.
std::size_t distinct(std::vector<Text>& articles) {
    std::vector<const char*> p;
    p.reserve(articles.size());
    for (Text t : articles) p.push_back(t.data());
    std::vector<Text>().swap(articles);
    std::sort(p.begin(), p.end(), std::less<const char*>());
    return static_cast<std::size_t>(std::unique(p.begin(), p.end()) - p.begin());
}

}  // namespace

LazyGraph read_jsonld_lazy(std::string_view text, const std::string& source, bool count_articles) {
    ReadResult r = parse_text(text, source, ReadMode{false, count_articles});
    if (r.merged) return LazyGraph(read_jsonld(text, source), source);
    LazyGraph out(std::move(r.graph), source);
    out.complete_ = false;
    out.ranges_ = std::move(r.ranges);
    if (count_articles) out.articles_ = distinct(r.articles);
    out.text_ = text;
    return out;
}

LazyGraph read_jsonld_file_lazy(const std::filesystem::path& path, bool count_articles) {
    File f = open_file(path);
    // A file that cannot be read again at an offset (a pipe) is read whole.
    if (!regular_file(f.get())) return LazyGraph(parse_file(f.get(), path.string(), ReadMode{}).graph, path.string());
    ReadResult r = parse_file(f.get(), path.string(), ReadMode{false, count_articles});
    // A key written twice (kg never writes one) merges nodes: their evidence would be the union
    // of several objects. Such a file is read whole.
    if (r.merged) {
        std::rewind(f.get());
        return LazyGraph(parse_file(f.get(), path.string(), ReadMode{}).graph, path.string());
    }
    LazyGraph out(std::move(r.graph), path.string());
    out.complete_ = false;
    out.ranges_ = std::move(r.ranges);
    if (count_articles) out.articles_ = distinct(r.articles);
    out.file_ = std::move(f);
    return out;
}

}  // namespace kg::output
