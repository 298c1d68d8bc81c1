import Foundation
import GuichetCore
import Testing

@Suite struct DrawDocumentTests {
    @Test func aPublishedDocumentSurvivesJSON() throws {
        let document = DrawFixture.document()
        let json = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(DrawDocument.self, from: json) == document)
    }

    @Test func timesArePublishedAsParisISOStrings() throws {
        let json = try JSONEncoder().encode(DrawFixture.document())
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["opensAt"] as? String == "2026-11-16T09:00:00+01:00")
        #expect(object["closesAt"] as? String == "2026-11-23T09:00:00+01:00")
        let seats = try #require(object["seats"] as? [[String: Any]])
        #expect(seats.first?["start"] as? String == "2026-12-01T09:00:00+01:00")
        #expect(seats.first?["slotID"] as? Int == 12)
        let requests = try #require(object["requests"] as? [[String: Any]])
        #expect(requests.last?["unavailableWeekdays"] as? [String] == [])
        #expect(requests[1]["unavailableWeekdays"] as? [String] == ["wednesday"])
        #expect(object["seed"] as? String == Hex.encode(DrawFixture.seed))
    }

    @Test func anOpenWindowPublishesTheCommitmentAndANullSeed() throws {
        let open = DrawDocument(
            id: "draw-open", procedure: "renewal",
            opensAt: DrawFixture.instant("2026-11-16", minute: 540),
            closesAt: DrawFixture.instant("2026-11-23", minute: 540),
            commitment: Draw.commitment(seed: DrawFixture.seed), seats: DrawFixture.seats)
        let json = try JSONEncoder().encode(open)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["seed"] is NSNull)
        #expect((object["requests"] as? [Any])?.isEmpty == true)
        #expect(try JSONDecoder().decode(DrawDocument.self, from: json) == open)
    }

    @Test func aTimeWithoutAnOffsetIsRefused() throws {
        let json = try JSONEncoder().encode(DrawFixture.document())
        let text = String(decoding: json, as: UTF8.self)
            .replacingOccurrences(of: "2026-11-16T09:00:00+01:00", with: "2026-11-16T09:00:00")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DrawDocument.self, from: Data(text.utf8)) }
    }
}

@Suite struct DrawDocumentKindTests {
    @Test func aDocumentPublishedBeforeLotteriesReadsAsADraw() throws {
        let old =
            #"{"id":"renewal-2026-11-30","procedure":"renewal","opensAt":"2026-11-30T00:00:00+01:00","closesAt":"2026-12-07T00:00:00+01:00","commitment":"ab","seed":null,"requests":[],"seats":[],"allocations":[]}"#
        let document = try JSONDecoder().decode(DrawDocument.self, from: Data(old.utf8))
        #expect(document.kind == .draw)
        let lottery = DrawDocument(
            id: "x", kind: .releaseLottery, procedure: "p", opensAt: Date(timeIntervalSince1970: 0),
            closesAt: Date(timeIntervalSince1970: 1800), commitment: "ab", seats: [])
        let json = try JSONEncoder().encode(lottery)
        #expect(String(decoding: json, as: UTF8.self).contains("\"release-lottery\""))
        #expect(try JSONDecoder().decode(DrawDocument.self, from: json).kind == .releaseLottery)
    }
}
