import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Quadlet `.build` units under a real systemd: the generated oneshot runs
/// `berth build`, and a `.container` with `Image=x.build` waits for it and
/// runs what it built.
@Suite("System: .build units", .enabled(if: SystemTestSupport.canBoot, SystemTestSupport.reason))
struct BuildUnitTests {
    static let shared = SharedBox.make("build")

    @Test("a .container with Image=app.build starts after app-build.service built the image, and runs it")
    func buildThenRun() throws {
        let box = try BuildUnitTests.shared.get()
        let context = box.root + "/srv/app"
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        try Data("""
            FROM \(SharedBox.image)
            ARG MSG=default
            COPY greeting.txt /greeting.txt
            RUN echo "$MSG" > /msg.txt
            CMD ["sh", "-c", "cat /greeting.txt /msg.txt"]

            """.utf8).write(to: URL(fileURLWithPath: context + "/Containerfile"))
        try Data("built by a unit\n".utf8).write(to: URL(fileURLWithPath: context + "/greeting.txt"))
        try box.writeQuadlet("app.build", """
            [Build]
            ImageTag=localhost/unit-built:latest
            File=/srv/app/Containerfile
            SetWorkingDirectory=file
            BuildArg=MSG=from-buildarg
            """)
        try box.writeQuadlet("app.container", """
            [Container]
            Image=app.build
            Network=none
            """)
        try box.reload()
        let started = try box.exec("systemctl", "start", "app.service")
        #expect(started.status == 0, "\(started.stderr)\n\((try? box.journal(["-u", "app-build.service"])) ?? "")")
        #expect(try box.property("app-build.service", "Result") == "success")
        let journal = try box.journal(["-u", "app.service"], until: "from-buildarg")
        #expect(journal.contains("built by a unit"), "\(journal)")
        #expect(journal.contains("from-buildarg"))
        let built = try box.journal(["-u", "app-build.service"])
        #expect(built.contains("STEP 1/5: FROM \(SharedBox.image)"), "\(built)")
        #expect(built.contains("Successfully tagged localhost/unit-built:latest"))
        #expect(try box.berth("image", "exists", "localhost/unit-built:latest").status == 0)
        _ = try box.exec("systemctl", "stop", "app.service")
    }
}
