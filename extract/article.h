// Article: one news article as read from a file, a .jsonl line or standard input.
//
// Owns: the Article record and the readers that turn INPUT arguments into articles.
// Input: paths ('-' for stdin). Output: articles, in a deterministic order, and diagnostics.
//   kg::ArticleReader reader({.max_bytes = 8 << 20});
//   reader.read({"samples"}, [&](kg::Article a) { ... }, [&](const kg::Diagnostic& d) { ... });
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace kg {

struct Article {
    std::string id;         // from the file name (without .txt) or the .jsonl "id"
    std::string source;     // the file it came from, and ":LINE" for .jsonl
    std::string text;       // valid UTF-8
    std::string url;        // optional
    std::string published;  // optional ISO date given by the input
    std::string language;   // optional language given by the input (overrides detection)
};

// A rejected input (or, passed to a warning callback, a repaired one): where and why.
// Printed as "SOURCE: REASON". `file`, `line` (1-based .jsonl line, 0 for a whole file) and
// `id` (when the input got as far as naming one) say the same as `source`, for reports.
struct Diagnostic {
    std::string source;
    std::string reason;
    std::string file = {};
    std::size_t line = 0;
    std::string id = {};
    std::string str() const { return source + ": " + reason; }
};

struct ReaderOptions {
    std::size_t max_bytes = 16u << 20;  // larger articles are rejected, not truncated
    // Text that is not UTF-8 is converted when ICU's charset detector names a single-byte
    // legacy encoding (windows-1256, windows-1251, ISO-8859-1 ...) with at least this
    // confidence (0-100) and clearly ahead of the next guess; else it is rejected.
    int min_confidence = 40;
};

// The outcome of decoding bytes that are not UTF-8: converted text, or why not.
struct LegacyDecoding {
    bool ok = false;
    std::string text;      // UTF-8, when ok
    std::string charset;   // ICU's name of the best guess ("windows-1256"), may be empty
    int confidence = 0;    // of the best guess, 0-100
};

// Guesses the encoding of `bytes` (which are not valid UTF-8) with ICU's charset detector and
// converts them to UTF-8 when the guess is a single-byte legacy encoding, at least
// `min_confidence` sure and 10 points ahead of any other encoding, and the bytes are not
// damaged UTF-8 (more well-formed multi-byte sequences than bad bytes). Thread-safe.
LegacyDecoding decode_legacy(const std::string& bytes, int min_confidence);

class ArticleReader {
public:
    explicit ArticleReader(ReaderOptions options = {}) : options_(options) {}

    // Reads every INPUT: a .txt file (one article), a .jsonl file (one article per line), a
    // directory (its .txt and .jsonl files, recursively, in sorted path order) or "-" (stdin:
    // .jsonl when its first non-blank byte is '{', else one article). Calls `on_article` for
    // each good article and `on_error` for each rejected one; never throws for bad input.
    // `on_warning`, when given, hears of articles accepted after a repair (a legacy encoding
    // converted to UTF-8). Memory stays bounded by max_bytes whatever the size of a file or
    // of a line: .jsonl files are streamed, and over-long lines are skipped unread.
    void read(const std::vector<std::string>& inputs,
              const std::function<void(Article&&)>& on_article,
              const std::function<void(const Diagnostic&)>& on_error,
              const std::function<void(const Diagnostic&)>& on_warning = {}) const;

    // Reads `bytes` as if they were the contents of the file `name` (.jsonl by its extension,
    // else one article). For fuzzing and tests; same callbacks and guarantees as read().
    void read_buffer(const std::string& name, const std::string& bytes,
                     const std::function<void(Article&&)>& on_article,
                     const std::function<void(const Diagnostic&)>& on_error,
                     const std::function<void(const Diagnostic&)>& on_warning = {}) const;

    // Checks one article's text: returns an empty string when good, else the reason
    // ("empty", "not valid UTF-8 at byte N", "binary data (NUL byte at N)", "larger than ...").
    std::string check_text(const std::string& text) const;

private:
    struct Sinks;
    void read_txt(const std::string& path, std::string text, const Sinks& sinks) const;
    void read_jsonl(const std::string& path, std::istream& in, std::string pending,
                    const Sinks& sinks) const;
    void read_line(const std::string& path, std::size_t line_no, std::string& line,
                   const Sinks& sinks) const;
    // Converts text that is not UTF-8 (warning on success); false with a diagnostic when not.
    bool to_utf8(std::string& text, const Diagnostic& where, const Sinks& sinks) const;

    ReaderOptions options_;
};

}  // namespace kg
