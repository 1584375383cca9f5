import Foundation
import Generator
import Testing

/// The packaged generator leaves /etc/containers/systemd to Podman's while
/// that one is installed and not masked.
@Suite("Podman's generator alongside")
struct PodmanGeneratorTests {
    let root = NSTemporaryDirectory() + "berth-podman-gen-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    func place(_ path: String, linkTo target: String? = nil) throws {
        let full = root + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if let target {
            try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
        } else {
            try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: full))
        }
    }

    @Test("installed: the packaged names step aside; masked in /etc: they convert; berth-generator by hand always converts")
    func stepAside() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let system = "/usr/lib/systemd/system-generators/berth-system-generator"
        #expect(PodmanGenerator.activeInstead(ofProgram: system, isUser: false, root: root) == nil, "no Podman: Berth converts")
        try place("/usr/lib/systemd/system-generators/podman-system-generator")
        #expect(PodmanGenerator.activeInstead(ofProgram: system, isUser: false, root: root) == "/usr/lib/systemd/system-generators/podman-system-generator")
        #expect(PodmanGenerator.activeInstead(ofProgram: "/usr/libexec/berth/berth-generator", isUser: false, root: root) == nil)
        #expect(PodmanGenerator.activeInstead(ofProgram: "/usr/lib/systemd/user-generators/berth-user-generator", isUser: true, root: root) == nil,
                "the user generator looks for Podman's user generator")
        try place("/etc/systemd/system-generators/podman-system-generator", linkTo: "/dev/null")
        #expect(PodmanGenerator.activeInstead(ofProgram: system, isUser: false, root: root) == nil, "masked")
    }
}
