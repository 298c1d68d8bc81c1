extension QRCode {
    /// Renders the symbol as a self-contained SVG document.
    ///
    /// Dark modules are drawn as a single `<path>` on a white background that
    /// includes the 4-module quiet zone. Coordinates are in module units
    /// (`viewBox`), and `width`/`height` are `moduleSize` pixels per module.
    /// When `title` is given it is emitted as `<title>` and referenced by
    /// `aria-labelledby`, with `role="img"`.
    public func svg(moduleSize: Int = 4, title: String? = nil) -> String {
        let scale = max(1, moduleSize)
        let quiet = QRCode.quietZone
        let extent = size + 2 * quiet
        let pixels = extent * scale

        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while column < size && isDark(row: row, column: column) { column += 1 }
                let length = column - start
                path += "M\(start + quiet) \(row + quiet)h\(length)v1h-\(length)z"
            }
        }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
        svg += " width=\"\(pixels)\" height=\"\(pixels)\" viewBox=\"0 0 \(extent) \(extent)\""
        svg += " shape-rendering=\"crispEdges\" role=\"img\""
        if title != nil { svg += " aria-labelledby=\"qr-title\"" }
        svg += ">"
        if let title {
            svg += "<title id=\"qr-title\">\(QRCode.escapeXML(title))</title>"
        }
        svg += "<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"#ffffff\"/>"
        svg += "<path fill=\"#000000\" d=\"\(path)\"/>"
        svg += "</svg>"
        return svg
    }

    /// Renders the symbol, with its quiet zone, as a binary PGM (P5) image:
    /// 8-bit grey, 0 for dark modules and 255 for light ones.
    public func pgm(moduleSize: Int = 4) -> [UInt8] {
        let scale = max(1, moduleSize)
        let quiet = QRCode.quietZone
        let pixels = (size + 2 * quiet) * scale
        var bytes = Array("P5\n\(pixels) \(pixels)\n255\n".utf8)
        bytes.reserveCapacity(bytes.count + pixels * pixels)
        for y in 0..<pixels {
            let row = y / scale - quiet
            for x in 0..<pixels {
                let column = x / scale - quiet
                bytes.append(isDark(row: row, column: column) ? 0 : 255)
            }
        }
        return bytes
    }

    static func escapeXML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
