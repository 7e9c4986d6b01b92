#include "extract/article.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string_view>

#include "extract/normalizer.h"

namespace kg {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kChunk = 1u << 16;

// Reads at most `limit` bytes of `in` into `out` (after what it holds); false when the stream
// has more, so a huge input is refused after reading `limit` bytes, not all of them.
bool read_bounded(std::istream& in, std::size_t limit, std::string& out) {
    char buf[kChunk];
    while (in) {
        in.read(buf, sizeof buf);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        if (out.size() + n > limit) {
            out.append(buf, limit - out.size());
            return false;
        }
        out.append(buf, n);
    }
    return true;
}

std::size_t saturating_add(std::size_t a, std::size_t b) {
    return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max()
                                                           : a + b;
}

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

bool has_ext(const fs::path& p, const char* ext) { return p.extension() == ext; }

std::string too_large(std::size_t max_bytes) {
    return "larger than the maximum article size (" + std::to_string(max_bytes) + " bytes)";
}

// The single-byte encodings news sites used before UTF-8; ICU's detector also names multi-byte
// and UTF-16 encodings, which are never what a stray non-UTF-8 article is.
bool is_legacy_charset(std::string_view name) {
    return name.starts_with("ISO-8859-") || name.starts_with("windows-125") || name == "KOI8-R";
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

}  // namespace

struct ArticleReader::Sinks {
    const std::function<void(Article&&)>& on_article;
    const std::function<void(const Diagnostic&)>& on_error;
    const std::function<void(const Diagnostic&)>& on_warning;
};

LegacyDecoding decode_legacy(const std::string& bytes, int min_confidence) {
    LegacyDecoding out;
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) return out;
    // Text that is mostly well-formed UTF-8 with a few bad bytes is damaged UTF-8 (a truncated
    // download): reading it as windows-1252 would turn every other letter into mojibake.
    std::size_t good_multi = 0, bad = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        int32_t j = static_cast<int32_t>(i);
        U8_NEXT(bytes.data(), j, static_cast<int32_t>(bytes.size()), c);
        (c < 0 ? bad : good_multi) += 1;
        i = static_cast<std::size_t>(j);
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&status),
                                                                   ucsdet_close);
    if (U_FAILURE(status)) return out;
    ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    int32_t n = 0;
    const UCharsetMatch** all = ucsdet_detectAll(det.get(), &n, &status);
    if (U_FAILURE(status) || n == 0) return out;
    out.charset = ucsdet_getName(all[0], &status);
    out.confidence = ucsdet_getConfidence(all[0], &status);
    if (U_FAILURE(status) || good_multi >= bad || !is_legacy_charset(out.charset) ||
        out.confidence < min_confidence)
        return out;
    for (int32_t i = 1; i < n; ++i) {
        UErrorCode st = U_ZERO_ERROR;
        const char* name = ucsdet_getName(all[i], &st);
        const int conf = ucsdet_getConfidence(all[i], &st);
        if (U_SUCCESS(st) && out.charset != name && conf + 10 > out.confidence) return out;
    }
    icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), out.charset.c_str());
    if (u.isBogus()) return out;
    u.toUTF8String(out.text);
    out.ok = valid_utf8(out.text);
    return out;
}

std::string ArticleReader::check_text(const std::string& text) const {
    if (text.size() > options_.max_bytes) return too_large(options_.max_bytes);
    auto nul = text.find('\0');
    if (nul != std::string::npos) return "binary data (NUL byte at " + std::to_string(nul) + ")";
    std::size_t bad = 0;
    if (!valid_utf8(text, &bad)) return "not valid UTF-8 at byte " + std::to_string(bad);
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }))
        return "empty";
    return {};
}

bool ArticleReader::to_utf8(std::string& text, const Diagnostic& where, const Sinks& sinks) const {
    std::size_t bad_at = 0;
    if (text.find('\0') != std::string::npos || valid_utf8(text, &bad_at)) return true;
    LegacyDecoding d = decode_legacy(text, options_.min_confidence);
    Diagnostic diag = where;
    if (!d.ok) {
        diag.reason = "not valid UTF-8 at byte " + std::to_string(bad_at);
        if (is_legacy_charset(d.charset))
            diag.reason += ", and not clearly in another encoding (best guess " + d.charset +
                           ", confidence " + std::to_string(d.confidence) + ")";
        sinks.on_error(diag);
        return false;
    }
    diag.reason = "not UTF-8: converted from " + d.charset + " (confidence " +
                  std::to_string(d.confidence) + ")";
    if (sinks.on_warning) sinks.on_warning(diag);
    text = std::move(d.text);
    return true;
}

