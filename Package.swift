// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth-generator", targets: ["berth-generator"]),
        .executable(name: "berth", targets: ["berth"]),
        .executable(name: "conmon-swift", targets: ["conmon-swift"]),
        .library(name: "UnitParser", targets: ["UnitParser"]),
        .library(name: "Generator", targets: ["Generator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // systemd unit-file syntax; FoundationEssentials at most.
        .target(name: "UnitParser"),
        // Quadlet conversion; never links the engine.
        .target(name: "Generator", dependencies: ["UnitParser"]),
        .executableTarget(
            name: "berth-generator",
            dependencies: ["Generator"],
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),

        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // curl.h's constants and types for the registry client; its module
        // map links nothing: CShim's engine_curl.c dlopens libcurl.so.4.
        // No pkgConfig: its `-lcurl -L/usr/lib/...` would land on berth's link
        // line, making libcurl (and, ahead of static-link/, libsqlite3) NEEDED.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CShim"),

        // Go text/template for `--format`: no dependencies beyond libc.
        .target(name: "GoTemplate"),
        // The engine: the domain library (containers, images, storage, state,
        // runtime, volumes), no command-line parsing.
        .target(
            name: "Engine",
            dependencies: [
                "CShim",
                "GoTemplate",
                "CCurl",
                // Quadlet file names and syntax for `berth quadlet install/list`.
                "Generator",
                "UnitParser",
                // Compose files for `berth quadlet convert`.
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // The engine's commands, one folder per noun, on Engine's operations.
        .target(
            name: "BerthCLI",
            dependencies: [
                "Engine",
                "GoTemplate",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Static Swift runtime: each berth call is a short process, and
        // loading the shared runtime and Foundation dominated its start-up.
        // SQLite and libstdc++ are linked statically too (static-link/ holds
        // only their .a files, so -lsqlite3 and -lstdc++ find them before
        // the .so; the last -lstdc++ serves ICU, linked after the first):
        // fewer libraries and symbol relocations at every start. libsystemd,
        // libarchive and libcurl are dlopen'ed by the verbs that use them.
        .executableTarget(
            name: "berth",
            dependencies: ["BerthCLI"],
            exclude: ["static-link"],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "-lCoreFoundation", "-Xlinker", "-l_FoundationICU",
                                           "-Xlinker", "-l_FoundationCShims", "-Xlinker", "-l_FoundationCollections",
                                           "-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic",
                                           "-Xclang-linker", "-L" + Context.packageDirectory + "/Sources/berth/static-link",
                                           "-Xlinker", "-lstdc++"])]
        ),

        // The per-container monitor: no Foundation, no engine.
        // Embedded Swift (no runtime, no Foundation): whole-module is required;
        // -D_GNU_SOURCE for the libc declarations imported through CShim.
        // libsystemd is dlopen'ed only for `-l journald` (see cshim_monitor.h).
        .executableTarget(
            name: "conmon-swift",
            dependencies: ["CShim"],
            swiftSettings: [.enableExperimentalFeature("Embedded"), .unsafeFlags(["-wmo", "-Xcc", "-D_GNU_SOURCE"])]
        ),

        .testTarget(name: "UnitParserTests", dependencies: ["UnitParser"]),
        .testTarget(name: "GeneratorTests", dependencies: ["Generator", "UnitParser"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "BerthCLI", "GoTemplate", "CArchive"]),
        // Every command line the generator writes parses with berth's parser.
        .testTarget(name: "ContractTests", dependencies: ["Generator", "UnitParser", "BerthCLI"]),
        .testTarget(name: "MonitorTests", dependencies: ["CShim"]),
        // Berth under a real systemd in sdbox (needs the built executables).
        .testTarget(name: "SystemTests"),
    ]
)
