#include "export/property_text.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kg::output {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string evidence_json(const EvidenceSet& evidence) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartArray();
    std::string buffer;  // a spilled sentence (graph/sentence_store.h)
    for (const auto& e : evidence) {
        w.StartObject();
        w.Key("article");
        str(w, e.article());
        w.Key("start");
        w.Uint(e.span.begin);
        w.Key("end");
        w.Uint(e.span.end);
        w.Key("language");
        str(w, e.lang());
        w.Key("sentence");
        str(w, e.sentence(buffer));
        w.EndObject();
    }
    w.EndArray();
    return std::string(buf.GetString(), buf.GetSize());
}

std::string json_strings(const std::vector<std::string>& values) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartArray();
    for (const auto& v : values) str(w, v);
    w.EndArray();
    return std::string(buf.GetString(), buf.GetSize());
}

std::vector<std::string> articles_of(const EvidenceSet& evidence) {
    std::set<Text> arts;
    for (const auto& e : evidence) arts.insert(e.article());
    return {arts.begin(), arts.end()};
}

NamesAndLanguages names_and_languages(const GraphNode& n) {
    std::set<std::string> names, langs;
    for (const auto& f : n.forms) {
        names.insert(f.form);
        if (!f.lang.empty()) langs.insert(f.lang);
    }
    for (const auto& m : n.mentions)
        if (!m.lang().empty()) langs.insert(m.lang().str());
    return {{names.begin(), names.end()}, {langs.begin(), langs.end()}};
}

bool is_property_name(std::string_view name) {
    if (name.empty() || !ascii_letter(name[0])) return false;
    for (char c : name)
        if (!ascii_letter(c) && !(c >= '0' && c <= '9') && c != '_') return false;
    return true;
}

}  // namespace kg::output
