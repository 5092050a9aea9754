#include "lib/report/site_chart.h"

#include <algorithm>
#include <array>

namespace crt::site {

namespace {

// The drawing's own units, whole numbers; the SVG scales to the page.
constexpr long k_width = 640;
constexpr long k_height = 300;
constexpr long k_left = 48;
constexpr long k_right = 44; // half a label: the last bar's is centred under it
constexpr long k_top = 12;
constexpr long k_bottom = 44;
constexpr long k_label_width = 88; // room one bar label needs, with a gap
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
     "<circle cx=\"2\" cy=\"2\" r=\"1.4\"/><circle cx=\"6\" cy=\"6\" r=\"1.4\"/>"}, // dots
    {"#f4f4f4", "#4d4d4d", "<path d=\"M0,2 h8 M0,6 h8\"/>"},                        // horizontal
    {"#d0d0d0", "#333333", "<path d=\"M0,0 l8,8 M8,0 l-8,8\"/>"},                   // crossed
    {"#c2a5cf", "#40004b", "<path d=\"M2,0 v8 M6,0 v8\"/>"},                        // vertical
}};

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

void write_patterns(Html& out, const StackedBars& chart) {
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

void write_key(Html& out, const StackedBars& chart) {
    out << "<figcaption>Key, from the bottom of each bar:\n<ul class=\"legend\">\n";
    for (const auto& series : chart.series) {
        out << "<li><svg class=\"swatch\" viewBox=\"0 0 28 18\" aria-hidden=\"true\"><rect "
               "width=\"28\" height=\"18\" fill=\"url(#"
            << chart.id << "-p" << series.style << ")\"/></svg>" << escaped(series.label)
            << "</li>\n";
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

void write_chart(Html& out, const StackedBars& chart) {
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
    const long plot_width = k_width - k_left - k_right;
    const long plot_height = k_height - k_top - k_bottom;
    const long base = k_top + plot_height;
    // Heights are rounded at each boundary, so the parts of a bar meet.
    auto y_of = [&](long long value) {
        return base - static_cast<long>((plot_height * value * 2 + axis_top) / (axis_top * 2));
    };

    out << "<figure class=\"chart\">\n<svg class=\"chart\" viewBox=\"0 0 " << k_width << ' '
        << k_height << "\" role=\"img\" aria-labelledby=\"" << chart.id << "-title " << chart.id
        << "-desc\">\n<title id=\"" << chart.id << "-title\">" << escaped(chart.title)
        << "</title>\n<desc id=\"" << chart.id << "-desc\">" << escaped(chart.description)
        << "</desc>\n";
    write_patterns(out, chart);
    out << "<path class=\"grid\" fill=\"none\" stroke=\"#767676\" d=\"";
    for (long long value = 0; value <= axis_top; value += step) {
        out << 'M' << k_left << ',' << y_of(value) << 'H' << (k_width - k_right);
    }
    out << "\"/>\n<g class=\"ticks\" text-anchor=\"end\">";
    for (long long value = 0; value <= axis_top; value += step) {
        out << "<text x=\"" << (k_left - 6) << "\" y=\"" << (y_of(value) + 4) << "\">" << value
            << "</text>";
    }
    out << "</g>\n";

    // Bar b spans [x_of(b), x_of(b + 1)); the bar is its middle 70%.
    auto n = static_cast<long>(std::max<std::size_t>(chart.bars.size(), 1));
    auto x_of = [&](long b) { return k_left + plot_width * b / n; };
    long bar_width = std::clamp(plot_width * 7 / (10 * n), 1L, 72L);
    out << "<g class=\"bars\" stroke=\"" << k_ink << "\" stroke-width=\"1\">";
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
        bool any = false;
        std::vector<long long> below(chart.counts.size(), 0);
        for (std::size_t b = 0; b < chart.counts.size() && b < chart.bars.size(); ++b) {
            for (std::size_t k = 0; k < s && k < chart.counts[b].size(); ++k) {
                below[b] += std::max(chart.counts[b][k], 0LL);
            }
            long long count = s < chart.counts[b].size() ? chart.counts[b][s] : 0;
            if (count <= 0) {
                continue;
            }
            if (!any) {
                out << "<path class=\"mark\" fill=\"url(#" << chart.id << "-p"
                    << chart.series[s].style << ")\" d=\"";
                any = true;
            }
            auto bar = static_cast<long>(b);
            long x = (x_of(bar) + x_of(bar + 1) - bar_width) / 2;
            long y = y_of(below[b] + count);
            out << 'M' << x << ',' << y << 'h' << bar_width << 'v' << (y_of(below[b]) - y) << 'h'
                << -bar_width << 'z';
        }
        if (any) {
            out << "\"/>";
        }
    }
    out << "</g>\n";

    // Labels under the bars: the last (the latest day) and every k-th before
    // it, k as large as labels need to fit.
    long slot = std::max(1L, plot_width / n);
    auto every = static_cast<std::size_t>((k_label_width + slot - 1) / slot);
    out << "<g class=\"labels\" text-anchor=\"middle\">";
    for (std::size_t b = 0; b < chart.bars.size(); ++b) {
        if ((chart.bars.size() - 1 - b) % every != 0) {
            continue;
        }
        auto bar = static_cast<long>(b);
        out << "<text x=\"" << (x_of(bar) + x_of(bar + 1)) / 2 << "\" y=\"" << (base + 20) << "\">"
            << escaped(chart.bars[b]) << "</text>";
    }
    out << "</g>\n</svg>\n";
    write_key(out, chart);
    out << "</figure>\n";
}

} // namespace crt::site
