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

// A rejected input: where and why. Printed as "SOURCE: REASON".
struct Diagnostic {
    std::string source;
    std::string reason;
    std::string str() const { return source + ": " + reason; }
};

struct ReaderOptions {
    std::size_t max_bytes = 16u << 20;  // larger articles are rejected, not truncated
};

class ArticleReader {
public:
    explicit ArticleReader(ReaderOptions options = {}) : options_(options) {}

    // Reads every INPUT: a .txt file (one article), a .jsonl file (one article per line), a
    // directory (its .txt and .jsonl files, recursively, in sorted path order) or "-" (stdin:
    // .jsonl when its first non-blank byte is '{', else one article). Calls `on_article` for
    // each good article and `on_error` for each rejected one; never throws for bad input.
    void read(const std::vector<std::string>& inputs,
              const std::function<void(Article&&)>& on_article,
              const std::function<void(const Diagnostic&)>& on_error) const;

    // Checks one article's text: returns an empty string when good, else the reason
    // ("empty", "not valid UTF-8 at byte N", "binary data (NUL byte at N)", "larger than ...").
    std::string check_text(const std::string& text) const;

private:
    void read_txt(const std::string& path, const std::string& text,
                  const std::function<void(Article&&)>& on_article,
                  const std::function<void(const Diagnostic&)>& on_error) const;
    // `first_line` is the line number of the text's first line in its file.
    void read_jsonl(const std::string& path, const std::string& text,
                    const std::function<void(Article&&)>& on_article,
                    const std::function<void(const Diagnostic&)>& on_error,
                    std::size_t first_line = 1) const;
    // A .jsonl file read block by block, so that a file of any size streams through a bounded
    // buffer (a few MB plus one article) instead of being read whole.
    void read_jsonl_stream(const std::string& path, std::istream& in,
                           const std::function<void(Article&&)>& on_article,
                           const std::function<void(const Diagnostic&)>& on_error) const;

    ReaderOptions options_;
};

}  // namespace kg
