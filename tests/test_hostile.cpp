// Hostile and broken input: legacy encodings, NUL bytes, huge, numerous and nested inputs,
// escaped surrogates, look-alike letters and bidi controls in names, markup in names and
// sentences, the rejected-articles report, and builds killed while they run.
// Fixtures: tests/data/hostile/ (see its README) and bytes made here with ICU's converters.
#include <doctest/doctest.h>

#include <graphviz/cgraph.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "command_run.h"
#include "export/dot_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "extract/article.h"
#include "extract/dates.h"
#include "extract/extractor.h"
#include "extract/lexicon.h"
#include "graph_dump.h"

namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

const fs::path kSource = KG_SOURCE_DIR;
const fs::path kHostile = kSource / "tests/data/hostile";
const std::string kKg = KG_BINARY;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void spit(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh directory under the temp directory, removed with everything in it.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) {
        path = fs::temp_directory_path() / ("kg_hostile_" + name + "_" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// The shipped lexicons and an extractor on them, built once.
struct World {
    kg::Normalizer norm;
    std::unique_ptr<kg::Lexicon> lex = kg::Lexicon::load(KG_DEFAULT_DATA_DIR, norm);
    kg::NameKeyer keyer;
    kg::Extractor ex{*lex, keyer};
};

World& world() {
    static World w;
    return w;
}

std::set<std::string> entity_keys(const kg::Extraction& x) {
    std::set<std::string> keys;
    for (const auto& n : x.nodes)
        if (kg::is_entity(n.kind)) keys.insert(n.key);
    return keys;
}

kg::Extraction extract(const std::string& text, const std::string& lang) {
    kg::Article a;
    a.id = "t";
    a.text = text;
    a.language = lang;
    return world().ex.extract(a);
}

// UTF-8 to a legacy charset with ICU ('?' for what it cannot hold), and back.
std::string to_charset(const std::string& utf8, const char* charset) {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open(charset, &st), ucnv_close);
    REQUIRE(U_SUCCESS(st));
    ucnv_setSubstChars(conv.get(), "?", 1, &st);
    std::string out(static_cast<std::size_t>(u.length()) * 4 + 16, '\0');
    const int32_t n = ucnv_fromUChars(conv.get(), out.data(), static_cast<int32_t>(out.size()),
                                      u.getBuffer(), u.length(), &st);
    REQUIRE(U_SUCCESS(st));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string from_charset(const std::string& bytes, const char* charset) {
    const icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), charset);
    std::string out;
    u.toUTF8String(out);
    return out;
}

struct ReadResult {
    std::vector<kg::Article> articles;
    std::vector<std::string> events;  // "article ID", "error SOURCE: REASON", "warning ..."
};

