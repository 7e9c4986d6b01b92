// Tests for extract/article: reading .txt, .jsonl and directories into articles, and turning
// every bad input into a diagnostic ("SOURCE: REASON") while the rest of the batch goes on.
// Fixtures are written into a fresh temporary directory per test and removed afterwards.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/article.h"

namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

// A fresh, empty directory under the system temp directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() / ("kg_test_article_" + std::to_string(::getpid()) +
                                             "_" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    std::string str() const { return path_.string(); }

    // Writes `bytes` (exactly, binary) to `relative`, creating parent folders; returns the path.
    std::string write(const std::string& relative, const std::string& bytes) const {
        const fs::path p = path_ / relative;  // bytes as given: UTF-8 on POSIX
        fs::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p.string();
    }

private:
    fs::path path_;
};

// Everything a read delivered, in delivery order.
struct ReadResult {
    std::vector<kg::Article> articles;
    std::vector<kg::Diagnostic> diagnostics;
    std::vector<std::string> events;  // "article ID (SOURCE)" or "error SOURCE: REASON"
};

ReadResult read(const std::vector<std::string>& inputs, kg::ReaderOptions options = {}) {
    ReadResult r;
    kg::ArticleReader reader(options);
    reader.read(
        inputs,
        [&](kg::Article&& a) {
            r.events.push_back("article " + a.id + " (" + a.source + ")");
            r.articles.push_back(std::move(a));
        },
        [&](const kg::Diagnostic& d) {
            r.events.push_back("error " + d.str());
            r.diagnostics.push_back(d);
        });
    return r;
}

std::string article_event(const std::string& id, const std::string& source) {
    return "article " + id + " (" + source + ")";
}

// One line per event, so that a failed comparison prints both sides.
std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

const std::string kBom = "\xEF\xBB\xBF";

}  // namespace

TEST_CASE("ArticleReader: a .txt file is one article named by its file stem") {
    struct Case {
        std::string file;
        std::string bytes;
        std::string id;
        std::string text;
    };
    const std::vector<Case> cases = {
        // Persian
        {"tehran-talks.txt", "وزیر امور خارجه ایران با لاوروف دیدار کرد.",
         "tehran-talks", "وزیر امور خارجه ایران با لاوروف دیدار کرد."},
        {"گزارش.txt", "عراقچی در مسکو بود.\n", "گزارش", "عراقچی در مسکو بود.\n"},
        // Hindi
        {"goa.txt", "जयशंकर ने गोवा में लावरोव से मुलाकात की।\n", "goa",
         "जयशंकर ने गोवा में लावरोव से मुलाकात की।\n"},
        // Arabic: inner dots belong to the stem
        {"cairo.2023.txt", "التقى لافروف بنظيره.", "cairo.2023", "التقى لافروف بنظيره."},
        // Latin: CRLF is kept as written, a BOM is not content
        {"crlf.txt", "Line one.\r\nLine two.\r\n", "crlf", "Line one.\r\nLine two.\r\n"},
        {"bom.txt", kBom + "Lavrov met Bhutto Zardari.", "bom", "Lavrov met Bhutto Zardari."},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        TempDir dir;
        const std::string path = dir.write(c.file, c.bytes);
        const ReadResult r = read({path});
        CHECK(r.diagnostics.empty());
        REQUIRE(r.articles.size() == 1);
        const kg::Article& a = r.articles[0];
        CHECK(a.id == c.id);
        CHECK(a.source == path);
        CHECK(a.text == c.text);
        CHECK(a.url.empty());
        CHECK(a.published.empty());
        CHECK(a.language.empty());
    }
}

