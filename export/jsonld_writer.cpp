#include "export/jsonld_writer.h"

#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <vector>

#include "export/jsonld_vocab.h"
#include "export/ordered_parallel.h"

namespace kg::output {

namespace {

// RapidJSON output straight into the sink: into the staged file when `kg build` writes, so a
// graph's text is never held whole.
struct SinkOut {
    using Ch = char;
    TextSink& sink;
    bool open = true;  // closed: what the writer writes is dropped (see write_piece)
    void Put(char c) {
        if (open) sink.put(c);
    }
    void write(std::string_view s) {
        if (open) sink.write(s);
    }
    void Flush() {}
};

// True when `s` holds a byte below 0x20, a quote or a backslash: eight bytes at a time (a word
// has a byte below n when (w - n * 0x01..01) & ~w & 0x80..80 is not zero, and a byte equal to
// b when w ^ (b * 0x01..01) has a zero byte).
bool needs_escape(std::string_view s) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto below = [&](std::uint64_t w, std::uint64_t n) { return (w - n * ones) & ~w & highs; };
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (below(w, 0x20) | below(w ^ (0x22 * ones), 1) | below(w ^ (0x5C * ones), 1)) return true;
    }
    for (; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) < 0x20 || s[i] == '"' || s[i] == '\\') return true;
    return false;
}

// rapidjson's pretty writer, but a string with nothing to escape (no control character, quote or
// backslash: rapidjson escapes nothing else into UTF-8) goes into the sink in one piece instead of
// byte by byte through the escape table. Evidence sentences are most of the document's bytes.
// The bytes are the ones rapidjson writes.
class Writer : public rapidjson::PrettyWriter<SinkOut> {
public:
    using PrettyWriter::PrettyWriter;
    void str(std::string_view s) {
        if (needs_escape(s)) {
            String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
            return;
        }
        PrettyPrefix(rapidjson::kStringType);
        os_->Put('"');
        os_->write(s);
        os_->Put('"');
    }
};

void str(Writer& w, std::string_view s) { w.str(s); }

void write_context(Writer& w) {
    w.Key("@context");
    w.StartObject();
    w.Key("@vocab");
    str(w, kSchemaVocab);
    w.Key("kg");
    str(w, kKgVocab);
    w.Key("xsd");
    str(w, "http://www.w3.org/2001/XMLSchema#");
    for (const auto& term : kTerms) {
        w.Key(term.name);
        if (!term.is_id && !term.datatype) {
            str(w, std::string(term.iri));
            continue;
        }
        w.StartObject();
        w.Key("@id");
        str(w, term.iri);
        w.Key("@type");
        str(w, term.is_id ? "@id" : term.datatype);
        if (term.is_list) {
            w.Key("@container");
            str(w, "@set");
        }
        w.EndObject();
    }
    w.EndObject();
}

void write_evidence(Writer& w, const char* key, const char* type, const EvidenceSet& evs) {
    if (evs.empty()) return;
    w.Key(key);
    w.StartArray();
    std::string buffer;  // a spilled sentence (graph/sentence_store.h)
    for (const auto& e : evs) {
        w.StartObject();
        w.Key("@type");
        str(w, type);
        w.Key("article");
        str(w, e.article());
        w.Key("startOffset");
        w.Uint(e.span.begin);
        w.Key("endOffset");
        w.Uint(e.span.end);
        if (const std::string_view sentence = e.sentence(buffer); !sentence.empty()) {
            w.Key("text");
            str(w, sentence);
        }
        if (!e.lang().empty()) {
            w.Key("inLanguage");
            str(w, e.lang());
        }
        w.EndObject();
    }
    w.EndArray();
}

void write_ids(Writer& w, const char* key, const std::set<std::string>& keys) {
    if (keys.empty()) return;
    w.Key(key);
    w.StartArray();
    for (const auto& k : keys) str(w, kIdPrefix + k);
    w.EndArray();
}

// What every piece of the document needs: the nodes in key order and each node's position in it.
struct Layout {
    const VertexOrder& order;                // the graph's own: no copy
    const std::vector<std::uint32_t>& rank;  // the graph's own too
};

// Direct actor-to-actor links derived from relation nodes, so stores can walk A -> B: a node's
// partners of one kind are the `out_role` ends of every relation node of kind `via` (not
// planned or reported as a status) that has the node as its `in_role` end. `keep_self`: the
// node may be its own partner (an export from a country to itself).
struct DirectLink {
    const char* key;
    NodeKind via;
    std::string_view in_role, out_role;
    bool keep_self;
};
constexpr DirectLink kDirectLinks[] = {
    {"metWith", NodeKind::MetWith, "participant", "participant", false},
    {"exportsTo", NodeKind::Export, "exporter", "importer", true},
    {"agreedWith", NodeKind::Agreement, "party", "party", false},
};