void ArticleReader::read_txt(const std::string& path, std::string text,
                             const Sinks& sinks) const {
    if (std::string_view(text).starts_with(kBom)) text.erase(0, kBom.size());  // not content
    Diagnostic where{path, "", path, 0, path == "-" ? "stdin" : stem_of(path)};
    auto reject = [&](std::string why) {
        where.reason = std::move(why);
        sinks.on_error(where);
    };
    if (!valid_utf8(where.id)) return reject("file name is not valid UTF-8");
    if (has_control(where.id)) return reject("file name holds a control character");
    if (text.size() > options_.max_bytes) return reject(too_large(options_.max_bytes));
    if (!to_utf8(text, where, sinks)) return;
    if (auto why = check_text(text); !why.empty()) return reject(why);
    Article a;
    a.id = where.id;
    a.source = path;
    a.text = std::move(text);
    sinks.on_article(std::move(a));
}

void ArticleReader::read_line(const std::string& path, std::size_t line_no, std::string& line,
                              const Sinks& sinks) const {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && std::string_view(line).starts_with(kBom)) line.erase(0, kBom.size());
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    Diagnostic where{path + ":" + std::to_string(line_no), "", path, line_no, ""};
    auto reject = [&](std::string why) {
        where.reason = std::move(why);
        sinks.on_error(where);
    };
    rapidjson::Document d;
    // Iterative parsing: a line of a million '[' must not overflow the stack. Anything after
    // the object (a second object, a stray comma) makes the line malformed: stopping at the
    // first value would drop the rest of the line without a diagnostic.
    d.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
    if (d.HasParseError())
        return reject(std::string("malformed JSON: ") +
                      rapidjson::GetParseError_En(d.GetParseError()) + " at column " +
                      std::to_string(d.GetErrorOffset() + 1));
    if (!d.IsObject()) return reject("a JSON line must be an object");
    bool bad_field = false;
    auto get = [&](const char* key, std::string& out) {
        if (bad_field) return;
        auto it = d.FindMember(key);
        if (it == d.MemberEnd() || it->value.IsNull()) return;
        const bool is_text = std::string_view(key) == "text";
        if (it->value.IsString()) {
            out.assign(it->value.GetString(), it->value.GetStringLength());
            // The text is checked (and converted) below; the other fields end up in every
            // output as they are, so they must be clean UTF-8 on one line.
            if (is_text) return;
            if (!valid_utf8(out)) {
                reject(std::string("field \"") + key + "\" is not valid UTF-8");
                bad_field = true;
            } else if (has_control(out)) {
                reject(std::string("field \"") + key + "\" holds a control character");
                bad_field = true;
            }
            return;
        }
        if (it->value.IsInt64() && std::string_view(key) == "id") {
            out = std::to_string(it->value.GetInt64());
            return;
        }
        reject(std::string("field \"") + key + "\" must be a string");
        bad_field = true;
    };
    Article a;
    get("id", a.id);
    where.id = a.id;
    get("text", a.text);
    get("url", a.url);
    get("published", a.published);
    get("language", a.language);
    if (bad_field) return;
    if (a.id.empty()) return reject(R"(missing "id")");
    if (!d.HasMember("text")) return reject(R"(missing "text")");
    if (a.text.size() > options_.max_bytes) return reject(too_large(options_.max_bytes));
    // JSON may escape half a surrogate pair ("\udc00"), which decodes to bytes that are not
    // UTF-8 and not a legacy encoding either: say what it is.
    for (std::size_t i = 0; i + 2 < a.text.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(a.text[i]);
        const auto b1 = static_cast<unsigned char>(a.text[i + 1]);
        const auto b2 = static_cast<unsigned char>(a.text[i + 2]);
        if (b0 == 0xED && b1 >= 0xA0 && b1 <= 0xBF && (b2 & 0xC0) == 0x80) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "%04x", 0xD000u | (b1 & 0x3Fu) << 6 | (b2 & 0x3Fu));
            return reject(std::string("an unpaired UTF-16 surrogate (\\u") + hex + ") at byte " +
                          std::to_string(i));
        }
    }
    if (!to_utf8(a.text, where, sinks)) return;
    if (auto why = check_text(a.text); !why.empty()) return reject(why);
    a.source = where.source;
    sinks.on_article(std::move(a));
}

