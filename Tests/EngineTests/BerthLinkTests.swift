import Foundation
import Testing

/// Package.swift links SQLite and libstdc++ into `berth` statically through
/// Sources/berth/static-link/, symlinks to fixed system paths. When a link
/// dangles (another gcc version, no libsqlite3-dev) the linker silently
/// takes the shared library instead; this says so.
@Suite("Engine: how the berth executable is linked",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.which("readelf") != nil, "needs the built berth binary and readelf"))
struct BerthLinkTests {
    @Test("berth needs no shared SQLite or libstdc++ (Sources/berth/static-link/ resolves)")
    func staticLibraries() throws {
        let dynamic = try EngineTestSupport.run(EngineTestSupport.which("readelf")!, ["-d", EngineTestSupport.berth!])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty, "readelf lists berth's shared libraries")
        for library in ["libsqlite3", "libstdc++"] {
            #expect(!needed.contains { $0.contains(library) }, "\(library) linked dynamically: a link in Sources/berth/static-link/ dangles")
        }
    }
}
