import Foundation

extension ParisTime {
    /// Reads an instant published as `ParisTime.iso8601` text. Published documents use that form rather than
    /// `JSONEncoder`'s date strategies, which depend on how the encoder was configured and default to seconds since
    /// 2001, a number nobody checking a draw by hand could read.
    static func decodeInstant<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws
        -> Date
    {
        let text = try container.decode(String.self, forKey: key)
        guard let instant = parseISO8601(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "Not an ISO 8601 instant with an offset: '\(text)'")
        }
        return instant
    }
}