void ArticleReader::read_jsonl(const std::string& path, std::istream& in, std::string pending,
                               const Sinks& sinks) const {
    // A JSON line may hold some escapes and spaces around the text: a little slack.
    const std::size_t limit = saturating_add(options_.max_bytes, 4096);
    std::string line;
    bool overflow = false;  // the current line is too long: skip to its end, keeping nothing
    std::size_t line_no = 0;
    auto finish = [&] {
        ++line_no;
        if (overflow) {
            sinks.on_error({path + ":" + std::to_string(line_no), too_large(options_.max_bytes),
                            path, line_no, ""});
        } else {
            read_line(path, line_no, line, sinks);
        }
        line.clear();
        overflow = false;
    };
    auto feed = [&](const char* p, std::size_t n) {
        while (n > 0) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', n));
            const std::size_t take = nl ? static_cast<std::size_t>(nl - p) : n;
            if (!overflow) {
                if (line.size() + take > limit) {
                    overflow = true;
                    std::string().swap(line);
                } else {
                    line.append(p, take);
                }
            }
            if (!nl) return;
            finish();
            p = nl + 1;
            n -= take + 1;
        }
    };
    feed(pending.data(), pending.size());
    std::string().swap(pending);
    char buf[kChunk];
    while (in) {
        in.read(buf, sizeof buf);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        feed(buf, n);
    }
    if (in.bad()) {
        sinks.on_error({path, "cannot read file", path, 0, ""});
        return;
    }
    if (!line.empty() || overflow) finish();  // the last line, without a final newline
}

void ArticleReader::read_buffer(const std::string& name, const std::string& bytes,
                                const std::function<void(Article&&)>& on_article,
                                const std::function<void(const Diagnostic&)>& on_error,
                                const std::function<void(const Diagnostic&)>& on_warning) const {
    const Sinks sinks{on_article, on_error, on_warning};
    if (has_ext(name, ".jsonl")) {
        std::istringstream in(bytes);
        read_jsonl(name, in, {}, sinks);
    } else if (bytes.size() > saturating_add(options_.max_bytes, kBom.size())) {
        on_error({name, too_large(options_.max_bytes), name, 0, stem_of(name)});
    } else {
        read_txt(name, bytes, sinks);
    }
}

void ArticleReader::read(const std::vector<std::string>& inputs,
                         const std::function<void(Article&&)>& on_article,
                         const std::function<void(const Diagnostic&)>& on_error,
                         const std::function<void(const Diagnostic&)>& on_warning) const {
    const Sinks sinks{on_article, on_error, on_warning};
    // One article may carry a BOM before its max_bytes of text.
    const std::size_t txt_limit = saturating_add(options_.max_bytes, kBom.size());
    for (const auto& input : inputs) {
        if (input == "-") {
            // Read until the first non-blank byte tells .jsonl from plain text.
            std::string head;
            std::size_t first = std::string::npos;
            char buf[kChunk];
            while (first == std::string::npos && head.size() <= txt_limit && std::cin) {
                std::cin.read(buf, sizeof buf);
                head.append(buf, static_cast<std::size_t>(std::cin.gcount()));
                first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
            }
            if (first != std::string::npos && head[first] == '{') {
                read_jsonl("-", std::cin, std::move(head), sinks);
            } else if (head.size() > txt_limit || !read_bounded(std::cin, txt_limit, head)) {
                on_error({"-", too_large(options_.max_bytes), "-", 0, "stdin"});
            } else {
                read_txt("-", std::move(head), sinks);
            }
            continue;
        }
        std::error_code ec;
        fs::path p(input);
        if (!fs::exists(p, ec)) {
            on_error({input, "no such file or directory", input, 0, ""});
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
            if (ec) on_error({input, "cannot list directory: " + ec.message(), input, 0, ""});
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(input);
        }
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            if (!in) {
                on_error({f, "cannot read file", f, 0, ""});
                continue;
            }
            if (has_ext(f, ".jsonl")) {
                read_jsonl(f, in, {}, sinks);
                continue;
            }
            std::string text;
            const bool fits = read_bounded(in, txt_limit, text);
            if (in.bad()) {
                on_error({f, "cannot read file", f, 0, ""});
            } else if (!fits) {
                on_error({f, too_large(options_.max_bytes), f, 0, stem_of(f)});
            } else {
                read_txt(f, std::move(text), sinks);
            }
        }
    }
}

}  // namespace kg
