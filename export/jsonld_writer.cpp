#include "export/jsonld_writer.h"

#include <rapidjson/prettywriter.h>

#include <map>
#include <set>

#include "export/jsonld_vocab.h"

namespace kg::output {

namespace {

// RapidJSON output straight into the sink: into the staged file when `kg build` writes, so a
// graph's text is never held whole.
struct SinkOut {
    using Ch = char;
    TextSink& sink;
    void Put(char c) { sink.put(c); }
    void Flush() {}
};

using Writer = rapidjson::PrettyWriter<SinkOut>;

void str(Writer& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

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
    for (const auto& e : evs) {
        w.StartObject();
        w.Key("@type");
        str(w, type);
        w.Key("article");
        str(w, e.article);
        w.Key("startOffset");
        w.Uint(e.span.begin);
        w.Key("endOffset");
        w.Uint(e.span.end);
        if (!e.sentence.empty()) {
            w.Key("text");
            str(w, e.sentence);
        }
        if (!e.lang.empty()) {
            w.Key("inLanguage");
            str(w, e.lang);
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

// Direct actor-to-actor links derived from relation nodes, so stores can walk A -> B.
struct DirectLinks {
    std::map<std::string, std::set<std::string>> met_with, exports_to, agreed_with;
};

DirectLinks derive_links(const KnowledgeGraph& g) {
    DirectLinks links;
    const Graph& gr = g.graph();
    for (auto v : g.sorted_vertices()) {
        const NodeRecord& n = g.node(v);
        if (!is_relation(n.kind) || n.attrs.count("status")) continue;
        std::map<std::string, std::set<std::string>> by_role;
        for (auto [it, end] = boost::out_edges(v, gr); it != end; ++it)
            by_role[gr[*it].role].insert(gr[boost::target(*it, gr)].key);
        auto pairwise = [](std::map<std::string, std::set<std::string>>& out,
                           const std::set<std::string>& who) {
            for (const auto& a : who)
                for (const auto& b : who)
                    if (a != b) out[a].insert(b);
        };
        if (n.kind == NodeKind::MetWith) pairwise(links.met_with, by_role["participant"]);
        if (n.kind == NodeKind::Agreement) pairwise(links.agreed_with, by_role["party"]);
        if (n.kind == NodeKind::Export)
            for (const auto& ex : by_role["exporter"])
                for (const auto& im : by_role["importer"]) links.exports_to[ex].insert(im);
    }
    return links;
}

}  // namespace

std::string to_jsonld(const KnowledgeGraph& g) {
    std::string out;
    TextSink sink(out);
    write_jsonld(g, sink);
    return out;
}

void write_jsonld(const KnowledgeGraph& g, TextSink& sink) {
    SinkOut out{sink};
    Writer w(out);
    w.SetIndent(' ', 1);
    w.StartObject();
    write_context(w);
    w.Key("@graph");
    w.StartArray();

    const Graph& gr = g.graph();
    const DirectLinks links = derive_links(g);
    auto lookup = [](const std::map<std::string, std::set<std::string>>& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? std::set<std::string>{} : it->second;
    };

    for (auto v : g.sorted_vertices()) {
        const NodeRecord& n = g.node(v);
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
            by_role[gr[*it].role].insert(gr[boost::target(*it, gr)].key);
        for (const auto& [role, keys] : by_role) write_ids(w, role.c_str(), keys);
        write_ids(w, "metWith", lookup(links.met_with, n.key));
        write_ids(w, "exportsTo", lookup(links.exports_to, n.key));
        write_ids(w, "agreedWith", lookup(links.agreed_with, n.key));
        if (!is_entity(n.kind)) {
            // How many articles report this relation or meeting.
            std::set<Text> arts;
            for (const auto& m : n.mentions) arts.insert(m.article);
            w.Key("articleCount");
            w.Uint(static_cast<unsigned>(arts.size()));
        }
        write_evidence(w, is_entity(n.kind) ? "mention" : "evidence",
                       is_entity(n.kind) ? "Mention" : "Evidence", n.mentions);
        if (!n.reasons.empty()) {
            w.Key("mergeReason");
            w.StartArray();
            for (const auto& r : n.reasons) str(w, r);
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
    w.EndArray();
    w.EndObject();
    sink.put('\n');
    sink.flush();
}

}  // namespace kg::output