TEST_CASE("ArticleReader: a directory is read recursively, .txt and .jsonl only, sorted by path") {
    TempDir dir;
    // Written out of order, so that creation order cannot pass for sorted order.
    dir.write("sub/d.txt", "Fourth.");
    dir.write("sub/notes.md", "# not an article");
    dir.write("c.md", "Not an article either.");
    dir.write("b.jsonl", R"({"id":"b1","text":"Second."})"
                         "\n"
                         R"({"id":"b2","text":"Third."})"
                         "\n");
    dir.write("a.txt", "First.");

    const ReadResult r = read({dir.str()});
    CHECK(r.diagnostics.empty());
    const std::vector<std::string> want = {
        article_event("a", (dir.path() / "a.txt").string()),
        article_event("b1", (dir.path() / "b.jsonl").string() + ":1"),
        article_event("b2", (dir.path() / "b.jsonl").string() + ":2"),
        article_event("d", (dir.path() / "sub" / "d.txt").string()),
    };
    CHECK(join(r.events) == join(want));
    REQUIRE(r.articles.size() == 4);
    CHECK(r.articles[0].text == "First.");
    CHECK(r.articles[1].text == "Second.");
    CHECK(r.articles[2].text == "Third.");
    CHECK(r.articles[3].text == "Fourth.");

    // Several inputs are read in the order given, each one sorted inside.
    const std::string d = (dir.path() / "sub" / "d.txt").string();
    const std::string a = (dir.path() / "a.txt").string();
    const ReadResult two = read({d, a});
    CHECK(join(two.events) == join(std::vector<std::string>{article_event("d", d), article_event("a", a)}));
}

TEST_CASE("ArticleReader: .jsonl lines give one article each; blank lines, CRLF and a BOM are fine") {
    TempDir dir;
    const std::string path = dir.write(
        "feed.jsonl",
        kBom +
            R"({"id":"fa-1","text":"عراقچی با لاوروف دیدار کرد.","url":"https://example.ir/1","published":"2023-05-04","language":"fa"})"
            "\r\n"
            "\r\n"
            "  \t\n" +
            R"({"id":"hi-1","text":"जयशंकर ने लावरोव से मुलाकात की।","language":"hi"})"
            "\r\n" +
            R"({"id":42,"text":"Plain \"English\".\nSecond line \u00e9","url":null})"
            "\n" +
            R"(  {"text":"التقى لافروف بنظيره.", "id":"ar-1", "extra":[1,2], "published":"2023-05-05"}  )");
    const ReadResult r = read({path});
    CHECK(r.diagnostics.empty());

    struct Want {
        std::string source;
        std::string id;
        std::string text;
        std::string url;
        std::string published;
        std::string language;
    };
    const std::vector<Want> want = {
        // Persian: every field, the BOM before it and the CRLF after it
        {path + ":1", "fa-1", "عراقچی با لاوروف دیدار کرد.", "https://example.ir/1", "2023-05-04",
         "fa"},
        // Hindi: after two blank lines, which still count as lines
        {path + ":4", "hi-1", "जयशंकर ने लावरोव से मुलाकात की।", "", "", "hi"},
        // Latin: a numeric id, JSON escapes decoded, null treated as absent
        {path + ":5", "42", "Plain \"English\".\nSecond line \u00e9", "", "", ""},
        // Arabic: unknown fields ignored, spaces around the object, no final newline
        {path + ":6", "ar-1", "التقى لافروف بنظيره.", "", "2023-05-05", ""},
    };
    REQUIRE(r.articles.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        CAPTURE(want[i].source);
        const kg::Article& a = r.articles[i];
        CHECK(a.source == want[i].source);
        CHECK(a.id == want[i].id);
        CHECK(a.text == want[i].text);
        CHECK(a.url == want[i].url);
        CHECK(a.published == want[i].published);
        CHECK(a.language == want[i].language);
    }
}