ReadResult read(const std::vector<std::string>& inputs, kg::ReaderOptions options = {}) {
    ReadResult r;
    kg::ArticleReader(options).read(
        inputs,
        [&](kg::Article&& a) {
            r.events.push_back("article " + a.id);
            r.articles.push_back(std::move(a));
        },
        [&](const kg::Diagnostic& d) { r.events.push_back("error " + d.str()); },
        [&](const kg::Diagnostic& d) { r.events.push_back("warning " + d.str()); });
    return r;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// One run of the kg binary: exit code, stdout and stderr together, peak memory.
struct Run {
    int code = -1;
    std::string out;
    long max_rss_kb = 0;
};

Run run_kg(const std::vector<std::string>& args, const fs::path& log) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::FILE* f = std::fopen(log.c_str(), "w");
        if (!f) ::_exit(127);
        ::dup2(::fileno(f), 1);
        ::dup2(::fileno(f), 2);
        // Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) and
        // counts in the peak: keep it small so that the peak measures what kg holds.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string opts = std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "quarantine_size_mb=1";
        ::setenv("ASAN_OPTIONS", opts.c_str(), 1);
        std::vector<char*> argv{const_cast<char*>(kKg.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(kKg.c_str(), argv.data());
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(log);
    r.max_rss_kb = usage.ru_maxrss;
    return r;
}

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

// Runs dot on a DOT file and checks, with Python's XML parser, that the SVG is well-formed and
// holds no element or attribute that could run script. Returns "ok" or what is wrong.
std::string svg_verdict(const fs::path& dot_file, const fs::path& dir) {
    const fs::path svg = dir / "graph.svg";
    const std::string draw = "dot -Tsvg '" + dot_file.string() + "' -o '" + svg.string() + "' 2>&1";
    if (std::system(draw.c_str()) != 0) return "dot failed";
    const fs::path script = dir / "check_svg.py";
    spit(script,
         "import sys, xml.etree.ElementTree as E\n"
         "root = E.parse(sys.argv[1]).getroot()\n"
         "bad = [e.tag for e in root.iter() if e.tag.split('}')[-1].lower() in\n"
         "       ('script', 'img', 'iframe', 'foreignobject', 'object', 'embed')]\n"
         "bad += [k for e in root.iter() for k in e.attrib if k.lower().startswith('on')]\n"
         "bad += [v for e in root.iter() for k, v in e.attrib.items() if 'javascript:' in v]\n"
         "print('ok' if not bad else 'markup: ' + ' '.join(bad))\n");
    const std::string cmd = "python3 '" + script.string() + "' '" + svg.string() + "' 2>&1";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return "cannot run python3";
    std::array<char, 4096> buf{};
    std::string out;
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    ::pclose(p);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

// No bidi control, invisible joiner, line break, and no word mixing Latin with Cyrillic/Greek.
bool looks_honest(const std::string& s) {
    for (const char* bad : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                            "\u2068", "\u2069", "\u200E", "\u200F", "\u200D", "\u200B", "\n"})
        if (contains(s, bad)) return false;
    return world().norm.unmix(s) == s;
}

std::vector<std::string> hostile_strings() {
    rapidjson::Document d;
    const std::string text = slurp(kHostile / "names.json");
    d.Parse(text.data(), text.size());
    REQUIRE(d.IsArray());
    std::vector<std::string> out;
    for (const auto& v : d.GetArray()) out.emplace_back(v.GetString(), v.GetStringLength());
    return out;
}

}  // namespace

TEST_CASE("Legacy encodings are converted with a warning and give the entities of their UTF-8 form") {
    struct Case {
        std::string file;
        const char* charset;
        std::string lang;
        std::string warning;
    };
    const std::vector<Case> cases = {
        // Arabic
        {"samples/001_ed9f55617d7db0d4.txt", "windows-1256", "ar",
         "not UTF-8: converted from windows-1256 (confidence 69)"},
        // Russian
        {"tests/data/dev/articles/105_ru_rossiya-egipet-pshenitsa.txt", "windows-1251", "ru",
         "not UTF-8: converted from windows-1251 (confidence 46)"},
        // French
        {"tests/data/dev/articles/111_fr_algerie-italie-gaz.txt", "ISO-8859-1", "fr",
         "not UTF-8: converted from ISO-8859-1 (confidence 79)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const std::string utf8 = slurp(kSource / c.file);
        const std::string legacy = to_charset(utf8, c.charset);
        REQUIRE_FALSE(kg::valid_utf8(legacy));
        TempDir dir("legacy");
        const fs::path path = dir.path / "article.txt";
        spit(path, legacy);
        const ReadResult r = read({path.string()});
        CHECK(join(r.events) ==
              join({"warning " + path.string() + ": " + c.warning, "article article"}));
        REQUIRE(r.articles.size() == 1);
        // Exactly what ICU makes of the bytes when told the charset.
        CHECK(r.articles[0].text == from_charset(legacy, c.charset));
        const auto converted = entity_keys(extract(r.articles[0].text, c.lang));
        CHECK(converted.size() >= 3);
        CHECK(converted == entity_keys(extract(utf8, c.lang)));
    }
}

TEST_CASE("Text that is not UTF-8 and not clearly a legacy encoding is rejected with the reason") {
    const std::string arabic = slurp(kSource / "samples/001_ed9f55617d7db0d4.txt");
    // Damaged UTF-8: the second byte of a letter cut out in the middle of a long article.
    std::size_t cut = 200;
    while (static_cast<unsigned char>(arabic[cut]) < 0xC0) ++cut;
    const std::string damaged = arabic.substr(0, cut + 1) + arabic.substr(cut + 2);
    struct Case {
        std::string bytes;
        std::string reason;
    };
    const std::vector<Case> cases = {
        // Latin: one stray byte could be any of three encodings
        {"abc\x80" "def", "not valid UTF-8 at byte 3, and not clearly in another encoding (best "
                          "guess windows-1252, confidence 37)"},
        // Arabic: mostly UTF-8, so not converted as windows-1256 into mojibake
        {damaged, "not valid UTF-8 at byte " + std::to_string(cut)},
        // Russian: Windows-1251 bytes inside a UTF-8 article
        {"Москва " + to_charset("Москва и Каир", "windows-1251"),
         "not valid UTF-8 at byte 13, and not clearly in another encoding (best guess "
         "windows-1251, confidence 23)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.reason);
        TempDir dir("unclear");
        const fs::path path = dir.path / "a.txt";
        spit(path, c.bytes);
        CHECK(join(read({path.string()}).events) == join({"error " + path.string() + ": " + c.reason}));
    }
}

TEST_CASE("A UTF-8 BOM and CRLF line ends give the same article entities as plain UTF-8") {
    const std::string utf8 = slurp(kSource / "samples/001_ed9f55617d7db0d4.txt");
    std::string crlf = "\xEF\xBB\xBF";
    for (char c : utf8) crlf += c == '\n' ? "\r\n"s : std::string(1, c);
    TempDir dir("bom");
    spit(dir.path / "crlf.txt", crlf);
    const ReadResult r = read({(dir.path / "crlf.txt").string()});
    REQUIRE(r.articles.size() == 1);
    CHECK(r.events.size() == 1);
    const auto keys = entity_keys(extract(r.articles[0].text, "ar"));
    CHECK(keys.size() >= 3);
    CHECK(keys == entity_keys(extract(utf8, "ar")));
}

TEST_CASE("NUL bytes, escaped surrogates, nested and huge JSON lines: one diagnostic each") {
    const std::string deep_ok = std::string(100000, '[') + std::string(100000, ']');
    std::string many_members = "{";
    for (int i = 0; i < 200000; ++i) many_members += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    many_members += R"("id":"members","text":"Many members.")" "}";
    struct Case {
        std::string line;
        std::string event;  // "article ID" or the reason
    };
    const std::vector<Case> cases = {
        {R"({"id":"nul","text":"Lavrov\u0000met"})", "binary data (NUL byte at 6)"},
        {"{\"id\":\"raw-nul\",\"text\":\"Lav\0rov\"}"s, "malformed JSON: Missing a closing quotation mark in string. at column 28"},
        {R"({"id":"nul-id\u0000","text":"Lavrov"})", R"(field "id" holds a control character)"},
        {R"({"id":"new\nline","text":"Lavrov"})", R"(field "id" holds a control character)"},
        {"{\"id\":\"bad-\xFF\",\"text\":\"Lavrov\"}", R"(field "id" is not valid UTF-8)"},
        {R"({"id":"x","text":"Lavrov","url":"http://a\u2028b\u0007"})", R"(field "url" holds a control character)"},
        // An unpaired high surrogate is a JSON error; an unpaired low one decodes to bytes that
        // are no UTF-8 at all.
        {R"({"id":"hi","text":"x \ud800 y"})",
         "malformed JSON: The surrogate pair in string is invalid. at column 22"},
        {R"({"id":"lo","text":"x \udc00 y"})", "an unpaired UTF-16 surrogate (\\udc00) at byte 2"},
        {R"({"id":"pair","text":"x \ud83d\ude00 y"})", "article pair"},
        // A hundred thousand levels of nesting: parsed without recursion
        {R"({"id":"deep","text":"Deep.","extra":)" + deep_ok + "}", "article deep"},
        {R"({"id":"deeper","text":"Deep.","extra":)" + std::string(100000, '['),
         "malformed JSON: Invalid value. at column 100039"},
        {many_members, "article members"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.event);
        TempDir dir("lines");
        const fs::path path = dir.path / "feed.jsonl";
        spit(path, R"({"id":"before","text":"Before."})" "\n" + c.line + "\n" R"({"id":"after","text":"After."})");
        const ReadResult r = read({path.string()});
        const std::string middle =
            c.event.starts_with("article ") ? c.event : "error " + path.string() + ":2: " + c.event;
        CHECK(join(r.events) == join({"article before", middle, "article after"}));
    }
}

TEST_CASE("A 200 MB article is refused, .txt or .jsonl, without holding it in memory") {
    TempDir dir("huge");
    const std::size_t big = 200u << 20;
    fs::create_directories(dir.path / "in");
    {
        const std::string text = "Sergey Lavrov met Wang Yi. ";
        std::ofstream txt(dir.path / "in" / "b-huge.txt", std::ios::binary);
        std::ofstream jsonl(dir.path / "in" / "c-feed.jsonl", std::ios::binary);
        jsonl << R"({"id":"first","text":"Sergey Lavrov met Wang Yi."})" "\n" R"({"id":"huge","text":")";
        for (std::size_t n = 0; n < big; n += text.size()) {
            txt << text;
            jsonl << text;
        }
        jsonl << "\"}\n" R"({"id":"last","text":"Wang Yi met Sergey Lavrov."})" "\n";
    }
    spit(dir.path / "in" / "a.txt", "Sergey Lavrov met Wang Yi in Beijing.");
    spit(dir.path / "small" / "a.txt", "Sergey Lavrov met Wang Yi in Beijing.");

    const Run small = run_kg({"build", (dir.path / "small").string(), "--out", (dir.path / "o1").string()},
                             dir.path / "log1");
    REQUIRE(small.code == 0);
    const Run huge = run_kg({"build", (dir.path / "in").string(), "--out", (dir.path / "o2").string()},
                            dir.path / "log2");
    CHECK(huge.code == 1);
    const std::string in = (dir.path / "in").string();
    CHECK(contains(huge.out, "kg: " + in + "/b-huge.txt: larger than the maximum article size (16777216 bytes)\n"));
    CHECK(contains(huge.out, "kg: " + in + "/c-feed.jsonl:2: larger than the maximum article size (16777216 bytes)\n"));
    CHECK(contains(huge.out, "articles: 5 read, 3 accepted, 2 rejected\n"));
    // The lexicons dominate a small build; the 200 MB inputs may add their 16 MB read limit and
    // a little, never the 200 MB.
    CAPTURE(small.max_rss_kb);
    CAPTURE(huge.max_rss_kb);
    CHECK(huge.max_rss_kb < small.max_rss_kb + 64 * 1024);
}

TEST_CASE("A million one-line articles are read, each with its own line number") {
    TempDir dir("million");
    const fs::path path = dir.path / "million.jsonl";
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 1; i <= 1000000; ++i) {
            if (i % 250000 == 0) out << "{\"id\":\"bad" << i << "\"}\n";
            else out << "{\"id\":\"a" << i << "\",\"text\":\"Lavrov met Wang Yi.\"}\n";
        }
    }
    std::size_t articles = 0;
    std::vector<std::string> errors;
    std::string last_id;
    kg::ArticleReader().read(
        {path.string()},
        [&](kg::Article&& a) {
            ++articles;
            last_id = a.id;
        },
        [&](const kg::Diagnostic& d) { errors.push_back(d.str()); });
    CHECK(articles == 999996);
    CHECK(last_id == "a999999");
    const std::string p = path.string();
    CHECK(join(errors) == join({p + ":250000: missing \"text\"", p + ":500000: missing \"text\"",
                                p + ":750000: missing \"text\"", p + ":1000000: missing \"text\""}));
}

TEST_CASE("display_safe: controls and look-alikes cannot make one name show as another") {
    struct Case {
        std::string in;
        std::string out;
    };
    const std::vector<Case> cases = {
        // Latin with a Cyrillic а, a Greek ο, a capital Cyrillic С
        {"L\u0430vrov", "Lavrov"},
        {"Lavr\u03bfv", "Lavrov"},
        {"\u0421ergey Lavrov", "Cergey Lavrov"},  // Cyrillic С looks like C, so it is shown as C
        // Invisible joiners and bidi overrides and isolates
        {"Lav\u200drov", "Lavrov"},
        {"\u202eLavrov\u202c", "Lavrov"},
        {"\u202evorvaL\u202c", "vorvaL"},
        {"Sergey\u2066 Lavrov\u2069", "Sergey Lavrov"},
        // Line breaks and controls are spaces, once
        {"Sergey\n\r\nLavrov\t", "Sergey Lavrov"},
        // Russian: a Latin a and o in a Cyrillic name are written in Cyrillic
        {"\u041bavr\u043ev", "\u041bavrov"},
        {"\u041b\u0430\u0432po\u0432", "\u041b\u0430\u0432\u0440\u043e\u0432"},
        {"Сергей Лавров", "Сергей Лавров"},
        // Greek alone is left alone
        {"Ιωάννης", "Ιωάννης"},
        // Persian: ZWNJ separates the parts of a word and stays
        {"نخست\u200cوزیر", "نخست\u200cوزیر"},
        // Hindi and Arabic pass as they are
        {"सर्गेई लावरोव", "सर्गेई लावरोव"},
        {"سيرغي لافروف", "سيرغي لافروف"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        CHECK(kg::display_safe(c.in, world().norm) == c.out);
    }
}

TEST_CASE("Normalizer: a Latin name with look-alike letters folds like the name, offsets intact") {
    const kg::Normalizer& norm = world().norm;
    struct Case {
        std::string text;
        kg::Span span;  // the original bytes of the whole folded name
    };
    const std::vector<Case> cases = {
        {"L\u0430vrov", {0, 7}},
        {"Lavr\u03bfv", {0, 7}},
        {"Lav\u200drov", {0, 9}},
        {"\u202eLavrov\u202c", {3, 12}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const kg::NormalizedText nt = norm.normalize(c.text);
        CHECK(nt.text == "lavrov");
        CHECK(nt.to_original.size() == nt.text.size() + 1);
        CHECK(nt.original_span(0, static_cast<std::uint32_t>(nt.text.size())) == c.span);
        // The Cyrillic а is two bytes: the 'a' folded from it maps back to both.
        if (c.text.starts_with("L\u0430")) CHECK(nt.original_span(1, 2) == kg::Span{1, 3});
    }
    // Russian: Cyrillic with Latin look-alikes folds like the Cyrillic name
    CHECK(norm.fold("\u041bavrov") == norm.fold("\u041b\u0430\u0432\u0440\u043e\u0432").substr(0, 2) + "avrov");
    CHECK(norm.fold("\u041b\u0430\u0432po\u0432") == norm.fold("Лавров"));
}

TEST_CASE("Look-alike letters, joiners and bidi controls make no second Lavrov and no spoofed name") {
    const std::string text = slurp(kHostile / "spoofing.txt");
    const kg::Extraction x = extract(text, "en");
    std::set<std::string> people;
    for (const auto& n : x.nodes)
        if (n.kind == kg::NodeKind::Person) people.insert(n.key);
    CHECK(people == std::set<std::string>{"person:s-jaishankar", "person:sergey-lavrov",
                                          "person:wang-yi"});
    // Every mention of every spelling is Lavrov's: four sentences, four mentions at least.
    for (const auto& n : x.nodes) {
        if (n.key == "person:sergey-lavrov") {
            std::set<std::string> sentences;
            for (const auto& m : n.mentions) sentences.insert(m.sentence());
            CHECK(sentences.size() == 4);
        }
        CAPTURE(n.key);
        CHECK(looks_honest(n.name));
        for (const auto& f : n.forms) {
            CAPTURE(f.form);
            CHECK(looks_honest(f.form));
        }
    }
}

TEST_CASE("Hostile names, forms, attributes, ids and sentences: JSON-LD reads back, DOT parses, SVG has no markup") {
    const std::vector<std::string> strings = hostile_strings();
    REQUIRE(strings.size() >= 20);
    kg::KnowledgeGraph g;
    kg::Extraction x;
    for (std::size_t i = 0; i < strings.size(); ++i) {
        const std::string& s = strings[i];
        const std::string article = s.empty() ? "empty" : s;
        x.nodes.push_back(kg::testing::node("person:hostile-" + std::to_string(i), kg::NodeKind::Person, s,
                                            "en", {kg::testing::ev(article, 0, 5, s, "en")},
                                            {{"topic", s}}));
        if (i > 0)
            x.edges.push_back({"person:hostile-" + std::to_string(i - 1),
                               "person:hostile-" + std::to_string(i), "participant",
                               {kg::testing::ev(article, 1, 2, s, "en")}});
    }
    g.merge(x);

    const std::string jsonld = kg::output::to_jsonld(g);
    rapidjson::Document d;
    d.Parse(jsonld.data(), jsonld.size());
    CHECK_FALSE(d.HasParseError());
    CHECK(kg::testing::dump(kg::output::read_jsonld(jsonld, "hostile")) == kg::testing::dump(g));

    const std::string dot = kg::output::to_dot(g);
    Agraph_t* parsed = agmemread(dot.c_str());
    REQUIRE(parsed != nullptr);
    CHECK(static_cast<std::size_t>(agnnodes(parsed)) == g.num_nodes());
    CHECK(static_cast<std::size_t>(agnedges(parsed)) == g.num_edges());
    for (std::size_t i = 0; i < strings.size(); ++i) {
        std::string key = "person:hostile-" + std::to_string(i);
        Agnode_t* n = agnode(parsed, key.data(), 0);
        REQUIRE(n != nullptr);
        const char* label = agget(n, const_cast<char*>("label"));
        REQUIRE(label != nullptr);
        // What dot draws: doubled backslashes and &amp; decode to what the name says.
        std::string drawn;
        for (std::size_t k = 0; label[k]; ++k) {
            if (label[k] == '\\' && label[k + 1]) ++k;
            drawn += label[k];
        }
        CAPTURE(strings[i]);
        CHECK_FALSE(contains(drawn, "\n"));
        CHECK(drawn.size() + 4 >= strings[i].size() / 2);
    }
    agclose(parsed);

    TempDir dir("svg");
    spit(dir.path / "graph.dot", dot);
    CHECK(svg_verdict(dir.path / "graph.dot", dir.path) == "ok");
}

TEST_CASE("kg build on the hostile fixtures: every output parses and markup stays text") {
    TempDir dir("fixtures");
    const Run r = run_kg({"build", "--lang", "en", kHostile.string(), "--out", (dir.path / "out").string()},
                         dir.path / "log");
    CAPTURE(r.out);
    CHECK(r.code == 0);
    const kg::KnowledgeGraph g = kg::output::read_jsonld_file(dir.path / "out" / "graph.jsonld");
    std::size_t lavrovs = 0;
    bool script_kept_as_text = false;
    for (auto v : g.sorted_vertices()) {
        const kg::GraphNode& n = g.node(v);
        if (n.kind == kg::NodeKind::Person && contains(world().norm.fold(n.name), "lavrov")) ++lavrovs;
        CHECK(looks_honest(n.name));
        for (const auto& m : n.mentions)
            if (contains(m.sentence(), "<script>alert('kg')</script>")) script_kept_as_text = true;
    }
    CHECK(lavrovs == 1);
    CHECK(script_kept_as_text);
    const std::string dot = slurp(dir.path / "out" / "graph.dot");
    Agraph_t* parsed = agmemread(dot.c_str());
    CHECK(parsed != nullptr);
    if (parsed) agclose(parsed);
    CHECK(svg_verdict(dir.path / "out" / "graph.dot", dir.path) == "ok");
    CHECK(slurp(dir.path / "out" / "rejected.jsonl").empty());
}

TEST_CASE("kg build lists every rejected article in rejected.jsonl and says how many were read") {
    TempDir dir("report");
    const fs::path in = dir.path / "in";
    spit(in / "a-good.txt", "Sergey Lavrov met Wang Yi in Beijing.");
    spit(in / "b-nul.txt", "Lavrov\0met"s);
    spit(in / "c-arabic-1256.txt", to_charset(slurp(kSource / "samples/001_ed9f55617d7db0d4.txt"), "windows-1256"));
    spit(in / "d-feed.jsonl", R"({"id":"ok","text":"Wang Yi met Sergey Lavrov."})" "\n"
                              R"({"id":"no-text"})" "\n"
                              "{\"id\": \n"
                              R"({"id":"empty","text":"  "})" "\n");
    const std::string out = (dir.path / "out").string();
    const Run r = run_kg({"build", in.string(), "--out", out}, dir.path / "log");
    CHECK(r.code == 1);
    CHECK(contains(r.out, "kg: warning: " + (in / "c-arabic-1256.txt").string() +
                              ": not UTF-8: converted from windows-1256 (confidence 69)\n"));
    CHECK(contains(r.out, "articles: 7 read, 3 accepted, 4 rejected\n"));
    CHECK(contains(r.out, "rejected articles and reasons: " + out + "/rejected.jsonl\n"));
    const std::string feed = (in / "d-feed.jsonl").string();
    CHECK(slurp(dir.path / "out" / "rejected.jsonl") ==
          join({R"({"file":")" + (in / "b-nul.txt").string() + R"j(","line":null,"id":"b-nul","reason":"binary data (NUL byte at 6)"})j",
                R"({"file":")" + feed + R"(","line":2,"id":"no-text","reason":"missing \"text\""})",
                R"({"file":")" + feed + R"(","line":3,"id":null,"reason":"malformed JSON: Invalid value. at column 8"})",
                R"({"file":")" + feed + R"(","line":4,"id":"empty","reason":"empty"})"}));
    // A clean build replaces the report: no stale rejections.
    fs::remove(in / "b-nul.txt");
    fs::remove(in / "d-feed.jsonl");
    const Run clean = run_kg({"build", in.string(), "--out", out}, dir.path / "log2");
    CHECK(clean.code == 0);
    CHECK(contains(clean.out, "articles: 2 read, 2 accepted, 0 rejected\n"));
    CHECK(slurp(dir.path / "out" / "rejected.jsonl").empty());
}

TEST_CASE("Killing kg build at any moment leaves the previous outputs whole") {
    TempDir dir("kill");
    // The previous graph: the samples.
    const fs::path out = dir.path / "out";
    REQUIRE(run_kg({"build", "--quiet", (kSource / "samples").string(), "--out", out.string()}, dir.path / "log0").code == 0);
    const std::vector<std::string> files = {"graph.jsonld", "graph.dot", "rejected.jsonl"};
    std::vector<std::string> before;
    for (const auto& f : files) before.push_back(slurp(out / f));

    // A larger input: the samples and development articles, many times under new ids.
    const std::string feed =
        kg_test::jsonl_feed({kSource / "samples", kSource / "tests/data/dev/articles"}, 2, "-");
    const fs::path input = dir.path / "big.jsonl";
    spit(input, feed);

    // The finished build, and how long it takes (only to spread the kills over it).
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(run_kg({"build", "--quiet", input.string(), "--out", (dir.path / "full").string()}, dir.path / "log1").code == 0);
    const auto full = std::chrono::steady_clock::now() - t0;
    std::vector<std::string> after;
    for (const auto& f : files) after.push_back(slurp(dir.path / "full" / f));
    REQUIRE(after[0] != before[0]);

    int killed_midway = 0;
    for (double fraction : {0.05, 0.2, 0.5, 0.9, 1.0}) {
        CAPTURE(fraction);
        const pid_t pid = kg_test::start_kg({"build", "--quiet", input.string(), "--out", out.string()});
        std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::microseconds>(full * fraction));
        ::kill(pid, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        if (WIFSIGNALED(status)) ++killed_midway;
        for (std::size_t i = 0; i < files.size(); ++i) {
            CAPTURE(files[i]);
            const std::string now = slurp(out / files[i]);
            // Whole: the previous file, or (when the kill came after its rename) the new one.
            CHECK((now == before[i] || now == after[i]));
        }
        CHECK_NOTHROW(kg::output::read_jsonld_file(out / "graph.jsonld"));
        // The next kill starts from the previous graph again.
        for (std::size_t i = 0; i < files.size(); ++i) spit(out / files[i], before[i]);
    }
    // Timing on a loaded machine varies; the first kills come early enough to land midway.
    CHECK(killed_midway >= 1);
}

TEST_CASE("The JSON-LD reader of kg path refuses deeply nested files with a reason, not a crash") {
    const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
    CHECK_THROWS_WITH_AS(kg::output::read_jsonld(deep, "deep.jsonld"),
                         "deep.jsonld: not a kg graph (no @graph array)", std::runtime_error);
    const std::string open = "{\"@graph\":" + std::string(1000000, '[');
    CHECK_THROWS_WITH_AS(kg::output::read_jsonld(open, "open.jsonld"),
                         "open.jsonld: not JSON: Invalid value. at byte 1000010", std::runtime_error);
}

TEST_CASE("to_iso: only four-digit Gregorian years, whatever the calendar (found by fuzz_dates)") {
    struct Case {
        const char* calendar;
        int year, month, day;
        std::optional<std::string> iso;
    };
    const std::vector<Case> cases = {
        // Persian: 9992 and 9999 would be Gregorian 106xx; 1403 is 2024
        {"persian", 9992, 9, 9, std::nullopt},
        {"persian", 9999, 1, 1, std::nullopt},
        {"persian", 1403, 1, 1, "2024-03-20"},
        // Hijri (civil)
        {"islamic", 9999, 1, 1, std::nullopt},
        {"islamic", 1445, 9, 1, "2024-03-11"},
        // Gregorian: year 0 and five digits are not ISO years here
        {"gregorian", 0, 1, 1, std::nullopt},
        {"gregorian", 10000, 1, 1, std::nullopt},
        {"gregorian", 9999, 12, 31, "9999-12-31"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.calendar);
        CAPTURE(c.year);
        CHECK(kg::to_iso(c.calendar, c.year, c.month, c.day) == c.iso);
    }
}
