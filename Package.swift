// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "guichet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "guichet", targets: ["guichet"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // The event loops as Swift concurrency's executor, in the executable (issue 13.3).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        // Page and mail snapshots in the tests (issue 14.5).
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.0"),
    ],
    targets: [
        .target(
            name: "GuichetCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        // A small QR encoder (byte mode, level M) rendering SVG, for convocations and attestations.
        .target(name: "QRCode", swiftSettings: swiftSettings),
        .target(
            name: "App",
            dependencies: [
                "GuichetCore",
                "QRCode",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                // STARTTLS and smtps:// in the SMTP transport.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // GET /metrics (issue 11.6): a registry of our own, in the application's services.
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [
                .copy("Resources")
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "guichet",
            dependencies: [
                "App",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GuichetCoreTests",
            dependencies: ["GuichetCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ]
)
