#include "app/build_pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "extract/lexicon.h"
#include "extract/name_key.h"

namespace kg {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string clock_text(double secs) {
    const long s = static_cast<long>(secs + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

// The progress line: redrawn in place on stderr at most four times a second, wiped before a
// diagnostic is printed and at the end, so that it never mixes with other output.
class Progress {
public:
    Progress(bool on, std::size_t total_bytes) : on_(on), total_(total_bytes), t0_(Clock::now()) {}
    void update(std::size_t articles, std::size_t bytes) {
        if (!on_) return;
        const auto now = Clock::now();
        if (now - last_ < std::chrono::milliseconds(250)) return;
        last_ = now;
        const double secs = std::max(1e-3, seconds_since(t0_));
        const double mbs = static_cast<double>(bytes) / 1e6 / secs;
        std::string line = "\r" + std::to_string(articles);
        if (total_ > 0 && bytes > 0 && bytes <= total_) {
            // The input's size is known, not its article count: estimate it from the bytes.
            const double frac = static_cast<double>(bytes) / static_cast<double>(total_);
            line += "/~" + std::to_string(static_cast<std::size_t>(articles / frac));
            line += " articles  " + fixed(mbs, 2) + " MB/s  " + clock_text(secs * (1 - frac) / frac) +
                    " left";
        } else {
            line += " articles  " + fixed(mbs, 2) + " MB/s  " + clock_text(secs) + " elapsed";
        }
        line += "\x1b[K";
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
        drawn_ = true;
    }
    void wipe() {
        if (!on_ || !drawn_) return;
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }

private:
    bool on_;
    std::size_t total_;
    Clock::time_point t0_;
    Clock::time_point last_{};
    bool drawn_ = false;
};

// One article or one rejected input, numbered in reading order.
struct Item {
    std::optional<Diagnostic> diagnostic;
    bool warning = false;  // the diagnostic is a warning: the article itself follows
    Article article;
    std::optional<PreparedArticle> prepared;  // made while the lexicon was loading
    Extraction extraction;
    std::size_t bytes = 0;  // the text's size, kept when the text is dropped after extraction
    std::exception_ptr error;
};

// While the extractor is still being built (the lexicon loads for about half a second), the
// workers already read, detect the language of and fold up to this many bytes of articles,
// beyond the window: work that needs no lexicon, done on the cores the loading leaves idle.
constexpr std::size_t kEarlyBytes = std::size_t{8} << 20;

class Pipeline {
public:
    Pipeline(const ExtractorSource& source, const PipelineOptions& options)
        : source_(source), options_(options) {}

    // When the extractor came (after run). Set by the starter thread, which run joins.
    Clock::time_point ready_at() const { return ready_at_; }

    template <typename OnItem>
    void run(const std::vector<std::string>& inputs, OnItem&& on_item) {
        window_ = options_.window ? options_.window : 16 * options_.threads;
        batch_ = std::max<std::size_t>(1, window_ / 4);
        // Waits for the extractor; the consumer and the stashed articles wait for it too.
        std::thread starter([&] {
            const Extractor* ready = nullptr;
            std::exception_ptr error;
            try {
                ready = &source_.wait();
            } catch (...) {
                error = std::current_exception();
            }
            {
                std::lock_guard lock(m_);
                extractor_ = ready;
                ready_at_ = Clock::now();
                if (error) {
                    start_error_ = error;
                    stop_ = true;
                }
            }
            room_.notify_all();
            work_.notify_all();
            ready_.notify_all();
        });
        std::thread reader([&] { read_all(inputs); });
        std::vector<std::thread> workers;
        for (std::size_t t = 0; t < options_.threads; ++t) workers.emplace_back([&, t] { work(t); });
        std::exception_ptr failure;
        try {
            consume(on_item);
        } catch (...) {
            failure = std::current_exception();
        }
        {
            std::lock_guard lock(m_);
            stop_ = true;
        }
        room_.notify_all();
        work_.notify_all();
        ready_.notify_all();
        starter.join();
        reader.join();
        for (auto& w : workers) w.join();
        // A lexicon that failed to load comes first: nothing was extracted without it.
        if (start_error_) std::rethrow_exception(start_error_);
        if (failure) std::rethrow_exception(failure);
        if (reader_error_) std::rethrow_exception(reader_error_);
    }

private:
    void read_all(const std::vector<std::string>& inputs) {
        auto admit = [&](Item&& item) {
            std::unique_lock lock(m_);
            if (!stop_ && !has_room()) {
                reader_waiting_ = true;
                room_.wait(lock, [&] { return stop_ || has_room(); });
                reader_waiting_ = false;
            }
            if (stop_) return;
            if (!extractor_) early_bytes_ += item.article.text.size();
            const std::size_t seq = next_seq_++;
            // Each wakes the one thread that waits for it: a worker for an article, the
            // consumer for a diagnostic (which needs no extraction).
            if (item.diagnostic) {
                done_.emplace(seq, std::move(item));
                wake_consumer();
            } else {
                queue_.emplace_back(seq, std::move(item));
                work_.notify_one();
            }
        };
        try {
            ArticleReader(ReaderOptions{options_.max_article_bytes})
                .read(
                    inputs,
                    [&](Article&& a) {
                        Item item;
                        item.article = std::move(a);
                        admit(std::move(item));
                    },
                    [&](const Diagnostic& d) {
                        Item item;
                        item.diagnostic = d;
                        admit(std::move(item));
                    },
                    [&](const Diagnostic& d) {
                        Item item;
                        item.diagnostic = d;
                        item.warning = true;
                        admit(std::move(item));
                    });
        } catch (...) {
            std::lock_guard lock(m_);
            reader_error_ = std::current_exception();
        }
        std::lock_guard lock(m_);
        reading_done_ = true;
        work_.notify_all();
        ready_.notify_one();
    }

    // Under the lock: the reader may admit another article.
    bool has_room() const {
        return next_seq_ - consumed_ < window_ || (!extractor_ && early_bytes_ < kEarlyBytes);
    }

    // Under the lock. The consumer takes results in batches of `batch_` in a row (each wake-up
    // of a thread costs a system call and a context switch, more than a small article's merge):
    // it is woken once the next one it needs and the batch_ - 1 after it are done, or reading
    // has ended. batch_ <= window_, so a full window always wakes it.
    bool consumer_can_go() const {
        if (consumer_done()) return true;
        if (!extractor_) return false;  // a lexicon that fails to load is reported alone
        auto it = done_.find(awaited_);
        if (it == done_.end()) return false;
        if (reading_done_) return true;
        std::size_t run = 0;
        for (std::size_t want = awaited_; it != done_.end() && it->first == want && run < batch_; ++it, ++want) ++run;
        return run >= batch_;
    }
    // Under the lock: nothing more will come (stopped, or every article read has been taken).
    bool consumer_done() const { return stop_ || (reading_done_ && awaited_ == next_seq_); }
    void wake_consumer() {
        if (consumer_waiting_ && consumer_can_go()) ready_.notify_one();
    }

    // Under the lock: nothing is left for a worker, now or later.
    bool no_more_work() const { return reading_done_ && queue_.empty() && stash_.empty(); }

    // Worker `index` of options_.threads. While the lexicon loads, the last worker waits (with
    // more than one): the loading keeps a core of its own, as the others fill the rest with
    // early work; sharing every core with the loading made the first extractions wait on it.
    void work(std::size_t index) {
        const bool waits_for_lexicon = options_.threads > 1 && index + 1 == options_.threads;
        for (;;) {
            std::unique_lock lock(m_);
            work_.wait(lock, [&] {
                const bool may_take = extractor_ || !waits_for_lexicon;
                return stop_ || (may_take && !queue_.empty()) || (extractor_ && !stash_.empty()) ||
                       no_more_work();
            });
            if (stop_) return;
            std::deque<std::pair<std::size_t, Item>>& from = extractor_ && !stash_.empty() ? stash_ : queue_;
            if (from.empty()) return;  // no_more_work()
            auto [seq, item] = std::move(from.front());
            from.pop_front();
            const Extractor* extractor = extractor_;
            lock.unlock();
            try {
                if (!options_.lang.empty()) item.article.language = options_.lang;
                if (!item.prepared) item.prepared = prepare_article(item.article, source_.normalizer);
                if (!extractor) {
                    // The lexicon is loading: stash the prepared article, unless the extractor
                    // came meanwhile.
                    lock.lock();
                    extractor = extractor_;
                    if (!extractor) {
                        stash_.emplace_back(seq, std::move(item));
                        continue;
                    }
                    lock.unlock();
                }
                item.extraction = extractor->extract(item.article, std::move(*item.prepared));
                item.prepared.reset();
            } catch (...) {
                item.error = std::current_exception();
                if (lock.owns_lock()) lock.unlock();
            }
            item.bytes = item.article.text.size();
            std::string().swap(item.article.text);  // the window holds extractions, not texts
            lock.lock();
            done_.emplace(seq, std::move(item));
            wake_consumer();
        }
    }

    template <typename OnItem>
    void consume(OnItem& on_item) {
        std::vector<Item> batch;
        for (;;) {
            batch.clear();
            {
                std::unique_lock lock(m_);
                while (!consumer_can_go()) {
                    // Wake now and then without news, so the progress line keeps moving.
                    consumer_waiting_ = true;
                    ready_.wait_for(lock, std::chrono::milliseconds(250));
                    consumer_waiting_ = false;
                    on_item(nullptr);
                }
                if (consumer_done()) return;
                // Everything done in a row from the one awaited.
                for (auto it = done_.find(awaited_); it != done_.end() && it->first == awaited_;
                     it = done_.erase(it), ++awaited_)
                    batch.push_back(std::move(it->second));
            }
            for (Item& item : batch) {
                if (item.error) std::rethrow_exception(item.error);
                on_item(&item);
            }
            std::lock_guard lock(m_);
            consumed_ += batch.size();
            // The reader, stopped by a full window, goes on once half of it is free.
            if (reader_waiting_ && next_seq_ - consumed_ <= window_ / 2) room_.notify_one();
        }
    }

    const ExtractorSource& source_;
    const PipelineOptions& options_;
    const Extractor* extractor_ = nullptr;  // null until source_.wait() returns
    std::exception_ptr start_error_;        // what source_.wait() threw
    std::deque<std::pair<std::size_t, Item>> stash_;  // prepared before the extractor came
    std::size_t early_bytes_ = 0;  // text admitted before the extractor came
    Clock::time_point ready_at_{};
    std::mutex m_;
    // One condition per kind of waiter, so that news wakes only who waits for it: the reader
    // waits for room in the window, workers for articles, the consumer for the next result.
    std::condition_variable room_, work_, ready_;
    std::deque<std::pair<std::size_t, Item>> queue_;
    std::map<std::size_t, Item> done_;
    std::size_t window_ = 1;  // articles admitted and not yet consumed, at most
    std::size_t batch_ = 1;   // results the consumer takes at a time (see consumer_can_go)
    std::size_t next_seq_ = 0;
    std::size_t consumed_ = 0;
    std::size_t awaited_ = 0;  // the next result the consumer takes
    bool reader_waiting_ = false, consumer_waiting_ = false;
    bool reading_done_ = false;
    bool stop_ = false;
    std::exception_ptr reader_error_;
};

}  // namespace

struct ExtractorLoader::Loaded {
    std::unique_ptr<Lexicon> lexicon;
    NameKeyer keyer;
    std::unique_ptr<Extractor> extractor;
};

ExtractorLoader::ExtractorLoader(std::filesystem::path dir, const Normalizer& norm, std::size_t threads)
    : loading_(std::async(threads > 1 ? std::launch::async : std::launch::deferred,
                          [dir = std::move(dir), &norm] {
                              auto l = std::make_shared<Loaded>();
                              l->lexicon = Lexicon::load(dir, norm);
                              l->extractor = std::make_unique<Extractor>(*l->lexicon, l->keyer);
                              return std::shared_ptr<const Loaded>(std::move(l));
                          })
                   .share()),
      // Only one thread at a time calls it: the pipeline's starter, or the caller's.
      source_{norm, [this]() -> const Extractor& { return *loading_.get()->extractor; }} {
    if (threads <= 1) loading_.get();
}

// The loading thread, when it still runs (the command failed before its pipeline), is waited
// for: it uses the caller's normalizer.
ExtractorLoader::~ExtractorLoader() {
    if (loading_.valid()) loading_.wait();
}

std::size_t default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

std::size_t input_bytes(const std::vector<std::string>& inputs) {
    std::size_t total = 0;
    std::error_code ec;
    for (const auto& in : inputs) {
        if (in == "-") continue;
        if (fs::is_directory(in, ec)) {
            for (auto it = fs::recursive_directory_iterator(in, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                const auto ext = it->path().extension();
                if (it->is_regular_file(ec) && (ext == ".txt" || ext == ".jsonl")) {
                    auto n = it->file_size(ec);
                    if (!ec) total += n;
                }
            }
        } else {
            auto n = fs::file_size(in, ec);
            if (!ec) total += n;
        }
    }
    return total;
}

BuildStats run_pipeline(const std::vector<std::string>& inputs, const Extractor& extractor,
                        KnowledgeGraph& graph, const PipelineOptions& options,
                        const std::function<void(const Diagnostic&)>& on_diagnostic,
                        const std::function<void(const Diagnostic&)>& on_warning) {
    const ExtractorSource ready{extractor.normalizer(), [&]() -> const Extractor& { return extractor; }};
    return run_pipeline(inputs, ready, graph, options, on_diagnostic, on_warning);
}

BuildStats run_pipeline(const std::vector<std::string>& inputs, const ExtractorSource& source,
                        KnowledgeGraph& graph, const PipelineOptions& options,
                        const std::function<void(const Diagnostic&)>& on_diagnostic,
                        const std::function<void(const Diagnostic&)>& on_warning) {
    BuildStats stats;
    stats.threads = std::max<std::size_t>(1, options.threads);
    auto t0 = Clock::now();
    Progress progress(options.progress, options.progress ? input_bytes(inputs) : 0);
    auto diagnose = [&](const Diagnostic& d) {
        progress.wipe();
        ++stats.rejected;
        on_diagnostic(d);
    };
    auto warn = [&](const Diagnostic& d) {
        progress.wipe();
        if (on_warning) on_warning(d);
    };
    auto merge = [&](Extraction&& x, std::size_t text_bytes) {
        stats.languages[x.lang] += 1;
        graph.merge(std::move(x));
        ++stats.accepted;
        stats.bytes += text_bytes;
        progress.update(stats.accepted + stats.rejected, stats.bytes);
    };

    if (stats.threads == 1) {
        // One thread: no queue at all, so a one-core measurement measures only the work.
        const Extractor& extractor = source.wait();
        ArticleReader(ReaderOptions{options.max_article_bytes})
            .read(
                inputs,
                [&](Article&& a) {
                    if (!options.lang.empty()) a.language = options.lang;
                    merge(extractor.extract(a), a.text.size());
                },
                diagnose, warn);
    } else {
        PipelineOptions opts = options;
        opts.threads = stats.threads;
        Pipeline pipeline(source, opts);
        pipeline.run(inputs, [&](Item* item) {
            if (!item) {
                progress.update(stats.accepted + stats.rejected, stats.bytes);
                return;
            }
            if (item->diagnostic) return item->warning ? warn(*item->diagnostic) : diagnose(*item->diagnostic);
            merge(std::move(item->extraction), item->bytes);
        });
        // Timed from when the extractor came, as with one thread: the lexicon's load is no part
        // of the pipeline's rate (what was prepared meanwhile is a head start).
        t0 = std::max(t0, pipeline.ready_at());
    }
    progress.wipe();
    stats.seconds = seconds_since(t0);
    return stats;
}

std::string summary_line(const BuildStats& s) {
    const double secs = std::max(1e-6, s.seconds);
    std::ostringstream out;
    const std::size_t read = s.accepted + s.rejected;
    out << read << (read == 1 ? " article" : " articles");
    if (s.rejected) out << " (" << s.rejected << " rejected)";
    out << ", " << fixed(static_cast<double>(s.bytes) / 1e6, 1) << " MB in " << fixed(s.seconds, 2)
        << " s: " << fixed(static_cast<double>(s.bytes) / 1e6 / secs, 2) << " MB/s, "
        << static_cast<std::size_t>(static_cast<double>(s.accepted) / secs) << " articles/s, "
        << s.threads << (s.threads == 1 ? " thread" : " threads");
    return out.str();
}

}  // namespace kg
