#include "extract/article.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "extract/normalizer.h"

namespace kg {

namespace fs = std::filesystem;

namespace {

bool read_all(std::istream& in, std::string& out) {
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return !in.bad();
}

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

bool has_ext(const fs::path& p, const char* ext) { return p.extension() == ext; }

}  // namespace

std::string ArticleReader::check_text(const std::string& text) const {
    if (text.size() > options_.max_bytes)
        return "larger than the maximum article size (" + std::to_string(options_.max_bytes) +
               " bytes)";
    auto nul = text.find('\0');
    if (nul != std::string::npos) return "binary data (NUL byte at " + std::to_string(nul) + ")";
    std::size_t bad = 0;
    if (!valid_utf8(text, &bad)) return "not valid UTF-8 at byte " + std::to_string(bad);
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }))
        return "empty";
    return {};
}

void ArticleReader::read_txt(const std::string& path, const std::string& raw,
                             const std::function<void(Article&&)>& on_article,
                             const std::function<void(const Diagnostic&)>& on_error) const {
    std::string text = raw;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a BOM is not content
    if (auto why = check_text(text); !why.empty()) {
        on_error({path, why});
        return;
    }
    Article a;
    a.id = path == "-" ? "stdin" : stem_of(path);
    a.source = path;
    a.text = std::move(text);
    on_article(std::move(a));
}

void ArticleReader::read_jsonl(const std::string& path, const std::string& text,
                               const std::function<void(Article&&)>& on_article,
                               const std::function<void(const Diagnostic&)>& on_error,
                               std::size_t first_line) const {
    std::size_t pos = 0;
    std::size_t line_no = first_line - 1;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string where = path + ":" + std::to_string(line_no);
        if (line.size() > options_.max_bytes + 4096) {
            on_error({where, "larger than the maximum article size (" +
                                 std::to_string(options_.max_bytes) + " bytes)"});
            continue;
        }
        rapidjson::Document d;
        // Anything after the object (a second object, a stray comma) makes the line malformed:
        // stopping at the first value would drop the rest of the line without a diagnostic.
        d.Parse(line.data(), line.size());
        if (d.HasParseError()) {
            on_error({where, std::string("malformed JSON: ") +
                                 rapidjson::GetParseError_En(d.GetParseError()) + " at column " +
                                 std::to_string(d.GetErrorOffset() + 1)});
            continue;
        }
        if (!d.IsObject()) {
            on_error({where, "a JSON line must be an object"});
            continue;
        }
        auto get = [&](const char* key, std::string& out) -> bool {
            auto it = d.FindMember(key);
            if (it == d.MemberEnd() || it->value.IsNull()) return true;
            if (it->value.IsString()) {
                out.assign(it->value.GetString(), it->value.GetStringLength());
                return true;
            }
            if (it->value.IsInt64() && std::string(key) == "id") {
                out = std::to_string(it->value.GetInt64());
                return true;
            }
            on_error({where, std::string("field \"") + key + "\" must be a string"});
            return false;
        };
        Article a;
        if (!get("id", a.id) || !get("text", a.text) || !get("url", a.url) ||
            !get("published", a.published) || !get("language", a.language))
            continue;
        if (a.id.empty()) {
            on_error({where, "missing \"id\""});
            continue;
        }
        if (!d.HasMember("text")) {
            on_error({where, "missing \"text\""});
            continue;
        }
        if (auto why = check_text(a.text); !why.empty()) {
            on_error({where, why});
            continue;
        }
        a.source = where;
        on_article(std::move(a));
    }
}

void ArticleReader::read_jsonl_stream(const std::string& path, std::istream& in,
                                      const std::function<void(Article&&)>& on_article,
                                      const std::function<void(const Diagnostic&)>& on_error) const {
    constexpr std::size_t kBlock = 4u << 20;
    // A line longer than this is rejected without being held: read_jsonl rejects the same
    // lines (max_bytes + 4096) when they fit.
    const std::size_t too_long = options_.max_bytes + 4096 + kBlock;
    std::string pending, chunk(kBlock, '\0');
    std::size_t next_line = 1;  // the number of pending's first line
    bool skipping = false;      // inside a line already reported as too long
    for (;;) {
        in.read(chunk.data(), static_cast<std::streamsize>(kBlock));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        std::string_view data(chunk.data(), got);
        if (skipping) {
            auto nl = data.find('\n');
            if (nl == std::string_view::npos) continue;
            data.remove_prefix(nl + 1);
            ++next_line;
            skipping = false;
        }
        pending.append(data);
        auto last_nl = pending.rfind('\n');
        if (last_nl == std::string::npos) {
            if (pending.size() > too_long) {
                on_error({path + ":" + std::to_string(next_line),
                          "larger than the maximum article size (" + std::to_string(options_.max_bytes) +
                              " bytes)"});
                pending.clear();
                skipping = true;
            }
            continue;
        }
        std::string block = pending.substr(0, last_nl + 1);
        pending.erase(0, last_nl + 1);
        read_jsonl(path, block, on_article, on_error, next_line);
        next_line += static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n'));
    }
    if (in.bad()) on_error({path, "cannot read file"});
    if (!skipping && !pending.empty()) read_jsonl(path, pending, on_article, on_error, next_line);
}

void ArticleReader::read(const std::vector<std::string>& inputs,
                         const std::function<void(Article&&)>& on_article,
                         const std::function<void(const Diagnostic&)>& on_error) const {
    for (const auto& input : inputs) {
        if (input == "-") {
            std::string text;
            read_all(std::cin, text);
            auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
            if (first != std::string::npos && text[first] == '{')
                read_jsonl("-", text, on_article, on_error);
            else
                read_txt("-", text, on_article, on_error);
            continue;
        }
        std::error_code ec;
        fs::path p(input);
        if (!fs::exists(p, ec)) {
            on_error({input, "no such file or directory"});
            continue;
        }
        std::vector<std::string> files;
        if (fs::is_directory(p, ec)) {
            for (auto it = fs::recursive_directory_iterator(p, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec) &&
                    (has_ext(it->path(), ".txt") || has_ext(it->path(), ".jsonl")))
                    files.push_back(it->path().string());
            }
            if (ec) on_error({input, "cannot list directory: " + ec.message()});
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(input);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            if (in && has_ext(f, ".jsonl")) {
                read_jsonl_stream(f, in, on_article, on_error);
                continue;
            }
            std::string text;
            if (!in || !read_all(in, text)) {
                on_error({f, "cannot read file"});
                continue;
            }
            if (has_ext(f, ".jsonl"))
                read_jsonl(f, text, on_article, on_error);
            else
                read_txt(f, text, on_article, on_error);
        }
    }
}

}  // namespace kg
