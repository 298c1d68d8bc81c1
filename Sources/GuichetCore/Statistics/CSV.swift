/// RFC 4180 text: every field quoted, quotes doubled, lines ended by CRLF.
///
/// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, so such a field (a name typed by
/// anyone on the public form) gets a leading `'`, which they show as text. Numbers are written by the caller
/// without a sign, so none is ever altered.
public enum CSV {
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(line).joined()
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
