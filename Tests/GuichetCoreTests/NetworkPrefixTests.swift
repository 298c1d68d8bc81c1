import GuichetCore
import Testing

@Suite struct NetworkPrefixTests {
    @Test(arguments: [
        ("203.0.113.57", "203.0.113.0/24"),
        ("10.0.0.1", "10.0.0.0/24"),
        ("::ffff:198.51.100.7", "198.51.100.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("2001:0db8:00ab:ffff:0:0:0:1", "2001:db8:ab::/48"),
        ("::1", "0:0:0::/48"),
        ("fe80::1%eth0", "fe80:0:0::/48"),
    ])
    func addressesGroupByNetwork(address: String, prefix: String) {
        #expect(NetworkPrefix.of(address) == prefix)
    }

    @Test(arguments: [
        "", "localhost", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "2001:db8::1::2", "12345::", ":::",
    ])
    func nonsenseIsNotANetwork(address: String) {
        #expect(NetworkPrefix.of(address) == nil)
    }
}
