import Foundation

/// A small bar chart of one figure over consecutive weeks, as inline SVG: no script, font or image fetched.
///
/// One series per chart and its value written above every bar, so nothing depends on telling colours apart;
/// the page's table holds the same numbers.
public struct WeeklyBarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        /// Under the bar: the week, short ("30 nov.").
        public let label: String
        /// Nil: nothing to show that week (no bar, `text` written on the axis).
        public let value: Double?
        /// Above the bar: the value as people read it ("12", "4,5", "83 %"), or a dash.
        public let text: String

        public init(label: String, value: Double?, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    /// Unique on the page: the ids of the title and description derive from it.
    public let id: String
    public let title: String
    /// Read by screen readers after the title: the figures in words.
    public let summary: String
    public let bars: [Bar]
    /// The top of the scale (100 for a percentage); by default the largest value.
    public let scaleMax: Double?

    public init(id: String, title: String, summary: String, bars: [Bar], scaleMax: Double? = nil) {
        self.id = id
        self.title = title
        self.summary = summary
        self.bars = bars
        self.scaleMax = scaleMax
    }

    static let height = 180.0
    static let top = 24.0
    static let bottom = 148.0
    static let left = 8.0
    static let slot = 56.0

    public func svg() -> String {
        let width = Self.left * 2 + Self.slot * Double(max(1, bars.count))
        let largest = scaleMax ?? bars.compactMap(\.value).max() ?? 0
        let scale = largest > 0 ? largest : 1
        var body =
            "<line x1=\"\(Self.format(Self.left))\" y1=\"\(Self.format(Self.bottom))\" "
            + "x2=\"\(Self.format(width - Self.left))\" y2=\"\(Self.format(Self.bottom))\" stroke=\"#3a3a3a\" stroke-width=\"1\"/>\n"
        for (index, bar) in bars.enumerated() {
            let centre = Self.left + Self.slot * (Double(index) + 0.5)
            var textY = Self.bottom - 6
            if let value = bar.value {
                let heightOfBar = (Self.bottom - Self.top) * min(1, max(0, value / scale))
                let y = Self.bottom - heightOfBar
                if heightOfBar > 0 {
                    body +=
                        "<rect x=\"\(Self.format(centre - 16))\" y=\"\(Self.format(y))\" width=\"32\" "
                        + "height=\"\(Self.format(heightOfBar))\" fill=\"#000091\"/>\n"
                }
                textY = y - 6
            }
            body +=
                "<text x=\"\(Self.format(centre))\" y=\"\(Self.format(textY))\" text-anchor=\"middle\" "
                + "fill=\"#161616\">\(Self.escape(bar.text))</text>\n"
            body +=
                "<text x=\"\(Self.format(centre))\" y=\"\(Self.format(Self.bottom + 18))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#3a3a3a\">\(Self.escape(bar.label))</text>\n"
        }
        let w = Int(width.rounded(.up))
        let h = Int(Self.height)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" font-family="system-ui, sans-serif" font-size="12">
            <title id="\(id)-title">\(Self.escape(title))</title>
            <desc id="\(id)-desc">\(Self.escape(summary))</desc>
            \(body)</svg>
            """
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
