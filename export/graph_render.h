// Renderer: DOT text drawn in-process by Graphviz's gvc as SVG, PNG or PDF.
//
// Owns: the choice of layout engine (dot) and of renderer for each format (the core SVG
// writer; cairo with Pango for PNG and PDF, which shapes Arabic right to left and draws
// Devanagari with the fonts named by dot_writer).
// Input: DOT text, as to_dot writes it. Output: the bytes of the image.
//   std::string svg = kg::output::render(kg::output::to_dot(graph, options), ImageFormat::Svg);
//   kg::output::write_file_atomically("lavrov.svg", svg);
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kg::output {

enum class ImageFormat { Svg, Png, Pdf };

// "svg", "png" or "pdf"; nullopt for anything else. Never throws.
std::optional<ImageFormat> image_format_from_name(std::string_view name);

// Lays `dot` out with the dot engine and returns the image's bytes: the same DOT always gives
// the same SVG bytes. Throws std::runtime_error "render: ..." when the DOT does not parse
// (with Graphviz's words: "render: the DOT text does not parse: syntax error in line 1"), the
// layout fails, or Graphviz has no renderer for the format (PNG and PDF need its cairo plugin,
// Debian's libgvc6). Thread-safe (calls into Graphviz are serialized).
std::string render(const std::string& dot, ImageFormat format);

}  // namespace kg::output
