import Foundation
import GuichetCore
import Testing

@Suite struct SuspicionSignalTests {
    // NetworkPrefix (the /24 or /48 of a client) is tested in NetworkPrefixTests.

    @Test func emailPatternsReplaceDigitRunsAndFoldLikeTheDuplicateKey() {
        #expect(EmailPattern.of("Karim.B12@Example.org") == "karim.b#@example.org")
        #expect(EmailPattern.of("rdv.pref01@gmail.com") == "rdvpref#@gmail.com")
        #expect(EmailPattern.of("rdvpref17+x@googlemail.com") == "rdvpref#@gmail.com")
        #expect(EmailPattern.of("a1b22c333@example.org") == "a#b#c#@example.org")
        // no digits: the address itself is the key; too little left: no pattern
        #expect(EmailPattern.of("karima.benali@example.org") == nil)
        #expect(EmailPattern.of("0612345678@gmail.com") == nil)
        #expect(EmailPattern.of("ab12@example.org") == nil)
    }

    @Test func userAgentsAreKeptAsAShortDigest() {
        let digest = UserAgentDigest.of("Mozilla/5.0 (X11; Linux x86_64)")
        #expect(digest?.count == 16)
        #expect(digest == UserAgentDigest.of(" Mozilla/5.0 (X11; Linux x86_64) "))
        #expect(digest != UserAgentDigest.of("python-requests/2.31"))
        #expect(UserAgentDigest.of(nil) == nil && UserAgentDigest.of("  ") == nil)
    }

    @Test func subjectsReadBackFromTheirText() {
        let subject = SuspicionSubject(.appointment, "0b7c1e9a-1111-4222-8333-944455556666")
        #expect(SuspicionSubject(subject.description) == subject)
        #expect(SuspicionSubject("request:R-ABC")?.kind == .request)
        #expect(SuspicionSubject("slot:1") == nil && SuspicionSubject("request:") == nil)
    }
}
