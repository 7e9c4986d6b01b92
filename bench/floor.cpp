// kg_floor: the Unicode floor of kg build. Only ICU's NFKC case fold and a word-break pass over
// the same bytes, on one thread: no extraction could run faster than what these two cost.
//
//   kg_floor FILE...      (one article per line, as the .jsonl shards of bench/gen_corpus)
// Prints, for each pass and for both together, the bytes, the seconds and the MB/s.
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string slurp(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string(path) + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The articles as kg sees them: one per line.
std::vector<std::string_view> lines(const std::string& text) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        if (eol > pos) out.emplace_back(text.data() + pos, eol - pos);
        pos = eol + 1;
    }
    return out;
}

void check(UErrorCode ec, const char* what) {
    if (U_FAILURE(ec)) throw std::runtime_error(std::string(what) + ": " + u_errorName(ec));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage: kg_floor FILE...\n\nTimes ICU's NFKC case fold and a word break "
                     "pass over the lines of FILE, one thread.\n";
        return argc < 2 ? 2 : 0;
    }
    try {
        std::vector<std::string> files;
        for (int i = 1; i < argc; ++i) files.push_back(slurp(argv[i]));
        std::vector<std::string_view> articles;
        std::size_t bytes = 0;
        for (const auto& f : files)
            for (auto l : lines(f)) {
                articles.push_back(l);
                bytes += l.size();
            }

        UErrorCode ec = U_ZERO_ERROR;
        const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(ec);
        check(ec, "NFKC_Casefold");
        std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), ec));
        check(ec, "word BreakIterator");

        std::size_t folded_bytes = 0;
        auto t0 = Clock::now();
        std::string out;
        for (auto a : articles) {
            out.clear();
            icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(a.size()));
            nfkc_cf->normalizeUTF8(0, icu::StringPiece(a.data(), static_cast<int32_t>(a.size())), sink, nullptr, ec);
            check(ec, "normalizeUTF8");
            folded_bytes += out.size();
        }
        const double fold_s = std::chrono::duration<double>(Clock::now() - t0).count();

        std::size_t word_count = 0;
        t0 = Clock::now();
        UText* ut = nullptr;
        for (auto a : articles) {
            ut = utext_openUTF8(ut, a.data(), static_cast<int64_t>(a.size()), &ec);
            check(ec, "utext_openUTF8");
            words->setText(ut, ec);
            check(ec, "setText");
            for (int32_t p = words->first(); p != icu::BreakIterator::DONE; p = words->next())
                if (words->getRuleStatus() != UBRK_WORD_NONE) ++word_count;
        }
        utext_close(ut);
        const double break_s = std::chrono::duration<double>(Clock::now() - t0).count();

        auto line = [&](const char* what, double s) {
            std::printf("%-6s %10.1f MB %8.3f s %9.1f MB/s\n", what, bytes / 1e6, s, bytes / 1e6 / s);
        };
        std::printf("floor: %zu articles, %zu bytes, %zu words, %zu folded bytes\n", articles.size(), bytes,
                    word_count, folded_bytes);
        line("fold", fold_s);
        line("words", break_s);
        line("both", fold_s + break_s);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "kg_floor: " << e.what() << "\n";
        return 1;
    }
}
