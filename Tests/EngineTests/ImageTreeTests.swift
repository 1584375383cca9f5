import Foundation
import Testing
@testable import Engine
@testable import BerthCLI

@Suite("Images: image tree", .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and Debian's busybox-static"))
struct ImageTreeTests {
    @Test("image tree prints Podman's header and one branch per layer, the top one naming its image")
    func tree() throws {
        let store = TestStore("tree")
        let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tar, "localhost/busybox:latest").status == 0)
        let id = try store.berth("images", "--format", "{{.ID}}").out
        let r = try store.berth("image", "tree", "localhost/busybox")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 7)
        #expect(lines[0] == "Image ID: " + id)
        #expect(lines[1] == "Tags:     [localhost/busybox:latest]")
        #expect(lines[2].hasPrefix("Size:     "))
        #expect(lines[3] == "Image Layers")
        #expect(lines[4].hasPrefix("└── ID: "))
        #expect(lines[4].hasSuffix(" Top Layer of: [localhost/busybox:latest]"))
        #expect(lines[5] == "" && lines[6] == "", "a blank line closes the tree, as in Podman")

        let refused = try store.berth("image", "tree", "--whatrequires", "localhost/busybox")
        #expect(refused.status == 125)
        #expect(refused.stderr.hasPrefix("Error: --whatrequires is not supported yet"))
    }

    @Test("sizes read as Go's units.HumanSize", arguments: [(Int64(0), "0B"), (1_997_312, "1.997MB"), (999, "999B"), (1_500, "1.5kB")])
    func size(_ bytes: Int64, _ text: String) {
        #expect(ImageTreeCommand.size(bytes) == text)
    }
}
