#include "export/jsonld_reader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "export/jsonld_vocab.h"
#include "export/jsonld_writer.h"

namespace kg::output {

namespace {

using Value = rapidjson::Value;

[[noreturn]] void fail(const std::string& source, const std::string& why) {
    throw std::runtime_error(source + ": " + why);
}

std::string get_str(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

std::string strip_id(const std::string& source, const Value& v) {
    if (!v.IsString()) fail(source, "node id is not a string");
    std::string id = get_str(v);
    const std::string prefix = kIdPrefix;
    if (id.rfind(prefix, 0) != 0) fail(source, "node id '" + id + "' does not start with " + prefix);
    return id.substr(prefix.size());
}

std::set<Evidence> read_evidence(const std::string& source, const Value& arr) {
    std::set<Evidence> out;
    if (!arr.IsArray()) fail(source, "evidence is not an array");
    for (const auto& e : arr.GetArray()) {
        if (!e.IsObject() || !e.HasMember("article") || !e["article"].IsString())
            fail(source, "evidence without an article");
        Evidence ev;
        ev.article = get_str(e["article"]);
        if (e.HasMember("startOffset") && e["startOffset"].IsUint()) ev.span.begin = e["startOffset"].GetUint();
        if (e.HasMember("endOffset") && e["endOffset"].IsUint()) ev.span.end = e["endOffset"].GetUint();
        if (e.HasMember("text") && e["text"].IsString()) ev.sentence = get_str(e["text"]);
        if (e.HasMember("inLanguage") && e["inLanguage"].IsString()) ev.lang = get_str(e["inLanguage"]);
        out.insert(std::move(ev));
    }
    return out;
}


}  // namespace

KnowledgeGraph read_jsonld(std::string_view text, const std::string& source) {
    rapidjson::Document doc;
    // Iterative: a hostile file of a million '[' must be an error, not a stack overflow.
    doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
    if (doc.HasParseError())
        fail(source, std::string("not JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
                         " at byte " + std::to_string(doc.GetErrorOffset()));
    if (!doc.IsObject() || !doc.HasMember("@graph") || !doc["@graph"].IsArray())
        fail(source, "not a kg graph (no @graph array)");

    KnowledgeGraph g;
    std::vector<EdgeRecord> edges;
    for (const auto& n : doc["@graph"].GetArray()) {
        if (!n.IsObject() || !n.HasMember("@id") || !n.HasMember("@type") || !n["@type"].IsString())
            fail(source, "a node without @id or @type");
        NodeRecord rec;
        rec.key = strip_id(source, n["@id"]);
        auto kind = kind_from_type(n["@type"].GetString());
        if (!kind) fail(source, "node '" + rec.key + "' has unknown @type " + n["@type"].GetString());
        rec.kind = *kind;
        for (auto it = n.MemberBegin(); it != n.MemberEnd(); ++it) {
            std::string key = get_str(it->name);
            const Value& val = it->value;
            if (key == "name" && val.IsString()) {
                rec.name = get_str(val);
            } else if (key == "alternateName" && val.IsArray()) {
                for (const auto& f : val.GetArray()) {
                    if (f.IsString()) {
                        rec.forms.insert({get_str(f), ""});
                    } else if (f.IsObject() && f.HasMember("@value") && f["@value"].IsString()) {
                        std::string lang = f.HasMember("@language") && f["@language"].IsString()
                                               ? get_str(f["@language"]) : "";
                        rec.forms.insert({get_str(f["@value"]), lang});
                    }
                }
            } else if (key == "mention" || key == "evidence") {
                auto evs = read_evidence(source, val);
                rec.mentions.insert(evs.begin(), evs.end());
            } else if (key == "mergeReason" && val.IsArray()) {
                for (const auto& r : val.GetArray())
                    if (r.IsString()) rec.reasons.insert(get_str(r));
            } else if (key == "edge" && val.IsArray()) {
                for (const auto& e : val.GetArray()) {
                    if (!e.IsObject() || !e.HasMember("role") || !e["role"].IsString() ||
                        !e.HasMember("target"))
                        fail(source, "edge of '" + rec.key + "' without role or target");
                    EdgeRecord er{rec.key, strip_id(source, e["target"]), get_str(e["role"]), {}};
                    if (e.HasMember("evidence")) er.evidence = read_evidence(source, e["evidence"]);
                    edges.push_back(std::move(er));
                }
            } else if (key[0] != '@' && val.IsString()) {
                // Any other string property is an attribute (identifier, startDate, topic ...).
                rec.attrs[key] = get_str(val);
            }
        }
        g.add_node(rec);
    }
    for (const auto& e : edges) g.add_edge(e);
    return g;
}

KnowledgeGraph read_jsonld_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path.string(), "cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return read_jsonld(ss.str(), path.string());
}

}  // namespace kg::output
