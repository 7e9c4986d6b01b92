#include "app/actor_lookup.h"

namespace kg::app {

std::string ActorLookup::fold(const std::string& text) const {
    const std::string folded = norm_.fold(text);
    std::string out;
    for (const auto& w : seg_.words(folded)) {
        if (!out.empty()) out += ' ';
        out += folded.substr(w.begin, w.end - w.begin);
    }
    return out;
}

ActorMatch ActorLookup::find(const KnowledgeGraph& graph, const std::string& name) const {
    ActorMatch match;
    // A node key names one node: no need to fold every name of a large graph.
    if (auto v = graph.find(name); v && is_entity(graph.node(*v).kind)) {
        match.hits.push_back(*v);
        return match;
    }
    match.hits = graph.find_by_name(name, [&](const std::string& s) { return fold(s); });
    if (match.hits.empty()) {
        const std::string want = fold(name);
        for (Vertex v : graph.sorted_vertices()) {
            const GraphNode& n = graph.node(v);
            if (!is_entity(n.kind)) continue;
            std::vector<std::string> names{n.name};
            for (const auto& f : n.forms) names.push_back(f.form);
            for (const auto& nm : names) {
                const std::string f = fold(nm);
                const auto space = f.rfind(' ');
                if (space != std::string::npos && f.substr(space + 1) == want) {
                    match.hits.push_back(v);
                    break;
                }
            }
        }
    }
    if (match.hits.empty()) {
        match.message = "no actor named '" + name + "' in the graph";
    } else if (match.hits.size() > 1) {
        match.message = "'" + name + "' is ambiguous; it names " +
                        std::to_string(match.hits.size()) + " nodes:\n";
        for (Vertex v : match.hits)
            match.message += "  " + graph.node(v).key + "  " + graph.node(v).name + "\n";
        match.message += "use one of the keys instead";
    }
    return match;
}

}  // namespace kg::app
