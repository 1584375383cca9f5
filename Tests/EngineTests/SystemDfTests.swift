import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("system df: space used by images, containers and volumes", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct SystemDfTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    /// Table rows with runs of spaces made one.
    static func rows(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
    }

    @Test("summary: totals, active ones, sizes and what removing unused ones frees; -v lists each; --format picks fields")
    func summary() throws {
        let store = try ContainerTestSupport.store("system-df")
        let empty = try store.berth("system", "df")
        #expect(empty.status == 0, "\(empty.stderr)")
        let imageSize = try #require(Self.rows(empty.stdout).first { $0.hasPrefix("Images ") }?.split(separator: " ")[3])
        #expect(Self.rows(empty.stdout) == ["TYPE TOTAL ACTIVE SIZE RECLAIMABLE",
                                            "Images 1 0 \(imageSize) \(imageSize) (100%)",
                                            "Containers 0 0 0B 0B (0%)",
                                            "Local Volumes 0 0 0B 0B (0%)"])

        #expect(try store.berth("volume", "create", "data").status == 0)
        let wrote = try store.berth("run", "--name", "writer", "--network", "none", "-v", "data:/data", "localhost/busybox", "sh", "-c",
                                    "head -c 1000000 /dev/zero > /big && head -c 2000000 /dev/zero > /data/f")
        #expect(wrote.status == 0, "\(wrote.stderr)")
        #expect(try store.berth("run", "-d", "--name", "runner", "--network", "none", "localhost/busybox", "sleep", "1000").status == 0)

        let rows = Self.rows(try store.berth("system", "df").stdout)
        #expect(rows[1] == "Images 1 1 \(imageSize) 0B (0%)")
        #expect(rows[2] == "Containers 2 1 1MB 1MB (100%)", "\(rows)")
        #expect(rows[3] == "Local Volumes 1 1 2MB 0B (0%)", "\(rows)")

        let verbose = try store.berth("system", "df", "-v")
        #expect(verbose.status == 0, "\(verbose.stderr)")
        let lines = Self.rows(verbose.stdout)
        #expect(lines.contains("Images space usage:"))
        #expect(lines.contains("REPOSITORY TAG IMAGE ID CREATED SIZE SHARED SIZE UNIQUE SIZE CONTAINERS"))
        #expect(lines.contains { $0.hasPrefix("localhost/busybox latest ") && $0.hasSuffix(" 2") }, "\(verbose.stdout)")
        #expect(lines.contains("CONTAINER ID IMAGE COMMAND LOCAL VOLUMES SIZE CREATED STATUS NAMES"))
        #expect(lines.contains { $0.contains(" 1 1MB ") && $0.hasSuffix(" exited writer") }, "\(verbose.stdout)")
        #expect(lines.contains { $0.contains("sleep 1000 0 0B ") && $0.hasSuffix(" running runner") }, "\(verbose.stdout)")
        #expect(lines.contains("VOLUME NAME LINKS SIZE"))
        #expect(lines.contains("data 1 2MB"), "\(verbose.stdout)")

        let formatted = try store.berth("system", "df", "--format", "{{.Type}}={{.Total}}")
        #expect(formatted.stdout == "Images=1\nContainers=2\nLocal Volumes=1\n")
    }

    @Test("container inspect --size: SizeRw is the writable layer's bytes, SizeRootFs the image's and those; without it neither is shown")
    func inspectSize() throws {
        let store = try ContainerTestSupport.store("inspect-size")
        let wrote = try store.berth("run", "--name", "writer", "--network", "none", "localhost/busybox", "sh", "-c",
                                    "head -c 1000000 /dev/zero > /big && ln /big /big2")
        #expect(wrote.status == 0, "\(wrote.stderr)")
        let sized = try store.berth("container", "inspect", "--size", "--format", "{{.SizeRw}} {{.SizeRootFs}}", "writer")
        #expect(sized.status == 0, "\(sized.stderr)")
        let sizes = sized.out.split(separator: " ").compactMap { Int64($0) }
        try #require(sizes.count == 2, "\(sized.out)")
        #expect(sizes[0] >= 1_000_000 && sizes[0] < 1_100_000, "the file once, its hard link not again: \(sizes)")
        let imageSize = try #require(Int64(try store.berth("image", "inspect", "--format", "{{.Size}}", "localhost/busybox").out))
        #expect(sizes[1] == imageSize + sizes[0])

        let plain = try store.berth("container", "inspect", "writer")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("SizeRw") && !plain.stdout.contains("SizeRootFs"))
        let json = try store.berth("container", "inspect", "-s", "writer").stdout
        #expect(json.contains("\"SizeRw\": \(sizes[0])") && json.contains("\"SizeRootFs\": \(sizes[1])"), "\(json)")
    }
}