TEST_CASE("ArticleReader: a bad .txt file is one diagnostic and the batch goes on") {
    struct Case {
        std::string file;
        std::string bytes;
        std::string reason;
    };
    const std::vector<Case> cases = {
        // Latin
        {"lone-continuation.txt", "abc\x80" "def",
         "not valid UTF-8 at byte 3, and not clearly in another encoding (best guess "
         "windows-1252, confidence 37)"},
        {"overlong.txt", "\xC0\xAF", "not valid UTF-8 at byte 0"},
        {"surrogate.txt", "ok \xED\xA0\x80", "not valid UTF-8 at byte 3"},
        {"nul.txt", "ab\0cd"s, "binary data (NUL byte at 2)"},
        {"nul-before-bad-utf8.txt", "\0\xFF"s, "binary data (NUL byte at 0)"},
        {"empty.txt", "", "empty"},
        {"whitespace.txt", " \n\t\r\n ", "empty"},
        {"bom-only.txt", kBom, "empty"},
        {"bom-and-crlf.txt", kBom + "\r\n", "empty"},
        // Persian
        {"persian-truncated.txt", "سلام\xD8", "not valid UTF-8 at byte 8"},
        {"persian-ff.txt", "ایران\xFF", "not valid UTF-8 at byte 10"},
        // Hindi
        {"hindi-truncated.txt", "भारत\xE0\xA4", "not valid UTF-8 at byte 12"},
        {"hindi-nul.txt", "भारत\0"s, "binary data (NUL byte at 12)"},
        // Arabic
        {"arabic-bad-trail.txt", "مصر\xC3\x28", "not valid UTF-8 at byte 6"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        TempDir dir;
        const std::string first = dir.write("a.txt", "Before.");
        const std::string bad = dir.write(c.file, c.bytes);
        const std::string last = dir.write("z.txt", "After.");
        const ReadResult r = read({dir.str()});
        const std::vector<std::string> want = {
            article_event("a", first),
            "error " + bad + ": " + c.reason,
            article_event("z", last),
        };
        CHECK(join(r.events) == join(want));
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].source == bad);
        CHECK(r.diagnostics[0].reason == c.reason);
    }
}

TEST_CASE("ArticleReader: a path that does not exist is a diagnostic") {
    TempDir dir;
    const std::string good = dir.write("good.txt", "Good.");
    const std::string missing = (dir.path() / "missing.txt").string();
    const std::string missing_dir = (dir.path() / "no-such-dir").string();
    const ReadResult r = read({missing, good, missing_dir});
    const std::vector<std::string> want = {
        "error " + missing + ": no such file or directory",
        article_event("good", good),
        "error " + missing_dir + ": no such file or directory",
    };
    CHECK(join(r.events) == join(want));
}

