#include "lib/report/site_chart.h"

#include "lib/report/site_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace crt::site {

namespace {

// The drawing's own units; the SVG scales to the width of the page.
constexpr double k_width = 640;
constexpr double k_height = 300;
constexpr double k_left = 48;
constexpr double k_right = 44; // half a label: the last bar's is centred under it
constexpr double k_top = 12;
constexpr double k_bottom = 44;
constexpr double k_label_width = 88; // room one bar label needs, with a gap
constexpr const char* k_ink = "#1a1a1a";

// A fill colour and a pattern drawn over it in a second colour.
struct Style {
    const char* fill;
    const char* ink;
    const char* pattern; // SVG drawn on an 8 x 8 tile; empty for solid
};
constexpr std::array<Style, 6> k_styles = {{
    {"#1b7837", "", ""},                                                        // solid
    {"#a6dba0", "#1b5e20", "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\"/>"}, // diagonal
    {"#92c5de", "#08306b",
     "<circle cx=\"2\" cy=\"2\" r=\"1.4\"/><circle cx=\"6\" cy=\"6\" r=\"1.4\"/>"},
    {"#f4f4f4", "#4d4d4d", "<path d=\"M0,2 h8 M0,6 h8\"/>"},      // horizontal lines
    {"#d0d0d0", "#333333", "<path d=\"M0,0 l8,8 M8,0 l-8,8\"/>"}, // crossed
    {"#c2a5cf", "#40004b", "<path d=\"M2,0 v8 M6,0 v8\"/>"},      // vertical lines
}};

std::string number(double value) {
    return fmt::format("{:.1f}", value);
}

// A round step for the value axis: 1, 2 or 5 times a power of ten, so that
// at most five steps reach `top`.
long long axis_step(long long top) {
    long long step = 1;
    while (true) {
        for (long long factor : {1, 2, 5}) {
            if (top <= step * factor * 5) {
                return step * factor;
            }
        }
        step *= 10;
    }
}

void write_patterns(std::ostream& out, const StackedBars& chart) {
    out << "<defs>";
    for (std::size_t i = 0; i < k_styles.size(); ++i) {
        const Style& style = k_styles[i];
        out << "<pattern id=\"" << chart.id << "-p" << i
            << "\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
            << "<rect width=\"8\" height=\"8\" fill=\"" << style.fill << "\"/>";
        if (*style.pattern != '\0') {
            out << "<g fill=\"" << style.ink << "\" stroke=\"" << style.ink
                << "\" stroke-width=\"1.2\">" << style.pattern << "</g>";
        }
        out << "</pattern>";
    }
    out << "</defs>\n";
}

void write_key(std::ostream& out, const StackedBars& chart) {
    out << "<figcaption>Key, from the bottom of each bar:\n<ul class=\"legend\">\n";
    for (const auto& series : chart.series) {
        out << "<li><svg class=\"swatch\" width=\"28\" height=\"18\" viewBox=\"0 0 28 18\" "
               "aria-hidden=\"true\" focusable=\"false\"><rect x=\"0.5\" y=\"0.5\" width=\"27\" "
               "height=\"17\" fill=\"url(#"
            << chart.id << "-p" << series.style << ")\" stroke=\"" << k_ink << "\"/></svg>"
            << escape(series.label) << "</li>\n";
    }
    out << "</ul>\nThe table that follows gives every figure.</figcaption>\n";
}

} // namespace

bool has_marks(const StackedBars& chart) {
    for (const auto& bar : chart.counts) {
        for (long long count : bar) {
            if (count > 0) {
                return true;
            }
        }
    }
    return false;
}

void write_chart(std::ostream& out, const StackedBars& chart) {
    long long top = 1;
    for (const auto& bar : chart.counts) {
        long long total = 0;
        for (long long count : bar) {
            total += std::max(count, 0LL);
        }
        top = std::max(top, total);
    }
    long long step = axis_step(top);
    long long axis_top = (top + step - 1) / step * step;
    double plot_width = k_width - k_left - k_right;
    double plot_height = k_height - k_top - k_bottom;
    double base = k_top + plot_height;
    auto y_of = [&](long long value) {
        return base - plot_height * static_cast<double>(value) / static_cast<double>(axis_top);
    };

    out << "<figure class=\"chart\">\n<svg class=\"chart\" viewBox=\"0 0 " << k_width << " "
        << k_height << "\" role=\"img\" aria-labelledby=\"" << chart.id << "-title " << chart.id
        << "-desc\">\n<title id=\"" << chart.id << "-title\">" << escape(chart.title)
        << "</title>\n<desc id=\"" << chart.id << "-desc\">" << escape(chart.description)
        << "</desc>\n";
    write_patterns(out, chart);
    out << "<g class=\"axis\" stroke=\"#767676\" stroke-width=\"1\">";
    for (long long value = 0; value <= axis_top; value += step) {
        out << "<line x1=\"" << number(k_left) << "\" x2=\"" << number(k_width - k_right)
            << "\" y1=\"" << number(y_of(value)) << "\" y2=\"" << number(y_of(value)) << "\"/>";
    }
    out << "</g>\n<g class=\"ticks\" text-anchor=\"end\">";
    for (long long value = 0; value <= axis_top; value += step) {
        out << "<text x=\"" << number(k_left - 6) << "\" y=\"" << number(y_of(value) + 4) << "\">"
            << value << "</text>";
    }
    out << "</g>\n";

    std::size_t n = std::max<std::size_t>(chart.bars.size(), 1);
    double slot = plot_width / static_cast<double>(n);
    double bar_width = std::min(slot * 0.7, 72.0);
    out << "<g class=\"bars\" stroke=\"" << k_ink << "\" stroke-width=\"1\">";
    for (std::size_t b = 0; b < chart.bars.size() && b < chart.counts.size(); ++b) {
        double x = k_left + slot * static_cast<double>(b) + (slot - bar_width) / 2;
        long long below = 0;
        for (std::size_t s = 0; s < chart.series.size() && s < chart.counts[b].size(); ++s) {
            long long count = chart.counts[b][s];
            if (count <= 0) {
                continue;
            }
            double y = y_of(below + count);
            out << "<rect class=\"mark\" x=\"" << number(x) << "\" y=\"" << number(y)
                << "\" width=\"" << number(bar_width) << "\" height=\"" << number(y_of(below) - y)
                << "\" fill=\"url(#" << chart.id << "-p" << chart.series[s].style << ")\"/>";
            below += count;
        }
    }
    out << "</g>\n";

    // Labels under the bars: the last (the latest day) and every k-th before
    // it, k as large as labels need to fit.
    auto every = static_cast<std::size_t>(std::max(1.0, k_label_width / slot + 0.999));
    out << "<g class=\"labels\" text-anchor=\"middle\">";
    for (std::size_t b = 0; b < chart.bars.size(); ++b) {
        if ((chart.bars.size() - 1 - b) % every != 0) {
            continue;
        }
        double x = k_left + slot * (static_cast<double>(b) + 0.5);
        out << "<text x=\"" << number(x) << "\" y=\"" << number(base + 20) << "\">"
            << escape(chart.bars[b]) << "</text>";
    }
    out << "</g>\n</svg>\n";
    write_key(out, chart);
    out << "</figure>\n";
}

} // namespace crt::site
