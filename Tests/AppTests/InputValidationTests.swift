import Foundation
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Bad input gets a clear 4xx in the JSON error shape, never a 500, and takes no seat.
    @Suite struct InputValidationTests {
        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let body: String
            let status: UInt
            let code: String
            var testDescription: String { name }
        }

        /// A valid request with some applicant fields replaced: `(#"birthDate"#, #""2026-02-30""#)`.
        static func body(
            _ key: String = "", _ value: String = "", slot: String = "SLOT",
            procedure: String = "\"first-application\""
        ) -> String {
            var fields: [(String, String)] = [
                ("familyName", "\"Diallo\""), ("givenNames", "\"Aïssatou\""),
                ("birthDate", "\"1995-06-30\""), ("nationality", "\"SEN\""),
                ("email", "\"aissatou@example.org\""),
            ]
            if let index = fields.firstIndex(where: { $0.0 == key }) {
                fields[index].1 = value
            } else if !key.isEmpty {
                fields.append((key, value))
            }
            let applicant = fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
            return #"{"procedure": \#(procedure), "slotId": \#(slot), "applicant": {\#(applicant)}}"#
        }

        static let cases: [Case] = [
            Case(name: "malformed JSON", body: "{\"procedure\": ", status: 400, code: "validation_failed"),
            Case(name: "not an object", body: "[1,2,3]", status: 400, code: "validation_failed"),
            Case(name: "slotId as string", body: body(slot: "\"twelve\""), status: 400, code: "validation_failed"),
            Case(name: "procedure as number", body: body(procedure: "7"), status: 400, code: "validation_failed"),
            Case(
                name: "missing applicant", body: #"{"procedure":"first-application","slotId":1}"#, status: 400,
                code: "validation_failed"),
            Case(
                name: "impossible date", body: body("birthDate", #""2026-02-30""#), status: 400,
                code: "validation_failed"),
            Case(
                name: "birth date in the future", body: body("birthDate", #""2031-01-01""#), status: 400,
                code: "validation_failed"),
            Case(
                name: "date in another format", body: body("birthDate", #""30/06/1995""#), status: 400,
                code: "validation_failed"),
            Case(
                name: "unknown nationality", body: body("nationality", #""XYZ""#), status: 400,
                code: "validation_failed"),
            Case(name: "bad email", body: body("email", #""not-an-email""#), status: 400, code: "validation_failed"),
            Case(
                name: "bad foreign number", body: body("foreignNumber", #""12345""#), status: 400,
                code: "validation_failed"),
            Case(
                name: "bad permit expiry", body: body("permitExpiry", #""2027-13-01""#), status: 400,
                code: "validation_failed"),
            Case(name: "placeholder name", body: body("familyName", #""xxx""#), status: 422, code: "invalid_name"),
            Case(name: "digits in name", body: body("familyName", #""Diallo2""#), status: 422, code: "invalid_name"),
            Case(name: "single letter name", body: body("familyName", #""D""#), status: 422, code: "invalid_name"),
            Case(name: "missing family name", body: body("familyName", #""""#), status: 400, code: "validation_failed"),
            Case(name: "null family name", body: body("familyName", "null"), status: 400, code: "validation_failed"),
            Case(
                name: "birth date as number", body: body("birthDate", "19950630"), status: 400,
                code: "validation_failed"),
            Case(name: "empty body", body: "", status: 400, code: "validation_failed"),
            Case(name: "unknown procedure", body: body(procedure: "\"nope\""), status: 404, code: "not_found"),
        ]

        @Test(arguments: cases)
        func badHoldRequestsAreExplained(_ testCase: Case) async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(Data(testCase.body.replacingOccurrences(of: "SLOT", with: "\(slot.id!)").utf8))
                    },
                    afterResponse: { res in
                        #expect(res.status.code == testCase.status, "\(res.body.string)")
                        #expect(res.errorCode == testCase.code)
                        let error = res.json["error"] as? [String: Any]
                        #expect((error?["message"] as? String)?.isEmpty == false)
                    })
                let after = try #require(try await Slot.find(slot.id!, on: app.db))
                #expect(after.taken == 0)
            }
        }

        @Test func fieldErrorsNameTheField() async throws {
            try await withGuichetApp { app in
                let slot = try await Fixture.slot(app)
                try await app.testing().test(
                    .POST, "/api/v1/appointments", headers: ["Accept-Language": "en"],
                    beforeRequest: { req in
                        req.json(
                            Data(
                                Self.body("birthDate", #""2026-02-30""#).replacingOccurrences(
                                    of: "SLOT", with: "\(slot.id!)"
                                ).utf8))
                    },
                    afterResponse: { res in
                        let error = try #require(res.json["error"] as? [String: Any])
                        #expect(error["field"] as? String == "applicant.birthDate")
                        #expect((error["message"] as? String)?.contains("YYYY-MM-DD") == true)
                    })
            }
        }

        @Test func oversizedBodyIs413() async throws {
            try await withGuichetApp(demo: false) { app in
                let big = Data(("{\"procedure\":\"" + String(repeating: "a", count: 70_000) + "\"}").utf8)
                try await app.testing(method: .running(port: 0)).test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.json(big)
                    },
                    afterResponse: { res in
                        #expect(res.status == .payloadTooLarge)
                        #expect(res.errorCode == "payload_too_large")
                    })
            }
        }

        @Test func wrongContentTypeIs415() async throws {
            try await withGuichetApp(demo: false) { app in
                try await app.testing().test(
                    .POST, "/api/v1/appointments",
                    beforeRequest: { req in
                        req.headers.contentType = .plainText
                        req.body = .init(string: "hello")
                    },
                    afterResponse: { res in
                        #expect(res.status == .unsupportedMediaType)
                        #expect(res.errorCode == "unsupported_media_type")
                    })
            }
        }

        @Test func confirmCodeMustBeSixDigits() async throws {
            try await withGuichetApp(demo: false) { app in
                for code in ["12345", "abcdef", "1234567", "١٢٣٤٥٦"] {
                    try await app.testing().test(
                        .POST, "/api/v1/appointments/\(UUID().uuidString)/confirm",
                        beforeRequest: { req in
                            req.json(Data(#"{"code":"\#(code)"}"#.utf8))
                        },
                        afterResponse: { res in
                            #expect(res.status == .badRequest)
                            #expect(res.errorCode == "validation_failed")
                        })
                }
            }
        }

        @Test func unknownRoutesAnswerJSON404() async throws {
            try await withGuichetApp(demo: false) { app in
                try await app.testing().test(.GET, "/api/v1/nothing-here") { res in
                    #expect(res.status == .notFound)
                    #expect(res.errorCode == "not_found")
                }
            }
        }
    }
}