TEST_CASE("ArticleReader: a bad .jsonl line is one diagnostic and the next lines are read") {
    struct Case {
        std::string line;
        std::string reason;
    };
    const std::vector<Case> cases = {
        // Malformed JSON: rapidjson's message and the 1-based column of the error
        {R"({"id": "x", "text": })", "malformed JSON: Invalid value. at column 21"},
        {R"({"id": "x")",
         "malformed JSON: Missing a comma or '}' after an object member. at column 11"},
        {"hello", "malformed JSON: Invalid value. at column 1"},
        // 'n' starts "null": the first byte that does not fit is the 'o'
        {"not json", "malformed JSON: Invalid value. at column 2"},
        {R"({"id":"a","text":"x"} {"id":"b","text":"y"})",
         "malformed JSON: The document root must not be followed by other values. at column 23"},
        {R"({"id":"a","text":"x"},)",
         "malformed JSON: The document root must not be followed by other values. at column 22"},
        // Valid JSON that is not an object
        {R"(["id", "text"])", "a JSON line must be an object"},
        {R"("text")", "a JSON line must be an object"},
        {"42", "a JSON line must be an object"},
        {"null", "a JSON line must be an object"},
        // Missing fields
        {R"({"text":"hello"})", R"(missing "id")"},
        {R"({"id":"","text":"hello"})", R"(missing "id")"},
        {R"({"id":null,"text":"hello"})", R"(missing "id")"},
        {R"({"id":"x"})", R"(missing "text")"},
        // Fields of the wrong type
        {R"({"id":"x","text":5})", R"(field "text" must be a string)"},
        {R"({"id":["x"],"text":"t"})", R"(field "id" must be a string)"},
        {R"({"id":1.5,"text":"t"})", R"(field "id" must be a string)"},
        {R"({"id":"x","text":"t","url":true})", R"(field "url" must be a string)"},
        {R"({"id":"x","text":"t","published":20230504})", R"(field "published" must be a string)"},
        {R"({"id":"x","text":"t","language":{"code":"fa"}})", R"(field "language" must be a string)"},
        // Latin: bad text inside a good line
        {R"({"id":"x","text":""})", "empty"},
        {R"({"id":"x","text":" \n\t "})", "empty"},
        // Persian
        {R"({"id":"x","text":"سلام\u0000"})", "binary data (NUL byte at 8)"},
        // Hindi
        {"{\"id\":\"x\",\"text\":\"भारत\xE0\xA4\"}", "not valid UTF-8 at byte 12"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        TempDir dir;
        const std::string path = dir.write("feed.jsonl", R"({"id":"before","text":"Before."})"
                                                         "\n" +
                                                             c.line +
                                                             "\n"
                                                             R"({"id":"after","text":"After."})"
                                                             "\n");
        const ReadResult r = read({path});
        const std::vector<std::string> want = {
            article_event("before", path + ":1"),
            "error " + path + ":2: " + c.reason,
            article_event("after", path + ":3"),
        };
        CHECK(join(r.events) == join(want));
    }
}

TEST_CASE("ArticleReader: an article over max_bytes is rejected, not truncated") {
    const kg::ReaderOptions options{.max_bytes = 16};
    const std::string too_large = "larger than the maximum article size (16 bytes)";

    SUBCASE(".txt files") {
        struct Case {
            std::string file;
            std::string bytes;
            bool accepted;
        };
        const std::vector<Case> cases = {
            // Latin
            {"b-sixteen.txt", "0123456789abcdef", true},
            {"c-seventeen.txt", "0123456789abcdefg", false},
            {"d-bom-not-counted.txt", kBom + "0123456789abcdef", true},
            // Persian: eight letters of two bytes each fit, nine do not
            {"e-persian-eight.txt", "سلامسلام", true},
            {"f-persian-nine.txt", "سلامسلامس", false},
            // Hindi: five letters of three bytes each fit, six do not
            {"g-hindi-five.txt", "भारतभ", true},
            {"h-hindi-six.txt", "भारतभा", false},
        };
        for (const auto& c : cases) {
            CAPTURE(c.file);
            TempDir dir;
            const std::string first = dir.write("a.txt", "Before.");
            const std::string path = dir.write(c.file, c.bytes);
            const std::string last = dir.write("z.txt", "After.");
            const std::string stem = fs::path(path).stem().string();
            const ReadResult r = read({dir.str()}, options);
            const std::vector<std::string> want = {
                article_event("a", first),
                c.accepted ? article_event(stem, path) : "error " + path + ": " + too_large,
                article_event("z", last),
            };
            CHECK(join(r.events) == join(want));
        }
    }

    SUBCASE(".jsonl lines") {
        TempDir dir;
        const std::string path = dir.write(
            "feed.jsonl", R"({"id":"fits","text":"0123456789abcdef"})"
                          "\n"
                          R"({"id":"over","text":"0123456789abcdefg"})"
                          "\n"
                          R"({"id":"long-line","text":")" +
                              std::string(5000, 'x') +
                              "\"}\n"
                              R"({"id":"after","text":"After."})"
                              "\n");
        const ReadResult r = read({path}, options);
        const std::vector<std::string> want = {
            article_event("fits", path + ":1"),
            "error " + path + ":2: " + too_large,
            "error " + path + ":3: " + too_large,
            article_event("after", path + ":4"),
        };
        CHECK(join(r.events) == join(want));
    }
}

TEST_CASE("ArticleReader::check_text: the first problem found is the reason") {
    const kg::ArticleReader reader({.max_bytes = 8});
    struct Case {
        std::string text;
        std::string reason;
    };
    const std::vector<Case> cases = {
        // Latin
        {"fine", ""},
        {"", "empty"},
        {"\r\n\t ", "empty"},
        {"123456789", "larger than the maximum article size (8 bytes)"},
        {"\0\xFF"s, "binary data (NUL byte at 0)"},
        {"a\xFF\0"s, "binary data (NUL byte at 2)"},
        {" \xFF", "not valid UTF-8 at byte 1"},
        {"\u00A0", ""},  // a no-break space is content, not blank
        // Persian
        {"سلام", ""},
        {"سلا\xD9", "not valid UTF-8 at byte 6"},
        // Hindi
        {"भा\xE0", "not valid UTF-8 at byte 6"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(reader.check_text(c.text) == c.reason);
    }
}

TEST_CASE("Diagnostic::str is SOURCE: REASON") {
    CHECK(kg::Diagnostic{"feed.jsonl:2", "missing \"id\""}.str() == "feed.jsonl:2: missing \"id\"");
    CHECK(kg::Diagnostic{"گزارش.txt", "empty"}.str() == "گزارش.txt: empty");
}
