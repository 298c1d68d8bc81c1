/// The kinds of attachment an urgent request accepts, recognised from the bytes, never from the name or the
/// browser's declared type (both are whatever the sender says).
public enum UploadedFileKind: String, Sendable, CaseIterable {
    case pdf, jpeg, png

    /// 5 MB per file, as the form says.
    public static let maxBytes = 5 * 1024 * 1024
    public static let maxFiles = 3

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }

    /// The kind whose signature starts `bytes`, or nil. A PDF must also end with its `%%EOF` marker near the end,
    /// so a text file that merely starts with "%PDF-" is not taken for one.
    public static func detect(_ bytes: some Collection<UInt8>) -> UploadedFileKind? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("%PDF-".utf8)) {
            let tail = Array(bytes.suffix(1024))
            let marker = Array("%%EOF".utf8)
            guard tail.count >= marker.count else { return nil }
            for start in 0...(tail.count - marker.count) where Array(tail[start..<start + marker.count]) == marker {
                return .pdf
            }
        }
        return nil
    }
}
