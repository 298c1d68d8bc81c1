import Crypto
import Foundation
import Vapor

/// Entity tags for answers kept in memory (availability, the public files): a quoted digest of the bytes, so equal
/// answers carry equal tags on every node.
enum EntityTag {
    static func of(_ bytes: some DataProtocol) -> String {
        "\"" + SHA256.hash(data: bytes).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// Whether the request's `If-None-Match` names `tag` (or `*`), weak or strong.
    static func matches(_ request: Request, _ tag: String) -> Bool {
        request.headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }.contains {
            let sent = $0.trimmingCharacters(in: .whitespaces)
            return sent == tag || sent == "W/" + tag || sent == "*"
        }
    }
}