// The direct links of `v`, worked out from its in-edges (one walk for all kinds: a country has
// millions) as it is written, so no table of every link is held while writing (the met-with
// pairs alone of a 1 GB build took 60 MB). Each kind as keys, in key (rank) order, each once.
void write_direct_links(Writer& w, const KnowledgeGraph& g, const Layout& layout, Vertex v) {
    const Graph& gr = g.graph();
    std::array<std::vector<std::uint32_t>, std::size(kDirectLinks)> ranks;
    for (auto [it, end] = boost::in_edges(v, gr); it != end; ++it) {
        const Vertex u = boost::source(*it, gr);
        const GraphNode& rel = g.node(u);
        for (std::size_t k = 0; k < std::size(kDirectLinks); ++k) {
            const DirectLink& link = kDirectLinks[k];
            if (rel.kind != link.via || gr[*it].role != link.in_role || rel.attrs.count("status")) continue;
            for (auto [o, oend] = boost::out_edges(u, gr); o != oend; ++o) {
                const Vertex to = boost::target(*o, gr);
                if (gr[*o].role == link.out_role && (link.keep_self || to != v))
                    ranks[k].push_back(layout.rank[to]);
            }
            break;  // the kinds differ: one relation node is of one at most
        }
    }
    for (std::size_t k = 0; k < std::size(kDirectLinks); ++k) {
        if (ranks[k].empty()) continue;
        std::sort(ranks[k].begin(), ranks[k].end());
        ranks[k].erase(std::unique(ranks[k].begin(), ranks[k].end()), ranks[k].end());
        w.Key(kDirectLinks[k].key);
        w.StartArray();
        for (const std::uint32_t r : ranks[k]) str(w, kIdPrefix + g.node(layout.order[r]).key);
        w.EndArray();
    }
}

