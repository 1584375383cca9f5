import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth login`/`logout` against the TLS + htpasswd registry: Podman's
/// auth.json, which podman itself then reads.
@Suite("Engine: login and logout", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct RegistryLoginTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("login writes Podman's auth.json, which podman and a later pull use; logout removes the entry")
    func loginLogout() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let store = TestStore("reg-login")
        let authFile = store.dir + "/auth/auth.json"

        let wrong = try store.berth("login", "--authfile", authFile, "--cert-dir", registry.certDirectory,
                                    "-u", registry.user, "-p", "wrong", registry.tls)
        #expect(wrong.status == 125)
        #expect(wrong.stderr == "Error: logging into \"\(registry.tls)\": invalid username/password\n")
        #expect(!FileSystem.exists(authFile))

        let login = try store.berth(["login", "--authfile", authFile, "--cert-dir", registry.certDirectory,
                                     "-u", registry.user, "--password-stdin", registry.tls], stdin: Data((registry.password + "\n").utf8))
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout == "Login Succeeded!\n")
        let written = try JSONSerialization.jsonObject(with: FileSystem.readFile(authFile)) as? [String: Any]
        let auths = written?["auths"] as? [String: Any]
        let entry = auths?[registry.tls] as? [String: Any]
        #expect(entry?["auth"] as? String == Data("\(registry.user):\(registry.password)".utf8).base64EncodedString())
        var st = stat()
        stat(authFile, &st)
        #expect(st.st_mode & 0o777 == 0o600)

        #expect(try store.berth("login", "--authfile", authFile, "--get-login", registry.tls).stdout == registry.user + "\n")
        if let podman = EngineTestSupport.which("podman") {
            let theirs = try EngineTestSupport.run(podman, ["login", "--authfile", authFile, "--get-login", registry.tls])
            #expect(theirs.stdout == registry.user + "\n", "\(theirs.stderr)")
        }

        let logout = try store.berth("logout", "--authfile", authFile, registry.tls)
        #expect(logout.status == 0)
        #expect(logout.stdout == "Removed login credentials for \(registry.tls)\n")
        let again = try store.berth("logout", "--authfile", authFile, registry.tls)
        #expect(again.status == 125)
        #expect(again.stderr == "Error: not logged into \(registry.tls)\n")
        let getLogin = try store.berth("login", "--authfile", authFile, "--get-login", registry.tls)
        #expect(getLogin.status == 125)
    }

    @Test("a pull uses the credentials login stored (--authfile and REGISTRY_AUTH_FILE)")
    func pullWithStoredLogin() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/private:1")
        try registry.push("docker-archive:" + archive, to: "private:1")
        try registry.copyToTLS("private:1")

        let store = TestStore("reg-authpull")
        let authFile = store.dir + "/auth.json"
        let login = try store.berth("login", "--authfile", authFile, "--cert-dir", registry.certDirectory,
                                    "-u", registry.user, "-p", registry.password, registry.tls)
        #expect(login.status == 0, "\(login.stderr)")
        let pulled = try store.berth("pull", "-q", "--authfile", authFile, "--cert-dir", registry.certDirectory, "\(registry.tls)/private:1")
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")

        let logoutAll = try store.berth("logout", "--authfile", authFile, "--all")
        #expect(logoutAll.stdout == "Removed login credentials for all registries\n")
        let denied = try store.berth("pull", "-q", "--authfile", authFile, "--cert-dir", registry.certDirectory, "--policy", "always", "\(registry.tls)/private:1")
        #expect(denied.status == 125)
        #expect(denied.stderr.contains("unauthorized: authentication required"), "\(denied.stderr)")
    }
}
