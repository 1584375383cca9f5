#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import UnitParser

/// `[Install]` of a generated service, turned into the symlinks
/// `systemctl enable` would make (generated units cannot be enabled).
struct InstallLinks {
    let service: UnitFile

    /// One link to make: `path` relative to the output directory, pointing at `target`.
    struct Link: Sendable, Equatable {
        var path: String
        var target: String
    }

    static let dependencyDirectories = [("WantedBy", ".wants"), ("RequiredBy", ".requires"), ("UpheldBy", ".upholds")]

    /// Link paths relative to the output directory.
    var linkPaths: [String] {
        guard service.hasGroup("Install") else { return [] }
        var links = service.lookupAllStrv("Alias", in: "Install").map(Paths.clean)
        var target = service.filename
        let (base, instance, isTemplate) = service.templateParts
        if isTemplate && instance.isEmpty {
            // A bare template installs only through DefaultInstance=.
            if let defaultInstance = service.lookup("DefaultInstance", in: "Install") {
                target = base + "@" + defaultInstance + UnitFile.fileExtension(of: service.filename)
            } else {
                target = ""
            }
        }
        if !target.isEmpty {
            for (key, suffix) in Self.dependencyDirectories {
                for unit in service.lookupAllStrv(key, in: "Install") where unit.firstIndex(ofByte: UInt8(ascii: "/")) == nil {
                    links.append(unit + suffix + "/" + target)
                }
            }
        }
        return links
    }

    /// The links with their relative targets; links that would leave the
    /// output directory are reported and left out.
    func plan(report: (String) -> Void) -> [Link] {
        var result: [Link] = []
        for link in linkPaths {
            // The link's directory is below the output directory, which holds the service.
            let components = Paths.directory(of: link).split(byte: UInt8(ascii: "/"), omittingEmpty: true).filter { $0 != "." }
            if Paths.isAbsolute(link) || components.contains("..") {
                report("Can't create symlink \(link): it must stay inside the generator's output directory")
                continue
            }
            result.append(Link(path: link, target: String(repeating: "../", count: components.count) + service.filename))
        }
        return result
    }

    /// Makes `link` under `directory` (and its parent directories when
    /// missing); why it failed, or nil.
    static func make(_ link: Link, in directory: OpenDirectory) -> String? {
        do throws(FileSystem.Failure) {
            do throws(FileSystem.Failure) {
                try directory.symlink(link.target, at: link.path)
            } catch where error.code == ENOENT {
                try FileSystem.makeDirectories(directory.path + "/" + Paths.directory(of: link.path))
                try directory.symlink(link.target, at: link.path)
            }
            return nil
        } catch {
            return "Can't create symlink \(directory.path)/\(link.path): \(error)"
        }
    }

    /// Finishes links made by `make` on several threads: when two services
    /// asked for the same link the later one wins, as if they were made one
    /// by one, so that one is made again. Reports failures in order.
    static func settle(_ made: [(link: Link, failure: String?)], in directory: OpenDirectory,
                       report: (String) -> Void, debug: ((String) -> Void)?) {
        var last: [String: (index: Int, count: Int)] = [:]
        for (index, entry) in made.enumerated() {
            last[entry.link.path] = (index, (last[entry.link.path]?.count ?? 0) + 1)
        }
        for (index, entry) in made.enumerated() {
            guard let winner = last[entry.link.path], winner.index == index else { continue }
            debug?("Creating symlink \(directory.path)/\(entry.link.path) -> \(entry.link.target)")
            let failure = winner.count > 1 ? make(entry.link, in: directory) : entry.failure
            if let failure { report(failure) }
        }
    }
}