void write_node(Writer& w, const KnowledgeGraph& g, const Layout& layout, Vertex v) {
    const Graph& gr = g.graph();
    const GraphNode& n = g.node(v);
    w.StartObject();
    w.Key("@id");
    str(w, kIdPrefix + n.key);
    w.Key("@type");
    {
        auto st = n.attrs.find("status");
        str(w, type_name(n.kind, st == n.attrs.end() ? std::string_view() : std::string_view(st->second)));
    }
    if (!n.name.empty()) {
        w.Key("name");
        str(w, n.name);
    }
    if (!n.forms.empty()) {
        w.Key("alternateName");
        w.StartArray();
        for (const auto& f : n.forms) {
            w.StartObject();
            w.Key("@value");
            str(w, f.form);
            if (!f.lang.empty()) {
                w.Key("@language");
                str(w, f.lang);
            }
            w.EndObject();
        }
        w.EndArray();
    }
    for (const auto& [k, value] : n.attrs) {
        w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
        str(w, value);
    }
    // Role edges, grouped by role into properties (participant, exporter, ...).
    std::map<std::string, std::set<std::string>> by_role;
    for (auto [it, end] = boost::out_edges(v, gr); it != end; ++it)
        by_role[gr[*it].role.str()].insert(gr[boost::target(*it, gr)].key.str());
    for (const auto& [role, keys] : by_role) write_ids(w, role.c_str(), keys);
    write_direct_links(w, g, layout, v);
    if (!is_entity(n.kind)) {
        // How many articles report this relation or meeting.
        std::set<Text> arts;
        for (const auto& m : n.mentions) arts.insert(m.article());
        w.Key("articleCount");
        w.Uint(static_cast<unsigned>(arts.size()));
    }
    write_evidence(w, is_entity(n.kind) ? "mention" : "evidence",
                   is_entity(n.kind) ? "Mention" : "Evidence", n.mentions);
    if (const QuotedSet& reasons = g.reasons(v); !reasons.empty()) {
        w.Key("mergeReason");
        w.StartArray();
        for (const auto& r : reasons.texts()) str(w, r);
        w.EndArray();
    }
    // Every edge again with its own evidence, so the file reads back into the same graph.
    std::vector<EdgeDesc> outs;
    for (auto [it, end] = boost::out_edges(v, gr); it != end; ++it) outs.push_back(*it);
    std::sort(outs.begin(), outs.end(), [&](EdgeDesc a, EdgeDesc b) {
        return std::tie(gr[boost::target(a, gr)].key, gr[a].role) <
               std::tie(gr[boost::target(b, gr)].key, gr[b].role);
    });
    if (!outs.empty()) {
        w.Key("edge");
        w.StartArray();
        for (auto e : outs) {
            w.StartObject();
            w.Key("@type");
            str(w, "Edge");
            w.Key("role");
            str(w, gr[e].role);
            w.Key("target");
            str(w, kIdPrefix + gr[boost::target(e, gr)].key);
            write_evidence(w, "evidence", "Evidence", gr[e].evidence);
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
}

// The document is written in pieces of consecutive nodes, each formatted on its own (by one of
// several threads) and written in order. A piece holds about this much evidence (a record is
// some 250 bytes of text), so that the pieces waiting to be written stay small; a node with
// more (a country mentioned in thousands of articles) is a piece of its own. One with more
// than kHugeNode (several MB of text) is written straight into the file by the thread that
// writes it: a few pieces that size waiting at once would cost more memory than the graph's
// largest nodes are worth in time.
constexpr std::size_t kPieceEvidence = 2048;
constexpr std::size_t kHugeNode = 32768;

struct Piece {
    std::size_t lo = 0, hi = 0;  // positions in Layout::order
    bool huge = false;           // one node of more than kHugeNode evidence records
};

std::vector<Piece> cut_pieces(const KnowledgeGraph& g, const Layout& layout) {
    const Graph& gr = g.graph();
    std::vector<Piece> pieces;
    Piece open;
    std::size_t weight = 0;
    for (std::size_t i = 0; i < layout.order.size(); ++i) {
        const Vertex v = layout.order[i];
        std::size_t w = 1 + g.node(v).mentions.size();
        for (auto [it, end] = boost::out_edges(v, gr); it != end; ++it) w += 1 + gr[*it].evidence.size();
        if (w >= kPieceEvidence) {
            if (open.hi > open.lo) pieces.push_back(open);
            pieces.push_back(Piece{i, i + 1, w > kHugeNode});
            open = Piece{i + 1, i + 1, false};
            weight = 0;
            continue;
        }
        if (weight + w > kPieceEvidence && open.hi > open.lo) {
            pieces.push_back(open);
            open = Piece{i, i, false};
            weight = 0;
        }
        open.hi = i + 1;
        weight += w;
    }
    // An empty graph is one piece too: the head and the close.
    if (open.hi > open.lo || pieces.empty()) pieces.push_back(open);
    return pieces;
}

// The nodes of `piece` into `sink`, exactly as one writer of the whole document writes them
// there: the piece's writer first writes what precedes them (the document's head and, unless
// the piece starts the document, one stand-in element, so that its first node gets the
// separator a later element gets) with its output closed. The first piece writes the head;
// the last one also closes the document.
void write_piece(const KnowledgeGraph& g, const Layout& layout, const Piece& piece,
                 TextSink& sink) {
    SinkOut out{sink, piece.lo == 0};
    Writer w(out);
    w.SetIndent(' ', 1);
    w.StartObject();
    write_context(w);
    w.Key("@graph");
    w.StartArray();
    if (piece.lo > 0) w.Null();
    out.open = true;
    for (std::size_t i = piece.lo; i < piece.hi; ++i) write_node(w, g, layout, layout.order[i]);
    if (piece.hi == layout.order.size()) {
        w.EndArray();
        w.EndObject();
        sink.put('\n');
    }
}

}  // namespace

std::string to_jsonld(const KnowledgeGraph& g) {
    std::string out;
    TextSink sink(out);
    write_jsonld(g, sink);
    return out;
}

void write_jsonld(const KnowledgeGraph& g, TextSink& sink, std::size_t threads, MakerBudget* budget) {
    const Layout layout{g.sorted_vertices(), g.sorted_ranks()};
    const std::vector<Piece> pieces = cut_pieces(g, layout);
    // A huge piece is made by the thread that writes the file, straight into it; the others
    // as strings, by `threads` threads.
    ordered_parallel<std::string>(
        pieces.size(), threads,
        [&](std::size_t i) {
            std::string text;
            if (pieces[i].huge) return text;
            TextSink into(text);
            write_piece(g, layout, pieces[i], into);
            into.flush();
            return text;
        },
        [&](std::size_t i, std::string&& text) {
            if (pieces[i].huge) write_piece(g, layout, pieces[i], sink);
            else sink.write(text);
        },
        budget);
    sink.flush();
}

}  // namespace kg::output
