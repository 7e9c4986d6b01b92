// Atomic file output: a file is either complete or not written.
//
// Owns: the temporary-file-then-rename protocol used for every output of kg.
// Input: a path and the full contents. Output: the file, replaced in one rename.
//   kg::output::write_file_atomically("out/graph.jsonld", text);
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "export/text_sink.h"

namespace kg::output {

// Writes `contents` to a temporary file beside `path`, flushes it to disk, then renames it over
// `path`, so a reader (or a crash) never sees a half-written file. Creates missing parent
// directories. Throws std::runtime_error naming the path and the system's reason on failure,
// after removing the temporary file. Thread-safe for distinct paths.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// The first half of write_file_atomically: writes and flushes `contents` to a fresh temporary
// file beside `path` (creating missing directories) and returns that file's name; the caller
// renames it into place or unlinks it. Throws std::runtime_error as above, leaving no file.
std::string stage_file(const std::filesystem::path& path, std::string_view contents);

// stage_file for a text written piece by piece: the temporary file (made by stage_file, so by
// the same rules) is open for writing through sink(), and finish() flushes it to disk, closes it
// and returns its name for the caller to rename or unlink. A StagedFile destroyed before
// finish() removes its file. Throws std::runtime_error as stage_file does. One writer at a time.
//   kg::output::StagedFile f("out/graph.jsonld");
//   write_jsonld(graph, f.sink());  std::string tmp = f.finish();  ::rename(tmp, ...);
class StagedFile {
public:
    explicit StagedFile(const std::filesystem::path& path);
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    ~StagedFile();
    TextSink& sink() { return *sink_; }
    std::string finish();

private:
    std::filesystem::path path_;
    std::string tmp_;
    int fd_ = -1;
    std::unique_ptr<TextSink> sink_;
};

}  // namespace kg::output
