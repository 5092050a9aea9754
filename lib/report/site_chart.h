// The charts of the published site: stacked bars as inline SVG, each with
// a text alternative and a key. Every part of a bar has a pattern as well as
// a colour and a dark outline, so no figure is told by colour alone; the
// page shows the same figures in a table.
#pragma once

#include "lib/report/site_html.h"

#include <string>
#include <vector>

namespace crt::site {

// One stacked part of every bar: its name in the key, and one of the six
// fill styles (a colour with its own pattern), 0 to 5.
struct Series {
    std::string label;
    int style = 0;
};

struct StackedBars {
    std::string id;                             // unique in its page; prefixes the ids inside
    std::string title;                          // the chart's name (plain text)
    std::string description;                    // what it shows, in words (plain text)
    std::vector<std::string> bars;              // the label under each bar
    std::vector<Series> series;                 // bottom part first
    std::vector<std::vector<long long>> counts; // [bar][series]
};

// True when some bar has a part to draw: a chart without one is not drawn.
bool has_marks(const StackedBars& chart);

// A <figure>: the SVG (role img, named by its title and description), then
// the key. The parts of one series are one <path class="mark">.
void write_chart(Html& out, const StackedBars& chart);

} // namespace crt::site
