import Foundation
import GuichetCore
import Testing

@Suite struct SuspicionSignalTests {
    @Test func ipv4AddressesKeepTheirSlash24() {
        #expect(NetworkPrefix.of("203.0.113.97") == "203.0.113.0/24")
        #expect(NetworkPrefix.of(" 10.1.2.3 ") == "10.1.2.0/24")
        #expect(NetworkPrefix.of("::ffff:198.51.100.7") == "198.51.100.0/24")
        #expect(NetworkPrefix.of("256.1.1.1") == nil)
        #expect(NetworkPrefix.of("1.2.3") == nil)
    }

    @Test func ipv6AddressesKeepTheirSlash48() {
        #expect(NetworkPrefix.of("2001:db8:1:2::5") == "2001:db8:1::/48")
        #expect(NetworkPrefix.of("2001:0DB8:0001:ffff:0:0:0:1") == "2001:db8:1::/48")
        #expect(NetworkPrefix.of("[2001:db8:abcd::1]") == "2001:db8:abcd::/48")
        #expect(NetworkPrefix.of("fe80::1%eth0") == "fe80:0:0::/48")
        #expect(NetworkPrefix.of("::1") == "0:0:0::/48")
        #expect(NetworkPrefix.of("2001:db8::1::2") == nil)
        #expect(NetworkPrefix.of("2001:db8:1:2:3:4:5:6:7") == nil)
        #expect(NetworkPrefix.of("not an address") == nil)
        #expect(NetworkPrefix.of("") == nil)
    }

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
