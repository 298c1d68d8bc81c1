import Foundation
import GuichetCore
import Vapor

/// `guichet verify-draw FILE|URL`: recomputes a published draw from its document alone (the seed against its
/// commitment, then the allocation) and says whether it matches. Exits non-zero when it does not.
struct VerifyDrawCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "document", help: "A draw document: a JSON file, or the URL of GET /api/v1/draws/{id}.")
        var document: String
    }

    var help: String { "Recomputes a published draw from its document and says whether it matches." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let data: Data
        if signature.document.hasPrefix("http://") || signature.document.hasPrefix("https://") {
            let response = try await context.application.client.get(URI(string: signature.document))
            guard response.status == .ok, let body = response.body else {
                throw VerifyDrawError("could not fetch the document: HTTP \(response.status.code)")
            }
            data = Data(buffer: body)
        } else {
            guard let contents = FileManager.default.contents(atPath: signature.document) else {
                throw VerifyDrawError("no such file: \(signature.document)")
            }
            data = contents
        }
        let document: DrawDocument
        do {
            document = try JSONDecoder().decode(DrawDocument.self, from: data)
        } catch {
            throw VerifyDrawError("not a draw document: \(error)")
        }
        let report = DrawVerifier.verify(document)
        if report.matches {
            context.console.print(
                "Draw \(document.id) matches: \(document.allocations.count) seats allocated to "
                    + "\(document.requests.count) requests, as the seed committed to by \(document.commitment) gives.")
        } else {
            context.console.error("Draw \(document.id) does NOT match its document:")
            for problem in report.problems { context.console.error("- \(problem)") }
            throw VerifyDrawError("verification failed")
        }
    }
}

struct VerifyDrawError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
