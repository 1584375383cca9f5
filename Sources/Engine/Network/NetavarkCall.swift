#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One `netavark setup|teardown` call, started and then waited for, so a
/// start can let netavark work while it prepares the rest of the container.
/// The netavark lock is held from start to wait; its input and output go
/// through unlinked files (nothing to drain while it runs).
final class NetavarkCall {
    let verb: String
    let containerID: String
    private var pid: pid_t
    private var output: Int32
    private var errors: Int32
    private var lock: NetavarkLock?

    /// Starts netavark on `options` in the namespace at `namespacePath`.
    init(_ verb: String, _ options: NetavarkOptions, in namespacePath: String, configDirectory: String) throws {
        self.verb = verb
        containerID = options.containerID
        let input = try JSONCoding.encoder(pretty: false).encode(options)
        try FileSystem.makeDirectories(configDirectory)
        let base = configDirectory + "/" + options.containerID + "." + verb
        let inputFd = try Self.unlinkedFile(base + ".json", contents: input)
        defer { close(inputFd) }
        output = try Self.unlinkedFile(base + ".out", contents: Data())
        do { errors = try Self.unlinkedFile(base + ".err", contents: Data()) } catch {
            close(output)
            throw error
        }
        let argv = [try NetworkAttachment.helper("netavark"), "--config", configDirectory, "--rootless", "false",
                    "--aardvark-binary", try NetworkAttachment.helper("aardvark-dns"), verb, namespacePath]
        do {
            lock = try NetavarkLock(configDirectory: configDirectory)
            pid = try ChildProcess.spawn(argv, fds: [(inputFd, 0), (output, 1), (errors, 2)])
        } catch {
            close(output)
            close(errors)
            lock?.release()
            throw error
        }
    }

    deinit {
        if pid > 0 { _ = ChildProcess.wait(pid) }
        if output >= 0 { close(output) }
        if errors >= 0 { close(errors) }
        lock?.release()
    }

    /// Waits for netavark; setup's status, nil for teardown.
    func wait() throws -> [String: NetavarkStatus]? {
        let status = ChildProcess.wait(pid)
        pid = 0
        lock?.release()
        lock = nil
        defer { close(output); close(errors); output = -1; errors = -1 }
        lseek(output, 0, SEEK_SET)
        lseek(errors, 0, SEEK_SET)
        let text = try FileSystem.readAll(output, path: "netavark \(verb) output")
        guard status == 0 else {
            let stderr = String(decoding: try FileSystem.readAll(errors, path: "netavark \(verb) errors"), as: UTF8.self)
            let message = NetworkAttachment.errorMessage(text.isEmpty ? stderr : String(decoding: text, as: UTF8.self))
            throw EngineError(.system, "netavark \(verb) for container \(containerID): \(message)")
        }
        guard verb == "setup" else { return nil }
        do { return try JSONDecoder().decode([String: NetavarkStatus].self, from: text) } catch {
            throw EngineError(.system, "netavark setup for container \(containerID) printed no status: \(error)")
        }
    }

    private static func unlinkedFile(_ path: String, contents: Data) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw EngineError.system("cannot create \(path)", errno) }
        unlink(path)
        do {
            try contents.withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: path) }
            lseek(fd, 0, SEEK_SET)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }
}
