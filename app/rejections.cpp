#include "app/rejections.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <tuple>

#include "extract/normalizer.h"

namespace kg::app {

namespace {

std::string valid(const std::string& s) {
    if (valid_utf8(s)) return s;
    std::string out;
    for (std::size_t pos = 0; pos < s.size();) append_utf8(next_code_point(s, pos), out);
    return out;
}

void put(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key, const std::string& v) {
    if (key) w.Key(key);
    const std::string s = valid(v);
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

void Rejections::add(const Diagnostic& d) {
    std::lock_guard<std::mutex> lock(mutex_);
    all_.push_back(d);
}

std::size_t Rejections::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return all_.size();
}

std::string Rejections::to_jsonl() const {
    std::vector<Diagnostic> sorted;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sorted = all_;
    }
    auto order = [](const Diagnostic& d) {
        return std::tie(d.file.empty() ? d.source : d.file, d.line, d.id, d.reason);
    };
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return order(a) < order(b); });
    std::string out;
    for (const auto& d : sorted) {
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        w.StartObject();
        put(w, "file", d.file.empty() ? d.source : d.file);
        w.Key("line");
        if (d.line > 0) w.Uint64(d.line);
        else w.Null();
        w.Key("id");
        if (d.id.empty()) w.Null();
        else put(w, nullptr, d.id);
        put(w, "reason", d.reason);
        w.EndObject();
        out.append(buf.GetString(), buf.GetSize());
        out += '\n';
    }
    return out;
}

}  // namespace kg::app
